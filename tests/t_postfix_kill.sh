#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# t_postfix_kill: kill -9 of the milter in the middle of an SMTP load through a real
# Postfix (milter_default_action = tempfail). 1,000 distinct patch mails over 10
# sessions (tests/postfix/smtp_send.py retries 4xx as an MTA queue would); the milter
# is killed with SIGKILL once a third are delivered and restarted 2 s later. Then every
# Message-ID is delivered exactly once, every delivered message is annotated, the
# index passes PRAGMA integrity_check and records no Message-ID twice.
# PM_KILL_MESSAGES changes the count (default 1000).
set -u
. "$PM_SRC/tests/milter/lib.sh"
. "$PM_SRC/tests/postfix/lib.sh"
pf_need sqlite3
pf_add_user pmkill
N=${PM_KILL_MESSAGES:-1000}

start_milter "UMask 000" "Index $T/run/index.sqlite" "On-InternalError tempfail"
start_postfix
python3 "$PM_SRC/tests/postfix/smtp_send.py" 127.0.0.1 "$SMTP_PORT" "$TUSER@mx.test.example" \
  "$N" 10 kill > "$T/send.out" 2>&1 &
SENDER=$!
for _ in $(seq 1 600); do [ "$(delivered_count)" -ge $((N / 3)) ] && break; sleep 0.1; done
at_kill=$(delivered_count)
kill -9 "$MPID"
wait "$MPID" 2>/dev/null
MPID=
sleep 2
start_milter "UMask 000" "Index $T/run/index.sqlite" "On-InternalError tempfail"
echo "restarted"; wait "$SENDER" || { cat "$T/send.out"; fail "sender did not get every message accepted"; }
wait_delivered "$N" 120 || fail "only $(delivered_count) of $N delivered"
stop_milter

delivered=$(delivered_count)
echo "sent $N, delivered $delivered ($at_kill before the kill); sender: $(cat "$T/send.out")"
[ "$delivered" -eq "$N" ] || fail "delivered $delivered, sent $N"
dups=$(message_ids | sort | uniq -d | head -n 3)
[ -z "$dups" ] || fail "delivered twice: $dups"
[ "$(message_ids | sort -u | grep -c '^kill-')" -eq "$N" ] || fail "Message-IDs missing"
unannotated=$(find "$MAILDIR/new" -type f -print0 | xargs -0 grep -L '^X-Patch-Kind: patch' | wc -l)
[ "$unannotated" -eq 0 ] || fail "$unannotated delivered messages without X-Patch-Kind"
grep -q 'tempfails=[1-9]\|dropped=[1-9]' "$T/send.out" || echo "note: the kill caused no tempfail this time"
[ "$(sqlite3 "$T/run/index.sqlite" 'PRAGMA integrity_check')" = ok ] || fail "index integrity_check"
recorded=$(sqlite3 "$T/run/index.sqlite" "SELECT count(*) FROM messages WHERE msgid LIKE 'kill-%'")
twice=$(sqlite3 "$T/run/index.sqlite" "SELECT count(*) FROM (SELECT msgid FROM messages GROUP BY msgid HAVING count(*) > 1)")
echo "index: $recorded recorded, $twice recorded twice"
[ "$twice" -eq 0 ] || fail "index records a Message-ID twice"
[ "$recorded" -eq "$N" ] || fail "index records $recorded of $N"
echo "PASS"
