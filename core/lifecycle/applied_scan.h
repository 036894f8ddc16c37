/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * applied_scan: the commits of a git branch that are new since its last scan, each with
 * what ties it to the mail it was applied from.
 *
 * SYNOPSIS
 *   char tip[APPLIED_HEX_LEN + 1];
 *   int n = applied_scan("/src/linux", "master", last_tip, 0, on_commit, arg, tip, &err);
 *
 * DESCRIPTION
 *   applied_scan() opens the repository at repo_path and walks the commits reachable
 *   from ref (a branch, a tag or any revision git rev-parse takes) that are not
 *   reachable from `since` (the tip an earlier scan returned; NULL, or a commit the
 *   repository no longer has, walks from the start), newest first, at most max_commits
 *   of them (0: APPLIED_SCAN_MAX). For each it calls fn with an applied_commit:
 *     commit      its 40 hex digits;
 *     time        its committer date (UTC seconds);
 *     postings    the Message-IDs its message names in Link: and Message-ID:
 *                 trailers (trailers_posting_msgids);
 *     patch_ids   the patch-id of its diff against its parent, as `git format-patch |
 *                 git patch-id --stable` gives it for the mail, once with renames found
 *                 (git's default) and, when that text differs, once without; none for a
 *                 merge, a root commit or an empty diff.
 *   Reachable from ref is what counts, not being in the object store. fn returns 0 to
 *   go on, anything else to stop the walk (applied_scan returns that value then).
 *   On success tip holds ref's commit (for the next scan's since; it may be the same
 *   buffer as since) and the count of
 *   commits given to fn is returned; -1 with a message in err when the repository or
 *   ref cannot be read. A scan of an unchanged ref reads one commit.
 */
#ifndef PM_APPLIED_SCAN_H
#define PM_APPLIED_SCAN_H

#include <stddef.h>

#include "strbuf.h"
#include "string_list.h"

#define APPLIED_HEX_LEN 40
#define APPLIED_SCAN_MAX 100000

typedef struct applied_commit {
    char commit[APPLIED_HEX_LEN + 1];
    long long time;
    string_list postings;
    char patch_ids[2][APPLIED_HEX_LEN + 1]; /* "" when absent */
} applied_commit;

typedef int applied_commit_fn(void *arg, const applied_commit *c);

int applied_scan(const char *repo_path, const char *ref, const char *since, size_t max_commits,
                 applied_commit_fn *fn, void *arg, char tip[APPLIED_HEX_LEN + 1], strbuf *err);

#endif
