/* SPDX-License-Identifier: BSD-2-Clause */
/* pm_index_series: a whole series read from the index, with the events of its messages
   (see pm_index_series.h). */
#include "pm_index_series.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "pm_index_impl.h"
#include "pm_index_replies.h"
#include "subject.h"
#include "text.h"
#include "untagged_cover.h"
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

/* The cover record of the posting of patch p made from its root r (a recorded root). */
static index_record cover_from_root(const index_record *p, const index_reply *r)
{
    subject_info si;
    subject_parse(r->subject, &si);
    int version = subject_take_title_version(&si);
    char *title = text_one_line(si.title, TEXT_CONTROLS_ARE_SPACE);
    subject_info_free(&si);
    for (char *c = title; *c; c++)
        *c = (char)tolower((unsigned char)*c);
    return (index_record){
        .msgid = xstrdup(r->msgid), .kind = PATCH_KIND_COVER, .state = p->state,
        .series_id = xstrdup(p->series_id), .posting = xstrdup(p->posting),
        .version = version ? version : p->version, .part = 0, .total = p->total,
        .title = title, .author = xstrdup(r->from), .from = xstrdup(r->from),
        .sender = p->sender ? xstrdup(p->sender) : NULL, .date = r->date, .changed = -1};
}

/* The covers sent without a patch tag (pm_index_replies.h: a recorded root) of the
   postings of out that have none: the root all the patches of a posting answer, when
   untagged_cover.h holds. Appended to out->records (their events are read after); the
   patches take their version. */
static int add_untagged_covers(pm_index *ix, index_series *out, strbuf *err)
{
    size_t n = out->records.n, npostings = 0;
    strmap postings = STRMAP_INIT; /* posting -> its answers */
    strmap covered = STRMAP_INIT;  /* posting -> its cover */
    untagged_answers *answers = xcalloc(n ? n : 1, sizeof *answers);
    size_t *first = xcalloc(n ? n : 1, sizeof *first); /* of each posting, its first patch */
    size_t *slot;
    for (size_t i = 0; i < n; i++) {
        const index_record *r = &out->records.v[i];
        if (!r->posting)
            continue;
        if (r->kind == PATCH_KIND_COVER && strmap_put(&covered, r->posting, &slot))
            *slot = i;
        if (r->kind != PATCH_KIND_PATCH)
            continue;
        if (strmap_put(&postings, r->posting, &slot)) {
            first[npostings] = i;
            *slot = npostings++;
        }
        untagged_answers_add(&answers[*slot], r->posting, r->from, r->part, r->total,
                             r->in_reply_to);
    }
    int rc = 0;
    for (size_t k = 0; rc == 0 && k < npostings; k++) {
        const index_record *p = &out->records.v[first[k]];
        if (strmap_get(&covered, p->posting) || !answers[k].fit)
            continue;
        index_replies rs = {0};
        rc = pm_index_reply(ix, p->in_reply_to, &rs, err) < 0 ? -1 : 0;
        if (rc == 0 && rs.n && index_reply_is_root(&rs.v[0]) &&
            untagged_cover_holds(&answers[k], rs.v[0].msgid, rs.v[0].from)) {
            index_record cover = cover_from_root(p, &rs.v[0]);
            out->records.v = xgrow(out->records.v, sizeof *out->records.v, out->records.n + 1,
                                   &out->records.cap);
            strmap_put(&covered, cover.posting, &slot);
            *slot = out->records.n;
            out->records.v[out->records.n++] = cover;
        }
        index_replies_free(&rs);
    }
    /* the patches answering a cover take the version it states, as the index gives
       those of a cover it knows by its stated version (pm_index.h, shape 10) */
    for (size_t i = 0; i < n; i++) {
        index_record *r = &out->records.v[i];
        const size_t *cover = r->kind == PATCH_KIND_PATCH && r->posting
                                  ? strmap_get(&covered, r->posting) : NULL;
        if (cover && *cover >= n)
            r->version = out->records.v[*cover].version;
    }
    for (size_t k = 0; k < npostings; k++)
        untagged_answers_free(&answers[k]);
    free(answers);
    free(first);
    strmap_free(&postings);
    strmap_free(&covered);
    return rc;
}

int pm_index_series(pm_index *ix, const char *key, index_series *out, strbuf *err)
{
    char *bare = index_bare_msgid(key);
    index_rows rows = {0};
    string_list cells = {0};
    pthread_mutex_lock(&ix->lock);
    int rc = read_series(ix, bare, out, &rows, &cells, err);
    pthread_mutex_unlock(&ix->lock);
    if (rc == 0 && !out->series_id) { /* a root's: the series of the patch answering it */
        index_replies rs = {0};
        rc = pm_index_reply(ix, bare, &rs, err) < 0 ? -1 : 0;
        if (rc == 0 && rs.n && index_reply_is_root(&rs.v[0])) {
            pthread_mutex_lock(&ix->lock);
            rc = read_series(ix, rs.v[0].target, out, &rows, &cells, err);
            pthread_mutex_unlock(&ix->lock);
            free(out->msgid);
            out->msgid = xstrdup(bare);
        }
        index_replies_free(&rs);
    }
    free(bare);
    if (rc == 0 && rows.n > INDEX_SERIES_ROWS) { /* the one more: the oldest, left out */
        out->truncated = true;
        index_row_free(&rows.v[0]);
        memmove(rows.v, rows.v + 1, --rows.n * sizeof *rows.v);
    }
    if (rc == 0)
        records_from_rows(&rows, &out->records);
    index_rows_free(&rows);
    size_t recorded = out->records.n;
    if (rc == 0)
        rc = add_untagged_covers(ix, out, err);
    if (rc == 0)
        events_to_records(&cells, out);
    for (size_t i = recorded; rc == 0 && i < out->records.n; i++)
        rc = pm_index_events(ix, out->records.v[i].msgid, &out->events[i], err);
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
