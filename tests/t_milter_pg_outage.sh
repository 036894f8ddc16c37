#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# t_milter_pg_outage: the milter with a PostgreSQL index that goes away. Started
# while the server is down, it runs and tempfails (On-InternalError tempfail); then,
# under load from two senders, the server is killed and started again. The senders
# retry what was tempfailed, as an MTA does. Every message ends up in the index
# exactly once, each outage is logged once (and its end once), no message logs an
# error of its own, and the password of the URI shows in no log.
set -u
. "$PM_SRC/tests/milter/lib.sh"
. "$PM_SRC/tests/pg/lib.sh"
pg_need
cleanup() {
  [ -n "$MPID" ] && kill "$MPID" 2>/dev/null && wait "$MPID" 2>/dev/null
  stop_pg
  rm -rf "$T"
}
PER_SENDER=40
PG_PORT=$(free_port)
PG_DIR=$T/pg
# trust authentication: the password is never checked, only looked for in the logs
URI="postgresql://patchmilter:Pw-s3cret-9@/patchmilter?host=$PG_DIR/sock&port=$PG_PORT"
start_milter "Index $URI" "On-InternalError tempfail"

# send QID MSGID: prints continue or tempfail
send() {
  miltertest -D SOCKET="$SOCK" -D SRCDIR="$LUA_DIR" -D QID="$1" -D FROM="Dev <dev@example.org>" \
    -D MSGID="$2" -D SUBJECT="[PATCH] fs: change $2" -D IRT="" -D BODY="$2" \
    -s "$LUA_DIR/send.lua" 2>&1 | sed -n "s/^REPLY $1 //p"
}

# 1. The server is down at start: the milter runs, tempfails, logs it once.
for i in 1 2 3; do
  r=$(send START$i start-$i@x)
  [ "$r" = tempfail ] || { cat "$T/milter.log"; echo "FAIL: start-$i: '$r' with the server down"; exit 1; }
done
echo "ok: server down at start: tempfail"
start_pg "$PG_DIR"
for _ in $(seq 1 50); do r=$(send START1 start-1@x); [ "$r" = continue ] && break; sleep 0.1; done
[ "$r" = continue ] || { cat "$T/milter.log"; echo "FAIL: no recovery after the server started"; exit 1; }
for i in 2 3; do [ "$(send START$i start-$i@x)" = continue ] || { echo "FAIL: start-$i"; exit 1; }; done
echo "ok: the milter reconnected by itself"

# 2. Two senders; the server is killed in the middle and started again.
sender() { # NAME: sends its messages, each until accepted; counts tempfails
  local name=$1 tempfails=0
  for i in $(seq 1 $PER_SENDER); do
    local tries=0
    until [ "$(send "$name$i-$tries" "$name-$i@x")" = continue ]; do
      tempfails=$((tempfails + 1)); tries=$((tries + 1))
      [ $tries -lt 200 ] || { echo "gave up on $name-$i"; break; }
      sleep 0.2
    done
  done
  echo "$tempfails" > "$T/$name.tempfails"
}
sender a & SA=$!
sender b & SB=$!
for _ in $(seq 1 200); do
  [ "$(grep -c 'info: a[0-9]*-0: ' "$T/milter.log")" -ge 10 ] && break; sleep 0.05
done
kill_pg
echo "ok: server killed after $(grep -c 'info: [ab][0-9]*-0: ' "$T/milter.log") messages"
sleep 2
start_pg "$PG_DIR"
wait $SA $SB
tempfails=$(( $(cat "$T/a.tempfails") + $(cat "$T/b.tempfails") ))
[ "$tempfails" -gt 0 ] || { echo "FAIL: no message was tempfailed during the outage"; exit 1; }
echo "ok: $tempfails tempfails during the outage, all retried"

want=$((3 + 2 * PER_SENDER))
count=$(pg_as "$PG_BINDIR/psql" -h "$PG_DIR/sock" -p "$PG_PORT" -U patchmilter -Atqc \
  "SELECT count(*), count(DISTINCT msgid) FROM messages" patchmilter)
[ "$count" = "$want|$want" ] || { echo "FAIL: the index holds $count messages, want $want"; exit 1; }
for s in a b; do for i in $(seq 1 $PER_SENDER); do
  "$PM_BIN" lookup --index "$PG_URI" "$s-$i@x" >/dev/null || { echo "FAIL: $s-$i@x not in the index"; exit 1; }
done; done
echo "ok: every message in the index once"

down=$(grep -c 'error: index: database .* unreachable: .*until it is back' "$T/milter.log")
up=$(grep -c 'notice: index: database .* reachable again' "$T/milter.log")
[ "$down" -eq 2 ] && [ "$up" -eq 2 ] || { cat "$T/milter.log"; echo "FAIL: outages logged $down times, ends $up times (want 2, 2)"; exit 1; }
if grep -q 'annotation failed' "$T/milter.log"; then grep 'annotation failed' "$T/milter.log" | head -3; echo "FAIL: errors logged per message"; exit 1; fi
if grep -q 'Pw-s3cret-9' "$T/milter.log"; then echo "FAIL: the password was logged"; exit 1; fi
echo "ok: two outages, logged once each, no password"
stop_milter
echo PASS
