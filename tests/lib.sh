# SPDX-License-Identifier: BSD-2-Clause
# lib.sh: helpers shared by the shell tests' libraries, the tests and the benches
# (sourced; defines functions only, so it may be sourced more than once).
# need TOOL...: skips the test (exit 77) unless every TOOL is on PATH.
# free_port: a TCP port on 127.0.0.1 that is free right now.
# wait_socket PATH PID SECONDS [LOG...]: waits until PATH is a socket; fails (exit 1,
# after printing the LOGs) when process PID exits first or SECONDS pass.
# fail_with_logs MESSAGE LOG...: prints FAIL: MESSAGE and the last 40 lines of each LOG
# that exists, exits 1 (the MTA libraries' fail).
# Reading a delivered message FILE: header_fields FILE (its header, folded lines joined,
# one field a line), field FILE NAME (the values of NAME, case-insensitive, one a line),
# expect_field MSGID NAME VALUE (fails unless the message the caller's `delivered MSGID`
# names has exactly that value).
# git_patch_id MESSAGE PATCH: prints the id `git mailinfo | git patch-id --stable` gives
# the message in file MESSAGE, nothing when git gives none; leaves git mailinfo's patch
# in file PATCH (empty when none) and its message text in PATCH.msg.

need() {
  local tool
  for tool in "$@"; do
    command -v "$tool" >/dev/null 2>&1 || { echo "SKIP: $tool not installed"; exit 77; }
  done
}

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

wait_socket() {
  local path=$1 pid=$2 seconds=$3
  shift 3
  for _ in $(seq 1 $((seconds * 20))); do
    [ -S "$path" ] && return 0
    if ! kill -0 "$pid" 2>/dev/null; then
      cat "$@"
      echo "FAIL: the process for $path exited before making it"
      exit 1
    fi
    sleep 0.05
  done
  cat "$@"
  echo "FAIL: no socket $path after $seconds s"
  exit 1
}

fail_with_logs() {
  local log
  echo "FAIL: $1"
  shift
  for log in "$@"; do
    if [ -f "$log" ]; then echo "--- $(basename "$log") (last 40 lines)"; tail -n 40 "$log"; fi
  done
  exit 1
}

header_fields() {
  awk '/^\r?$/ { exit } /^[ \t]/ { sub(/\r$/, ""); line = line $0; next }
       { if (line != "") print line; sub(/\r$/, ""); line = $0 } END { if (line != "") print line }' "$1"
}

field() {
  header_fields "$1" | awk -v want="$(echo "$2" | tr A-Z a-z)" '
    { i = index($0, ":"); n = tolower(substr($0, 1, i - 1)); v = substr($0, i + 1); sub(/^[ \t]+/, "", v) }
    n == want { print v }'
}

expect_field() {
  local f got
  f=$(delivered "$1") || exit 1
  got=$(field "$f" "$2")
  [ "$got" = "$3" ] || fail "<$1>: $2 is '$got', expected '$3'"
}

git_patch_id() {
  local id
  : > "$2"
  git mailinfo "$2.msg" "$2" < "$1" > /dev/null 2>&1 && [ -s "$2" ] || return 0
  id=$(git patch-id --stable < "$2")
  echo "${id%% *}"
}
