#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# t_milter_daemon: start-up of `patchmilter run`: -n configuration check, refusal to
# run as root without UserID, privilege drop, stale and live Unix sockets, PidFile,
# -p/--index/--maintainers overriding the file, detaching into the background, clean exit on
# SIGTERM and on SIGHUP (which stops, as in every libmilter filter; SIGUSR1 reloads).
set -u
. "$PM_SRC/tests/milter/lib.sh"

# -n: a good file passes, a bad one fails naming file and line.
printf 'Socket inet:8899@127.0.0.1\n# comment\nUMask 007\n' > "$T/good.conf"
out=$("$PM_BIN" run -n -c "$T/good.conf" 2>&1) || { echo "$out"; echo "FAIL: -n on a good file"; exit 1; }
echo "$out" | grep -q 'configuration OK' || { echo "FAIL: -n output: $out"; exit 1; }
printf 'Socket inet:8899@127.0.0.1\n\nOn-InternalError maybe\n' > "$T/bad.conf"
if out=$("$PM_BIN" run -n -c "$T/bad.conf" 2>&1); then echo "FAIL: -n accepted a bad file"; exit 1; fi
echo "$out" | grep -q "bad.conf:3: bad value 'maybe' for On-InternalError" || { echo "FAIL: -n message: $out"; exit 1; }
printf 'Index /tmp/x.sqlite\n' > "$T/nosock.conf"
if out=$("$PM_BIN" run -n -c "$T/nosock.conf" 2>&1); then echo "FAIL: -n accepted a file without Socket"; exit 1; fi
echo "$out" | grep -q 'no Socket' || { echo "FAIL: -n message: $out"; exit 1; }
printf 'Socket inet:8899@127.0.0.1\nUserID no-such-user-pm\n' > "$T/nouser.conf"
if out=$("$PM_BIN" run -n -c "$T/nouser.conf" 2>&1); then echo "FAIL: -n accepted an unknown user"; exit 1; fi
echo "$out" | grep -q "no such user 'no-such-user-pm'" || { echo "FAIL: -n message: $out"; exit 1; }
"$PM_BIN" run -n -c "$T/nosock.conf" -p inet:8899@127.0.0.1 >/dev/null || { echo "FAIL: -p does not satisfy Socket"; exit 1; }
if "$PM_BIN" run -n -c "$T/missing.conf" 2>/dev/null; then echo "FAIL: missing file accepted"; exit 1; fi
# The shipped sample names the package's user, which a fresh machine does not have yet,
# and its socket directory (/run/patchmilter), which tmpfiles.d makes: -p stands in.
sed 's/^UserID[[:space:]].*/UserID nobody/' "$PM_SRC/conf/patchmilter.conf" > "$T/shipped.conf"
"$PM_BIN" run -n -c "$T/shipped.conf" -p "unix:$T/sample.sock" >/dev/null || { echo "FAIL: shipped sample"; exit 1; }
if "$PM_BIN" run -x 2>/dev/null; then echo "FAIL: unknown option accepted"; exit 1; fi
echo "ok: -n"

if [ "$(id -u)" -eq 0 ]; then
  printf 'Socket unix:%s/run/root.sock\nSyslog no\n' "$T" > "$T/root.conf"
  if out=$("$PM_BIN" run -f -c "$T/root.conf" 2>&1); then echo "FAIL: ran as root without UserID"; exit 1; fi
  echo "$out" | grep -q 'refusing to run as root' || { echo "FAIL: root message: $out"; exit 1; }
  [ -e "$T/run/root.sock" ] && { echo "FAIL: socket created before refusing"; exit 1; }
  echo "ok: refuses root without UserID"
fi

# A stale socket (nobody listening) is replaced.
python3 -c 'import socket,sys; s=socket.socket(socket.AF_UNIX); s.bind(sys.argv[1]); s.close()' "$T/run/sock"
[ -S "$T/run/sock" ] || { echo "FAIL: could not make a stale socket"; exit 1; }
[ -n "$RUN_AS" ] && chown "$RUN_AS" "$T/run/sock"
start_milter "PidFile $T/run/pid"
run_lua close.lua
echo "ok: stale socket replaced"
[ "$(cat "$T/run/pid")" = "$MPID" ] || { echo "FAIL: PidFile holds '$(cat "$T/run/pid")', not $MPID"; exit 1; }
echo "ok: PidFile"

if [ -n "$RUN_AS" ]; then
  want=$(id -u "$RUN_AS")
  uids=$(awk '/^Uid:/ { print $2, $3, $4, $5 }' "/proc/$MPID/status")
  [ "$uids" = "$want $want $want $want" ] || { echo "FAIL: running with uids $uids, want $want"; exit 1; }
  gids=$(awk '/^Gid:/ { print $2 }' "/proc/$MPID/status")
  [ "$gids" = "$(id -g "$RUN_AS")" ] || { echo "FAIL: running with gid $gids"; exit 1; }
  echo "ok: switched to $RUN_AS"
fi

# A live socket is not taken over.
if out=$("$PM_BIN" run -f -c "$T/patchmilter.conf" -p "$SOCK" 2>&1); then echo "FAIL: second instance started"; exit 1; fi
echo "$out" | grep -q 'in use' || { echo "FAIL: second instance message: $out"; exit 1; }
run_lua close.lua
echo "ok: live socket kept"
stop_milter
[ -e "$T/run/pid" ] && { echo "FAIL: PidFile left behind"; exit 1; }
[ -e "$T/run/sock" ] && { echo "FAIL: socket left behind"; exit 1; }

# -p overrides Socket; without -f and with Background yes the daemon detaches.
{
  echo "Socket unix:$T/run/ignored.sock"
  echo "Syslog no"
  echo "Background yes"
  echo "PidFile $T/run/bg.pid"
  [ -n "$RUN_AS" ] && echo "UserID $RUN_AS"
} > "$T/bg.conf"
# --maintainers overrides Maintainers; a MAINTAINERS that cannot be loaded is logged
# and does not stop start-up (t_milter_maintainers tests the rest).
RUN_ARGS=(--maintainers "$T/no/MAINTAINERS")
start_milter "Maintainers $T/ignored/MAINTAINERS"
RUN_ARGS=()
run_lua close.lua
grep -q "error: cannot load MAINTAINERS ($T/no/MAINTAINERS)" "$T/milter.log" \
  || { cat "$T/milter.log"; echo "FAIL: missing MAINTAINERS not logged"; exit 1; }
grep -q 'ignored/MAINTAINERS' "$T/milter.log" && { echo "FAIL: --maintainers did not override"; exit 1; }
echo "ok: --maintainers, missing MAINTAINERS at start-up"
# SIGHUP stops the daemon (libmilter's convention, patchmilter(8) SIGNALS), exit 0.
stop_milter HUP
echo "ok: SIGHUP stops"

# An index that cannot be opened stops start-up, which removes the socket it opened.
if out=$(timeout 10 "$PM_BIN" run -f -c "$T/bg.conf" -p "$SOCK" --index "$T/no/index.sqlite" 2>&1); then
  echo "FAIL: started with an index that cannot be opened"; exit 1
fi
echo "$out" | grep -q 'no/index.sqlite' || { echo "FAIL: index message: $out"; exit 1; }
[ -e "$T/run/sock" ] && { echo "FAIL: failed start-up left its socket"; exit 1; }

timeout 10 "$PM_BIN" run -c "$T/bg.conf" -p "$SOCK" --index "$T/run/cli.sqlite" || { echo "FAIL: background start"; exit 1; }
for _ in $(seq 1 100); do [ -s "$T/run/bg.pid" ] && [ -S "$T/run/sock" ] && break; sleep 0.05; done
BGPID=$(cat "$T/run/bg.pid")
kill -0 "$BGPID" || { echo "FAIL: daemon not running"; exit 1; }
[ -e "$T/run/ignored.sock" ] && { echo "FAIL: -p did not override Socket"; exit 1; }
run_lua close.lua
[ -s "$T/run/cli.sqlite" ] || { echo "FAIL: --index not used"; exit 1; }
kill "$BGPID"
for _ in $(seq 1 300); do kill -0 "$BGPID" 2>/dev/null || break; sleep 0.05; done
kill -0 "$BGPID" 2>/dev/null && { echo "FAIL: daemon did not stop on SIGTERM"; exit 1; }
echo "ok: background, -p, --index, --maintainers"
echo "PASS"
