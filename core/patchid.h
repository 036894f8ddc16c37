/*
 * patchid: the patch-id of a diff, equal to `git patch-id --stable` on the same text.
 *
 * patchid_compute() reads `text` (a decoded mail body, LF line ends) the way
 * git patch-id (git 2.39) does: it skips everything before the first line starting with
 * "diff ", and reads the diff until git's reader stops (a line that cannot continue the
 * diff, such as the "-- " signature line or other text after the last hunk, a line
 * starting with a 40-digit commit id, or the end of text). It writes 40 lower-case hex
 * digits and a NUL into `hex` and returns 0. It returns -1 when the text holds no diff,
 * and also for the few diffs whose git patch-id libgit2 cannot produce (so no id is
 * better than a wrong one): a diff with a binary file ("GIT binary patch" or "Binary
 * files"), a file section whose "diff " line is not "diff --git a/... b/..." with paths
 * libgit2 prints back as they are (CVS-style "diff -u", no-prefix diffs, raw non-ASCII
 * bytes in paths; git's quoted paths are fine), and a hashed line holding a form feed
 * or vertical tab. The id is computed with libgit2
 * (git_diff_from_buffer, git_diff_patchid); text libgit2's parser rejects or reads
 * differently is first brought into a form it parses to the lines git hashes.
 * Thread-safe (libgit2 is initialised once).
 */
#ifndef PM_PATCHID_H
#define PM_PATCHID_H

#include <stddef.h>

int patchid_compute(const char *text, size_t len, char hex[41]);

#endif
