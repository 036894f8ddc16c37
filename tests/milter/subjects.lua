-- SPDX-License-Identifier: BSD-2-Clause
-- subjects.lua: a folded Subject (LF between its lines, as MTAs pass them) and an
-- RFC 2047 encoded Subject are both read as patch subjects.
dofile(SRCDIR .. "/common.lua")

local conn = open_conn()
envelope(conn, "FOLDED1")
headers(conn, {
	{"From", "Dev <dev@example.org>"},
	{"Subject", "[PATCH v2 0/3] mm: a cover letter whose subject is long enough\n\tto be folded"},
	{"Message-ID", "<folded-1@example.org>"},
})
ok(mt.bodystring(conn, "This series fixes things.\r\n\r\nDev (3):\r\n  mm: one\r\n"), "body")
finish(conn)
check(mt.eom_check(conn, MT_HDRINSERT, "X-Patch-Kind", "cover"), "folded: cover letter")
check(mt.eom_check(conn, MT_HDRINSERT, "X-Patch-Version", "2"), "folded: version 2")

envelope(conn, "ENCODED1")
headers(conn, {
	{"From", "=?UTF-8?q?J=C3=BCrgen_Dev?= <juergen@example.org>"},
	{"Subject", "=?UTF-8?q?=5BPATCH_v4_1/2=5D_net:_caf=C3=A9_driver_fix?="},
	{"Message-ID", "<encoded-1@example.org>"},
})
ok(mt.bodystring(conn, "Fix.\r\n---\r\ndiff --git a/net/c.c b/net/c.c\r\n--- a/net/c.c\r\n" ..
	"+++ b/net/c.c\r\n@@ -1 +1 @@\r\n-a\r\n+b\r\n"), "body")
finish(conn)
check(mt.eom_check(conn, MT_HDRINSERT, "X-Patch-Kind", "patch"), "encoded: patch")
check(mt.eom_check(conn, MT_HDRINSERT, "X-Patch-Version", "4"), "encoded: version 4")
mt.disconnect(conn)
