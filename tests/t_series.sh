#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# t_series: `patchmilter series` on a series mailed here with git format-patch. v1 (a
# cover and three patches) and v2 (its first patch changed, the third never arrives,
# the second resent) are imported; git am applies v2's first two patches to a branch
# (a Link: trailer on the first, the second found by patch-id) and `patchmilter applied`
# marks them; a verdict is recorded on a v1 patch. The text and the --json output say,
# per version, date, author, parts received and missing, state, and per message its
# posting, change, successor, applied commit and verdict; the series is found by any of
# its Message-IDs, its series id and its change-id. A message with quotes, a backslash,
# an escape and a Latin-1 byte in its author's name gives valid JSON that holds them and
# a terminal-safe text.
# Exit status 1 for a key not in the index, 2 for a usage error or no index. The same
# on a PostgreSQL index started by the test (skipped, saying why, when it is absent).
set -u
: "${PM_BIN:?}" "${PM_SRC:?}"
. "$PM_SRC/tests/lib.sh"
need git python3
T=$(mktemp -d)
trap 'type stop_pg >/dev/null 2>&1 && stop_pg; rm -rf "$T"' EXIT
fail=0
check() { [ "$2" = "$3" ] || { echo "FAIL: $1: expected '$2', got '$3'"; fail=1; }; }
has_line() { grep -qxF -- "$2" <<<"$3" || { echo "FAIL: $1: no line '$2' in:"; echo "$3"; fail=1; }; }
G() { git -C "$T/widget" -c user.name="Ada Dev" -c user.email=ada@example.org \
        -c init.defaultBranch=main -c core.hooksPath=/dev/null "$@"; }
IX=$T/ix.sqlite
S() { "$PM_BIN" series --index "$IX" "$@"; }

mkdir "$T/widget"
G init -q .
printf 'a\nb\nc\n' > "$T/widget/count.c"; printf 'x\n' > "$T/widget/reset.c"; printf 'd\n' > "$T/widget/README"
G add -A; G commit -q -m "widget: base"

# mail VERSION DATE BRANCH: the series on BRANCH as mail in $T/vVERSION/, dated DATE,
# its cover titled, with a b4 change-id (format-patch names both covers by the same
# second: each is made unique)
mail() {
  local v=$1 date=$2 branch=$3 f
  G format-patch -q --cover-letter --thread -o "$T/v$v" -v "$v" main.."$branch" >/dev/null
  for f in "$T/v$v"/*.patch; do
    sed -i -e "s/^Date: .*/Date: $date/" -e "s/<cover\./<cover-v$v./" -e 's/\*\*\* SUBJECT HERE \*\*\*/widget: count and reset fixes/' \
      -e 's/^-- $/change-id: 20261102-widget-fixes-5f0c2d1e9a7b\n&/' "$f"
    [ "${f##*/}" = "${f##*/v$v-0000-}" ] && sed -i '/^change-id:/d' "$f"
  done
}
msgid() { sed -n 's/^Message-I[dD]: <\(.*\)>$/\1/p' "$1" | head -1; }

G checkout -q -b v1 main
printf 'a\nB\nc\n' > "$T/widget/count.c"; G commit -q -a -m "widget: fix the count"
printf 'y\n' >> "$T/widget/reset.c"; G commit -q -a -m "widget: fix the reset"
printf 'e\n' >> "$T/widget/README"; G commit -q -a -m "widget: document the reset"
mail 1 "Mon, 2 Nov 2026 10:00:00 +0000" v1
G checkout -q -b v2 main
printf 'a\nBB\nc\n' > "$T/widget/count.c"; G commit -q -a -m "widget: fix the count"
printf 'y\n' >> "$T/widget/reset.c"; G commit -q -a -m "widget: fix the reset"
printf 'e\n' >> "$T/widget/README"; G commit -q -a -m "widget: document the reset"
mail 2 "Mon, 9 Nov 2026 10:00:00 +0000" v2

v1c=$(msgid "$T"/v1/v1-0000-*); v1p1=$(msgid "$T"/v1/v1-0001-*); v1p2=$(msgid "$T"/v1/v1-0002-*)
v1p3=$(msgid "$T"/v1/v1-0003-*)
v2c=$(msgid "$T"/v2/v2-0000-*); v2p1=$(msgid "$T"/v2/v2-0001-*); v2p2=$(msgid "$T"/v2/v2-0002-*)
# v2's second patch resent under another Message-ID; its third never arrives
sed -e "s/^Subject: \[PATCH v2 2\/3\]/Subject: [RESEND PATCH v2 2\/3]/" -e "s/$v2p2/resent-$v2p2/" \
  -e "s/^Date: .*/Date: Tue, 10 Nov 2026 09:00:00 +0000/" "$T"/v2/v2-0002-* > "$T/resend.eml"
for f in "$T"/v1/*.patch "$T"/v2/v2-000[012]-* "$T/resend.eml"; do cat "$f"; echo; done > "$T/list.mbox"
"$PM_BIN" import --index "$IX" "$T/list.mbox" > /dev/null || { echo "FAIL: import"; exit 1; }

# the maintainer applies v2's first two patches: a Link: on the first
G checkout -q main
G am -q "$T"/v2/v2-0001-*
G commit -q --amend --no-edit --trailer "Link: https://patch.msgid.link/$v2p1"
G am -q "$T"/v2/v2-0002-*
c1=$(G rev-parse main~1); c2=$(G rev-parse main)
"$PM_BIN" applied --index "$IX" "$T/widget:main" > /dev/null || { echo "FAIL: applied"; fail=1; }
# a verdict on v1's first patch (what a trusted "pw-bot: cr" records)
python3 - "$IX" "$v1p1" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
db.execute("INSERT INTO events (msgid, kind, detail, evidence, date) VALUES (?, 'verdict', 'changes-requested', 'notice@example.org', 1762500000)", (sys.argv[2],))
db.commit()
PY

sid=$("$PM_BIN" lookup --index "$IX" "$v2p1" | sed -n 's/^series: //p')
[ -n "$sid" ] || { echo "FAIL: no series id"; exit 1; }

# --- text, asked by a v2 Message-ID: the latest version's state
out=$(S "<$v2p1>"); check "exit found" 0 $?
check "first line" "series $sid, latest v2, applied (2 of 3 parts): widget: count and reset fixes" \
  "$(head -1 <<<"$out")"
has_line "v1" "v1, 2026-11-02 10:00:00 UTC, Ada Dev <ada@example.org>: 3 of 3 parts, complete; superseded by v2" "$out"
has_line "v2" "v2, 2026-11-09 10:00:00 UTC, Ada Dev <ada@example.org>: 2 of 3 parts, missing 3; applied (2 of 3 parts)" "$out"
has_line "v1 cover" "  0/3 <$v1c> posted; superseded by v2" "$out"
has_line "v1 1/3" "  1/3 <$v1p1> posted; superseded by v2; verdict changes-requested" "$out"
has_line "v1 2/3 (same diff: applied by patch-id too)" \
  "  2/3 <$v1p2> posted; superseded by v2; applied in widget@${c2:0:12}" "$out"
has_line "v1 3/3 (no counterpart in v2: superseded by v2's cover)" "  3/3 <$v1p3> posted; superseded by v2" "$out"
has_line "v2 cover" "  0/3 <$v2c> posted, revises v1" "$out"
has_line "v2 1/3" "  1/3 <$v2p1> posted, changed since v1; applied in widget@${c1:0:12}" "$out"
has_line "v2 2/3" "  2/3 <$v2p2> posted, unchanged since v1; applied in widget@${c2:0:12}" "$out"
has_line "v2 2/3 resent" "  2/3 <resent-$v2p2> resend; applied in widget@${c2:0:12}" "$out"
check "lines" 11 "$(wc -l <<<"$out")"
check "order: v1 before v2" "v1 v2" "$(grep -o '^v[0-9]' <<<"$out" | tr '\n' ' ' | sed 's/ $//')"

# --- asked by a v1 Message-ID, the series id, the change-id
check "v1 asked" "series $sid, latest v2, v1 superseded by v2: widget: count and reset fixes" \
  "$(S "$v1p3" | head -1)"
check "by series id" "$out" "$(S "$sid")"
check "by change-id" "$out" "$(S 20261102-widget-fixes-5f0c2d1e9a7b)"

# --- JSON
S --json "$v1p2" > "$T/json"; check "json exit" 0 $?
python3 - "$T/json" "$sid" "$v1p1" "$v1p2" "$v1p3" "$v2p1" "$v2p2" "$c1" "$c2" "$v2c" <<'PY' || fail=1
import json, sys
path, sid, v1p1, v1p2, v1p3, v2p1, v2p2, c1, c2, v2c = sys.argv[1:]
s = json.load(open(path, encoding="utf-8"))
def same(what, want, got):
    if want != got:
        print(f"FAIL: json {what}: expected {want!r}, got {got!r}"); sys.exit(1)
same("series", sid, s["series"])
same("title", "widget: count and reset fixes", s["title"])
same("latest", 2, s["latest"]); same("asked", 1, s["asked"])
same("state", "superseded", s["state"]); same("superseded_by", 2, s["superseded_by"])
same("truncated", False, s["truncated"])
v1, v2 = s["versions"]
same("v1 version", 1, v1["version"]); same("v1 date", "2026-11-02T10:00:00Z", v1["date"])
same("v1 author", "Ada Dev <ada@example.org>", v1["author"])
same("v1 parts", (3, 3, [], True, True), (v1["total"], v1["received"], v1["missing"], v1["complete"], v1["cover"]))
same("v2 parts", (3, 2, [[3, 3]], False), (v2["total"], v2["received"], v2["missing"], v2["complete"]))
same("v2 state", ("applied", 2, None), (v2["state"], v2["applied_parts"], v2["superseded_by"]))
parts = {p["msgid"]: p for v in s["versions"] for p in v["parts"]}
same("v1 1/3 successor", {"version": 2, "msgid": v2p1}, parts[v1p1]["superseded_by"])
same("v1 1/3 verdicts", ["changes-requested"], parts[v1p1]["verdicts"])
same("v1 3/3 successor", {"version": 2, "msgid": v2c}, parts[v1p3]["superseded_by"])
same("v2 1/3 prior", {"msgid": v1p1, "version": 1, "changed": True}, parts[v2p1]["prior"])
same("v2 2/3 prior", {"msgid": v1p2, "version": 1, "changed": False}, parts[v2p2]["prior"])
same("v2 1/3 applied", [{"tree": "widget", "branch": "main", "commit": c1}], parts[v2p1]["applied"])
same("v2 2/3 applied", [{"tree": "widget", "branch": "main", "commit": c2}], parts[v2p2]["applied"])
same("resend", "resend", parts["resent-" + v2p2]["posting"])
same("kinds", ["cover", "patch", "patch", "patch"], [p["kind"] for p in v1["parts"]])
same("v2 part order", [0, 1, 2, 2], [p["part"] for p in v2["parts"]])
PY

# --- hostile values: quotes, a backslash, ESC and a Latin-1 byte in the author's name
printf 'From: "Eve \\"Q\\" \\\\ \033[2J \377" <eve@example.org>\nSubject: [PATCH] gadget: tweak\nDate: Mon, 2 Nov 2026 11:00:00 +0000\nMessage-ID: <evil@example.org>\n\nx\n---\ndiff --git a/g.c b/g.c\n--- a/g.c\n+++ b/g.c\n@@ -1 +1 @@\n-a\n+b\n' > "$T/evil.eml"
"$PM_BIN" import --index "$IX" "$T/evil.eml" > /dev/null
S --json evil@example.org | python3 -c '
import json, sys
s = json.load(sys.stdin)
a = s["versions"][0]["author"]
assert a.startswith("Eve \"Q\" \\") and "\x1b[2J" in a and "\u00ff" in a and a.endswith("<eve@example.org>"), repr(a)
assert s["state"] == "waiting" and s["versions"][0]["complete"], s
' || { echo "FAIL: hostile author in JSON"; fail=1; }
S evil@example.org > "$T/evil.txt"
grep -q $'\033' "$T/evil.txt" && { echo "FAIL: ESC reached the terminal"; fail=1; }
grep -qF '\x1b[2J' "$T/evil.txt" || { echo "FAIL: ESC not shown as \\x1b"; cat "$T/evil.txt"; fail=1; }
has_line "single patch" "  1/1 <evil@example.org> posted" "$(cat "$T/evil.txt")"

# --- not found, usage, no index
S nosuch@example.org > "$T/out" 2> "$T/err"; check "not found exit" 1 $?
check "not found: nothing on stdout" "" "$(cat "$T/out")"
grep -q 'not in the index' "$T/err" || { echo "FAIL: not found message"; fail=1; }
"$PM_BIN" series --index "$IX" > /dev/null 2>&1; check "usage exit" 2 $?
"$PM_BIN" series --index "$IX" a b > /dev/null 2>&1; check "two keys exit" 2 $?
"$PM_BIN" series --index "$T/none.sqlite" "$v1p1" > /dev/null 2>&1; check "no index exit" 2 $?
[ -e "$T/none.sqlite" ] && { echo "FAIL: series created an index"; fail=1; }

# --- the same series in a PostgreSQL index (skipped, saying why, when PostgreSQL is absent)
. "$PM_SRC/tests/pg/lib.sh"
if pg_available; then
  start_pg "$T/pg"
  "$PM_BIN" import --index "$PG_URI" "$T/list.mbox" > /dev/null || { echo "FAIL: pg import"; fail=1; }
  "$PM_BIN" applied --index "$PG_URI" "$T/widget:main" > /dev/null || { echo "FAIL: pg applied"; fail=1; }
  "$PG_BINDIR/psql" -q "$PG_URI" -c "INSERT INTO events (msgid, kind, detail, evidence, date)
    VALUES ('$v1p1', 'verdict', 'changes-requested', 'notice@example.org', 1762500000)" || fail=1
  pg_sid=$("$PM_BIN" lookup --index "$PG_URI" "$v2p1" | sed -n 's/^series: //p')
  check "pg: as in SQLite" "${out//$sid/$pg_sid}" "$("$PM_BIN" series --index "$PG_URI" "$v2p1")"
  check "pg: by change-id" "$pg_sid" "$("$PM_BIN" series --index "$PG_URI" --json \
    20261102-widget-fixes-5f0c2d1e9a7b | python3 -c 'import json,sys; print(json.load(sys.stdin)["series"])')"
else
  echo "SKIP (PostgreSQL part): $PG_WHY"
fi

[ $fail -eq 0 ] && echo "ok: series text and JSON: versions, parts missing, resend, superseded, applied, verdict; found by Message-ID, series id and change-id"
exit $fail
