#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# t_fault_index: the milter with an index or a MAINTAINERS file it cannot use.
# An index that cannot be opened, or that is read-only: logged, and each message follows
# On-InternalError (accept: delivered and annotated without the index's fields;
# tempfail: 4xx). A MAINTAINERS file that is malformed: subsystem tags left out, mail
# flows, the error logged once; one that disappears while running: mail flows, the
# error is logged once (the map loaded before is kept, maint_feed.h).
set -u
. "$PM_SRC/tests/milter/lib.sh"
need sqlite3

lua() { # QID EXPECT SUBSYSTEM
  run_lua fault.lua -D QID="$1" -D EXPECT="$2" -D SUBSYSTEM="${3:-any}" >/dev/null
}
count_log() { grep -c -- "$1" "$T/milter.log"; }

# 1. An index in a directory that does not exist.
start_milter "Index $T/run/missing/index.sqlite" "On-InternalError accept"
grep -q "index $T/run/missing/index.sqlite cannot be used" "$T/milter.log" || { cat "$T/milter.log"; echo "FAIL: index error not logged"; exit 1; }
lua IDX1 continue
expect_log IDX1 'kind=patch .*note=internal-error'
stop_milter
start_milter "Index $T/run/missing/index.sqlite" "On-InternalError tempfail"
lua IDX2 tempfail
stop_milter
echo "ok: index that cannot be opened"

# 2. An index the milter cannot write (read-only file).
start_milter "Index $T/run/index.sqlite" "On-InternalError accept"
lua IDX3 continue
expect_log IDX3 'state=new'
stop_milter
chmod 444 "$T/run/index.sqlite"
[ -n "$RUN_AS" ] && chown root "$T/run/index.sqlite"
start_milter "Index $T/run/index.sqlite" "On-InternalError accept"
lua IDX4 continue
expect_log IDX4 'kind=patch .*note=internal-error'
grep -q 'IDX4: annotation failed' "$T/milter.log" || { cat "$T/milter.log"; echo "FAIL: write error not logged"; exit 1; }
stop_milter
start_milter "Index $T/run/index.sqlite" "On-InternalError tempfail"
lua IDX5 tempfail
stop_milter
[ "$(sqlite3 "$T/run/index.sqlite" 'PRAGMA integrity_check')" = ok ] || { echo "FAIL: index damaged"; exit 1; }
echo "ok: index that cannot be written"

# 3. MAINTAINERS (checked every second): gone while running, then malformed at start.
M="$T/run/MAINTAINERS"
printf 'FSCRYPT: FILE SYSTEM LEVEL ENCRYPTION SUPPORT\nL:\tlinux-fscrypt@vger.kernel.org\nF:\tfs/crypto/\n' > "$M"
start_milter "Maintainers $M" "MaintainersCheckInterval 1"
lua MNT1 continue yes
rm "$M"
sleep 1.2
lua MNT2 continue
sleep 1.2
lua MNT3 continue
[ "$(count_log "cannot load MAINTAINERS ($M)")" -eq 1 ] || { cat "$T/milter.log"; echo "FAIL: missing MAINTAINERS not logged exactly once"; exit 1; }
stop_milter
printf 'M:\tnobody\n\0\0 not a MAINTAINERS file\n' > "$M"
start_milter "Maintainers $M" "MaintainersCheckInterval 1"
lua MNT4 continue no
sleep 1.2
lua MNT5 continue no
[ "$(count_log "cannot load MAINTAINERS ($M)")" -eq 1 ] || { cat "$T/milter.log"; echo "FAIL: malformed MAINTAINERS not logged exactly once"; exit 1; }
stop_milter
echo "ok: MAINTAINERS missing or malformed"
echo "PASS"
