-- SPDX-License-Identifier: BSD-2-Clause
-- stop.lua: a message in flight while SIGTERM stops the milter is finished and
-- annotated before the milter exits. The shell test sends the signal during the pause.
dofile(SRCDIR .. "/common.lua")

local a = open_conn()
in_flight(a, "STOP1", {
	{"Subject", "[PATCH v4] in flight at the stop"},
	{"Message-ID", "<stop-1@example.org>"},
})
finish(a)
check(mt.eom_check(a, MT_HDRINSERT, "X-Patch-Version", "4"), "message in flight annotated")
mt.disconnect(a)
