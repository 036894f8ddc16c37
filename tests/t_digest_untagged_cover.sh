#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# t_digest_untagged_cover: a cover letter sent without "[PATCH]" is the cover of the
# posting whose patches answer it, for the digest of a SOURCE: "foo: move bar to baz
# (v2)" answered by Ann's "[PATCH v2 1/2]" and "[PATCH v2 2/2]" heads that series
# (title, date, link, b4 line, its text in the commit messages); "qux: tidy up v3"
# answered by Ann's "[PATCH 1/2]" and "[PATCH 2/2]" makes that series v3 (the version
# its subject states). Controls: a reply without threading ("Re: [PATCH 3/3] ...")
# answered by its sender's patch is no untagged message; an untagged message answered
# by a reply only, and one of Dan's answered by Eve's patch, are no cover: the first is
# not in the report, Eve's patch is a series of its own. The same from the index (--since), whether the digest
# of the SOURCE or import recorded it, and in `patchmilter series` (text and --json).
set -u
: "${PM_BIN:?}" "${PM_SRC:?}"
. "$PM_SRC/tests/lib.sh"
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fail=0
check() { [ "$2" = "$3" ] || { echo "FAIL: $1: expected '$2', got '$3'"; fail=1; }; }
has() { grep -qF -- "$2" "$3" || { echo "FAIL: $1: no '$2' in:"; cat "$3"; fail=1; }; }
hasnt() { ! grep -qF -- "$2" "$3" || { echo "FAIL: $1: '$2' in:"; cat "$3"; fail=1; }; }

# mail FILE FROM MSGID TIME SUBJECT [IN-REPLY-TO]: a message; its body is read from stdin.
mail() {
  { printf 'From: %s\nTo: list@example.org\nSubject: %s\nMessage-ID: <%s>\n' "$2" "$5" "$3"
    printf 'Date: %s\n' "$(date -u -R -d "$4")"
    [ -n "${6:-}" ] && printf 'In-Reply-To: <%s>\nReferences: <%s>\n' "$6" "$6"
    printf '\n'; cat; } > "$T/$1.eml"
}
# patch FILE: a commit message and a diff of FILE.
patch() { printf 'Change %s.\n\nSigned-off-by: x <x@example.org>\n---\n %s | 1 +\n\n' "$1" "$1"
          printf 'diff --git a/%s b/%s\n--- a/%s\n+++ b/%s\n@@ -1 +1,2 @@\n a\n+%s\n' "$1" "$1" "$1" "$1" "$1"; }
ANN="Ann Author <ann@example.org>"
printf 'Move bar to baz, in two steps.\n' |
  mail foo0 "$ANN" foo-0@example.org "2026-11-02 10:00" "foo: move bar to baz (v2)"
patch bar.c | mail foo1 "$ANN" foo-1@example.org "2026-11-02 10:01" "[PATCH v2 1/2] foo: add baz" foo-0@example.org
patch baz.c | mail foo2 "$ANN" foo-2@example.org "2026-11-02 10:02" "[PATCH v2 2/2] foo: drop bar" foo-0@example.org
printf 'Tidy qux.\n' | mail qux0 "$ANN" qux-0@example.org "2026-11-03 10:00" "qux: tidy up v3"
patch qux.c | mail qux1 "$ANN" qux-1@example.org "2026-11-03 10:01" "[PATCH 1/2] qux: tidy a" qux-0@example.org
patch quy.c | mail qux2 "$ANN" qux-2@example.org "2026-11-03 10:02" "[PATCH 2/2] qux: tidy b" qux-0@example.org
printf 'Why is bar here?\n' |
  mail ask "Bob B <bob@example.org>" ask-0@example.org "2026-11-02 11:00" "bar: a question"
printf '> Why?\n\nHistory.\n' |
  mail ans "Carl C <carl@example.org>" ans-0@example.org "2026-11-02 12:00" "Re: bar: a question" ask-0@example.org
printf 'Should baz do it?\n' | mail idea "Dan D <dan@example.org>" idea-0@example.org "2026-11-02 13:00" "baz: idea"
patch eve.c | mail eve "Eve E <eve@example.org>" eve-1@example.org "2026-11-02 14:00" "[PATCH 1/1] baz: do it" idea-0@example.org
printf 'Lost its threading.\n' | mail lost "$ANN" lost-0@example.org "2026-11-03 11:00" "Re: [PATCH 3/3] old: thing"
patch old.c | mail fix "$ANN" fix-1@example.org "2026-11-03 11:01" "[PATCH 1/1] old: fix" lost-0@example.org
mbox() { local f; for f in "$@"; do echo "From x Thu Jan  1 00:00:00 1970"; sed 's/^\(>*From \)/>\1/' "$f"; echo; done; }
mbox "$T"/foo0.eml "$T"/foo1.eml "$T"/foo2.eml "$T"/ask.eml "$T"/ans.eml "$T"/idea.eml "$T"/eve.eml \
  "$T"/qux0.eml "$T"/qux1.eml "$T"/qux2.eml "$T"/lost.eml "$T"/fix.eml > "$T/list.mbox"

# section SECTION: the lines of that lifecycle section, up to the next blank line.
section() { sed -n "/^===== Series lifecycle/,/^===== Patch Commit/p" "$1" |
              awk -v h="$2 (" 'index($0, h) == 1 { on = 1; next } on && /^$/ { if (seen) exit; next }
                               on { seen = 1; print }'; }
lore=https://lore.kernel.org/r
"$PM_BIN" digest --index "$T/ix.sqlite" --title T --stale-days 30 "$T/list.mbox" > "$T/source.txt" ||
  { echo "FAIL: digest"; fail=1; }
want="v2 2/2 foo: move bar to baz -- $ANN -- new
    posted 2026-11-02 $lore/foo-0@example.org
    b4 am foo-0@example.org
    no reply yet
v1 1/1 baz: do it -- Eve E <eve@example.org> -- new
    posted 2026-11-02 $lore/eve-1@example.org
    b4 am eve-1@example.org
    no reply yet
v3 2/2 qux: tidy up -- $ANN -- new
    posted 2026-11-03 $lore/qux-0@example.org
    b4 am qux-0@example.org
    no reply yet
v1 1/1 old: fix -- $ANN -- new
    posted 2026-11-03 $lore/fix-1@example.org
    b4 am fix-1@example.org
    no reply yet"
check "source: the untagged covers head their series" "$want" "$(section "$T/source.txt" Open)"
has "source: the cover's text" "Move bar to baz, in two steps." "$T/source.txt"
hasnt "source: a root answered by a reply only is no cover" "bar: a question" "$T/source.txt"
hasnt "source: a root answered by another's patch is no cover" "baz: idea" "$T/source.txt"

# From the index alone: the digest of the SOURCE recorded the roots patches answer
# (and import does the same into a fresh index); the report of those days is the same.
for ix in "$T/ix.sqlite" "$T/imported.sqlite"; do
  [ "$ix" = "$T/imported.sqlite" ] && { "$PM_BIN" import --index "$ix" "$T/list.mbox" > /dev/null ||
                                          { echo "FAIL: import"; fail=1; }; }
  "$PM_BIN" digest --index "$ix" --title T --stale-days 30 --since 2026-11-02 --until 2026-11-03 \
    > "$T/index.txt" || { echo "FAIL: digest --since"; fail=1; }
  check "index ($(basename "$ix")): the untagged covers head their series" "$want" \
    "$(section "$T/index.txt" Open)"
  hasnt "index: no cover from replies" "bar: a question" "$T/index.txt"
  hasnt "index: no cover from another's patch" "baz: idea" "$T/index.txt"
  hasnt "index: a root is no reply" "1 reply" "$T/index.txt"
done
ix="$T/imported.sqlite"

# patchmilter series: part 0 is the untagged cover, the series takes its title and date;
# by its Message-ID too.
want="series SID, latest v2, waiting: foo: move bar to baz
v2, 2026-11-02 10:00:00 UTC, $ANN: 2 of 2 parts, complete; waiting
  0/2 <foo-0@example.org> posted
  1/2 <foo-1@example.org> posted
  2/2 <foo-2@example.org> posted"
for key in foo-2@example.org '<foo-0@example.org>'; do
  check "series $key" "$want" \
    "$("$PM_BIN" series --index "$ix" "$key" | sed '1s/^series [0-9a-f]*,/series SID,/')"
done
check "series v3 from its cover's subject" "v3, 2026-11-03 10:00:00 UTC, $ANN: 2 of 2 parts, complete; waiting" \
  "$("$PM_BIN" series --index "$ix" qux-1@example.org | sed -n 2p)"
"$PM_BIN" series --index "$ix" --json foo-1@example.org > "$T/series.json" || { echo "FAIL: series --json"; fail=1; }
check "series --json" "foo: move bar to baz|True|0 cover foo-0@example.org 2026-11-02T10:00:00Z|1 patch|2 patch" \
  "$(python3 -c 'import json, sys
s = json.load(open(sys.argv[1])); v = s["versions"][-1]
print("|".join([s["title"], str(v["cover"])] + [" ".join(str(x) for x in ([p["part"], p["kind"], p["msgid"], p["date"]] if p["part"] == 0 else [p["part"], p["kind"]])) for p in v["parts"]]))' "$T/series.json")"
check "series: a root answered by another's patch is no cover" "  1/1 <eve-1@example.org> posted" \
  "$("$PM_BIN" series --index "$ix" eve-1@example.org | sed -n '3,$p')"
"$PM_BIN" series --index "$ix" ask-0@example.org > /dev/null 2>&1
check "series: a root answered by replies only is not in the index" 1 $?

# --quiet-if-empty: untagged messages that no patch answers are no patch mail.
mbox "$T/ask.eml" "$T/ans.eml" > "$T/talk.mbox"
check "quiet for talk alone" "" "$("$PM_BIN" digest --index "$T/q.sqlite" --quiet-if-empty "$T/talk.mbox")"

# lookup: the root is no reply of the patch answering it.
check "lookup of the root" "kind: root|answered-by: <foo-1@example.org>" \
  "$("$PM_BIN" lookup --index "$ix" foo-0@example.org | grep -E '^(kind|answer)' | paste -sd '|')"
check "lookup of its patch lists no reply" "" \
  "$("$PM_BIN" lookup --index "$ix" foo-1@example.org | grep '^reply:')"

[ "$fail" = 0 ] && echo "ok: digest untagged cover"
exit "$fail"
