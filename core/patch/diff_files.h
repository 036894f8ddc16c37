/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * diff_files: where the diff is in a mail body, and which files a diff or a
 * diffstat names.
 *
 * SYNOPSIS
 *   diff_span d = diff_find(text, len);
 *   if (d.start < len) diff_files(text + d.start, d.end - d.start, &files);
 *   else diffstat_files(text, d.signature, &files);
 *
 * DESCRIPTION
 *   diff_find(): the diff starts at the first "diff " line, or at a "--- " line
 *   followed by "+++ " and "@@ " (a diff without git's header); it ends at the
 *   signature line "-- " after it, or at the end. start == len when there is none.
 *   signature is the first "-- " line anywhere (or len): where a message without a
 *   diff ends.
 *   diff_files(): the paths a diff touches, from "diff --git a/X b/Y" (split where
 *   the halves are equal when the names hold " b/"), "rename from/to" and the
 *   "---"/"+++" lines; "a/", "b/" and quotes stripped, /dev/null left out, each
 *   path once, in order of first mention.
 *   diffstat_files(): the paths of a diffstat (" path | 12 +-", " path | Bin"), the
 *   new name of a rename ("a => b", "dir/{a => b}/c"), possibly starting with
 *   ".../" as git shortens them; each once.
 *   Both add to the list (paths it holds already are not added again).
 */
#ifndef PM_DIFF_FILES_H
#define PM_DIFF_FILES_H

#include <stddef.h>

#include "string_list.h"

/* Offsets of the diff in text: where it starts and where it ends (the "-- " line). */
typedef struct diff_span {
    size_t start; /* == len when there is no diff */
    size_t end;
    size_t signature; /* start of the "-- " line after the body or diff, or len */
} diff_span;

diff_span diff_find(const char *text, size_t len);
void diff_files(const char *diff, size_t len, string_list *list);
void diffstat_files(const char *text, size_t len, string_list *list);

#endif
