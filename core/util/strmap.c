/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * strmap: string-keyed hash map (FNV-1a, linear probing); see strmap.h.
 */
#include "strmap.h"

#include <stdlib.h>
#include <string.h>

#include "fnv1a.h"
#include "xalloc.h"

static strmap_slot *find(strmap_slot *slots, size_t cap, const char *key)
{
    size_t i = (size_t)fnv1a(key, strlen(key)) & (cap - 1);
    while (slots[i].key && strcmp(slots[i].key, key))
        i = (i + 1) & (cap - 1);
    return &slots[i];
}

static void grow(strmap *m)
{
    size_t cap = m->cap ? m->cap * 2 : 64;
    strmap_slot *slots = xcalloc(cap, sizeof *slots);
    for (size_t i = 0; i < m->cap; i++)
        if (m->slots[i].key)
            *find(slots, cap, m->slots[i].key) = m->slots[i];
    free(m->slots);
    m->slots = slots;
    m->cap = cap;
}

bool strmap_put(strmap *m, const char *key, size_t **slot)
{
    if ((m->n + 1) * 2 > m->cap)
        grow(m);
    strmap_slot *s = find(m->slots, m->cap, key);
    bool fresh = s->key == NULL;
    if (fresh) {
        s->key = xstrdup(key);
        s->value = 0;
        m->n++;
    }
    *slot = &s->value;
    return fresh;
}

const size_t *strmap_get(const strmap *m, const char *key)
{
    if (!m->cap)
        return NULL;
    strmap_slot *s = find(m->slots, m->cap, key);
    return s->key ? &s->value : NULL;
}

void strmap_free(strmap *m)
{
    for (size_t i = 0; i < m->cap; i++)
        free(m->slots[i].key);
    free(m->slots);
    m->slots = NULL;
    m->cap = m->n = 0;
}
