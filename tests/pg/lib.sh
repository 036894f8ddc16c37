# SPDX-License-Identifier: BSD-2-Clause
# pg/lib.sh: a private PostgreSQL server for a test (sourced by tests/t_*pg*.sh and
# bench/). Gives: pg_need (skips the test when no server can run), pg_available
# (the same as a test, PG_WHY saying why not), start_pg DIR (initdb on first use, then starts it listening only on
# a socket in DIR/sock, port chosen free), stop_pg (fast), kill_pg (immediate: a crash),
# and PG_URI (trust authentication, database "patchmilter", user "patchmilter").
# The server runs as an unprivileged user: the caller when not root, else "postgres".
# PG_TCP=1 before start_pg also listens on 127.0.0.1; PG_AUTH_HOST=scram-sha-256 then
# asks TCP clients for a password (the socket stays trust).
# The caller's EXIT trap must call stop_pg. Also gives tests/lib.sh's helpers (free_port).
. "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"

PG_BINDIR=${PG_BINDIR:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)}
PG_DIR=
PG_PORT=
PG_URI=

# pg_available: whether a server can be started here; PG_WHY says why not.
pg_available() {
  PG_WHY=
  if [ -z "$PG_BINDIR" ] || [ ! -x "$PG_BINDIR/initdb" ]; then
    PG_WHY="PostgreSQL server binaries not installed (Debian package postgresql)"
  elif [ "$(id -u)" -eq 0 ] && ! id postgres >/dev/null 2>&1; then
    PG_WHY="running as root and no unprivileged postgres user to run the server"
  fi
  [ -z "$PG_WHY" ]
}

pg_need() {
  pg_available || { echo "SKIP: $PG_WHY"; exit 77; }
}

pg_as() { # runs a command as the server's user
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

start_pg() {
  pg_need
  PG_DIR=$1
  mkdir -p "$PG_DIR/sock"
  if [ ! -d "$PG_DIR/data" ]; then
    if [ "$(id -u)" -eq 0 ]; then
      chmod o+x "$(dirname "$PG_DIR")"
      chown postgres "$PG_DIR" "$PG_DIR/sock" && chmod 755 "$PG_DIR" "$PG_DIR/sock"
    fi
    pg_as "$PG_BINDIR/initdb" -D "$PG_DIR/data" -U patchmilter --auth-local=trust \
      --auth-host="${PG_AUTH_HOST:-trust}" -E UTF8 \
      --no-sync >"$PG_DIR/initdb.log" 2>&1 || { cat "$PG_DIR/initdb.log"; echo "FAIL: initdb"; exit 1; }
  fi
  [ -n "$PG_PORT" ] || PG_PORT=$(free_port)
  local listen="''"
  [ "${PG_TCP:-0}" = 1 ] && listen=127.0.0.1
  pg_as "$PG_BINDIR/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w -t 60 \
    -o "-k $PG_DIR/sock -p $PG_PORT -c listen_addresses=$listen -c fsync=${PG_FSYNC:-off} ${PG_OPTIONS:-}" \
    start >/dev/null || { cat "$PG_DIR/server.log"; echo "FAIL: PostgreSQL did not start"; exit 1; }
  if ! pg_as "$PG_BINDIR/psql" -h "$PG_DIR/sock" -p "$PG_PORT" -U patchmilter -d postgres -Atqc \
      "SELECT 1 FROM pg_database WHERE datname = 'patchmilter'" | grep -q 1; then
    pg_as "$PG_BINDIR/createdb" -h "$PG_DIR/sock" -p "$PG_PORT" -U patchmilter patchmilter
  fi
  PG_URI="postgresql://patchmilter@/patchmilter?host=$PG_DIR/sock&port=$PG_PORT"
}

stop_pg() {
  [ -n "$PG_DIR" ] && [ -f "$PG_DIR/data/postmaster.pid" ] &&
    pg_as "$PG_BINDIR/pg_ctl" -D "$PG_DIR/data" -m fast -w stop >/dev/null 2>&1
  return 0
}

# A crash: the postmaster and its children die at once, connections drop.
kill_pg() {
  pg_as "$PG_BINDIR/pg_ctl" -D "$PG_DIR/data" -m immediate -w stop >/dev/null 2>&1
}
