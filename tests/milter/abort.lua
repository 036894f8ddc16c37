-- SPDX-License-Identifier: BSD-2-Clause
-- abort.lua: a message aborted mid-header or mid-body leaves nothing behind: the next
-- message on the same connection counts only its own forged copies.
dofile(SRCDIR .. "/common.lua")

local conn = open_conn()
envelope(conn, "ABORT1")
ok(mt.header(conn, "X-Patch-Kind", "forged-a"), "header")
ok(mt.header(conn, "X-Patch-Kind", "forged-b"), "header")
ok(mt.abort(conn), "abort mid-header")

envelope(conn, "ABORT2")
headers(conn, {
	{"X-Patch-Kind", "forged-c"},
	{"Subject", "[PATCH] x"},
	{"X-Patch-Kind", "forged-d"},
})
ok(mt.bodystring(conn, "part of a body\r\ndiff --git a/x b/x\r\n"), "body")
ok(mt.abort(conn), "abort mid-body")

envelope(conn, "ABORT3")
headers(conn, {
	{"Subject", "[PATCH v5] after the aborts"},
	{"X-Patch-Kind", "forged-e"},
	{"Message-ID", "<abort-3@example.org>"},
})
ok(mt.bodystring(conn, "body\r\n"), "body")
finish(conn)
check(mt.eom_check(conn, MT_HDRDELETE, "X-Patch-Kind"), "forged copy deleted")
check(mt.eom_check(conn, MT_HDRINSERT, "X-Patch-Version", "5"), "annotated")
mt.disconnect(conn)
