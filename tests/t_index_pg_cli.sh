#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# t_index_pg_cli: the subcommands on a PostgreSQL index give the same answers as on
# SQLite: `import` of the first 1500 messages of the linux-fscrypt archive into both
# (same summary), `lookup` of every recorded Message-ID (same text), `annotate` of
# later messages (same fields), `digest` from the index (same report); importing
# again adds nothing. `lookup` and `digest --since` on a database without our schema
# fail, saying so, and leave it without tables. A password in --index is refused.
set -u
: "${PM_BIN:?}" "${PM_SRC:?}" "${PM_SHARED:?}"
. "$PM_SRC/tests/pg/lib.sh"
pg_need
EPOCH=$PM_SHARED/corpus/archive-linux-fscrypt/git/0.git
[ -d "$EPOCH" ] || { echo "SKIP: $EPOCH absent"; exit 77; }
command -v sqlite3 >/dev/null || { echo "SKIP: sqlite3 not installed"; exit 77; }
T=$(mktemp -d)
trap 'stop_pg; rm -rf "$T"' EXIT
start_pg "$T/pg"

psql_tables() {
  pg_as "$PG_BINDIR/psql" -h "$PG_DIR/sock" -p "$PG_PORT" -U patchmilter -d patchmilter -Atqc \
    "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'"
}
for cmd in "lookup x" "digest --since 2019-01-01 --until 2019-12-31"; do
  "$PM_BIN" ${cmd%% *} --index "$PG_URI" ${cmd#* } > "$T/out" 2>&1 &&
    { cat "$T/out"; echo "FAIL: $cmd on an empty database: exit 0"; exit 1; }
  grep -q "is it an index" "$T/out" || { cat "$T/out"; echo "FAIL: $cmd: message"; exit 1; }
done
[ "$(psql_tables)" = 0 ] || { echo "FAIL: a reader created tables"; exit 1; }
echo "ok: readers leave a database without our schema as it is"

git --git-dir="$EPOCH" rev-list --reverse HEAD > "$T/commits"
TO=$(sed -n 1500p "$T/commits")
"$PM_BIN" import --index "$T/ix.sqlite" --to "$TO" "$EPOCH" | sed 's/ in .*//' > "$T/sqlite.import"
"$PM_BIN" import --index "$PG_URI" --to "$TO" "$EPOCH" | sed 's/ in .*//' > "$T/pg.import"
diff "$T/sqlite.import" "$T/pg.import" || { echo "FAIL: imports differ"; exit 1; }
grep -q '^imported 1500 messages ([1-9]' "$T/pg.import" || { cat "$T/pg.import"; echo "FAIL: import"; exit 1; }
echo "ok: same import summary: $(cat "$T/pg.import")"

sqlite3 "$T/ix.sqlite" "SELECT msgid FROM messages ORDER BY msgid" > "$T/msgids"
n=0
while read -r id; do
  "$PM_BIN" lookup --index "$T/ix.sqlite" "<$id>" > "$T/a" 2>&1
  "$PM_BIN" lookup --index "$PG_URI" "<$id>" > "$T/b" 2>&1
  diff "$T/a" "$T/b" || { echo "FAIL: lookup <$id> differs"; exit 1; }
  n=$((n + 1))
done < "$T/msgids"
[ "$n" -gt 100 ] || { echo "FAIL: only $n messages recorded"; exit 1; }
echo "ok: lookup of $n Message-IDs: same answers"

for i in 1501 1502 1503 1504 1505 1510 1520; do
  git --git-dir="$EPOCH" cat-file blob "$(sed -n ${i}p "$T/commits"):m" > "$T/msg"
  "$PM_BIN" annotate --dry-run --index "$T/ix.sqlite" < "$T/msg" | sed -n '/^$/q;/^X-Patch-/p' > "$T/a"
  "$PM_BIN" annotate --dry-run --index "$PG_URI" < "$T/msg" | sed -n '/^$/q;/^X-Patch-/p' > "$T/b"
  diff "$T/a" "$T/b" || { echo "FAIL: annotate of message $i differs"; exit 1; }
done
echo "ok: annotate gives the same fields"

for b in sqlite pg; do
  index=$T/ix.sqlite; [ $b = pg ] && index=$PG_URI
  "$PM_BIN" digest --index "$index" --since 2019-01-01 --until 2030-12-31 > "$T/digest.$b" 2>&1 \
    || { cat "$T/digest.$b"; echo "FAIL: digest from the $b index"; exit 1; }
done
diff "$T/digest.sqlite" "$T/digest.pg" > /dev/null || { diff "$T/digest.sqlite" "$T/digest.pg" | head; echo "FAIL: digests differ"; exit 1; }
[ "$(wc -l < "$T/digest.pg")" -gt 100 ] || { cat "$T/digest.pg"; echo "FAIL: digest too short"; exit 1; }
echo "ok: digest from the index gives the same report"

"$PM_BIN" import --index "$PG_URI" --to "$TO" "$EPOCH" > "$T/again"
grep -q '(0 new, 0 revision, 0 resend, ' "$T/again" || { cat "$T/again"; echo "FAIL: import again added messages"; exit 1; }
echo "ok: importing again adds nothing"

if "$PM_BIN" lookup --index "postgresql://patchmilter:Secret1@/patchmilter?host=$PG_DIR/sock&port=$PG_PORT" x 2> "$T/err"; then
  echo "FAIL: a password on the command line was taken"; exit 1
fi
grep -q 'no password on the command line' "$T/err" || { cat "$T/err"; echo "FAIL: refusal not explained"; exit 1; }
echo "ok: a password in --index is refused"
echo PASS
