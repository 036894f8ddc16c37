#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# t_milter_maintainers: the milter's MAINTAINERS is kept current while it runs. From a
# bare git repository (REPO:REF:PATH): a moved ref is not looked at before
# MaintainersCheckInterval, SIGUSR1 re-reads it at once, and after the interval the
# next message gets the new section; a ref without MAINTAINERS keeps the last good map
# (also across a SIGUSR1) and is logged once. From a file checked at every message: a
# file missing at start-up, replaced with garbage, or deleted lets mail flow (with no
# tags, or the last good map's) and each failure episode is logged once.
set -u
. "$PM_SRC/tests/milter/lib.sh"
need git

GIT=(git -c user.name=T -c user.email=t@example.org -c init.defaultBranch=master)
section() { printf '%s\nL:\t%s@example.org\nF:\tdrivers/foo/\n' "$1" "$1"; }

# Commits the work tree and pushes it: the bare repository's master moves. Running as
# root, the milter runs as $RUN_AS, and git and libgit2 open only a repository the
# user owns: the repository is lent to root for the push.
publish() {
  if [ -n "$RUN_AS" ]; then chown -R root "$T/linux.git"; fi
  "${GIT[@]}" -C "$T/work" add -A && "${GIT[@]}" -C "$T/work" commit -qm "$1" &&
    "${GIT[@]}" -C "$T/work" push -q "$T/linux.git" master || { echo "FAIL: git publish $1"; exit 1; }
  if [ -n "$RUN_AS" ]; then chown -R "$RUN_AS" "$T/linux.git"; fi
}

send() { # QID SECTION [OLD]: a patch to drivers/foo/ gets SECTION ("none": no tag)
  local args=(-D QID="$1" -D SECTION="$2")
  [ $# -ge 3 ] && args+=(-D OLD="$3")
  run_lua maintainers.lua "${args[@]}"
}

expect_count() { # N FIXED-STRING: lines of the milter's log holding it
  local n; n=$(grep -c -F -- "$2" "$T/milter.log")
  [ "$n" -eq "$1" ] || { echo "--- milter log"; cat "$T/milter.log"; echo "FAIL: $n lines with '$2', want $1"; exit 1; }
}

reload() { # sends SIGUSR1 and waits until the reload is logged
  local before; before=$(grep -c 'configuration reloaded' "$T/milter.log")
  kill -USR1 "$MPID"
  for _ in $(seq 1 100); do
    [ "$(grep -c 'configuration reloaded' "$T/milter.log")" -gt "$before" ] && return 0
    sleep 0.05
  done
  cat "$T/milter.log"; echo "FAIL: reload not logged"; exit 1
}

# --- git: refs/heads/master:MAINTAINERS of a bare repository, no checkout.
"${GIT[@]}" init -q "$T/work" && "${GIT[@]}" init -q --bare "$T/linux.git" || { echo "FAIL: git init"; exit 1; }
section ALPHA > "$T/work/MAINTAINERS"
publish alpha
SPEC="$T/linux.git:refs/heads/master:MAINTAINERS"
start_milter "Maintainers $SPEC" "MaintainersCheckInterval 3600"
send GIT1 ALPHA
section BETA > "$T/work/MAINTAINERS"
publish beta
send GIT2 ALPHA BETA            # the ref moved, but the next look is an hour away
echo "ok: not looked at before the interval"

sed -i 's/^MaintainersCheckInterval .*/MaintainersCheckInterval 1/' "$T/patchmilter.conf"
reload
send GIT3 BETA ALPHA            # SIGUSR1 re-reads the source
echo "ok: SIGUSR1 re-reads the ref"

section GAMMA > "$T/work/MAINTAINERS"
publish gamma
sleep 1.2
send GIT4 GAMMA BETA            # the interval has passed: the moved ref is picked up
expect_count 1 "MAINTAINERS ($SPEC) changed: reloaded"
echo "ok: moved ref picked up after the interval"

"${GIT[@]}" -C "$T/work" rm -q MAINTAINERS
publish "no maintainers"
sleep 1.2
send GIT5 GAMMA                 # the look fails: the last good map stays
sleep 1.2
send GIT6 GAMMA
expect_count 1 "error: cannot load MAINTAINERS ($SPEC): cannot resolve refs/heads/master:MAINTAINERS"
expect_count 1 "keeping the map loaded before"
reload                          # an explicit reload that fails says so, and keeps the map
send GIT7 GAMMA
expect_count 2 "error: cannot load MAINTAINERS ($SPEC)"
expect_count 2 "keeping the map loaded before"
section DELTA > "$T/work/MAINTAINERS"
publish delta
sleep 1.2
send GIT8 DELTA GAMMA
expect_count 2 "changed: reloaded"
expect_count 2 "error: cannot load MAINTAINERS"
echo "ok: a ref without MAINTAINERS keeps the last good map, logged once"
stop_milter

# --- a file, looked at for every message.
FILE="$T/MAINTAINERS"
start_milter "Maintainers $FILE" "MaintainersCheckInterval 0"
send FILE1 none                 # missing at start-up: mail flows without tags
send FILE2 none
expect_count 1 "error: cannot load MAINTAINERS ($FILE): $FILE: No such file or directory; subsystem tags are left out until it loads"
section ALPHA > "$FILE"
send FILE3 ALPHA
expect_count 1 "MAINTAINERS ($FILE) loaded"
echo "ok: missing at start-up, loaded when it appears"

printf 'garbage\0\377\376\n' > "$FILE"
send FILE4 ALPHA                # garbage: the last good map stays
send FILE5 ALPHA
rm "$FILE"
send FILE6 ALPHA                # then deleted: same episode, not logged again
expect_count 2 "error: cannot load MAINTAINERS"
expect_count 1 "error: cannot load MAINTAINERS ($FILE): MAINTAINERS text contains NUL bytes; keeping the map loaded before"
section BETA > "$FILE"
send FILE7 BETA ALPHA
rm "$FILE"
send FILE8 BETA                 # a new episode is logged again, once
send FILE9 BETA
expect_count 3 "error: cannot load MAINTAINERS"
expect_count 1 "error: cannot load MAINTAINERS ($FILE): $FILE: No such file or directory; keeping"
stop_milter
echo "ok: garbage and deleted files let mail flow, each episode logged once"
echo "PASS"
