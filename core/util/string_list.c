/* SPDX-License-Identifier: BSD-2-Clause */
/* string_list: a growable array of owned strings (see string_list.h). */
#include "string_list.h"

#include <stdlib.h>
#include <string.h>

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

void string_list_remove(string_list *l, const char *s)
{
    size_t kept = 0;
    for (size_t i = 0; i < l->n; i++) {
        if (strcmp(l->v[i], s))
            l->v[kept++] = l->v[i];
        else
            free(l->v[i]);
    }
    l->n = kept;
}

void string_list_free(string_list *l)
{
    for (size_t i = 0; i < l->n; i++)
        free(l->v[i]);
    free(l->v);
    memset(l, 0, sizeof *l);
}
