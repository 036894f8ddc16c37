#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# t_author_verdict: a series' author may rescind it as netdev's mailbot lets him (nipa
# mailbot.py: an author who is no maintainer may only move his series to an inactive
# state). Alice's series (cover and two patches) is imported; her own "pw-bot: cr" in
# a reply to her patch 1 (shaped as Jiayuan Chen's on netdev, 2025-02-26, Message-ID
# <ktitxr3td73rdoqpum2dntizbxn6di73sptx5mqrp5hppfjaqk@crugooi3shdf>) gets
# X-Patch-Verdict from `annotate --index` and makes `series` say changes-requested;
# so does it through `import`, and base64-encoded. Once out of the queue, her next
# verdict ("pw-bot: defer") counts no more, as the mailbot ignores it. Her "pw-bot:
# accept", a stranger's "pw-bot: cr" and a forged Alice (From hers, our DKIM check failed, under
# --trusted-authserv-id) get no Verdict and leave the series waiting. A patch mail
# with "pw-bot: au" in its notes (as Jakub Kicinski's netdev patch of 2023-05-30,
# <20230531020051.52655-1-kuba@kernel.org>) is its author's word on itself.
set -u
: "${PM_BIN:?}"
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fail=0
check() { [ "$2" = "$3" ] || { echo "FAIL: $1: expected '$2', got '$3'"; fail=1; }; }
verdict() { sed -n '/^$/q; s/^X-Patch-Verdict: //p' | tr '\n' ';'; }
state() { "$PM_BIN" series --index "$1" "$2" | sed -n 's/^v1,.*; \([a-z-]*\)$/\1/p' | head -1; }

AS=mx.example.net
ours_pass="Authentication-Results: $AS; dkim=pass header.d=example.org"
ours_fail="Authentication-Results: $AS; dkim=fail header.d=example.org"
# part PART of Alice's series (0: the cover), with Authentication-Results of ours
mail() {
  printf '%s\nFrom: Alice <alice@example.org>\nTo: netdev@vger.kernel.org\n' "$ours_pass"
  printf 'Subject: [PATCH net-next %s/2] %s\nMessage-ID: <av-%s@example.org>\n' "$1" "$2" "$1"
  printf 'Date: Tue, 25 Feb 2025 22:40:0%s +0800\n' "$1"
  if [ "$1" = 0 ]; then printf '\nThe cover.\n'; return; fi
  printf 'In-Reply-To: <av-0@example.org>\nReferences: <av-0@example.org>\n\n'
  printf 'Text.\n\n---\ndiff --git a/f%s.c b/f%s.c\n--- a/f%s.c\n+++ b/f%s.c\n@@ -1 +1,2 @@\n a\n+b%s\n' \
    "$1" "$1" "$1" "$1" "$1"
}
{ for p in 0 1 2; do echo "From alice Tue Feb 25 22:40:00 2025"; mail $p "ppp: part $p"; echo; done; } > "$T/series.mbox"
# a reply to patch 1: reply ID FROM AUTH-RESULTS COMMAND
reply() {
  printf '%s\nFrom: %s\nSubject: Re: [PATCH net-next 1/2] ppp: part 1\n' "$3" "$2"
  printf 'Message-ID: <%s@example.org>\nIn-Reply-To: <av-1@example.org>\n' "$1"
  printf 'References: <av-0@example.org> <av-1@example.org>\nDate: Wed, 26 Feb 2025 10:05:31 +0800\n\n'
  printf '> +b1\nMy apologize, it will raise a Sparse warning.\nA new revision is here.\n\npw-bot: %s \n' "$4"
}
reply own "Alice <alice@example.org>" "$ours_pass" cr > "$T/own.eml"
reply accept "Alice <ALICE@example.org>" "$ours_pass" accept > "$T/accept.eml"
reply defer "Alice <alice@example.org>" "$ours_pass" defer > "$T/defer.eml"
reply stranger "Mallory <mallory@example.org>" "$ours_pass" cr > "$T/stranger.eml"
reply forged "Alice <alice@example.org>" "$ours_fail
Authentication-Results: mx.evil.example; dkim=pass header.d=example.org" cr > "$T/forged.eml"
{ sed -n '1,/^$/p' "$T/own.eml" | sed 's/^Message-ID: <own@/Message-ID: <own64@/; /^$/d'
  printf 'MIME-Version: 1.0\nContent-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: base64\n\n'
  sed '1,/^$/d' "$T/own.eml" | base64; } > "$T/own64.eml"

ix=$T/a.sqlite
"$PM_BIN" import --index "$ix" "$T/series.mbox" > /dev/null || { echo "FAIL: import series"; fail=1; }
for m in accept stranger forged; do
  got=$("$PM_BIN" annotate --index "$ix" --trusted-authserv-id $AS < "$T/$m.eml" | verdict)
  check "annotate: $m gets no Verdict" "" "$got"
done
check "annotate: the series still waits" "waiting" "$(state "$ix" av-0@example.org)"
got=$("$PM_BIN" annotate --index "$ix" --trusted-authserv-id $AS < "$T/own.eml" | verdict)
check "annotate: the author's cr" "changes-requested;" "$got"
check "annotate: the series" "changes-requested" "$(state "$ix" av-0@example.org)"
# out of the queue now (nipa's weak_act_should_ignore): her "defer" changes nothing; the
# reply shows its parent's verdict, not its own
got=$("$PM_BIN" annotate --index "$ix" --trusted-authserv-id $AS < "$T/defer.eml" | verdict)
check "annotate: the author's defer once out of the queue" "changes-requested;" "$got"
check "annotate: the series stays" "changes-requested" "$(state "$ix" av-0@example.org)"

ix=$T/b.sqlite
"$PM_BIN" import --index "$ix" "$T/series.mbox" > /dev/null
for m in accept stranger forged; do
  "$PM_BIN" import --index "$ix" --trusted-authserv-id $AS "$T/$m.eml" > /dev/null
done
check "import: nothing from accept, stranger, forged" "waiting" "$(state "$ix" av-0@example.org)"
out=$("$PM_BIN" import --index "$ix" --trusted-authserv-id $AS "$T/own64.eml" | tail -1)
check "import: the author's cr in base64" "recorded 1 event of 1 trusted notice" "$out"
check "import: the series" "changes-requested" "$(state "$ix" av-0@example.org)"

# the patch mail's own line in its notes; the same line in its commit message is none
patch() {
  printf 'From: Jakub <j@example.org>\nSubject: [PATCH net-next] mlx5e: simplify %s\n' "$1"
  printf 'Message-ID: <%s@example.org>\nDate: Tue, 30 May 2023 19:00:51 -0700\n\n' "$1"
  printf 'Since recent commit budget cannot be 0 here.\n\nSigned-off-by: Jakub <j@example.org>\n%s\n' "$2"
  printf ' en_txrx.c | 2 +-\n\ndiff --git a/en_txrx.c b/en_txrx.c\n--- a/en_txrx.c\n+++ b/en_txrx.c\n'
  printf '@@ -1 +1 @@\n-a\n+b%s\n' "$1"
}
patch notes $'---\npw-bot: au\n' > "$T/notes.eml"
patch message $'pw-bot: au\n---' > "$T/message.eml"
got=$("$PM_BIN" annotate --index "$T/c.sqlite" < "$T/notes.eml" | verdict)
check "annotate: verdict in the notes" "awaiting-upstream;" "$got"
check "annotate: its series" "awaiting-upstream" "$(state "$T/c.sqlite" notes@example.org)"
got=$("$PM_BIN" annotate --index "$T/c.sqlite" < "$T/message.eml" | verdict)
check "annotate: the line in the commit message" "" "$got"
"$PM_BIN" import --index "$T/d.sqlite" "$T/notes.eml" "$T/message.eml" > /dev/null
check "import: verdict in the notes" "awaiting-upstream" "$(state "$T/d.sqlite" notes@example.org)"
check "import: the line in the commit message" "waiting" "$(state "$T/d.sqlite" message@example.org)"

[ $fail -eq 0 ] && echo "ok: an author rescinds his own series, and nothing more"
exit $fail
