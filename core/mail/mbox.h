/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * mbox: splitting an mbox (mboxrd or mboxo) held in memory into its messages, and
 * undoing the ">From " quoting. Pure functions over a buffer: no I/O, no allocation
 * except in mbox_unquote's output.
 *
 * SYNOPSIS
 *   size_t pos = 0; mbox_span m;
 *   while (mbox_next(buf, len, &pos, &m)) {
 *       ... buf + m.start, m.len: one message, without its "From " line ...
 *       if (m.quoted) { mbox_unquote(buf + m.start, m.len, &sb); ... }
 *   }
 *
 * DESCRIPTION
 *   A message starts after a separator line: "From " at the start of a line, at the
 *   start of the buffer (after blank lines) or after an empty line, followed by a
 *   sender and a date holding a time "HH:MM" ("From git@z Thu Jan  1 00:00:00 1970").
 *   It ends before the empty line that precedes the next separator, or at the end of
 *   the buffer. A buffer that does not start with a separator is one message, whole.
 *   Line ends may be LF or CRLF. `quoted` says that the message holds a line
 *   ">From ", ">>From ", ...: mbox_unquote() then removes one '>' from each such line
 *   (mboxrd; for mboxo this restores the single level it quoted).
 */
#ifndef PM_MBOX_H
#define PM_MBOX_H

#include <stdbool.h>
#include <stddef.h>

#include "strbuf.h"

typedef struct mbox_span {
    size_t start;     /* offset of the message (just after the separator line) */
    size_t len;
    size_t from_line; /* offset of its separator line; equals start when there is none */
    bool quoted;
} mbox_span;

/* Returns true with the next message from *pos, and advances *pos; false at the end. */
bool mbox_next(const char *buf, size_t len, size_t *pos, mbox_span *out);
/* Appends msg to out with one '>' removed from each line matching ^>+From . */
void mbox_unquote(const char *msg, size_t len, strbuf *out);

#endif
