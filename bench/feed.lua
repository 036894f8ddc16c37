-- SPDX-License-Identifier: BSD-2-Clause
-- feed.lua: a miltertest script for bench/bench_pg.sh. Sends the messages listed in
-- LIST (one file a line), those at lines FIRST, FIRST+STEP, ..., through the milter at
-- SOCKET on one connection, one after the other, as fast as the milter answers, or
-- with a pause of PAUSE seconds after each (when PAUSE is given and not 0).
-- Queue ids are QID..<line>. Prints the number sent and the number tempfailed.
-- Header fields longer than 900 bytes are cut there (miltertest overflows its buffer
-- on longer ones; such fields are spam scores and signatures, nothing we read).
dofile(SRCDIR .. "/../tests/milter/common.lua")

local files = {}
for line in io.lines(LIST) do
	table.insert(files, line)
end
local conn = open_conn()
local sent, tempfailed = 0, 0
for i = tonumber(FIRST), #files, tonumber(STEP) do
	local f = assert(io.open(files[i], "rb"))
	local raw = f:read("*a"):gsub("\r\n", "\n")
	f:close()
	local head, body = raw:match("^(.-)\n\n(.*)$")
	if not head then
		head, body = raw, ""
	end
	envelope(conn, QID .. i)
	local fields = {}
	for line in (head .. "\n"):gmatch("(.-)\n") do
		if line:match("^[ \t]") and #fields > 0 then
			fields[#fields][2] = fields[#fields][2] .. "\n" .. line
		else
			local name, value = line:match("^([^:]+):[ \t]*(.*)$")
			if name then
				table.insert(fields, {name, value})
			end
		end
	end
	for _, h in ipairs(fields) do
		h[2] = h[2]:sub(1, 900 - #h[1])
	end
	headers(conn, fields)
	body = body:gsub("\n", "\r\n")
	for at = 1, #body, 60000 do
		ok(mt.bodystring(conn, body:sub(at, at + 59999)), "body")
	end
	ok(mt.eom(conn), "eom")
	if mt.getreply(conn) == SMFIR_TEMPFAIL then
		tempfailed = tempfailed + 1
	end
	sent = sent + 1
	if PAUSE and tonumber(PAUSE) > 0 then
		mt.sleep(tonumber(PAUSE))
	end
end
mt.disconnect(conn)
print("sent " .. sent .. " tempfailed " .. tempfailed)
