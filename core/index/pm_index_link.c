/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * pm_index_link: links corrected by hand (see pm_index.h: pm_index_link and
 * pm_index_unlink): made, undone, remembered in the corrections table, and made or
 * undone again when a message they name is recorded anew (index_apply_corrections).
 * The counterparts of a linked posting come from the classifier's own rules
 * (index_prior_of_recorded); this file holds none of them, and no SQL.
 */
#include "pm_index.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "pm_index_impl.h"
#include "xalloc.h"

static bool streq(const char *a, const char *b)
{
    return a && b && !strcmp(a, b);
}

static int query(index_db *db, index_query q, const char *key, index_rows *out, strbuf *err)
{
    index_param p = IP_TEXT(key);
    return index_db_query(db, q, &p, 1, out, err);
}

/* Moves *r to the end of rows; *r is left empty. */
static void take_row(index_rows *rows, index_row *r)
{
    rows->v = xgrow(rows->v, sizeof *rows->v, rows->n + 1, &rows->cap);
    rows->v[rows->n++] = *r;
    memset(r, 0, sizeof *r);
}

/*
 * Links newer to older in the open transaction (pm_index_link), the messages of newer's
 * posting then appended to posting when not NULL. strict: a message not in the index,
 * one message named twice or an older version not below newer's is an error (-1);
 * otherwise (a correction made again) it links nothing and returns 0. Returns 1 when
 * linked.
 */
static int link_rows(index_db *db, const char *newer, const char *older, bool strict,
                     index_rows *posting, strbuf *err)
{
    if (streq(newer, older))
        return strict ? sb_fail(err, "<%s>: a message cannot be its own earlier version", newer)
                      : 0;
    index_rows n = {0}, o = {0}, own = {0};
    int rc = query(db, IQ_BY_MSGID, newer, &n, err);
    if (rc == 0)
        rc = query(db, IQ_BY_MSGID, older, &o, err);
    const index_row *nw = n.n ? &n.v[0] : NULL, *od = o.n ? &o.v[0] : NULL;
    if (rc == 0 && (!nw || !od))
        rc = strict ? sb_fail(err, "<%s>: not in the index", nw ? older : newer) : 1;
    else if (rc == 0 && od->version >= nw->version)
        rc = strict ? sb_fail(err, "<%s> is v%d, not an earlier version than <%s> (v%d)", older,
                              od->version, newer, nw->version)
                    : 1;
    if (rc != 0) {
        index_rows_free(&n);
        index_rows_free(&o);
        return rc < 0 ? -1 : 0;
    }
    if (!streq(nw->series_id, od->series_id))
        rc = index_db_merge_series(db, od->series_id, nw->series_id, nw->msgid, err);
    bool patches = streq(nw->kind, "patch") && streq(od->kind, "patch");
    int changed = patches && nw->patch_id && od->patch_id ? strcmp(nw->patch_id, od->patch_id) != 0
                                                          : -1;
    if (rc == 0)
        rc = index_db_set_prior(db, nw->id, od->msgid, od->version, changed, err);
    /* the rest of the posting, read after the merge: each without a prior gets the
       one a classification gives it now, in recording order (a retitled patch is
       paired within the posting its siblings' priors are in) */
    if (rc == 0)
        rc = query(db, IQ_BY_GROUP, nw->grp, &own, err);
    for (size_t i = 0; rc == 0 && i < own.n; i++) {
        const index_row *r = &own.v[i];
        if (streq(r->msgid, nw->msgid) || r->prior_msgid)
            continue;
        index_verdict v;
        rc = index_prior_of_recorded(db, r, &v, err);
        if (rc == 0 && v.prior_msgid)
            rc = index_db_set_prior(db, r->id, v.prior_msgid, v.prior_version, v.changed, err);
        index_verdict_free(&v);
    }
    index_rows_free(&own);
    if (rc == 0 && posting)
        rc = query(db, IQ_BY_GROUP, nw->grp, posting, err);
    index_rows_free(&n);
    index_rows_free(&o);
    return rc < 0 ? -1 : 1;
}

/*
 * Drops the prior of r (read after the undo) when it is in another series than r's,
 * or is `linked` (older of a link by hand of r); r is then moved to changed, as it
 * was, unless changed holds it already. Returns 0, or -1 on error.
 */
static int drop_crossing_prior(index_db *db, index_row *r, const char *linked,
                               index_rows *changed, strbuf *err)
{
    if (!r->prior_msgid)
        return 0;
    index_rows prior = {0};
    int rc = query(db, IQ_BY_MSGID, r->prior_msgid, &prior, err);
    bool cross = streq(r->prior_msgid, linked) ||
                 (prior.n && !streq(prior.v[0].series_id, r->series_id));
    index_rows_free(&prior);
    if (rc < 0 || !cross)
        return rc;
    if (index_db_set_prior(db, r->id, NULL, 0, -1, err) < 0)
        return -1;
    for (size_t i = 0; i < changed->n; i++)
        if (streq(changed->v[i].msgid, r->msgid))
            return 0;
    take_row(changed, r);
    return 0;
}

/*
 * Undoes, in the open transaction, the merges msgid caused (pm_index_unlink) and drops
 * the priors that then cross series, and the prior `linked` of msgid (the older message
 * of a link by hand of it, or NULL). The messages changed, as they were, are appended
 * to changed. Returns 0, or -1 on error.
 */
static int unlink_rows(index_db *db, const char *msgid, const char *linked, index_rows *changed,
                       strbuf *err)
{
    index_rows self = {0}, after = {0};
    size_t moved = changed->n;
    int rc = query(db, IQ_MOVED_BY, msgid, changed, err);
    if (rc == 0)
        rc = index_db_undo_merges(db, msgid, err);
    moved = changed->n - moved;
    /* as they are now: the messages moved back, and msgid's posting */
    for (size_t i = changed->n - moved; rc == 0 && i < changed->n; i++)
        rc = query(db, IQ_BY_MSGID, changed->v[i].msgid, &after, err);
    if (rc == 0)
        rc = query(db, IQ_BY_MSGID, msgid, &self, err);
    /* its posting's messages that joined the series it leaves (after a link) follow it */
    if (rc == 0 && self.n) {
        const char *values[] = {self.v[0].grp, self.v[0].series_id};
        rc = index_db_texts(db, IT_MOVE_POSTING, values, 2, NULL, err);
    }
    if (rc == 0 && self.n)
        rc = query(db, IQ_BY_GROUP, self.v[0].grp, &after, err);
    for (size_t i = 0; rc == 0 && i < after.n; i++)
        rc = drop_crossing_prior(db, &after.v[i], streq(after.v[i].msgid, msgid) ? linked : NULL,
                                 changed, err);
    index_rows_free(&self);
    index_rows_free(&after);
    return rc;
}

/* The corrections naming msgid or parent (NULL: none), as newer or older, in cells
   (newer, older per row). */
static int corrections_of(index_db *db, const char *msgid, const char *parent,
                          string_list *cells, strbuf *err)
{
    const char *values[] = {msgid, parent};
    return index_db_texts(db, IT_CORRECTIONS_OF, values, 2, cells, err);
}

static int remember(index_db *db, const char *newer, const char *older, strbuf *err)
{
    const char *values[] = {newer, older};
    return index_db_texts(db, IT_SET_CORRECTION, values, 2, NULL, err);
}

int index_apply_corrections(index_db *db, const char *msgid, const char *parent,
                            index_verdict *v, strbuf *err)
{
    string_list cells = {0};
    int rc = corrections_of(db, msgid, parent, &cells, err);
    bool applied = false;
    for (size_t i = 0; rc == 0 && i + 1 < cells.n; i += 2) {
        const char *newer = cells.v[i], *older = cells.v[i + 1];
        if (*older) {
            rc = link_rows(db, newer, older, false, NULL, err) < 0 ? -1 : 0;
        } else if (!strcmp(newer, msgid)) {
            index_rows changed = {0};
            rc = unlink_rows(db, msgid, NULL, &changed, err);
            index_rows_free(&changed);
        }
        applied = true;
    }
    index_rows self = {0};
    if (rc == 0 && applied)
        rc = query(db, IQ_BY_MSGID, msgid, &self, err);
    if (rc == 0 && self.n) {
        const index_row *r = &self.v[0];
        free(v->series_id);
        free(v->prior_msgid);
        v->series_id = xstrdup(r->series_id);
        v->prior_msgid = r->prior_msgid ? xstrdup(r->prior_msgid) : NULL;
        v->prior_version = r->prior_version;
        v->changed = r->changed;
        if (v->state == PATCH_STATE_NEW && r->prior_msgid)
            v->state = PATCH_STATE_REVISION;
    }
    index_rows_free(&self);
    string_list_free(&cells);
    return rc;
}

/* Runs fn in a transaction of its own unless a batch is open, under the lock. */
typedef int correction_fn(index_db *db, const char *a, const char *b, index_rows *rows,
                          strbuf *err);

static int in_transaction(pm_index *ix, correction_fn *fn, const char *a, const char *b,
                          index_rows *rows, strbuf *err)
{
    pthread_mutex_lock(&ix->lock);
    bool own = !ix->batch;
    int rc = own ? index_db_begin_batch(ix->db, err) : 0;
    if (rc == 0)
        rc = fn(ix->db, a, b, rows, err);
    if (own && rc == 0)
        rc = index_db_commit(ix->db, err);
    if (own && rc < 0)
        index_db_rollback(ix->db);
    pthread_mutex_unlock(&ix->lock);
    return rc;
}

static int link_and_remember(index_db *db, const char *newer, const char *older,
                             index_rows *posting, strbuf *err)
{
    if (link_rows(db, newer, older, true, posting, err) < 0)
        return -1;
    return remember(db, newer, older, err);
}

static int unlink_and_remember(index_db *db, const char *msgid, const char *unused,
                               index_rows *changed, strbuf *err)
{
    (void)unused;
    string_list cells = {0};
    int rc = corrections_of(db, msgid, NULL, &cells, err);
    const char *linked = NULL; /* the older message of a link by hand of msgid */
    for (size_t i = 0; rc == 0 && i + 1 < cells.n; i += 2)
        if (!strcmp(cells.v[i], msgid) && *cells.v[i + 1])
            linked = cells.v[i + 1];
    if (rc == 0)
        rc = unlink_rows(db, msgid, linked, changed, err);
    if (rc == 0 && (changed->n || linked))
        rc = remember(db, msgid, "", err);
    string_list_free(&cells);
    return rc;
}

int pm_index_link(pm_index *ix, const char *newer, const char *older, index_records *out,
                  strbuf *err)
{
    char *n = index_bare_msgid(newer), *o = index_bare_msgid(older);
    index_rows posting = {0};
    int rc = in_transaction(ix, link_and_remember, n, o, &posting, err);
    int count = rc < 0 ? -1 : (int)posting.n;
    if (rc == 0)
        records_from_rows(&posting, out);
    index_rows_free(&posting);
    free(n);
    free(o);
    return count;
}

int pm_index_unlink(pm_index *ix, const char *msgid, index_records *out, strbuf *err)
{
    char *bare = index_bare_msgid(msgid);
    index_rows changed = {0};
    int rc = in_transaction(ix, unlink_and_remember, bare, NULL, &changed, err);
    int n = rc < 0 ? -1 : (int)changed.n;
    if (rc == 0)
        records_from_rows(&changed, out);
    index_rows_free(&changed);
    free(bare);
    return n;
}
