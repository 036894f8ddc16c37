/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * text_line: walking a text one line at a time, for the readers of a mail body
 * (patch_facts, mailinfo, trailers, diff_files).
 *
 * SYNOPSIS
 *   size_t pos = 0;
 *   line l;
 *   while (next_line(text, len, &pos, &l))
 *       if (line_starts(&l, "diff ")) ...
 *
 * DESCRIPTION
 *   A line is a view [start, start + len) into the text, without its LF (a CR before
 *   it stays). next_line() returns false at the end; pos is the offset of the next
 *   line. find_ci() is where needle first occurs in s[0, n), ignoring ASCII case (NULL:
 *   nowhere); has_ci() says whether it does.
 */
#ifndef PM_TEXT_LINE_H
#define PM_TEXT_LINE_H

#include <stdbool.h>
#include <stddef.h>
#include <string.h>

/* A line of text: [start, end) without its LF. */
typedef struct line {
    const char *start;
    size_t len;
} line;

/* next_line() and line_starts() are inline: they are the inner loop of every reader
   of a body, and a constant prefix then costs no strlen or memcmp call. */
static inline bool next_line(const char *text, size_t len, size_t *pos, line *out)
{
    if (*pos >= len)
        return false;
    const char *nl = memchr(text + *pos, '\n', len - *pos);
    size_t end = nl ? (size_t)(nl - text) : len;
    out->start = text + *pos;
    out->len = end - *pos;
    *pos = nl ? end + 1 : len;
    return true;
}

static inline bool line_starts(const line *l, const char *prefix)
{
    size_t n = strlen(prefix);
    return l->len >= n && !memcmp(l->start, prefix, n);
}

bool has_ci(const char *s, size_t n, const char *needle);
const char *find_ci(const char *s, size_t n, const char *needle);

#endif
