/* SPDX-License-Identifier: BSD-2-Clause */
/* header_set: the fields we add, made safe to write (see header_set.h). */
#include "header_set.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "rfc2047.h"
#include "strbuf.h"
#include "text.h"
#include "xalloc.h"

/* Longest value we write; with the longest prefix and name the line stays below 998. */
#define MAX_VALUE_BYTES 900

void header_set_add(header_set *hs, const char *name, const char *value)
{
    char *line = text_one_line(value, TEXT_CONTROLS_DROPPED);
    char *encoded = rfc2047_encode(line);
    free(line);
    if (strlen(encoded) > MAX_VALUE_BYTES) {
        /* cut at a word boundary so no encoded word is split */
        size_t cut = MAX_VALUE_BYTES;
        while (cut > 0 && encoded[cut] != ' ')
            cut--;
        encoded[cut ? cut : MAX_VALUE_BYTES] = '\0';
    }
    hs->v = xgrow(hs->v, sizeof *hs->v, hs->n + 1, &hs->cap);
    hs->v[hs->n].name = xstrdup(name);
    hs->v[hs->n].value = encoded;
    hs->n++;
}

void header_set_addf(header_set *hs, const char *name, const char *fmt, ...)
{
    strbuf sb = STRBUF_INIT;
    va_list ap;
    va_start(ap, fmt);
    sb_vaddf(&sb, fmt, ap);
    va_end(ap);
    header_set_add(hs, name, sb.data ? sb.data : "");
    sb_free(&sb);
}

const char *header_set_get(const header_set *hs, const char *name)
{
    for (size_t i = 0; i < hs->n; i++)
        if (!strcasecmp(hs->v[i].name, name))
            return hs->v[i].value;
    return NULL;
}

void header_set_free(header_set *hs)
{
    for (size_t i = 0; i < hs->n; i++) {
        free(hs->v[i].name);
        free(hs->v[i].value);
    }
    free(hs->v);
    memset(hs, 0, sizeof *hs);
}

bool header_name_is_ours(const char *prefix, const char *name, size_t len)
{
    size_t n = strlen(prefix);
    return len >= n && !strncasecmp(name, prefix, n);
}
