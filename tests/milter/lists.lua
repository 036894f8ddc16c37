-- SPDX-License-Identifier: BSD-2-Clause
-- lists.lua: with "Lists netdev.vger.kernel.org", a message of that list is annotated,
-- a message of another list (or of none) is not, and both lose their forged copies.
dofile(SRCDIR .. "/common.lua")

local function send(qid, list_id)
	local conn = open_conn()
	envelope(conn, qid)
	local hdrs = {
		{"Subject", "[PATCH v2 1/3] net: fix"},
		{"X-Patch-State", "forged"},
		{"Message-ID", "<" .. qid .. "@example.org>"},
	}
	if list_id then
		table.insert(hdrs, {"List-Id", list_id})
	end
	headers(conn, hdrs)
	ok(mt.bodystring(conn, "body\r\n"), "body")
	finish(conn)
	check(mt.eom_check(conn, MT_HDRDELETE, "X-Patch-State"), qid .. ": forged copy deleted")
	local annotated = mt.eom_check(conn, MT_HDRINSERT, "X-Patch-Version", "2")
	mt.disconnect(conn)
	return annotated
end

check(send("LISTS1", "Networking <NETDEV.vger.kernel.org>"), "listed list annotated")
check(not send("LISTS2", "<linux-mm.kvack.org>"), "other list not annotated")
check(not send("LISTS3", nil), "no List-Id not annotated")
