/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * text: white space of header values made one line; text made safe for a terminal.
 *
 * SYNOPSIS
 *   char *line = text_one_line(value, TEXT_CONTROLS_ARE_SPACE);
 *   text_cut(line, 1024);
 *   free(line);
 *   text_add_visible(&sb, value);
 *
 * DESCRIPTION
 *   text_one_line() returns a malloc'd copy of `s` (NULL gives "") in which every run
 *   of white space is one space and none is left at either end. Space, tab, CR and LF
 *   are white space; the other control characters (0x00-0x1F, 0x7F) are white space
 *   too with TEXT_CONTROLS_ARE_SPACE ("a\x01b" gives "a b"), and are left out with
 *   TEXT_CONTROLS_DROPPED ("a\x01b" gives "ab"). All other bytes are copied as they
 *   are. subject.c has its own rule for titles (no-break and ideographic spaces are
 *   white space too, and it repairs UTF-8), made for its one-pass scanner.
 *
 *   text_cut() shortens s in place to at most `limit` bytes, never inside a UTF-8
 *   sequence (it cuts before the continuation bytes that would be left alone).
 *
 *   text_add_visible() appends `s` (NULL appends nothing) to `sb` with every byte a
 *   terminal could act on written as \xNN: the C0 controls, DEL, the C1 controls
 *   (U+0080-U+009F) and each byte that is not part of well-formed UTF-8; a backslash
 *   is written as \\, so that the output says which bytes were there. Values that
 *   came from mail (Message-IDs, names) go through it before they reach a terminal.
 */
#ifndef PM_TEXT_H
#define PM_TEXT_H

#include "strbuf.h"

/* What text_one_line() makes of a control character other than tab, CR and LF. */
typedef enum text_controls {
    TEXT_CONTROLS_ARE_SPACE,
    TEXT_CONTROLS_DROPPED,
} text_controls;

char *text_one_line(const char *s, text_controls controls);
void text_cut(char *s, size_t limit);
void text_add_visible(strbuf *sb, const char *s);

#endif
