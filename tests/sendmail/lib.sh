# SPDX-License-Identifier: BSD-2-Clause
# lib.sh: a private Sendmail on loopback for tests/t_sendmail*.sh. Debian's sendmail
# conflicts with postfix (both provide mail-transport-agent), which the suite needs, so
# Sendmail is never installed: its .debs are fetched with `apt-get download` into a
# cache ($PM_BUILD/sendmail-debs, reused), unpacked with `dpkg -x` into $SM/root, and
# run from there with a sendmail.cf built by m4 from a small .mc and the unpacked cf/
# tree. Sourced after $T (the caller's temp dir, searchable by all) exists and after the
# caller's `cleanup` function is defined: sourcing sets the EXIT trap to sm_finish,
# which stops Sendmail, then calls cleanup.
# Sendmail runs as root in the foreground (-bD), in a UTS namespace of its own whose
# host name is mx.test.example (unqualified, it would sleep 60 s before reading its
# configuration), with the queue, pid file and service switch ("hosts files", no DNS) in
# $SM, a daemon only on 127.0.0.1 at a port chosen free, interactive delivery, and a
# local mailer that writes each delivered message, as Sendmail hands it over, to a file
# in $SM_OUT.
# Gives:
#   sm_need TOOL...     skip (exit 77) unless root with m4, unshare, python3 and the TOOLs,
#                       and the .debs can be fetched (or are cached) and their libraries
#                       are installed (scripts/install-deps test)
#   start_sendmail [--milter SPEC] ["mc line"]...: writes $SM/test.mc (the lines last),
#       builds $SM/sendmail.cf and starts Sendmail; SMTP_PORT is its port. SPEC is the
#       S= of INPUT_MAIL_FILTER (default local:$T/run/sock, tests/milter/lib.sh's
#       start_milter)
#   stop_sendmail       stops Sendmail (sm_finish does it too)
#   sm_send FILE [RCPT] sends FILE over SMTP as it is (LF line ends made CRLF; Sendmail
#                       refuses bare LF), from dev@example.org to RCPT (default
#                       root@mx.test.example)
#   wait_delivered N SECONDS   until N files are delivered
#   delivered_files, delivered_count: the files in $SM_OUT
#   fail MESSAGE        prints FAIL, the tails of the milter's and Sendmail's logs, exits 1
. "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"
: "${T:?T (the temp dir) not set before sourcing tests/sendmail/lib.sh}"
SM="$T/sm"
SM_ROOT="$SM/root"
SM_OUT="$SM/out"
SM_LOG="$SM/sendmail.log"
SM_BIN="$SM_ROOT/usr/libexec/sendmail/sendmail"
SM_CF_DIR="$SM_ROOT/usr/share/sendmail/cf"
SM_DEBS="${PM_BUILD:-$SM}/sendmail-debs"
SM_PKGS="sendmail-bin sendmail-base sendmail-cf"
SM_PID=

stop_sendmail() {
  [ -n "$SM_PID" ] || return 0
  kill "$SM_PID" 2>/dev/null
  wait "$SM_PID" 2>/dev/null
  SM_PID=
}

sm_finish() {
  stop_sendmail
  cleanup
}
trap sm_finish EXIT

fail() { fail_with_logs "$*" "$T/milter.log" "$SM_LOG"; }

# The .debs in $SM_DEBS: fetched once (into a temporary directory first, so that an
# interrupted download leaves no partial cache); apt-get update once if that finds
# nothing. Returns 1 when they cannot be had.
sm_fetch() {
  local p have=1
  for p in $SM_PKGS; do ls "$SM_DEBS/${p}_"*.deb >/dev/null 2>&1 || have=0; done
  [ "$have" -eq 1 ] && return 0
  need apt-get
  local tmp="$SM_DEBS.tmp.$$"
  rm -rf "$tmp" && mkdir -p "$tmp" || return 1
  # shellcheck disable=SC2086
  if ! (cd "$tmp" && timeout 120 apt-get download $SM_PKGS) >"$SM/apt.log" 2>&1; then
    timeout 300 apt-get update -qq >>"$SM/apt.log" 2>&1
    # shellcheck disable=SC2086
    (cd "$tmp" && timeout 120 apt-get download $SM_PKGS) >>"$SM/apt.log" 2>&1 \
      || { rm -rf "$tmp"; return 1; }
  fi
  rm -rf "$SM_DEBS" && mv "$tmp" "$SM_DEBS"
}

sm_need() {
  if [ "$(id -u)" -ne 0 ]; then echo "SKIP: needs root to run a private Sendmail"; exit 77; fi
  need m4 unshare dpkg python3 "$@"
  mkdir -p "$SM" "$SM_ROOT"
  if ! sm_fetch; then
    echo "SKIP: cannot fetch the Sendmail .debs ($SM_PKGS) with apt-get download: $(tail -n 1 "$SM/apt.log")"
    exit 77
  fi
  local deb
  for deb in "$SM_DEBS"/*.deb; do dpkg -x "$deb" "$SM_ROOT" || fail "dpkg -x $deb"; done
  [ -x "$SM_BIN" ] || fail "no $SM_BIN in the .debs"
  local missing
  missing=$(ldd "$SM_BIN" | awk '/not found/ { printf " %s", $1 }')
  if [ -n "$missing" ]; then
    echo "SKIP: Sendmail needs$missing (scripts/install-deps test installs them)"
    exit 77
  fi
}

start_sendmail() {
  local milter="local:$T/run/sock" line
  if [ "${1:-}" = --milter ]; then milter=$2; shift 2; fi
  SMTP_PORT=$(free_port)
  mkdir -p "$SM/queue" "$SM_OUT"
  chmod 700 "$SM/queue"
  chmod 755 "$SM"
  printf 'hosts\tfiles\naliases\tfiles\npasswd\tfiles\n' > "$SM/service.switch"
  : > "$SM/aliases"
  cat > "$SM/deliver" <<EOF
#!/bin/sh
# deliver: the test Sendmail's local mailer; each message to a file of its own in $SM_OUT
# (written aside first, so that a file there is always whole).
tmp=\$(mktemp "$SM_OUT/.tmp.XXXXXX") && cat > "\$tmp" && mv "\$tmp" "$SM_OUT/msg.\$(date +%s%N).\$\$"
EOF
  chmod 755 "$SM/deliver"
  # The milter socket is under /tmp (world-writable): Sendmail refuses a socket in an
  # unsafe directory unless told to trust the sticky bit. Mlocal: F=S keeps root (the
  # recipient is root anyway), F=n no "From " line.
  {
    cat <<EOF
divert(0)dnl
OSTYPE(\`linux')dnl
define(\`confDOMAIN_NAME', \`mx.test.example')dnl
define(\`confDONT_PROBE_INTERFACES', \`True')dnl
define(\`confBIND_OPTS', \`-DNSRCH -DEFNAMES')dnl
define(\`confSERVICE_SWITCH_FILE', \`$SM/service.switch')dnl
define(\`confDONT_BLAME_SENDMAIL', \`TrustStickyBit')dnl
define(\`QUEUE_DIR', \`$SM/queue')dnl
define(\`ALIAS_FILE', \`$SM/aliases')dnl
define(\`confPID_FILE', \`$SM/sendmail.pid')dnl
define(\`confSTATUS_FILE', \`$SM/statistics')dnl
define(\`confHELP_FILE', \`$SM_ROOT/etc/mail/helpfile')dnl
define(\`confDELIVERY_MODE', \`interactive')dnl
define(\`LOCAL_MAILER_PATH', \`$SM/deliver')dnl
define(\`LOCAL_MAILER_ARGS', \`deliver \$u')dnl
define(\`LOCAL_MAILER_FLAGS', \`Sn')dnl
FEATURE(\`nocanonify')dnl
FEATURE(\`accept_unresolvable_domains')dnl
FEATURE(\`no_default_msa')dnl
DAEMON_OPTIONS(\`Port=$SMTP_PORT, Addr=127.0.0.1, Name=MTA')dnl
INPUT_MAIL_FILTER(\`patchmilter', \`S=$milter, F=T, T=C:30s;S:10s;R:10s;E:5m')dnl
EOF
    for line in "$@"; do echo "$line"; done
    printf "MAILER(\`local')dnl\nMAILER(\`smtp')dnl\n"
  } > "$SM/test.mc"
  m4 -D_CF_DIR_="$SM_CF_DIR/" "$SM_CF_DIR/m4/cf.m4" "$SM/test.mc" > "$SM/sendmail.cf" 2>"$SM/m4.log" \
    || { cat "$SM/m4.log"; fail "m4 could not build sendmail.cf"; }
  [ -s "$SM/m4.log" ] && { cat "$SM/m4.log"; fail "m4 warned building sendmail.cf"; }
  # -bD: the daemon in the foreground, so that $SM_PID is Sendmail's own pid (unshare
  # and sh exec it).
  nice -n 19 unshare --uts sh -c "hostname mx.test.example && exec \"$SM_BIN\" -C \"$SM/sendmail.cf\" -bD -q1m" \
    >>"$SM_LOG" 2>&1 &
  SM_PID=$!
  for _ in $(seq 1 100); do
    kill -0 "$SM_PID" 2>/dev/null || { SM_PID=; fail "Sendmail exited at start"; }
    (exec 3<>"/dev/tcp/127.0.0.1/$SMTP_PORT") 2>/dev/null && return 0
    sleep 0.1
  done
  fail "Sendmail not listening on 127.0.0.1:$SMTP_PORT after 10 s"
}

sm_send() {
  python3 - "$SMTP_PORT" "$1" "${2:-root@mx.test.example}" <<'EOF' || fail "SMTP submission of $1"
import smtplib, sys
port, path, rcpt = int(sys.argv[1]), sys.argv[2], sys.argv[3]
data = open(path, "rb").read().replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")
with smtplib.SMTP("127.0.0.1", port, timeout=60) as s:
    s.sendmail("dev@example.org", [rcpt], data)
EOF
}

delivered_files() { find "$SM_OUT" -name 'msg.*' -type f 2>/dev/null; }
delivered_count() { delivered_files | wc -l; }

wait_delivered() {
  for _ in $(seq 1 $(( $2 * 10 ))); do
    [ "$(delivered_count)" -ge "$1" ] && return 0
    sleep 0.1
  done
  return 1
}
