#!/bin/bash
# t_index_pg: the pm_index unit tests (tests/unit/test_pm_index.c) again, against a
# PostgreSQL server of our own instead of a SQLite file (PM_TEST_PG_URI).
set -u
: "${PM_BUILD:?PM_BUILD not set}" "${PM_SRC:?PM_SRC not set}"
. "$PM_SRC/tests/pg/lib.sh"
pg_need
T=$(mktemp -d)
trap 'stop_pg; rm -rf "$T"' EXIT
start_pg "$T/pg"
PM_TEST_PG_URI=$PG_URI "$PM_BUILD/tests/test_pm_index" || { echo "FAIL: test_pm_index on PostgreSQL"; exit 1; }
echo PASS
