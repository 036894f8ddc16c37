# lib.sh: a private Postfix on loopback for the fault and load tests (sourced after
# tests/milter/lib.sh, with PF_USER naming a test user of its own). Needs root.
# Gives: start_postfix "main.cf line"..., SMTP_PORT,
# TUSER, MAILDIR, delivered_count, message_ids (Message-IDs of delivered files, one a
# line), pf_fail MESSAGE; stops Postfix and removes the test user on exit.
# The milter socket is $T/run/sock (start_milter); Postfix runs without chroot.
if [ "$(id -u)" -ne 0 ]; then echo "SKIP: needs root to run a private Postfix"; exit 77; fi
need postfix postconf useradd python3
# Several checkouts may run these tests at once: a user of our own per run.
TUSER=${PF_USER:?set PF_USER before sourcing}$$
CREATED_USER=
PF="$T/pf"

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}
pf_finish() {
  [ -f "$PF/etc/main.cf" ] && postfix -c "$PF/etc" stop >/dev/null 2>&1
  [ -n "$CREATED_USER" ] && userdel -r "$TUSER" >/dev/null 2>&1
  cleanup
}
trap pf_finish EXIT
pf_fail() {
  echo "FAIL: $*"
  echo "--- milter log (last 20 lines)"; tail -n 20 "$T/milter.log"
  echo "--- postfix log (last 30 lines)"; tail -n 30 "$PF/postfix.log" 2>/dev/null
  exit 1
}

if ! id "$TUSER" >/dev/null 2>&1; then
  useradd -m "$TUSER" || pf_fail "useradd $TUSER"
  CREATED_USER=1
fi
MAILDIR=$(getent passwd "$TUSER" | cut -d: -f6)/Maildir
rm -rf "$MAILDIR"

start_postfix() {
  SMTP_PORT=$(free_port)
  mkdir -p "$PF/etc" "$PF/spool" "$PF/data"
  chown postfix "$PF/data"
  cp /etc/postfix/master.cf /etc/postfix/dynamicmaps.cf "$PF/etc/"
  {
    cat <<EOF2
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
home_mailbox = Maildir/
mailbox_command =
alias_maps =
alias_database =
maillog_file_prefixes = /var, /dev/stdout, $T
maillog_file = $PF/postfix.log
smtpd_milters = unix:$T/run/sock
non_smtpd_milters = \$smtpd_milters
milter_default_action = tempfail
EOF2
    for line in "$@"; do echo "$line"; done
  } > "$PF/etc/main.cf"
  postconf -c "$PF/etc" -F '*/*/chroot = n'
  postconf -c "$PF/etc" -MX smtp/inet
  postconf -c "$PF/etc" -M -e "127.0.0.1:$SMTP_PORT/inet = 127.0.0.1:$SMTP_PORT inet n - n - - smtpd"
  postfix -c "$PF/etc" check >/dev/null 2>&1 || pf_fail "postfix check"
  postfix -c "$PF/etc" start >/dev/null 2>&1 || pf_fail "postfix start"
}

delivered_count() { find "$MAILDIR/new" -type f 2>/dev/null | wc -l; }

# wait_delivered N SECONDS: until N files are in the Maildir and the queue is empty.
wait_delivered() {
  local i
  for i in $(seq 1 $(( $2 * 5 ))); do
    if [ "$(delivered_count)" -ge "$1" ] && [ -z "$(find "$PF/spool/active" "$PF/spool/incoming" "$PF/spool/deferred" -type f 2>/dev/null | head -n 1)" ]; then
      return 0
    fi
    sleep 0.2
  done
  return 1
}

message_ids() {
  find "$MAILDIR/new" -type f -print0 | xargs -0 -r grep -h -i -m1 '^Message-ID:' | sed 's/^[^<]*<\([^>]*\)>.*/\1/'
}
