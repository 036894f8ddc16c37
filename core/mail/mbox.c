/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * mbox: the mbox splitter and ">From " unquoting (see mbox.h).
 */
#include "mbox.h"

#include <string.h>

static const char *line_end(const char *p, const char *end)
{
    const char *nl = memchr(p, '\n', (size_t)(end - p));
    return nl ? nl + 1 : end;
}

/* True for a separator line "From SENDER ... HH:MM ..." starting at p. */
static bool is_separator(const char *p, const char *end)
{
    const char *eol = line_end(p, end);
    if (eol - p < 7 || memcmp(p, "From ", 5) != 0 || p[5] == ' ' || p[5] == '\r' || p[5] == '\n')
        return false;
    for (const char *q = p + 5; q + 5 <= eol; q++)
        if (q[2] == ':' && q[0] >= '0' && q[0] <= '9' && q[1] >= '0' && q[1] <= '9' &&
            q[3] >= '0' && q[3] <= '9' && q[4] >= '0' && q[4] <= '9')
            return true;
    return false;
}

static bool is_blank_line(const char *p, const char *eol)
{
    return eol - p == 1 || (eol - p == 2 && p[0] == '\r');
}

static bool is_quoted_from(const char *p, const char *eol)
{
    while (p < eol && *p == '>')
        p++;
    return p + 5 <= eol && !memcmp(p, "From ", 5);
}

bool mbox_next(const char *buf, size_t len, size_t *pos, mbox_span *out)
{
    const char *end = buf + len, *p = buf + *pos;
    if (*pos == 0) {
        const char *q = p;
        while (q < end && is_blank_line(q, line_end(q, end))) /* leading blank lines */
            q = line_end(q, end);
        if (!is_separator(q, end)) {
            if (len == 0)
                return false;
            *out = (mbox_span){.start = 0, .len = len, .from_line = 0};
            for (const char *l = buf; l < end; l = line_end(l, end))
                if (*l == '>' && is_quoted_from(l, line_end(l, end)))
                    out->quoted = true;
            *pos = len;
            return true;
        }
        p = q;
    }
    if (p >= end)
        return false;
    /* p is at a separator line */
    out->from_line = (size_t)(p - buf);
    out->quoted = false;
    p = line_end(p, end);
    out->start = (size_t)(p - buf);
    const char *blank = NULL; /* the line before q, when it is empty */
    const char *q = p;
    while (q < end) {
        const char *eol = line_end(q, end);
        if (blank && is_separator(q, end))
            break;
        if (*q == '>' && is_quoted_from(q, eol))
            out->quoted = true;
        blank = is_blank_line(q, eol) ? q : NULL;
        q = eol;
    }
    const char *msg_end = q < end && blank ? blank : q;
    out->len = (size_t)(msg_end - p);
    *pos = (size_t)(q - buf);
    return true;
}

void mbox_unquote(const char *msg, size_t len, strbuf *out)
{
    const char *end = msg + len;
    sb_grow(out, len);
    for (const char *p = msg; p < end;) {
        const char *eol = line_end(p, end);
        if (*p == '>' && is_quoted_from(p, eol))
            p++;
        sb_add(out, p, (size_t)(eol - p));
        p = eol;
    }
}
