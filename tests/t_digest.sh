#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-2-Clause
# `patchmilter digest` on an archive of our own: a public-inbox style bare git
# repository with one commit per message. Checks the text report of a commit range
# line by line (a revision whose unchanged patch still counts, a patch sent by one
# address for an author at another, a folded subject, an Exist and a Skip case), that
# a re-run gives the same report, X-Patch-Changed through annotate, the HTML page
# (well-formed, charts and counts equal to the text report) and --since/--until.
set -euo pipefail
: "${PM_BIN:?}"
for tool in git xmllint; do
    command -v "$tool" >/dev/null || { echo "SKIP: $tool absent"; exit 77; }
done
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
export GIT_AUTHOR_NAME=t GIT_AUTHOR_EMAIL=t@example.org GIT_COMMITTER_NAME=t \
    GIT_COMMITTER_EMAIL=t@example.org GIT_CONFIG_NOSYSTEM=1 HOME="$tmp"
repo="$tmp/inbox/git/0.git"
git init -q --bare "$repo"
head=""
commits=()

# add_message FILE: one commit whose tree holds the message as blob `m`.
add_message() {
    local blob tree
    blob=$(git --git-dir="$repo" hash-object -w "$1")
    tree=$(printf '100644 blob %s\tm\n' "$blob" | git --git-dir="$repo" mktree)
    head=$(git --git-dir="$repo" commit-tree "$tree" ${head:+-p "$head"} -m "$(basename "$1")")
    commits+=("$head")
}

# patch ID DATE FROM SUBJECT IN-REPLY-TO INBODY-FROM FILE LINE: a patch adding LINE to FILE.
patch() {
    local f="$tmp/$1.eml"
    {
        printf 'From: %s\nTo: list@example.org\nList-Id: <test.example.org>\n' "$3"
        printf 'Date: %s\nMessage-ID: <%s@example.org>\n' "$2" "$1"
        [ -n "$5" ] && printf 'In-Reply-To: <%s@example.org>\nReferences: <%s@example.org>\n' "$5" "$5"
        printf 'Subject: %s\n\n' "$4"
        [ -n "$6" ] && printf 'From: %s\n\n' "$6"
        printf 'Change %s.\n\nSigned-off-by: %s\n---\n %s | 1 +\n' "$7" "${6:-$3}" "$7"
        printf ' 1 file changed, 1 insertion(+)\n\n'
        printf 'diff --git a/%s b/%s\nindex 1111111..2222222 100644\n--- a/%s\n+++ b/%s\n' "$7" "$7" "$7" "$7"
        printf '@@ -1,1 +1,2 @@\n line\n+%s\n-- \n2.43.0\n' "$8"
    } > "$f"
    add_message "$f"
}

# cover ID DATE FROM SUBJECT TEXT
cover() {
    local f="$tmp/$1.eml"
    printf 'From: %s\nTo: list@example.org\nList-Id: <test.example.org>\nDate: %s\nMessage-ID: <%s@example.org>\nSubject: %s\n\n%s\n' \
        "$3" "$2" "$1" "$4" "$5" > "$f"
    add_message "$f"
}

alice="Alice Ant <alice@example.org>"
carol="Carol Cat <carol@example.org>"
dave="Dave Dog <dave@example.com>"
eve="Eve Eel <eve@example.net>"
frank="Frank Fox <frank@example.net>"

# Before the range: an old patch of Eve's, and v1 of Alice's series.
patch old1 "Mon, 5 Jan 2026 10:00:00 +0000" "$eve" "[PATCH] old: thing" "" "" old.c eve1
cover foo1-0 "Mon, 5 Jan 2026 11:00:00 +0000" "$alice" "[PATCH 0/2] foo: bar support" "Bar support."
patch foo1-1 "Mon, 5 Jan 2026 11:00:01 +0000" "$alice" "[PATCH 1/2] foo: add bar" foo1-0 "$carol" foo.c bar
patch foo1-2 "Mon, 5 Jan 2026 11:00:02 +0000" "$alice" "[PATCH 2/2] foo: use bar" foo1-0 "" use.c use1
from=$head
# The range: v2 of Alice's series (1/2 unchanged, Carol's, sent by Alice; 2/2 changed),
# a single patch with a cover letter (the cover comes first), a subject folded with a tab, a
# RESEND of Eve's patch, the same message delivered twice, a reply.
cover foo2-0 "Mon, 12 Jan 2026 09:00:00 +0000" "$alice" "[PATCH v2 0/2] foo: bar support" \
    "Bar support, v2.

Changes in v2:
- use bar better"
patch foo2-1 "Mon, 12 Jan 2026 09:00:01 +0000" "$alice" "[PATCH v2 1/2] foo: add bar" foo2-0 "$carol" foo.c bar
patch foo2-2 "Mon, 12 Jan 2026 09:00:02 +0000" "$alice" "[PATCH v2 2/2] foo: use bar" foo2-0 "" use.c use2
cover baz-0 "Mon, 12 Jan 2026 12:00:00 +0000" "$frank" "[PATCH 0/1] baz: fix" "One fix."
patch baz-1 "Mon, 12 Jan 2026 12:00:01 +0000" "$frank" "[PATCH 1/1] baz: fix the thing" baz-0 "" baz.c fix
patch qux "Tue, 13 Jan 2026 08:00:00 +0000" "$dave" "$(printf '[PATCH] qux: a title long enough that\n\tthe subject was folded')" "" "" qux.c qux
patch old1r "Tue, 13 Jan 2026 09:00:00 +0000" "$eve" "[PATCH RESEND] old: thing" "" "" old.c eve1
add_message "$tmp/baz-1.eml"
reply="$tmp/reply.eml"
printf 'From: %s\nDate: Tue, 13 Jan 2026 10:00:00 +0000\nMessage-ID: <r1@example.org>\nIn-Reply-To: <foo2-1@example.org>\nSubject: Re: [PATCH v2 1/2] foo: add bar\n\nLooks good.\n' "$dave" > "$reply"
add_message "$reply"
to=$head
# After the range.
patch late "Wed, 14 Jan 2026 08:00:00 +0000" "$dave" "[PATCH] late: patch" "" "" late.c late
git --git-dir="$repo" update-ref refs/heads/master "$head"

index="$tmp/index.sqlite"
# Last week's digest records v1 in the index; this week's knows it.
"$PM_BIN" digest --index "$index" "$repo" --to "$from" > "$tmp/last-week.txt"
grep -qx 'v1 2/2 foo: bar support -- Alice Ant <alice@example.org> -- new' "$tmp/last-week.txt" ||
    { echo "FAIL: first digest"; cat "$tmp/last-week.txt"; exit 1; }
digest() { "$PM_BIN" digest --index "$index" --title TEST "$@" "$repo" --from "$from" --to "$to"; }
digest > "$tmp/report.txt"

sep=----------------------------------------------------------------------
cat > "$tmp/expected.txt" <<EOF
TEST mailing list update from $from to $to

Top 15 contributor Email domains (Based on Email Body)

      3 example.org
      2 example.net
      1 example.com

Top 15 contributors (Based on Email Body)

      2  Alice Ant <alice@example.org>
      2  Frank Fox <frank@example.net>
      1  Carol Cat <carol@example.org>
      1  Dave Dog <dave@example.com>

===== Patch list in this time period =====

v2 2/2 foo: bar support -- Alice Ant <alice@example.org> -- revision of v1, 1 of 2 changed
v1 1/1 baz: fix -- Frank Fox <frank@example.net> -- new
v1 1/1 qux: a title long enough that the subject was folded -- Dave Dog <dave@example.com> -- new
v1 1/1 old: thing -- Eve Eel <eve@example.net> -- resend

===== Series lifecycle =====

Open (4)

v2 2/2 foo: bar support -- Alice Ant <alice@example.org> -- revision of v1, 1 of 2 changed
    posted 2026-01-12 https://lore.kernel.org/r/foo2-0@example.org
    b4 am foo2-0@example.org
    no review yet, 1 reply
v1 1/1 baz: fix -- Frank Fox <frank@example.net> -- new
    posted 2026-01-12 https://lore.kernel.org/r/baz-0@example.org
    b4 am baz-0@example.org
    no reply yet
v1 1/1 qux: a title long enough that the subject was folded -- Dave Dog <dave@example.com> -- new
    posted 2026-01-13 https://lore.kernel.org/r/qux@example.org
    b4 am qux@example.org
    no reply yet
v1 1/1 old: thing -- Eve Eel <eve@example.net> -- resend
    posted 2026-01-13 https://lore.kernel.org/r/old1r@example.org
    b4 am old1r@example.org
    no reply yet

===== Patch Commit Messages ====

New:  foo: bar support
[PATCH v2 0/2] foo: bar support
Author: Alice Ant <alice@example.org>

Bar support, v2.

Changes in v2:
- use bar better

$sep

New:  foo: bar support
[PATCH v2 1/2] foo: add bar
Author: Carol Cat <carol@example.org> (sent by Alice Ant <alice@example.org>)

Change foo.c.

Signed-off-by: Carol Cat <carol@example.org>
---
 foo.c | 1 +
 1 file changed, 1 insertion(+)

$sep

 Skip: [PATCH 0/1] baz: fix
New:  baz: fix
[PATCH 1/1] baz: fix the thing
Author: Frank Fox <frank@example.net>

Change baz.c.

Signed-off-by: Frank Fox <frank@example.net>
---
 baz.c | 1 +
 1 file changed, 1 insertion(+)

$sep

New:  qux: a title long enough that the subject was folded
[PATCH] qux: a title long enough that the subject was folded
Author: Dave Dog <dave@example.com>

Change qux.c.

Signed-off-by: Dave Dog <dave@example.com>
---
 qux.c | 1 +
 1 file changed, 1 insertion(+)

$sep

Exist: [PATCH RESEND] old: thing
Exist: [PATCH 1/1] baz: fix the thing
EOF
if ! diff -u "$tmp/expected.txt" "$tmp/report.txt"; then
    echo "FAIL: text report differs (above)"
    exit 1
fi
echo "ok: text report"

digest > "$tmp/again.txt"
cmp "$tmp/report.txt" "$tmp/again.txt" || { echo "FAIL: a re-run changed the report"; exit 1; }
echo "ok: re-run gives the same report"

# X-Patch-Changed, end to end: what annotate says of the v2 patches now recorded.
changed_of() {
    "$PM_BIN" annotate --index "$index" --dry-run < "$tmp/$1.eml" |
        sed -n 's/^X-Patch-Changed: //p'
}
[ "$(changed_of foo2-1)" = no ] || { echo "FAIL: unchanged patch not X-Patch-Changed: no"; exit 1; }
[ "$(changed_of foo2-2)" = yes ] || { echo "FAIL: changed patch not X-Patch-Changed: yes"; exit 1; }
echo "ok: X-Patch-Changed"

# HTML: well-formed, self-contained, charts and table agreeing with the text report.
digest --format html > "$tmp/report.html"
xmllint --noout "$tmp/report.html" || { echo "FAIL: HTML page is not well-formed"; exit 1; }
if grep -Eq '<script|<link |src="http|url\(' "$tmp/report.html"; then
    echo "FAIL: HTML page loads something"; exit 1
fi
xp() { xmllint --xpath "$1" "$tmp/report.html"; }
bars() { # name count lines of the chart in section $1
    local n i
    n=$(xp "count(//section[@id='$1']/*[local-name()='svg']/*[local-name()='g'][@class='bar'])")
    for ((i = 1; i <= n; i++)); do
        local g="//section[@id='$1']/*[local-name()='svg']/*[local-name()='g'][$i]"
        printf '%s %s\n' "$(xp "string($g/@data-count)")" "$(xp "string($g/@data-name)")"
    done
}
text_counts() { # count name lines of the text section after heading $1
    awk -v h="$1" 'index($0, h) == 1 { on = 1; next } on && /^$/ && seen { exit }
                   on && NF { seen = 1; n = $1; $1 = ""; sub(/^ +/, ""); print n " " $0 }' \
        "$tmp/report.txt"
}
diff <(bars domains) <(text_counts "Top 15 contributor Email domains") ||
    { echo "FAIL: domain chart differs from the text report"; exit 1; }
diff <(bars contributors) <(text_counts "Top 15 contributors") ||
    { echo "FAIL: contributor chart differs from the text report"; exit 1; }
[ "$(xp "count(//section[@id='domains']//*[local-name()='rect'])")" = 3 ] ||
    { echo "FAIL: domain chart has no bars"; exit 1; }
[ "$(xp "count(//section[@id='patches']//tbody/tr)")" = 4 ] ||
    { echo "FAIL: patch table rows"; exit 1; }
[ "$(xp "count(//article[@class='new'])")" = 4 ] &&
    [ "$(xp "count(//p[@class='exist'])")" = 2 ] && [ "$(xp "count(//p[@class='skip'])")" = 1 ] ||
    { echo "FAIL: commit message blocks"; exit 1; }
link=$(xp "string(//tr[@id='s0']//a/@href)")
[ "$link" = "https://lore.kernel.org/r/foo1-0@example.org" ] ||
    { echo "FAIL: prior version link is '$link'"; exit 1; }
echo "ok: HTML page"

# What the index holds: the whole v1 and v2 of the series by date.
"$PM_BIN" digest --index "$index" --title TEST --since 2026-01-05 --until 2026-01-12 > "$tmp/held.txt"
grep -qx 'TEST mailing list update from 2026-01-05 to 2026-01-12' "$tmp/held.txt" &&
    grep -qx 'v1 2/2 foo: bar support -- Alice Ant <alice@example.org> -- new' "$tmp/held.txt" &&
    grep -qx 'v2 2/2 foo: bar support -- Alice Ant <alice@example.org> -- revision of v1, 1 of 2 changed' "$tmp/held.txt" &&
    ! grep -q 'qux' "$tmp/held.txt" ||
    { echo "FAIL: --since/--until report:"; cat "$tmp/held.txt"; exit 1; }
out=$("$PM_BIN" digest --index "$index" --since 2026-01-12 --until 2026-01-05 2>&1) && rc=0 || rc=$?
[ "$rc" = 2 ] && grep -qF -- '--since 2026-01-12 is after --until 2026-01-05' <<<"$out" ||
    { echo "FAIL: --since after --until: exit $rc, '$out'"; exit 1; }
echo "ok: --since/--until"

# An mbox source: no git range, so the header gives the messages' dates (UTC).
for m in foo2-0 foo2-1 foo2-2 qux; do
    printf 'From mboxrd@z Thu Jan  1 00:00:00 1970\n'
    cat "$tmp/$m.eml"
    printf '\n'
done > "$tmp/week.mbox"
"$PM_BIN" digest --index "$tmp/fresh.sqlite" "$tmp/week.mbox" > "$tmp/mbox.txt"
head -1 "$tmp/mbox.txt" | grep -qx 'test.example.org mailing list update from 2026-01-12 to 2026-01-13' &&
    grep -qx 'v2 2/2 foo: bar support -- Alice Ant <alice@example.org> -- new' "$tmp/mbox.txt" ||
    { echo "FAIL: mbox digest:"; cat "$tmp/mbox.txt"; exit 1; }
echo "ok: mbox source"

# Subsystems from a MAINTAINERS file, in order of first mention in the series.
printf 'FOO LIBRARY\nL:\tfoo@example.org\nF:\tfoo.c\n\nUSE DRIVER\nF:\tuse.c\n' > "$tmp/MAINTAINERS"
"$PM_BIN" digest --index "$tmp/subsys.sqlite" --maintainers "$tmp/MAINTAINERS" "$tmp/week.mbox" > "$tmp/subsys.txt"
grep -qx 'v2 2/2 foo: bar support -- Alice Ant <alice@example.org> -- new -- FOO LIBRARY, USE DRIVER' "$tmp/subsys.txt" ||
    { echo "FAIL: subsystems:"; cat "$tmp/subsys.txt"; exit 1; }
echo "ok: subsystems"

# A hostile commit message of 1 MB is cut in the report, which stays small.
{
    printf 'From: %s\nMessage-ID: <big@example.org>\nDate: Tue, 13 Jan 2026 11:00:00 +0000\n' "$dave"
    printf 'Subject: [PATCH] big: message\n\n'
    head -c 1000000 /dev/zero | tr '\0' a | fold -w 70
    printf '\n---\n big.c | 1 +\n\ndiff --git a/big.c b/big.c\n--- a/big.c\n+++ b/big.c\n'
    printf '@@ -1 +1,2 @@\n x\n+y\n'
} > "$tmp/big.eml"
"$PM_BIN" digest --index "$tmp/fresh.sqlite" "$tmp/big.eml" > "$tmp/big.txt"
grep -q '^\[\.\.\. [0-9]* more bytes not shown\]$' "$tmp/big.txt" && [ "$(wc -c < "$tmp/big.txt")" -lt 100000 ] ||
    { echo "FAIL: a 1 MB commit message is not cut"; exit 1; }
echo "ok: long commit message cut"
