/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * maintainers_match: the sections of a compiled MAINTAINERS that a patch touches,
 * ordered as get_maintainer.pl orders them (see maintainers.h for the rules).
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "maintainers.h"
#include "maintainers_impl.h"
#include "xalloc.h"

#define MT_MAX_PATH 4096 /* longer "file names" are not paths of a real tree */

typedef struct hit {
    uint32_t section;
    uint32_t seq; /* the matching entry; a later entry of the section overrides */
    int depth;
} hit;

typedef struct matcher {
    const maintainers *m;
    pcre2_match_data *md;
    hit *hits; /* for the current file */
    size_t nhits, cap_hits;
    uint32_t *order; /* sections of the result, in order */
    size_t norder, cap_order;
    unsigned char *taken; /* per section: in order[] already */
    strbuf scratch;
    strbuf guesses; /* ".../" tails: NUL-separated leading directories, best so far */
    int guess_score;
} matcher;

static bool search(const matcher *mt, const pcre2_code *re, const char *s, size_t len,
                   size_t start, size_t *at)
{
    int rc = pcre2_match(re, (PCRE2_SPTR)s, len, start, 0, mt->md, mt->m->mctx);
    if (rc < 0)
        return false; /* no match, or the match limit: counted as no match */
    if (at)
        *at = pcre2_get_ovector_pointer(mt->md)[0];
    return true;
}

static int count_slashes(const char *s, size_t len)
{
    int n = 0;
    for (size_t i = 0; i < len; i++)
        n += s[i] == '/';
    return n;
}

/* get_maintainer.pl's file_match_pattern, plus the directory reading of plain values. */
static bool pattern_matches(const matcher *mt, const mt_pattern *p, const char *path, size_t len,
                            int slashes)
{
    if (p->literal) {
        if (len < p->value_len || memcmp(path, p->value, p->value_len))
            return false;
        if (p->recursive || slashes == p->slashes)
            return true;
        return p->maybe_dir && path[p->value_len] == '/';
    }
    if (!p->recursive && slashes != p->slashes)
        return false;
    if (p->need_len && (len < p->prefix_len ||
                        !memmem(path + p->prefix_len, len - p->prefix_len, p->value + p->need_off,
                                p->need_len)))
        return false;
    return search(mt, p->re, path, len, 0, NULL);
}

static bool excluded(const matcher *mt, uint32_t section, const char *path, size_t len, int slashes)
{
    const mt_section *s = &mt->m->sections[section];
    for (uint32_t i = 0; i < s->x_count; i++)
        if (pattern_matches(mt, &mt->m->x[s->x_first + i], path, len, slashes))
            return true;
    return false;
}

static void add_hit(matcher *mt, uint32_t section, uint32_t seq, int depth)
{
    for (size_t i = 0; i < mt->nhits; i++) {
        if (mt->hits[i].section == section) {
            if (seq > mt->hits[i].seq)
                mt->hits[i] = (hit){section, seq, depth};
            return;
        }
    }
    mt->hits = xgrow(mt->hits, sizeof *mt->hits, mt->nhits + 1, &mt->cap_hits);
    mt->hits[mt->nhits++] = (hit){section, seq, depth};
}

static void try_pattern(matcher *mt, const mt_pattern *p, const char *path, size_t len, int slashes)
{
    if (pattern_matches(mt, p, path, len, slashes) && !excluded(mt, p->section, path, len, slashes))
        add_hit(mt, p->section, p->seq, p->depth);
}

/* The F: patterns whose literal prefix is path[0..plen), if any. */
static void probe(matcher *mt, uint64_t h, size_t plen, const char *path, size_t len, int slashes)
{
    const maintainers *m = mt->m;
    size_t mask = m->nbuckets - 1;
    for (size_t slot = (size_t)h & mask; m->buckets[slot].count; slot = (slot + 1) & mask) {
        const mt_bucket *b = &m->buckets[slot];
        if (b->hash != h)
            continue;
        const mt_pattern *first = &m->f[m->f_by_prefix[b->first]];
        if (first->prefix_len != plen || memcmp(first->value, path, plen))
            continue;
        for (uint32_t i = 0; i < b->count; i++)
            try_pattern(mt, &m->f[m->f_by_prefix[b->first + i]], path, len, slashes);
        return;
    }
}

static void match_path(matcher *mt, const char *path, size_t len, int slashes)
{
    uint64_t h = FNV1A_INIT;
    probe(mt, h, 0, path, len, slashes);
    for (size_t i = 0; i < len; i++) {
        h = fnv1a_step(h, (unsigned char)path[i]);
        probe(mt, h, i + 1, path, len, slashes);
    }
}

/* Adds prefix to the best guesses when it names at least as much of the tail. */
static void keep_guess(matcher *mt, const char *prefix, size_t len, int score)
{
    if (score < mt->guess_score)
        return;
    if (score > mt->guess_score) {
        mt->guess_score = score;
        sb_reset(&mt->guesses);
    }
    for (size_t at = 0; at < mt->guesses.len; at += strlen(mt->guesses.data + at) + 1)
        if (strlen(mt->guesses.data + at) == len && !memcmp(mt->guesses.data + at, prefix, len))
            return;
    sb_add(&mt->guesses, prefix, len);
    sb_addc(&mt->guesses, '\0');
}

static void match_full_path(matcher *mt, const char *path, size_t len);

/*
 * ".../tail" stands for some path ending in "/tail". Each F: value is tried with the
 * tail put after one of its leading directories whose next name is the tail's first
 * (in full) or has wildcards (value "arch/s390/mm/gmap.c", tail "mm/gmap.c" ->
 * "arch/s390/mm/gmap.c"); the leading directories that let a value name the most
 * components of the tail are taken as the path's start, and the paths so rebuilt are
 * matched as any other. match_tail returns false when no value fits the tail.
 */
static void try_name(matcher *mt, const mt_component *c, const char *tail, size_t tlen)
{
    if (c->score < (uint32_t)mt->guess_score)
        return;
    const mt_pattern *p = &mt->m->f[c->f];
    sb_reset(&mt->scratch);
    sb_add(&mt->scratch, p->value, c->off);
    sb_add(&mt->scratch, tail, tlen);
    if (pattern_matches(mt, p, mt->scratch.data, mt->scratch.len,
                        count_slashes(mt->scratch.data, mt->scratch.len)))
        keep_guess(mt, p->value, c->off, (int)c->score);
}

static bool match_tail(matcher *mt, const char *tail, size_t tlen)
{
    const maintainers *m = mt->m;
    mt->guess_score = 1;
    sb_reset(&mt->guesses);

    const char *slash = memchr(tail, '/', tlen);
    size_t first_len = slash ? (size_t)(slash - tail) : tlen;
    size_t lo = 0, hi = m->nplain_names; /* first name >= the tail's first name */
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        const mt_component *c = &m->plain_names[mid];
        size_t n = c->len < first_len ? c->len : first_len;
        int cmp = memcmp(m->f[c->f].value + c->off, tail, n);
        if (cmp < 0 || (cmp == 0 && c->len < first_len))
            lo = mid + 1;
        else
            hi = mid;
    }
    for (size_t i = lo; i < m->nplain_names; i++) {
        const mt_component *c = &m->plain_names[i];
        if (c->len != first_len || memcmp(m->f[c->f].value + c->off, tail, first_len))
            break;
        try_name(mt, c, tail, tlen);
    }
    for (size_t i = 0; i < m->nglob_names; i++)
        try_name(mt, &m->glob_names[i], tail, tlen);

    if (!mt->guesses.len)
        return false;
    strbuf path = STRBUF_INIT;
    for (size_t at = 0; at < mt->guesses.len; at += strlen(mt->guesses.data + at) + 1) {
        sb_reset(&path);
        sb_adds(&path, mt->guesses.data + at);
        sb_add(&path, tail, tlen);
        match_full_path(mt, path.data, path.len);
    }
    sb_free(&path);
    return true;
}

static int by_depth(const void *a, const void *b)
{
    const hit *ha = a, *hb = b;
    if (ha->depth != hb->depth)
        return ha->depth > hb->depth ? -1 : 1;
    return ha->section < hb->section ? -1 : ha->section > hb->section;
}

static void take(matcher *mt, uint32_t section)
{
    if (mt->taken[section])
        return;
    mt->taken[section] = 1;
    mt->order = xgrow(mt->order, sizeof *mt->order, mt->norder + 1, &mt->cap_order);
    mt->order[mt->norder++] = section;
}

/* F: (through the prefix index) and N: matches of one path, X: applied. */
static void match_full_path(matcher *mt, const char *path, size_t len)
{
    const maintainers *m = mt->m;
    int slashes = count_slashes(path, len);
    match_path(mt, path, len, slashes);
    if (m->nn && (!m->n_any || search(mt, m->n_any, path, len, 0, NULL))) {
        for (size_t i = 0; i < m->nn; i++)
            if (search(mt, m->n[i].re, path, len, 0, NULL) &&
                !excluded(mt, m->n[i].section, path, len, slashes))
                add_hit(mt, m->n[i].section, m->n[i].seq, 0);
    }
}

static void match_file(matcher *mt, const char *path, size_t len)
{
    mt->nhits = 0;
    if (len <= 4 || memcmp(path, ".../", 4) || !match_tail(mt, path + 4, len - 4))
        match_full_path(mt, path, len);
    if (mt->nhits > 1)
        qsort(mt->hits, mt->nhits, sizeof *mt->hits, by_depth);
    for (size_t i = 0; i < mt->nhits; i++)
        take(mt, mt->hits[i].section);
}

static bool is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v';
}

/* `^(---|\+\+\+)\s+\S`: where the script starts reading file names (and diff lines). */
static bool is_file_header(const char *l, size_t n)
{
    if (n < 4 || (memcmp(l, "---", 3) && memcmp(l, "+++", 3)) || !is_space(l[3]))
        return false;
    size_t i = 4;
    while (i < n && is_space(l[i]))
        i++;
    return i < n;
}

/* `^@@ -\d+,\d+`: hunk headers, not tried for keywords. */
static bool is_hunk_header(const char *l, size_t n)
{
    if (n < 5 || memcmp(l, "@@ -", 4))
        return false;
    size_t i = 4;
    while (i < n && l[i] >= '0' && l[i] <= '9')
        i++;
    if (i == 4 || i >= n || l[i] != ',')
        return false;
    return i + 1 < n && l[i + 1] >= '0' && l[i + 1] <= '9';
}

static size_t intro_end(const char *text, size_t len)
{
    for (size_t pos = 0; pos < len;) {
        const char *nl = memchr(text + pos, '\n', len - pos);
        size_t end = nl ? (size_t)(nl - text) : len;
        if (is_file_header(text + pos, end - pos))
            return pos;
        pos = end + 1;
    }
    return len;
}

/*
 * Whether `line_re` matches one line (with its newline) of text[from..to), as the
 * script's per-line loop would. `find` (the bare value, which matches wherever a
 * line_re match has its value part) is searched over the whole range to find candidate
 * lines quickly; each is confirmed with line_re on that line alone, so a match spanning
 * lines does not count.
 */
static bool matches_a_line(const matcher *mt, const pcre2_code *find, const pcre2_code *line_re,
                           const char *text, size_t from, size_t to, bool diff_part)
{
    size_t start = from, at;
    while (start < to && search(mt, find, text, to, start, &at)) {
        size_t ls = at;
        while (ls > from && text[ls - 1] != '\n')
            ls--;
        const char *nl = memchr(text + at, '\n', to - at);
        size_t le = nl ? (size_t)(nl - text) + 1 : to;
        size_t content = nl ? le - 1 - ls : le - ls;
        bool skipped = diff_part && (is_file_header(text + ls, content) ||
                                     is_hunk_header(text + ls, content));
        if (!skipped && search(mt, line_re, text + ls, le - ls, 0, NULL))
            return true;
        start = le;
    }
    return false;
}

static void match_keywords(matcher *mt, const char *text, size_t len)
{
    const maintainers *m = mt->m;
    size_t intro = intro_end(text, len);
    for (size_t i = 0; i < m->nk; i++) {
        const mt_regex *k = &m->k[i];
        if (mt->taken[k->section])
            continue;
        if (matches_a_line(mt, k->re, k->re, text, 0, intro, false) ||
            matches_a_line(mt, k->re, k->re_diff, text, intro, len, true))
            take(mt, k->section);
    }
}

static int by_string(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void list_push(string_list *l, char *owned)
{
    l->v = xgrow(l->v, sizeof *l->v, l->n + 1, &l->cap);
    l->v[l->n++] = owned;
}

static void fill_result(const matcher *mt, maint_match *out)
{
    const maintainers *m = mt->m;
    bool only_rest = mt->norder == 1;
    out->lists_upto = xcalloc(mt->norder ? mt->norder : 1, sizeof *out->lists_upto);
    out->ids = xcalloc(mt->norder ? mt->norder : 1, sizeof *out->ids);
    for (size_t i = 0; i < mt->norder; i++) {
        const mt_section *s = &m->sections[mt->order[i]];
        if (s->is_rest && !only_rest)
            continue;
        for (uint32_t l = 0; l < s->l_count; l++) {
            const char *addr = m->lists[s->l_first + l];
            bool seen = false;
            for (size_t j = 0; j < out->lists.n && !seen; j++)
                seen = !strcasecmp(out->lists.v[j], addr);
            if (!seen)
                list_push(&out->lists, xstrdup(addr));
        }
        out->lists_upto[out->sections.n] = out->lists.n;
        out->ids[out->sections.n] = mt->order[i];
        list_push(&out->sections, xstrdup(s->title));
    }
}

void maintainers_match(const maintainers *m, const string_list *files, const char *patch_text,
                       size_t patch_len, maint_match *out)
{
    memset(out, 0, sizeof *out);
    if (!m)
        return;
    matcher mt = {.m = m};
    mt.md = pcre2_match_data_create(1, NULL);
    if (!mt.md)
        abort(); /* allocation failure, as xalloc */
    mt.taken = xcalloc(m->nsections, 1);

    size_t nfiles = files ? files->n : 0;
    const char **sorted = xcalloc(nfiles ? nfiles : 1, sizeof *sorted);
    size_t n = 0;
    for (size_t i = 0; i < nfiles; i++)
        if (files->v[i] && files->v[i][0] && strlen(files->v[i]) <= MT_MAX_PATH)
            sorted[n++] = files->v[i];
    qsort(sorted, n, sizeof *sorted, by_string);
    for (size_t i = 0; i < n; i++)
        if (i == 0 || strcmp(sorted[i], sorted[i - 1]))
            match_file(&mt, sorted[i], strlen(sorted[i]));
    free(sorted);

    if (patch_text && patch_len)
        match_keywords(&mt, patch_text, patch_len);
    fill_result(&mt, out);

    free(mt.hits);
    free(mt.order);
    free(mt.taken);
    sb_free(&mt.scratch);
    sb_free(&mt.guesses);
    pcre2_match_data_free(mt.md);
}

void maint_match_limit(maint_match *r, size_t max_sections)
{
    if (!max_sections || r->sections.n <= max_sections)
        return;
    for (size_t i = max_sections; i < r->sections.n; i++)
        free(r->sections.v[i]);
    r->sections.n = max_sections;
    size_t keep = r->lists_upto[max_sections - 1];
    for (size_t i = keep; i < r->lists.n; i++)
        free(r->lists.v[i]);
    r->lists.n = keep;
}

size_t maintainers_section_people(const maintainers *m, unsigned id, const maint_person **out)
{
    if (!m || id >= m->nsections) {
        *out = NULL;
        return 0;
    }
    *out = m->people + m->sections[id].p_first;
    return m->sections[id].p_count;
}

void maintainers_sections_named(const maintainers *m, const string_list *titles, maint_match *out)
{
    memset(out, 0, sizeof *out);
    if (!m || !titles->n)
        return;
    for (size_t id = 0; id < m->nsections; id++) {
        if (!string_list_has(titles, m->sections[id].title) ||
            string_list_has(&out->sections, m->sections[id].title))
            continue;
        out->ids = xrealloc(out->ids, (out->sections.n + 1) * sizeof *out->ids);
        out->ids[out->sections.n] = (unsigned)id;
        string_list_add(&out->sections, m->sections[id].title);
    }
    out->lists_upto = xcalloc(out->sections.n ? out->sections.n : 1, sizeof *out->lists_upto);
}

void maint_match_free(maint_match *r)
{
    for (size_t i = 0; i < r->sections.n; i++)
        free(r->sections.v[i]);
    for (size_t i = 0; i < r->lists.n; i++)
        free(r->lists.v[i]);
    free(r->sections.v);
    free(r->lists.v);
    free(r->lists_upto);
    free(r->ids);
    memset(r, 0, sizeof *r);
}
