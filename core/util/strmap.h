/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * strmap: a hash map from strings to numbers (an index into the caller's array),
 * for lookups by Message-ID or name over thousands of keys.
 *
 * SYNOPSIS
 *   strmap m = STRMAP_INIT;
 *   size_t *slot;
 *   if (strmap_put(&m, key, &slot)) *slot = value;   true: key was new
 *   const size_t *v = strmap_get(&m, key);            NULL when absent
 *   strmap_free(&m);
 *
 * DESCRIPTION
 *   Keys are copied. Open addressing, grown at half full; *slot stays valid until
 *   the next strmap_put.
 */
#ifndef PM_STRMAP_H
#define PM_STRMAP_H

#include <stdbool.h>
#include <stddef.h>

typedef struct strmap_slot {
    char *key; /* NULL: empty */
    size_t value;
} strmap_slot;

typedef struct strmap {
    strmap_slot *slots;
    size_t cap; /* a power of two, or 0 */
    size_t n;
} strmap;

#define STRMAP_INIT {NULL, 0, 0}

bool strmap_put(strmap *m, const char *key, size_t **slot);
const size_t *strmap_get(const strmap *m, const char *key);
void strmap_free(strmap *m);

#endif
