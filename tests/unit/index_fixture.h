/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * index_fixture: a cmocka fixture holding an empty index (index_location.h: the test
 * PostgreSQL database when PM_TEST_PG_URI is set, else a SQLite file in a temporary
 * directory), opened before each test and closed, its directory removed, after it.
 */
#ifndef PM_TEST_INDEX_FIXTURE_H
#define PM_TEST_INDEX_FIXTURE_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "index_location.h"
#include "pm_index.h"

typedef struct fixture {
    char dir[64];
    char path[512];
    pm_index *ix;
} fixture;

static inline int index_fixture_setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    strcpy(f->dir, "/tmp/pm-index-test-XXXXXX");
    if (!mkdtemp(f->dir) || test_index_location(f->dir, f->path, sizeof f->path) < 0)
        return -1;
    strbuf err = STRBUF_INIT;
    int rc = pm_index_open(f->path, &f->ix, &err);
    if (rc < 0)
        fprintf(stderr, "%s\n", err.data);
    sb_free(&err);
    *state = f;
    return rc;
}

static inline int index_fixture_teardown(void **state)
{
    fixture *f = *state;
    pm_index_close(f->ix);
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf %s", f->dir);
    int rc = system(cmd);
    free(f);
    return rc == 0 ? 0 : -1;
}

/* A test of the list run with the fixture. */
#define INDEX_TEST(test) \
    cmocka_unit_test_setup_teardown(test, index_fixture_setup, index_fixture_teardown)

#endif
