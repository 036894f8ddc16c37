#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
"""smtp_send.py HOST PORT RCPT COUNT SESSIONS PREFIX: sends COUNT distinct patch mails
(Message-ID <PREFIX-N@example.org>) over SESSIONS parallel SMTP sessions, as a queueing
MTA would: a message refused with a 4xx reply or cut off by a dropped connection is
sent again (after a short pause, on a new connection) until it is accepted. Prints
"accepted=N tempfails=N dropped=N" at the end; exit 1 if a message was rejected (5xx)
or not accepted within the deadline (300 s)."""
import smtplib
import sys
import threading
import time

host, port, rcpt = sys.argv[1], int(sys.argv[2]), sys.argv[3]
count, sessions, prefix = int(sys.argv[4]), int(sys.argv[5]), sys.argv[6]
deadline = time.time() + 300
lock = threading.Lock()
stats = {"accepted": 0, "tempfails": 0, "dropped": 0, "rejected": 0}
next_n = [0]


def message(n):
    return ("From: Dev <dev@example.org>\r\nTo: %s\r\n"
            "Subject: [PATCH v2 %d/%d] load: change number %d\r\n"
            "Message-ID: <%s-%d@example.org>\r\nDate: Tue, 24 Nov 2026 10:00:00 +0000\r\n\r\n"
            "Change %d.\r\n\r\nSigned-off-by: Dev <dev@example.org>\r\n---\r\n"
            "diff --git a/f%d.c b/f%d.c\r\n--- a/f%d.c\r\n+++ b/f%d.c\r\n@@ -1 +1 @@\r\n-a\r\n+b%d\r\n"
            % (rcpt, n % 9 + 1, 9, n, prefix, n, n, n, n, n, n, n))


def count_stat(name):
    with lock:
        stats[name] += 1


def take():
    with lock:
        if next_n[0] >= count:
            return None
        next_n[0] += 1
        return next_n[0]


def worker():
    conn = None
    n = take()
    while n is not None and time.time() < deadline:
        try:
            if conn is None:
                conn = smtplib.SMTP(host, port, timeout=60)
                conn.ehlo("client.example")
            conn.sendmail("dev@example.org", [rcpt], message(n))
            count_stat("accepted")
            n = take()
            continue
        except smtplib.SMTPResponseException as e:
            code = e.smtp_code
        except smtplib.SMTPRecipientsRefused as e:
            code = list(e.recipients.values())[0][0]
        except (smtplib.SMTPServerDisconnected, OSError):
            code = None
        if code is not None and code >= 500:
            count_stat("rejected")
            print("rejected %d: %s" % (n, code), file=sys.stderr)
            n = take()
        else:
            count_stat("tempfails" if code else "dropped")
        try:
            if conn is not None:
                conn.close()
        except Exception:
            pass
        conn = None
        time.sleep(0.2)
    if conn is not None:
        try:
            conn.quit()
        except Exception:
            pass


threads = [threading.Thread(target=worker) for _ in range(sessions)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print("accepted=%(accepted)d tempfails=%(tempfails)d dropped=%(dropped)d rejected=%(rejected)d" % stats)
sys.exit(0 if stats["accepted"] == count and stats["rejected"] == 0 else 1)
