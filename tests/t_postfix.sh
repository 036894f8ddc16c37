#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# t_postfix: a real Postfix on loopback (tests/postfix/lib.sh: private config
# directory, port chosen free, chroot off, Maildir delivery to a user of this run) with
# `patchmilter run` as smtpd_milters and non_smtpd_milters. Sends a series over SMTP
# (v1 and v2 of a 2-patch series, a patch and its RESEND, a mail with forged X-Patch-*
# fields, a non-patch mail) and one mail through sendmail(1), then reads the delivered
# files.
# Needs root (Postfix and a test user); skips otherwise.
set -u
. "$PM_SRC/tests/milter/lib.sh"
. "$PM_SRC/tests/postfix/lib.sh"
pf_need swaks
pf_add_user pmtest
SERIES="$PM_SRC/tests/fixtures/series"

start_milter "UMask 000" "Index $T/run/index.sqlite" "Maintainers $(milter_copy "$SERIES/MAINTAINERS")"
start_postfix

sent=0
for name in v1-0-cover v1-1 v1-2 v2-0-cover v2-1 v2-2 single resend forged nonpatch; do
  swaks --silent 2 --server "127.0.0.1:$SMTP_PORT" --from dev@example.org \
    --to "$TUSER@mx.test.example" --data "$SERIES/$name.eml" >/dev/null 2>"$T/swaks.err" \
    || { cat "$T/swaks.err"; fail "SMTP submission of $name"; }
  sent=$((sent + 1))
done
printf 'From: root\nTo: %s@mx.test.example\nSubject: [PATCH v3] local: via sendmail\nMessage-ID: <local-1@mx.test.example>\n\nbody\n' "$TUSER" \
  | sendmail -C "$PF/etc" -t || fail "sendmail"
sent=$((sent + 1))

wait_delivered "$sent" 30
[ "$(delivered_count)" -eq "$sent" ] || fail "expected $sent delivered messages"

# The delivered file holding a Message-ID.
delivered() {
  local f; f=$(grep -l -i -F "Message-ID: <$1>" "$MAILDIR"/new/* | head -n 1)
  [ -n "$f" ] || fail "no delivered message with Message-ID <$1>"
  echo "$f"
}

# Fields from the message itself.
expect_field 20261102100000.1000-0-ada@example.org X-Patch-Kind cover
expect_field 20261102100000.1000-0-ada@example.org X-Patch-Version 1
expect_field 20261102100000.1000-1-ada@example.org X-Patch-Kind patch
expect_field 20261109100000.2000-0-ada@example.org X-Patch-Version 2
expect_field 20261109100000.2000-2-ada@example.org X-Patch-Kind patch
expect_field 20261117090000.3001-1-bob@example.org X-Patch-Kind patch
expect_field local-1@mx.test.example X-Patch-Version 3
expect_field 20261102100000.1000-2-ada@example.org X-Patch-Part 2/2
expect_field 20261102100000.1000-1-ada@example.org X-Patch-Subsystem "WIDGET DRIVER"
expect_field 20261102100000.1000-1-ada@example.org X-Patch-List widgets@lists.example.org
expect_field 20261110090000.3000-1-bob@example.org X-Patch-Subsystem "LIBRARY HELPERS"
echo "ok: fields from the message and MAINTAINERS"

# Forged fields: every incoming copy gone, ours in their place.
f=$(delivered 20261118090000.4000-1-eve@example.org)
expect_field 20261118090000.4000-1-eve@example.org X-Patch-Version 1
expect_field 20261118090000.4000-1-eve@example.org X-Patch-Kind patch
if field "$f" X-Patch-State | grep -q duplicate; then fail "forged X-Patch-State survived"; fi
f=$(delivered notes-42@example.org)
if header_fields "$f" | grep -qi '^X-Patch-'; then fail "non-patch mail carries X-Patch- fields"; fi
echo "ok: forged copies removed"

# Our fields sit right below Postfix's own Received: field.
for id in 20261102100000.1000-1-ada@example.org 20261118090000.4000-1-eve@example.org; do
  f=$(delivered "$id")
  after=$(header_fields "$f" | awk 'seen { print; exit } /^Received:/ { seen = 1 }')
  case "$after" in X-Patch-*) ;; *) fail "<$id>: field after Received: is '$after'" ;; esac
done
echo "ok: inserted below Received:"

n=$(grep -c ']: info: ' "$T/milter.log")
[ "$n" -eq "$sent" ] || fail "milter logged $n messages, $sent sent"
grep -q ']: info: [0-9A-F]\{6,\}: message-id=<' "$T/milter.log" || fail "queue id missing from the log"
echo "ok: one log line per message"

# Verdicts from the index (need the index implementation).
expect_field 20261102100000.1000-0-ada@example.org X-Patch-State new
expect_field 20261109100000.2000-0-ada@example.org X-Patch-State revision
expect_field 20261109100000.2000-1-ada@example.org X-Patch-State revision
expect_field 20261117090000.3001-1-bob@example.org X-Patch-State resend
expect_field 20261109100000.2000-1-ada@example.org X-Patch-Prior "<20261102100000.1000-1-ada@example.org>"
echo "ok: index verdicts"
stop_milter
echo "PASS"
