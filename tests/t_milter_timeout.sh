#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# t_milter_timeout: the Timeout key (smfi_settimeout). Forty sessions that stall in the
# middle of a packet (a length that promises more bytes than ever come) are closed by
# the milter once Timeout passes, instead of holding their worker threads for
# libmilter's 7210 s (and, libmilter serving sessions from a pool of two workers, leaving
# new sessions unanswered); a new session is then answered and annotated. A session
# idle between commands for longer than Timeout is not cut off. A Timeout of 0 or above
# 86400 is refused.
set -u
. "$PM_SRC/tests/milter/lib.sh"
need python3

for bad in 0 86401 x; do
  printf 'Socket inet:8899@127.0.0.1\nTimeout %s\n' "$bad" > "$T/bad.conf"
  if "$PM_BIN" run -n -c "$T/bad.conf" >/dev/null 2>&1; then echo "FAIL: Timeout $bad accepted"; exit 1; fi
done

start_milter "Timeout 1"
# Each session sends a negotiation packet's length (100 bytes) and 3 of them, then waits
# (up to 60 s, far above Timeout) for the milter to close it.
python3 - "$T/run/sock" <<'PY' || { cat "$T/milter.log"; echo "FAIL: stalled sessions were not closed"; exit 1; }
import socket, struct, sys
conns = []
for _ in range(40):
    s = socket.socket(socket.AF_UNIX)
    s.connect(sys.argv[1])
    s.sendall(struct.pack(">I", 100) + b"O\x00\x00")
    conns.append(s)
for s in conns:
    s.settimeout(60)
    try:
        data = s.recv(1)
    except socket.timeout:
        sys.exit("a stalled session was still open after 60 s")
    except ConnectionResetError:
        data = b""
    if data:
        sys.exit("the milter answered a packet that never ended: %r" % data)
    s.close()
PY
echo "ok: stalled sessions closed after Timeout"
run_lua close.lua
run_lua idle.lua -D PAUSE=3
stop_milter
echo "ok: a new session is answered"
