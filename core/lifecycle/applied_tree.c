/* SPDX-License-Identifier: BSD-2-Clause */
/* applied_tree: a branch's commits marked in the index as applied (see applied_tree.h). */
#include "applied_tree.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "applied_scan.h"
#include "xalloc.h"

typedef struct marking {
    pm_index *ix;
    const char *tree, *branch;
    applied_tree_report *rep;
    strbuf *err;
} marking;

static int mark(marking *m, const applied_commit *c, const char *msgid, const char *evidence)
{
    char detail[INDEX_EVENT_MAX];
    snprintf(detail, sizeof detail, "%s %s %s", m->tree, m->branch, c->commit);
    if (pm_index_add_event(m->ix, msgid, "applied", detail, evidence, c->time, m->err) < 0)
        return -1;
    if (!strcmp(evidence, "link"))
        m->rep->by_link++;
    else
        m->rep->by_patch_id++;
    return 0;
}

static int on_commit(void *arg, const applied_commit *c)
{
    marking *m = arg;
    m->rep->commits++;
    size_t linked = 0;
    for (size_t i = 0; i < c->postings.n; i++) {
        index_record r;
        int found = pm_index_recorded(m->ix, c->postings.v[i], &r, m->err);
        if (found < 0)
            return -1;
        if (!found)
            continue;
        index_record_free(&r);
        if (mark(m, c, c->postings.v[i], "link") < 0)
            return -1;
        linked++;
    }
    for (size_t k = 0; !linked && k < 2 && c->patch_ids[k][0]; k++) {
        index_records same = {0};
        int n = pm_index_lookup(m->ix, c->patch_ids[k], &same, m->err);
        int rc = n < 0 ? -1 : 0;
        for (size_t i = 0; rc == 0 && i < same.n; i++)
            if (same.v[i].kind == PATCH_KIND_PATCH && same.v[i].patch_id &&
                !strcmp(same.v[i].patch_id, c->patch_ids[k]))
                rc = mark(m, c, same.v[i].msgid, "patch-id");
        index_records_free(&same);
        if (rc < 0)
            return -1;
    }
    return 0;
}

/* The repository's directory name without ".git" (of /src/linux/.git too), white
   space and controls made '-'. */
static char *tree_name(const char *real)
{
    char *path = xstrdup(real);
    size_t n = strlen(path);
    while (n > 1 && path[n - 1] == '/')
        path[--n] = '\0';
    if (n > 5 && !strcmp(path + n - 5, "/.git"))
        path[n -= 5] = '\0';
    const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
    size_t len = strlen(base);
    if (len > 4 && !strcmp(base + len - 4, ".git"))
        len -= 4;
    char *name = xstrndup(base, len);
    for (char *c = name; *c; c++)
        if ((unsigned char)*c <= ' ' || *c == 0x7f)
            *c = '-'; /* one word in "TREE BRANCH COMMIT" */
    free(path);
    return name;
}

bool applied_tree_spec_valid(const char *spec)
{
    const char *colon = strrchr(spec, ':');
    return colon && colon != spec && colon[1];
}

int applied_tree_scan(pm_index *ix, const char *spec, applied_tree_report *rep, strbuf *err)
{
    memset(rep, 0, sizeof *rep);
    if (!applied_tree_spec_valid(spec))
        return sb_fail(err, "'%s' is not REPO:REF", spec);
    const char *ref = strrchr(spec, ':') + 1;
    char *repo = xstrndup(spec, (size_t)(ref - 1 - spec));
    char *real = realpath(repo, NULL);
    if (!real) {
        sb_fail(err, "no repository at '%s'", repo);
        free(repo);
        return -1;
    }
    free(repo);
    const char *branch = strncmp(ref, "refs/heads/", 11) ? ref : ref + 11;
    strbuf source = STRBUF_INIT;
    sb_addf(&source, "%s:%s", real, branch);
    char *tree = tree_name(real);
    marking m = {.ix = ix, .tree = tree, .branch = branch, .rep = rep, .err = err};
    char *since = NULL, tip[APPLIED_HEX_LEN + 1];
    int rc = pm_index_scan_tip(ix, source.data, &since, err);
    if (rc == 0)
        rc = applied_scan(real, ref, since, 0, on_commit, &m, tip, err) < 0 ? -1 : 0;
    if (rc == 0)
        rc = pm_index_set_scan_tip(ix, source.data, tip, err);
    free(since);
    free(tree);
    free(real);
    sb_free(&source);
    return rc;
}
