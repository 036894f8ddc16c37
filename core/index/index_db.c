/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * index_db: the switch of the index storage (see index_db.h): picks the backend of a
 * location by its scheme, and hands each call to the backend of the connection.
 * Also the freeing of rows, which no backend owns.
 */
#include "index_db.h"

#include <stdlib.h>
#include <string.h>

/* The backends: the one whose scheme a location starts with, else the one of files. */
static const index_backend *const backends[] = {&index_pg_backend, &index_sqlite_backend};

static const index_backend *backend_of(const char *location)
{
    const index_backend *files = NULL;
    for (size_t i = 0; i < sizeof backends / sizeof backends[0]; i++) {
        const char *const *scheme = backends[i]->schemes;
        if (!scheme)
            files = backends[i];
        for (; scheme && *scheme; scheme++)
            if (!strncmp(location, *scheme, strlen(*scheme)))
                return backends[i];
    }
    return files;
}

int index_db_check_schema(int version, int latest, strbuf *err)
{
    if (version == latest)
        return 0;
    if (version < 0)
        return sb_fail(err, "index: no schema version found (is it an index? a command "
                       "that writes, such as import, creates one)");
    return sb_fail(err, "index: schema version %d, this program reads %d (a command that "
                   "writes, such as import, brings it up to date)", version, latest);
}

int index_db_open(const char *location, bool readonly, index_db **out, strbuf *err)
{
    const index_backend *be = backend_of(location);
    if (be->open(location, readonly, out, err) < 0)
        return -1;
    (*out)->backend = be;
    return 0;
}

bool index_db_location_has_password(const char *location)
{
    return backend_of(location)->location_has_password(location);
}

void index_db_close(index_db *db)
{
    if (db)
        db->backend->close(db);
}

void index_db_set_status_callback(index_db *db, index_status_fn *fn, void *arg)
{
    db->backend->set_status_callback(db, fn, arg);
}

bool index_db_retryable(const index_db *db)
{
    return db->backend->retryable(db);
}

int index_db_begin(index_db *db, strbuf *err)
{
    return db->backend->begin(db, false, err);
}

int index_db_begin_batch(index_db *db, strbuf *err)
{
    return db->backend->begin(db, true, err);
}

int index_db_commit(index_db *db, strbuf *err)
{
    return db->backend->commit(db, err);
}

void index_db_rollback(index_db *db)
{
    db->backend->rollback(db);
}

int index_db_prefetch(index_db *db, const index_lookup *lookups, size_t n, strbuf *err)
{
    return db->backend->prefetch(db, lookups, n, err);
}

int index_db_query(index_db *db, index_query q, const index_param *params, size_t nparams,
                   index_rows *out, strbuf *err)
{
    return db->backend->query(db, q, params, nparams, out, err);
}

int index_db_insert(index_db *db, const index_row *row, strbuf *err)
{
    return db->backend->insert(db, row, err);
}

int index_db_insert_link(index_db *db, const char *from_msgid, const char *to_msgid, strbuf *err)
{
    return db->backend->insert_link(db, from_msgid, to_msgid, err);
}

/* qsort order of rows: by version, then by id (the order of recording). */
static int by_version_then_id(const void *a, const void *b)
{
    const index_row *x = a, *y = b;
    if (x->version != y->version)
        return x->version < y->version ? -1 : 1;
    return (x->id > y->id) - (x->id < y->id);
}

int index_db_series_neighbours(index_db *db, const char *series_id, const index_row *self,
                               int *below, int *above, index_rows *out, strbuf *err)
{
    size_t from = out->n;
    if (db->backend->series_neighbours(db, series_id, self, below, above, out, err) < 0)
        return -1;
    if (out->n > from) /* out->v is NULL while empty */
        qsort(out->v + from, out->n - from, sizeof *out->v, by_version_then_id);
    return 0;
}

int index_db_merge_series(index_db *db, const char *keep, const char *drop, const char *by_msgid,
                          strbuf *err)
{
    return db->backend->merge_series(db, keep, drop, by_msgid, err);
}

int index_db_undo_merges(index_db *db, const char *by_msgid, strbuf *err)
{
    return db->backend->undo_merges(db, by_msgid, err);
}

int index_db_merge_group(index_db *db, const char *keep, const char *drop, strbuf *err)
{
    return db->backend->merge_group(db, keep, drop, err);
}

int index_db_set_prior(index_db *db, long long id, const char *prior_msgid, int prior_version,
                       int changed, strbuf *err)
{
    return db->backend->set_prior(db, id, prior_msgid, prior_version, changed, err);
}

long long index_db_count(index_db *db, strbuf *err)
{
    return db->backend->count(db, err);
}

int index_db_texts(index_db *db, index_text_statement statement, const char *const *values,
                   size_t n, string_list *out, strbuf *err)
{
    return db->backend->texts(db, statement, values, n, out, err);
}

void index_row_free(index_row *r)
{
    char **strings[] = {&r->msgid,       &r->from_hdr,   &r->author,    &r->list_id,
                        &r->kind,        &r->title,      &r->series_id, &r->grp,
                        &r->patch_id,    &r->in_reply_to, &r->thread_root, &r->refs,
                        &r->change_id,   &r->prior_links, &r->state,    &r->prior_msgid,
                        &r->sender,      &r->tags,       &r->files};
    for (size_t i = 0; i < sizeof strings / sizeof strings[0]; i++) {
        free(*strings[i]);
        *strings[i] = NULL;
    }
}

void index_rows_free(index_rows *rows)
{
    for (size_t i = 0; i < rows->n; i++)
        index_row_free(&rows->v[i]);
    free(rows->v);
    rows->v = NULL;
    rows->n = rows->cap = 0;
}
