#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# t_applied: `patchmilter applied` on a real git repository made here. A two-patch
# series is mailed (git format-patch, with a cover) and imported; a maintainer applies
# it with `git am`, adding a Link: trailer to the first patch and none to the second;
# an unrelated patch is applied too. `applied` marks the first by its Link (evidence
# "link"), the second by its patch-id, the cover and the unrelated commit not at all;
# a second run reads nothing new; a commit only on another branch marks nothing; a
# later version's patch of the same diff is marked by patch-id; --config FILE scans
# the file's AppliedTree branches into its Index. The same on a
# PostgreSQL index started by the test (skipped, saying why, when PostgreSQL is absent).
set -u
: "${PM_BIN:?}" "${PM_SRC:?}"
. "$PM_SRC/tests/lib.sh"
need git
T=$(mktemp -d)
trap 'type stop_pg >/dev/null 2>&1 && stop_pg; rm -rf "$T"' EXIT
fail=0
check() { [ "$2" = "$3" ] || { echo "FAIL: $1: expected '$2', got '$3'"; fail=1; }; }
G() { git -C "$T/widget" -c user.name="Ada Dev" -c user.email=ada@example.org \
        -c init.defaultBranch=main -c core.hooksPath=/dev/null "$@"; }

mkdir "$T/widget"
G init -q .
printf 'a\nb\nc\n' > "$T/widget/count.c"; printf 'x\n' > "$T/widget/reset.c"
G add -A; G commit -q -m "widget: base"
G checkout -q -b topic
printf 'a\nB\nc\n' > "$T/widget/count.c"; G commit -q -a -m "widget: fix the count"
printf 'y\n' >> "$T/widget/reset.c"; G commit -q -a -m "widget: reset on open"
G format-patch -q --cover-letter --thread -o "$T/mail" --subject-prefix=PATCH main >/dev/null
sed -i 's/\*\*\* SUBJECT HERE \*\*\*/widget: count and reset fixes/' "$T/mail/0000-cover-letter.patch"
msgid() { sed -n 's/^Message-I[dD]: <\(.*\)>$/\1/p' "$1" | head -1; }
cover=$(msgid "$T/mail/0000-cover-letter.patch")
p1=$(msgid "$T/mail/0001-widget-fix-the-count.patch")
p2=$(msgid "$T/mail/0002-widget-reset-on-open.patch")
for f in "$T"/mail/*.patch; do cat "$f"; echo; done > "$T/list.mbox"

# the maintainer applies it: a Link: on the first, nothing added to the second
G checkout -q main
G am -q "$T/mail/0001-widget-fix-the-count.patch"
G commit -q --amend --no-edit --trailer "Link: https://patch.msgid.link/$p1"
G am -q "$T/mail/0002-widget-reset-on-open.patch"
printf 'z\n' > "$T/widget/other.c"; G add other.c; G commit -q -m "other: unrelated"
applied_commit=$(G rev-parse main~1)
# a branch main does not reach
G checkout -q -b elsewhere topic; printf 'e\n' >> "$T/widget/count.c"; G commit -q -a -m "e"
G checkout -q main

run_on() { # run_on INDEX LABEL
  local ix=$1 label=$2
  "$PM_BIN" import --index "$ix" "$T/list.mbox" > /dev/null || { echo "FAIL: $label: import"; fail=1; }
  out=$("$PM_BIN" applied --index "$ix" "$T/widget:main")
  check "$label: first scan" "$T/widget:main: 4 commits, 2 messages applied (1 by Link, 1 by patch-id)" "$out"
  check "$label: first patch" "applied: widget main $(G rev-parse main~2) (by link)" \
    "$("$PM_BIN" lookup --index "$ix" "$p1" | grep '^applied:')"
  check "$label: second patch" "applied: widget main $applied_commit (by patch-id)" \
    "$("$PM_BIN" lookup --index "$ix" "$p2" | grep '^applied:')"
  check "$label: cover" "" "$("$PM_BIN" lookup --index "$ix" "$cover" | grep '^applied:')"
  out=$("$PM_BIN" applied --index "$ix" "$T/widget:main")
  check "$label: second scan" "$T/widget:main: 0 commits, 0 messages applied (0 by Link, 0 by patch-id)" "$out"
  out=$("$PM_BIN" applied --index "$ix" "$T/widget:refs/heads/main")
  check "$label: the same branch by its full ref" "0 commits" "$(echo "$out" | grep -o '0 commits')"
}
run_on "$T/ix.sqlite" sqlite

# a v2 of the second patch, same diff, mailed later: marked by patch-id on the next scan
# of a branch that applies it again (a stable branch cherry-picks it)
sed -e "s/^Subject: \[PATCH 2\/2\]/Subject: [PATCH v2 2\/2]/" -e "s/$p2/v2-$p2/" \
  "$T/mail/0002-widget-reset-on-open.patch" > "$T/v2.eml"
"$PM_BIN" import --index "$T/ix.sqlite" "$T/v2.eml" > /dev/null
G checkout -q -b stable main~3
G cherry-pick "$applied_commit" >/dev/null
G checkout -q main
out=$("$PM_BIN" applied --index "$T/ix.sqlite" "$T/widget:stable")
check "stable: scan" "$T/widget:stable: 2 commits, 2 messages applied (0 by Link, 2 by patch-id)" "$out"
check "stable: v2 marked" "1" "$("$PM_BIN" lookup --index "$T/ix.sqlite" "v2-$p2" | grep -c '^applied: widget stable')"

# --config, as the packaged timer runs it: the file's Index and AppliedTree keys
printf 'Index %s\nAppliedTree %s\nAppliedTree %s\n' "$T/cfg.sqlite" "$T/widget:main" "$T/widget:stable" > "$T/applied.conf"
"$PM_BIN" import --index "$T/cfg.sqlite" "$T/list.mbox" > /dev/null
out=$("$PM_BIN" applied --config "$T/applied.conf" | tr '\n' ';')
check "config: both branches" "$T/widget:main: 4 commits, 2 messages applied (1 by Link, 1 by patch-id);$T/widget:stable: 2 commits, 1 message applied (0 by Link, 1 by patch-id);" "$out"
check "config: its Index" "applied: widget main $(G rev-parse main~2) (by link)" \
  "$("$PM_BIN" lookup --index "$T/cfg.sqlite" "$p1" | grep '^applied:')"
printf 'Index %s\n' "$T/cfg.sqlite" > "$T/none.conf"
"$PM_BIN" applied --config "$T/none.conf" 2> "$T/err"; check "config without AppliedTree exit" 2 $?
grep -q 'has no AppliedTree' "$T/err" || { cat "$T/err"; echo "FAIL: no AppliedTree message"; fail=1; }
printf 'AppliedTree %s\n' "$T/widget" > "$T/bad.conf"
"$PM_BIN" applied --config "$T/bad.conf" 2> "$T/err"; check "bad AppliedTree exit" 2 $?
grep -q 'bad.conf:1' "$T/err" || { cat "$T/err"; echo "FAIL: bad AppliedTree message"; fail=1; }

# errors: not REPO:REF, no repository, no such ref
"$PM_BIN" applied --index "$T/ix.sqlite" "$T/widget" 2> "$T/err"; check "usage exit" 2 $?
grep -q 'is not REPO:REF' "$T/err" || { echo "FAIL: usage message"; fail=1; }
"$PM_BIN" applied --index "$T/ix.sqlite" "$T/none:main" 2> "$T/err"; check "no repo exit" 1 $?
"$PM_BIN" applied --index "$T/ix.sqlite" "$T/widget:nosuch" 2> "$T/err"; check "no ref exit" 1 $?
grep -q "nosuch" "$T/err" || { cat "$T/err"; echo "FAIL: no ref message"; fail=1; }

. "$PM_SRC/tests/pg/lib.sh"
if pg_available; then
  start_pg "$T/pg"
  G checkout -q main
  run_on "$PG_URI" postgresql
else
  echo "SKIP (PostgreSQL part): $PG_WHY"
fi
[ $fail -eq 0 ] && echo "ok: applied by Link and by patch-id, incremental scans, other branches apart"
exit $fail
