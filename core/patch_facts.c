/* patch_facts: deriving the patch facts of one message (see patch_facts.h). */
#include "patch_facts.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "address.h"
#include "mime.h"
#include "patchid.h"
#include "rfc2047.h"
#include "strbuf.h"
#include "xalloc.h"

void string_list_addn(string_list *l, const char *s, size_t n)
{
    l->v = xgrow(l->v, sizeof *l->v, l->n + 1, &l->cap);
    l->v[l->n++] = xstrndup(s, n);
}

void string_list_add(string_list *l, const char *s)
{
    string_list_addn(l, s, strlen(s));
}

bool string_list_has(const string_list *l, const char *s)
{
    for (size_t i = 0; i < l->n; i++)
        if (!strcmp(l->v[i], s))
            return true;
    return false;
}

void string_list_free(string_list *l)
{
    for (size_t i = 0; i < l->n; i++)
        free(l->v[i]);
    free(l->v);
    memset(l, 0, sizeof *l);
}

const char *patch_kind_name(patch_kind kind)
{
    switch (kind) {
    case PATCH_KIND_PATCH: return "patch";
    case PATCH_KIND_COVER: return "cover";
    case PATCH_KIND_REPLY: return "reply";
    case PATCH_KIND_PULL: return "pull";
    case PATCH_KIND_NONE: break;
    }
    return NULL;
}

/* A line of text: [start, end) without its LF. */
typedef struct line {
    const char *start;
    size_t len;
} line;

static bool next_line(const char *text, size_t len, size_t *pos, line *out)
{
    if (*pos >= len)
        return false;
    const char *nl = memchr(text + *pos, '\n', len - *pos);
    size_t end = nl ? (size_t)(nl - text) : len;
    out->start = text + *pos;
    out->len = end - *pos;
    *pos = nl ? end + 1 : len;
    return true;
}

static bool line_starts(const line *l, const char *prefix)
{
    size_t n = strlen(prefix);
    return l->len >= n && !memcmp(l->start, prefix, n);
}

/* Message-IDs in a header value: every <...> token (without brackets). */
static void collect_msgids(const char *value, string_list *out)
{
    const char *p = value;
    while ((p = strchr(p, '<'))) {
        const char *q = strchr(p + 1, '>');
        if (!q)
            break;
        if (q > p + 1 && !memchr(p + 1, '<', (size_t)(q - p - 1)))
            string_list_addn(out, p + 1, (size_t)(q - p - 1));
        p = q + 1;
    }
}

static char *first_msgid(const char *value)
{
    if (!value)
        return NULL;
    string_list ids = {0};
    collect_msgids(value, &ids);
    char *id = ids.n ? xstrdup(ids.v[0]) : (*value && !strpbrk(value, " \t") ? xstrdup(value) : NULL);
    string_list_free(&ids);
    return id;
}

/* Offsets of the diff in text: where it starts and where it ends (the "-- " line). */
typedef struct diff_span {
    size_t start; /* == len when there is no diff */
    size_t end;
    size_t signature; /* start of the "-- " line after the body or diff, or len */
} diff_span;

static bool is_unified_header(const char *text, size_t len, size_t pos)
{
    line a = {0}, b = {0};
    size_t p = pos;
    if (!next_line(text, len, &p, &a) || !line_starts(&a, "--- "))
        return false;
    if (!next_line(text, len, &p, &b) || !line_starts(&b, "+++ "))
        return false;
    line c = {0};
    return next_line(text, len, &p, &c) && line_starts(&c, "@@ ");
}

static diff_span find_diff(const char *text, size_t len)
{
    diff_span d = {len, len, len};
    size_t pos = 0;
    line l;
    while (true) {
        size_t at = pos;
        if (!next_line(text, len, &pos, &l))
            break;
        if (d.start == len && (line_starts(&l, "diff ") || (line_starts(&l, "--- ") && is_unified_header(text, len, at)))) {
            d.start = at;
            continue;
        }
        if (l.len == 3 && !memcmp(l.start, "-- ", 3)) {
            if (d.signature == len)
                d.signature = at;
            if (d.start < len) { /* the diff ends at the signature after it */
                d.end = at;
                break;
            }
        }
    }
    if (d.start == len)
        d.end = len;
    return d;
}

/* The file list of a diff with a hash index over it, so that adding a path already
 * there costs no scan of the list (a diff may touch 100,000 files). */
typedef struct path_set {
    string_list *list;
    size_t *slots; /* index + 1 into list->v, 0 for an empty slot */
    size_t nslots; /* a power of two, more than twice list->n */
} path_set;

static size_t path_hash(const char *s)
{
    size_t h = 14695981039346656037u;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211u;
    return h;
}

/* The slot holding path, or the empty slot where it would go. */
static size_t *path_slot(const path_set *ps, const char *path)
{
    size_t i = path_hash(path) & (ps->nslots - 1);
    while (ps->slots[i] && strcmp(ps->list->v[ps->slots[i] - 1], path))
        i = (i + 1) & (ps->nslots - 1);
    return &ps->slots[i];
}

static void path_set_rehash(path_set *ps, size_t nslots)
{
    free(ps->slots);
    ps->nslots = nslots;
    ps->slots = xcalloc(nslots, sizeof *ps->slots);
    for (size_t k = 0; k < ps->list->n; k++)
        *path_slot(ps, ps->list->v[k]) = k + 1;
}

static void path_set_init(path_set *ps, string_list *list)
{
    ps->list = list;
    ps->slots = NULL;
    size_t n = 64;
    while (n <= 2 * list->n)
        n *= 2;
    path_set_rehash(ps, n);
}

/* Adds path (taking it) unless it is there already. */
static void path_set_take(path_set *ps, char *path)
{
    size_t *slot = path_slot(ps, path);
    if (*slot) {
        free(path);
        return;
    }
    string_list *l = ps->list;
    l->v = xgrow(l->v, sizeof *l->v, l->n + 1, &l->cap);
    l->v[l->n++] = path;
    *slot = l->n;
    if (2 * l->n >= ps->nslots)
        path_set_rehash(ps, 2 * ps->nslots);
}

static void path_set_free(path_set *ps)
{
    free(ps->slots);
    ps->slots = NULL;
}

/* Strips "a/" or "b/" and surrounding quotes from a diff path. */
static void add_diff_path(path_set *files, const char *p, size_t n)
{
    if (n >= 2 && p[0] == '"' && p[n - 1] == '"') {
        p++;
        n -= 2;
    }
    if (n >= 2 && (p[0] == 'a' || p[0] == 'b') && p[1] == '/') {
        p += 2;
        n -= 2;
    }
    if (!n || (n == 9 && !memcmp(p, "dev/null", 8)))
        return;
    if (n == 9 && !memcmp(p, "/dev/null", 9))
        return;
    path_set_take(files, xstrndup(p, n));
}

static void files_from_diff(const char *diff, size_t len, string_list *list)
{
    path_set set;
    path_set_init(&set, list);
    path_set *files = &set;
    size_t pos = 0;
    line l;
    while (next_line(diff, len, &pos, &l)) {
        if (line_starts(&l, "diff --git ")) {
            const char *a = l.start + 11;
            size_t rest = l.len - 11;
            /* "a/X b/Y": split at the " b/" that leaves equal halves when possible */
            const char *split = NULL;
            for (size_t i = 0; i + 3 <= rest; i++)
                if (!memcmp(a + i, " b/", 3) || !memcmp(a + i, " \"b/", 4)) {
                    split = a + i;
                    if (i * 2 + 1 == rest)
                        break;
                }
            if (split) {
                add_diff_path(files, a, (size_t)(split - a));
                add_diff_path(files, split + 1, rest - (size_t)(split + 1 - a));
            }
        } else if (line_starts(&l, "rename from ") || line_starts(&l, "rename to ")) {
            const char *p = memchr(l.start + 7, ' ', l.len - 7);
            if (p)
                add_diff_path(files, p + 1, l.len - (size_t)(p + 1 - l.start));
        } else if ((line_starts(&l, "--- ") || line_starts(&l, "+++ ")) && l.len > 4) {
            const char *tab = memchr(l.start + 4, '\t', l.len - 4);
            add_diff_path(files, l.start + 4, tab ? (size_t)(tab - (l.start + 4)) : l.len - 4);
        }
    }
    path_set_free(&set);
}

/* Diffstat lines " path | 12 +-" (renames "a => b", "dir/{a => b}/c" give the new name). */
static void files_from_diffstat(const char *text, size_t len, string_list *list)
{
    path_set files;
    path_set_init(&files, list);
    size_t pos = 0;
    line l;
    while (next_line(text, len, &pos, &l)) {
        if (!l.len || l.start[0] != ' ')
            continue;
        const char *bar = NULL;
        for (size_t i = 0; i + 2 < l.len; i++)
            if (l.start[i] == ' ' && l.start[i + 1] == '|' && l.start[i + 2] == ' ')
                bar = l.start + i;
        if (!bar)
            continue;
        const char *after = bar + 3;
        while (after < l.start + l.len && *after == ' ')
            after++;
        if (after >= l.start + l.len || !(isdigit((unsigned char)*after) || !strncmp(after, "Bin", 3)))
            continue;
        const char *p = l.start;
        while (p < bar && *p == ' ')
            p++;
        const char *e = bar;
        while (e > p && e[-1] == ' ')
            e--;
        if (e <= p)
            continue;
        char *path = xstrndup(p, (size_t)(e - p));
        char *arrow = strstr(path, " => ");
        if (arrow) {
            char *brace = strchr(path, '{');
            char *close = strchr(arrow, '}');
            strbuf sb = STRBUF_INIT;
            if (brace && close && brace < arrow) {
                sb_add(&sb, path, (size_t)(brace - path));
                sb_add(&sb, arrow + 4, (size_t)(close - arrow - 4));
                sb_adds(&sb, close + 1);
            } else {
                sb_adds(&sb, arrow + 4);
            }
            free(path);
            path = sb_detach(&sb);
        }
        if (*path)
            path_set_take(&files, path);
        else
            free(path);
    }
    path_set_free(&files);
}

static const char *const trailer_names[] = {
    "Signed-off-by", "Reviewed-by", "Acked-by", "Tested-by", "Reported-by", "Suggested-by",
    "Co-developed-by", "Nacked-by", "Reported-and-tested-by", "Fixes", "Link", "Closes", "Cc",
    "change-id", "base-commit", "prerequisite-patch-id", "prerequisite-change-id",
    "prerequisite-message-id",
};
static const char *const review_names[] = {"Reviewed-by", "Acked-by", "Tested-by", "Nacked-by"};

static const char *trailer_name_of(const line *l, size_t *value_at)
{
    if (!l->len || !isalpha((unsigned char)l->start[0]))
        return NULL;
    const char *colon = memchr(l->start, ':', l->len < 32 ? l->len : 32);
    if (!colon)
        return NULL;
    size_t name_len = (size_t)(colon - l->start);
    for (size_t i = 0; i < sizeof trailer_names / sizeof trailer_names[0]; i++) {
        size_t n = strlen(trailer_names[i]);
        if (n == name_len && l->len > n + 1 && !strncasecmp(l->start, trailer_names[i], n)) {
            *value_at = n + 1;
            return trailer_names[i];
        }
    }
    return NULL;
}

static void collect_trailers(patch_facts *pf, const char *text, size_t len)
{
    size_t pos = 0, cap = 0;
    line l;
    while (next_line(text, len, &pos, &l)) {
        size_t value_at;
        const char *name = trailer_name_of(&l, &value_at);
        if (!name)
            continue;
        const char *v = l.start + value_at;
        size_t n = l.len - value_at;
        while (n && (*v == ' ' || *v == '\t')) {
            v++;
            n--;
        }
        while (n && isspace((unsigned char)v[n - 1]))
            n--;
        pf->trailers = xgrow(pf->trailers, sizeof *pf->trailers, pf->ntrailers + 1, &cap);
        pf->trailers[pf->ntrailers].name = xstrndup(l.start, value_at - 1);
        pf->trailers[pf->ntrailers].value = xstrndup(v, n);
        pf->ntrailers++;
        if (!strcmp(name, "change-id") && !pf->change_id && n)
            pf->change_id = xstrndup(v, n);
    }
}

static bool has_ci(const char *s, size_t n, const char *needle);

/* The line where a top-posted reply's copy of the original starts: Outlook's
 * "-----Original Message-----" or its rule of underscores. */
static bool is_original_message_rule(const line *l)
{
    const char *p = l->start, *e = l->start + l->len;
    while (p < e && isspace((unsigned char)*p))
        p++;
    while (e > p && isspace((unsigned char)e[-1]))
        e--;
    size_t n = (size_t)(e - p);
    if (n >= 16 && p[0] == '_') {
        for (size_t i = 0; i < n; i++)
            if (p[i] != '_')
                return false;
        return true;
    }
    return n >= 16 && p[0] == '-' && has_ci(p, n, "original message");
}

/* Whether w stands in [s, e) as a whole word, ignoring case. */
static bool has_word_ci(const char *s, const char *e, const char *w)
{
    size_t m = strlen(w);
    if (!m)
        return false;
    for (const char *v = s; v + m <= e; v++)
        if (!strncasecmp(v, w, m) && (v == s || !isalnum((unsigned char)v[-1])) &&
            (v + m == e || !isalnum((unsigned char)v[m])))
            return true;
    return false;
}

/*
 * A review trailer written loosely: indented ("Looks good:\n\n    Reviewed-by: ...")
 * or with a space for the hyphen ("Acked by: ..."). Returns its name from
 * review_names when the line is one and its value names the sender (the address
 * `email`, or the display name `name`, since many review with another address than
 * they send from): reviewers indent their own tag, but a reply that suggests an
 * order for the patch's trailers indents those of others.
 */
static const char *loose_review_name(const line *l, const char *email, const char *name)
{
    const char *p = l->start, *e = l->start + l->len;
    while (p < e && (*p == ' ' || *p == '\t'))
        p++;
    for (size_t r = 0; r < sizeof review_names / sizeof review_names[0]; r++) {
        const char *rn = review_names[r];
        size_t n = strlen(rn);
        if ((size_t)(e - p) <= n)
            continue;
        size_t i = 0;
        while (i < n && (tolower((unsigned char)p[i]) == tolower((unsigned char)rn[i]) ||
                         (rn[i] == '-' && p[i] == ' ')))
            i++;
        if (i < n || p[n] != ':')
            continue;
        const char *v = p + n + 1;
        return (has_word_ci(v, e, email) || (strlen(name) >= 4 && has_word_ci(v, e, name))) ? rn
                                                                                         : NULL;
    }
    return NULL;
}

/*
 * The review trailers of a reply, in review_names order: lines "Reviewed-by: ..."
 * of the reply's own text (quoted lines start with '>' and never count), and loose
 * ones carrying the sender's own address; nothing after the copy of the original
 * in a top-posted reply.
 */
static void collect_review(patch_facts *pf, const char *text, size_t len)
{
    bool found[sizeof review_names / sizeof review_names[0]] = {false};
    char *email = pf->from ? address_email(pf->from) : NULL;
    /* the display name of "Name <addr>" */
    const char *lt = pf->from ? strstr(pf->from, " <") : NULL;
    char *display = lt ? xstrndup(pf->from, (size_t)(lt - pf->from)) : xstrdup("");
    size_t pos = 0;
    line l;
    while (next_line(text, len, &pos, &l)) {
        if (is_original_message_rule(&l))
            break;
        size_t value_at;
        const char *name = trailer_name_of(&l, &value_at);
        if (!name && email && *email)
            name = loose_review_name(&l, email, display);
        for (size_t r = 0; name && r < sizeof review_names / sizeof review_names[0]; r++)
            if (!strcmp(name, review_names[r]))
                found[r] = true;
    }
    free(email);
    free(display);
    strbuf sb = STRBUF_INIT;
    for (size_t r = 0; r < sizeof review_names / sizeof review_names[0]; r++)
        if (found[r]) {
            if (sb.len)
                sb_adds(&sb, ", ");
            sb_adds(&sb, review_names[r]);
        }
    pf->review = sb.len ? sb_detach(&sb) : NULL;
    sb_free(&sb);
}

/* True when the line speaks of a version: "v2", "V11", "version", "previous", "prev". */
static bool mentions_version(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if ((s[i] == 'v' || s[i] == 'V') && (i == 0 || !isalnum((unsigned char)s[i - 1])) &&
            i + 1 < n && isdigit((unsigned char)s[i + 1])) {
            size_t j = i + 1;
            while (j < n && isdigit((unsigned char)s[j]))
                j++;
            if (j == n || !(isalnum((unsigned char)s[j]) || (s[j] == '.' && j + 1 < n && isdigit((unsigned char)s[j + 1]))))
                return true;
        }
        if (n - i >= 4 && (!strncasecmp(s + i, "version", 7) || !strncasecmp(s + i, "previous", 8) ||
                           !strncasecmp(s + i, "prev ", 5)))
            return true;
    }
    return false;
}

static bool has_ci(const char *s, size_t n, const char *needle)
{
    size_t m = strlen(needle);
    for (size_t i = 0; i + m <= n; i++)
        if (!strncasecmp(s + i, needle, m))
            return true;
    return false;
}

/* The Message-ID carried by a URL at u (up to end): the path segment holding '@'. */
static char *msgid_from_url(const char *u, const char *end)
{
    const char *path = memchr(u + 8, '/', (size_t)(end - u - 8));
    while (path && path < end) {
        const char *seg = path + 1;
        const char *seg_end = seg;
        while (seg_end < end && *seg_end != '/')
            seg_end++;
        strbuf id = STRBUF_INIT;
        for (const char *c = seg; c < seg_end; c++) {
            if (*c == '%' && c + 2 < seg_end && isxdigit((unsigned char)c[1]) && isxdigit((unsigned char)c[2])) {
                char hex[3] = {c[1], c[2], 0};
                sb_addc(&id, (char)strtol(hex, NULL, 16));
                c += 2;
            } else
                sb_addc(&id, *c);
        }
        if (id.len && strchr(id.data, '@')) {
            char *s = sb_detach(&id);
            size_t n = strlen(s);
            if (s[0] == '<' && n > 1 && s[n - 1] == '>') {
                memmove(s, s + 1, n - 2);
                s[n - 2] = '\0';
            }
            return s;
        }
        sb_free(&id);
        path = seg_end < end ? seg_end : NULL;
    }
    return NULL;
}

/* Footnote number of a line "[N] http..." or 0. */
static int footnote_of(const line *l)
{
    const char *p = l->start, *e = l->start + l->len;
    while (p < e && *p == ' ')
        p++;
    if (p >= e || *p != '[')
        return 0;
    int n = atoi(p + 1);
    return n > 0 && n < 1000 ? n : 0;
}

static bool line_cites_footnote(const line *l, int n)
{
    char tag[16];
    snprintf(tag, sizeof tag, "[%d]", n);
    size_t m = strlen(tag);
    if (l->len < m)
        return false;
    for (size_t i = 0; i + m <= l->len; i++)
        if (!memcmp(l->start + i, tag, m))
            return footnote_of(l) != n;
    return false;
}

/* Links to earlier versions: URLs with a Message-ID on lines that speak of a version. */
static void collect_prior_links(patch_facts *pf, const char *text, size_t len)
{
    size_t pos = 0;
    line l;
    while (next_line(text, len, &pos, &l)) {
        const char *u = memmem(l.start, l.len, "http", 4);
        while (u && strncmp(u, "http://", 7) && strncmp(u, "https://", 8))
            u = memmem(u + 4, l.len - (size_t)(u + 4 - l.start), "http", 4);
        if (!u)
            continue;
        size_t value_at;
        if (trailer_name_of(&l, &value_at))
            continue; /* Link:/Closes: trailers point at discussions, not versions */
        if (has_ci(l.start, l.len, "based on") || has_ci(l.start, l.len, "depends on") ||
            has_ci(l.start, l.len, "prerequisite"))
            continue;
        bool wanted = mentions_version(l.start, (size_t)(u - l.start));
        int fn = footnote_of(&l);
        if (!wanted && fn) {
            size_t p2 = 0;
            line other;
            while (!wanted && next_line(text, len, &p2, &other))
                wanted = line_cites_footnote(&other, fn) && mentions_version(other.start, other.len);
        }
        if (!wanted)
            continue;
        const char *e = u;
        while (e < l.start + l.len && !isspace((unsigned char)*e) && *e != '>' && *e != ')' && *e != ']')
            e++;
        char *id = msgid_from_url(u, e);
        if (id && !string_list_has(&pf->prior_msgids, id) &&
            !(pf->message_id && !strcmp(pf->message_id, id)))
            string_list_add(&pf->prior_msgids, id);
        free(id);
    }
}

/*
 * git mailinfo's scissors line: "-- >8 --", "--- 8< --- cut here ---": a mark (">8",
 * "8<", ">%", "%<") in a perforation of dashes that is at least 8 bytes wide, takes
 * more than a third of the visible line, and is more dashes and marks than gaps.
 */
static bool is_scissors_line(const line *l)
{
    const char *s = l->start, *e = l->start + l->len;
    const char *first = NULL, *last = NULL;
    int scissors = 0, gap = 0, perforation = 0;
    bool in_perforation = false;
    for (const char *c = s; c < e; c++) {
        if (isspace((unsigned char)*c)) {
            if (in_perforation) {
                perforation++;
                gap++;
            }
            continue;
        }
        last = c;
        if (!first)
            first = c;
        if (*c == '-') {
            in_perforation = true;
            perforation++;
            continue;
        }
        if (c + 1 < e && ((c[0] == '>' && (c[1] == '8' || c[1] == '%')) ||
                          ((c[0] == '8' || c[0] == '%') && c[1] == '<'))) {
            in_perforation = true;
            perforation += 2;
            scissors += 2;
            last = ++c;
            continue;
        }
        in_perforation = false;
    }
    long visible = first && last ? (long)(last - first) + 1 : 0;
    return scissors && visible >= 8 && visible < perforation * 3L && gap * 2 < perforation;
}

/* A line of four or more dashes and nothing else, as stable review mails put between
 * their note and the patch ("------------------"); "---" is git's diffstat marker. */
static bool is_dash_rule(const line *l)
{
    size_t n = l->len;
    while (n && isspace((unsigned char)l->start[n - 1]))
        n--;
    if (n < 4)
        return false;
    for (size_t i = 0; i < n; i++)
        if (l->start[i] != '-')
            return false;
    return true;
}

/* The in-body "From:" line starting at pos (after blank lines), or NULL; on success
 * *body_after is set past the in-body header block and the blank line after it. */
static char *in_body_from_at(const char *text, size_t len, size_t pos, size_t *body_after)
{
    line l;
    while (next_line(text, len, &pos, &l)) {
        if (l.len == 0 || (l.len == 1 && l.start[0] == '\r'))
            continue;
        if (l.len > 5 && !strncasecmp(l.start, "From:", 5)) {
            char *raw = xstrndup(l.start + 5, l.len - 5);
            char *decoded = rfc2047_decode(raw);
            free(raw);
            /* skip the other in-body headers and the blank line after them */
            line h;
            while (next_line(text, len, &pos, &h) && h.len)
                ;
            *body_after = pos;
            return decoded;
        }
        return NULL;
    }
    return NULL;
}

/* Non-blank lines of a note that may come before a separator and the in-body From:
 * "6.1-stable review patch.  If anyone has any objections, please let me know." */
#define MAX_PREAMBLE_LINES 5

/*
 * In-body "From:" as git send-email writes it when the sender is not the author: at
 * the top of the body (after blank lines); or right after a scissors line before
 * the diff (git am drops what comes before one); or after a short note ended by a
 * line of dashes, as the stable review series have it.
 */
static char *in_body_from(const char *text, size_t len, size_t limit, size_t *body_after)
{
    *body_after = 0;
    char *from = in_body_from_at(text, len, 0, body_after);
    if (from)
        return from;
    size_t pos = 0, nonblank = 0;
    line l;
    while (pos < limit && next_line(text, len, &pos, &l)) {
        if (is_scissors_line(&l) || (nonblank > 0 && nonblank <= MAX_PREAMBLE_LINES && is_dash_rule(&l))) {
            from = in_body_from_at(text, len, pos, body_after);
            if (from)
                return from;
        }
        if (l.len && !(l.len == 1 && l.start[0] == '\r'))
            nonblank++;
    }
    *body_after = 0;
    return NULL;
}

/* text[from, to) without leading blank lines and trailing white space. */
static char *trimmed_region(const char *text, size_t from, size_t to)
{
    size_t pos = from;
    line l;
    while (pos < to) {
        size_t at = pos;
        if (!next_line(text, to, &pos, &l))
            break;
        size_t k = 0;
        while (k < l.len && isspace((unsigned char)l.start[k]))
            k++;
        if (k < l.len) {
            from = at;
            break;
        }
        from = pos;
    }
    strbuf sb = STRBUF_INIT;
    sb_add(&sb, text + from, to > from ? to - from : 0);
    sb_rtrim(&sb);
    return sb_detach(&sb);
}

static bool subject_names_patch(const patch_facts *pf)
{
    const char *title = pf->subject.title;
    const char *s = pf->subject_text;
    size_t head = strlen(s);
    if (*title) {
        const char *t = strstr(s, title);
        if (t)
            head = (size_t)(t - s);
    }
    return has_ci(s, head, "patch");
}

/* A patch sent as part of a pull request keeps that in its tags: "PULL" first. */
static void tag_pull_patch(subject_info *si)
{
    strbuf sb = STRBUF_INIT;
    sb_adds(&sb, "PULL");
    if (si->tags) {
        sb_addc(&sb, ',');
        sb_adds(&sb, si->tags);
    }
    free(si->tags);
    si->tags = sb_detach(&sb);
    si->pull = false;
    si->patch = true;
}

/* Whether text[0, len) quotes another message: a line starting with '>'. */
static bool quotes_text(const char *text, size_t len)
{
    size_t pos = 0;
    line l;
    while (next_line(text, len, &pos, &l))
        if (l.len && l.start[0] == '>')
            return true;
    return false;
}

/*
 * quotes: the text before the diff or signature quotes another message. A patch
 * subject without a diff that answers a message and quotes it is a reply whose
 * mail program dropped "Re:" ("[PATCH v2] fs: x" with "On ..., X wrote:" and "> ");
 * not a cover letter ("[PATCH v2 0/5]"), which may answer v1 and quote its review.
 */
static patch_kind decide_kind(const patch_facts *pf, bool has_diff, bool quotes)
{
    const subject_info *si = &pf->subject;
    if (si->reply)
        return (si->patch || si->pull || has_diff) ? PATCH_KIND_REPLY : PATCH_KIND_NONE;
    if (si->pull) /* "[PULL 03/12] hw/x: y": one patch of a pull request (qemu) */
        return si->part >= 1 && has_diff ? PATCH_KIND_PATCH : PATCH_KIND_PULL;
    bool cover = si->patch && si->total > 0 && si->part == 0;
    if (si->patch && !cover && !has_diff && quotes && (pf->in_reply_to || pf->references.n))
        return PATCH_KIND_REPLY;
    if (cover)
        return PATCH_KIND_COVER;
    if (has_diff)
        return PATCH_KIND_PATCH;
    if (si->patch && (si->part >= 1 || subject_names_patch(pf)))
        return PATCH_KIND_PATCH;
    return PATCH_KIND_NONE;
}

/* The Subject as one line, as git mailinfo gives it: each run of white space or control
   characters (the tab or spaces a folded field keeps where it was unfolded, too) becomes
   one space, none at the ends. */
static char *one_line(const char *s)
{
    strbuf sb = STRBUF_INIT;
    bool space = false;
    for (; s && *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c <= ' ' || c == 0x7f) {
            space = sb.len > 0;
            continue;
        }
        if (space)
            sb_addc(&sb, ' ');
        space = false;
        sb_addc(&sb, (char)c);
    }
    return sb_detach(&sb);
}

void patch_facts_extract(const mail_message *msg, patch_facts *out)
{
    memset(out, 0, sizeof *out);
    char *subject = mail_get_decoded(msg, "Subject");
    out->subject_text = one_line(subject);
    free(subject);
    subject_parse(out->subject_text, &out->subject);
    out->message_id = first_msgid(mail_get(msg, "Message-ID"));
    out->in_reply_to = first_msgid(mail_get(msg, "In-Reply-To"));
    const char *refs = mail_get(msg, "References");
    if (refs)
        collect_msgids(refs, &out->references);
    const char *list_id = mail_get(msg, "List-Id");
    if (list_id) {
        char *id = first_msgid(list_id);
        out->list_id = id ? id : xstrdup(list_id);
    }
    char *from = mail_get_decoded(msg, "From");
    if (from) {
        out->from = address_normalize(from);
        free(from);
    }
    const char *date = mail_get(msg, "Date");
    out->date = date ? mail_date_parse(date) : 0;

    mime_parts parts;
    mime_collect(msg, &parts);
    const mime_part *chosen = NULL;
    diff_span span = {0, 0, 0};
    for (size_t i = 0; i < parts.n; i++) {
        diff_span d = find_diff(parts.v[i].text, parts.v[i].len);
        if (d.start < parts.v[i].len) {
            chosen = &parts.v[i];
            span = d;
            break;
        }
    }
    bool has_diff = chosen != NULL;
    bool quotes = false;
    if (!chosen && parts.n) {
        chosen = &parts.v[0];
        span = find_diff(chosen->text, chosen->len);
    }
    if (chosen) {
        const char *text = chosen->text;
        size_t len = chosen->len;
        out->body = xstrndup(text, len);
        size_t body_after = 0;
        char *inbody = in_body_from(text, len, has_diff ? span.start : span.signature, &body_after);
        if (inbody) {
            out->author = address_normalize(inbody);
            free(inbody);
        }
        size_t message_end = has_diff ? span.start : span.signature;
        if (body_after > message_end)
            body_after = 0;
        out->commit_message = trimmed_region(text, body_after, message_end);
        collect_trailers(out, text, message_end);
        collect_prior_links(out, text, message_end);
        quotes = quotes_text(text, message_end);
        if (has_diff) {
            out->diff = xstrndup(text + span.start, span.end - span.start);
            files_from_diff(out->diff, strlen(out->diff), &out->files);
            /* git hashes the bytes as sent, not their UTF-8 conversion */
            if (patchid_compute(chosen->raw, chosen->raw_len, out->patch_id) < 0)
                out->patch_id[0] = '\0';
        } else {
            files_from_diffstat(text, message_end, &out->files);
        }
    }
    if (!out->author && out->from)
        out->author = xstrdup(out->from);
    /* without a header field at its start, a message is no patch mail (a binary file) */
    out->kind = msg->nfields ? decide_kind(out, has_diff, quotes) : PATCH_KIND_NONE;
    if (out->kind == PATCH_KIND_PATCH && out->subject.pull)
        tag_pull_patch(&out->subject);
    if (out->kind == PATCH_KIND_REPLY && chosen)
        collect_review(out, chosen->text, has_diff ? span.start : span.signature);
    mime_parts_free(&parts);
}

void patch_facts_free(patch_facts *pf)
{
    free(pf->subject_text);
    subject_info_free(&pf->subject);
    free(pf->message_id);
    free(pf->in_reply_to);
    string_list_free(&pf->references);
    free(pf->list_id);
    free(pf->from);
    free(pf->author);
    free(pf->body);
    free(pf->commit_message);
    free(pf->diff);
    string_list_free(&pf->files);
    for (size_t i = 0; i < pf->ntrailers; i++) {
        free(pf->trailers[i].name);
        free(pf->trailers[i].value);
    }
    free(pf->trailers);
    free(pf->change_id);
    string_list_free(&pf->prior_msgids);
    free(pf->review);
    memset(pf, 0, sizeof *pf);
}
