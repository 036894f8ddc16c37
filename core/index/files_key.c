/* SPDX-License-Identifier: BSD-2-Clause */
/* files_key: the files a patch touches as the index keeps them (see files_key.h). */
#include "files_key.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xalloc.h"

#define HASH_DIGITS 8

static uint32_t fnv1a(const char *s)
{
    uint32_t h = 2166136261u;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 16777619u;
    return h;
}

static int by_value(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return (x > y) - (x < y);
}

/* Appends the n hashes h, sorted, each once, space separated, at p; returns the end. */
static char *put_hashes(char *p, uint32_t *h, size_t n)
{
    qsort(h, n, sizeof *h, by_value);
    for (size_t i = 0; i < n; i++)
        if (!i || h[i] != h[i - 1])
            p += sprintf(p, "%s%08x", i ? " " : "", (unsigned)h[i]);
    return p;
}

char *files_key(const string_list *paths)
{
    if (!paths->n || paths->n > FILES_KEY_MAX)
        return NULL;
    uint32_t path[FILES_KEY_MAX], name[FILES_KEY_MAX];
    for (size_t i = 0; i < paths->n; i++) {
        const char *slash = strrchr(paths->v[i], '/');
        path[i] = fnv1a(paths->v[i]);
        name[i] = fnv1a(slash ? slash + 1 : paths->v[i]);
    }
    char *key = xmalloc(2 * paths->n * (HASH_DIGITS + 1) + 1);
    char *p = put_hashes(key, path, paths->n);
    *p++ = ';';
    put_hashes(p, name, paths->n);
    return key;
}

/* The hash after the one at p in a part of a key, or the part's end. */
static const char *next_hash(const char *p)
{
    p += strcspn(p, " ;");
    return *p == ' ' ? p + 1 : p;
}

/* How many hashes the parts at a and b have in common (both sorted: one merge pass),
   and in *na and *nb how many each has. */
static size_t common_hashes(const char *a, const char *b, size_t *na, size_t *nb)
{
    size_t common = 0;
    *na = *nb = 0;
    while (*a && *a != ';' && *b && *b != ';') {
        size_t la = strcspn(a, " ;"), lb = strcspn(b, " ;");
        int c = strncmp(a, b, la < lb ? la : lb);
        if (!c)
            c = (la > lb) - (la < lb);
        common += c == 0;
        if (c <= 0)
            a = next_hash(a), ++*na;
        if (c >= 0)
            b = next_hash(b), ++*nb;
    }
    for (; *a && *a != ';'; a = next_hash(a))
        ++*na;
    for (; *b && *b != ';'; b = next_hash(b))
        ++*nb;
    return common;
}

files_relation files_compare(const char *a, const char *b)
{
    if (!a || !b || !*a || !*b)
        return FILES_UNKNOWN;
    size_t na, nb, paths = common_hashes(a, b, &na, &nb);
    if (paths)
        return paths == na && paths == nb ? FILES_SAME : FILES_OVERLAP;
    const char *name_a = strchr(a, ';'), *name_b = strchr(b, ';');
    if (name_a && name_b && common_hashes(name_a + 1, name_b + 1, &na, &nb))
        return FILES_UNKNOWN; /* moved or renamed: neither for nor against */
    return FILES_DISJOINT;
}
