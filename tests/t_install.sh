#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# t_install: `make install` with PREFIX and DESTDIR, as another distribution's
# package build would run it: every file lands below DESTDIR/PREFIX (the
# configuration in PREFIX/etc; /usr and /opt/* prefixes follow GNUInstallDirs:
# /etc, /etc/opt/...), the systemd units (the milter's, and `patchmilter applied`'s
# service and timer) name the installed paths, and a second
# install keeps an edited configuration.
# ctest-labels: no-asan
set -u
: "${PM_SRC:?PM_SRC not set}" "${PM_BUILD:?PM_BUILD not set}"
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

PREFIX=/usr/pkg
make -C "$PM_SRC" install PREFIX="$PREFIX" DESTDIR="$T/root" INSTALL_BUILD="$PM_BUILD/install-tree" \
  >"$T/install.log" 2>&1 || { tail -n 30 "$T/install.log"; fail "make install"; }

R="$T/root$PREFIX"
for f in sbin/patchmilter etc/patchmilter.conf lib/systemd/system/patchmilter.service \
         lib/systemd/system/patchmilter-applied.service lib/systemd/system/patchmilter-applied.timer \
         lib/tmpfiles.d/patchmilter.conf share/man/man8/patchmilter.8.gz \
         share/doc/patchmilter/copyright share/doc/patchmilter/examples/patches.sieve \
         share/doc/patchmilter/examples/sample-patch.eml share/man/man5/patchmilter.conf.5.gz \
         share/doc/patchmilter/examples/postfix-main.cf.snippet share/doc/patchmilter/examples/sendmail.mc.snippet; do
  [ -f "$R/$f" ] || fail "$PREFIX/$f not installed"
done
outside=$(cd "$T/root" && find . -type f ! -path ".$PREFIX/*")
[ -z "$outside" ] || fail "installed outside PREFIX: $outside"
grep -qx "ExecStart=$PREFIX/sbin/patchmilter run -f -c $PREFIX/etc/patchmilter.conf" \
  "$R/lib/systemd/system/patchmilter.service" || fail "unit ExecStart does not name the installed paths"
grep -qx "ExecStart=$PREFIX/sbin/patchmilter applied --config $PREFIX/etc/patchmilter.conf" \
  "$R/lib/systemd/system/patchmilter-applied.service" || fail "patchmilter-applied.service ExecStart does not name the installed paths"
"$R/sbin/patchmilter" --version | grep -q '^patchmilter ' || fail "installed binary does not run"
zcat "$R/share/man/man8/patchmilter.8.gz" | grep -q '^\.TH PATCHMILTER 8' || fail "man page not gzipped groff"
if command -v groff >/dev/null 2>&1; then
  for page in "$R"/share/man/man*/*.gz; do
    warnings=$(zcat "$page" | groff -man -Tutf8 -ww -z 2>&1)
    [ -z "$warnings" ] || fail "groff warns about $(basename "$page"): $warnings"
  done
fi
# A second install keeps the admin's configuration and puts the default beside it.
echo "# edited by the admin" >> "$R/etc/patchmilter.conf"
DESTDIR="$T/root" cmake --install "$PM_BUILD/install-tree" >"$T/install2.log" 2>&1 || { cat "$T/install2.log"; fail "second install"; }
tail -n 1 "$R/etc/patchmilter.conf" | grep -qx '# edited by the admin' || fail "second install overwrote the configuration"
cmp -s "$R/etc/patchmilter.conf.default" "$PM_SRC/conf/patchmilter.conf" || fail "no patchmilter.conf.default beside the kept configuration"
echo "PASS"
