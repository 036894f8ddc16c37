#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# t_milter_miltertest: drives `patchmilter run` with miltertest (tests/milter/*.lua):
# forged copies, folded and encoded subjects, bodies in hundreds of chunks, aborts,
# closes without negotiation, a reload during a message, a 50 MB message, a message
# over MaximumMessageSize, the Lists filter and a SIGTERM during a message (which is
# finished before the milter exits). Checks the milter's log line for each message.
set -u
. "$PM_SRC/tests/milter/lib.sh"

start_milter "MaximumMessageSize 64M"
run_lua forged.lua
expect_log FORGED1 'message-id=<forged-1@example.org> kind=patch version=3 .*fields=[1-9][0-9]* removed=4 '
expect_log FORGED2 'message-id=<forged-2@example.org> kind=patch version=3 .*removed=2 '
run_lua subjects.lua
expect_log FOLDED1 'kind=cover version=2'
expect_log ENCODED1 'kind=patch version=4'
out=$(miltertest -D SOCKET="$SOCK" -D SRCDIR="$LUA_DIR" -s "$LUA_DIR/chunks.lua") || { echo "$out"; cat "$T/milter.log"; echo "FAIL: chunks.lua"; exit 1; }
echo "ok: chunks.lua"
size=$(echo "$out" | sed -n 's/^CHUNKS1 size=//p')
expect_log CHUNKS1 "kind=patch .* size=$size "
run_lua abort.lua
expect_log ABORT3 'kind=patch version=5 .*removed=1 '
if grep -Eq 'info: ABORT[12]:' "$T/milter.log"; then echo "FAIL: aborted messages logged"; exit 1; fi
run_lua close.lua
expect_log CLOSE4 'version=2'
if grep -q 'info: CLOSE3:' "$T/milter.log"; then echo "FAIL: cut-off message logged"; exit 1; fi
run_lua big.lua -D QID=BIG50 -D BIGSIZE=52428800 -D EXPECT=annotated
expect_log BIG50 'kind=patch version=7 .*removed=1 size=5[0-9]{7} '

# A reload (SIGUSR1) while a message is in flight.
stdbuf -oL miltertest -D SOCKET="$SOCK" -D SRCDIR="$LUA_DIR" -D PAUSE=2 -s "$LUA_DIR/reload.lua" > "$T/reload.out" 2>&1 &
LPID=$!
for _ in $(seq 1 100); do grep -q 'RELOAD1 waiting' "$T/reload.out" && break; sleep 0.05; done
sed -i 's/^MaximumMessageSize .*/HeaderPrefix X-Series-/' "$T/patchmilter.conf"
kill -USR1 "$MPID"
if ! wait "$LPID"; then cat "$T/reload.out" "$T/milter.log"; echo "FAIL: reload.lua"; exit 1; fi
echo "ok: reload.lua"
grep -q 'configuration reloaded' "$T/milter.log" || { echo "FAIL: reload not logged"; exit 1; }
expect_log RELOAD2 'version=3'

# A broken file on reload keeps the running configuration.
echo "Bogus key" >> "$T/patchmilter.conf"
kill -USR1 "$MPID"
for _ in $(seq 1 100); do grep -q 'reload failed' "$T/milter.log" && break; sleep 0.05; done
grep -q 'reload failed, keeping the current configuration: .*patchmilter.conf:[0-9]*: unknown key' "$T/milter.log" \
  || { cat "$T/milter.log"; echo "FAIL: bad reload not reported"; exit 1; }
stop_milter

start_milter "MaximumMessageSize 1M" "Lists netdev.vger.kernel.org"
run_lua big.lua -D QID=BIG2 -D BIGSIZE=2097152 -D EXPECT=oversize
expect_log BIG2 'kind=none .*fields=0 removed=1 .*note=oversize'
run_lua lists.lua
expect_log LISTS1 'kind=patch version=2 '
expect_log LISTS2 'kind=none .*removed=1 .*note=list-filtered'
expect_log LISTS3 'note=list-filtered'
stop_milter

# SIGTERM while a message is in flight: the listener stops at once, the message is
# finished, then the milter exits, cleanly, and its socket is gone.
start_milter
stdbuf -oL miltertest -D SOCKET="$SOCK" -D SRCDIR="$LUA_DIR" -D PAUSE=1 -s "$LUA_DIR/stop.lua" > "$T/stop.out" 2>&1 &
LPID=$!
for _ in $(seq 1 100); do grep -q 'STOP1 waiting' "$T/stop.out" && break; sleep 0.05; done
kill -TERM "$MPID"
if ! wait "$LPID"; then cat "$T/stop.out" "$T/milter.log"; echo "FAIL: stop.lua"; exit 1; fi
echo "ok: stop.lua"
status=0
wait "$MPID" || status=$?
MPID=
[ "$status" -eq 0 ] || { cat "$T/milter.log"; echo "FAIL: milter exited with $status after SIGTERM"; exit 1; }
expect_log STOP1 'kind=patch version=4 '
tail -n 1 "$T/milter.log" | grep -q 'patchmilter stopped' || { cat "$T/milter.log"; echo "FAIL: no stop logged after the message"; exit 1; }
[ ! -e "$T/run/sock" ] || { echo "FAIL: socket left behind"; exit 1; }
echo "PASS"
