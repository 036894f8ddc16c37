#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# t_postfix_load: 200 parallel SMTP sessions (smtp-source) through a real Postfix to the
# milter. Every message is delivered and annotated, no session gets a
# tempfail, and the milter's RSS stays flat: at the end it is within 25 % (+4 MiB) of
# its RSS when it had seen a fifth of the messages.
# PM_LOAD_MESSAGES sets the count (default 2000; bench/bench_load.sh runs 10,000).
set -u
. "$PM_SRC/tests/milter/lib.sh"
. "$PM_SRC/tests/postfix/lib.sh"
pf_need smtp-source
pf_add_user pmload
N=${PM_LOAD_MESSAGES:-2000}
SESSIONS=${PM_LOAD_SESSIONS:-200}

start_milter "UMask 000" "On-InternalError tempfail"
start_postfix "default_process_limit = $((SESSIONS + 50))" \
  "smtpd_client_connection_count_limit = 0" "smtpd_client_event_limit_exceptions = 127.0.0.0/8" \
  "in_flow_delay = 0" "local_destination_concurrency_limit = 4"
cat > "$T/load.eml" <<'EOM'
From: Dev <dev@example.org>
To: load@mx.test.example
Subject: [PATCH v3 1/2] load: a patch under load
Date: Tue, 24 Nov 2026 10:00:00 +0000

Change.

Signed-off-by: Dev <dev@example.org>
---
diff --git a/load.c b/load.c
--- a/load.c
+++ b/load.c
@@ -1 +1 @@
-a
+b
EOM

rss() { awk '/^VmRSS:/ { print $2 }' "/proc/$MPID/status"; }
start=$(date +%s.%N)
smtp-source -s "$SESSIONS" -m "$N" -F "$T/load.eml" -f dev@example.org -t "$TUSER@mx.test.example" \
  "127.0.0.1:$SMTP_PORT" > "$T/source.out" 2>&1 &
SOURCE=$!
rss_half=
rss_max=0
seen() { grep -c ']: info: ' "$T/milter.log"; }
while kill -0 "$SOURCE" 2>/dev/null; do
  r=$(rss); [ "$r" -gt "$rss_max" ] && rss_max=$r
  echo "$(seen) $r" >> "$T/rss.txt"
  [ -z "$rss_half" ] && [ "$(seen)" -ge $((N / 2)) ] && rss_half=$r
  sleep 0.5
done
secs=$(echo "$(date +%s.%N) - $start" | bc)
rss_end=$(rss)
wait_delivered "$N" 180 || fail "only $(delivered_count) of $N delivered"
hwm=$(awk '/^VmHWM:/ { print $2 }' "/proc/$MPID/status")
stop_milter
[ -n "${PM_LOAD_RSS_LOG:-}" ] && cp "$T/rss.txt" "$PM_LOAD_RSS_LOG" && cp "$T/milter.log" "$PM_LOAD_RSS_LOG.milter"

delivered=$(delivered_count)
echo "sent $N over $SESSIONS sessions, delivered $delivered in ${secs}s; milter RSS: ${rss_half:-?} KB at 1/2, $rss_end KB at the end, max sampled $rss_max KB, VmHWM $hwm KB"
[ -s "$T/source.out" ] && { cat "$T/source.out"; fail "smtp-source reported errors"; }
[ "$delivered" -eq "$N" ] || fail "delivered $delivered of $N"
n=$(grep -c 'milter-reject\|451 4\.' "$PF_LOG")
[ "$n" -eq 0 ] || fail "$n tempfails in the Postfix log"
unannotated=$(find "$MAILDIR/new" -type f -print0 | xargs -0 grep -L '^X-Patch-Kind: patch' | wc -l)
[ "$unannotated" -eq 0 ] || fail "$unannotated delivered messages without X-Patch-Kind"
[ "$(grep -c ']: info: ' "$T/milter.log")" -eq "$N" ] || fail "milter logged $(grep -c ']: info: ' "$T/milter.log") messages, $N sent"
# A sanitizer build holds freed memory in its quarantine: its RSS says nothing here.
if ldd "$PM_BIN" 2>/dev/null | grep -q libasan; then
  echo "sanitizer build: RSS not checked"
else
  [ -n "$rss_half" ] && [ "$rss_end" -le $(( rss_half * 5 / 4 + 4096 )) ] || fail "milter RSS grew from ${rss_half:-?} KB to $rss_end KB"
fi
echo "PASS"
