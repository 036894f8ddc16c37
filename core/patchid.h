/*
 * patchid: the patch-id of a diff, equal to `git patch-id --stable` on the same text.
 *
 * patchid_compute() reads `text` (a decoded mail body, LF line ends) the way
 * git patch-id does: it skips everything before the first line starting with "diff ",
 * and reads the diff until it ends (the "-- " signature line or the end of text).
 * It writes 40 lower-case hex digits and a NUL into `hex` and returns 0, or returns -1
 * when the text holds no diff. The id is computed with libgit2 (git_diff_from_buffer,
 * git_diff_patchid); text libgit2's parser rejects is first brought into the form
 * git itself accepts.
 */
#ifndef PM_PATCHID_H
#define PM_PATCHID_H

#include <stddef.h>

int patchid_compute(const char *text, size_t len, char hex[41]);

#endif
