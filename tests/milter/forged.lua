-- SPDX-License-Identifier: BSD-2-Clause
-- forged.lua: incoming X-Patch-* copies (any case, several per name) are all deleted
-- and our own fields are inserted at index 1; a field in which a bare CR hides one of
-- ours (Python's email ends a line there) gets its value without it.
dofile(SRCDIR .. "/common.lua")

local conn = open_conn()
check(mt.test_action(conn, SMFIF_ADDHDRS), "asks for ADDHDRS")
check(mt.test_action(conn, SMFIF_CHGHDRS), "asks for CHGHDRS")
check(not mt.test_action(conn, SMFIF_CHGBODY), "does not ask for CHGBODY")
check(mt.test_option(conn, SMFIP_NOCONNECT), "skips connect")
check(mt.test_option(conn, SMFIP_NOHELO), "skips helo")
check(mt.test_option(conn, SMFIP_NORCPT), "skips rcpt")
check(mt.test_option(conn, SMFIP_NOUNKNOWN), "skips unknown")
check(not mt.test_option(conn, SMFIP_NOBODY), "wants the body")
check(not mt.test_option(conn, SMFIP_NOHDRS), "wants the headers")

envelope(conn, "FORGED1")
headers(conn, {
	{"Received", "from client.example by mx.test.example"},
	{"X-Patch-Version", "99"},
	{"From", "Dev <dev@example.org>"},
	{"x-patch-version", "98"},
	{"X-Patch-State", "duplicate"},
	{"Subject", "[PATCH v3 1/2] mm: fix the thing"},
	{"X-PATCH-VERSION", "97"},
	{"X-Patchwork-Hint", "ignore"},
	{"Message-ID", "<forged-1@example.org>"},
	{"Date", "Tue, 24 Nov 2026 10:00:00 +0000"},
})
ok(mt.bodystring(conn, "Fix it.\r\n\r\nSigned-off-by: Dev <dev@example.org>\r\n---\r\n" ..
	"diff --git a/mm/x.c b/mm/x.c\r\n--- a/mm/x.c\r\n+++ b/mm/x.c\r\n@@ -1 +1 @@\r\n-a\r\n+b\r\n"),
	"body")
finish(conn)
check(mt.eom_check(conn, MT_HDRDELETE, "X-Patch-Version"), "forged X-Patch-Version deleted")
check(mt.eom_check(conn, MT_HDRDELETE, "X-Patch-State"), "forged X-Patch-State deleted")
check(not mt.eom_check(conn, MT_HDRDELETE, "X-Patchwork-Hint"), "X-Patchwork-Hint kept")
check(mt.eom_check(conn, MT_HDRINSERT, "X-Patch-Version", "3"), "X-Patch-Version: 3 inserted")
check(mt.eom_check(conn, MT_HDRINSERT, "X-Patch-Kind", "patch"), "X-Patch-Kind: patch inserted")
check(not mt.eom_check(conn, MT_HDRADD), "nothing appended with addheader")

envelope(conn, "FORGED2")
headers(conn, {
	{"Received", "from client.example by mx.test.example"},
	{"To", "a@example.org"},
	{"To", "b@example.org\rx-patch-state: duplicate\r\n c@example.org"},
	{"Subject", "[PATCH v3 1/2] mm: fix\rX-Patch-State: duplicate\rX-Patch-Kind: reply"},
	{"Comments", "a\r\n\tb\rno field of ours"},
	{"Message-ID", "<forged-2@example.org>"},
})
ok(mt.bodystring(conn, "---\r\ndiff --git a/x b/x\r\n--- a/x\r\n+++ b/x\r\n@@ -1 +1 @@\r\n-a\r\n+b\r\n"),
	"body")
finish(conn)
check(mt.eom_check(conn, MT_HDRCHANGE, "Subject", "[PATCH v3 1/2] mm: fix"), "Subject without what a CR hid")
check(mt.eom_check(conn, MT_HDRCHANGE, "To", "b@example.org\r\n c@example.org"), "second To without what a CR hid")
check(not mt.eom_check(conn, MT_HDRCHANGE, "To", "a@example.org"), "first To kept")
check(not mt.eom_check(conn, MT_HDRCHANGE, "Comments"), "Comments kept")
check(mt.eom_check(conn, MT_HDRINSERT, "X-Patch-Kind", "patch"), "X-Patch-Kind: patch inserted")
mt.disconnect(conn)
