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
#include "xalloc.h"

#define SEPARATOR "----------------------------------------------------------------------"
#define LIST_SUBSYSTEMS 3 /* subsystems named on a patch list line */

typedef struct digest_reply {
    string_list parents;
    char *bot;
    bool from_me, review;
} digest_reply;

struct digest {
    digest_entry **v;
    size_t n;
    size_t cap;
    digest_reply *replies;
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

void digest_add_reply(digest *d, const string_list *parents, const char *bot, bool from_me,
                      bool review)
{
    d->replies = xgrow(d->replies, sizeof *d->replies, d->nreplies + 1, &d->cap_replies);
    digest_reply *r = &d->replies[d->nreplies++];
    memset(r, 0, sizeof *r);
    for (size_t i = 0; i < parents->n; i++)
        string_list_add(&r->parents, parents->v[i]);
    r->bot = bot ? xstrdup(bot) : NULL;
    r->from_me = from_me;
    r->review = review;
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
    char *strings[] = {e->msgid, e->grp,    e->series_id, e->subject,     e->title,
                       e->from,  e->author, e->list_id,   e->prior_msgid, e->text};
    for (size_t i = 0; i < sizeof strings / sizeof strings[0]; i++)
        free(strings[i]);
    string_list_free(&e->subsystems);
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
} series_work;

static void note_part(series_work *w, int part)
{
    for (size_t i = 0; i < w->nparts; i++)
        if (w->parts[i] == part)
            return;
    w->parts = xgrow(w->parts, sizeof *w->parts, w->nparts + 1, &w->cap);
    w->parts[w->nparts++] = part;
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
}

/* Each reply counts for the series of the first entry it names. */
static void link_replies(const digest *d, digest_report *r, const strmap *by_msgid)
{
    tally *bots = xcalloc(r->nseries ? r->nseries : 1, sizeof *bots);
    for (size_t k = 0; k < r->nseries; k++)
        bots[k].index = (strmap)STRMAP_INIT;
    for (size_t i = 0; i < d->nreplies; i++) {
        const digest_reply *reply = &d->replies[i];
        const size_t *k = NULL;
        for (size_t j = 0; !k && j < reply->parents.n; j++)
            k = strmap_get(by_msgid, reply->parents.v[j]);
        if (!k)
            continue;
        digest_series *s = &r->series[*k];
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

static void day_of(long long t, strbuf *out)
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
        day_of(first, &h);
    sb_adds(&h, " to ");
    if (meta && meta->last)
        sb_adds(&h, meta->last);
    else
        day_of(last, &h);
    r->heading = sb_detach(&h);
}

void digest_build(digest *d, const digest_meta *meta, digest_report *r)
{
    memset(r, 0, sizeof *r);
    r->me = meta && meta->me;
    mark_copies(d);
    build_heading(d, meta, r);
    count_people(d, r);
    size_t *series_of = xcalloc(d->n ? d->n : 1, sizeof *series_of);
    series_work *work = NULL;
    build_series(d, r, series_of, &work);
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
        free_counts(r->series[k].bots, r->series[k].nbots);
    }
    free(r->series);
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
