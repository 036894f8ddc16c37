#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# t_postfix_forged: forged copies of our fields in every form a sender can write them
# (any case, no space, folded, RFC 2047-encoded, dozens of copies) sent through a real
# Postfix and the milter; then a Sieve script (sieve-test) and a procmail recipe read
# the delivered message and see exactly one X-Patch-Version, ours.
set -u
. "$PM_SRC/tests/milter/lib.sh"
. "$PM_SRC/tests/postfix/lib.sh"
pf_need swaks sieve-test procmail formail runuser
pf_add_user pmforged

start_milter "UMask 000"
start_postfix
{
  printf 'X-Patch-Version: 99\r\nFrom: Eve <eve@example.org>\r\nx-patch-version: 98\r\n'
  printf 'X-PATCH-VERSION:97\r\nX-Patch-Version: =?UTF-8?Q?96?=\r\nX-Patch-Version:\r\n 95\r\n'
  printf 'X-Patch-Kind: cover\r\nX-Patch-State: duplicate\r\nx-PaTcH-sErIeS: forged\r\n'
  for i in $(seq 1 40); do printf 'X-Patch-Subsystem: FORGED %d\r\n' "$i"; done
  printf 'To: %s@mx.test.example\r\nSubject: [PATCH v3 1/2] mm: fix the thing\r\n' "$TUSER"
  printf 'Message-ID: <forged-all@example.org>\r\nDate: Tue, 24 Nov 2026 10:00:00 +0000\r\n'
  printf 'X-Patchwork-Hint: ignore\r\n\r\nFix it.\r\n\r\nSigned-off-by: Eve <eve@example.org>\r\n---\r\n'
  printf 'diff --git a/mm/x.c b/mm/x.c\r\n--- a/mm/x.c\r\n+++ b/mm/x.c\r\n@@ -1 +1 @@\r\n-a\r\n+b\r\n'
} > "$T/forged.eml"
swaks --silent 2 --server "127.0.0.1:$SMTP_PORT" --from eve@example.org --to "$TUSER@mx.test.example" \
  --data "$T/forged.eml" >/dev/null 2>"$T/swaks.err" || { cat "$T/swaks.err"; fail "SMTP submission"; }
wait_delivered 1 30 || fail "not delivered"
msg=$(find "$MAILDIR/new" -type f | head -n 1)
cp "$msg" "$T/delivered.eml"
chmod 644 "$T/delivered.eml"

# Every field whose name starts with X-Patch- (any case) is ours: one Version, our values.
header=$(awk '/^\r?$/ { exit } { print }' "$T/delivered.eml" | tr -d '\r')
echo "$header" | grep -qi '^X-Patch-Subsystem: FORGED\|^x-patch-series: forged\|: 9[5-9]$\|=?UTF-8?Q?96' \
  && fail "a forged copy survived: $(echo "$header" | grep -i '^x-patch-')"
[ "$(echo "$header" | grep -ci '^X-Patch-Version:')" -eq 1 ] || fail "not exactly one X-Patch-Version"
echo "$header" | grep -q '^X-Patch-Version: 3$' || fail "our X-Patch-Version missing"
echo "$header" | grep -q '^X-Patch-Kind: patch$' || fail "our X-Patch-Kind missing"
echo "$header" | grep -q '^X-Patchwork-Hint: ignore$' || fail "X-Patchwork-Hint removed"
echo "ok: only our fields in the delivered header"

# What a Sieve rule sees: one X-Patch-Version, "3".
cat > "$T/patches.sieve" <<'EOS'
require ["variables", "fileinto", "mailbox", "relational", "comparator-i;ascii-numeric"];
if header :count "eq" :comparator "i;ascii-numeric" "X-Patch-Version" "1" {
    if header :matches "X-Patch-Version" "*" { fileinto :create "Patches.v${1}"; stop; }
}
fileinto :create "Forged";
EOS
chmod 755 "$T"; chmod 644 "$T/patches.sieve"
out=$(cd "$T" && runuser -u "$TUSER" -- sieve-test "$T/patches.sieve" "$T/delivered.eml" 2>&1)
echo "$out" | grep -q 'store message in folder: Patches.v3' || fail "sieve-test: $out"
echo "ok: Sieve sees only ours"

# What procmail sees: its recipe's first X-Patch-Version is ours (3), and formail
# (procmail's header tool) finds no other copy.
cat > "$T/procmailrc" <<EOS
LOGFILE=$T/procmail.log
VERBOSE=no
:0
* ^X-Patch-Version:[ 	]*\/[0-9]+
{ LOG="version=\$MATCH
" }
:0
/dev/null
EOS
chmod 644 "$T/procmailrc"; : > "$T/procmail.log"; chmod 666 "$T/procmail.log"
runuser -u "$TUSER" -- procmail -m "$T/procmailrc" < "$T/delivered.eml" || fail "procmail failed"
grep -q '^version=3$' "$T/procmail.log" || fail "procmail: $(cat "$T/procmail.log")"
values=$(formail -c -x X-Patch-Version: < "$T/delivered.eml" | tr -d ' \r')
[ "$values" = 3 ] || fail "formail sees X-Patch-Version: $values"
echo "ok: procmail sees only ours"
stop_milter
echo "PASS"
