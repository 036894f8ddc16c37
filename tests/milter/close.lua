-- SPDX-License-Identifier: BSD-2-Clause
-- close.lua: connections that close without negotiation, right after it, or in the
-- middle of a message do not disturb the filter; a full message still works after.
dofile(SRCDIR .. "/common.lua")

local c1 = mt.connect(SOCKET, 40, 0.25)
check(c1 ~= nil, "connect")
mt.disconnect(c1)

local c2 = open_conn()
mt.disconnect(c2)

local c3 = open_conn()
envelope(c3, "CLOSE3")
ok(mt.header(c3, "Subject", "[PATCH] cut off"), "header")
ok(mt.bodystring(c3, "half a bo"), "body")
mt.disconnect(c3, false)

local c4 = open_conn()
envelope(c4, "CLOSE4")
headers(c4, {{"Subject", "[PATCH v2] still alive"}, {"Message-ID", "<close-4@example.org>"}})
ok(mt.bodystring(c4, "ok\r\n"), "body")
finish(c4)
check(mt.eom_check(c4, MT_HDRINSERT, "X-Patch-Version", "2"), "annotated after the closes")
mt.disconnect(c4)
