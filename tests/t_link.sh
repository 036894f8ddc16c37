#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# t_link: `patchmilter link` and `unlink` on a v1 and a v2 the rules cannot link (v2's
# cover retitled, its patches reworded and changed, no thread, no change-id, no link
# to v1). link makes them one series: v2's cover has v1's as prior, v2's patches their
# counterparts (the classifier's retitled rule), `lookup` and `series --json` show it;
# importing the same messages again keeps it, and so does importing them anew into
# the index emptied of its messages (v2 first, then v1: the link is made again when
# v1 arrives). unlink splits them and is remembered too: imported anew, they stay
# apart. A v2 patch that arrives after the link joins the series by its thread.
# Errors exit 2: an unknown Message-ID, a message linked to itself or to a later
# version, a missing argument.
set -u
: "${PM_BIN:?}" "${PM_SRC:?}"
. "$PM_SRC/tests/lib.sh"
need python3 sqlite3
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fail=0
check() { [ "$2" = "$3" ] || { echo "FAIL: $1: expected '$2', got '$3'"; fail=1; }; }
IX=$T/ix.sqlite
field() { "$PM_BIN" lookup --index "$IX" "$1" | sed -n "s/^$2: //p" | head -1; }

# msg FILE MSGID DATE SUBJECT IN-REPLY-TO LINE: one message appended to FILE; with
# LINE, a patch adding it to widget.c
msg() {
  { printf 'From git@z Thu Jan  1 00:00:00 1970\nFrom: Ada Lovelace <ada@example.org>\n'
    printf 'Date: %s\nSubject: %s\nMessage-ID: <%s>\n' "$3" "$4" "$2"
    [ -n "$5" ] && printf 'In-Reply-To: <%s>\nReferences: <%s>\n' "$5" "$5"
    printf 'List-Id: <widgets.lists.example.org>\n\nSome words.\n\n'
    if [ -n "$6" ]; then
      printf 'Signed-off-by: Ada Lovelace <ada@example.org>\n---\n widget.c | 1 +\n'
      printf ' 1 file changed, 1 insertion(+)\n\ndiff --git a/widget.c b/widget.c\n'
      printf 'index ce5bba4..9e27346 100644\n--- a/widget.c\n+++ b/widget.c\n'
      printf '@@ -1 +1,2 @@\n int widget;\n+%s\n' "$6"
    fi
    printf -- '-- \n2.39.5\n\n'; } >> "$1"
}
D1="Fri, 1 Mar 2024 10:00:0"; D2="Fri, 8 Mar 2024 12:00:0"
msg "$T/v1.mbox" v1c@example.org "${D1}0 +0000" "[PATCH 0/2] widgets: a widget subsystem" "" ""
msg "$T/v1.mbox" v1p1@example.org "${D1}1 +0000" "[PATCH 1/2] widget: add widget core" v1c@example.org "int core;"
msg "$T/v1.mbox" v1p2@example.org "${D1}2 +0000" "[PATCH 2/2] widget: use widgets" v1c@example.org "int use;"
msg "$T/v2c.mbox" v2c@example.org "${D2}0 +0000" "[PATCH v2 0/2] widget: core and users" "" ""
msg "$T/v2p.mbox" v2p1@example.org "${D2}1 +0000" "[PATCH v2 1/2] widget: add the widget core" v2c@example.org "int core2;"
msg "$T/v2p.mbox" v2p2@example.org "${D2}2 +0000" "[PATCH v2 2/2] widget: use the widgets" v2c@example.org "int use2;"
cat "$T/v2c.mbox" "$T/v2p.mbox" > "$T/v2.mbox"

"$PM_BIN" import --index "$IX" "$T/v1.mbox" "$T/v2.mbox" >/dev/null || { echo "FAIL: import"; exit 1; }
s1=$(field v1c@example.org series)
[ "$s1" != "$(field v2c@example.org series)" ] || { echo "FAIL: the rules linked v2 already: no test"; exit 1; }
check "v2 cover has no prior before the link" "" "$(field v2c@example.org prior)"

# the errors
"$PM_BIN" link --index "$IX" nobody@example.org v1c@example.org 2>"$T/err"
check "unknown newer exits 2" 2 $?
grep -q "nobody@example.org.*not in the index" "$T/err" || { echo "FAIL: unknown message: $(cat "$T/err")"; fail=1; }
"$PM_BIN" link --index "$IX" v2c@example.org nobody@example.org 2>/dev/null
check "unknown older exits 2" 2 $?
"$PM_BIN" link --index "$IX" "<v2c@example.org>" v2c@example.org 2>"$T/err"
check "itself exits 2" 2 $?
grep -q "its own earlier version" "$T/err" || { echo "FAIL: itself: $(cat "$T/err")"; fail=1; }
"$PM_BIN" link --index "$IX" v1c@example.org v2c@example.org 2>"$T/err"
check "to a later version exits 2" 2 $?
grep -q "v2, not an earlier version" "$T/err" || { echo "FAIL: later: $(cat "$T/err")"; fail=1; }
"$PM_BIN" link --index "$IX" v2c@example.org 2>/dev/null
check "one argument exits 2" 2 $?
check "errors changed nothing" "" "$(field v2c@example.org prior)"

# the link
out=$("$PM_BIN" link --index "$IX" "<v2c@example.org>" "<v1c@example.org>")
check "link exits 0" 0 $?
check "link prints v2's posting" "<v2c@example.org> $s1 v2 prior <v1c@example.org>" "$(head -1 <<<"$out")"
# expect_linked WHAT: v2 is v1's next version, each patch paired with its counterpart
expect_linked() {
  check "$1: v2 cover series" "$s1" "$(field v2c@example.org series)"
  check "$1: v2 patch series" "$s1" "$(field v2p2@example.org series)"
  check "$1: v2 cover prior" "<v1c@example.org>" "$(field v2c@example.org prior)"
  check "$1: v2 patch 1 prior" "<v1p1@example.org>" "$(field v2p1@example.org prior)"
  check "$1: v2 patch 2 prior" "<v1p2@example.org>" "$(field v2p2@example.org prior)"
  check "$1: v2 patch 2 changed" "yes" "$(field v2p2@example.org changed)"
  "$PM_BIN" series --index "$IX" --json v1p1@example.org | python3 -c '
import json, sys
s = json.load(sys.stdin)
versions = [v["version"] for v in s["versions"]]
priors = {p["msgid"]: p["prior"] for v in s["versions"] for p in v["parts"]}
assert s["series"] == sys.argv[1], s["series"]
assert versions == [1, 2], versions
assert s["versions"][0]["superseded_by"] == 2, s["versions"][0]["superseded_by"]
for new, old in (("v2c", "v1c"), ("v2p1", "v1p1"), ("v2p2", "v1p2")):
    got = priors.get(new + "@example.org")
    assert got and got["msgid"] == old + "@example.org", (new, got)
' "$s1" || { echo "FAIL: $1: series --json"; fail=1; }
}
expect_linked "linked"

# imported again: the messages are known, the link holds
"$PM_BIN" import --index "$IX" "$T/v1.mbox" "$T/v2.mbox" >/dev/null
expect_linked "imported again"
# imported anew into the index emptied of its messages: v2 first, then v1, whose
# arrival makes the link again
sqlite3 "$IX" "DELETE FROM messages; DELETE FROM series_moves;"
"$PM_BIN" import --index "$IX" "$T/v2.mbox" >/dev/null
"$PM_BIN" import --index "$IX" "$T/v1.mbox" >/dev/null
s1=$(field v1c@example.org series)
expect_linked "imported anew, v1 last"
# v1 first, then v2's cover (made again on its arrival), then its patches, which find
# their counterparts by the thread into the linked cover
sqlite3 "$IX" "DELETE FROM messages; DELETE FROM series_moves;"
"$PM_BIN" import --index "$IX" "$T/v1.mbox" >/dev/null
out=$("$PM_BIN" import --index "$IX" "$T/v2c.mbox")
check "the cover is a revision once linked" "1 revision" "$(grep -o '[0-9]* revision' <<<"$out")"
"$PM_BIN" import --index "$IX" "$T/v2p.mbox" >/dev/null
s1=$(field v1c@example.org series)
expect_linked "imported anew, v2's patches last"

# unlink: two series again, no prior across them; remembered on import
out=$("$PM_BIN" unlink --index "$IX" v2c@example.org)
check "unlink exits 0" 0 $?
grep -q "^<v2c@example.org> $s1\$" <<<"$out" || { echo "FAIL: unlink output: $out"; fail=1; }
# expect_apart WHAT: v1 and v2 in two series, v2 without priors
expect_apart() {
  s2=$(field v2c@example.org series)
  [ "$s2" != "$(field v1c@example.org series)" ] || { echo "FAIL: $1: still one series"; fail=1; }
  check "$1: v2 patch with its cover" "$s2" "$(field v2p1@example.org series)"
  for m in v2c v2p1 v2p2; do
    check "$1: $m has no prior" "" "$(field $m@example.org prior)"
  done
}
expect_apart "unlinked"
"$PM_BIN" unlink --index "$IX" v2c@example.org 2>/dev/null
check "unlink again exits 1" 1 $?
sqlite3 "$IX" "DELETE FROM messages; DELETE FROM series_moves;"
"$PM_BIN" import --index "$IX" "$T/v2.mbox" "$T/v1.mbox" >/dev/null
expect_apart "unlinked, imported anew"
# linked again by hand: the link replaces the unlink
"$PM_BIN" link --index "$IX" v2c@example.org v1c@example.org >/dev/null
check "linked again exits 0" 0 $?
s1=$(field v1c@example.org series)
expect_linked "linked again"

[ $fail -eq 0 ] && echo PASS
exit $fail
