# SPDX-License-Identifier: BSD-2-Clause
# lib.sh: a private Postfix on loopback, the one way the tests and benches run one
# (tests/t_postfix*.sh, tests/t_deb.sh, bench/milter_bench.sh). Sourced after $T (the
# caller's temp dir, searchable by all) exists and after the caller's own `cleanup`
# function (tests/milter/lib.sh's, or its own) is defined: sourcing sets the EXIT trap
# to pf_finish, which stops Postfix, removes the run's user, then calls cleanup.
# Postfix runs as root with its own config directory $PF/etc, queue $PF/spool and log
# $PF_LOG, chroot off, smtpd only on 127.0.0.1 at a port chosen free.
# Gives:
#   pf_need TOOL...     skip (exit 77) unless root with Postfix, useradd and the TOOLs
#   pf_add_user PREFIX  a local user PREFIX<pid> of this run: TUSER, THOME, and MAILDIR
#                       ($THOME/Maildir, removed); deleted with its home at exit
#   start_postfix [OPTION]... ["main.cf line"]...: writes the configuration (the lines
#       last), checks it and starts Postfix; SMTP_PORT is its smtpd port. OPTIONs:
#     --milter SOCKET   smtpd_milters and non_smtpd_milters (default unix:$T/run/sock,
#                       tests/milter/lib.sh's start_milter)
#     --discard         local mail goes to the discard transport (no user needed);
#                       default: delivery to Maildir/ in the recipient's home
#     --mailbox-command CMD    local delivery through CMD instead
#     --listener VAR SOCKET    one more smtpd on a free port (stored in VAR) whose
#                       smtpd_milters is SOCKET
#   stop_postfix        stops Postfix (pf_finish does it too)
#   pf_queue_empty      true when no message is queued (maildrop, incoming, active, deferred)
#   pf_wait_queue SECONDS      until the queue is empty; 1 after SECONDS
#   wait_delivered N SECONDS   until N files are delivered and the queue is empty
#   delivered_files, delivered_count: the files in new/ of $MAILDIR and of its folders
#   message_ids         Message-IDs of the delivered files, one a line
#   fail MESSAGE        prints FAIL, the tails of the milter's and Postfix's logs, exits 1
. "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"
: "${T:?T (the temp dir) not set before sourcing tests/postfix/lib.sh}"
PF="$T/pf"
PF_LOG="$PF/postfix.log"
PF_USER_MADE=
TUSER='' THOME='' MAILDIR=''

pf_need() {
  if [ "$(id -u)" -ne 0 ]; then echo "SKIP: needs root to run a private Postfix"; exit 77; fi
  need postfix postconf useradd python3 "$@"
}

stop_postfix() {
  if [ -f "$PF/etc/main.cf" ]; then postfix -c "$PF/etc" stop >/dev/null 2>&1 || true; fi
}

pf_finish() {
  stop_postfix
  if [ -n "$PF_USER_MADE" ]; then userdel -r "$TUSER" >/dev/null 2>&1 || true; fi
  cleanup
}
trap pf_finish EXIT

fail() { fail_with_logs "$*" "$T/milter.log" "$PF_LOG"; }

pf_add_user() {
  TUSER=$1$$
  # Several checkouts may run these tests at once: a user of our own per run. One
  # left by an interrupted run with this pid is ours too, and goes at exit.
  PF_USER_MADE=1
  if ! id "$TUSER" >/dev/null 2>&1; then
    useradd -m "$TUSER" || fail "useradd $TUSER"
  fi
  THOME=$(getent passwd "$TUSER" | cut -d: -f6)
  # A home left by an interrupted run may belong to a deleted uid: make it this user's.
  chown "$TUSER:" "$THOME"
  MAILDIR=$THOME/Maildir
  rm -rf "$MAILDIR"
}

start_postfix() {
  local milter="unix:$T/run/sock" delivery="home_mailbox = Maildir/
mailbox_command =" listeners=() port line
  while [ $# -gt 0 ]; do
    case $1 in
      --milter) milter=$2; shift 2 ;;
      --discard) delivery="local_transport = discard:discarded
local_recipient_maps ="; shift ;;
      --mailbox-command) delivery="mailbox_command = $2"; shift 2 ;;
      --listener) port=$(free_port); printf -v "$2" '%s' "$port"
                  listeners+=("127.0.0.1:$port/inet = 127.0.0.1:$port inet n - n - - smtpd -o smtpd_milters=$3")
                  shift 3 ;;
      *) break ;;
    esac
  done
  SMTP_PORT=$(free_port)
  mkdir -p "$PF/etc" "$PF/spool" "$PF/data"
  chown postfix "$PF/data"
  cp /etc/postfix/master.cf /etc/postfix/dynamicmaps.cf "$PF/etc/"
  {
    cat <<EOF
compatibility_level = 3.6
queue_directory = $PF/spool
data_directory = $PF/data
mail_owner = postfix
setgid_group = postdrop
myhostname = mx.test.example
mydomain = test.example
myorigin = \$myhostname
inet_interfaces = loopback-only
inet_protocols = ipv4
mydestination = \$myhostname, localhost
mynetworks = 127.0.0.0/8
smtpd_relay_restrictions = permit_mynetworks, reject_unauth_destination
$delivery
alias_maps =
alias_database =
maillog_file_prefixes = /var, /dev/stdout, $T
maillog_file = $PF_LOG
smtpd_milters = $milter
non_smtpd_milters = \$smtpd_milters
milter_default_action = tempfail
EOF
    for line in "$@"; do echo "$line"; done
  } > "$PF/etc/main.cf"
  postconf -c "$PF/etc" -F '*/*/chroot = n'
  postconf -c "$PF/etc" -MX smtp/inet
  postconf -c "$PF/etc" -M -e "127.0.0.1:$SMTP_PORT/inet = 127.0.0.1:$SMTP_PORT inet n - n - - smtpd"
  for line in "${listeners[@]}"; do postconf -c "$PF/etc" -M -e "$line"; done
  postfix -c "$PF/etc" check >/dev/null 2>&1 || fail "postfix check"
  postfix -c "$PF/etc" start >/dev/null 2>&1 || fail "postfix start"
}

pf_queue_empty() {
  [ -z "$(find "$PF/spool/maildrop" "$PF/spool/incoming" "$PF/spool/active" "$PF/spool/deferred" \
            -type f 2>/dev/null | head -n 1)" ]
}

pf_wait_queue() {
  for _ in $(seq 1 $(( $1 * 10 ))); do
    pf_queue_empty && return 0
    sleep 0.1
  done
  return 1
}

delivered_files() { find "$MAILDIR" -path '*/new/*' -type f 2>/dev/null; }
delivered_count() { delivered_files | wc -l; }

wait_delivered() {
  for _ in $(seq 1 $(( $2 * 10 ))); do
    if [ "$(delivered_count)" -ge "$1" ] && pf_queue_empty; then return 0; fi
    sleep 0.1
  done
  return 1
}

message_ids() {
  delivered_files | tr '\n' '\0' | xargs -0 -r grep -h -i -m1 '^Message-ID:' | sed 's/^[^<]*<\([^>]*\)>.*/\1/'
}
