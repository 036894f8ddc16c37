-- SPDX-License-Identifier: BSD-2-Clause
-- chunks.lua: a body sent in hundreds of small chunks (cutting lines anywhere) is
-- rebuilt byte for byte: the diff is found although the subject names no patch, and
-- the size logged is the size sent. Then a 200 KB random body (hundreds of chunks).
dofile(SRCDIR .. "/common.lua")

local hdrs = {
	{"From", "Dev <dev@example.org>"},
	{"Subject", "mm: fix the off-by-one in the walker"},
	{"Message-ID", "<chunks-1@example.org>"},
}
local body = "The walker stops one page early.\r\n\r\nSigned-off-by: Dev <dev@example.org>\r\n" ..
	"---\r\n mm/walk.c | 2 +-\r\n 1 file changed, 1 insertion(+), 1 deletion(-)\r\n\r\n" ..
	"diff --git a/mm/walk.c b/mm/walk.c\r\nindex 1111111..2222222 100644\r\n" ..
	"--- a/mm/walk.c\r\n+++ b/mm/walk.c\r\n@@ -10,7 +10,7 @@ static int walk(void)\r\n"
for i = 1, 40 do
	body = body .. " \tcontext line " .. i .. " of the function being walked\r\n"
end
body = body .. "-\tfor (i = 0; i < n - 1; i++)\r\n+\tfor (i = 0; i < n; i++)\r\n-- \r\n2.43.0\r\n"

local conn = open_conn()
envelope(conn, "CHUNKS1")
headers(conn, hdrs)
local size = 2 + #body
for _, h in ipairs(hdrs) do
	size = size + #h[1] + 2 + #h[2] + 2
end
local pos, step, chunks = 1, 1, 0
while pos <= #body do
	ok(mt.bodystring(conn, string.sub(body, pos, pos + step - 1)), "chunk")
	pos = pos + step
	step = step % 7 + 1
	chunks = chunks + 1
end
check(chunks > 300, "hundreds of chunks (" .. chunks .. ")")
finish(conn)
mt.echo("CHUNKS1 size=" .. size)
check(mt.eom_check(conn, MT_HDRINSERT, "X-Patch-Kind", "patch"), "diff found across chunks")

envelope(conn, "CHUNKS2")
headers(conn, {
	{"Subject", "[PATCH 2/2] lib: random payload"},
	{"Message-ID", "<chunks-2@example.org>"},
})
ok(mt.bodyrandom(conn, 200000), "random body")
finish(conn)
check(mt.eom_check(conn, MT_HDRINSERT, "X-Patch-Kind", "patch"), "random body: patch")
mt.disconnect(conn)
