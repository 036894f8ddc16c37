#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# t_milter_privileges: the Unix socket is created with the configured UMask (007 gives
# srwxrwx---, 077 srwx------); as root the daemon refuses to serve without UserID and
# otherwise serves as that user; a path holding something other than a socket, or a
# socket something answers on, is never removed; a stale socket is.
set -u
. "$PM_SRC/tests/milter/lib.sh"

mode() { stat -c %A "$T/run/sock"; }
start_milter "UMask 007"
[ "$(mode)" = srwxrwx--- ] || { echo "FAIL: UMask 007 gave $(mode)"; exit 1; }
run_lua close.lua >/dev/null
stop_milter
start_milter "UMask 077"
[ "$(mode)" = srwx------ ] || { echo "FAIL: UMask 077 gave $(mode)"; exit 1; }
# Something answers: a second instance leaves the socket alone.
if timeout 10 "$PM_BIN" run -f -c "$T/patchmilter.conf" 2>/dev/null; then echo "FAIL: second instance served"; exit 1; fi
[ -S "$T/run/sock" ] || { echo "FAIL: live socket removed"; exit 1; }
run_lua close.lua >/dev/null
stop_milter
echo "ok: UMask and live socket"

if [ "$(id -u)" -eq 0 ]; then
  printf 'Socket %s\nSyslog no\n' "$SOCK" > "$T/root.conf"
  if out=$("$PM_BIN" run -f -c "$T/root.conf" 2>&1); then echo "FAIL: served as root"; exit 1; fi
  echo "$out" | grep -q 'refusing to run as root' || { echo "FAIL: root message: $out"; exit 1; }
  start_milter
  [ "$(awk '/^Uid:/ { print $3 }' "/proc/$MPID/status")" = "$(id -u "$RUN_AS")" ] || { echo "FAIL: not running as $RUN_AS"; exit 1; }
  stop_milter
  echo "ok: never serves as root"
fi

# A regular file at the socket path is not removed; a stale socket is.
rm -f "$T/run/sock"
echo keep > "$T/run/sock"
if timeout 10 "$PM_BIN" run -f -c "$T/patchmilter.conf" 2>/dev/null; then echo "FAIL: served over a regular file"; exit 1; fi
[ "$(cat "$T/run/sock")" = keep ] || { echo "FAIL: regular file removed"; exit 1; }
rm -f "$T/run/sock"
python3 -c 'import socket,sys; s=socket.socket(socket.AF_UNIX); s.bind(sys.argv[1]); s.close()' "$T/run/sock"
[ -n "$RUN_AS" ] && chown "$RUN_AS" "$T/run/sock"
start_milter
run_lua close.lua >/dev/null
stop_milter
echo "ok: stale socket removed, other files kept"
echo "PASS"
