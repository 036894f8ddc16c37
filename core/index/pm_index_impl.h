/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * pm_index_impl: the inside of a pm_index, for the files of core/index that add calls
 * to it beside pm_index.c (pm_index_series.c). Nothing outside core/index includes it.
 *
 * A call holds ix->lock around its use of ix->db; ix->batch is true while a batch
 * (pm_index_begin) is open. records_from_rows() moves rows (emptied) to the end of out
 * as index_records, as every pm_index call hands them back.
 */
#ifndef PM_INDEX_IMPL_H
#define PM_INDEX_IMPL_H

#include <pthread.h>
#include <stdbool.h>

#include "index_db.h"
#include "pm_index.h"

struct pm_index {
    pthread_mutex_t lock;
    index_db *db;
    bool batch;
};

void records_from_rows(index_rows *rows, index_records *out);

#endif
