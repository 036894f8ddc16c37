#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# Issue 19, shape 10: a series sent as "[PATCH k/N] ..." whose version is only at the end
# of its cover's subject ("move ... above the block layer v2", no group, no 0/N): the
# cover is a cover of that version, the patches answering it take its version, and v2
# links to v1 (import, then lookup; annotate says the version in X-Patch-Version). The v1
# cover, whose subject names no version, stays no patch mail: a thread root with a
# diffstat alone may be anything (a pull request); but once v2's patches link to v1's,
# the message v1's patches answer as their thread root is v2's cover's prior.
set -u
. "$PM_SRC/tests/lib.sh"
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fail=0
check() { # check DESCRIPTION EXPECTED ACTUAL
    if [ "$2" != "$3" ]; then
        echo "FAIL: $1: expected '$2', got '$3'"
        fail=1
    fi
}
field() { "$PM_BIN" lookup --index "$1" "$2" | sed -n "s/^$3: //p" | head -1; }
mbox="$PM_FIXTURES/import/cover-version-in-subject.mbox"
V1=20260105100000.100 V2=20260112100000.200 D=chris@example.org

out=$("$PM_BIN" import --index "$T/i.sqlite" "$mbox")
check "summary" "imported 6 messages (3 new, 2 revision, 0 resend, 0 already indexed, 1 not patch mail, 0 broken)" "${out% in *}"
check "v2 cover kind" "cover" "$(field "$T/i.sqlite" "$V2-1-$D" kind)"
check "v2 cover version" "2" "$(field "$T/i.sqlite" "$V2-1-$D" version)"
check "v2 patch 1 version" "2" "$(field "$T/i.sqlite" "$V2-2-$D" version)"
check "v2 patch 1 prior" "<$V1-2-$D>" "$(field "$T/i.sqlite" "$V2-2-$D" prior)"
check "v2 patch 1 unchanged" "no" "$(field "$T/i.sqlite" "$V2-2-$D" changed)"
check "v2 patch 2 prior" "<$V1-3-$D>" "$(field "$T/i.sqlite" "$V2-3-$D" prior)"
check "v2 patch 2 changed" "yes" "$(field "$T/i.sqlite" "$V2-3-$D" changed)"
check "v1 patch 1 version" "1" "$(field "$T/i.sqlite" "$V1-2-$D" version)"
check "v2 cover prior: v1's thread root" "<$V1-1-$D> 1" \
    "$(field "$T/i.sqlite" "$V2-1-$D" prior) $(field "$T/i.sqlite" "$V2-1-$D" prior-version)"
check "v2 cover in the series of v1" "$(field "$T/i.sqlite" "$V1-2-$D" series)" "$(field "$T/i.sqlite" "$V2-1-$D" series)"

# annotate, as the milter sees the messages one by one: the version in the header
awk -v dir="$T/m" 'BEGIN { system("mkdir -p " dir) } /^From chris@/ { n++; next } { print > (dir "/" n) }' "$mbox"
for i in 1 2 3 4 5; do
    "$PM_BIN" annotate --index "$T/a.sqlite" < "$T/m/$i" > /dev/null
done
got=$("$PM_BIN" annotate --index "$T/a.sqlite" < "$T/m/6" | sed -n 's/^X-Patch-\(Version\|State\|Prior\): //p' | tr '\n' ' ')
check "annotate v2 patch 2" "2 revision <$V1-3-$D> " "$got"
[ "$fail" = 0 ] && echo "ok: the patches of a cover stating its version at the end of its subject take that version"
exit "$fail"
