#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# t_deb: the Debian package end to end. Builds it (`make deb`, or takes $PM_DEB),
# checks lintian finds no errors, installs it with dpkg -i, checks what the
# maintainer scripts made (user, directories, conffile, unit, man pages), checks the
# installed config with `patchmilter run -n`, starts the daemon with the unit's own
# ExecStart line as the unit's User, reloads it with its ExecReload line, makes the
# Postfix-chroot socket directory as documented, and sends the packaged sample
# patch through a loopback Postfix pointed at the packaged socket, delivered by
# procmail with the packaged recipe (from install to the first sorted patch).
# Then removes the package (the configuration stays), purges it, and checks that
# nothing is left but the system user (Debian keeps system users on purge).
# Needs root (dpkg, Postfix); skips otherwise. Serialised with a lock: it changes
# the machine's package database.
# ctest-labels: no-asan
set -u
if [ "$(id -u)" -ne 0 ]; then echo "SKIP: needs root to install a package"; exit 77; fi
for tool in dpkg dpkg-deb cpack lintian postfix postconf swaks procmail python3 setpriv flock; do
  command -v "$tool" >/dev/null 2>&1 || { echo "SKIP: $tool not installed"; exit 77; }
done
: "${PM_SRC:?PM_SRC not set}" "${PM_BUILD:?PM_BUILD not set}"

exec 9>/var/lock/patchmilter-t_deb.lock
flock -w 900 9 || { echo "FAIL: another t_deb holds the lock"; exit 1; }

PKG=patchmilter
UNIT=/lib/systemd/system/patchmilter.service
APPLIED_UNIT=/lib/systemd/system/patchmilter-applied.service
APPLIED_TIMER=/lib/systemd/system/patchmilter-applied.timer
T=$(mktemp -d)
chmod 755 "$T"
MPID=
ADDED_POSTFIX_TO_GROUP=

# Every path of ours the package can create, for the before/after comparison.
our_paths() {
  find /etc /lib/systemd /usr/lib/tmpfiles.d /usr/sbin /usr/share/man /usr/share/doc \
       /var/lib/dpkg/info /var/lib/systemd /var/lib /run /var/spool/postfix \
       -maxdepth 4 -name '*patchmilter*' 2>/dev/null | sort -u
}
installed() { dpkg-query -W -f='${Status}' "$PKG" 2>/dev/null | grep -q 'ok installed'; }
# Known to dpkg in any state but not-installed (installed, config-files, half-...).
known() {
  local st; st=$(dpkg-query -W -f='${Status}' "$PKG" 2>/dev/null)
  [ -n "$st" ] && [ "${st##* }" != not-installed ]
}
purge() { dpkg --purge "$PKG" >"$T/purge.log" 2>&1; }

# At exit, after tests/postfix/lib.sh has stopped Postfix and removed the test user.
cleanup() {
  if [ -n "$MPID" ]; then kill "$MPID" 2>/dev/null; wait "$MPID" 2>/dev/null; fi
  [ -n "$ADDED_POSTFIX_TO_GROUP" ] && gpasswd -d postfix patchmilter >/dev/null 2>&1
  known && purge
  rm -rf "$T"
}
. "$PM_SRC/tests/postfix/lib.sh"

# 1. The package.
if [ -n "${PM_DEB:-}" ]; then
  DEB=$PM_DEB
else
  make -C "$PM_SRC" deb DEB_BUILD="$PM_BUILD/deb-package" >"$T/build.log" 2>&1 \
    || { tail -n 30 "$T/build.log"; fail "make deb"; }
  DEB=$(ls -t "$PM_BUILD"/deb-package/dist/patchmilter_*.deb | head -n 1)
fi
[ -f "$DEB" ] || fail "no package built"
lintian --fail-on error "$DEB" >"$T/lintian.log" 2>&1 || { cat "$T/lintian.log"; fail "lintian reports errors"; }
echo "ok: lintian: no errors ($(grep -c '^[WI]:' "$T/lintian.log") warnings/infos)"

# A package left by an earlier, interrupted run goes first.
if known; then
  purge || fail "purging an earlier install"
fi
before=$(our_paths)
had_user=$(getent passwd patchmilter >/dev/null && echo yes || echo no)

# 2. Install; twice, so that the upgrade path of the scripts runs too.
dpkg -i "$DEB" >"$T/install.log" 2>&1 || { cat "$T/install.log"; fail "dpkg -i"; }
dpkg -i "$DEB" >>"$T/install.log" 2>&1 || { cat "$T/install.log"; fail "dpkg -i over itself"; }
installed || fail "package not installed"
getent passwd patchmilter >/dev/null || fail "no user patchmilter"
[ "$(getent passwd patchmilter | cut -d: -f7)" != /bin/bash ] || fail "system user has a login shell"
for d in /run/patchmilter /var/lib/patchmilter; do
  [ "$(stat -c '%U:%G %a' "$d" 2>/dev/null)" = "patchmilter:patchmilter 750" ] \
    || fail "$d is '$(stat -c '%U:%G %a' "$d" 2>&1)'"
done
dpkg-query -W -f='${Conffiles}\n' "$PKG" | grep -q '^ /etc/patchmilter.conf ' || fail "/etc/patchmilter.conf is not a conffile"
for f in /usr/sbin/patchmilter "$UNIT" /usr/lib/tmpfiles.d/patchmilter.conf /etc/patchmilter.conf; do
  [ -f "$f" ] || fail "$f not installed"
done
for page in "$PM_SRC"/doc/*.[1-8]; do
  name=$(basename "$page"); section=${name##*.}
  [ -f "/usr/share/man/man$section/$name.gz" ] || fail "man page $name not installed"
done
man -w 8 patchmilter >/dev/null 2>&1 || fail "man -w 8 patchmilter"
grep -q '^Before=postfix.service' "$UNIT" || fail "unit not ordered before postfix"
grep -q '^ExecReload=/bin/kill -USR1 \$MAINPID' "$UNIT" || fail "unit reload is not SIGUSR1"
# `patchmilter applied` on a timer: installed, not enabled, as the milter's user and
# hardening, reading the packaged configuration (which names no AppliedTree yet).
for f in "$APPLIED_UNIT" "$APPLIED_TIMER"; do [ -f "$f" ] || fail "$f not installed"; done
grep -qx 'Type=oneshot' "$APPLIED_UNIT" || fail "patchmilter-applied.service is not Type=oneshot"
grep -qx 'ExecStart=/usr/sbin/patchmilter applied --config /etc/patchmilter.conf' "$APPLIED_UNIT" \
  || fail "patchmilter-applied.service does not run applied --config /etc/patchmilter.conf"
hardening() { grep -E '^(User|Group|UMask|Protect|Private|NoNewPrivileges|Capability|Restrict|LockPersonality|SystemCall)' "$1"; }
diff <(hardening "$UNIT") <(hardening "$APPLIED_UNIT") || fail "patchmilter-applied.service: user or hardening differ from the milter's"
grep -qx 'OnUnitActiveSec=5min' "$APPLIED_TIMER" || fail "patchmilter-applied.timer: not every five minutes"
enabled=$(find /etc/systemd/system -name 'patchmilter-applied*' 2>/dev/null)
[ -z "$enabled" ] || fail "the package enabled the timer: $enabled"
if command -v systemd-analyze >/dev/null 2>&1; then
  for u in "$UNIT" "$APPLIED_UNIT" "$APPLIED_TIMER"; do
    systemd-analyze verify --man=no "$u" >"$T/verify.log" 2>&1 || { cat "$T/verify.log"; fail "systemd-analyze verify $u"; }
  done
  echo "ok: systemd-analyze verify: $(basename "$UNIT"), $(basename "$APPLIED_UNIT"), $(basename "$APPLIED_TIMER")"
else
  echo "ok (skipped): systemd-analyze verify: no systemd-analyze here"
fi
echo "ok: installed (user, directories, conffile, units, timer not enabled, man pages)"

out=$(patchmilter run -n -c /etc/patchmilter.conf 2>&1) || fail "run -n: $out"
echo "ok: $out"

# 3. The daemon, started as the unit would: its User, UMask and ExecStart line.
unit_key() { sed -n "s/^$1=//p" "$UNIT" | tail -n 1; }
exec_start=$(unit_key ExecStart)
unit_user=$(unit_key User)
unit_umask=$(unit_key UMask)
[ -n "$exec_start" ] && [ "$unit_user" = patchmilter ] || fail "unit lacks ExecStart or User=patchmilter"
: > "$T/milter.log"
# shellcheck disable=SC2086 # the ExecStart line is split into words as systemd does (no quotes in it)
( umask "${unit_umask:-022}"
  exec setpriv --reuid="$unit_user" --regid="$unit_user" --init-groups -- $exec_start ) 2>"$T/milter.log" &
MPID=$!
SOCKET=/run/patchmilter/patchmilter.sock
wait_socket "$SOCKET" "$MPID" 5 "$T/milter.log"
[ "$(stat -c %U "$SOCKET")" = patchmilter ] || fail "socket not owned by patchmilter"
[ "$(stat -c %U /proc/$MPID)" = "$unit_user" ] || fail "daemon does not run as $unit_user"
[ "$(cat /run/patchmilter/patchmilter.pid 2>/dev/null)" = "$MPID" ] || fail "PidFile does not hold the daemon's pid"
echo "ok: daemon started from the unit's ExecStart as $unit_user"

# The unit's ExecReload line, with $MAINPID as systemd would set it.
reload=$(unit_key ExecReload)
sh -c "MAINPID=$MPID; $reload" || fail "ExecReload: $reload"
sleep 0.3
kill -0 "$MPID" 2>/dev/null || fail "the daemon died on reload"
echo "ok: ExecReload ($reload) keeps the daemon running"

# The documented socket directory inside Postfix's chroot: the commented line of the
# packaged tmpfiles.d entry, enabled in /etc/tmpfiles.d, makes it.
if command -v systemd-tmpfiles >/dev/null 2>&1 && [ ! -e /etc/tmpfiles.d/patchmilter.conf ]; then
  sed 's|^#d /var/spool/postfix/patchmilter|d /var/spool/postfix/patchmilter|' \
    /usr/lib/tmpfiles.d/patchmilter.conf > /etc/tmpfiles.d/patchmilter.conf
  systemd-tmpfiles --create patchmilter.conf >/dev/null 2>&1
  got=$(stat -c '%U:%G %a' /var/spool/postfix/patchmilter 2>&1)
  rm -f /etc/tmpfiles.d/patchmilter.conf
  [ "$got" = "patchmilter:patchmilter 750" ] || fail "chroot socket directory is '$got'"
  echo "ok: /var/spool/postfix/patchmilter from the documented tmpfiles.d line"
fi

# 4. Postfix on loopback, milter at the packaged socket; postfix joins group
# patchmilter as README.Debian-style setups do.
if ! id -nG postfix | tr ' ' '\n' | grep -qx patchmilter; then
  adduser --quiet postfix patchmilter || fail "adding postfix to group patchmilter"
  ADDED_POSTFIX_TO_GROUP=1
fi
pf_add_user pmdebtest
# The user sorts with the packaged procmail recipe, as the README says.
printf 'MAILDIR=$HOME/Maildir\nDEFAULT=$HOME/Maildir/\nINCLUDERC=/usr/share/doc/patchmilter/examples/procmailrc\n' \
  > "$THOME/.procmailrc"
chown "$TUSER" "$THOME/.procmailrc"; chmod 644 "$THOME/.procmailrc"
install -d -o "$TUSER" "$MAILDIR" "$MAILDIR/new" "$MAILDIR/cur" "$MAILDIR/tmp"
start_postfix --milter "unix:$SOCKET" --mailbox-command '/usr/bin/procmail -a "$EXTENSION"'

swaks --silent 2 --server "127.0.0.1:$SMTP_PORT" --from dev@example.org --to "$TUSER@mx.test.example" \
  --data /usr/share/doc/patchmilter/examples/sample-patch.eml >"$T/swaks.log" 2>&1 || { cat "$T/swaks.log"; fail "SMTP submission"; }
wait_delivered 1 20 || fail "nothing delivered"
msg=$(delivered_files | head -n 1)
# Sent to the user without a list: the recipe files it under "direct", its version as a label.
case "$msg" in "$MAILDIR/.patches.direct/new/"*) ;; *) fail "sample patch sorted into ${msg#"$MAILDIR"/}, expected .patches.direct/" ;; esac
grep -q '^X-Label: v2$' "$msg" || fail "delivered message lacks X-Label: v2"
grep -q '^X-Patch-Kind: patch' "$msg" || fail "delivered message lacks X-Patch-Kind: patch"
grep -q '^X-Patch-Version: 2' "$msg" || fail "delivered message lacks X-Patch-Version: 2"
grep -q '^X-Patch-State: new' "$msg" || fail "delivered message lacks X-Patch-State (index in /var/lib/patchmilter)"
[ "$(grep -c '^X-Patch-State:' "$msg")" -eq 1 ] || fail "the sample's forged X-Patch-State survived"
[ -s /var/lib/patchmilter/index.sqlite ] || fail "no index written in /var/lib/patchmilter"
echo "ok: the packaged sample patch through Postfix and the packaged daemon, annotated and sorted by the packaged procmail recipe"

stop_postfix
kill "$MPID"; wait "$MPID" 2>/dev/null; MPID=
if [ -n "$ADDED_POSTFIX_TO_GROUP" ]; then gpasswd -d postfix patchmilter >/dev/null 2>&1; ADDED_POSTFIX_TO_GROUP=; fi

# 5. patchmilter-applied.service's ExecStart, as its User with the home systemd gives
# it, on a branch made here: the AppliedTree added to the packaged configuration, the
# repository (root's) named safe.directory in that home, as patchmilter(8) says.
git -C "$T" -c init.defaultBranch=main init -q tree || fail "git init"
git -C "$T/tree" -c user.name=Ada -c user.email=ada@example.org commit -q --allow-empty -m base || fail "git commit"
chmod -R a+rX "$T/tree"
echo "AppliedTree $T/tree:main" >> /etc/patchmilter.conf
applied_home=$(getent passwd patchmilter | cut -d: -f6)
applied_run() {
  local exec_applied; exec_applied=$(sed -n 's/^ExecStart=//p' "$APPLIED_UNIT")
  # shellcheck disable=SC2086 # split into words as systemd does
  setpriv --reuid=patchmilter --regid=patchmilter --init-groups -- env HOME="$applied_home" $exec_applied 2>&1
}
out=$(applied_run) && fail "applied ran on a repository another user owns, not named safe: $out"
printf '[safe]\n\tdirectory = %s\n' "$T/tree" > "$applied_home/.gitconfig"
out=$(applied_run) || fail "patchmilter-applied.service's ExecStart: $out"
[ "$out" = "$T/tree:main: 1 commit, 0 messages applied (0 by Link, 0 by patch-id)" ] || fail "applied said: $out"
echo "ok: patchmilter-applied.service's ExecStart scans the configured AppliedTree as user patchmilter"

# 6. Remove keeps the configuration (a conffile); purge leaves nothing but the system user.
dpkg --remove "$PKG" >"$T/remove.log" 2>&1 || { cat "$T/remove.log"; fail "dpkg --remove"; }
[ ! -e /usr/sbin/patchmilter ] || fail "dpkg --remove left the binary"
[ -f /etc/patchmilter.conf ] || fail "dpkg --remove took the configuration"
purge || { cat "$T/purge.log"; fail "dpkg --purge"; }
known && fail "package still known to dpkg"
after=$(our_paths)
[ "$before" = "$after" ] || fail "left behind after purge: $(comm -13 <(echo "$before") <(echo "$after") | tr '\n' ' ')"
if [ "$had_user" = no ]; then
  getent passwd patchmilter >/dev/null || fail "purge removed the system user (policy keeps it)"
fi
echo "ok: purged, nothing left behind but the system user"
echo "PASS"
