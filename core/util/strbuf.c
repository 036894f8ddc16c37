/* SPDX-License-Identifier: BSD-2-Clause */
/* strbuf: growable byte string (see strbuf.h). */
#include "strbuf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xalloc.h"

/* The first allocation of a strbuf: most are header values, addresses, lines and
   Message-IDs, which would otherwise be grown 8, 16, 32, 64 */
#define SB_FIRST_CAP 64

void sb_init(strbuf *sb)
{
    sb->data = NULL;
    sb->len = sb->cap = 0;
}

void sb_free(strbuf *sb)
{
    free(sb->data);
    sb_init(sb);
}

void sb_reset(strbuf *sb)
{
    sb->len = 0;
    if (sb->data)
        sb->data[0] = '\0';
}

void sb_grow(strbuf *sb, size_t extra)
{
    size_t need = sb->len + extra + 1;
    if (!sb->cap && need < SB_FIRST_CAP)
        need = SB_FIRST_CAP;
    sb->data = xgrow(sb->data, 1, need, &sb->cap);
    sb->data[sb->len] = '\0';
}

void sb_add(strbuf *sb, const void *bytes, size_t len)
{
    sb_grow(sb, len);
    if (len)
        memcpy(sb->data + sb->len, bytes, len);
    sb->len += len;
    sb->data[sb->len] = '\0';
}

void sb_adds(strbuf *sb, const char *s)
{
    sb_add(sb, s, strlen(s));
}

void sb_vaddf(strbuf *sb, const char *fmt, va_list ap)
{
    va_list copy;
    va_copy(copy, ap);
    int n = vsnprintf(NULL, 0, fmt, copy);
    va_end(copy);
    if (n <= 0) {
        sb_grow(sb, 0);
        return;
    }
    sb_grow(sb, (size_t)n);
    vsnprintf(sb->data + sb->len, (size_t)n + 1, fmt, ap);
    sb->len += (size_t)n;
}

void sb_addf(strbuf *sb, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    sb_vaddf(sb, fmt, ap);
    va_end(ap);
}

void sb_truncate(strbuf *sb, size_t len)
{
    if (len < sb->len) {
        sb->len = len;
        sb->data[len] = '\0';
    }
}

int sb_fail(strbuf *err, const char *fmt, ...)
{
    sb_reset(err);
    va_list ap;
    va_start(ap, fmt);
    sb_vaddf(err, fmt, ap);
    va_end(ap);
    return -1;
}

char *sb_detach(strbuf *sb)
{
    sb_grow(sb, 0);
    char *p = sb->data;
    sb_init(sb);
    return p;
}

void sb_rtrim(strbuf *sb)
{
    while (sb->len && strchr(" \t\r\n", sb->data[sb->len - 1]))
        sb->len--;
    if (sb->data)
        sb->data[sb->len] = '\0';
}
