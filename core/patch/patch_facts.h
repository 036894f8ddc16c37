/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * patch_facts: what one message says as patch mail, derived once from the parsed
 * message and used by the index, the header set and the digest.
 *
 * SYNOPSIS
 *   patch_facts pf;
 *   if (!patch_facts_extract(&msg, &budget, &pf)) ... out of time: pf is empty ...
 *   ... pf.kind, pf.subject.version, pf.patch_id, pf.files ...
 *   patch_facts_free(&pf);
 *   if (patch_subject_is_reply(&msg)) ...   no submission: the body need not be read
 *
 * DESCRIPTION
 *   patch_facts_extract() looks at the budget (cpu_budget.h; NULL: no limit) between
 *   its stages, each a linear pass over the text; once it is spent it stops, clears
 *   the facts (kind PATCH_KIND_NONE, every field empty, as for mail that is no patch
 *   mail) and returns false, so a message no stage can finish in time still leaves
 *   the worker soon. True when the facts are complete.
 *   kind: PATCH_KIND_COVER for a counter 0/M; PATCH_KIND_PATCH for a message with a
 *   diff or a patch subject with counter >= 1 (or none); PATCH_KIND_REPLY for a reply
 *   prefix, or a patch subject without a diff on a message that answers another
 *   (In-Reply-To/References) and quotes it ('>' lines); PATCH_KIND_PULL for a pull
 *   request, except that one part of it with a diff ("[PULL 03/12]", qemu) is a
 *   PATCH_KIND_PATCH whose subject gets "PULL" as first tag; PATCH_KIND_NONE otherwise.
 *   patch_kind_is_submission(): patch, cover or pull, the kinds that are recorded
 *   (indexed, annotated, listed in a digest).
 *   patch_facts_extract_reply() is patch_facts_extract() without a budget for a
 *   message whose subject is a reply (patch_subject_is_reply), reading only what a
 *   reply is recorded with: the header's facts, the kind (reply or none) and review;
 *   author is the header From, and body, commit message, trailers, change-id, earlier
 *   versions, files and patch-id are left empty. Any other message gets all its facts.
 *   patch_subject_is_reply(): the Subject, as patch_facts_extract reads it, starts
 *   with a reply or forward prefix ("Re:", "Fwd:", ...; subject.h); such a message is
 *   PATCH_KIND_REPLY or PATCH_KIND_NONE, so no submission, known without its body.
 *   author: body identity: the in-body "From:" line git send-email writes when the
 *   sender is not the author (at the top of the body, after a scissors line, or after
 *   a note of at most 5 lines ended by a line of 4 or more dashes, as stable review
 *   series write it: mailinfo.h), else the header From; "Name <address>" in UTF-8.
 *   files: paths the diff touches (both sides of renames; "a/", "b/" stripped), or
 *   for a cover letter the paths of its diffstat (possibly starting with ".../"):
 *   diff_files.h.
 *   trailers, change_id: the trailer lines of the commit message (trailers.h).
 *   prior_msgids: Message-IDs of earlier versions named in the text (b4's
 *   "Link to v5: https://.../<msgid>", "v2: https://lore.kernel.org/r/<msgid>",
 *   numbered references); without angle brackets (trailers.h).
 *   review: for a reply, the review trailer names it carries, "Reviewed-by, Tested-by":
 *   trailer lines of its own text, and indented or "Acked by:" ones that name the
 *   sender (address or display name); none below "-----Original Message-----"
 *   (trailers.h).
 *   All strings are UTF-8 and owned by the struct; NULL when absent.
 */
#ifndef PM_PATCH_FACTS_H
#define PM_PATCH_FACTS_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "cpu_budget.h"
#include "message.h"
#include "string_list.h"
#include "subject.h"
#include "trailers.h"

typedef enum patch_kind {
    PATCH_KIND_NONE = 0,
    PATCH_KIND_PATCH,
    PATCH_KIND_COVER,
    PATCH_KIND_REPLY,
    PATCH_KIND_PULL,
} patch_kind;

typedef struct patch_facts {
    patch_kind kind;
    char *subject_text;   /* decoded, unfolded Subject, white space runs as one space
                             ("" when missing) */
    subject_info subject;
    char *message_id;     /* without angle brackets */
    char *in_reply_to;    /* first Message-ID in In-Reply-To */
    string_list references;
    char *list_id;        /* the <...> part of List-Id, or its whole value */
    char *from;           /* header From, decoded */
    char *author;         /* body identity */
    char *dkim_domain;    /* the domain our own Authentication-Results field says DKIM
                             verified: set by the caller that trusts one (annotate with
                             a trusted authserv-id, auth_results.h); NULL otherwise */
    time_t date;          /* from Date:, 0 when unparseable */
    char *body;           /* decoded text of the part carrying the patch (or first text part) */
    char *commit_message; /* body up to and including the diffstat, without the diff */
    char *diff;           /* the diff text, NULL when none */
    char patch_id[41];    /* "" when there is no diff */
    string_list files;
    trailer *trailers;
    size_t ntrailers;
    char *change_id;
    string_list prior_msgids;
    char *review;
} patch_facts;

bool patch_facts_extract(const mail_message *msg, cpu_budget *budget, patch_facts *out);
void patch_facts_extract_reply(const mail_message *msg, patch_facts *out);
void patch_facts_free(patch_facts *pf);
const char *patch_kind_name(patch_kind kind); /* "patch", "cover", ...; NULL for NONE */
patch_kind patch_kind_from_name(const char *name); /* the inverse; NONE for another name */
bool patch_kind_is_submission(patch_kind kind);
bool patch_subject_is_reply(const mail_message *msg);

#endif
