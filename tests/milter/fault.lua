-- SPDX-License-Identifier: BSD-2-Clause
-- fault.lua: one patch mail (queue id QID, Message-ID <QID@example.org>) touching
-- fs/crypto/; EXPECT=continue: accepted, with X-Patch-Kind inserted, and with or
-- without an X-Patch-Subsystem field as SUBSYSTEM (yes/no) says; EXPECT=tempfail:
-- the milter asks the MTA to try again later.
dofile(SRCDIR .. "/common.lua")

local conn = open_conn()
envelope(conn, QID)
headers(conn, {
	{"From", "Dev <dev@example.org>"},
	{"Subject", "[PATCH v2 1/1] fscrypt: fix the key check"},
	{"Message-ID", "<" .. QID .. "@example.org>"},
	{"Date", "Tue, 24 Nov 2026 10:00:00 +0000"},
})
ok(mt.bodystring(conn, "Fix it.\r\n\r\nSigned-off-by: Dev <dev@example.org>\r\n---\r\n" ..
	"diff --git a/fs/crypto/keyring.c b/fs/crypto/keyring.c\r\n--- a/fs/crypto/keyring.c\r\n" ..
	"+++ b/fs/crypto/keyring.c\r\n@@ -1 +1 @@\r\n-a\r\n+b\r\n"), "body")
ok(mt.eom(conn), "eom")
if EXPECT == "tempfail" then
	check(mt.getreply(conn) == SMFIR_TEMPFAIL, "tempfail reply")
else
	check(mt.getreply(conn) == SMFIR_CONTINUE or mt.getreply(conn) == SMFIR_ACCEPT, "accepted")
	check(mt.eom_check(conn, MT_HDRINSERT, "X-Patch-Kind", "patch"), "annotated")
	local has = mt.eom_check(conn, MT_HDRINSERT, "X-Patch-Subsystem")
	if SUBSYSTEM == "yes" then
		check(has, "X-Patch-Subsystem inserted")
	elseif SUBSYSTEM == "no" then
		check(not has, "no X-Patch-Subsystem")
	end
end
mt.disconnect(conn)
