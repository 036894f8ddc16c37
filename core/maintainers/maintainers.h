/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * maintainers: a Linux-style MAINTAINERS file, compiled so that the sections a patch
 * touches are found quickly, as scripts/get_maintainer.pl --sections decides them.
 *
 * SYNOPSIS
 *   maintainers *m; strbuf err = STRBUF_INIT;
 *   maintainers_load(spec, &m, &err);        a path, or REPO.git:REF:PATH read with libgit2
 *   maint_match r;
 *   maintainers_match(m, files, patch_text, patch_len, &r);
 *   maint_match_limit(&r, 5);                keep the 5 most specific (and their lists)
 *   ... r.sections.v[i] (titles, most specific first), r.lists.v[i] (L: addresses) ...
 *   n = maintainers_section_people(m, r.ids[i], &people);   M: and R: of section i
 *   maint_match_free(&r);
 *   maintainers_free(m);
 *
 *   For a long-running process (the milter), a source reloads when the file changes:
 *   maintainers_source *src;
 *   maintainers_source_open(spec, &src, &err);           loads once, fails like maintainers_load
 *   when a look is due (the caller's clock):  maintainers_refresh(src, &err);
 *   each message:  maintainers *m = maintainers_source_get(src);
 *                  maintainers_match(m, ...);  maintainers_free(m);
 *   maintainers_source_close(src);
 *
 * DESCRIPTION
 *   Parsing follows get_maintainer.pl: a tag line is `^([A-Z]):\s*(.*)`; blank lines are
 *   ignored; a section is a run of tag lines, titled by the non-tag line before it (titles
 *   are kept as written, trailing white space removed; 35 upstream titles contain ", ").
 *   F:, X:, N:, K:, L:, S:, M: and R: are used; the rest are ignored. Of an M: or R:
 *   value the address is kept (maintainers_section_people gives them in file order;
 *   values without '@', such as a web form, are left out). An F:/X:/N:/K: value that is
 *   not a valid regex after conversion is skipped (counted in maint_stats.invalid).
 *
 *   A file matches a section when no X: of the section matches it and an F: or N: does.
 *   F:/X: values are converted as the script does (`.` literal, `*` -> `.*`, `?` -> `.`,
 *   anything else is a Perl regex, e.g. `[ch]`), matched anchored at the start only; a
 *   value ending in `/` covers the whole tree below it, any other value needs the same
 *   number of `/` as the file (so `*` and `?` do not reach into subdirectories). The
 *   script adds the `/` to a value naming a directory of the local tree; without a tree,
 *   a value without regex characters is taken as a directory for the files below
 *   "value/" (and, as a file, still matches names extending it with the same number of
 *   slashes, as the script does for files: "arch/x/mm" matches "arch/x/mmu.c"). N: is
 *   a regex (Perl /x) searched in the file name. The specificity of a
 *   match is the script's: slashes in the value, +1 unless it ends in `/`, and -1 for a
 *   value starting with `*`; 0 for N:; when several entries of a section match, the last
 *   one in the section counts (so a later N: match lowers an F: match to 0, as upstream).
 *   Files are taken sorted and without duplicates; each file's sections are listed
 *   deepest first (ties in MAINTAINERS order, where the script's order is Perl's hash
 *   order), files in turn; then the K: sections (in MAINTAINERS order: the script's is
 *   a string sort of line numbers). Empty names and names over 4096 bytes are ignored.
 *
 *   A file name starting with ".../" (a diffstat line shortened by git) stands for some
 *   path ending in "/" + the rest. The path's start is guessed from the F: values: the
 *   rest is put after a leading directory of a value whose next name is the rest's first
 *   name (in full) or has wildcards, and the value must then match; the leading
 *   directories of the values naming most names of the rest (not counting bare
 *   wildcards) are taken, and each path so rebuilt is matched as above. Without any,
 *   the name is matched as given (so N: and "THE REST" still apply).
 *
 *   K: (Perl /x) is tried on patch_text line by line: before the first line that looks
 *   like a file header (`^(---|\+\+\+)\s+\S`) on whole lines (so the commit message,
 *   diffstat and any headers the caller includes, e.g. a "Subject: " line, count); after
 *   it as `^[+-].*` followed by the value, so on added and removed lines, and header and
 *   `@@ -n,m` lines are skipped (the text is concatenated as the script does, so a
 *   top-level `a|b` value matches `b` on any line, as it does upstream).
 *   A cover letter has no diff, so all its lines are tried.
 *
 *   A NULL map gives an empty result (maint_match_free it all the same).
 *   The section titled "THE REST" is left out unless it is the only one. lists holds
 *   the L: addresses (first word of the value) of the returned sections in order,
 *   without duplicates (compared without case); maint_match_limit(r, max) keeps the
 *   first max sections (0: all) and only their lists.
 *
 *   Regex matching is bounded (PCRE2 match limit), so hostile text cannot stall a call;
 *   a match that hits the limit counts as no match.
 *
 *   maintainers_load, maintainers_load_buffer and maintainers_source_open return 0, or -1
 *   with a message in err.
 *
 * SOURCES AND THREADS
 *   spec is a file path, or REPO:REF:PATH (split at the last two colons, used when spec
 *   is not an existing file), e.g. /srv/linux.git:refs/heads/master:MAINTAINERS, read
 *   with libgit2 from a bare or non-bare repository without a checkout.
 *   A maintainers map is immutable after loading and may be matched from any number of
 *   threads at once. maintainers_free drops one reference: a map from maintainers_load
 *   holds one, maintainers_source_get returns one more.
 *   maintainers_refresh(src, err) looks at the source now; how often is the caller's
 *   choice (the milter's is MaintainersCheckInterval, milter/maint_feed.h). For the git
 *   form it resolves REF:PATH
 *   and, when the blob differs from the loaded one, loads the new map and swaps it in; a
 *   plain file is reloaded when its size or modification time changed. It returns 1
 *   when a new map was swapped in, 0 when nothing changed, -1 on error (err set when
 *   non-NULL; the old map stays).
 *   All source functions are thread-safe; loading runs outside the lock, so matching
 *   threads are never held up by a reload, and a map in use stays valid until its user
 *   calls maintainers_free.
 */
#ifndef PM_MAINTAINERS_H
#define PM_MAINTAINERS_H

#include <stddef.h>

#include "strbuf.h"
#include "string_list.h"

typedef struct maintainers maintainers;
typedef struct maintainers_source maintainers_source;

typedef struct maint_match {
    string_list sections; /* titles, most specific first; THE REST only when alone */
    unsigned *ids;        /* ids[i]: section i's number, for maintainers_section_people */
    string_list lists;    /* L: addresses of those sections, in order, no duplicates */
    size_t *lists_upto;   /* lists_upto[i]: lists contributed by sections 0..i */
} maint_match;

/* An M: (maintainer) or R: (reviewer) line of a section. */
typedef struct maint_person {
    char role;   /* 'M' or 'R' */
    char *email; /* the address of the value ("Name <addr>" or addr) */
} maint_person;

typedef struct maint_stats {
    size_t sections, f, x, n, k, l, s;
    size_t invalid; /* F/X/N/K values skipped because they do not compile */
} maint_stats;

int maintainers_load(const char *spec, maintainers **out, strbuf *err);
int maintainers_load_buffer(const char *text, size_t len, maintainers **out, strbuf *err);
void maintainers_free(maintainers *m);
void maintainers_stats(const maintainers *m, maint_stats *out);
void maintainers_match(const maintainers *m, const string_list *files, const char *patch_text,
                       size_t patch_len, maint_match *out);
void maint_match_limit(maint_match *r, size_t max_sections);
void maint_match_free(maint_match *r);
size_t maintainers_section_people(const maintainers *m, unsigned id, const maint_person **out);
/* The sections of m whose titles are in titles (recorded sections: the index keeps
   titles), as a match in m's order without their lists; none for a NULL m. */
void maintainers_sections_named(const maintainers *m, const string_list *titles, maint_match *out);

int maintainers_source_open(const char *spec, maintainers_source **out, strbuf *err);
int maintainers_refresh(maintainers_source *src, strbuf *err);
maintainers *maintainers_source_get(maintainers_source *src);
void maintainers_source_close(maintainers_source *src);

#endif
