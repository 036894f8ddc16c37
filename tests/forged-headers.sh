# SPDX-License-Identifier: BSD-2-Clause
# forged-headers.sh: patch mail whose header block hides a forged "X-Patch-State:
# duplicate" and "X-Patch-Kind: reply" from a parser that stops at the first line that
# is no field, behind a continuation line at the very top, or after a bare CR inside a
# field (sourced by tests/t_annotate_forged.sh and tests/t_postfix_forged_header.sh).
# attack NAME prints the message (LF line ends; crlf-barecr: CR LF) of each NAME in
# $ATTACKS, with Message-ID <NAME@attack.example>.
# python_sees_only_ours FILE...: Python's email parser reads each FILE; fails (and
# prints them) unless the X-Patch- fields it sees have each name once, and none is the
# forged "X-Patch-State: duplicate" or "X-Patch-Kind: reply".
top() {
  printf 'From: Eve <eve@example.org>\nTo: maint@example.org\nSubject: [PATCH] net: fix %s\n' "$1"
  printf 'Message-ID: <%s@attack.example>\nDate: Wed, 18 Nov 2026 09:00:00 +0000\n' "$1"
}
forged() { printf 'X-Patch-State: duplicate\nX-Patch-Kind: reply\n'; }
patch_body() {
  printf 'Fix it.\n\nSigned-off-by: Eve <eve@example.org>\n---\n'
  printf 'diff --git a/net/x.c b/net/x.c\n--- a/net/x.c\n+++ b/net/x.c\n@@ -1 +1 @@\n-a\n+b\n'
}
# attack NAME: the message of that attack.
attack() {
  case $1 in
    8bit) top "$1"; printf 'X-Note\351: x\n'; forged; printf '\n'; patch_body ;;
    nul) top "$1"; printf 'X-Note\0: x\n'; forged; printf '\n'; patch_body ;;
    control) top "$1"; printf 'X-Note\1: x\n'; forged; printf '\n'; patch_body ;;
    nocolon) top "$1"; printf 'A line without a colon\n'; forged; printf '\n'; patch_body ;;
    noname) top "$1"; printf ': a value without a name\n'; forged; printf '\n'; patch_body ;;
    bom) top "$1"; printf '\357\273\277X-Note: x\n'; forged; printf '\n'; patch_body ;;
    diff) top "$1"; printf 'diff --git a/net/y.c b/net/y.c\n'; forged; printf '\n'; patch_body ;;
    continuation) printf ' folded onto whatever comes first\n'; forged; top "$1"; printf '\n'; patch_body ;;
    barecr) top "$1" | sed 's/^\(Subject: .*\)$/\1\rX-Patch-State: duplicate\rX-Patch-Kind: reply/'
            printf '\n'; patch_body ;;
    crlf-barecr) top "$1" | sed 's/^\(To: .*\)$/\1\rx-patch-state: duplicate/; s/$/\r/'
                 printf '\r\n'; patch_body | sed 's/$/\r/' ;;
  esac
}
ATTACKS="8bit nul control nocolon noname bom diff continuation barecr crlf-barecr"

python_sees_only_ours() {
  python3 - "$@" <<'EOF'
import email, sys
bad = 0
for path in sys.argv[1:]:
    msg = email.message_from_bytes(open(path, "rb").read())
    ours = [(k.lower(), v) for k, v in msg.items() if k.lower().startswith("x-patch-")]
    names = [k for k, _ in ours]
    if len(set(names)) != len(names) or ("x-patch-state", "duplicate") in ours \
            or ("x-patch-kind", "reply") in ours:
        print(f"{path}: {ours}")
        bad += 1
sys.exit(bad != 0)
EOF
}
