/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * pending_roots: the untagged messages a command that reads a SOURCE in archive order
 * (import, digest) holds until a patch answers one, to record that one in the index
 * (pm_index_record_root): a cover letter sent without "[PATCH]" comes before its
 * patches, and only they prove it is one.
 *
 * SYNOPSIS
 *   pending_roots pr = {0};
 *   each message:  pending_roots_hold(&pr, &pf);
 *                  if (pending_roots_answered(&pr, ix, &pf, &err) < 0) ... stop ...
 *   pending_roots_free(&pr);
 *
 * DESCRIPTION
 *   pending_roots_hold() keeps pf when it is a root: kind PATCH_KIND_NONE, a subject
 *   without a patch or pull group nor a reply prefix ("Re: [PATCH 2/3]" without
 *   threading is none), a Message-ID, no In-Reply-To and no References (its Message-ID, date, From and subject, each cut
 *   to 1 KB); the PENDING_ROOTS last held, the oldest forgotten. A patch's parts
 *   follow their cover closely in an archive. pending_roots_answered() records, for a
 *   patch (PATCH_KIND_PATCH) whose In-Reply-To is a held root, that root with the patch
 *   as its target, once. Returns 1 recorded, 0 not, -1 with err. Each call costs at most
 *   PENDING_ROOTS comparisons.
 */
#ifndef PM_PENDING_ROOTS_H
#define PM_PENDING_ROOTS_H

#include "patch_facts.h"
#include "pm_index.h"
#include "strbuf.h"

#define PENDING_ROOTS 256

typedef struct pending_root {
    char *msgid, *from, *subject;
    long long date;
} pending_root;

typedef struct pending_roots {
    pending_root v[PENDING_ROOTS];
    size_t next; /* the slot the next root takes */
} pending_roots;

void pending_roots_hold(pending_roots *pr, const patch_facts *pf);
int pending_roots_answered(pending_roots *pr, pm_index *ix, const patch_facts *pf, strbuf *err);
void pending_roots_free(pending_roots *pr);

#endif
