/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * xalloc: allocation that never returns NULL (it aborts with a message instead),
 * and small string duplication helpers.
 */
#ifndef PM_XALLOC_H
#define PM_XALLOC_H

#include <stddef.h>

void *xmalloc(size_t n);
void *xcalloc(size_t count, size_t size);
void *xrealloc(void *p, size_t n);
/* Grows an array to hold at least `need` elements of `size` bytes; *cap is updated. */
void *xgrow(void *p, size_t size, size_t need, size_t *cap);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);

#endif
