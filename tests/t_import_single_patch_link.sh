#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# Issue 19, shape 7 for a single patch: a [PATCH v2] without cover, retitled and
# changed, whose notes name its v1 in a block ("V1 version of this patch can be found
# here:" and the URL on the next line) has that v1 as its prior (import, then lookup;
# annotate, as the milter sees the messages one by one). A stranger's v3 naming the
# same v1 gets nothing of the series.
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
field() { "$PM_BIN" lookup --index "$T/i.sqlite" "$1" | sed -n "s/^$2: //p" | head -1; }
mbox="$PM_FIXTURES/import/single-patch-v1-link.mbox"
V1=20261102-widget-leak-v1@example.org V2=20261109-widget-leak-v2@example.org
EVIL=20261110-widget-v3@evil.example

"$PM_BIN" import --index "$T/i.sqlite" "$mbox" > /dev/null
check "v2 state" "revision" "$(field "$V2" state)"
check "v2 prior: the v1 its notes name" "<$V1> 1 yes" \
    "$(field "$V2" prior) $(field "$V2" prior-version) $(field "$V2" changed)"
check "the stranger's v3: new, no prior" "new " "$(field "$EVIL" state) $(field "$EVIL" prior)"
[ "$(field "$EVIL" series)" != "$(field "$V1" series)" ] ||
    { echo "FAIL: the stranger's v3 joined the series of v1"; fail=1; }

# annotate, one message at a time
awk -v dir="$T/m" 'BEGIN { system("mkdir -p " dir) } /^From [^ ]+@[^ ]+ [A-Z][a-z][a-z] / { n++; next } { print > (dir "/" n) }' "$mbox"
"$PM_BIN" annotate --index "$T/a.sqlite" < "$T/m/1" > /dev/null
got=$("$PM_BIN" annotate --index "$T/a.sqlite" < "$T/m/2" | sed -n '/^$/q; s/^X-Patch-\(State\|Prior\|Changed\): //p' | tr '\n' ' ')
check "annotate v2" "revision <$V1> yes " "$got"
[ "$fail" = 0 ] && echo "ok: a single patch's v2 takes the v1 its notes name as prior"
exit "$fail"
