/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * text: white space of header values made one line.
 *
 * SYNOPSIS
 *   char *line = text_one_line(value, TEXT_CONTROLS_ARE_SPACE);
 *   free(line);
 *
 * DESCRIPTION
 *   text_one_line() returns a malloc'd copy of `s` (NULL gives "") in which every run
 *   of white space is one space and none is left at either end. Space, tab, CR and LF
 *   are white space; the other control characters (0x00-0x1F, 0x7F) are white space
 *   too with TEXT_CONTROLS_ARE_SPACE ("a\x01b" gives "a b"), and are left out with
 *   TEXT_CONTROLS_DROPPED ("a\x01b" gives "ab"). All other bytes are copied as they
 *   are. subject.c has its own rule for titles (no-break and ideographic spaces are
 *   white space too, and it repairs UTF-8), made for its one-pass scanner.
 */
#ifndef PM_TEXT_H
#define PM_TEXT_H

/* What text_one_line() makes of a control character other than tab, CR and LF. */
typedef enum text_controls {
    TEXT_CONTROLS_ARE_SPACE,
    TEXT_CONTROLS_DROPPED,
} text_controls;

char *text_one_line(const char *s, text_controls controls);

#endif
