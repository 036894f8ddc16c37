/* SPDX-License-Identifier: BSD-2-Clause */
/* text: white space of header values made one line; text made safe for a terminal
   (see text.h). */
#include "text.h"

#include <stdbool.h>
#include <string.h>

#include "utf8.h"

void text_cut(char *s, size_t limit)
{
    if (strlen(s) <= limit)
        return;
    while (limit > 0 && ((unsigned char)s[limit] & 0xc0) == 0x80)
        limit--;
    s[limit] = '\0';
}

char *text_one_line(const char *s, text_controls controls)
{
    strbuf sb = STRBUF_INIT;
    bool space = false;
    for (const unsigned char *p = (const unsigned char *)(s ? s : ""); *p; p++) {
        bool control = *p < 0x20 || *p == 0x7f;
        if (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n' ||
            (control && controls == TEXT_CONTROLS_ARE_SPACE)) {
            space = sb.len > 0;
            continue;
        }
        if (control)
            continue;
        if (space)
            sb_addc(&sb, ' ');
        space = false;
        sb_addc(&sb, (char)*p);
    }
    return sb_detach(&sb);
}

void text_add_visible(strbuf *sb, const char *s)
{
    const unsigned char *p = (const unsigned char *)(s ? s : "");
    for (size_t left = strlen((const char *)p); left;) {
        size_t n = utf8_sequence_len(p, left);
        if (n > 1 && !(p[0] == 0xc2 && p[1] < 0xa0)) { /* a character, not a C1 control */
            sb_add(sb, (const char *)p, n);
            p += n;
            left -= n;
            continue;
        }
        if (*p == '\\')
            sb_adds(sb, "\\\\");
        else if (*p >= 0x20 && *p < 0x7f)
            sb_addc(sb, (char)*p);
        else
            sb_addf(sb, "\\x%02x", *p); /* a C1 control shows as \xc2\x9b */
        p++;
        left--;
    }
}
