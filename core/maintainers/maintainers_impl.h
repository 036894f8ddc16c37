/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * maintainers_impl: the compiled form of a MAINTAINERS file, shared by the parser
 * (maintainers.c), the matcher (maintainers_match.c) and the sources
 * (maintainers_source.c). Not an interface for other modules: use maintainers.h.
 */
#ifndef PM_MAINTAINERS_IMPL_H
#define PM_MAINTAINERS_IMPL_H

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

#include "fnv1a.h"
#include "maintainers.h"

/* Regex characters of an F:/X: value besides `.` (a value without them is literal). */
#define MT_REGEX_CHARS "\\^$|?*+()[{"

/* An F: or X: value, converted and compiled as get_maintainer.pl does. */
typedef struct mt_pattern {
    uint32_t section;
    uint32_t seq;       /* position among the section's entries: the last match counts */
    int depth;          /* specificity of a match (F:) */
    int slashes;        /* '/' in the value */
    bool recursive;     /* the value ends in '/' */
    bool maybe_dir;     /* plain value: also matches the files below value + "/" */
    bool literal;       /* no regex characters: a prefix comparison suffices */
    char *value;        /* as written */
    size_t value_len;
    size_t prefix_len;  /* every match starts with value[0..prefix_len) */
    size_t need_off;    /* and has value[need_off..+need_len) after that prefix */
    size_t need_len;
    pcre2_code *re;     /* "^" + converted value, when not literal */
} mt_pattern;

/* An N: or K: value (Perl /x regexes). */
typedef struct mt_regex {
    uint32_t section;
    uint32_t seq;
    pcre2_code *re;      /* the value (multi-line: for K, searched over many lines) */
    pcre2_code *re_diff; /* K only: "^[+-].*" + value, for the lines after the first header */
} mt_regex;

/* A name an F: value gives after one of its '/': where a ".../" tail may start. */
typedef struct mt_component {
    uint32_t f;     /* the pattern */
    uint32_t off;   /* the name starts at value[off] */
    uint32_t len;
    uint32_t score; /* names (not only wildcards) from off on: how much of a tail it pins */
} mt_component;

typedef struct mt_section {
    char *title;
    uint32_t x_first, x_count; /* X: patterns, contiguous in maintainers.x */
    uint32_t l_first, l_count; /* L: addresses, contiguous in maintainers.lists */
    uint32_t p_first, p_count; /* M: and R: people, contiguous in maintainers.people */
    bool is_rest;              /* "THE REST" */
} mt_section;

/* Open-addressing table: literal prefix -> F: patterns having it (ids in f_by_prefix).
 * The hash is fnv1a(), so that matching hashes every prefix of a path in one pass. */
typedef struct mt_bucket {
    uint64_t hash;
    uint32_t first, count; /* range in f_by_prefix; count 0 = empty bucket */
} mt_bucket;

struct maintainers {
    atomic_size_t refs;
    mt_section *sections;
    size_t nsections;
    mt_pattern *f, *x;
    size_t nf, nx;
    mt_regex *n, *k;
    size_t nn, nk;
    char **lists;
    size_t nlists;
    maint_person *people;
    size_t npeople;
    pcre2_code *n_any;    /* alternation of every N: value: no match means none matches */
    mt_bucket *buckets;   /* power-of-two size */
    size_t nbuckets;
    uint32_t *f_by_prefix;
    mt_component *plain_names; /* sorted by name */
    mt_component *glob_names;  /* names with wildcards or regex characters */
    size_t nplain_names, nglob_names;
    pcre2_match_context *mctx; /* bounded matching */
    maint_stats stats;
};

#endif
