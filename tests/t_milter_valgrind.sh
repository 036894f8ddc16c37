#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# ctest-labels: no-asan
# t_milter_valgrind: the milter under valgrind (memcheck, leaks included) through the
# miltertest scripts: forged copies, folded and encoded subjects, chunked bodies,
# aborts, closes without negotiation, a reload, an oversize message, with an index and
# MAINTAINERS. Any memcheck error or definite leak fails the test (exit code 99).
set -u
. "$PM_SRC/tests/milter/lib.sh"
need valgrind

M="$T/run/MAINTAINERS"
printf 'MEMORY MANAGEMENT\nL:\tlinux-mm@kvack.org\nF:\tmm/\n' > "$M"
milter_conf "$T/patchmilter.conf" "$T/run/sock" "Index $T/run/index.sqlite" "Maintainers $M" \
  "MaximumMessageSize 1M"
valgrind --quiet --vgdb=no --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite \
  --show-leak-kinds=definite --log-file="$T/valgrind.log" \
  "$PM_BIN" run -f -c "$T/patchmilter.conf" 2>>"$T/milter.log" &
MPID=$!
wait_socket "$T/run/sock" "$MPID" 60 "$T/milter.log" "$T/valgrind.log"
for script in forged.lua subjects.lua chunks.lua abort.lua close.lua; do
  run_lua "$script" >/dev/null
done
run_lua big.lua -D QID=BIGV -D BIGSIZE=2097152 -D EXPECT=oversize >/dev/null
kill -USR1 "$MPID"
for _ in $(seq 1 100); do grep -q 'configuration reloaded' "$T/milter.log" && break; sleep 0.1; done
run_lua forged.lua >/dev/null
kill "$MPID"
status=0
wait "$MPID" || status=$?
MPID=
if [ "$status" -ne 0 ] || [ -s "$T/valgrind.log" ]; then
  cat "$T/valgrind.log"; echo "FAIL: valgrind exit status $status"; exit 1
fi
echo "ok: $(grep -c ']: info: ' "$T/milter.log") messages, no memcheck error, no leak"
echo "PASS"
