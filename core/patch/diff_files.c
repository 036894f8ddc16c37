/* SPDX-License-Identifier: BSD-2-Clause */
/* diff_files: the diff in a body, the files of a diff and of a diffstat (see diff_files.h). */
#include "diff_files.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "fnv1a.h"
#include "strbuf.h"
#include "text_line.h"
#include "xalloc.h"

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

diff_span diff_find(const char *text, size_t len)
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

/* The slot holding path, or the empty slot where it would go. */
static size_t *path_slot(const path_set *ps, const char *path)
{
    size_t i = (size_t)fnv1a(path, strlen(path)) & (ps->nslots - 1);
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

void diff_files(const char *diff, size_t len, string_list *list)
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
void diffstat_files(const char *text, size_t len, string_list *list)
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
