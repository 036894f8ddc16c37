/* SPDX-License-Identifier: BSD-2-Clause */
/* mailinfo: the in-body From, scissors lines and dash rules (see mailinfo.h). */
#include "mailinfo.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "rfc2047.h"
#include "text_line.h"
#include "xalloc.h"

/*
 * git mailinfo's scissors line: "-- >8 --", "--- 8< --- cut here ---": a mark (">8",
 * "8<", ">%", "%<") in a perforation of dashes that is at least 8 bytes wide, takes
 * more than a third of the visible line, and is more dashes and marks than gaps.
 */
static bool is_scissors_line(const line *l)
{
    const char *s = l->start, *e = l->start + l->len;
    const char *first = NULL, *last = NULL;
    int scissors = 0, gap = 0, perforation = 0;
    bool in_perforation = false;
    for (const char *c = s; c < e; c++) {
        if (isspace((unsigned char)*c)) {
            if (in_perforation) {
                perforation++;
                gap++;
            }
            continue;
        }
        last = c;
        if (!first)
            first = c;
        if (*c == '-') {
            in_perforation = true;
            perforation++;
            continue;
        }
        if (c + 1 < e && ((c[0] == '>' && (c[1] == '8' || c[1] == '%')) ||
                          ((c[0] == '8' || c[0] == '%') && c[1] == '<'))) {
            in_perforation = true;
            perforation += 2;
            scissors += 2;
            last = ++c;
            continue;
        }
        in_perforation = false;
    }
    long visible = first && last ? (long)(last - first) + 1 : 0;
    return scissors && visible >= 8 && visible < perforation * 3L && gap * 2 < perforation;
}

/* A line of four or more dashes and nothing else, as stable review mails put between
 * their note and the patch ("------------------"); "---" is git's diffstat marker. */
static bool is_dash_rule(const line *l)
{
    size_t n = l->len;
    while (n && isspace((unsigned char)l->start[n - 1]))
        n--;
    if (n < 4)
        return false;
    for (size_t i = 0; i < n; i++)
        if (l->start[i] != '-')
            return false;
    return true;
}

/* The in-body "From:" line starting at pos (after blank lines), or NULL; on success
 * *body_after is set past the in-body header block and the blank line after it. */
static char *in_body_from_at(const char *text, size_t len, size_t pos, size_t *body_after)
{
    line l;
    while (next_line(text, len, &pos, &l)) {
        if (l.len == 0 || (l.len == 1 && l.start[0] == '\r'))
            continue;
        if (l.len > 5 && !strncasecmp(l.start, "From:", 5)) {
            char *raw = xstrndup(l.start + 5, l.len - 5);
            char *decoded = rfc2047_decode(raw);
            free(raw);
            /* skip the other in-body headers and the blank line after them */
            line h;
            while (next_line(text, len, &pos, &h) && h.len)
                ;
            *body_after = pos;
            return decoded;
        }
        return NULL;
    }
    return NULL;
}

/* Non-blank lines of a note that may come before a separator and the in-body From:
 * "6.1-stable review patch.  If anyone has any objections, please let me know." */
#define MAX_PREAMBLE_LINES 5

/*
 * In-body "From:" as git send-email writes it when the sender is not the author: at
 * the top of the body (after blank lines); or right after a scissors line before
 * the diff (git am drops what comes before one); or after a short note ended by a
 * line of dashes, as the stable review series have it.
 */
char *mailinfo_in_body_from(const char *text, size_t len, size_t limit, size_t *body_after)
{
    *body_after = 0;
    char *from = in_body_from_at(text, len, 0, body_after);
    if (from)
        return from;
    size_t pos = 0, nonblank = 0;
    line l;
    while (pos < limit && next_line(text, len, &pos, &l)) {
        if (is_scissors_line(&l) || (nonblank > 0 && nonblank <= MAX_PREAMBLE_LINES && is_dash_rule(&l))) {
            from = in_body_from_at(text, len, pos, body_after);
            if (from)
                return from;
        }
        if (l.len && !(l.len == 1 && l.start[0] == '\r'))
            nonblank++;
    }
    *body_after = 0;
    return NULL;
}

/* git mailinfo's patchbreak() on the line [l, l + n) (n counts its LF, if any). */
static bool is_patch_break(const char *l, size_t n)
{
    if ((n >= 6 && !memcmp(l, "diff -", 6)) || (n >= 7 && !memcmp(l, "Index: ", 7)))
        return true;
    if (n < 4 || memcmp(l, "---", 3))
        return false;
    if (l[3] == ' ' && !isspace((unsigned char)l[4]))
        return true;
    for (size_t i = 3; i < n; i++) {
        if (l[i] == '\n')
            return true;
        if (!isspace((unsigned char)l[i]))
            break;
    }
    return false;
}

size_t mailinfo_patch_start(const char *text, size_t len)
{
    for (size_t pos = 0; pos < len;) {
        const char *lf = memchr(text + pos, '\n', len - pos);
        size_t n = lf ? (size_t)(lf - (text + pos)) + 1 : len - pos;
        if (is_patch_break(text + pos, n))
            return pos;
        pos += n;
    }
    return len;
}
