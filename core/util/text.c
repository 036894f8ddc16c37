/* SPDX-License-Identifier: BSD-2-Clause */
/* text: white space of header values made one line (see text.h). */
#include "text.h"

#include <stdbool.h>

#include "strbuf.h"

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
