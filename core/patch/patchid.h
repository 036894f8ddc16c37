/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * patchid: the patch-id of a diff, equal to `git patch-id --stable` on the same text.
 *
 * patchid_compute() reads `text` (a decoded mail body, the bytes as sent) the way
 * git patch-id (git 2.39) does: it skips everything before the first line starting with
 * "diff ", and reads the diff until git's reader stops (a line that cannot continue the
 * diff, such as the "-- " signature line or other text after the last hunk, a line
 * starting with a 40-digit commit id, or the end of text). It writes 40 lower-case hex
 * digits and a NUL into `hex` and returns 0. It returns -1 exactly when git prints no
 * id: the text holds no line starting with "diff " (or text or hex is NULL, or
 * libcrypto has no SHA-1). Every diff shape git ids is covered, binary files,
 * non-git and no-prefix headers and mail-mangled diffs included (see patchid.c).
 * The SHA-1 is libcrypto's (OpenSSL 3 EVP). Thread-safe.
 */
#ifndef PM_PATCHID_H
#define PM_PATCHID_H

#include <stddef.h>

int patchid_compute(const char *text, size_t len, char hex[41]);

#endif
