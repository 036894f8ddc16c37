-- SPDX-License-Identifier: BSD-2-Clause
-- idle.lua: a session that stays silent between two commands for PAUSE seconds (an
-- MTA waiting for a slow SMTP client) is still served and annotated.
dofile(SRCDIR .. "/common.lua")

local c = open_conn()
envelope(c, "IDLE1")
mt.sleep(tonumber(PAUSE))
headers(c, {{"Subject", "[PATCH v3] slow client"}, {"Message-ID", "<idle-1@example.org>"}})
ok(mt.bodystring(c, "ok\r\n"), "body")
finish(c)
check(mt.eom_check(c, MT_HDRINSERT, "X-Patch-Version", "3"), "annotated after the pause")
mt.disconnect(c)
