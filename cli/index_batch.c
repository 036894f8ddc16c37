/* SPDX-License-Identifier: BSD-2-Clause */
/* index_batch: many messages recorded per index transaction (see index_batch.h). */
#include "index_batch.h"

int index_batch_classify(pm_index *ix, unsigned long *pending, const patch_facts *pf,
                         index_verdict *v, strbuf *err)
{
    if ((*pending == 0 && pm_index_begin(ix, err) < 0) ||
        pm_index_classify(ix, pf, true, v, err) < 0)
        return -1;
    if (++*pending < INDEX_BATCH)
        return 0;
    if (index_batch_commit(ix, pending, err) == 0)
        return 0;
    index_verdict_free(v);
    return -1;
}

int index_batch_commit(pm_index *ix, unsigned long *pending, strbuf *err)
{
    if (*pending == 0)
        return 0;
    *pending = 0;
    return pm_index_commit(ix, err);
}
