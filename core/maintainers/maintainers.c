/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * maintainers: parses a MAINTAINERS text into sections and compiles its F:/X:/N:/K:
 * entries (see maintainers.h for the rules), builds the prefix index of the F:
 * patterns, and frees the result when its last reference goes.
 */
#include "maintainers.h"

#include <stdlib.h>
#include <string.h>

#include "address.h"
#include "maintainers_impl.h"
#include "xalloc.h"

#define MT_MAX_TEXT (64u << 20)     /* the upstream file is under 1 MiB */
#define MT_MATCH_LIMIT 1000000u     /* PCRE2 backtracking steps per search */
#define MT_HEAP_LIMIT_KIB 65536u


typedef struct builder {
    maintainers *m;
    size_t cap_sections, cap_f, cap_x, cap_n, cap_k, cap_lists, cap_people;
    strbuf scratch;
    strbuf n_any;      /* "(?:N1\n)|(?:N2\n)|..." */
    bool n_any_broken; /* a value with back references: numbering would shift */
} builder;

static bool is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v';
}

static pcre2_code *compile(const char *pattern, size_t len, uint32_t options, bool jit)
{
    int errcode;
    PCRE2_SIZE erroff;
    pcre2_code *re = pcre2_compile((PCRE2_SPTR)pattern, len, options, &errcode, &erroff, NULL);
    if (re && jit)
        pcre2_jit_compile(re, PCRE2_JIT_COMPLETE); /* without JIT the interpreter runs */
    return re;
}

/* F:/X: value -> get_maintainer.pl's regex: `.` -> `\.`, `*` -> `.*`, `?` -> `.`. */
static void convert_glob(strbuf *out, const char *value, size_t len)
{
    sb_reset(out);
    sb_addc(out, '^');
    for (size_t i = 0; i < len; i++) {
        if (value[i] == '.')
            sb_adds(out, "\\.");
        else if (value[i] == '*')
            sb_adds(out, ".*");
        else if (value[i] == '?')
            sb_addc(out, '.');
        else
            sb_addc(out, value[i]);
    }
}

/* The literal start every match of the value has (the index key). */
static size_t literal_prefix(const char *value, size_t len)
{
    if (memchr(value, '|', len))
        return 0;
    size_t i = 0;
    while (i < len && !strchr(MT_REGEX_CHARS, value[i]))
        i++;
    if (i < len && i > 0 && (value[i] == '+' || value[i] == '{'))
        i--; /* "ab+": the b is a quantified atom, only "a" is certain */
    return i;
}

/* The longest literal run after the prefix that every match contains (a cheap test
 * before the regex), outside bracket classes; none when the value has groups, escapes
 * or counted repeats, which would need a real regex parser to see through. */
static void needed_literal(mt_pattern *p, const char *value, size_t len)
{
    for (size_t i = 0; i < len; i++)
        if (strchr("|(\\{", value[i]))
            return;
    size_t i = p->prefix_len;
    while (i < len) {
        if (value[i] == '[') {
            while (i < len && value[i] != ']')
                i++;
            i++;
            continue;
        }
        size_t start = i;
        while (i < len && !strchr(MT_REGEX_CHARS, value[i]) && value[i] != ']')
            i++;
        size_t run = i - start;
        if (run && i < len && (value[i] == '+' || value[i] == '{'))
            run--; /* the last character is quantified */
        if (run > p->need_len) {
            p->need_off = start;
            p->need_len = run;
        }
        if (i == start)
            i++;
    }
}

static bool compile_pattern(builder *b, mt_pattern *p, const char *value, size_t len)
{
    memset(p, 0, sizeof *p);
    p->literal = true;
    for (size_t i = 0; i < len; i++) {
        if (value[i] == '/')
            p->slashes++;
        if (strchr(MT_REGEX_CHARS, value[i]))
            p->literal = false;
    }
    p->recursive = len > 0 && value[len - 1] == '/';
    p->depth = p->slashes + (p->recursive ? 0 : 1);
    if (len > 0 && value[0] == '*')
        p->depth = -1;
    /* The script's `-d` test sees the converted value: a `.` (now `\.`) never names a
     * directory, so only plain values can be directories. */
    p->maybe_dir = p->literal && !p->recursive && len > 0 && !memchr(value, '.', len);
    p->prefix_len = literal_prefix(value, len);
    if (!p->literal) {
        needed_literal(p, value, len);
        convert_glob(&b->scratch, value, len);
        p->re = compile(b->scratch.data, b->scratch.len, 0, false);
        if (!p->re)
            return false;
    }
    p->value = xstrndup(value, len);
    p->value_len = len;
    return true;
}

static bool compile_regex(mt_regex *r, const char *value, size_t len, bool keyword, strbuf *scratch)
{
    memset(r, 0, sizeof *r);
    r->re = compile(value, len, PCRE2_EXTENDED | PCRE2_MULTILINE, true);
    if (!r->re)
        return false;
    if (keyword) {
        sb_reset(scratch);
        sb_adds(scratch, "^[+-].*");
        sb_add(scratch, value, len);
        r->re_diff = compile(scratch->data, scratch->len, PCRE2_EXTENDED | PCRE2_MULTILINE, true);
        if (!r->re_diff) {
            pcre2_code_free(r->re);
            r->re = NULL;
            return false;
        }
    }
    return true;
}

/* One regex matching wherever some N: value does, tried first on each file name. The
 * "\n" ends a /x comment a value might hold, so the values stay apart. */
static void add_to_n_any(builder *b, const pcre2_code *re, const char *value, size_t len)
{
    uint32_t backrefs = 0;
    pcre2_pattern_info(re, PCRE2_INFO_BACKREFMAX, &backrefs);
    if (backrefs)
        b->n_any_broken = true;
    if (b->n_any.len)
        sb_addc(&b->n_any, '|');
    sb_adds(&b->n_any, "(?:");
    sb_add(&b->n_any, value, len);
    sb_adds(&b->n_any, "\n)");
}

static void start_section(builder *b, const char *title, size_t title_len)
{
    maintainers *m = b->m;
    while (title_len > 0 && is_space(title[title_len - 1]))
        title_len--;
    m->sections = xgrow(m->sections, sizeof *m->sections, m->nsections + 1, &b->cap_sections);
    mt_section *s = &m->sections[m->nsections++];
    s->title = xstrndup(title, title_len);
    s->x_first = (uint32_t)m->nx;
    s->x_count = 0;
    s->l_first = (uint32_t)m->nlists;
    s->l_count = 0;
    s->p_first = (uint32_t)m->npeople;
    s->p_count = 0;
    s->is_rest = !strcmp(s->title, "THE REST");
}

static void add_entry(builder *b, char type, const char *value, size_t len, uint32_t seq)
{
    maintainers *m = b->m;
    uint32_t section = (uint32_t)(m->nsections - 1);
    mt_section *s = &m->sections[section];
    switch (type) {
    case 'F':
        m->f = xgrow(m->f, sizeof *m->f, m->nf + 1, &b->cap_f);
        if (compile_pattern(b, &m->f[m->nf], value, len)) {
            m->f[m->nf].section = section;
            m->f[m->nf++].seq = seq;
        } else {
            m->stats.invalid++;
        }
        m->stats.f++;
        break;
    case 'X':
        m->x = xgrow(m->x, sizeof *m->x, m->nx + 1, &b->cap_x);
        if (compile_pattern(b, &m->x[m->nx], value, len)) {
            m->x[m->nx].section = section;
            m->x[m->nx++].seq = seq;
            s->x_count++;
        } else {
            m->stats.invalid++;
        }
        m->stats.x++;
        break;
    case 'N':
    case 'K': {
        bool keyword = type == 'K';
        mt_regex **arr = keyword ? &m->k : &m->n;
        size_t *n = keyword ? &m->nk : &m->nn;
        *arr = xgrow(*arr, sizeof **arr, *n + 1, keyword ? &b->cap_k : &b->cap_n);
        if (compile_regex(&(*arr)[*n], value, len, keyword, &b->scratch)) {
            if (!keyword)
                add_to_n_any(b, (*arr)[*n].re, value, len);
            (*arr)[*n].section = section;
            (*arr)[(*n)++].seq = seq;
        } else {
            m->stats.invalid++;
        }
        if (keyword)
            m->stats.k++;
        else
            m->stats.n++;
        break;
    }
    case 'L': {
        size_t word = 0;
        while (word < len && !is_space(value[word]))
            word++;
        if (word > 0) {
            m->lists = xgrow(m->lists, sizeof *m->lists, m->nlists + 1, &b->cap_lists);
            m->lists[m->nlists++] = xstrndup(value, word);
            s->l_count++;
        }
        m->stats.l++;
        break;
    }
    case 'S':
        m->stats.s++;
        break;
    case 'M':
    case 'R': {
        char *value_copy = xstrndup(value, len);
        char *email = address_email(value_copy);
        free(value_copy);
        if (strchr(email, '@')) {
            m->people = xgrow(m->people, sizeof *m->people, m->npeople + 1, &b->cap_people);
            m->people[m->npeople++] = (maint_person){.role = type, .email = email};
            s->p_count++;
        } else {
            free(email);
        }
        break;
    }
    default:
        break;
    }
}

static void parse(builder *b, const char *text, size_t len)
{
    const char *title = NULL;
    size_t title_len = 0;
    bool in_section = false;
    uint32_t seq = 0;
    for (size_t pos = 0; pos < len; seq++) {
        const char *line = text + pos;
        const char *nl = memchr(line, '\n', len - pos);
        size_t line_len = nl ? (size_t)(nl - line) : len - pos;
        pos += line_len + (nl ? 1 : 0);
        if (line_len > 0 && line[line_len - 1] == '\r')
            line_len--;

        size_t i = 0;
        while (i < line_len && is_space(line[i]))
            i++;
        if (i == line_len)
            continue; /* blank lines do not end a section, as in the script */

        if (line_len >= 2 && line[0] >= 'A' && line[0] <= 'Z' && line[1] == ':') {
            if (!in_section) {
                if (title)
                    start_section(b, title, title_len);
                else
                    start_section(b, line, line_len); /* tags before any title: as the script */
                in_section = true;
            }
            size_t v = 2;
            while (v < line_len && is_space(line[v]))
                v++;
            add_entry(b, line[0], line + v, line_len - v, seq);
        } else {
            title = line;
            title_len = line_len;
            in_section = false;
        }
    }
    b->m->stats.sections = b->m->nsections;
}

static int by_prefix(const void *a, const void *b, void *arg)
{
    const mt_pattern *f = arg;
    uint32_t ia = *(const uint32_t *)a, ib = *(const uint32_t *)b;
    const mt_pattern *pa = &f[ia], *pb = &f[ib];
    size_t n = pa->prefix_len < pb->prefix_len ? pa->prefix_len : pb->prefix_len;
    int c = memcmp(pa->value, pb->value, n);
    if (c)
        return c;
    if (pa->prefix_len != pb->prefix_len)
        return pa->prefix_len < pb->prefix_len ? -1 : 1;
    return ia < ib ? -1 : ia > ib;
}

/* Groups the F: patterns by literal prefix into an open-addressing table. */
static void build_index(maintainers *m)
{
    m->f_by_prefix = xcalloc(m->nf ? m->nf : 1, sizeof *m->f_by_prefix);
    for (size_t i = 0; i < m->nf; i++)
        m->f_by_prefix[i] = (uint32_t)i;
    qsort_r(m->f_by_prefix, m->nf, sizeof *m->f_by_prefix, by_prefix, m->f);

    m->nbuckets = 16;
    while (m->nbuckets < 2 * m->nf)
        m->nbuckets *= 2;
    m->buckets = xcalloc(m->nbuckets, sizeof *m->buckets);
    for (size_t i = 0; i < m->nf;) {
        const mt_pattern *p = &m->f[m->f_by_prefix[i]];
        size_t j = i + 1;
        while (j < m->nf && m->f[m->f_by_prefix[j]].prefix_len == p->prefix_len &&
               !memcmp(m->f[m->f_by_prefix[j]].value, p->value, p->prefix_len))
            j++;
        uint64_t h = fnv1a(p->value, p->prefix_len);
        size_t slot = (size_t)h & (m->nbuckets - 1);
        while (m->buckets[slot].count)
            slot = (slot + 1) & (m->nbuckets - 1);
        m->buckets[slot] = (mt_bucket){h, (uint32_t)i, (uint32_t)(j - i)};
        i = j;
    }
}

/* Names from value[from] on that are not only wildcards. */
static uint32_t named_components(const char *value, size_t from)
{
    uint32_t n = 0;
    while (value[from]) {
        size_t clen = strcspn(value + from, "/");
        if (strspn(value + from, "*?.[]\\") < clen)
            n++;
        from += clen + (value[from + clen] == '/');
    }
    return n;
}

static int by_name(const void *a, const void *b, void *arg)
{
    const mt_pattern *f = arg;
    const mt_component *ca = a, *cb = b;
    size_t n = ca->len < cb->len ? ca->len : cb->len;
    int c = memcmp(f[ca->f].value + ca->off, f[cb->f].value + cb->off, n);
    if (c)
        return c;
    if (ca->len != cb->len)
        return ca->len < cb->len ? -1 : 1;
    if (ca->f != cb->f)
        return ca->f < cb->f ? -1 : 1;
    return ca->off < cb->off ? -1 : ca->off > cb->off;
}

/* Every name after a '/' of an F: value, for the ".../" tails of diffstats. */
static void build_names(maintainers *m)
{
    size_t cap_plain = 0, cap_glob = 0;
    for (size_t fi = 0; fi < m->nf; fi++) {
        const char *v = m->f[fi].value;
        for (size_t i = 0; v[i] && v[i + 1]; i++) {
            if (v[i] != '/')
                continue;
            size_t off = i + 1, len = strcspn(v + off, "/");
            uint32_t score = named_components(v, off);
            if (!score)
                continue; /* only wildcards left: any tail would fit */
            mt_component c = {(uint32_t)fi, (uint32_t)off, (uint32_t)len, score};
            if (strcspn(v + off, MT_REGEX_CHARS) >= len) {
                m->plain_names = xgrow(m->plain_names, sizeof c, m->nplain_names + 1, &cap_plain);
                m->plain_names[m->nplain_names++] = c;
            } else {
                m->glob_names = xgrow(m->glob_names, sizeof c, m->nglob_names + 1, &cap_glob);
                m->glob_names[m->nglob_names++] = c;
            }
        }
    }
    if (m->nplain_names)
        qsort_r(m->plain_names, m->nplain_names, sizeof *m->plain_names, by_name, m->f);
}

int maintainers_load_buffer(const char *text, size_t len, maintainers **out, strbuf *err)
{
    *out = NULL;
    if (len > MT_MAX_TEXT) {
        sb_fail(err, "MAINTAINERS text too large (%zu bytes, limit %u)", len, MT_MAX_TEXT);
        return -1;
    }
    if (len && memchr(text, '\0', len)) {
        sb_fail(err, "MAINTAINERS text contains NUL bytes");
        return -1;
    }
    builder b = {0};
    b.m = xcalloc(1, sizeof *b.m);
    atomic_init(&b.m->refs, 1);
    parse(&b, text, len);
    if (!b.m->nsections) {
        sb_fail(err, "no MAINTAINERS sections found");
        sb_free(&b.scratch);
        sb_free(&b.n_any);
        maintainers_free(b.m);
        return -1;
    }
    build_index(b.m);
    build_names(b.m);
    if (b.m->nn && !b.n_any_broken)
        b.m->n_any = compile(b.n_any.data, b.n_any.len, PCRE2_EXTENDED, true);
    b.m->mctx = pcre2_match_context_create(NULL);
    if (!b.m->mctx)
        abort(); /* allocation failure, as xalloc */
    pcre2_set_match_limit(b.m->mctx, MT_MATCH_LIMIT);
    pcre2_set_heap_limit(b.m->mctx, MT_HEAP_LIMIT_KIB);
    sb_free(&b.scratch);
    sb_free(&b.n_any);
    *out = b.m;
    return 0;
}

static void free_patterns(mt_pattern *p, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(p[i].value);
        pcre2_code_free(p[i].re);
    }
    free(p);
}

static void free_regexes(mt_regex *r, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        pcre2_code_free(r[i].re);
        pcre2_code_free(r[i].re_diff);
    }
    free(r);
}

void maintainers_free(maintainers *m)
{
    if (!m || atomic_fetch_sub(&m->refs, 1) != 1)
        return;
    for (size_t i = 0; i < m->nsections; i++)
        free(m->sections[i].title);
    free(m->sections);
    free_patterns(m->f, m->nf);
    free_patterns(m->x, m->nx);
    free_regexes(m->n, m->nn);
    free_regexes(m->k, m->nk);
    for (size_t i = 0; i < m->nlists; i++)
        free(m->lists[i]);
    free(m->lists);
    for (size_t i = 0; i < m->npeople; i++)
        free(m->people[i].email);
    free(m->people);
    pcre2_code_free(m->n_any);
    free(m->buckets);
    free(m->f_by_prefix);
    free(m->plain_names);
    free(m->glob_names);
    pcre2_match_context_free(m->mctx);
    free(m);
}

void maintainers_stats(const maintainers *m, maint_stats *out)
{
    *out = m->stats;
}
