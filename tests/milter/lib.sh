# SPDX-License-Identifier: BSD-2-Clause
# lib.sh: shell helpers for the milter tests (sourced by tests/t_milter_*.sh).
# Gives: $T (temp dir, removed at exit by `cleanup`, the EXIT trap), milter_conf,
# launch_milter, start_milter CONF_LINES... (RUN_ARGS), stop_milter, run_lua SCRIPT,
# log_line QID (the milter's log line for a queue id), milter_copy FILE (a copy the
# milter's user can read), and tests/lib.sh's helpers.

. "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"
: "${PM_BIN:?PM_BIN not set}"
: "${PM_SRC:?PM_SRC not set}"
need miltertest
LUA_DIR="$PM_SRC/tests/milter"

T=$(mktemp -d)
MPID=
cleanup() {
  [ -n "$MPID" ] && kill "$MPID" 2>/dev/null && wait "$MPID" 2>/dev/null
  rm -rf "$T"
}
trap cleanup EXIT

# Running as root (CI), the milter must switch to an unprivileged user.
RUN_AS=
if [ "$(id -u)" -eq 0 ]; then
  RUN_AS=nobody
  chmod 755 "$T"
  mkdir -p "$T/run" && chown "$RUN_AS" "$T/run"
else
  mkdir -p "$T/run"
fi
SOCK="unix:$T/run/sock"

# milter_copy FILE: copies FILE into $T/files/ and prints the copy's path. The milter
# runs as $RUN_AS when root, who may not reach the checkout (a clone under /root, mode
# 700): every file of the checkout the milter reads is given to it as such a copy.
milter_copy() {
  mkdir -p "$T/files"
  cp "$1" "$T/files/" && chmod 644 "$T/files/$(basename "$1")"
  echo "$T/files/$(basename "$1")"
}

# milter_conf FILE SOCKET_PATH "Key value"...: a configuration listening on
# unix:SOCKET_PATH, logging to stderr, as $RUN_AS when root, with the given lines.
milter_conf() {
  local file=$1 socket=$2
  shift 2
  {
    echo "Socket unix:$socket"
    echo "Syslog no"
    [ -n "$RUN_AS" ] && echo "UserID $RUN_AS"
    for line in "$@"; do echo "$line"; done
  } > "$file"
}

# launch_milter CONF LOG SOCKET_PATH "Key value"...: writes CONF (milter_conf), starts
# the milter in the foreground (with the options in RUN_ARGS), its stderr appended to
# LOG; waits until the socket is there. LAUNCHED_PID is the milter's pid.
RUN_ARGS=()
LAUNCHED_PID=
launch_milter() {
  local conf=$1 log=$2 socket=$3
  shift 3
  milter_conf "$conf" "$socket" "$@"
  "$PM_BIN" run -f -c "$conf" "${RUN_ARGS[@]}" 2>>"$log" &
  LAUNCHED_PID=$!
  wait_socket "$socket" "$LAUNCHED_PID" 5 "$log"
}

# start_milter "Key value" ...: the test's milter (MPID) on $SOCK with the config
# $T/patchmilter.conf, its log in $T/milter.log (emptied first).
start_milter() {
  : > "$T/milter.log"
  launch_milter "$T/patchmilter.conf" "$T/milter.log" "$T/run/sock" "$@"
  MPID=$LAUNCHED_PID
}

# stop_milter [SIGNAL]: stops the milter with SIGNAL (default TERM); it must exit 0
# (under ASan: without leaks).
stop_milter() {
  [ -n "$MPID" ] || return 0
  kill -"${1:-TERM}" "$MPID"
  local status=0
  wait "$MPID" 2>/dev/null || status=$?
  MPID=
  if [ "$status" -ne 0 ]; then cat "$T/milter.log"; echo "FAIL: milter exited with $status"; exit 1; fi
}

run_lua() {
  local script=$1; shift
  if ! miltertest -D SOCKET="$SOCK" -D SRCDIR="$LUA_DIR" "$@" -s "$LUA_DIR/$script"; then
    echo "--- milter log"; cat "$T/milter.log"
    echo "FAIL: $script"; exit 1
  fi
  echo "ok: $script"
}

log_line() {
  grep -F "]: info: $1: " "$T/milter.log" || { echo "--- milter log"; cat "$T/milter.log"; echo "FAIL: no log line for $1"; exit 1; }
}

expect_log() { # QID PATTERN
  local line; line=$(log_line "$1")
  echo "$line" | grep -Eq -- "$2" || { echo "FAIL: log line for $1 does not match '$2': $line"; exit 1; }
}
