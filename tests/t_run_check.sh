#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# t_run_check: `patchmilter run -n` rejects what cannot work, naming file and line: a
# Unix socket in a directory that does not exist, a port outside 1-65535, an unknown
# socket type, an unknown UserID; without -c it reads the default file that
# `run --help` names.
set -u
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

# expect_bad FILE-CONTENT MESSAGE: run -n on it fails with exit 1 and MESSAGE on stderr.
expect_bad() {
  printf '%b' "$1" > "$T/bad.conf"
  local out rc
  out=$("$PM_BIN" run -n -c "$T/bad.conf" 2>&1); rc=$?
  [ $rc -eq 1 ] || fail "run -n on '$1': exit $rc ($out)"
  grep -qF -- "$2" <<<"$out" || fail "run -n on '$1': '$out', expected '$2'"
}
expect_bad '# x\nSocket unix:'"$T"'/no/such/dir/pm.sock\n' \
  "$T/bad.conf:2: Socket unix:$T/no/such/dir/pm.sock: no directory $T/no/such/dir"
expect_bad 'Socket local:'"$T"'/bad.conf/pm.sock\n' "$T/bad.conf:1: Socket local:$T/bad.conf/pm.sock: no directory"
expect_bad 'Socket inet:70000@127.0.0.1\n' "$T/bad.conf:1: Socket inet:70000@127.0.0.1: port '70000' is not 1-65535"
expect_bad 'Socket inet6:0@::1\n' "$T/bad.conf:1: Socket inet6:0@::1: port '0' is not 1-65535"
expect_bad '\nSocket tcp:25@host\n' "$T/bad.conf:2: Socket tcp:25@host: unknown socket type 'tcp'"
expect_bad 'Socket inet:8899@127.0.0.1\n\n\nUserID no-such-user-pm\n' \
  "$T/bad.conf:4: UserID: no such user 'no-such-user-pm'"
expect_bad "Socket inet:8899@127.0.0.1\nUserID $(id -un):no-such-group-pm\n" \
  "$T/bad.conf:2: UserID: no such group 'no-such-group-pm'"

# the command line: -p is checked as the file is, and named as the command line
printf 'Index %s/x.sqlite\n' "$T" > "$T/nosock.conf"
out=$("$PM_BIN" run -n -c "$T/nosock.conf" -p "unix:$T/none/s.sock" 2>&1) && fail "-p in a missing directory accepted"
grep -qF "command line: Socket unix:$T/none/s.sock: no directory $T/none" <<<"$out" || fail "-p message: $out"
out=$("$PM_BIN" run -n -c "$T/nosock.conf" -p inet:99999 2>&1) && fail "-p inet:99999 accepted"
grep -qF "port '99999' is not 1-65535" <<<"$out" || fail "-p port message: $out"

# what works still passes
for sock in "unix:$T/ok.sock" "local:$T/ok.sock" "$T/ok.sock" inet:1@localhost inet:65535 \
            inet:smtp@localhost "inet6:8899@[::1]"; do
  printf 'Socket %s\n' "$sock" > "$T/ok.conf"
  out=$("$PM_BIN" run -n -c "$T/ok.conf" 2>&1) || fail "run -n on Socket $sock: $out"
done

# without -c: the default file run --help names
default=$("$PM_BIN" run --help | sed -n 's/.*--config FILE .*(default: \(.*\))$/\1/p')
[ -n "$default" ] || fail "run --help names no default configuration file"
case "$default" in /*/patchmilter.conf) ;; *) fail "default configuration '$default'" ;; esac
if [ -e "$default" ]; then
  echo "ok: socket and UserID checks (default $default exists here: not run without -c)"
  exit 0
fi
out=$("$PM_BIN" run -n 2>&1) && fail "run -n without -c and without $default passed"
grep -qF "$default: No such file or directory" <<<"$out" || fail "run -n without -c: $out"
echo "ok: socket and UserID checks name file and line; run reads $default by default"
