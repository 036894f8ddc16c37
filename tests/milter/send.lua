-- SPDX-License-Identifier: BSD-2-Clause
-- send.lua: one patch message through the milter at SOCKET, described by -D values:
-- QID, FROM, SUBJECT, MSGID (no brackets), IRT (optional), BODY (the patch line).
-- Prints "REPLY <QID> continue|tempfail"; then, when the message was annotated,
-- checks STATE and, if given, SERIES and PRIOR (e.g. "<v1-1@x>") against the fields.
dofile(SRCDIR .. "/common.lua")

local conn = open_conn()
envelope(conn, QID)
local h = {
	{"From", FROM},
	{"Subject", SUBJECT},
	{"Message-ID", "<" .. MSGID .. ">"},
	{"Date", "Tue, 24 Nov 2026 10:00:00 +0000"},
}
if IRT ~= nil and IRT ~= "" then
	table.insert(h, {"In-Reply-To", "<" .. IRT .. ">"})
	table.insert(h, {"References", "<" .. IRT .. ">"})
end
headers(conn, h)
local body = "Change.\r\n"
if BODY ~= nil and BODY ~= "" then
	body = body .. "---\r\ndiff --git a/f.c b/f.c\r\n--- a/f.c\r\n+++ b/f.c\r\n@@ -1 +1 @@\r\n-a\r\n+" ..
		BODY .. "\r\n"
end
ok(mt.bodystring(conn, body), "body")
ok(mt.eom(conn), "eom")
local reply = mt.getreply(conn)
if reply == SMFIR_TEMPFAIL then
	print("REPLY " .. QID .. " tempfail")
else
	check(reply == SMFIR_CONTINUE or reply == SMFIR_ACCEPT, QID .. ": accepted")
	print("REPLY " .. QID .. " continue")
	if STATE ~= nil then
		check(mt.eom_check(conn, MT_HDRINSERT, "X-Patch-State", STATE), QID .. ": state " .. STATE)
	end
	if SERIES ~= nil then
		check(mt.eom_check(conn, MT_HDRINSERT, "X-Patch-Series", SERIES), QID .. ": series " .. SERIES)
	end
	if PRIOR ~= nil then
		check(mt.eom_check(conn, MT_HDRINSERT, "X-Patch-Prior", PRIOR), QID .. ": prior " .. PRIOR)
	end
end
mt.disconnect(conn)
