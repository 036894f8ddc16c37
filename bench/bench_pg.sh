#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# bench_pg: the PostgreSQL index against the SQLite one, in the same run.
#  1. `patchmilter import` of a public-inbox epoch (default: the linux-fscrypt
#     archive) into an empty SQLite file, then into an empty PostgreSQL database over
#     TCP on 127.0.0.1, then over the server's unix socket; ROUNDS times, best of each.
#  2. Two `patchmilter run` processes (two MX hosts) sharing one index, each fed by its
#     own miltertest connection (bench/feed.lua) with every other message of the last
#     LIVE messages of the archive, the index holding the ones before: messages/s (wall)
#     and the milter's own time per message (p50, p99, max; from its log) for patch
#     mail, with SQLite (both milters on one file) and with PostgreSQL. For each pause
#     of PAUSES_MS: 0, each feeder sends its next message as soon as the milter has
#     answered (the machine saturated: latency then includes waiting for a CPU); N > 0,
#     it waits N ms after each answer (a paced feed, as mail arrives at an MX).
# PostgreSQL is a private server (tests/pg/lib.sh) on 127.0.0.1, fsync on, defaults
# otherwise. Not a test: run it by hand, from the source tree, after building.
#   usage: bench/bench_pg.sh [EPOCH_GIT_DIR]
# Environment: PM_BIN, LIVE (2000), ROUNDS (3, of the import), PAUSES_MS ("0 2"),
# PG_OPTIONS (server settings, e.g. "-c synchronous_commit=off" to see what the WAL
# flush at each commit costs).
set -eu
SRC=$(cd "$(dirname "$0")/.." && pwd)
PM_BIN=${PM_BIN:-$SRC/build/patchmilter}
shared=${PM_SHARED:-$SRC/../shared}
[ -d "$shared" ] || shared=$SRC/../../shared
EPOCH=${1:-$shared/corpus/archive-linux-fscrypt/git/0.git}
LIVE=${LIVE:-2000}
ROUNDS=${ROUNDS:-3}
PAUSES_MS=${PAUSES_MS:-0 2}
for tool in miltertest git python3 /usr/bin/time; do
  command -v "$tool" >/dev/null || { echo "bench_pg: $tool is missing" >&2; exit 1; }
done
PM_SRC=$SRC
. "$SRC/tests/pg/lib.sh"
pg_need
T=$(mktemp -d)
chmod 755 "$T"
HPIDS=()
finish() {
  for p in "${HPIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  stop_pg
  rm -rf "$T"
}
trap finish EXIT
PG_TCP=1 PG_FSYNC=on start_pg "$T/pg"
URI="postgresql://patchmilter@127.0.0.1:$PG_PORT/patchmilter"
RUN_AS=
if [ "$(id -u)" -eq 0 ]; then RUN_AS=nobody; fi
mkdir -p "$T/run" "$T/msgs"
[ -n "$RUN_AS" ] && chown "$RUN_AS" "$T/run"

echo "== import of $(basename "$(dirname "$(dirname "$EPOCH")")") ($(git --git-dir="$EPOCH" rev-list --count HEAD) messages), $ROUNDS rounds"
SOCK_URI="postgresql://patchmilter@/patchmilter?host=$PG_DIR/sock&port=$PG_PORT"
for round in $(seq 1 "$ROUNDS"); do
  for backend in sqlite pg pg_socket; do
    case $backend in
      sqlite) index=$T/run/import$round.sqlite ;;
      pg) index=$URI ;;
      pg_socket) index=$SOCK_URI ;;
    esac
    if [ $backend != sqlite ]; then
      pg_as "$PG_BINDIR/psql" -h "$PG_DIR/sock" -p "$PG_PORT" -U patchmilter -qc \
        "SET client_min_messages = warning; DROP TABLE IF EXISTS messages, links, series_moves, events, scans, replies, sections, schema_version" patchmilter
    fi
    /usr/bin/time -f "%e %U" -o "$T/time" "$PM_BIN" import --index "$index" "$EPOCH" > "$T/import.out"
    read -r wall user < "$T/time"
    echo "round $round, $backend: ${wall}s wall, ${user}s user: $(sed 's/ in .*//' "$T/import.out")"
    echo "$wall" >> "$T/import.$backend"
  done
done
python3 - "$T" <<'PY'
import sys
t = sys.argv[1]
best = {b: min(float(x) for x in open("%s/import.%s" % (t, b))) for b in ("sqlite", "pg", "pg_socket")}
print("best of each: SQLite %.2fs, PostgreSQL over 127.0.0.1 %.2fs (%.2fx), over its socket %.2fs (%.2fx)"
      % (best["sqlite"], best["pg"], best["pg"] / best["sqlite"], best["pg_socket"], best["pg_socket"] / best["sqlite"]))
PY

# The archive in order, one file a message: the first ones preloaded, LIVE fed live.
git --git-dir="$EPOCH" rev-list --reverse HEAD > "$T/commits"
python3 - "$EPOCH" "$T/commits" "$T/msgs" <<'PY'
import subprocess, sys
epoch, commits, out = sys.argv[1:]
ids = open(commits).read().split()
p = subprocess.Popen(["git", "--git-dir", epoch, "cat-file", "--batch"], stdin=subprocess.PIPE, stdout=subprocess.PIPE)
for n, c in enumerate(ids):
    p.stdin.write((c + ":m\n").encode()); p.stdin.flush()
    size = int(p.stdout.readline().split()[2])
    data = p.stdout.read(size); p.stdout.read(1)
    open("%s/%05d" % (out, n), "wb").write(data)
p.stdin.close(); p.wait()
PY
total=$(wc -l < "$T/commits")
ls "$T"/msgs/* | head -n $((total - LIVE)) > "$T/preload.list"
ls "$T"/msgs/* | tail -n "$LIVE" > "$T/live.list"
mkdir "$T/preload"
while read -r f; do
  printf 'From bench@x Thu Jan  1 00:00:00 1970\n'
  sed 's/^>*From />&/' "$f"
  printf '\n'
done < "$T/preload.list" > "$T/preload.mbox"

live_run() { # BACKEND INDEX PAUSE_MS
  local backend=$1 index=$2 pause
  pause=$(awk -v ms="$3" 'BEGIN { printf "%g", ms / 1000 }')
  "$PM_BIN" import --index "$index" "$T/preload.mbox" > /dev/null
  [ -n "$RUN_AS" ] && chown -R "$RUN_AS" "$T/run"
  for n in 0 1; do
    printf 'Socket unix:%s\nSyslog no\nIndex %s\n' "$T/run/$backend$n.sock" "$index" > "$T/$backend$n.conf"
    [ -n "$RUN_AS" ] && echo "UserID $RUN_AS" >> "$T/$backend$n.conf"
    : > "$T/$backend$n.log"
    "$PM_BIN" run -f -c "$T/$backend$n.conf" 2>> "$T/$backend$n.log" & HPIDS[$n]=$!
  done
  for n in 0 1; do
    for _ in $(seq 1 100); do [ -S "$T/run/$backend$n.sock" ] && break; sleep 0.05; done
  done
  local start end
  start=$(date +%s.%N)
  for n in 0 1; do
    miltertest -D SOCKET="unix:$T/run/$backend$n.sock" -D SRCDIR="$SRC/bench" -D LIST="$T/live.list" \
      -D FIRST=$((n + 1)) -D STEP=2 -D QID="L$n-" -D PAUSE="$pause" -s "$SRC/bench/feed.lua" > "$T/$backend$n.feed" 2>&1 &
    FEED[$n]=$!
  done
  wait "${FEED[0]}" "${FEED[1]}"
  end=$(date +%s.%N)
  for n in 0 1; do kill "${HPIDS[$n]}"; wait "${HPIDS[$n]}" || true; done
  HPIDS=()
  cat "$T/$backend"0.log "$T/$backend"1.log | python3 -c '
import re, sys
start, end, backend, feeds = float(sys.argv[1]), float(sys.argv[2]), sys.argv[3], sys.argv[4:]
t_all, t_patch = [], []
for line in sys.stdin:
    m = re.search(r"kind=(\S+) .* time=([0-9.]+)ms", line)
    if not m: continue
    t_all.append(float(m.group(2)))
    if m.group(1) in ("patch", "cover", "pull"): t_patch.append(float(m.group(2)))
def pct(v, p):
    v = sorted(v); return v[min(len(v) - 1, int(len(v) * p / 100))]
n = len(t_all)
print("%s: %d messages (%d patch mail) in %.1fs: %.0f messages/s; patch mail time p50 %.2f ms, p99 %.2f ms, max %.1f ms; all mail p99 %.2f ms; %s"
      % (backend, n, len(t_patch), end - start, n / (end - start), pct(t_patch, 50), pct(t_patch, 99), max(t_patch), pct(t_all, 99),
         ", ".join(open(f).read().strip().splitlines()[-1] for f in feeds)))
' "$start" "$end" "$backend" "$T/$backend"0.feed "$T/$backend"1.feed
  grep -h "error" "$T/$backend"0.log "$T/$backend"1.log | head -3 || true
}
for pause_ms in $PAUSES_MS; do
  echo "== two milters, $LIVE live messages over an index of the $((total - LIVE)) before, pause $pause_ms ms"
  PG_DB=patchmilter_live$pause_ms
  pg_as "$PG_BINDIR/createdb" -h "$PG_DIR/sock" -p "$PG_PORT" -U patchmilter "$PG_DB"
  live_run sqlite "$T/run/live$pause_ms.sqlite" "$pause_ms"
  live_run pg "postgresql://patchmilter@127.0.0.1:$PG_PORT/$PG_DB" "$pause_ms"
done
