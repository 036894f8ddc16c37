/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * applied_tree: marks in the index the messages a local git branch has applied.
 *
 * SYNOPSIS
 *   applied_tree_report rep;
 *   if (!applied_tree_spec_valid(spec)) ... not "REPO:REF" ...
 *   if (applied_tree_scan(ix, "/src/linux:master", &rep, &err) < 0) ...
 *
 * DESCRIPTION
 *   A branch is named "REPO:REF", split at the last colon, neither part empty
 *   (applied_tree_spec_valid). applied_tree_scan() walks the commits of repo's ref that are new since the last
 *   scan of that repository and ref (applied_scan; the index keeps where each scan
 *   ended, under the source "REALPATH:BRANCH") and records for each message it finds an
 *   event "applied" with the detail "TREE BRANCH COMMIT": TREE the repository's
 *   directory name without ".git", BRANCH the ref without "refs/heads/", COMMIT the
 *   40 hex digits. A commit names its messages by the Message-IDs of its Link: and
 *   Message-ID: trailers that the index holds (evidence "link"); one that names none
 *   the index holds is matched by patch-id to the recorded patches of the same diff
 *   (evidence "patch-id"; every copy and version with that id). Each mark is a short
 *   transaction of its own, never one held for the whole walk, so that a milter
 *   recording mail into the same index meanwhile never waits for a scan. rep counts
 *   the commits walked and the messages marked by each kind of evidence (a message
 *   marked again counts again; its event is kept once). Returns 0, or -1 with err: the
 *   marks made stay, and the next scan starts where the last complete one ended.
 */
#ifndef PM_APPLIED_TREE_H
#define PM_APPLIED_TREE_H

#include <stdbool.h>
#include <stddef.h>

#include "pm_index.h"
#include "strbuf.h"

typedef struct applied_tree_report {
    size_t commits;
    size_t by_link;
    size_t by_patch_id;
} applied_tree_report;

bool applied_tree_spec_valid(const char *spec);
int applied_tree_scan(pm_index *ix, const char *spec, applied_tree_report *rep, strbuf *err);

#endif
