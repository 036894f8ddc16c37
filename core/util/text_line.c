/* SPDX-License-Identifier: BSD-2-Clause */
/* text_line: walking a text one line at a time (see text_line.h; next_line and
   line_starts are inline there). */
#include "text_line.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>

const char *find_ci(const char *s, size_t n, const char *needle)
{
    size_t m = strlen(needle);
    if (!m)
        return s;
    int first = tolower((unsigned char)needle[0]);
    for (size_t i = 0; i + m <= n; i++)
        if (tolower((unsigned char)s[i]) == first && !strncasecmp(s + i, needle, m))
            return s + i;
    return NULL;
}

bool has_ci(const char *s, size_t n, const char *needle)
{
    return find_ci(s, n, needle) != NULL;
}
