-- SPDX-License-Identifier: BSD-2-Clause
-- big.lua: a message of BIGSIZE bytes of body (random printable lines) with one
-- forged field. With EXPECT=annotated it is annotated; with EXPECT=oversize it is
-- larger than MaximumMessageSize: the forged copy is still removed, nothing is added.
dofile(SRCDIR .. "/common.lua")

mt.set_timeout(120)
local conn = open_conn()
envelope(conn, QID)
headers(conn, {
	{"Subject", "[PATCH v7 3/9] a very large patch"},
	{"X-Patch-Version", "1"},
	{"Message-ID", "<" .. QID .. "@example.org>"},
})
ok(mt.bodyrandom(conn, tonumber(BIGSIZE)), "random body")
finish(conn)
check(mt.eom_check(conn, MT_HDRDELETE, "X-Patch-Version"), "forged copy deleted")
if EXPECT == "annotated" then
	check(mt.eom_check(conn, MT_HDRINSERT, "X-Patch-Version", "7"), "annotated")
else
	check(not mt.eom_check(conn, MT_HDRINSERT), "nothing inserted when oversize")
end
mt.disconnect(conn)
