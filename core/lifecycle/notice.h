/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * notice: what a message says became of patches, recognised by the notice's own
 * shape: the notices bots and maintainers' tools send to the list ("applied to this
 * tree", "merged", "removed from -mm"), and a person's verdict lines.
 *
 * SYNOPSIS
 *   notice n;
 *   if (notice_read(&pf, &n)) ... n.kind, n.shape, n.tree, n.branch, n.commits ...
 *   notice_free(&n);
 *
 * DESCRIPTION
 *   notice_read() reads the decoded Subject and body of patch facts (patch_facts.h)
 *   and the Message-ID, and returns true when they hold one of these shapes (the
 *   first that matches, in this order), false otherwise (n is then empty):
 *
 *     shape           what it looks like                                    kind
 *     tip-bot2        subject "[tip: BRANCH] title", "The following commit  applied
 *                     has been merged into the BRANCH branch of tip:" and
 *                     "Commit-ID: SHA" (tree "tip")
 *     mm-commits      "The patch titled" (or "The quilt patch titled"),      applied or
 *                     "Subject: title", then "has been added to the -mm      verdict
 *                     BRANCH branch" (or "-mm tree"): applied to tree "mm";
 *                     or "has been removed from the -mm tree" with the
 *                     subject's reason: [merged BRANCH] applied, [nacked]
 *                     nacked, [to-be-updated] changes-requested, [obsolete]
 *                     obsolete, [withdrawn] withdrawn (another reason: no
 *                     notice)
 *     patchwork-bot   "This series was applied to TREE (BRANCH)" or "This    applied
 *                     patch was applied to ...", then per patch
 *                     "- [v2,1/3] title" and a commit URL
 *     pr-tracker-bot  "The pull request you sent on ..." then "has been     applied
 *                     merged into TREE:" and a commit URL
 *     b4-ty, reply    "Applied" (any case) as the first words of the new     applied
 *                     text (the first line of the body that is not empty,
 *                     or the first after the first quoted block; after
 *                     "Thanks," or "Thank you," and "All" or "Both"), alone
 *                     or followed by "," "." "!" ":" ";", "for ...", "with
 *                     ...", "and pushed" or "to BRANCH" (also "to TREE.git",
 *                     "to TREE tree", "to TREE#BRANCH", "to URL?h=BRANCH",
 *                     "to the BRANCH branch of the TREE tree"); then per
 *                     patch "[k/N] title" and "commit: SHA" or a commit URL.
 *                     b4-ty when the Message-ID is b4's ("...b4-ty@...") or
 *                     a commit is named, reply otherwise
 *     reply (parts)   the same, where the first words name parts: "Patches   applied
 *                     1-4 applied to TREE", "Patch 5 applied", "Applied
 *                     patches 1-2 to BRANCH, thanks!" ("is", "are", "was",
 *                     "were", "has been", "have been" or "now" may come before
 *                     "applied"; parts as "1-4", "5", "1, 2 and 4", "#3");
 *                     each such clause gets its own tree and branch, on the
 *                     same line after ", " "; " ". " or " and " ("Patches 1-4
 *                     applied to the fscrypt tree, patch 5 applied to the
 *                     fsverity tree") and on the lines that follow ("Patch 4
 *                     applied to fixes."); a commit on a line after a clause
 *                     is its own (ranges)
 *     reply (except)  either of the two, with the parts it says were not     applied
 *                     applied: "Applied all but patch 9", "Applied for next
 *                     (leaving patch9 for arm soc)", "except (for) patch 3
 *                     (and 5)", "(without patch 2)", "Patch 9 dropped" (on
 *                     the "Applied" line, or a later one): excepts, and the
 *                     parts named in excluded; on the "Applied" line "all
 *                     but", "except", "leaving", "but not", "apart from",
 *                     "other than" or "minus" without parts make it partial
 *                     too, with none named (read_exceptions in notice.c)
 *     pw-bot          a line "pw-bot: CMD" (netdev; at the start of the     verdict
 *                     line, CMD the rest of it): cr, changes-requested
 *                     -> changes-requested; accept, accepted -> accepted;
 *                     reject, rejected -> rejected; defer, deferred ->
 *                     deferred; au, awaiting-upstream ->
 *                     awaiting-upstream; nap, not-applicable ->
 *                     not-applicable; back in the queue (a verdict
 *                     that replaces an earlier one): new -> new; ur,
 *                     under-review, "under review" -> under-review; nac,
 *                     needs-ack, need-ack, "needs ack" -> needs-ack
 *                     (other commands: no notice)
 *     nacked-by       a "Nacked-by:" trailer line                            verdict
 *
 *   A pw-bot notice also counts its pw-bot lines (verdict_lines, up to 2; an unknown
 *   command's line counts too) and says whether the first stands below the first line
 *   "---" (in_notes).
 *
 *   Quoted lines (first character other than space '>') never count; nor does a
 *   "Applied" later in the text. A commit is a run of 7 to 40 hex digits, lower-cased,
 *   after "commit: ", "Commit-ID: ", "/c/", "/commit/" or "id=" and ended by the end
 *   of the line, white space or one of "/).,;>"; at most NOTICE_MAX_PATCHES are kept.
 *   tree and branch are NULL when not named or not a plain name (1 to 100 of
 *   A-Z a-z 0-9 . _ / + -, not starting with '-' or '.'). patches lists what the
 *   notice names, "[k/N] title" (the counter of the group, "[v2,1/3]" -> "[1/3]"; at most
 *   9 characters) or
 *   "title" without a counter, at most NOTICE_MAX_PATCHES of at most
 *   NOTICE_MAX_TITLE bytes; patch_commits pairs each with the first commit named
 *   after it and before the next one ("" when none is: patchwork-bot's "(no matching
 *   commit)"). Patches and commits are read from the lines after the
 *   opening line of the shape (at most 4 * NOTICE_MAX_PATCHES lines that are not empty,
 *   each of at most 512 bytes). ranges lists the parts a "reply (parts)" names, at most
 *   NOTICE_MAX_RANGES, each with the tree and branch of its own clause (NULL when it
 *   names none) and the first commit named on a later line before the next clause
 *   (NULL when none is); its tree and branch are the notice's too when every range
 *   names the same, NULL otherwise. Every pass is linear in the length of the text.
 */
#ifndef PM_NOTICE_H
#define PM_NOTICE_H

#include <stdbool.h>

#include "patch_facts.h"
#include "string_list.h"

#define NOTICE_MAX_PATCHES 64
#define NOTICE_MAX_TITLE 200

typedef enum notice_kind {
    NOTICE_NONE = 0,
    NOTICE_APPLIED,
    NOTICE_VERDICT,
} notice_kind;

#define NOTICE_MAX_RANGES 16

/* Parts first..last (1 <= first <= last <= NOTICE_MAX_PATCHES) a reply names in one
   clause, with where that clause says they went. */
typedef struct notice_range {
    int first, last;
    char *tree;   /* NULL when not named */
    char *branch; /* NULL when not named */
    char *commit; /* the commit on a line after the clause, NULL when none */
} notice_range;

typedef struct notice {
    notice_kind kind;
    const char *shape;   /* "patchwork-bot", "b4-ty", "reply", "pw-bot", ... (static) */
    const char *verdict; /* for NOTICE_VERDICT: "changes-requested", "accepted",
                            "rejected", "deferred", "awaiting-upstream",
                            "not-applicable", "new", "under-review", "needs-ack",
                            "nacked", "obsolete", "withdrawn" */
    char *tree;
    char *branch;
    string_list commits; /* lower-case hex, 7 to 40 digits */
    string_list patches;
    string_list patch_commits; /* patch_commits.v[i]: the commit the notice gives
                                  patches.v[i] ("" when it gives none) */
    notice_range ranges[NOTICE_MAX_RANGES];
    size_t nranges;
    /* a reply's exceptions: excepts when it says some parts were not applied; excluded
       (bit k - 1 for part k) those it names */
    bool excepts;
    unsigned long long excluded;
    /* for shape "pw-bot": the number of pw-bot lines (counted up to 2: netdev's mailbot
       takes a series' author's only when it is the one), and whether the first stands
       below a line "---" (in patch mail: its notes, which git leaves out) */
    int verdict_lines;
    bool in_notes;
} notice;

bool notice_read(const patch_facts *pf, notice *out);
void notice_free(notice *n);
/* True for the shapes sent by a bot or a tool (all but "reply", "pw-bot" and
   "nacked-by", a person's own words). */
bool notice_is_automated(const notice *n);

#endif
