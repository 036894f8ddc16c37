#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# t_digest_lifecycle: the digest's "Series lifecycle" sections on a list of our own
# making. widget (cover and two patches, git format-patch of a repository made here)
# is applied with `git am` (a Link: on the first patch, none on the second) and marked
# by `patchmilter applied`: Applied, its tree, branch and commit linked by
# --commit-base. gadget v1 is superseded by gadget v2 (in the report; from the index
# alone when the report holds only v1); v2 is Open, reviewed by the sender of a
# Reviewed-by reply. frob gets a "pw-bot: cr" from a trusted sender: Changes
# requested. blob's cover and 1/3 only: Incomplete three days on. quux, ten days
# without a reply but its author's "ping": Waiting for review, Open under
# --stale-days 12. The same in HTML; --quiet-if-empty prints nothing for a list of
# replies only; a Message-ID that is not plain is shell-quoted in the b4 line.
set -u
: "${PM_BIN:?}" "${PM_SRC:?}"
. "$PM_SRC/tests/lib.sh"
need git
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fail=0
check() { [ "$2" = "$3" ] || { echo "FAIL: $1: expected '$2', got '$3'"; fail=1; }; }
has() { grep -qF -- "$2" "$3" || { echo "FAIL: $1: no '$2' in:"; cat "$3"; fail=1; }; }
G() { git -C "$T/widget" -c user.name="Ada Dev" -c user.email=ada@example.org \
        -c init.defaultBranch=main -c core.hooksPath=/dev/null "$@"; }

# widget: a repository, a two-patch series mailed on 2026-11-01, applied on main.
mkdir "$T/widget"
G init -q .
printf 'a\nb\nc\n' > "$T/widget/count.c"; printf 'x\n' > "$T/widget/reset.c"
G add -A; G commit -q -m "widget: base"
G checkout -q -b topic
export GIT_AUTHOR_DATE="2026-11-01T09:00:00Z" GIT_COMMITTER_DATE="2026-11-01T09:00:00Z"
printf 'a\nB\nc\n' > "$T/widget/count.c"; G commit -q -a -m "widget: fix the count"
printf 'y\n' >> "$T/widget/reset.c"; G commit -q -a -m "widget: reset on open"
G format-patch -q --cover-letter --thread -o "$T/mail" --subject-prefix=PATCH main >/dev/null
sed -i 's/\*\*\* SUBJECT HERE \*\*\*/widget: count and reset fixes/' "$T/mail/0000-cover-letter.patch"
msgid() { sed -n 's/^Message-I[dD]: <\(.*\)>$/\1/p' "$1" | head -1; }
cover=$(msgid "$T/mail/0000-cover-letter.patch")
p1=$(msgid "$T/mail/0001-widget-fix-the-count.patch")
G checkout -q main
G am -q "$T/mail/0001-widget-fix-the-count.patch"
G commit -q --amend --no-edit --trailer "Link: https://patch.msgid.link/$p1"
G am -q "$T/mail/0002-widget-reset-on-open.patch"
unset GIT_AUTHOR_DATE GIT_COMMITTER_DATE
head=$(G rev-parse main) first=$(G rev-parse main~1)

# mail FILE FROM MSGID DAY SUBJECT [IN-REPLY-TO]: a message; its body is read from stdin.
mail() {
  { printf 'From: %s\nTo: list@example.org\nSubject: %s\nMessage-ID: <%s>\n' "$2" "$5" "$3"
    printf 'Date: %s\n' "$(date -u -R -d "$4 10:00")"
    [ -n "${6:-}" ] && printf 'In-Reply-To: <%s>\nReferences: <%s>\n' "$6" "$6"
    printf '\n'; cat; } > "$T/$1.eml"
}
# patch FILE: a commit message and a diff of FILE.
patch() { printf 'Change %s.\n\nSigned-off-by: x <x@example.org>\n---\n %s | 1 +\n\n' "$1" "$1"
          printf 'diff --git a/%s b/%s\n--- a/%s\n+++ b/%s\n@@ -1 +1,2 @@\n a\n+%s\n' "$1" "$1" "$1" "$1" "$1"; }
BOB="Bob Builder <bob@example.org>"
patch gadget.c | mail gadget1 "$BOB" gadget-1@example.org 2026-11-03 "[PATCH] gadget: speed up"
{ printf 'Faster.\n\nSigned-off-by: Bob Builder <bob@example.org>\n---\nv2: faster\n'
  printf -- '- Link to v1: https://lore.kernel.org/r/gadget-1@example.org\n\n'
  printf 'diff --git a/gadget.c b/gadget.c\n--- a/gadget.c\n+++ b/gadget.c\n@@ -1 +1,2 @@\n a\n+fast\n'
} | mail gadget2 "$BOB" gadget-2@example.org 2026-11-09 "[PATCH v2] gadget: speed up"
printf '> Faster.\n\nReviewed-by: Rita Reviewer <rita@example.org>\n' |
  mail review "Rita Reviewer <rita@example.org>" review-1@example.org 2026-11-10 \
    "Re: [PATCH v2] gadget: speed up" gadget-2@example.org
patch frob.c | mail frob "Carl Coder <carl@example.org>" frob-1@example.org 2026-11-08 "[PATCH] frob: rework"
printf '> Change frob.c.\n\nThis races.\n\npw-bot: cr\n' |
  mail cr "Mae Maintainer <mae@example.org>" cr-1@example.org 2026-11-09 "Re: [PATCH] frob: rework" frob-1@example.org
printf 'A new driver.\n' |
  mail blob0 "Dee Dev <dee@example.org>" blob-0@example.org 2026-11-07 "[PATCH 0/3] blob: new driver"
patch blob.c | mail blob1 "Dee Dev <dee@example.org>" blob-1@example.org 2026-11-07 "[PATCH 1/3] blob: add it" blob-0@example.org
patch quux.c | mail quux "Quinn Q <quinn@example.org>" quux-1@example.org 2026-10-31 "[PATCH] quux: fix a typo"
printf 'ping\n' | mail ping "Quinn Q <quinn@example.org>" ping-1@example.org 2026-11-05 "Re: [PATCH] quux: fix a typo" quux-1@example.org
mbox() { local f; for f in "$@"; do echo "From x Thu Jan  1 00:00:00 1970"; sed 's/^\(>*From \)/>\1/' "$f"; echo; done; }
mbox "$T"/mail/*.patch "$T/quux.eml" "$T/gadget1.eml" "$T/ping.eml" "$T/blob0.eml" "$T/blob1.eml" \
  "$T/frob.eml" "$T/gadget2.eml" "$T/cr.eml" "$T/review.eml" > "$T/list.mbox"

ix="$T/ix.sqlite"
"$PM_BIN" import --index "$ix" "$T/list.mbox" > /dev/null || { echo "FAIL: import"; fail=1; }
"$PM_BIN" import --index "$ix" --trusted-sender mae@example.org "$T/cr.eml" > /dev/null ||
  { echo "FAIL: import of the verdict"; fail=1; }
"$PM_BIN" applied --index "$ix" "$T/widget:main" > /dev/null || { echo "FAIL: applied"; fail=1; }
digest() { "$PM_BIN" digest --index "$ix" --title T --commit-base https://git.example.org/c/ "$@"; }
digest "$T/list.mbox" > "$T/report.txt" || { echo "FAIL: digest"; fail=1; }

# section SECTION: the lines of that lifecycle section, up to the next blank line.
section() { sed -n "/^===== Series lifecycle/,/^===== Patch Commit/p" "$T/report.txt" |
              awk -v h="$1 (" 'index($0, h) == 1 { on = 1; next } on && /^$/ { if (seen) exit; next }
                               on { seen = 1; print }'; }
check "sections in order" \
  "Applied (1);Superseded (1);Changes requested (1);Incomplete (1);Waiting for review (1);Open (1);" \
  "$(sed -n '/^===== Series lifecycle/,/^===== Patch Commit/p' "$T/report.txt" |
     sed -n 's/^\([A-Z][a-z ]*([0-9]*)\).*/\1/p' | tr '\n' ';')"
lore=https://lore.kernel.org/r
check "Applied" "v1 2/2 widget: count and reset fixes -- Ada Dev <ada@example.org> -- new
    posted 2026-11-01 $lore/$cover
    b4 am $cover
    no reply yet
    applied: widget main $first https://git.example.org/c/$first
    applied: widget main $head https://git.example.org/c/$head" "$(section Applied)"
check "Superseded" "v1 1/1 gadget: speed up -- $BOB -- new
    posted 2026-11-03 $lore/gadget-1@example.org
    b4 am gadget-1@example.org
    no reply yet
    superseded by v2 $lore/gadget-2@example.org" "$(section Superseded)"
check "Changes requested" "v1 1/1 frob: rework -- Carl Coder <carl@example.org> -- new
    posted 2026-11-08 $lore/frob-1@example.org
    b4 am frob-1@example.org
    no review yet, 1 reply
    verdict: changes-requested" "$(section 'Changes requested')"
check "Incomplete" "v1 1/3 blob: new driver -- Dee Dev <dee@example.org> -- new
    posted 2026-11-07 $lore/blob-0@example.org
    b4 am blob-0@example.org
    no reply yet" "$(section Incomplete)"
check "Waiting" "v1 1/1 quux: fix a typo -- Quinn Q <quinn@example.org> -- new
    posted 2026-10-31 $lore/quux-1@example.org
    b4 am quux-1@example.org
    no reply yet" "$(section 'Waiting for review')"
check "Open" "v2 1/1 gadget: speed up -- $BOB -- revision of v1, 1 of 1 changed
    posted 2026-11-09 $lore/gadget-2@example.org
    b4 am gadget-2@example.org
    reviewed by Rita Reviewer" "$(section Open)"
has "waiting heading" "Waiting for review (1): no reply but its author's for 7 days" "$T/report.txt"

digest --stale-days 12 "$T/list.mbox" > "$T/report.txt"
check "--stale-days 12: quux is open" "quux: fix a typo" \
  "$(section Open | sed -n 's/^v1 1\/1 \(quux[^-]*\) --.*/\1/p' | sed 's/ $//')"
digest --stale-days 0 "$T/list.mbox" > /dev/null 2>&1; check "--stale-days 0 is refused" 2 $?

# From the index alone: the report holds only gadget v1, superseded by the index's v2;
# the replies import recorded are known: v2's review, frob's one reply, quux's ping
# (its author's: quux still waits).
digest --since 2026-11-03 --until 2026-11-03 > "$T/report.txt"
check "index: superseded" "    superseded by v2 $lore/gadget-2@example.org" \
  "$(section Superseded | grep superseded)"
digest --since 2026-11-08 --until 2026-11-15 > "$T/report.txt"
check "index: verdict" "frob: rework" \
  "$(section 'Changes requested' | sed -n 's/^v1 1\/1 \(frob: rework\) --.*/\1/p')"
check "index: frob's reply" "    no review yet, 1 reply" "$(section 'Changes requested' | grep reply)"
check "index: gadget v2 reviewed" "    reviewed by Rita Reviewer" "$(section Open | grep reviewed)"
digest --since 2026-10-31 --until 2026-11-10 > "$T/report.txt"
check "index: quux waits (its author's ping is no reply)" "    no reply yet" \
  "$(section 'Waiting for review' | grep reply)"

# HTML: the same sections, the links escaped.
digest --format html "$T/list.mbox" > "$T/report.html"
for id in applied superseded changes-requested incomplete waiting open; do
  has "html section $id" "<section id=\"life-$id\">" "$T/report.html"
done
has "html commit link" "<a href=\"https://git.example.org/c/$head\">$head</a>" "$T/report.html"
has "html thread link" "<a href=\"$lore/gadget-1@example.org\">thread</a>" "$T/report.html"
has "html reviewers" "reviewed by Rita Reviewer" "$T/report.html"
python3 -c 'import sys, xml.dom.minidom; xml.dom.minidom.parse(sys.argv[1])' "$T/report.html" ||
  { echo "FAIL: the HTML page is not well-formed"; fail=1; }

# --quiet-if-empty: nothing for replies only, the report otherwise.
mbox "$T/review.eml" "$T/ping.eml" > "$T/replies.mbox"
out=$(digest --quiet-if-empty "$T/replies.mbox"); rc=$?
check "quiet: status" 0 $rc
check "quiet: output" "" "$out"
check "not quiet without the option" "T mailing list update from ? to ?" \
  "$(digest "$T/replies.mbox" | head -1)"
check "quiet with patch mail" 1 "$(digest --quiet-if-empty "$T/list.mbox" | grep -c '^===== Series lifecycle')"

# A Message-ID a shell would run: single-quoted in the b4 line.
patch evil.c | mail evil "Eve <eve@example.org>" "e\$(touch x)'q;@example.org" 2026-11-09 "[PATCH] evil: thing"
mbox "$T/evil.eml" > "$T/evil.mbox"
has "b4 quoting" "    b4 am 'e\$(touch x)'\\''q;@example.org'" <(digest "$T/evil.mbox")

[ "$fail" = 0 ] && echo "ok: digest lifecycle"
exit "$fail"
