#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# import of public-inbox git archives built here with git: an epoch alone, an inbox
# directory of two epochs (v1 in git/0.git, v2 in git/1.git), --from/--to ranges, and
# commits that delete a message ("d" instead of "m").
set -u
command -v git >/dev/null || { echo "SKIP: git absent"; exit 77; }
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
summary() { head -1 | sed 's/ in [0-9.]*s$//'; }
export GIT_AUTHOR_NAME=inbox GIT_AUTHOR_EMAIL=inbox@example.org GIT_COMMITTER_NAME=inbox \
    GIT_COMMITTER_EMAIL=inbox@example.org

# add_message EPOCH FILE [d]: one commit whose tree holds the message as m (or d)
add_message() {
    local blob tree parent commit
    blob=$(git --git-dir="$1" hash-object -w "$2")
    tree=$(printf '100644 blob %s\t%s\n' "$blob" "${3:-m}" | git --git-dir="$1" mktree)
    parent=$(git --git-dir="$1" rev-parse -q --verify refs/heads/master)
    commit=$(git --git-dir="$1" commit-tree "$tree" ${parent:+-p "$parent"} -m "message")
    git --git-dir="$1" update-ref refs/heads/master "$commit"
}
new_epoch() {
    git init -q --bare "$1"
    git --git-dir="$1" symbolic-ref HEAD refs/heads/master
}

mkdir -p "$T/v1" "$T/inbox/git"
awk -v dir="$T/v1" '/^From git@z /{n++; next} {print > (dir "/" n)}' "$F/widgets-v1.mbox"
new_epoch "$T/inbox/git/0.git"
for m in 1 2 3 4; do add_message "$T/inbox/git/0.git" "$T/v1/$m"; done
new_epoch "$T/inbox/git/1.git"
for m in "$F"/widgets-v2/cur/*; do add_message "$T/inbox/git/1.git" "$m"; done
add_message "$T/inbox/git/1.git" "$T/v1/3" d # public-inbox-purge left a deletion

out=$("$PM_BIN" import --index "$T/epoch.sqlite" "$T/inbox/git/0.git" | summary)
check "one epoch" "imported 4 messages (3 new, 0 revision, 0 resend, 0 already indexed, 1 not patch mail, 0 broken)" "$out"

out=$("$PM_BIN" import --index "$T/inbox.sqlite" "$T/inbox" | summary)
check "inbox of two epochs" "imported 7 messages (3 new, 3 revision, 0 resend, 0 already indexed, 1 not patch mail, 0 broken)" "$out"
prior=$("$PM_BIN" lookup --index "$T/inbox.sqlite" 20240308120000.2000-0-ada@example.org | sed -n 's/^prior: //p')
check "v2 cover points at v1" "<20240301100000.1000-0-ada@example.org>" "$prior"
out=$("$PM_BIN" import --index "$T/inbox.sqlite" "$T/inbox" | summary)
check "inbox again" "imported 7 messages (0 new, 0 revision, 0 resend, 6 already indexed, 1 not patch mail, 0 broken)" "$out"

# ranges: the first two commits, then the rest
second=$(git --git-dir="$T/inbox/git/0.git" rev-parse master~2)
out=$("$PM_BIN" import --index "$T/range.sqlite" --to "$second" "$T/inbox/git/0.git" | summary)
check "--to" "imported 2 messages (2 new, 0 revision, 0 resend, 0 already indexed, 0 not patch mail, 0 broken)" "$out"
out=$("$PM_BIN" import --index "$T/range.sqlite" --from "$second" "$T/inbox/git/0.git" | summary)
check "--from" "imported 2 messages (1 new, 0 revision, 0 resend, 0 already indexed, 1 not patch mail, 0 broken)" "$out"
# across epochs: from the last commit of epoch 0 to the first of epoch 1
last0=$(git --git-dir="$T/inbox/git/0.git" rev-parse master)
first1=$(git --git-dir="$T/inbox/git/1.git" rev-list --max-parents=0 master)
out=$("$PM_BIN" import --index "$T/range2.sqlite" --from "$last0" --to "$first1" "$T/inbox" | summary)
# (the v2 cover alone: it names v1, which this index does not hold: unchecked, no revision)
check "range across epochs" "imported 1 messages (1 new, 0 revision, 0 resend, 0 already indexed, 0 not patch mail, 0 broken)" "$out"

"$PM_BIN" import --index "$T/bad.sqlite" --from 0123456789abcdef0123456789abcdef01234567 "$T/inbox" >/dev/null 2>"$T/err"
check "unknown --from fails" "1" "$?"
grep -q "no epoch holds" "$T/err" || { echo "FAIL: unknown --from not explained"; cat "$T/err"; fail=1; }
"$PM_BIN" import --index "$T/bad.sqlite" --from "$last0" "$F/widgets-v1.mbox" >/dev/null 2>&1
check "--from on an mbox fails" "1" "$?"
exit $fail
