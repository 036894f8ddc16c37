/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * untagged_cover: when a message sent without a patch tag is a cover letter: the
 * patches that answer it say so, though nothing could when it arrived. The one rule
 * for the digest (digest.h) and `patchmilter series` (pm_index_series.h).
 *
 * SYNOPSIS
 *   untagged_answers a = {0};
 *   for each patch of a posting, or answering the root:
 *       untagged_answers_add(&a, posting, from, part, total, in_reply_to);
 *   if (untagged_cover_holds(&a, root_msgid, root_from)) ... the root is a's cover ...
 *   untagged_answers_free(&a);
 *
 * DESCRIPTION
 *   untagged_cover_candidate() says whether a message may be such a root: no patch
 *   mail (kind none), a Message-ID, answering nothing (no In-Reply-To, no References)
 *   and a subject with no patch or pull group and no reply prefix ("Re: [PATCH 2/3]"
 *   sent without threading is none). Its subject is parsed only when the rest holds.
 *   The root is the cover of the posting of the patches added when they are one or
 *   more, all counted parts k/N (1 <= k <= N) of one N, of one posting, from one
 *   address (From, without case), all answering the root directly (In-Reply-To), and
 *   the root is from that address too. The caller adds the patches of one posting, or
 *   those answering one root, each once; a root answered only by replies, or by
 *   another's patches, is none. Constant memory and work per patch.
 */
#ifndef PM_UNTAGGED_COVER_H
#define PM_UNTAGGED_COVER_H

#include <stdbool.h>

#include "patch_facts.h"

typedef struct untagged_answers {
    char *posting;     /* the first patch's; NULL: none added */
    char *address;     /* its From address, lower case */
    char *in_reply_to; /* what it answers */
    int total;
    bool fit;          /* every patch added so far is as the first */
} untagged_answers;

bool untagged_cover_candidate(const patch_facts *pf);
void untagged_answers_add(untagged_answers *a, const char *posting, const char *from, int part,
                          int total, const char *in_reply_to);
bool untagged_cover_holds(const untagged_answers *a, const char *root_msgid,
                          const char *root_from);
void untagged_answers_free(untagged_answers *a);

#endif
