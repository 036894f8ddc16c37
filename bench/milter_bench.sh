#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# milter_bench: messages/s through a real Postfix on loopback with patchmilter versus
# the same Postfix with a do-nothing milter (bench/null_milter.c), in the same run,
# and patchmilter's own time per message (p50/p99 from its log).
#
# Usage (as root, from the source tree, after building build/patchmilter):
#   bench/milter_bench.sh [MESSAGE_FILE]
# Environment: PM_BIN (default build/patchmilter), SESSIONS (20), MESSAGES (2000
# per run), ROUNDS (3; each round runs both, alternating which goes first, each run
# starting with an empty queue),
# NOINDEX=1 (run patchmilter without its SQLite index, to see what the index costs),
# INDEX_FROM=FILE (start from a copy of this SQLite index, e.g. bench_scale's 100x one),
# AA=1 (a second null milter in patchmilter's place: the bench's own noise floor),
# EDITS=N (the null milter inserts N header fields per message, as patchmilter inserts
# its own: what the MTA's handling of the edits costs, apart from patchmilter's work),
# PIN=1 (both milters on the last CPU, Postfix and smtp-source on the others: the
# milters' time per message without waiting for the CPU behind Postfix's processes).
# One Postfix instance has two smtpd listeners, one per milter; delivery is the
# discard transport, so the runs measure smtpd + cleanup + milter. smtp-source
# opens a new SMTP session (and so a new milter connection) for every message.
set -eu
[ "$(id -u)" -eq 0 ] || { echo "milter_bench: run as root (private Postfix)"; exit 1; }
SRC=$(cd "$(dirname "$0")/.." && pwd)
PM_BIN=${PM_BIN:-$SRC/build/patchmilter}
MSG=${1:-$SRC/tests/fixtures/series/v1-1.eml}
SESSIONS=${SESSIONS:-20}
MESSAGES=${MESSAGES:-2000}
ROUNDS=${ROUNDS:-3}
EDITS=${EDITS:-0}
NCPU=$(nproc)
MILTER_CPUS= MTA_CPUS=
if [ -n "${PIN:-}" ]; then
  [ "$NCPU" -ge 2 ] || { echo "milter_bench: PIN=1 needs 2 CPUs or more"; exit 1; }
  MILTER_CPUS=$((NCPU - 1)) MTA_CPUS=0-$((NCPU - 2))
fi
# Runs a command on the milters' CPU when pinned; started with &, the command replaces
# the subshell, so $! is its pid (whose CPU time the bench reads).
on_milter_cpu() { if [ -n "$MILTER_CPUS" ]; then exec taskset -c "$MILTER_CPUS" "$@"; else exec "$@"; fi; }

T=$(mktemp -d)
chmod 755 "$T"
NPID= MPID=
# At exit, after tests/postfix/lib.sh has stopped Postfix.
cleanup() {
  if [ -n "$NPID" ]; then kill "$NPID" 2>/dev/null || true; fi
  if [ -n "$MPID" ]; then kill "$MPID" 2>/dev/null || true; fi
  wait 2>/dev/null || true
  rm -rf "$T"
}
. "$SRC/tests/postfix/lib.sh"

cc -O2 -std=c11 -D_GNU_SOURCE "$SRC/bench/null_milter.c" -lmilter -o "$T/null_milter"
mkdir -p "$T/run" && chown nobody "$T/run"
on_milter_cpu "$T/null_milter" "unix:$T/null.sock" "$EDITS" & NPID=$!
cat > "$T/patchmilter.conf" <<EOF
Socket unix:$T/run/pm.sock
UserID nobody
UMask 000
Syslog no
EOF
[ -n "${NOINDEX:-}" ] || echo "Index $T/run/index.sqlite" >> "$T/patchmilter.conf"
if [ -n "${INDEX_FROM:-}" ]; then
  sqlite3 "$INDEX_FROM" ".backup '$T/run/index.sqlite'" && chown nobody "$T/run/index.sqlite"
fi
if [ -n "${AA:-}" ]; then
  on_milter_cpu "$T/null_milter" "unix:$T/run/pm.sock" "$EDITS" & MPID=$!
  : > "$T/milter.log"
else
  on_milter_cpu "$PM_BIN" run -f -c "$T/patchmilter.conf" 2>"$T/milter.log" & MPID=$!
fi
wait_socket "$T/null.sock" "$NPID" 5
wait_socket "$T/run/pm.sock" "$MPID" 5 "$T/milter.log"
chmod 666 "$T/null.sock" "$T/run/pm.sock"

# Local mail is discarded. The main smtpd (P_NULL) goes through the null milter, a
# second one (P_PM) through patchmilter.
start_postfix --discard --milter "unix:$T/null.sock" --listener P_PM "unix:$T/run/pm.sock" \
  "smtpd_client_connection_count_limit = 0" "smtpd_client_connection_rate_limit = 0"
P_NULL=$SMTP_PORT
if [ -n "$MTA_CPUS" ]; then # the master and what it has started; what it starts later inherits
  master=$(head -1 "$PF/spool/pid/master.pid" | tr -d ' ')
  for p in $master $(pgrep -P "$master"); do taskset -a -p -c "$MTA_CPUS" "$p" >/dev/null; done
fi

# Seconds for one smtp-source run against a port.
run() {
  local t0 t1
  pf_wait_queue 30 || true # so that no run pays for the previous run's backlog
  t0=$(date +%s.%N)
  ${MTA_CPUS:+taskset -c "$MTA_CPUS"} smtp-source -s "$SESSIONS" -m "$MESSAGES" -F "$MSG" -f dev@example.org \
    -t bench@mx.test.example "127.0.0.1:$1"
  t1=$(date +%s.%N)
  echo "$t0 $t1" | awk '{ printf "%.3f", $2 - $1 }'
}
run "$P_NULL" >/dev/null # warm-up of both paths
run "$P_PM" >/dev/null
start_line=$(wc -l < "$T/milter.log")
# CPU seconds (user + system) a process has used so far.
cpu_seconds() { awk -v hz="$(getconf CLK_TCK)" '{ printf "%.2f", ($14 + $15) / hz }' "/proc/$1/stat"; }
cpu_null0=$(cpu_seconds "$NPID") cpu_pm0=$(cpu_seconds "$MPID")

echo "message: $MSG ($(wc -c < "$MSG") bytes); $MESSAGES messages per run, $SESSIONS sessions, $ROUNDS rounds${NOINDEX:+, no index}${INDEX_FROM:+, index from $INDEX_FROM}${AA:+, A/A: null milter twice}; null milter inserts $EDITS fields${PIN:+; milters pinned to CPU $MILTER_CPUS, Postfix to $MTA_CPUS}"
printf '%-6s %12s %12s %8s\n' round "null msg/s" "pm msg/s" ratio
tn=0 tp=0
for r in $(seq 1 "$ROUNDS"); do
  if [ $((r % 2)) -eq 1 ]; then # alternate which milter goes first
    sn=$(run "$P_NULL"); sp=$(run "$P_PM")
  else
    sp=$(run "$P_PM"); sn=$(run "$P_NULL")
  fi
  tn=$(echo "$tn $sn" | awk '{ print $1 + $2 }')
  tp=$(echo "$tp $sp" | awk '{ print $1 + $2 }')
  echo "$r $sn $sp $MESSAGES" | awk '{ printf "%-6s %12.0f %12.0f %7.1f%%\n", $1, $4 / $2, $4 / $3, 100 * $2 / $3 }'
  echo "$sn $sp" | awk '{ print 100 * $1 / $2 }' >> "$T/ratios"
done
sort -n "$T/ratios" | awk '{ r[NR] = $1 } END { m = NR % 2 ? r[(NR + 1) / 2] : (r[NR / 2] + r[NR / 2 + 1]) / 2;
  printf "median ratio over the rounds: %.1f%%\n", m }'
echo "all $tn $tp $((MESSAGES * ROUNDS))" | awk '{ printf "%-6s %12.0f %12.0f %7.1f%%\n", $1, $4 / $2, $4 / $3, 100 * $2 / $3 }'

echo "$(cpu_seconds "$NPID") $cpu_null0 $(cpu_seconds "$MPID") $cpu_pm0 $((MESSAGES * ROUNDS))" |
  awk '{ printf "milter process CPU per message (all threads, libmilter included): null %.3f ms, pm %.3f ms\n",
         1000 * ($1 - $2) / $5, 1000 * ($3 - $4) / $5 }'
tail -n +"$((start_line + 1))" "$T/milter.log" | grep ']: info: ' > "$T/lines"
n=$(wc -l < "$T/lines")
# Percentile of a field (time= wall clock, cpu= thread CPU) over the bench messages.
pct() {
  sed -n "s/.* $1=\([0-9.]*\)ms.*/\1/p" "$T/lines" | sort -n |
    awk -v q="$2" -v n="$n" 'NR == int((n - 1) * q) + 1 { print; exit }'
}
echo "patchmilter per message over $n messages:"
echo "  wall time in callbacks: p50 $(pct time 0.50) ms, p99 $(pct time 0.99) ms, max $(pct time 1) ms"
echo "  CPU time at end of message: p50 $(pct cpu 0.50) ms, p99 $(pct cpu 0.99) ms, max $(pct cpu 1) ms"
grep -c 'status=sent' "$PF_LOG" | awk '{ print "delivered (discarded) by Postfix: " $1 }'
