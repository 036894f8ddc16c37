/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * pm_index_impl: the inside of a pm_index, for the files of core/index that add calls
 * to it beside pm_index.c (pm_index_series.c, pm_index_link.c). Nothing outside
 * core/index includes it.
 *
 * A call holds ix->lock around its use of ix->db; ix->batch is true while a batch
 * (pm_index_begin) is open. records_from_rows() moves rows (emptied) to the end of out
 * as index_records, as every pm_index call hands them back; index_texts_locked() runs
 * one of index_db_texts' statements.
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
/* A Message-ID a user gave, as the index keeps it: a copy without its angle brackets. */
char *index_bare_msgid(const char *msgid);
/* Runs a "texts" statement (index_db_texts) under the lock, in a transaction of its
   own for a write (out NULL) unless a batch is open. */
int index_texts_locked(pm_index *ix, index_text_statement statement, const char *const *values,
                       size_t n, string_list *out, strbuf *err);
/* The prior the classifier gives row, a message recorded in the open transaction, in
   its series and posting as the index holds them now (after a link by hand): the same
   rules as a classification (pm_index.c), nothing written. */
int index_prior_of_recorded(index_db *db, const index_row *row, index_verdict *v, strbuf *err);
/* Applies, in the open transaction, the corrections by hand (pm_index_link,
   pm_index_unlink) that name msgid, just recorded with verdict v, or its parent (the
   message it answers, NULL when none): a link of either, or to either, is made again
   (the messages of a linked posting recorded since then get their counterparts), the
   merges an unlink of msgid undid are undone again; v is updated to what the index then
   holds for msgid (pm_index_link.c). */
int index_apply_corrections(index_db *db, const char *msgid, const char *parent,
                            index_verdict *v, strbuf *err);

#endif
