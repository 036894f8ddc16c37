/* SPDX-License-Identifier: BSD-2-Clause */
/* json: JSON strings written by hand (see json.h). */
#include "json.h"

#include <string.h>

#include "utf8.h"

/* A C0 control or DEL, escaped: by its short form where JSON has one. */
static void add_control(strbuf *sb, unsigned char c)
{
    switch (c) {
    case '\b': sb_adds(sb, "\\b"); break;
    case '\f': sb_adds(sb, "\\f"); break;
    case '\n': sb_adds(sb, "\\n"); break;
    case '\r': sb_adds(sb, "\\r"); break;
    case '\t': sb_adds(sb, "\\t"); break;
    default: sb_addf(sb, "\\u%04x", c); break;
    }
}

void json_add_string(strbuf *sb, const char *s)
{
    if (!s) {
        sb_adds(sb, "null");
        return;
    }
    sb_addc(sb, '"');
    const unsigned char *p = (const unsigned char *)s;
    for (size_t left = strlen(s); left;) {
        size_t n = utf8_sequence_len(p, left);
        if (n == 0) {
            sb_adds(sb, "\\ufffd");
            n = 1;
        } else if (n == 2 && p[0] == 0xc2 && p[1] < 0xa0) /* a C1 control */
            sb_addf(sb, "\\u%04x", p[1]);
        else if (n > 1)
            sb_add(sb, p, n);
        else if (*p == '"' || *p == '\\') {
            sb_addc(sb, '\\');
            sb_addc(sb, (char)*p);
        } else if (*p >= 0x20 && *p < 0x7f)
            sb_addc(sb, (char)*p);
        else
            add_control(sb, *p);
        p += n;
        left -= n;
    }
    sb_addc(sb, '"');
}
