/* SPDX-License-Identifier: BSD-2-Clause */
/* text_line: walking a text one line at a time (see text_line.h; next_line and
   line_starts are inline there). */
#include "text_line.h"

#include <string.h>
#include <strings.h>

bool has_ci(const char *s, size_t n, const char *needle)
{
    size_t m = strlen(needle);
    for (size_t i = 0; i + m <= n; i++)
        if (!strncasecmp(s + i, needle, m))
            return true;
    return false;
}
