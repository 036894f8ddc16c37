-- SPDX-License-Identifier: BSD-2-Clause
-- common.lua: helpers shared by the miltertest scripts of patchmilter.
-- The shell test defines SOCKET (-D SOCKET=unix:...) and starts the filter itself.

function check(cond, what)
	if not cond then
		error("FAILED: " .. what)
	end
end

function ok(err, what)
	if err ~= nil then
		error("FAILED: " .. what .. ": " .. tostring(err))
	end
end

-- Connects and negotiates with everything offered, as Postfix does.
function open_conn()
	local conn = mt.connect(SOCKET, 40, 0.25)
	check(conn ~= nil, "connect to " .. SOCKET)
	ok(mt.negotiate(conn, nil, nil, nil), "negotiate")
	return conn
end

-- Runs the stages patchmilter may have disabled only when it asked for them.
function envelope(conn, qid)
	if not mt.test_option(conn, SMFIP_NOCONNECT) then
		ok(mt.conninfo(conn, "localhost", "127.0.0.1"), "conninfo")
	end
	if not mt.test_option(conn, SMFIP_NOHELO) then
		ok(mt.helo(conn, "client.example"), "helo")
	end
	ok(mt.macro(conn, SMFIC_MAIL, "i", qid), "macro i")
	if not mt.test_option(conn, SMFIP_NOMAIL) then
		ok(mt.mailfrom(conn, "dev@example.org"), "mailfrom")
	end
	if not mt.test_option(conn, SMFIP_NORCPT) then
		ok(mt.rcptto(conn, "maint@example.net"), "rcptto")
	end
end

function headers(conn, list)
	for _, h in ipairs(list) do
		ok(mt.header(conn, h[1], h[2]), "header " .. h[1])
	end
	if not mt.test_option(conn, SMFIP_NOEOH) then
		ok(mt.eoh(conn), "eoh")
	end
end

function finish(conn)
	ok(mt.eom(conn), "eom")
	check(mt.getreply(conn) == SMFIR_CONTINUE or mt.getreply(conn) == SMFIR_ACCEPT,
	      "message accepted")
end

-- Sends a message up to its end of body, prints "<qid> waiting" and pauses PAUSE
-- seconds, for the shell test to signal the milter with the message in flight.
function in_flight(conn, qid, list)
	envelope(conn, qid)
	headers(conn, list)
	ok(mt.bodystring(conn, "body\r\n"), "body")
	mt.echo(qid .. " waiting")
	mt.sleep(tonumber(PAUSE))
end
