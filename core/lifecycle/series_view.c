/* SPDX-License-Identifier: BSD-2-Clause */
/* series_view: what became of a series, version by version (see series_view.h). */
#include "series_view.h"

#include <stdlib.h>
#include <string.h>

#include "strmap.h"
#include "xalloc.h"

/* A message of the series with its events, where it goes in the view. */
typedef struct entry {
    const index_record *msg;
    const index_events *events;
    size_t order; /* recording order */
    int part;
} entry;

static int part_of(const index_record *r)
{
    return r->kind == PATCH_KIND_COVER ? 0 : r->total ? r->part : 1;
}

static int by_version_part_order(const void *pa, const void *pb)
{
    const entry *a = pa, *b = pb;
    if (a->msg->version != b->msg->version)
        return a->msg->version < b->msg->version ? -1 : 1;
    if (a->part != b->part)
        return a->part < b->part ? -1 : 1;
    return a->order < b->order ? -1 : a->order > b->order;
}

static series_applied parse_applied(const char *detail)
{
    const char *a = strchr(detail, ' ');
    const char *b = a ? strchr(a + 1, ' ') : NULL;
    if (!a || !b || strchr(b + 1, ' ') || a == detail || b == a + 1 || !b[1])
        return (series_applied){.tree = xstrdup(detail)};
    return (series_applied){.tree = xstrndup(detail, (size_t)(a - detail)),
                            .branch = xstrndup(a + 1, (size_t)(b - a - 1)),
                            .commit = xstrdup(b + 1)};
}

/* The events of e that the view shows, into p; the latest verdict of its version so
   far (by date; a later one of the same date wins) in *verdict and *verdict_date. */
static void take_events(series_part *p, const index_events *e, const char **verdict,
                        long long *verdict_date)
{
    p->applied = xcalloc(e->n ? e->n : 1, sizeof *p->applied);
    p->verdicts = xcalloc(e->n ? e->n : 1, sizeof *p->verdicts);
    p->reviews = xcalloc(e->n ? e->n : 1, sizeof *p->reviews);
    for (size_t i = 0; i < e->n; i++) {
        const index_event *ev = &e->v[i];
        if (!strcmp(ev->kind, "applied"))
            p->applied[p->napplied++] = parse_applied(ev->detail);
        else if (!strcmp(ev->kind, "review"))
            p->reviews[p->nreviews++] = ev->detail;
        else if (!strcmp(ev->kind, "verdict")) {
            p->verdicts[p->nverdicts++] = ev->detail;
            if (!*verdict || ev->date >= *verdict_date) {
                *verdict = ev->detail;
                *verdict_date = ev->date;
            }
        }
    }
}

/* Parts received of 1..total and the ranges missing (at most one more than there are
   parts), from the parts in part order. */
static void count_parts(series_version *v)
{
    v->missing = xcalloc(v->nparts + 1, sizeof *v->missing);
    int last = 0; /* the highest part seen */
    for (size_t i = 0; i < v->nparts; i++) {
        int part = v->parts[i].part;
        if (part <= last)
            continue;
        if (part > last + 1)
            v->missing[v->nmissing++] = (series_range){last + 1, part - 1};
        v->received++;
        last = part;
    }
    if (last < v->total)
        v->missing[v->nmissing++] = (series_range){last + 1, v->total};
    v->complete = v->nmissing == 0;
}

/* One version from its entries (same version, sorted), with successors by entry. */
static void build_version(const entry *es, size_t n, const index_record *const *successors,
                          series_version *v)
{
    *v = (series_version){.version = es[0].msg->version, .total = 1};
    v->parts = xcalloc(n, sizeof *v->parts);
    v->nparts = n;
    const index_record *first_patch = NULL;
    long long verdict_date = 0;
    bool applied = false;
    int last_applied_part = 0;
    for (size_t i = 0; i < n; i++) {
        const index_record *r = es[i].msg;
        series_part *p = &v->parts[i];
        *p = (series_part){.msg = r, .part = es[i].part, .successor = successors[i]};
        if (r->total > v->total)
            v->total = r->total;
        if (r->date > 0 && (!v->date || r->date < v->date))
            v->date = r->date;
        if (p->part == 0) {
            v->cover = true;
            if (!v->author)
                v->author = r->author;
        } else if (!first_patch)
            first_patch = r;
        take_events(p, es[i].events, &v->verdict, &verdict_date);
        applied = applied || p->napplied;
        if (p->napplied && p->part > last_applied_part) {
            v->applied_parts++;
            last_applied_part = p->part;
        }
    }
    if (!v->author && first_patch)
        v->author = first_patch->author;
    count_parts(v);
    v->state = applied ? SERIES_APPLIED : v->verdict ? SERIES_VERDICT : SERIES_WAITING;
}

/* True when a and b are both set and equal. */
static bool same_text(const char *a, const char *b)
{
    return a && b && !strcmp(a, b);
}

/* A patch no later version names (dropped from it, or not arrived) takes the successor
   of its posting's cover, when the cover is of its own sender: the rule by which
   pm_index_successor tells a reply's reader that a dropped patch was superseded. The
   covers of a version sort first in its entries (part 0). */
static void take_cover_successors(const entry *es, size_t n, const index_record **successors)
{
    for (size_t a = 0, b; a < n; a = b) {
        for (b = a + 1; b < n && es[b].msg->version == es[a].msg->version; b++)
            ;
        for (size_t i = a; i < b; i++) {
            const index_record *r = es[i].msg;
            if (successors[i] || r->kind != PATCH_KIND_PATCH)
                continue;
            for (size_t c = a; c < b && es[c].part == 0; c++)
                if (successors[c] && es[c].msg->kind == PATCH_KIND_COVER &&
                    same_text(es[c].msg->posting, r->posting) &&
                    same_text(es[c].msg->sender, r->sender)) {
                    successors[i] = successors[c];
                    break;
                }
        }
    }
}

void series_view_build(const index_series *series, series_view *out)
{
    *out = (series_view){.series_id = series->series_id, .truncated = series->truncated};
    size_t n = series->records.n;
    if (!n)
        return;
    entry *es = xcalloc(n, sizeof *es);
    for (size_t i = 0; i < n; i++)
        es[i] = (entry){.msg = &series->records.v[i], .events = &series->events[i], .order = i,
                        .part = part_of(&series->records.v[i])};
    qsort(es, n, sizeof *es, by_version_part_order);

    /* successors: the lowest later version whose message names it as prior */
    const index_record **successors = xcalloc(n, sizeof *successors);
    strmap at = STRMAP_INIT;
    for (size_t i = 0; i < n; i++) {
        size_t *slot;
        if (strmap_put(&at, es[i].msg->msgid, &slot))
            *slot = i;
    }
    for (size_t j = 0; j < n; j++) {
        const size_t *i = es[j].msg->prior_msgid ? strmap_get(&at, es[j].msg->prior_msgid) : NULL;
        if (i && es[*i].msg->version < es[j].msg->version &&
            (!successors[*i] || es[j].msg->version < successors[*i]->version))
            successors[*i] = es[j].msg;
    }
    strmap_free(&at);
    take_cover_successors(es, n, successors);

    size_t cap = 0;
    for (size_t a = 0, b; a < n; a = b) {
        for (b = a + 1; b < n && es[b].msg->version == es[a].msg->version; b++)
            ;
        out->versions = xgrow(out->versions, sizeof *out->versions, out->nversions + 1, &cap);
        build_version(es + a, b - a, successors + a, &out->versions[out->nversions++]);
    }
    free(successors);
    free(es);

    for (size_t i = 0; i + 1 < out->nversions; i++) {
        out->versions[i].superseded_by = out->versions[i + 1].version;
        out->versions[i].state = SERIES_SUPERSEDED;
    }
    const series_version *latest = &out->versions[out->nversions - 1];
    out->title = latest->parts[0].msg->title;
    out->asked = out->nversions - 1;
    for (size_t i = 0; series->msgid && i < n; i++)
        if (!strcmp(series->records.v[i].msgid, series->msgid))
            for (size_t k = 0; k < out->nversions; k++)
                if (out->versions[k].version == series->records.v[i].version)
                    out->asked = k;
}

void series_view_free(series_view *v)
{
    for (size_t i = 0; i < v->nversions; i++) {
        series_version *ver = &v->versions[i];
        for (size_t k = 0; k < ver->nparts; k++) {
            series_part *p = &ver->parts[k];
            for (size_t a = 0; a < p->napplied; a++) {
                free(p->applied[a].tree);
                free(p->applied[a].branch);
                free(p->applied[a].commit);
            }
            free(p->applied);
            free(p->verdicts);
            free(p->reviews);
        }
        free(ver->parts);
        free(ver->missing);
    }
    free(v->versions);
    memset(v, 0, sizeof *v);
}

const char *series_state_name(const series_version *v)
{
    switch (v->state) {
    case SERIES_APPLIED: return "applied";
    case SERIES_SUPERSEDED: return "superseded";
    case SERIES_VERDICT: return v->verdict;
    default: return "waiting";
    }
}
