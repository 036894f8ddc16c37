/* SPDX-License-Identifier: BSD-2-Clause */
/* pm_index_replies: replies in threads of patch mail, sections of patch mail, and the
   review a prior version received (see pm_index_replies.h). */
#include "pm_index_replies.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "address.h"
#include "pm_index_impl.h"
#include "text.h"
#include "xalloc.h"

#define MAX_TEXT 1024         /* bytes of a value a sender wrote, as pm_index.c keeps */
#define MAX_MSGID 998         /* a longer Message-ID counts as none, as pm_index.c */
#define MAX_DATE (1LL << 40)  /* a later date counts as unknown, as pm_index.c */
#define REPLY_NCOLUMNS 9      /* INDEX_SQL_REPLY_COLUMNS */
#define MAX_PRIOR_REVIEWS 16

static char *cut_copy(const char *s)
{
    char *t = xstrdup(s ? s : "");
    text_cut(t, MAX_TEXT);
    return t;
}

static bool usable_msgid(const char *s)
{
    return s && *s && strlen(s) <= MAX_MSGID;
}

/* The address of a From value in lower case ("" when none). */
static char *sender_address(const char *from)
{
    char *addr = address_key(from);
    if (!addr)
        return xstrdup("");
    text_cut(addr, MAX_TEXT);
    return addr;
}

/* The record of msgid when it is recorded patch mail: 1 (out filled), 0, -1. Under
   the lock. */
static int recorded_patch_mail(pm_index *ix, const char *msgid, index_record *out, strbuf *err)
{
    index_rows rows = {0};
    index_param p = IP_TEXT(msgid);
    int rc = index_db_query(ix->db, IQ_BY_MSGID, &p, 1, &rows, err);
    int found = rc < 0 ? -1 : rows.n > 0;
    if (found == 1) {
        index_records records = {0};
        rows.n = 1;
        records_from_rows(&rows, &records);
        *out = records.v[0];
        free(records.v);
    }
    index_rows_free(&rows);
    return found;
}

/* The columns of the reply msgid into cells (empty when none). Under the lock. */
static int reply_cells(pm_index *ix, const char *msgid, string_list *cells, strbuf *err)
{
    const char *values[] = {msgid};
    return index_db_texts(ix->db, IT_REPLY_OF, values, 1, cells, err);
}

/* The patch mail the thread of a reply to `parents` (nearest first) answers. */
static int find_target(pm_index *ix, const string_list *parents, index_record *out, strbuf *err)
{
    for (size_t i = 0; i < parents->n && i < PM_REPLY_HOPS; i++) {
        int found = recorded_patch_mail(ix, parents->v[i], out, err);
        if (found != 0)
            return found;
        string_list cells = {0};
        int rc = reply_cells(ix, parents->v[i], &cells, err);
        found = rc < 0 ? -1 : 0;
        if (rc == 0 && cells.n >= REPLY_NCOLUMNS)
            found = recorded_patch_mail(ix, cells.v[5], out, err);
        string_list_free(&cells);
        if (found != 0)
            return found;
    }
    return 0;
}

/* In-Reply-To, then References from the last, usable Message-IDs only. */
static void parents_of(const patch_facts *pf, string_list *out)
{
    if (usable_msgid(pf->in_reply_to))
        string_list_add(out, pf->in_reply_to);
    for (size_t i = pf->references.n; i-- > 0;)
        if (usable_msgid(pf->references.v[i]))
            string_list_add(out, pf->references.v[i]);
}

/* One "review" event of target per trailer name of review ("Reviewed-by, Acked-by"),
   given by from. Under the lock, in the open transaction. */
static int add_review_events(pm_index *ix, const char *target, const char *review,
                             const char *from, const char *evidence, const char *when,
                             strbuf *err)
{
    int rc = 0;
    for (const char *name = review; rc == 0 && *name;) {
        while (*name == ' ' || *name == ',')
            name++;
        size_t len = strcspn(name, ",");
        while (len && name[len - 1] == ' ')
            len--;
        strbuf detail = STRBUF_INIT;
        sb_addf(&detail, "%.*s: %s", (int)len, name, from);
        const char *values[] = {target, "review", detail.data, evidence, when};
        if (len && detail.len <= INDEX_EVENT_MAX && strlen(evidence) <= INDEX_EVENT_MAX)
            rc = index_db_texts(ix->db, IT_ADD_EVENT, values, 5, NULL, err);
        sb_free(&detail);
        name += strcspn(name, ",");
    }
    return rc;
}

/* Records the reply pf answering target (under the lock, in a transaction). */
static int insert_reply(pm_index *ix, const patch_facts *pf, const char *target, const char *bot,
                        bool dkim_ok, const char *when, const char *sender, const char *subject,
                        strbuf *err)
{
    char *from = cut_copy(pf->from);
    const char *review = pf->review && !bot ? pf->review : "";
    const char *values[] = {pf->message_id, when, from, sender, pf->in_reply_to ? pf->in_reply_to : "",
                            target, subject, bot ? bot : "", review};
    int rc = index_db_texts(ix->db, IT_ADD_REPLY, values, REPLY_NCOLUMNS, NULL, err);
    if (rc == 0 && *review && dkim_ok && *from)
        rc = add_review_events(ix, target, review, from, pf->message_id, when, err);
    free(from);
    return rc;
}

int pm_index_record_reply(pm_index *ix, const patch_facts *pf, const char *bot, bool dkim_ok,
                          bool record, index_reply_verdict *out, strbuf *err)
{
    memset(out, 0, sizeof *out);
    string_list parents = {0};
    parents_of(pf, &parents);
    if (!parents.n)
        return 0;
    bool has_id = usable_msgid(pf->message_id);
    char when[24];
    snprintf(when, sizeof when, "%lld",
             pf->date > 0 && (long long)pf->date < MAX_DATE ? (long long)pf->date : 0);
    char *sender = sender_address(pf->from);
    char *subject = cut_copy(pf->subject_text);

    /* The lookups first, outside any transaction: most replies a milter sees answer no
       recorded patch mail and write nothing. The inserts ignore a row already there, so
       a second MX host recording the same reply in between changes nothing. */
    pthread_mutex_lock(&ix->lock);
    int found = find_target(ix, &parents, &out->target, err);
    int rc = found < 0 ? -1 : 0;
    string_list earlier = {0};
    if (found == 1 && has_id)
        rc = reply_cells(ix, pf->message_id, &earlier, err);
    if (found == 1 && rc == 0 && earlier.n >= REPLY_NCOLUMNS) {
        out->duplicate = !strcmp(earlier.v[1], when) && !strcmp(earlier.v[3], sender) &&
                         !strcmp(earlier.v[6], subject);
    } else if (found == 1 && rc == 0 && record && has_id) {
        index_record taken;
        int conflict = recorded_patch_mail(ix, pf->message_id, &taken, err);
        if (conflict == 1)
            index_record_free(&taken);
        rc = conflict < 0 ? -1 : 0;
        if (conflict == 0) {
            bool own = !ix->batch;
            rc = own ? index_db_begin(ix->db, err) : 0;
            if (rc == 0)
                rc = insert_reply(ix, pf, out->target.msgid, bot, dkim_ok, when, sender,
                                  subject, err);
            if (own && rc == 0)
                rc = index_db_commit(ix->db, err);
            if (own && rc < 0)
                index_db_rollback(ix->db);
        }
    }
    pthread_mutex_unlock(&ix->lock);

    string_list_free(&earlier);
    string_list_free(&parents);
    free(sender);
    free(subject);
    if (rc < 0) {
        index_reply_verdict_free(out);
        return -1;
    }
    return found;
}

int pm_index_record_root(pm_index *ix, const index_root *root, const char *target, strbuf *err)
{
    if (!usable_msgid(root->msgid) || !usable_msgid(target))
        return 0;
    char when[24];
    snprintf(when, sizeof when, "%lld",
             root->date > 0 && root->date < MAX_DATE ? root->date : 0);
    char *from = cut_copy(root->from), *sender = sender_address(root->from);
    char *subject = cut_copy(root->subject);
    /* its own parent: a root answers nothing, and a reply's parent is never itself */
    const char *values[] = {root->msgid, when, from, sender, root->msgid, target, subject, "", ""};

    pthread_mutex_lock(&ix->lock);
    bool own = !ix->batch;
    int rc = own ? index_db_begin(ix->db, err) : 0;
    string_list earlier = {0};
    index_record taken;
    int conflict = rc < 0 ? -1 : recorded_patch_mail(ix, root->msgid, &taken, err);
    if (conflict == 1)
        index_record_free(&taken);
    if (conflict == 0)
        rc = reply_cells(ix, root->msgid, &earlier, err);
    else if (conflict < 0)
        rc = -1;
    bool recorded = false;
    if (conflict == 0 && rc == 0 && !earlier.n) {
        rc = index_db_texts(ix->db, IT_ADD_REPLY, values, REPLY_NCOLUMNS, NULL, err);
        recorded = rc == 0;
    }
    if (own && rc == 0)
        rc = index_db_commit(ix->db, err);
    if (own && rc < 0)
        index_db_rollback(ix->db);
    pthread_mutex_unlock(&ix->lock);

    string_list_free(&earlier);
    free(from);
    free(sender);
    free(subject);
    return rc < 0 ? -1 : recorded;
}

void index_reply_verdict_free(index_reply_verdict *v)
{
    index_record_free(&v->target);
    memset(v, 0, sizeof *v);
}

int pm_index_add_sections(pm_index *ix, const char *msgid, const string_list *sections,
                          strbuf *err)
{
    if (!usable_msgid(msgid))
        return 0;
    int rc = 0;
    for (size_t i = 0; rc == 0 && i < sections->n && i < INDEX_SECTIONS_MAX; i++) {
        char *section = cut_copy(sections->v[i]);
        const char *values[] = {msgid, section};
        rc = index_texts_locked(ix, IT_ADD_SECTION, values, 2, NULL, err);
        free(section);
    }
    return rc;
}

int pm_index_sections(pm_index *ix, const char *msgid, string_list *out, strbuf *err)
{
    const char *values[] = {msgid};
    return index_texts_locked(ix, IT_SECTIONS_OF, values, 1, out, err);
}

static char *nonempty_or_null(const char *s)
{
    return *s ? xstrdup(s) : NULL;
}

/* Runs a statement reading replies and appends them to out: their number, -1. */
static long long read_replies(pm_index *ix, index_text_statement statement,
                              const char *const *values, size_t nvalues, index_replies *out,
                              strbuf *err)
{
    string_list cells = {0};
    int rc = index_texts_locked(ix, statement, values, nvalues, &cells, err);
    long long n = 0;
    for (size_t i = 0; rc == 0 && i + REPLY_NCOLUMNS <= cells.n; i += REPLY_NCOLUMNS, n++) {
        out->v = xgrow(out->v, sizeof *out->v, out->n + 1, &out->cap);
        index_reply *r = &out->v[out->n++];
        const char *const *c = (const char *const *)&cells.v[i];
        r->msgid = xstrdup(c[0]);
        r->date = strtoll(c[1], NULL, 10);
        r->from = xstrdup(c[2]);
        r->sender = xstrdup(c[3]);
        r->parent = xstrdup(c[4]);
        r->target = xstrdup(c[5]);
        r->subject = xstrdup(c[6]);
        r->bot = nonempty_or_null(c[7]);
        r->review = nonempty_or_null(c[8]);
    }
    string_list_free(&cells);
    return rc < 0 ? -1 : n;
}

long long pm_index_replies_between(pm_index *ix, long long since, long long until,
                                   index_replies *out, strbuf *err)
{
    char from[24], to[24];
    snprintf(from, sizeof from, "%lld", since);
    snprintf(to, sizeof to, "%lld", until);
    const char *values[] = {from, to};
    return read_replies(ix, IT_REPLIES_BETWEEN, values, 2, out, err);
}

long long pm_index_replies_to(pm_index *ix, const char *msgid, index_replies *out, strbuf *err)
{
    const char *values[] = {msgid};
    return read_replies(ix, IT_REPLIES_TO, values, 1, out, err);
}

long long pm_index_reply(pm_index *ix, const char *msgid, index_replies *out, strbuf *err)
{
    char *bare = index_bare_msgid(msgid);
    const char *values[] = {bare};
    long long n = read_replies(ix, IT_REPLY_OF, values, 1, out, err);
    free(bare);
    return n;
}

bool index_reply_is_root(const index_reply *r)
{
    return !strcmp(r->parent, r->msgid);
}

void index_replies_free(index_replies *rs)
{
    for (size_t i = 0; i < rs->n; i++) {
        index_reply *r = &rs->v[i];
        free(r->msgid);
        free(r->from);
        free(r->sender);
        free(r->parent);
        free(r->target);
        free(r->subject);
        free(r->bot);
        free(r->review);
    }
    free(rs->v);
    memset(rs, 0, sizeof *rs);
}

/* Adds the review events of msgid to seen, each detail once, at most MAX_PRIOR_REVIEWS. */
static int collect_reviews(pm_index *ix, const char *msgid, string_list *seen, strbuf *err)
{
    index_events events = {0};
    int rc = pm_index_events(ix, msgid, &events, err);
    for (size_t i = 0; rc == 0 && i < events.n && seen->n < MAX_PRIOR_REVIEWS; i++)
        if (!strcmp(events.v[i].kind, "review") && !string_list_has(seen, events.v[i].detail))
            string_list_add(seen, events.v[i].detail);
    index_events_free(&events);
    return rc;
}

int pm_index_prior_review(pm_index *ix, const char *prior_msgid, char **out, strbuf *err)
{
    *out = NULL;
    string_list seen = {0};
    int rc = collect_reviews(ix, prior_msgid, &seen, err);
    index_record prior;
    int found = rc < 0 ? -1 : pm_index_recorded(ix, prior_msgid, &prior, err);
    if (found < 0)
        rc = -1;
    if (found == 1 && prior.kind == PATCH_KIND_PATCH && prior.posting) {
        index_records posting = {0};
        rc = pm_index_posting(ix, prior.posting, &posting, err) < 0 ? -1 : 0;
        for (size_t i = 0; rc == 0 && i < posting.n; i++)
            if (posting.v[i].kind == PATCH_KIND_COVER)
                rc = collect_reviews(ix, posting.v[i].msgid, &seen, err);
        index_records_free(&posting);
    }
    if (found == 1)
        index_record_free(&prior);
    if (rc == 0 && seen.n) {
        strbuf joined = STRBUF_INIT;
        for (size_t i = 0; i < seen.n; i++)
            sb_addf(&joined, "%s%s", i ? ", " : "", seen.v[i]);
        *out = sb_detach(&joined);
    }
    string_list_free(&seen);
    return rc;
}
