#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# bench_limits: time and peak RSS of `patchmilter annotate` on the limit inputs of
# tests/limits/gen.py at two sizes ten times apart (linear time means a ratio near 10),
# and the milter's peak RSS for a 200 MB message over MaximumMessageSize (miltertest).
# Usage: bench/bench_limits.sh [BUILD_DIR]   (default build/); prints a Markdown table.
set -u
SRC=$(cd "$(dirname "$0")/.." && pwd)
BIN=${1:-$SRC/build}/patchmilter
T=$(mktemp -d)
MPID=
trap '[ -n "$MPID" ] && kill "$MPID" 2>/dev/null; rm -rf "$T"' EXIT

run() { # CASE SCALE ARGS... -> "seconds rss_kb bytes"
  local name=$1 scale=$2; shift 2
  python3 "$SRC/tests/limits/gen.py" "$name" "$scale" > "$T/in.eml"
  /usr/bin/time -f '%e %M' -o "$T/time" "$BIN" annotate --dry-run --index "$T/ix.sqlite" "$@" \
    < "$T/in.eml" > /dev/null 2>&1
  echo "$(cat "$T/time") $(stat -c %s "$T/in.eml")"
}

echo "| case | small input | time | peak RSS | 10x input | time | peak RSS | time ratio |"
echo "|---|---|---|---|---|---|---|---|"
for spec in "headers 0.1 1" "line 0.1 1" "parts 0.1 1" "depth 0.1 1" "files 0.1 1" \
            "big 0.02 0.2 --max-size 1G" "big 0.1 1"; do
  set -- $spec
  name=$1 small=$2 large=$3; shift 3
  read -r t1 r1 b1 < <(run "$name" "$small" "$@")
  read -r t2 r2 b2 < <(run "$name" "$large" "$@")
  ratio=$(echo "scale=1; $t2 / ($t1 + 0.01)" | bc)
  label=$name; [ $# -gt 0 ] && label="$name ($*)"
  printf '| %s | %s B | %s s | %s KB | %s B | %s s | %s KB | %s |\n' "$label" "$b1" "$t1" "$r1" "$b2" "$t2" "$r2" "$ratio"
done

# The milter: a 200 MB body over MaximumMessageSize 32M is not buffered.
if command -v miltertest >/dev/null; then
  RUN_AS=; [ "$(id -u)" -eq 0 ] && RUN_AS=nobody && chmod 755 "$T"
  mkdir -p "$T/run"; [ -n "$RUN_AS" ] && chown "$RUN_AS" "$T/run"
  printf 'Socket unix:%s/run/sock\nSyslog no\nMaximumMessageSize 32M\n%s\n' "$T" \
    "${RUN_AS:+UserID $RUN_AS}" > "$T/m.conf"
  "$BIN" run -f -c "$T/m.conf" 2>"$T/m.log" &
  MPID=$!
  for _ in $(seq 1 100); do [ -S "$T/run/sock" ] && break; sleep 0.05; done
  start=$(date +%s.%N)
  miltertest -D SOCKET="unix:$T/run/sock" -D SRCDIR="$SRC/tests/milter" -D QID=BIG200 \
    -D BIGSIZE=200000000 -D EXPECT=oversize -s "$SRC/tests/milter/big.lua" >/dev/null
  secs=$(echo "$(date +%s.%N) - $start" | bc)
  hwm=$(awk '/^VmHWM:/ { print $2 }' "/proc/$MPID/status")
  echo
  echo "milter, 200 MB body, MaximumMessageSize 32M (miltertest big.lua): ${secs%????} s, peak RSS (VmHWM) $hwm KB"
fi
