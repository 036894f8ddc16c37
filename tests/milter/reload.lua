-- SPDX-License-Identifier: BSD-2-Clause
-- reload.lua: a message in flight while SIGUSR1 reloads the configuration finishes
-- with the old one (HeaderPrefix X-Patch-); the next message uses the new one
-- (X-Series-). The shell test rewrites the file and signals during the pause.
dofile(SRCDIR .. "/common.lua")

local a = open_conn()
in_flight(a, "RELOAD1", {
	{"Subject", "[PATCH v2] in flight"},
	{"X-Patch-Kind", "forged"},
	{"X-Series-Kind", "not ours yet"},
	{"Message-ID", "<reload-1@example.org>"},
})
finish(a)
check(mt.eom_check(a, MT_HDRINSERT, "X-Patch-Version", "2"), "old prefix for the message in flight")
check(mt.eom_check(a, MT_HDRDELETE, "X-Patch-Kind"), "old prefix's copy deleted")
check(not mt.eom_check(a, MT_HDRDELETE, "X-Series-Kind"), "new prefix not applied in flight")
mt.disconnect(a)

local b = open_conn()
envelope(b, "RELOAD2")
headers(b, {{"Subject", "[PATCH v3] after reload"}, {"Message-ID", "<reload-2@example.org>"}})
ok(mt.bodystring(b, "body\r\n"), "body")
finish(b)
check(mt.eom_check(b, MT_HDRINSERT, "X-Series-Version", "3"), "new prefix after reload")
mt.disconnect(b)
