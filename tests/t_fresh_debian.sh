#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# t_fresh_debian: a new user's first hour, as root on a clean Debian 12. A root made by
# `debootstrap --variant=minbase bookworm` plus build-essential, cmake and git (everything
# from the Debian mirror of the host's apt sources, never a host package) is kept as a
# tarball in $PM_FRESH_CACHE (default /var/cache/patchmilter-test/, rebuilt when missing or
# older than 30 days), with the .debs later runs download beside it. In a copy of it, the
# commit under test (HEAD of $PM_SRC; uncommitted changes are not in it) is cloned into
# /root/patchmilter (mode 700, as root's home is), then:
#  - the Quick start's first command, `make run`, must install what it needs, build, and
#    bring the milter up listening on its port with its index (then it is stopped);
#  - `make test-deps`, a build with tests, and the tests that start a milter as another
#    user (ctest -R "$PM_FRESH_TESTS") must pass there.
# Mounts /proc, /sys, /dev/pts and /dev/shm in the root; the EXIT trap ends the processes
# left in it, unmounts, and removes it. Every step has a time bound; the whole run is
# about 10 minutes with a warm cache, and debootstrap adds 5 to 20 (an hour at most).
# Needs root, mount, debootstrap and the mirror; skips (77) otherwise.
# ctest-labels: no-asan
# ctest-timeout: 3600
set -u
. "$PM_SRC/tests/lib.sh"
: "${PM_SRC:?PM_SRC not set}"

[ "$(id -u)" -eq 0 ] || { echo "SKIP: needs root (debootstrap, chroot, mount)"; exit 77; }
need debootstrap chroot git tar python3
CACHE=${PM_FRESH_CACHE:-/var/cache/patchmilter-test}
BASE="$CACHE/bookworm-minbase-build.tar.gz"
DEBS="$CACHE/debs"
TESTS=${PM_FRESH_TESTS:-'^sh\.t_(postfix|postfix_forged|milter_privileges|milter_miltertest|milter_daemon|milter_maintainers)$'}

# The mirror: the first Debian archive (not -security) in the host's apt sources.
mirror=$(sed -n 's/^URIs:[[:space:]]*//p; s/^deb[[:space:]]\+\(\[[^]]*\][[:space:]]\+\)\?\([^[:space:]]*\)[[:space:]]\+bookworm[[:space:]].*/\2/p' \
           /etc/apt/sources.list.d/*.sources /etc/apt/sources.list 2>/dev/null \
         | tr ' ' '\n' | grep -E '/debian/?$' | head -n 1)
MIRROR=${PM_FRESH_MIRROR:-${mirror:-http://deb.debian.org/debian}}
python3 -c 'import sys, urllib.request; urllib.request.urlopen(sys.argv[1] + "/dists/bookworm/Release", timeout=20).read()' \
  "${MIRROR%/}" 2>/dev/null || { echo "SKIP: the Debian mirror $MIRROR cannot be reached"; exit 77; }

ROOT=$(mktemp -d /var/tmp/pm-fresh.XXXXXX)
MOUNTS=()
LOG="$ROOT.log"
: > "$LOG"

# Processes whose root directory is $ROOT (the milter, a test's Postfix) are ours.
kill_inside() {
  local p
  for p in /proc/[0-9]*; do
    [ "$(readlink "$p/root" 2>/dev/null)" = "$ROOT" ] && kill -KILL "${p#/proc/}" 2>/dev/null
  done
  sleep 0.5
}
cleanup() {
  local i
  kill_inside
  for ((i = ${#MOUNTS[@]} - 1; i >= 0; i--)); do umount "${MOUNTS[i]}" 2>/dev/null || umount -l "${MOUNTS[i]}"; done
  if grep -q " $ROOT/" /proc/mounts; then
    echo "WARNING: still mounted under $ROOT; not removing it"
  else
    rm -rf --one-file-system "$ROOT"
  fi
  rm -f "$LOG"
}
trap cleanup EXIT

fail() { echo "--- $LOG (last 60 lines)"; tail -n 60 "$LOG"; echo "FAIL: $1"; exit 1; }

mount_in() { # TYPE SOURCE DIR [OPTIONS]
  mkdir -p "$ROOT$3"
  mount -t "$1" ${4:+-o "$4"} "$2" "$ROOT$3" || fail "mounting $3"
  MOUNTS+=("$ROOT$3")
}

# in_root SECONDS COMMAND: runs COMMAND with bash in the root as root, at a login's
# environment, its output appended to $LOG.
in_root() {
  timeout -k 10 "$1" chroot "$ROOT" /usr/bin/env -i HOME=/root LANG=C.UTF-8 TERM=dumb \
    PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin DEBIAN_FRONTEND=noninteractive \
    /bin/bash -ec "$2" >>"$LOG" 2>&1
}

setup_root() {
  chmod 755 "$ROOT" # the system's / (mktemp made it 700): every user walks through it
  mount_in proc proc /proc
  mount_in sysfs sysfs /sys
  mount_in devpts devpts /dev/pts newinstance,ptmxmode=0666
  mount_in tmpfs tmpfs /dev/shm mode=1777
  mkdir -p "$DEBS" "$ROOT/var/cache/apt/archives"
  mount --bind "$DEBS" "$ROOT/var/cache/apt/archives" || fail "mounting the .deb cache"
  MOUNTS+=("$ROOT/var/cache/apt/archives")
  mkdir -p "$DEBS/partial" && chown 42 "$DEBS/partial" # _apt's uid on Debian, for apt's download sandbox
  cp /etc/resolv.conf "$ROOT/etc/resolv.conf"
  # No package's service starts inside the root (Postfix's would take port 25).
  printf '#!/bin/sh\nexit 101\n' > "$ROOT/usr/sbin/policy-rc.d"
  chmod 755 "$ROOT/usr/sbin/policy-rc.d"
}

start=$SECONDS
mkdir -p "$CACHE"
if [ -f "$BASE" ] && [ -z "$(find "$BASE" -mtime +30)" ]; then
  tar -xzf "$BASE" -C "$ROOT" || fail "unpacking $BASE"
  setup_root
  echo "ok: the cached base ($BASE)"
else
  echo "building the base with debootstrap from $MIRROR (a few minutes)"
  timeout -k 10 900 debootstrap --variant=minbase bookworm "$ROOT" "$MIRROR" >>"$LOG" 2>&1 \
    || { grep -qiE 'resolv|connect|download' "$LOG" && { tail -n 5 "$LOG"; echo "SKIP: debootstrap cannot reach $MIRROR"; exit 77; }; fail "debootstrap"; }
  setup_root
  in_root 900 'apt-get update -qq && apt-get install -y -qq --no-install-recommends build-essential cmake git ca-certificates' \
    || fail "installing build-essential, cmake, git"
  rm -f "$ROOT/usr/sbin/policy-rc.d" "$ROOT/etc/resolv.conf"
  tar --one-file-system -czf "$BASE.new" -C "$ROOT" --exclude=./proc --exclude=./sys \
    --exclude=./dev/pts --exclude=./dev/shm --exclude=./var/cache/apt/archives . && mv "$BASE.new" "$BASE" \
    || fail "saving the base to $BASE"
  cp /etc/resolv.conf "$ROOT/etc/resolv.conf"
  printf '#!/bin/sh\nexit 101\n' > "$ROOT/usr/sbin/policy-rc.d"
  chmod 755 "$ROOT/usr/sbin/policy-rc.d"
  echo "ok: built and cached the base ($((SECONDS - start)) s)"
fi

# Nothing of patchmilter's is in the base: the packages make run and make test-deps add.
in_root 60 '! dpkg-query -W -f="\${Status}" libmilter-dev 2>/dev/null | grep -q "install ok installed"' \
  || fail "the base already has libmilter-dev"

chmod 700 "$ROOT/root"
git clone -q --no-hardlinks "$PM_SRC" "$ROOT/root/patchmilter" >>"$LOG" 2>&1 || fail "git clone of $PM_SRC"
echo "ok: cloned $(git -C "$ROOT/root/patchmilter" rev-parse --short HEAD) into /root/patchmilter"

# --- make run, as the Quick start says, on a port free now.
PORT=$(free_port)
t0=$SECONDS
setsid chroot "$ROOT" /usr/bin/env -i HOME=/root LANG=C.UTF-8 TERM=dumb \
  PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin DEBIAN_FRONTEND=noninteractive \
  /bin/bash -c "cd /root/patchmilter && exec make run RUN_SOCKET=inet:$PORT@127.0.0.1" >"$ROOT.run" 2>&1 &
RUN_PID=$!
listening=
while [ $((SECONDS - t0)) -lt 900 ] && kill -0 "$RUN_PID" 2>/dev/null; do
  if python3 -c 'import socket, sys; socket.create_connection(("127.0.0.1", int(sys.argv[1])), 1)' "$PORT" 2>/dev/null; then
    listening=yes; break
  fi
  sleep 2
done
sleep 1
kill -TERM -- "-$RUN_PID" 2>/dev/null
wait "$RUN_PID" 2>/dev/null
cat "$ROOT.run" >>"$LOG"; rm -f "$ROOT.run"
[ -n "$listening" ] || fail "make run: the milter did not listen on port $PORT"
grep -q 'error' <(sed -n '/patchmilter\[/p' "$LOG") && fail "make run: the milter logged an error"
[ -f "$ROOT/var/lib/patchmilter-dev/index.sqlite" ] || fail "make run: no index in /var/lib/patchmilter-dev/"
echo "ok: make run listens on $PORT with its index ($((SECONDS - t0)) s)"

# --- the tests that start a milter as another user, from the clone under /root.
t0=$SECONDS
in_root 1200 'cd /root/patchmilter && make test-deps' || fail "make test-deps"
echo "ok: make test-deps ($((SECONDS - t0)) s)"
t0=$SECONDS
in_root 900 'cd /root/patchmilter && cmake -S . -B build -DPM_REQUIRE_TESTS=ON >/dev/null && cmake --build build -j "$(nproc)" >/dev/null' \
  || fail "the build with tests"
in_root 900 "cd /root/patchmilter/build && ctest -R '$TESTS' -j 2 --output-on-failure" || fail "ctest -R '$TESTS'"
grep -E '^[0-9]+% tests passed' "$LOG" | tail -n 1
ran=$(grep -cE 'Test +#[0-9]+: .* Passed' "$LOG")
[ "$ran" -ge 5 ] || fail "only $ran tests passed (some skipped?)"
grep -E 'Test +#[0-9]+: ' "$LOG" | sed 's/^ *[0-9]*\/[0-9]* *//'
echo "ok: the tests that start a milter as another user pass from /root ($((SECONDS - t0)) s)"

in_root 120 'apt-get autoclean -qq' || true
echo "ok: t_fresh_debian in $((SECONDS - start)) s"
