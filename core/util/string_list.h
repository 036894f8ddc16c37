/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * string_list: a growable array of owned strings (the files of a patch, the
 * Message-IDs it names, the subsystems a digest lists).
 *
 * SYNOPSIS
 *   string_list l = {0};
 *   string_list_add(&l, "fs/crypto/keyring.c");   string_list_addn(&l, s, n);
 *   if (string_list_has(&l, s)) ...
 *   string_list_remove(&l, s);                   every copy of s, the order kept
 *   ... l.v[0] .. l.v[l.n - 1] ...
 *   string_list_free(&l);
 *
 * DESCRIPTION
 *   Each string is copied in; the list keeps the order of adding and allows
 *   duplicates (string_list_has() is a linear scan, for short lists). A list the
 *   caller builds over its own array ({v, n, n}) may be passed where only read.
 */
#ifndef PM_STRING_LIST_H
#define PM_STRING_LIST_H

#include <stdbool.h>
#include <stddef.h>

typedef struct string_list {
    char **v;
    size_t n;
    size_t cap;
} string_list;

void string_list_add(string_list *l, const char *s);
void string_list_addn(string_list *l, const char *s, size_t n);
void string_list_free(string_list *l);
bool string_list_has(const string_list *l, const char *s);
void string_list_remove(string_list *l, const char *s);

#endif
