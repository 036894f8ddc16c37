#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# annotate uses the index that import filled: a later version is a revision pointing at
# the earlier one, the same message twice is a duplicate, the same patch under a new
# Message-ID is a resend.
set -u
F="$PM_FIXTURES/import"
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fail=0
check() {
    if [ "$2" != "$3" ]; then
        echo "FAIL: $1: expected '$2', got '$3'"
        fail=1
    fi
}
header() { sed -n "/^\$/q; s/^$1: //p" | head -1; } # header NAME < message

"$PM_BIN" import --index "$T/ix.sqlite" "$F/widgets-v1.mbox" >/dev/null
v2cover=$(ls "$F"/widgets-v2/cur/*M0P1*)
v2patch2=$(ls "$F"/widgets-v2/cur/*M2P1*)

"$PM_BIN" annotate --index "$T/ix.sqlite" < "$v2cover" > "$T/out"
check "v2 cover state" "revision" "$(header X-Patch-State < "$T/out")"
check "v2 cover prior" "<20240301100000.1000-0-ada@example.org>" "$(header X-Patch-Prior < "$T/out")"
check "v2 cover prior version" "1" "$(header X-Patch-Prior-Version < "$T/out")"
series=$("$PM_BIN" lookup --index "$T/ix.sqlite" 20240301100000.1000-0-ada@example.org | sed -n 's/^series: //p')
check "v2 cover series" "$series" "$(header X-Patch-Series < "$T/out")"

"$PM_BIN" annotate --index "$T/ix.sqlite" < "$v2cover" > "$T/out"
check "annotated twice" "duplicate" "$(header X-Patch-State < "$T/out")"

"$PM_BIN" annotate --index "$T/ix.sqlite" < "$v2patch2" > "$T/out"
check "v2 patch 2 state" "revision" "$(header X-Patch-State < "$T/out")"
check "v2 patch 2 prior" "<20240301100000.1000-2-ada@example.org>" "$(header X-Patch-Prior < "$T/out")"
check "v2 patch 2 unchanged" "no" "$(header X-Patch-Changed < "$T/out")"

# v1 patch 1 again under a new Message-ID
awk '/^From git@z/{n++} n==2 && !/^From git@z/' "$F/widgets-v1.mbox" |
    sed 's/^Message-ID: .*/Message-ID: <resent-1@example.org>/' > "$T/resent"
"$PM_BIN" annotate --index "$T/ix.sqlite" < "$T/resent" > "$T/out"
check "same patch, new Message-ID" "resend" "$(header X-Patch-State < "$T/out")"
check "resend prior" "<20240301100000.1000-1-ada@example.org>" "$(header X-Patch-Prior < "$T/out")"

# --dry-run classifies without recording
sed 's/^Message-ID: .*/Message-ID: <dry@example.org>/' "$(ls "$F"/widgets-v2/cur/*M1P1*)" |
    "$PM_BIN" annotate --dry-run --index "$T/ix.sqlite" > "$T/out"
check "dry run state" "revision" "$(header X-Patch-State < "$T/out")"
"$PM_BIN" lookup --index "$T/ix.sqlite" dry@example.org >/dev/null 2>&1
check "dry run records nothing" "1" "$?"
exit $fail
