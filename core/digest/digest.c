/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * digest: builds the report of a run of classified messages (counts, series, commit
 * message blocks) and renders it as mail-friendly text; see digest.h.
 */
#include "digest.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "address.h"
#include "strmap.h"
#include "untagged_cover.h"
#include "xalloc.h"

#define SEPARATOR "----------------------------------------------------------------------"
#define LIST_SUBSYSTEMS 3 /* subsystems named on a patch list line */

typedef struct stored_reply {
    string_list parents;
    char *from, *bot;
    long long date;
    bool from_me, review;
} stored_reply;

struct digest {
    digest_entry **v;
    size_t n;
    size_t cap;
    stored_reply *replies;
    size_t nreplies, cap_replies;
    string_list bot_messages; /* the bot's name of each message from a bot */
};

digest *digest_new(void)
{
    return xcalloc(1, sizeof(digest));
}

digest_entry *digest_add(digest *d)
{
    d->v = xgrow(d->v, sizeof *d->v, d->n + 1, &d->cap);
    digest_entry *e = xcalloc(1, sizeof *e);
    e->changed = -1;
    d->v[d->n++] = e;
    return e;
}

void digest_note_bot(digest *d, const char *name)
{
    string_list_add(&d->bot_messages, name);
}

void digest_add_reply(digest *d, const digest_reply *reply)
{
    d->replies = xgrow(d->replies, sizeof *d->replies, d->nreplies + 1, &d->cap_replies);
    stored_reply *r = &d->replies[d->nreplies++];
    memset(r, 0, sizeof *r);
    for (size_t i = 0; i < reply->parents->n; i++)
        string_list_add(&r->parents, reply->parents->v[i]);
    r->from = reply->from ? xstrdup(reply->from) : NULL;
    r->bot = reply->bot ? xstrdup(reply->bot) : NULL;
    r->date = reply->date;
    r->from_me = reply->from_me;
    r->review = reply->review;
}

size_t digest_size(const digest *d)
{
    return d->n;
}

digest_entry *digest_entry_at(digest *d, size_t i)
{
    return i < d->n ? d->v[i] : NULL;
}

static void entry_free(digest_entry *e)
{
    char *strings[] = {e->msgid,       e->grp,    e->series_id, e->subject,
                       e->title,       e->from,   e->author,    e->list_id,
                       e->prior_msgid, e->text,   e->verdict,   e->successor_msgid,
                       e->in_reply_to};
    for (size_t i = 0; i < sizeof strings / sizeof strings[0]; i++)
        free(strings[i]);
    string_list_free(&e->subsystems);
    string_list_free(&e->applied);
    free(e->bot);
    free(e);
}

void digest_free(digest *d)
{
    if (!d)
        return;
    for (size_t i = 0; i < d->n; i++)
        entry_free(d->v[i]);
    free(d->v);
    for (size_t i = 0; i < d->nreplies; i++) {
        string_list_free(&d->replies[i].parents);
        free(d->replies[i].from);
        free(d->replies[i].bot);
    }
    free(d->replies);
    string_list_free(&d->bot_messages);
    free(d);
}

static bool is_exist(const digest_entry *e)
{
    return e->state == PATCH_STATE_RESEND || e->state == PATCH_STATE_DUPLICATE;
}

static bool is_patch(const digest_entry *e)
{
    return e->kind == PATCH_KIND_PATCH;
}

/* ---- covers sent without a patch tag ---- */

/* e as the cover of the posting of patch, one of the patches answering it. */
static void become_cover(digest_entry *e, const digest_entry *patch)
{
    e->kind = PATCH_KIND_COVER;
    e->state = patch->state == PATCH_STATE_DUPLICATE ? PATCH_STATE_NEW : patch->state;
    e->grp = xstrdup(patch->grp);
    e->series_id = patch->series_id ? xstrdup(patch->series_id) : NULL;
    if (!e->version)
        e->version = patch->version;
    e->part = 0;
    e->total = patch->total;
    e->prior_version = patch->prior_version;
}

/* The patches answering a root, and those of each posting (untagged_cover.h). */
typedef struct root_answers {
    const digest_entry *first; /* the first patch answering it; NULL: none */
    untagged_answers answers;
} root_answers;

/* Roots that are a posting's cover become it (untagged_cover.h: the patches answering
   it are those of one posting, and all of them answer it); the others are dropped.
   Linear: maps of the roots, of the postings and of those with a cover. */
static void resolve_roots(digest *d)
{
    strmap roots = STRMAP_INIT, postings = STRMAP_INIT, covered = STRMAP_INIT;
    size_t *slot, nroots = 0, npostings = 0;
    for (size_t i = 0; i < d->n; i++)
        if (d->v[i]->kind == PATCH_KIND_NONE && d->v[i]->msgid &&
            strmap_put(&roots, d->v[i]->msgid, &slot))
            *slot = nroots++;
    root_answers *ans = xcalloc(nroots ? nroots : 1, sizeof *ans);
    untagged_answers *of_posting = xcalloc(nroots ? d->n : 1, sizeof *of_posting);
    for (size_t i = 0; nroots && i < d->n; i++) {
        const digest_entry *e = d->v[i];
        if (e->kind == PATCH_KIND_COVER && e->grp)
            strmap_put(&covered, e->grp, &slot);
        if (e->kind != PATCH_KIND_PATCH || e->state == PATCH_STATE_DUPLICATE)
            continue;
        if (e->grp) {
            if (strmap_put(&postings, e->grp, &slot))
                *slot = npostings++;
            untagged_answers_add(&of_posting[*slot], e->grp, e->from, e->part, e->total,
                                 e->in_reply_to);
        }
        const size_t *r = e->in_reply_to ? strmap_get(&roots, e->in_reply_to) : NULL;
        if (!r)
            continue;
        if (!ans[*r].first)
            ans[*r].first = e;
        untagged_answers_add(&ans[*r].answers, e->grp, e->from, e->part, e->total, e->in_reply_to);
    }
    size_t kept = 0;
    for (size_t i = 0; i < d->n; i++) {
        digest_entry *e = d->v[i];
        if (e->kind == PATCH_KIND_NONE) {
            const size_t *r = e->msgid ? strmap_get(&roots, e->msgid) : NULL;
            const digest_entry *first = r ? ans[*r].first : NULL;
            const size_t *p = first && first->grp ? strmap_get(&postings, first->grp) : NULL;
            if (!p || strmap_get(&covered, first->grp) ||
                !untagged_cover_holds(&ans[*r].answers, e->msgid, e->from) ||
                !untagged_cover_holds(&of_posting[*p], e->msgid, e->from)) {
                entry_free(e);
                continue;
            }
            become_cover(e, first);
            strmap_put(&covered, e->grp, &slot); /* a second copy of the root is none */
        }
        d->v[kept++] = e;
    }
    d->n = kept;
    for (size_t i = 0; i < nroots; i++)
        untagged_answers_free(&ans[i].answers);
    for (size_t i = 0; i < npostings; i++)
        untagged_answers_free(&of_posting[i]);
    free(ans);
    free(of_posting);
    strmap_free(&roots);
    strmap_free(&postings);
    strmap_free(&covered);
}

/* Copies (a msgid seen before in this run) become duplicates. */
static void mark_copies(digest *d)
{
    strmap seen = STRMAP_INIT;
    for (size_t i = 0; i < d->n; i++) {
        size_t *slot;
        if (d->v[i]->msgid && !strmap_put(&seen, d->v[i]->msgid, &slot))
            d->v[i]->state = PATCH_STATE_DUPLICATE;
    }
    strmap_free(&seen);
}

/* ---- top lists ---- */

/* Counts by name; the names are the tally's own copies. */
typedef struct tally {
    strmap index;
    digest_count *v;
    size_t n, cap;
} tally;

static void tally_add(tally *t, const char *name)
{
    size_t *slot;
    if (strmap_put(&t->index, name, &slot)) {
        t->v = xgrow(t->v, sizeof *t->v, t->n + 1, &t->cap);
        t->v[t->n] = (digest_count){.name = xstrdup(name), .n = 0};
        *slot = t->n++;
    }
    t->v[*slot].n++;
}

static int by_count_then_name(const void *a, const void *b)
{
    const digest_count *x = a, *y = b;
    if (x->n != y->n)
        return x->n > y->n ? -1 : 1;
    return strcmp(x->name, y->name);
}

/* Sorts, keeps the top DIGEST_TOP and hands them to *out. */
static void tally_finish(tally *t, digest_count **out, size_t *n)
{
    if (t->n)
        qsort(t->v, t->n, sizeof *t->v, by_count_then_name);
    *n = t->n < DIGEST_TOP ? t->n : DIGEST_TOP;
    for (size_t i = *n; i < t->n; i++)
        free(t->v[i].name);
    *out = t->v;
    strmap_free(&t->index);
}

static void free_counts(digest_count *v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(v[i].name);
    free(v);
}

static void count_people(const digest *d, digest_report *r)
{
    tally people = {.index = STRMAP_INIT}, domains = {.index = STRMAP_INIT};
    for (size_t i = 0; i < d->n; i++) {
        const digest_entry *e = d->v[i];
        if (is_exist(e) || e->bot || !(is_patch(e) || e->kind == PATCH_KIND_COVER))
            continue;
        const char *who = e->author ? e->author : e->from;
        if (!who || !*who)
            continue;
        tally_add(&people, who);
        char *email = address_email(who);
        if (email && *address_domain(email))
            tally_add(&domains, address_domain(email));
        free(email);
    }
    tally_finish(&people, &r->contributors, &r->ncontributors);
    tally_finish(&domains, &r->domains, &r->ndomains);
    tally bots = {.index = STRMAP_INIT};
    for (size_t i = 0; i < d->bot_messages.n; i++)
        tally_add(&bots, d->bot_messages.v[i]);
    r->bot_messages = (unsigned)d->bot_messages.n;
    tally_finish(&bots, &r->bots, &r->nbots);
}

/* ---- series ---- */

typedef struct series_work {
    int *parts;
    size_t nparts, cap;
    const digest_entry *first_patch; /* lowest-numbered counted patch */
    bool any_revision, any_new;
    long long verdict_date;
} series_work;

static void note_part(series_work *w, int part)
{
    for (size_t i = 0; i < w->nparts; i++)
        if (w->parts[i] == part)
            return;
    w->parts = xgrow(w->parts, sizeof *w->parts, w->nparts + 1, &w->cap);
    w->parts[w->nparts++] = part;
}

/* What the index learned later of e: applied, verdict, later version. */
static void absorb_lifecycle(digest_series *s, series_work *w, const digest_entry *e)
{
    if (e->date > 0 && (!s->date || e->date < s->date))
        s->date = e->date;
    for (size_t i = 0; i < e->applied.n; i++)
        if (!string_list_has(&s->applied, e->applied.v[i]))
            string_list_add(&s->applied, e->applied.v[i]);
    if (e->verdict && (!s->verdict || e->verdict_date >= w->verdict_date)) {
        s->verdict = e->verdict;
        w->verdict_date = e->verdict_date;
    }
    if (e->successor_msgid && e->successor_version > s->successor_version) {
        s->successor_msgid = e->successor_msgid;
        s->successor_version = e->successor_version;
    }
}

static void absorb(digest_series *s, series_work *w, const digest_entry *e)
{
    bool exist = is_exist(e);
    if (e->kind == PATCH_KIND_COVER
            ? !s->head || is_patch(s->head) || s->head->kind == PATCH_KIND_PULL
            : !s->head)
        s->head = e;
    if (e->kind == PATCH_KIND_PULL)
        s->pull = true;
    if (e->total > s->total)
        s->total = e->total;
    if (is_patch(e) && e->state != PATCH_STATE_DUPLICATE)
        note_part(w, e->part > 0 ? e->part : 1);
    if (!exist && e->state == PATCH_STATE_REVISION)
        w->any_revision = true;
    if (!exist && e->state == PATCH_STATE_NEW)
        w->any_new = true;
    if (e->state == PATCH_STATE_REVISION && e->prior_version > s->prior_version &&
        e->prior_version < e->version) {
        s->prior_version = e->prior_version;
        if (!s->prior_msgid || e == s->head)
            s->prior_msgid = e->prior_msgid;
    }
    if (e == s->head && e->prior_msgid && e->state == PATCH_STATE_REVISION &&
        e->prior_version < e->version)
        s->prior_msgid = e->prior_msgid;
    s->for_me |= e->for_me && !e->bot; /* a bot's notice of a commit waits on nobody */
    s->by_me |= e->by_me;
    if (is_patch(e) && !exist) {
        s->counted++;
        if (e->changed != 0)
            s->changed++;
        if (!w->first_patch || e->part < w->first_patch->part)
            w->first_patch = e;
    }
    for (size_t i = 0; i < e->subsystems.n; i++)
        if (!string_list_has(&s->subsystems, e->subsystems.v[i]))
            string_list_add(&s->subsystems, e->subsystems.v[i]);
    absorb_lifecycle(s, w, e);
}

/* The name in a From value: its display name, else its address. */
static void add_display_name(const char *from, strbuf *out)
{
    const char *lt = strchr(from, '<');
    const char *start = from, *end = lt ? lt : from + strlen(from);
    while (start < end && strchr(" \t\"", *start))
        start++;
    while (end > start && strchr(" \t\"", end[-1]))
        end--;
    if (lt && end > start) {
        sb_add(out, start, (size_t)(end - start));
        return;
    }
    char *email = address_email(from);
    sb_adds(out, email ? email : from);
    free(email);
}

/* Whether a reply's sender is one of the series' author: the address of its head's
   author or sender. */
static bool from_series_author(const digest_series *s, const char *from)
{
    char *email = from ? address_email(from) : NULL;
    bool same = false;
    const char *authors[] = {s->head->author, s->head->from};
    for (size_t i = 0; email && !same && i < 2; i++) {
        char *a = authors[i] ? address_email(authors[i]) : NULL;
        same = a && !strcasecmp(a, email);
        free(a);
    }
    free(email);
    return same;
}

/* A person's reply: counted unless by the author, its sender named when a review. */
static void note_person_reply(digest_series *s, const stored_reply *reply)
{
    if (from_series_author(s, reply->from))
        return;
    s->replies++;
    if (!reply->review || !reply->from)
        return;
    strbuf name = STRBUF_INIT;
    add_display_name(reply->from, &name);
    if (name.len && !string_list_has(&s->reviewers, name.data))
        string_list_add(&s->reviewers, name.data);
    sb_free(&name);
}

/* Each reply counts for the series of the first entry it names. */
static void link_replies(const digest *d, digest_report *r, const strmap *by_msgid)
{
    tally *bots = xcalloc(r->nseries ? r->nseries : 1, sizeof *bots);
    for (size_t k = 0; k < r->nseries; k++)
        bots[k].index = (strmap)STRMAP_INIT;
    for (size_t i = 0; i < d->nreplies; i++) {
        const stored_reply *reply = &d->replies[i];
        const size_t *k = NULL;
        for (size_t j = 0; !k && j < reply->parents.n; j++)
            k = strmap_get(by_msgid, reply->parents.v[j]);
        if (!k)
            continue;
        digest_series *s = &r->series[*k];
        if (!reply->bot)
            note_person_reply(s, reply);
        if (reply->bot)
            tally_add(&bots[*k], reply->bot);
        else if (reply->from_me)
            s->replied_by_me = true;
        else if (reply->review)
            s->reviews++;
    }
    for (size_t k = 0; k < r->nseries; k++)
        tally_finish(&bots[k], &r->series[k].bots, &r->series[k].nbots);
    free(bots);
}

static void build_series(const digest *d, digest_report *r, size_t *series_of,
                         series_work **work_out)
{
    strmap by_key = STRMAP_INIT;
    size_t cap = 0;
    series_work *work = NULL;
    size_t wcap = 0;
    for (size_t i = 0; i < d->n; i++) {
        const digest_entry *e = d->v[i];
        const char *key = e->grp ? e->grp : e->msgid ? e->msgid : "";
        size_t *slot;
        if (strmap_put(&by_key, key, &slot)) {
            r->series = xgrow(r->series, sizeof *r->series, r->nseries + 1, &cap);
            work = xgrow(work, sizeof *work, r->nseries + 1, &wcap);
            memset(&r->series[r->nseries], 0, sizeof r->series[0]);
            memset(&work[r->nseries], 0, sizeof work[0]);
            r->series[r->nseries].prior_series = -1;
            r->series[r->nseries].superseded_by = -1;
            *slot = r->nseries++;
        }
        series_of[i] = *slot;
        absorb(&r->series[*slot], &work[*slot], e);
    }
    strmap_free(&by_key);

    strmap by_msgid = STRMAP_INIT;
    for (size_t i = 0; i < d->n; i++) {
        size_t *slot;
        if (d->v[i]->msgid && strmap_put(&by_msgid, d->v[i]->msgid, &slot))
            *slot = series_of[i];
    }
    for (size_t k = 0; k < r->nseries; k++) {
        digest_series *s = &r->series[k];
        series_work *w = &work[k];
        s->version = s->head->version > 0 ? s->head->version : 1;
        s->parts = (unsigned)w->nparts;
        if (s->total < (int)s->parts)
            s->total = (int)s->parts;
        s->state = w->any_revision ? PATCH_STATE_REVISION
                   : w->any_new    ? PATCH_STATE_NEW
                                   : PATCH_STATE_RESEND;
        const size_t *prior = s->prior_msgid ? strmap_get(&by_msgid, s->prior_msgid) : NULL;
        if (prior && *prior != k)
            s->prior_series = (long)*prior;
    }
    for (size_t k = 0; k < r->nseries; k++) {
        long prior = r->series[k].prior_series;
        if (prior >= 0 && (size_t)prior < k)
            r->series[prior].superseded_by = (long)k;
    }
    link_replies(d, r, &by_msgid);
    strmap_free(&by_msgid);
    *work_out = work;
}

/* ---- lifecycle ---- */

/* The end of the report: meta's, else the newest date of its messages and replies. */
static long long report_end(const digest *d, const digest_meta *meta)
{
    if (meta && meta->end > 0)
        return meta->end;
    long long end = 0;
    for (size_t i = 0; i < d->n; i++)
        if (d->v[i]->date > end)
            end = d->v[i]->date;
    for (size_t i = 0; i < d->nreplies; i++)
        if (d->replies[i].date > end)
            end = d->replies[i].date;
    return end;
}

static digest_life life_of(const digest_series *s, long long end, int stale_days)
{
    if (s->superseded_by >= 0 || s->successor_msgid)
        return DIGEST_LIFE_SUPERSEDED;
    if (s->applied.n)
        return DIGEST_LIFE_APPLIED;
    if (s->verdict && !strcmp(s->verdict, "changes-requested"))
        return DIGEST_LIFE_CHANGES_REQUESTED;
    const digest_entry *cover = s->head->kind == PATCH_KIND_COVER ? s->head : NULL;
    if (cover && cover->date > 0 && (int)s->parts < s->total &&
        end - cover->date >= DIGEST_INCOMPLETE_AFTER)
        return DIGEST_LIFE_INCOMPLETE;
    long long age = s->date > 0 && end > s->date ? end - s->date : 0;
    if (!s->replies && age >= (long long)stale_days * 24 * 60 * 60)
        return DIGEST_LIFE_WAITING;
    return DIGEST_LIFE_OPEN;
}

typedef struct life_key {
    digest_life life;
    const char *subsystem; /* the first, "" none */
    size_t k;
} life_key;

static int by_life_order(const void *a, const void *b)
{
    const life_key *x = a, *y = b;
    if (x->life != y->life)
        return x->life < y->life ? -1 : 1;
    int c = strcmp(x->subsystem, y->subsystem);
    if (c)
        return c;
    return x->k < y->k ? -1 : x->k > y->k;
}

static void build_lifecycle(const digest *d, const digest_meta *meta, digest_report *r)
{
    long long end = report_end(d, meta);
    life_key *keys = xcalloc(r->nseries ? r->nseries : 1, sizeof *keys);
    for (size_t k = 0; k < r->nseries; k++) {
        digest_series *s = &r->series[k];
        s->life = life_of(s, end, r->stale_days);
        keys[k] = (life_key){s->life, s->subsystems.n ? s->subsystems.v[0] : "", k};
    }
    if (r->nseries)
        qsort(keys, r->nseries, sizeof *keys, by_life_order);
    r->by_life = xcalloc(r->nseries ? r->nseries : 1, sizeof *r->by_life);
    for (size_t k = 0; k < r->nseries; k++)
        r->by_life[k] = keys[k].k;
    free(keys);
}

/* ---- commit message blocks ---- */

static void build_blocks(const digest *d, digest_report *r, const size_t *series_of,
                         const series_work *work)
{
    strmap shown = STRMAP_INIT;
    for (size_t k = 0; k < r->nseries; k++) {
        size_t *slot;
        if (work[k].first_patch && work[k].first_patch->msgid)
            strmap_put(&shown, work[k].first_patch->msgid, &slot);
    }
    /* Series (by index) whose single patch is shown somewhere in the report. */
    bool *patch_shown = xcalloc(r->nseries ? r->nseries : 1, sizeof *patch_shown);
    for (size_t i = 0; i < d->n; i++)
        if (is_patch(d->v[i]) && d->v[i]->msgid && strmap_get(&shown, d->v[i]->msgid))
            patch_shown[series_of[i]] = true;

    r->blocks = xcalloc(d->n ? d->n : 1, sizeof *r->blocks);
    for (size_t i = 0; i < d->n; i++) {
        const digest_entry *e = d->v[i];
        size_t k = series_of[i];
        digest_block_kind kind;
        if (is_exist(e))
            kind = DIGEST_EXIST;
        else if (e->kind == PATCH_KIND_COVER)
            kind = e->total == 1 && patch_shown[k] ? DIGEST_SKIP : DIGEST_NEW;
        else if (is_patch(e) && e != work[k].first_patch)
            continue;
        else
            kind = DIGEST_NEW;
        r->blocks[r->nblocks++] = (digest_block){.kind = kind, .entry = e, .series = k};
    }
    free(patch_shown);
    strmap_free(&shown);
}

void digest_add_day(long long t, strbuf *out)
{
    time_t tt = (time_t)t;
    struct tm tm;
    char day[32];
    if (t > 0 && gmtime_r(&tt, &tm) && strftime(day, sizeof day, "%Y-%m-%d", &tm))
        sb_adds(out, day);
    else
        sb_adds(out, "?");
}

static void build_heading(const digest *d, const digest_meta *meta, digest_report *r)
{
    const char *name = meta && meta->name ? meta->name : NULL;
    long long first = 0, last = 0;
    for (size_t i = 0; i < d->n; i++) {
        const digest_entry *e = d->v[i];
        if (!name && e->list_id && *e->list_id)
            name = e->list_id;
        if (e->date > 0 && (!first || e->date < first))
            first = e->date;
        if (e->date > last)
            last = e->date;
    }
    strbuf h = STRBUF_INIT;
    sb_addf(&h, "%s mailing list update from ", name ? name : "patch");
    if (meta && meta->first)
        sb_adds(&h, meta->first);
    else
        digest_add_day(first, &h);
    sb_adds(&h, " to ");
    if (meta && meta->last)
        sb_adds(&h, meta->last);
    else
        digest_add_day(last, &h);
    r->heading = sb_detach(&h);
}

void digest_build(digest *d, const digest_meta *meta, digest_report *r)
{
    memset(r, 0, sizeof *r);
    r->me = meta && meta->me;
    r->link_base = meta ? meta->link_base : NULL;
    r->commit_base = meta ? meta->commit_base : NULL;
    r->stale_days = meta && meta->stale_days > 0 ? meta->stale_days : DIGEST_STALE_DAYS;
    resolve_roots(d);
    mark_copies(d);
    build_heading(d, meta, r);
    count_people(d, r);
    size_t *series_of = xcalloc(d->n ? d->n : 1, sizeof *series_of);
    series_work *work = NULL;
    build_series(d, r, series_of, &work);
    build_lifecycle(d, meta, r);
    build_blocks(d, r, series_of, work);
    for (size_t k = 0; k < r->nseries; k++)
        free(work[k].parts);
    free(work);
    free(series_of);
}

void digest_report_free(digest_report *r)
{
    free(r->heading);
    free_counts(r->domains, r->ndomains);
    free_counts(r->contributors, r->ncontributors);
    free_counts(r->bots, r->nbots);
    for (size_t k = 0; k < r->nseries; k++) {
        string_list_free(&r->series[k].subsystems);
        string_list_free(&r->series[k].applied);
        string_list_free(&r->series[k].reviewers);
        free_counts(r->series[k].bots, r->series[k].nbots);
    }
    free(r->series);
    free(r->by_life);
    free(r->blocks);
    memset(r, 0, sizeof *r);
}

/* ---- text ---- */

void digest_series_state(const digest_series *s, strbuf *out)
{
    if (s->state == PATCH_STATE_REVISION && s->prior_version > 0)
        sb_addf(out, "revision of v%d", s->prior_version);
    else
        sb_adds(out, patch_state_name(s->state));
}

/* "PREFIX NAME N, NAME N" when there are any. */
static void add_counts_inline(const digest_count *v, size_t n, const char *prefix, strbuf *out)
{
    for (size_t i = 0; i < n; i++)
        sb_addf(out, "%s%s %u", i ? ", " : prefix, v[i].name, v[i].n);
}

void digest_series_line(const digest_series *s, strbuf *out)
{
    const digest_entry *h = s->head;
    sb_addf(out, "v%d ", s->version);
    if (s->pull)
        sb_adds(out, "pull");
    else
        sb_addf(out, "%u/%d", s->parts, s->total);
    sb_addf(out, " %s -- ", h->title && *h->title ? h->title : "(no title)");
    digest_add_author(h, out);
    sb_adds(out, " -- ");
    digest_series_state(s, out);
    if (s->state == PATCH_STATE_REVISION && s->counted)
        sb_addf(out, ", %u of %u changed", s->changed, s->counted);
    for (size_t i = 0; i < s->subsystems.n && i < LIST_SUBSYSTEMS; i++)
        sb_addf(out, "%s%s", i ? ", " : " -- ", s->subsystems.v[i]);
    if (s->subsystems.n > LIST_SUBSYSTEMS)
        sb_addf(out, " (+%zu)", s->subsystems.n - LIST_SUBSYSTEMS);
    add_counts_inline(s->bots, s->nbots, " -- bots: ", out);
}

bool digest_series_waits_on_reader(const digest_series *s)
{
    return s->for_me && !s->by_me && !s->replied_by_me && s->superseded_by < 0;
}

void digest_series_fate(const digest_report *r, const digest_series *s, strbuf *out)
{
    sb_addf(out, "%u review%s", s->reviews, s->reviews == 1 ? "" : "s");
    add_counts_inline(s->bots, s->nbots, ", bots: ", out);
    if (s->superseded_by >= 0)
        sb_addf(out, ", superseded by v%d", r->series[s->superseded_by].version);
}

static void render_me(const digest_report *r, strbuf *out)
{
    sb_adds(out, "===== Waiting on you =====\n\n");
    size_t n = 0;
    for (size_t k = 0; k < r->nseries; k++) {
        const digest_series *s = &r->series[k];
        if (!digest_series_waits_on_reader(s))
            continue;
        digest_series_line(s, out);
        sb_addc(out, '\n');
        n++;
    }
    if (!n)
        sb_adds(out, "(nothing)\n");
    sb_adds(out, "\n===== Your series =====\n\n");
    n = 0;
    for (size_t k = 0; k < r->nseries; k++) {
        const digest_series *s = &r->series[k];
        if (!s->by_me)
            continue;
        digest_series_line(s, out);
        sb_adds(out, "\n    ");
        digest_series_fate(r, s, out);
        sb_addc(out, '\n');
        n++;
    }
    if (!n)
        sb_adds(out, "(none)\n");
    sb_addc(out, '\n');
}

void digest_add_author(const digest_entry *e, strbuf *out)
{
    const char *author = e->author && *e->author ? e->author : e->from;
    sb_adds(out, author && *author ? author : "?");
    if (author == e->from || !e->from || !*e->from)
        return;
    char *a = address_email(author), *s = address_email(e->from);
    if (a && s && strcasecmp(a, s))
        sb_addf(out, " (sent by %s)", e->from);
    free(a);
    free(s);
}

static void render_counts(const digest_count *v, size_t n, const char *gap, strbuf *out)
{
    for (size_t i = 0; i < n; i++)
        sb_addf(out, "%7u%s%s\n", v[i].n, gap, v[i].name);
}

/* The text with leading blank lines and trailing white space removed. */
static void add_text(const char *text, strbuf *out)
{
    if (!text)
        return;
    const char *s = text;
    for (const char *p = text; *p == '\n' || *p == '\r' || *p == ' ' || *p == '\t'; p++)
        if (*p == '\n')
            s = p + 1;
    size_t len = strlen(s);
    while (len && strchr(" \t\r\n", s[len - 1]))
        len--;
    sb_add(out, s, len);
    if (len)
        sb_addc(out, '\n');
}

/* Drops control characters (but tab and newline) from out after start. */
static void drop_controls(strbuf *out, size_t start)
{
    size_t w = start;
    for (size_t i = start; i < out->len; i++) {
        unsigned char c = (unsigned char)out->data[i];
        if (c >= 0x20 ? c != 0x7f : c == '\n' || c == '\t')
            out->data[w++] = (char)c;
    }
    sb_truncate(out, w);
}

const char *digest_life_title(digest_life life)
{
    static const char *const titles[DIGEST_LIVES] = {
        [DIGEST_LIFE_APPLIED] = "Applied",
        [DIGEST_LIFE_SUPERSEDED] = "Superseded",
        [DIGEST_LIFE_CHANGES_REQUESTED] = "Changes requested",
        [DIGEST_LIFE_INCOMPLETE] = "Incomplete",
        [DIGEST_LIFE_WAITING] = "Waiting for review",
        [DIGEST_LIFE_OPEN] = "Open",
    };
    return (unsigned)life < DIGEST_LIVES ? titles[life] : "?";
}

void digest_add_url_msgid(strbuf *out, const char *msgid)
{
    for (const unsigned char *p = (const unsigned char *)msgid; *p; p++) {
        if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
            strchr("-._~@!$'()*+,;=:", *p))
            sb_addc(out, (char)*p);
        else
            sb_addf(out, "%%%02X", *p);
    }
}

void digest_add_b4_command(const char *msgid, bool pull, strbuf *out)
{
    sb_adds(out, pull ? "b4 pr " : "b4 am ");
    bool plain = *msgid != '\0';
    for (const unsigned char *p = (const unsigned char *)msgid; plain && *p; p++)
        plain = (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
                (*p >= '0' && *p <= '9') || strchr("-._@+=%,:/", *p);
    if (plain) {
        sb_adds(out, msgid);
        return;
    }
    sb_addc(out, '\'');
    for (const char *p = msgid; *p; p++)
        if (*p == '\'')
            sb_adds(out, "'\\''");
        else
            sb_addc(out, *p);
    sb_addc(out, '\'');
}

void digest_series_reviewers(const digest_series *s, strbuf *out)
{
    if (s->reviewers.n) {
        sb_adds(out, "reviewed by ");
        for (size_t i = 0; i < s->reviewers.n; i++)
            sb_addf(out, "%s%s", i ? ", " : "", s->reviewers.v[i]);
    } else if (s->replies) {
        sb_addf(out, "no review yet, %u repl%s", s->replies, s->replies == 1 ? "y" : "ies");
    } else {
        sb_adds(out, "no reply yet");
    }
}

const char *digest_series_successor(const digest_report *r, const digest_series *s,
                                    int *version)
{
    if (s->superseded_by >= 0) {
        const digest_series *later = &r->series[s->superseded_by];
        *version = later->version;
        return later->head->msgid;
    }
    *version = s->successor_version;
    return s->successor_msgid;
}

const char *digest_applied_commit(const char *detail)
{
    const char *space = strrchr(detail, ' ');
    return space && space[1] ? space + 1 : NULL;
}

/* One series of the lifecycle sections: its patch list line, then what became of it. */
static void render_life_series(const digest_report *r, const digest_series *s, strbuf *out)
{
    const char *msgid = s->head->msgid ? s->head->msgid : "";
    digest_series_line(s, out);
    sb_adds(out, "\n    posted ");
    digest_add_day(s->date, out);
    if (r->link_base && *msgid) {
        sb_addf(out, " %s", r->link_base);
        digest_add_url_msgid(out, msgid);
    }
    if (*msgid) {
        sb_adds(out, "\n    ");
        digest_add_b4_command(msgid, s->pull, out);
    }
    sb_adds(out, "\n    ");
    digest_series_reviewers(s, out);
    if (s->verdict)
        sb_addf(out, "\n    verdict: %s", s->verdict);
    int version;
    const char *later = digest_series_successor(r, s, &version);
    if (later) {
        sb_addf(out, "\n    superseded by v%d", version);
        if (r->link_base) {
            sb_addf(out, " %s", r->link_base);
            digest_add_url_msgid(out, later);
        }
    }
    for (size_t i = 0; i < s->applied.n; i++) {
        const char *commit = digest_applied_commit(s->applied.v[i]);
        sb_addf(out, "\n    applied: %s", s->applied.v[i]);
        if (r->commit_base && commit)
            sb_addf(out, " %s%s", r->commit_base, commit);
    }
    sb_addc(out, '\n');
}

static void render_lifecycle(const digest_report *r, strbuf *out)
{
    sb_adds(out, "\n===== Series lifecycle =====\n");
    for (size_t i = 0; i < r->nseries;) {
        digest_life life = r->series[r->by_life[i]].life;
        size_t n = 0;
        while (i + n < r->nseries && r->series[r->by_life[i + n]].life == life)
            n++;
        sb_addf(out, "\n%s (%zu)", digest_life_title(life), n);
        if (life == DIGEST_LIFE_WAITING)
            sb_addf(out, ": no reply but its author's for %d days", r->stale_days);
        else if (life == DIGEST_LIFE_INCOMPLETE)
            sb_adds(out, ": parts missing a day after the cover");
        sb_adds(out, "\n\n");
        for (; n; n--, i++)
            render_life_series(r, &r->series[r->by_life[i]], out);
    }
}

void digest_render_text(const digest_report *r, strbuf *out)
{
    size_t start = out->len;
    sb_addf(out, "%s\n\n", r->heading);
    if (r->me)
        render_me(r, out);
    sb_addf(out, "Top %d contributor Email domains (Based on Email Body)\n\n", DIGEST_TOP);
    render_counts(r->domains, r->ndomains, " ", out);
    sb_addf(out, "\nTop %d contributors (Based on Email Body)\n\n", DIGEST_TOP);
    render_counts(r->contributors, r->ncontributors, "  ", out);
    if (r->bot_messages) {
        sb_addf(out, "\nMessages from bots: %u", r->bot_messages);
        add_counts_inline(r->bots, r->nbots, " (", out);
        sb_addc(out, ')');
        sb_addc(out, '\n');
    }
    sb_adds(out, "\n===== Patch list in this time period =====\n\n");
    for (size_t k = 0; k < r->nseries; k++) {
        digest_series_line(&r->series[k], out);
        sb_addc(out, '\n');
    }
    render_lifecycle(r, out);
    sb_adds(out, "\n===== Patch Commit Messages ====\n\n");
    for (size_t i = 0; i < r->nblocks; i++) {
        const digest_block *b = &r->blocks[i];
        const digest_entry *e = b->entry;
        const char *subject = e->subject ? e->subject : "";
        if (b->kind == DIGEST_EXIST) {
            sb_addf(out, "Exist: %s\n", subject);
            continue;
        }
        if (b->kind == DIGEST_SKIP) {
            sb_addf(out, " Skip: %s\n", subject);
            continue;
        }
        const char *title = r->series[b->series].head->title;
        sb_addf(out, "New:  %s\n%s\nAuthor: ", title ? title : "", subject);
        digest_add_author(e, out);
        sb_adds(out, "\n\n");
        add_text(e->text, out);
        sb_adds(out, "\n" SEPARATOR "\n\n");
    }
    drop_controls(out, start);
}
