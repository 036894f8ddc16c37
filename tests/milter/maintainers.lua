-- SPDX-License-Identifier: BSD-2-Clause
-- maintainers.lua: one patch to drivers/foo/foo.c (queue id QID); it must pass, and
-- carry X-Patch-Subsystem: SECTION (or none when SECTION is "none"), and not OLD
-- when given (a section of an earlier MAINTAINERS).
dofile(SRCDIR .. "/common.lua")

local conn = open_conn()
envelope(conn, QID)
headers(conn, {
	{"From", "Dev <dev@example.org>"},
	{"Subject", "[PATCH] foo: fix the thing"},
	{"Message-ID", "<" .. QID .. "@example.org>"},
})
ok(mt.bodystring(conn, "Fix it.\r\n\r\nSigned-off-by: Dev <dev@example.org>\r\n---\r\n" ..
	"diff --git a/drivers/foo/foo.c b/drivers/foo/foo.c\r\n--- a/drivers/foo/foo.c\r\n" ..
	"+++ b/drivers/foo/foo.c\r\n@@ -1 +1 @@\r\n-a\r\n+b\r\n"), "body")
finish(conn)
check(mt.eom_check(conn, MT_HDRINSERT, "X-Patch-Kind", "patch"), QID .. ": annotated")
if SECTION == "none" then
	check(not mt.eom_check(conn, MT_HDRINSERT, "X-Patch-Subsystem"), QID .. ": no subsystem")
else
	check(mt.eom_check(conn, MT_HDRINSERT, "X-Patch-Subsystem", SECTION),
	      QID .. ": subsystem " .. SECTION)
end
if OLD ~= nil then
	check(not mt.eom_check(conn, MT_HDRINSERT, "X-Patch-Subsystem", OLD), QID .. ": not " .. OLD)
end
mt.disconnect(conn)
