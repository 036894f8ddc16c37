/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * fuzz_check: an invariant check for the fuzz targets that aborts (so libFuzzer, and the
 * regression replay, report it as a crash) with the failed condition.
 */
#ifndef PM_FUZZ_CHECK_H
#define PM_FUZZ_CHECK_H

#include <stdio.h>
#include <stdlib.h>

#define FUZZ_CHECK(cond)                                                                    \
    do {                                                                                   \
        if (!(cond)) {                                                                     \
            fprintf(stderr, "%s:%d: invariant failed: %s\n", __FILE__, __LINE__, #cond);   \
            abort();                                                                       \
        }                                                                                  \
    } while (0)

#endif
