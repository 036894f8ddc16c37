/* SPDX-License-Identifier: BSD-2-Clause */
/* fixture: reading a test fixture file (tests/fixtures/...) into a strbuf. */
#ifndef PM_TEST_FIXTURE_H
#define PM_TEST_FIXTURE_H

#include <stdio.h>
#include <stdlib.h>

#include "strbuf.h"

static inline void fixture_read(const char *relative, strbuf *out)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", PM_FIXTURES, relative);
    FILE *f = fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "cannot open fixture %s\n", path);
        abort();
    }
    char chunk[65536];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
        sb_add(out, chunk, n);
    fclose(f);
}

#endif
