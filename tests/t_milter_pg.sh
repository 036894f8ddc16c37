#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# t_milter_pg: two `patchmilter run` processes (two MX hosts: own sockets, one
# PostgreSQL index) driven with miltertest. A series whose cover and patches alternate
# between the hosts, its next version the other way round, one message delivered
# through both, and a cross-posted message reaching both at the same moment: every
# copy carries the right series, state and prior, and the index holds each message once.
set -u
. "$PM_SRC/tests/milter/lib.sh"
. "$PM_SRC/tests/pg/lib.sh"
pg_need
HPIDS=()
cleanup() {
  for p in "${HPIDS[@]}"; do kill "$p" 2>/dev/null && wait "$p" 2>/dev/null; done
  stop_pg
  rm -rf "$T"
}
start_pg "$T/pg"

# start_host N "Key value"...: a milter on $T/run/hostN.sock, its log $T/hostN.log.
start_host() {
  local n=$1; shift
  launch_milter "$T/host$n.conf" "$T/host$n.log" "$T/run/host$n.sock" "Index $PG_URI" "$@"
  HPIDS[$n]=$LAUNCHED_PID
}

# send HOST QID MSGID SUBJECT IRT BODY [STATE [PRIOR [SERIES]]]
send() {
  local host=$1 qid=$2 msgid=$3 subject=$4 irt=$5 body=$6
  local args=(-D SOCKET="unix:$T/run/host$host.sock" -D SRCDIR="$LUA_DIR" -D QID="$qid"
              -D FROM="Dev <dev@example.org>" -D MSGID="$msgid" -D SUBJECT="$subject"
              -D IRT="$irt" -D BODY="$body")
  [ $# -ge 7 ] && args+=(-D STATE="$7")
  [ $# -ge 8 ] && [ -n "$8" ] && args+=(-D PRIOR="$8")
  [ $# -ge 9 ] && args+=(-D SERIES="$9")
  if ! miltertest "${args[@]}" -s "$LUA_DIR/send.lua" > "$T/send.out" 2>&1; then
    cat "$T/send.out"; echo "--- host 0"; cat "$T/host0.log"; echo "--- host 1"; cat "$T/host1.log"
    echo "FAIL: $qid through host $host"; exit 1
  fi
}

series_of() { printf 'series %s' "$1" | git hash-object --stdin | cut -c1-16; }

start_host 0
start_host 1
S=$(series_of v1-0@x)

# v1: cover on host 0, patches alternating.
send 0 V1C v1-0@x "[PATCH 0/3] fs: widgets" "" "" new "" "$S"
send 1 V1P1 v1-1@x "[PATCH 1/3] fs: widget core" v1-0@x one new "" "$S"
send 0 V1P2 v1-2@x "[PATCH 2/3] fs: widget glue" v1-0@x two new "" "$S"
send 1 V1P3 v1-3@x "[PATCH 3/3] fs: use widgets" v1-0@x three new "" "$S"
echo "ok: v1 over two hosts, one series"
# v2 the other way round: each part a revision of its v1 counterpart.
send 1 V2C v2-0@x "[PATCH v2 0/3] fs: widgets" "" "" revision "<v1-0@x>" "$S"
send 0 V2P1 v2-1@x "[PATCH v2 1/3] fs: widget core" v2-0@x one-changed revision "<v1-1@x>" "$S"
send 1 V2P2 v2-2@x "[PATCH v2 2/3] fs: widget glue" v2-0@x two revision "<v1-2@x>" "$S"
send 0 V2P3 v2-3@x "[PATCH v2 3/3] fs: use widgets" v2-0@x three revision "<v1-3@x>" "$S"
echo "ok: v2 over two hosts, revisions of v1"
# The same message delivered through both hosts (two recipients at two MX).
send 0 DUP0 v2-2@x "[PATCH v2 2/3] fs: widget glue" v2-0@x two duplicate "<v1-2@x>" "$S"
send 1 DUP1 v2-2@x "[PATCH v2 2/3] fs: widget glue" v2-0@x two duplicate "<v1-2@x>" "$S"
echo "ok: a copy through either host is a duplicate"

# Cross-posted messages reaching both hosts at the same moment, 20 times.
for i in $(seq 1 20); do
  senders=()
  for h in 0 1; do
    miltertest -D SOCKET="unix:$T/run/host$h.sock" -D SRCDIR="$LUA_DIR" -D QID="X$i-$h" \
      -D FROM="Other <other@example.org>" -D MSGID="cross-$i@x" -D SUBJECT="[PATCH] net: cross $i" \
      -D IRT="" -D BODY="cross $i" -s "$LUA_DIR/send.lua" > "$T/x$i-$h.out" 2>&1 &
    senders+=($!)
  done
  wait "${senders[@]}"
done
for i in $(seq 1 20); do
  l0=$(grep -F "]: info: X$i-0: " "$T/host0.log") || { cat "$T/x$i-0.out" "$T/host0.log"; echo "FAIL: X$i-0 not logged"; exit 1; }
  l1=$(grep -F "]: info: X$i-1: " "$T/host1.log") || { cat "$T/x$i-1.out" "$T/host1.log"; echo "FAIL: X$i-1 not logged"; exit 1; }
  states=$( (echo "$l0"; echo "$l1") | sed -n 's/.* state=\([a-z]*\) .*/\1/p' | sort | tr '\n' ' ')
  [ "$states" = "duplicate new " ] || { echo "$l0"; echo "$l1"; echo "FAIL: cross-$i: states $states"; exit 1; }
done
echo "ok: a message reaching both hosts at once is new on one, duplicate on the other"

count=$(pg_as "$PG_BINDIR/psql" -h "$PG_DIR/sock" -p "$PG_PORT" -U patchmilter -Atqc \
  "SELECT count(*), count(DISTINCT msgid), count(DISTINCT series_id) FILTER (WHERE msgid LIKE 'v%') FROM messages" patchmilter)
[ "$count" = "28|28|1" ] || { echo "FAIL: index holds $count (want 28|28|1)"; exit 1; }
"$PM_BIN" lookup --index "$PG_URI" "$S" | grep -c '^message-id:' | grep -qx 8 || { echo "FAIL: lookup of the series"; exit 1; }
if grep -h 'annotation failed' "$T"/host*.log; then echo "FAIL: an annotation failed"; exit 1; fi
echo "ok: the index holds each message once, the series under one id"
for n in 0 1; do
  kill "${HPIDS[$n]}"; status=0; wait "${HPIDS[$n]}" || status=$?
  [ "$status" -eq 0 ] || { cat "$T/host$n.log"; echo "FAIL: host $n exited with $status"; exit 1; }
done
HPIDS=()
echo PASS
