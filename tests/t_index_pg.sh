#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# t_index_pg: the index unit tests again, against a PostgreSQL server of our own
# instead of a SQLite file (PM_TEST_PG_URI): the storage backends' conformance cases
# (tests/unit/test_index_db.c), the linking rules (tests/unit/test_pm_index.c), the
# events of notices (tests/unit/test_notice_events.c) and the links by hand
# (tests/unit/test_pm_index_link.c).
set -u
: "${PM_BUILD:?PM_BUILD not set}" "${PM_SRC:?PM_SRC not set}"
. "$PM_SRC/tests/pg/lib.sh"
pg_need
T=$(mktemp -d)
trap 'stop_pg; rm -rf "$T"' EXIT
start_pg "$T/pg"
PM_TEST_PG_URI=$PG_URI "$PM_BUILD/tests/test_index_db" || { echo "FAIL: test_index_db on PostgreSQL"; exit 1; }
PM_TEST_PG_URI=$PG_URI "$PM_BUILD/tests/test_pm_index" || { echo "FAIL: test_pm_index on PostgreSQL"; exit 1; }
PM_TEST_PG_URI=$PG_URI "$PM_BUILD/tests/test_notice_events" || { echo "FAIL: test_notice_events on PostgreSQL"; exit 1; }
PM_TEST_PG_URI=$PG_URI "$PM_BUILD/tests/test_pm_index_replies" || { echo "FAIL: test_pm_index_replies on PostgreSQL"; exit 1; }
PM_TEST_PG_URI=$PG_URI "$PM_BUILD/tests/test_pm_index_link" || { echo "FAIL: test_pm_index_link on PostgreSQL"; exit 1; }
echo PASS
