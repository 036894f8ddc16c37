/*
 * maintainers: a Linux-style MAINTAINERS file, compiled so that the sections a patch
 * touches are found quickly, as scripts/get_maintainer.pl --sections decides them.
 *
 * SYNOPSIS
 *   maintainers *m; strbuf err = STRBUF_INIT;
 *   maintainers_load(spec, &m, &err);        a path, or REPO.git:REF:PATH read with libgit2
 *   maint_match r;
 *   maintainers_match(m, files, nfiles, patch_text, patch_len, &r);
 *   ... r.sections.v[i] (titles, most specific first), r.lists.v[i] (L: addresses) ...
 *   maint_match_free(&r);
 *   maintainers_free(m);
 */
#ifndef PM_MAINTAINERS_H
#define PM_MAINTAINERS_H

#include <stddef.h>

#include "patch_facts.h"
#include "strbuf.h"

typedef struct maintainers maintainers;

typedef struct maint_match {
    string_list sections; /* titles, most specific first; THE REST only when alone */
    string_list lists;    /* L: addresses of those sections, in order, no duplicates */
} maint_match;

int maintainers_load(const char *spec, maintainers **out, strbuf *err);
int maintainers_load_buffer(const char *text, size_t len, maintainers **out, strbuf *err);
void maintainers_free(maintainers *m);
void maintainers_match(const maintainers *m, const string_list *files, const char *patch_text,
                       size_t patch_len, maint_match *out);
void maint_match_free(maint_match *r);

#endif
