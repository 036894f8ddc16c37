/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * index_batch: the transactions of a command that records many messages (import,
 * digest): one transaction per INDEX_BATCH patch mails, not one per message.
 *
 * SYNOPSIS
 *   unsigned long pending = 0;
 *   each patch mail:  if (index_batch_classify(ix, &pending, pf, &v, &err) < 0) ... stop ...
 *                     ... v.state ...;  index_verdict_free(&v);
 *   at the end:       if (index_batch_commit(ix, &pending, &err) < 0) ... stop ...
 *
 * DESCRIPTION
 *   index_batch_classify() classifies and records pf (pm_index_classify) in the open
 *   transaction, beginning one for the first message (pending 0) and committing it
 *   after INDEX_BATCH. index_batch_commit() commits what is pending. Both return 0,
 *   or -1 with the index's message in err: what was classified since the last commit
 *   is then not recorded, and *v needs no freeing.
 */
#ifndef PM_INDEX_BATCH_H
#define PM_INDEX_BATCH_H

#include "patch_facts.h"
#include "pm_index.h"
#include "strbuf.h"

#define INDEX_BATCH 2000 /* patch mails per transaction */

int index_batch_classify(pm_index *ix, unsigned long *pending, const patch_facts *pf,
                         index_verdict *v, strbuf *err);
int index_batch_commit(pm_index *ix, unsigned long *pending, strbuf *err);

#endif
