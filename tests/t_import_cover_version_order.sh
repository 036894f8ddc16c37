#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# Issue 19, shape 10 in any order: a series whose covers are "[PATCH 0/2] foo: move bar"
# and "[PATCH 0/2] foo: move bar v2" (the version only at the end of the cover's title,
# the patches "[PATCH k/2]" answering it) gets the same verdicts whether its messages are
# imported as sent, each posting's patches before its cover (mail that arrived out of
# order), or newest first: v2's patches take their cover's version and link to v1's.
# Newest first differs only where the index keeps a recorded state (v2 was new when it
# came, before v1), as for any series.
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
mbox="$PM_FIXTURES/import/cover-version-counted.mbox"
awk -v dir="$T/m" 'BEGIN { system("mkdir -p " dir) } /^From dana@/ { n++ } { print > (dir "/" n) }' "$mbox"
verdicts() { # verdicts NAME MESSAGE-NUMBERS...: import them in that order, print the verdicts
    local name=$1
    shift
    for i in "$@"; do cat "$T/m/$i"; done > "$T/$name.mbox"
    "$PM_BIN" import --index "$T/$name.sqlite" "$T/$name.mbox" > /dev/null || echo "import failed"
    sqlite3 "$T/$name.sqlite" "select msgid, kind, version, state, coalesce(prior_msgid, '-'),
        changed, grp = (select grp from messages c where c.msgid = messages.thread_root)
        from messages order by msgid"
}
V1=20260202090000.300 V2=20260209090000.400 D=example.net
sent=$(verdicts sent 1 2 3 4 5 6)
check "as sent" "$V1-0@$D|cover|1|new|-|-1|
$V1-1@$D|patch|1|new|-|-1|1
$V1-2@$D|patch|1|new|-|-1|1
$V2-0@$D|cover|2|revision|$V1-0@$D|-1|
$V2-1@$D|patch|2|revision|$V1-1@$D|0|1
$V2-2@$D|patch|2|revision|$V1-2@$D|1|1" "$sent"
check "patches before their cover" "$sent" "$(verdicts late-cover 3 2 1 6 5 4)"
check "v2's patches before its cover" "$sent" "$(verdicts late-v2-cover 1 2 3 6 5 4)"
check "newest first, patches before covers" "$(verdicts v2-first 4 5 6 1 2 3)" \
    "$(verdicts newest-first 6 5 4 3 2 1)"
check "newest first: v2's priors" "$(echo "$sent" | cut -d'|' -f1-3,5-)" \
    "$(verdicts newest-first-again 6 5 4 3 2 1 | cut -d'|' -f1-3,5-)"
[ "$fail" = 0 ] && echo "ok: a cover stating its version gives it to its patches in any order"
exit "$fail"
