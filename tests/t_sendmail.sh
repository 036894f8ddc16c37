#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# t_sendmail: a real Sendmail on loopback (tests/sendmail/lib.sh: the Debian .debs
# unpacked, not installed; a private sendmail.cf; a local mailer writing each message to
# a file) with `patchmilter run` as its INPUT_MAIL_FILTER on a Unix socket, as
# conf/sendmail.mc.snippet writes it. Sends over SMTP v1 of a patch, its v2, forged
# copies of our fields (odd case, folded, repeated, below an upstream Received: line) and
# a non-patch mail, then reads the delivered files.
# Needs root and the .debs (fetched into the build directory once); skips otherwise.
set -u
. "$PM_SRC/tests/milter/lib.sh"
. "$PM_SRC/tests/sendmail/lib.sh"
sm_need
SERIES="$PM_SRC/tests/fixtures/series"
V1=20261102100000.1000-1-ada@example.org
V2=20261109100000.2000-1-ada@example.org
FORGED=20261118090000.4000-1-eve@example.org
RELAYED=sendmail-relayed@example.org
NONPATCH=notes-42@example.org

start_milter "UMask 000" "Index $T/run/index.sqlite"
start_sendmail

# Forged fields in every form, on a message that came through another MTA first: its
# Received: line must stay below ours and our fields.
{
  printf 'Received: from relay.example.org (relay.example.org [192.0.2.1])\r\n'
  printf '\tby upstream.example.org with ESMTP id UPSTREAM1; Tue, 24 Nov 2026 10:00:00 +0000\r\n'
  printf 'X-Patch-Version: 99\r\nFrom: Eve <eve@example.org>\r\nx-patch-version: 98\r\n'
  printf 'X-PATCH-VERSION:97\r\nX-Patch-Version:\r\n 95\r\nx-PaTcH-sErIeS: forged\r\n'
  printf 'X-Patch-State:\r\n\tduplicate\r\nX-Patch-Kind: cover\r\nX-Patch-Prior: <forged@example.org>\r\n'
  printf 'To: root@mx.test.example\r\nSubject: [PATCH v3 1/2] mm: fix the thing\r\n'
  printf 'Message-ID: <%s>\r\nDate: Tue, 24 Nov 2026 10:00:00 +0000\r\n' "$RELAYED"
  printf 'X-Patchwork-Hint: ignore\r\n\r\nFix it.\r\n\r\nSigned-off-by: Eve <eve@example.org>\r\n---\r\n'
  printf 'diff --git a/mm/x.c b/mm/x.c\r\n--- a/mm/x.c\r\n+++ b/mm/x.c\r\n@@ -1 +1 @@\r\n-a\r\n+b\r\n'
} > "$T/relayed.eml"

started=$(date +%s%N)
sent=0
for f in "$SERIES/v1-1.eml" "$SERIES/v2-1.eml" "$SERIES/forged.eml" "$T/relayed.eml" "$SERIES/nonpatch.eml"; do
  sm_send "$f"
  sent=$((sent + 1))
done
wait_delivered "$sent" 30 || fail "expected $sent delivered messages, got $(delivered_count)"
sleep 0.5
[ "$(delivered_count)" -eq "$sent" ] || fail "expected $sent delivered messages, got $(delivered_count)"
echo "ok: $sent messages delivered through Sendmail in $(( ($(date +%s%N) - started) / 1000000 )) ms"

# The delivered file holding a Message-ID (call as f=$(delivered ID) || exit 1).
delivered() {
  local f; f=$(delivered_files | xargs -r grep -l -i -F "Message-ID: <$1>" | head -n 1)
  [ -n "$f" ] || fail "no delivered message with Message-ID <$1>" >&2
  echo "$f"
}
# Sendmail's queue id, from its Received: line (the first field).
queue_id() { header_fields "$1" | head -n 1 | sed -n 's/.* with ESMTP id \([A-Za-z0-9]*\).*/\1/p'; }
# Names of the X-Patch- fields of a file, lower case, one a line, in order.
patch_names() { header_fields "$1" | awk -F: 'tolower($1) ~ /^x-patch-/ { print tolower($1) }'; }

# v1 is new, v2 a revision of it.
expect_field "$V1" X-Patch-Kind patch
expect_field "$V1" X-Patch-State new
expect_field "$V2" X-Patch-Version 2
expect_field "$V2" X-Patch-State revision
expect_field "$V2" X-Patch-Prior "<$V1>"
expect_field "$V2" X-Patch-Prior-Version 1
echo "ok: v2 is a revision, X-Patch-Prior names v1"

# Forged fields: no incoming copy left, each of ours exactly once.
for id in "$FORGED" "$RELAYED"; do
  f=$(delivered "$id") || exit 1
  dups=$(patch_names "$f" | sort | uniq -d)
  [ -z "$dups" ] || fail "<$id>: more than one of: $dups"
  if header_fields "$f" | grep -Eiq '^x-patch-[a-z-]*:[[:space:]]*(99|98|97|95|9|8|cover|duplicate|forged|<forged@example.org>)$'; then
    fail "<$id>: a forged copy survived: $(header_fields "$f" | grep -i '^x-patch-')"
  fi
done
expect_field "$FORGED" X-Patch-Kind patch
expect_field "$FORGED" X-Patch-Version 1
expect_field "$FORGED" X-Patch-State new
expect_field "$RELAYED" X-Patch-Kind patch
expect_field "$RELAYED" X-Patch-Version 3
expect_field "$RELAYED" X-Patch-Part 1/2
expect_field "$RELAYED" X-Patch-State new
expect_field "$RELAYED" X-Patch-Prior ""
expect_field "$RELAYED" X-Patchwork-Hint ignore
echo "ok: forged copies removed, ours there once"

# The non-patch mail: no X-Patch- field (its forged X-Patch-Kind removed), the body
# byte for byte as sent (Sendmail hands the local mailer LF line ends, as in the file).
f=$(delivered "$NONPATCH") || exit 1
[ -z "$(patch_names "$f")" ] || fail "non-patch mail carries $(patch_names "$f" | tr '\n' ' ')"
cmp -s <(sed '1,/^$/d' "$f") <(sed '1,/^$/d' "$SERIES/nonpatch.eml") \
  || fail "non-patch body changed: $(diff <(sed '1,/^$/d' "$f") <(sed '1,/^$/d' "$SERIES/nonpatch.eml"))"
echo "ok: non-patch mail untouched"

# Where smfi_insheader(ctx, 1, ...) lands in Sendmail: Sendmail's own Received: line is
# the first field (index 0), ours follow it at once, in our order, as one block, and an
# upstream Received: line comes after them.
for id in "$V1" "$V2" "$FORGED" "$RELAYED"; do
  f=$(delivered "$id") || exit 1
  first=$(header_fields "$f" | head -n 1)
  case "$first" in
    "Received: from "*[[:space:]]"by mx.test.example ("*) ;;
    *) fail "<$id>: first field is not Sendmail's Received: '$first'" ;;
  esac
  block=$(header_fields "$f" | sed -n '2,$p' | awk -F: 'tolower($1) !~ /^x-patch-/ { exit } { print tolower($1) }')
  [ -n "$block" ] || fail "<$id>: field after Sendmail's Received: is '$(header_fields "$f" | sed -n 2p)'"
  [ "$block" = "$(patch_names "$f")" ] || fail "<$id>: X-Patch- fields not all right below Received:"
  [ "$(echo "$block" | head -n 1)" = x-patch-kind ] || fail "<$id>: first field below Received: is not X-Patch-Kind"
done
f=$(delivered "$RELAYED") || exit 1
n=$(patch_names "$f" | wc -l)
after=$(header_fields "$f" | sed -n "$((n + 2))p")
case "$after" in
  "Received: from relay.example.org "*) ;;
  *) fail "<$RELAYED>: upstream Received: not right after our fields: '$after'" ;;
esac
[ "$(header_fields "$f" | grep -c '^Received:')" -eq 2 ] || fail "<$RELAYED>: not two Received: fields"
echo "ok: inserted right below Sendmail's Received:, above the upstream one"

# One milter log line per message, under the queue id Sendmail wrote in its Received:.
n=$(grep -c ']: info: ' "$T/milter.log")
[ "$n" -eq "$sent" ] || fail "milter logged $n messages, $sent sent"
for id in "$V1" "$FORGED" "$RELAYED" "$NONPATCH"; do
  f=$(delivered "$id") || exit 1
  qid=$(queue_id "$f")
  [ -n "$qid" ] || fail "<$id>: no queue id in Sendmail's Received:"
  expect_log "$qid" "message-id=<$id>"
done
f=$(delivered "$FORGED") || exit 1
expect_log "$(queue_id "$f")" ' removed=4 '
f=$(delivered "$RELAYED") || exit 1
expect_log "$(queue_id "$f")" ' removed=8 '
echo "ok: one log line per message, with Sendmail's queue id"
stop_milter
echo "PASS"
