#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# t_index_pg_passfile: a PostgreSQL index that wants a password gets it from a password
# file (PGPASSFILE), not from the URI: with the file the subcommands work; without it
# they fail saying why, and the password shows in no message.
set -u
: "${PM_BIN:?}" "${PM_SRC:?}"
. "$PM_SRC/tests/pg/lib.sh"
pg_need
T=$(mktemp -d)
trap 'stop_pg; rm -rf "$T"' EXIT
PG_TCP=1 PG_AUTH_HOST=scram-sha-256 start_pg "$T/pg"
PASSWORD=Pf-8secret-Zq
pg_as "$PG_BINDIR/psql" -h "$PG_DIR/sock" -p "$PG_PORT" -U patchmilter -qc \
  "ALTER ROLE patchmilter PASSWORD '$PASSWORD'" patchmilter
URI="postgresql://patchmilter@127.0.0.1:$PG_PORT/patchmilter"
echo "127.0.0.1:$PG_PORT:patchmilter:patchmilter:$PASSWORD" > "$T/pgpass"
chmod 600 "$T/pgpass"
msg="From: Dev <dev@example.org>
Subject: [PATCH] fs: a fix
Message-ID: <pass-1@x>
Date: Tue, 24 Nov 2026 10:00:00 +0000

Fix.
---
diff --git a/f.c b/f.c
--- a/f.c
+++ b/f.c
@@ -1 +1 @@
-a
+b
"
out=$(printf '%s' "$msg" | PGPASSFILE=$T/pgpass HOME=$T "$PM_BIN" annotate --index "$URI" 2>"$T/err")
echo "$out" | grep -q '^X-Patch-State: new' || { echo "$out"; cat "$T/err"; echo "FAIL: annotate with a password file"; exit 1; }
PGPASSFILE=$T/pgpass HOME=$T "$PM_BIN" lookup --index "$URI" '<pass-1@x>' | grep -q '^state: new' \
  || { echo "FAIL: lookup with a password file"; exit 1; }
echo "ok: the password comes from PGPASSFILE"

status=0
PGPASSFILE=/nonexistent HOME=$T "$PM_BIN" lookup --index "$URI" '<pass-1@x>' > /dev/null 2> "$T/err" || status=$?
[ "$status" -eq 2 ] || { cat "$T/err"; echo "FAIL: lookup without the password exited $status"; exit 1; }
grep -q 'unreachable: .*password' "$T/err" || { cat "$T/err"; echo "FAIL: the refusal does not say why"; exit 1; }
if grep -rq "$PASSWORD" "$T/err"; then echo "FAIL: the password was printed"; exit 1; fi
echo "ok: without it: $(cut -c1-150 "$T/err")"
echo PASS
