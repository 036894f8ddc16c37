#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# import and lookup on small fixtures: an mbox (v1 of a series, with a reply and a
# ">From " quoted line) and a Maildir (v2, whose cover links to v1), in both orders;
# a second import adds nothing; a patch mail without Message-ID is counted as broken;
# an index that fails (a PostgreSQL server nobody runs) stops the import, which says so.
set -u
. "$PM_SRC/tests/lib.sh"
F="$PM_FIXTURES/import"
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fail=0
check() { # check DESCRIPTION EXPECTED ACTUAL
    if [ "$2" != "$3" ]; then
        echo "FAIL: $1: expected '$2', got '$3'"
        fail=1
    fi
}
# field INDEX KEY NAME: the value of "NAME:" in what lookup shows for KEY
field() { "$PM_BIN" lookup --index "$1" "$2" | sed -n "s/^$3: //p" | head -1; }

V1C=20240301100000.1000-0-ada@example.org V1P1=20240301100000.1000-1-ada@example.org
V1P2=20240301100000.1000-2-ada@example.org
V2C=20240308120000.2000-0-ada@example.org V2P1=20240308120000.2000-1-ada@example.org
V2P2=20240308120000.2000-2-ada@example.org

# v1, then v2
out=$("$PM_BIN" import --index "$T/a.sqlite" "$F/widgets-v1.mbox")
check "v1 replies line" "recorded 1 reply to patch mail" "$(echo "$out" | sed -n 2p)"
check "v1 summary" "imported 4 messages (3 new, 0 revision, 0 resend, 0 already indexed, 1 not patch mail, 0 broken)" "${out% in *}"
out=$("$PM_BIN" import --index "$T/a.sqlite" "$F/widgets-v2")
check "v2 summary" "imported 3 messages (0 new, 3 revision, 0 resend, 0 already indexed, 0 not patch mail, 0 broken)" "${out% in *}"
check "v2 cover prior" "<$V1C>" "$(field "$T/a.sqlite" "<$V2C>" prior)"
check "v2 cover prior version" "1" "$(field "$T/a.sqlite" "$V2C" prior-version)"
check "v2 patch 1 prior" "<$V1P1>" "$(field "$T/a.sqlite" "$V2P1" prior)"
check "v2 patch 1 changed" "yes" "$(field "$T/a.sqlite" "$V2P1" changed)"
check "v2 patch 2 prior" "<$V1P2>" "$(field "$T/a.sqlite" "$V2P2" prior)"
check "v2 patch 2 unchanged" "no" "$(field "$T/a.sqlite" "$V2P2" changed)"
series=$(field "$T/a.sqlite" "$V1C" series)
check "one series" "$series" "$(field "$T/a.sqlite" "$V2P2" series)"
check "series lookup lists both versions" "6" "$("$PM_BIN" lookup --index "$T/a.sqlite" "$series" | grep -c '^message-id:')"
pid=$(field "$T/a.sqlite" "$V1P2" patch-id)
check "patch-id lookup finds both copies" "2" "$("$PM_BIN" lookup --index "$T/a.sqlite" "$pid" | grep -c '^message-id:')"
# the reply is kept as a reply in the thread of patch 1, not as patch mail
check "the reply answers patch 1" "<$V1P1>" "$(field "$T/a.sqlite" reply-1@example.org answers)"
check "the reply has no state" "" "$(field "$T/a.sqlite" reply-1@example.org state)"
check "patch 1 lists its reply" "reply: <reply-1@example.org> Grace Hopper <grace@example.org>" \
  "$("$PM_BIN" lookup --index "$T/a.sqlite" "$V1P1" | grep '^reply:')"
"$PM_BIN" lookup --index "$T/a.sqlite" nothing@example.org 2>/dev/null
check "lookup of an unknown key exits 1" "1" "$?"

# importing again adds nothing
out=$("$PM_BIN" import --index "$T/a.sqlite" "$F/widgets-v1.mbox" "$F/widgets-v2")
check "second import" "imported 7 messages (0 new, 0 revision, 0 resend, 6 already indexed, 1 not patch mail, 0 broken)" "${out% in *}"
check "rows after second import" "6" "$(sqlite3 "$T/a.sqlite" 'select count(*) from messages')"

# v2 first, then v1: the same links, v1 joins v2's series
"$PM_BIN" import --index "$T/b.sqlite" "$F/widgets-v2" >/dev/null
check "v2 alone: cover names v1" "<$V1C>" "$(field "$T/b.sqlite" "$V2C" prior)"
check "v2 alone: patch has no prior yet" "" "$(field "$T/b.sqlite" "$V2P1" prior)"
"$PM_BIN" import --index "$T/b.sqlite" "$F/widgets-v1.mbox" >/dev/null
for pair in "$V2C $V1C" "$V2P1 $V1P1" "$V2P2 $V1P2"; do
    set -- $pair
    check "reverse order: prior of $1" "<$2>" "$(field "$T/b.sqlite" "$1" prior)"
done
check "reverse order: v1 joined v2's series" "$(field "$T/b.sqlite" "$V2C" series)" "$(field "$T/b.sqlite" "$V1P1" series)"
check "reverse order: recorded state kept" "new" "$(field "$T/b.sqlite" "$V2P1" state)"

# a broken message is counted, not fatal
out=$("$PM_BIN" import --index "$T/c.sqlite" "$F/no-message-id.mbox" "$F/widgets-v1.mbox" 2>"$T/err")
check "broken exit status" "0" "$?"
check "broken summary" "imported 4 messages (3 new, 0 revision, 0 resend, 0 already indexed, 1 not patch mail, 1 broken)" "${out% in *}"
grep -q "no-message-id.mbox:1: patch mail without Message-ID" "$T/err" || { echo "FAIL: broken message not reported"; cat "$T/err"; fail=1; }
mkdir -p "$T/md/cur/not-a-message" "$T/md/new"
cp "$F"/widgets-v2/cur/* "$T/md/new/"
mkfifo "$T/md/cur/fifo"
out=$("$PM_BIN" import --index "$T/d.sqlite" "$T/md" 2>"$T/err")
check "Maildir with a directory and a FIFO" "imported 3 messages (3 new, 0 revision, 0 resend, 0 already indexed, 0 not patch mail, 2 broken)" "${out% in *}"
"$PM_BIN" import --index "$T/c.sqlite" "$T/does-not-exist" >/dev/null 2>&1
check "missing source exit status" "1" "$?"

# an index that cannot record: exit 1, the reason on stderr, no "imported" summary
out=$("$PM_BIN" import --index "postgresql://nobody@127.0.0.1:$(free_port)/none" "$F/widgets-v1.mbox" 2>"$T/err")
check "failed index exit status" "1" "$?"
check "failed index summary" "import stopped after reading 1 message: the index failed, and what was read since its last commit (at most 2000 patch mails) is not recorded" "$out"
grep -q 'patchmilter import: index: database postgresql://nobody@127.0.0.1:[0-9]*/none unreachable' "$T/err" \
  || { cat "$T/err"; echo "FAIL: failed index not explained"; fail=1; }

# without --index: $PATCHMILTER_INDEX, else the default location, created
PATCHMILTER_INDEX="$T/env.sqlite" "$PM_BIN" import "$F/widgets-v1.mbox" >/dev/null
check "PATCHMILTER_INDEX" "new" "$(PATCHMILTER_INDEX="$T/env.sqlite" "$PM_BIN" lookup "$V1C" | sed -n 's/^state: //p')"
HOME="$T/home" XDG_DATA_HOME="" PATCHMILTER_INDEX="" "$PM_BIN" import "$F/widgets-v1.mbox" >/dev/null
[ -f "$T/home/.local/share/patchmilter/index.sqlite" ] || { echo "FAIL: default index not created"; fail=1; }

exit $fail
