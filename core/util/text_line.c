/* SPDX-License-Identifier: BSD-2-Clause */
/* text_line: walking a text one line at a time (see text_line.h). */
#include "text_line.h"

#include <string.h>
#include <strings.h>

bool next_line(const char *text, size_t len, size_t *pos, line *out)
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

bool line_starts(const line *l, const char *prefix)
{
    size_t n = strlen(prefix);
    return l->len >= n && !memcmp(l->start, prefix, n);
}

bool has_ci(const char *s, size_t n, const char *needle)
{
    size_t m = strlen(needle);
    for (size_t i = 0; i + m <= n; i++)
        if (!strncasecmp(s + i, needle, m))
            return true;
    return false;
}
