/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * index_location: where a test's index lives. With PM_TEST_PG_URI set (tests/t_index_pg.sh
 * starts a PostgreSQL server of its own and sets it), that database, emptied first;
 * else a SQLite file in a temporary directory. The same tests so run on both backends.
 */
#ifndef PM_TEST_INDEX_LOCATION_H
#define PM_TEST_INDEX_LOCATION_H

#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>

/* The PostgreSQL database of the test run, NULL for SQLite. */
static inline const char *test_pg_uri(void)
{
    const char *uri = getenv("PM_TEST_PG_URI");
    return uri && *uri ? uri : NULL;
}

/* Empties the PostgreSQL test database: the index starts from nothing. */
static inline int drop_pg_tables(const char *uri)
{
    PGconn *c = PQconnectdb(uri);
    PGresult *r = PQexec(c, "SET client_min_messages = warning;"
                            "DROP TABLE IF EXISTS messages, links, series_moves, events, scans, "
                            "replies, sections, corrections, schema_version");
    int rc = PQresultStatus(r) == PGRES_COMMAND_OK ? 0 : -1;
    if (rc < 0)
        fprintf(stderr, "emptying %s: %s", uri, PQerrorMessage(c));
    PQclear(r);
    PQfinish(c);
    return rc;
}

/* An empty index's location in path: the emptied test database, else dir/index.sqlite.
   Returns 0, -1 when the database could not be emptied. */
static inline int test_index_location(const char *dir, char *path, size_t size)
{
    const char *pg = test_pg_uri();
    if (!pg) {
        snprintf(path, size, "%s/index.sqlite", dir);
        return 0;
    }
    snprintf(path, size, "%s", pg);
    return drop_pg_tables(pg);
}

#endif
