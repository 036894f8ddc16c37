/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * strbuf: a growable byte string, so that no caller ever sizes a buffer.
 *
 * SYNOPSIS
 *   strbuf sb = STRBUF_INIT;
 *   sb_add(&sb, bytes, len);   sb_adds(&sb, "text");   sb_addf(&sb, "%d", n);
 *   use sb.data (always NUL-terminated, may also hold NULs inside) and sb.len;
 *   sb_free(&sb);
 *
 * DESCRIPTION
 *   The data is always NUL-terminated after sb.len bytes, so it can be passed to
 *   string functions when the content holds no NUL. Allocation failure aborts the
 *   process (xalloc.h): a filter that cannot allocate a few KiB cannot do anything
 *   useful, and the MTA retries the message.
 *   sb_detach() hands the buffer to the caller (free() it); the strbuf is reset.
 *
 * ERRORS
 *   A function that can fail takes `strbuf *err` and, when it fails, leaves its message
 *   there, replacing what err held: the callee overwrites err, so a caller may use one
 *   err for many calls. sb_fail(err, fmt, ...) does that and returns -1, so that
 *   `return sb_fail(err, "%s: too large", path);` reads as it does.
 */
#ifndef PM_STRBUF_H
#define PM_STRBUF_H

#include <stdarg.h>
#include <stddef.h>

typedef struct strbuf {
    char *data;
    size_t len;
    size_t cap;
} strbuf;

#define STRBUF_INIT {NULL, 0, 0}

void sb_init(strbuf *sb);
void sb_free(strbuf *sb);
void sb_reset(strbuf *sb);
void sb_grow(strbuf *sb, size_t extra);
void sb_add(strbuf *sb, const void *bytes, size_t len);
void sb_adds(strbuf *sb, const char *s);
void sb_addf(strbuf *sb, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void sb_vaddf(strbuf *sb, const char *fmt, va_list ap);
void sb_truncate(strbuf *sb, size_t len);
int sb_fail(strbuf *err, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Appends one byte (inline: it is the inner loop of every decoder). */
static inline void sb_addc(strbuf *sb, char c)
{
    if (sb->len + 1 >= sb->cap)
        sb_grow(sb, 1);
    sb->data[sb->len++] = c;
    sb->data[sb->len] = '\0';
}

/* Returns the NUL-terminated buffer (never NULL) and resets sb. */
char *sb_detach(strbuf *sb);
/* Removes trailing spaces, tabs, CR and LF. */
void sb_rtrim(strbuf *sb);

#endif
