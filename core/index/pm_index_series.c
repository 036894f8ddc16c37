/* SPDX-License-Identifier: BSD-2-Clause */
/* pm_index_series: a whole series read from the index, with the events of its messages
   (see pm_index_series.h). */
#include "pm_index_series.h"

#include <stdlib.h>
#include <string.h>

#include "pm_index_impl.h"
#include "strmap.h"
#include "string_list.h"
#include "xalloc.h"

/* One query by a single text key, appended to rows. */
static int query(pm_index *ix, index_query q, const char *key, index_rows *rows, strbuf *err)
{
    index_param p = IP_TEXT(key);
    return index_db_query(ix->db, q, &p, 1, rows, err);
}

/* Finds the series key names (see pm_index_series.h) and reads its messages into rows
   and its events into cells; sets out->series_id and out->msgid. Under the lock. */
static int read_series(pm_index *ix, const char *key, index_series *out, index_rows *rows,
                       string_list *cells, strbuf *err)
{
    index_rows named = {0};
    int rc = query(ix, IQ_BY_MSGID, key, &named, err);
    if (rc == 0 && named.n) {
        out->msgid = xstrdup(key);
        out->series_id = xstrdup(named.v[0].series_id);
    } else if (rc == 0) {
        rc = query(ix, IQ_SERIES_VIEW, key, rows, err);
        if (rc == 0 && rows->n)
            out->series_id = xstrdup(key);
        else if (rc == 0)
            rc = query(ix, IQ_BY_CHANGE_ID, key, &named, err);
        if (rc == 0 && !out->series_id && named.n)
            out->series_id = xstrdup(named.v[named.n - 1].series_id);
    }
    index_rows_free(&named);
    if (rc == 0 && out->series_id && !rows->n)
        rc = query(ix, IQ_SERIES_VIEW, out->series_id, rows, err);
    if (rc == 0 && out->series_id) {
        const char *values[] = {out->series_id};
        rc = index_db_texts(ix->db, IT_SERIES_EVENTS, values, 1, cells, err);
    }
    return rc;
}

/* Hands each event of cells (msgid, kind, detail, evidence, date per row) to the
   record of its message; those of messages not read are dropped. */
static void events_to_records(const string_list *cells, index_series *out)
{
    out->events = xcalloc(out->records.n ? out->records.n : 1, sizeof *out->events);
    strmap by_msgid = STRMAP_INIT;
    for (size_t i = 0; i < out->records.n; i++) {
        size_t *slot;
        if (strmap_put(&by_msgid, out->records.v[i].msgid, &slot))
            *slot = i;
    }
    for (size_t i = 0; i + 4 < cells->n; i += 5) {
        const size_t *at = strmap_get(&by_msgid, cells->v[i]);
        if (!at)
            continue;
        index_events *e = &out->events[*at];
        e->v = xgrow(e->v, sizeof *e->v, e->n + 1, &e->cap);
        e->v[e->n++] = (index_event){
            .kind = xstrdup(cells->v[i + 1]),
            .detail = xstrdup(cells->v[i + 2]),
            .evidence = xstrdup(cells->v[i + 3]),
            .date = strtoll(cells->v[i + 4], NULL, 10),
        };
    }
    strmap_free(&by_msgid);
}

int pm_index_series(pm_index *ix, const char *key, index_series *out, strbuf *err)
{
    char *bare = index_bare_msgid(key);
    index_rows rows = {0};
    string_list cells = {0};
    pthread_mutex_lock(&ix->lock);
    int rc = read_series(ix, bare, out, &rows, &cells, err);
    pthread_mutex_unlock(&ix->lock);
    free(bare);
    if (rc == 0 && rows.n > INDEX_SERIES_ROWS) { /* the one more: the oldest, left out */
        out->truncated = true;
        index_row_free(&rows.v[0]);
        memmove(rows.v, rows.v + 1, --rows.n * sizeof *rows.v);
    }
    if (rc == 0)
        records_from_rows(&rows, &out->records);
    index_rows_free(&rows);
    if (rc == 0)
        events_to_records(&cells, out);
    string_list_free(&cells);
    if (rc < 0) {
        index_series_free(out);
        return -1;
    }
    return out->records.n > 0;
}

void index_series_free(index_series *s)
{
    for (size_t i = 0; s->events && i < s->records.n; i++)
        index_events_free(&s->events[i]);
    free(s->events);
    index_records_free(&s->records);
    free(s->series_id);
    free(s->msgid);
    memset(s, 0, sizeof *s);
}
