# lib.sh: shell helpers for the milter tests (sourced by tests/t_milter_*.sh).
# Gives: $T (temp dir, removed at exit), start_milter CONF_LINES... (RUN_ARGS), stop_milter,
# run_lua SCRIPT, log_line QID (the milter's log line for a queue id).

need() {
  for tool in "$@"; do
    command -v "$tool" >/dev/null 2>&1 || { echo "SKIP: $tool not installed"; exit 77; }
  done
}
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

# start_milter "Key value" ...: writes $T/patchmilter.conf and starts the milter in
# the foreground (with the options in RUN_ARGS), its log in $T/milter.log; waits
# until the socket answers.
RUN_ARGS=()
start_milter() {
  {
    echo "Socket $SOCK"
    echo "Syslog no"
    [ -n "$RUN_AS" ] && echo "UserID $RUN_AS"
    for line in "$@"; do echo "$line"; done
  } > "$T/patchmilter.conf"
  : > "$T/milter.log"
  "$PM_BIN" run -f -c "$T/patchmilter.conf" "${RUN_ARGS[@]}" 2>>"$T/milter.log" &
  MPID=$!
  for _ in $(seq 1 100); do
    [ -S "$T/run/sock" ] && return 0
    kill -0 "$MPID" 2>/dev/null || { cat "$T/milter.log"; echo "FAIL: milter did not start"; exit 1; }
    sleep 0.05
  done
  echo "FAIL: no socket"; exit 1
}

# Stops the milter with SIGTERM; it must exit 0 (under ASan: without leaks).
stop_milter() {
  [ -n "$MPID" ] || return 0
  kill "$MPID"
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
