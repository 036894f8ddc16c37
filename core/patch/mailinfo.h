/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * mailinfo: where a patch mail's body names its author, and where its patch starts, as
 * git mailinfo reads them.
 *
 * SYNOPSIS
 *   size_t body_after;
 *   char *author = mailinfo_in_body_from(text, len, limit, &body_after);
 *   ... author (decoded, as written: "Name <address>"), text + body_after ...
 *   free(author);
 *
 *   size_t patch = mailinfo_patch_start(text, len);   len: no patch
 *
 * DESCRIPTION
 *   The in-body "From:" line git send-email writes when the sender is not the author:
 *   at the top of the body (after blank lines); or right after a scissors line
 *   ("-- >8 --", "--- 8< --- cut here ---": git am drops what comes before one); or
 *   after a note of at most 5 non-blank lines ended by a line of four or more dashes,
 *   as the stable review series write it ("------------------"; "---" is git's
 *   diffstat marker). Only separators before limit (the diff or the signature) count.
 *   Returns the RFC 2047-decoded value, or NULL when there is none; body_after is
 *   then the offset past the in-body header block and the blank line after it (0
 *   when there is none).
 *
 *   mailinfo_patch_start() returns the offset of the first line git mailinfo takes as
 *   the start of the patch (its patchbreak()): a line starting with "diff -" or
 *   "Index: ", "--- " followed by a file name, or "---" followed by white space only;
 *   len when there is none. What comes before is the commit message, whatever it holds
 *   ("diff them and ...", a quoted diff).
 */
#ifndef PM_MAILINFO_H
#define PM_MAILINFO_H

#include <stddef.h>

char *mailinfo_in_body_from(const char *text, size_t len, size_t limit, size_t *body_after);
size_t mailinfo_patch_start(const char *text, size_t len);

#endif
