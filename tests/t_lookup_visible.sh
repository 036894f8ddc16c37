#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# t_lookup_visible: `lookup` never writes to the terminal a byte a sender chose to act
# on it (issue 18): a Message-ID and an author carrying ESC sequences, BEL and a C1
# control are shown as \xNN, and the rest of each value as it is.
set -u
. "$PM_SRC/tests/lib.sh"
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

msgid=$(printf 'x\033[31my@example.org')
printf '%s\n' \
  'From: =?utf-8?q?Eve=1B]0;pwn=07=C2=9B?= <eve@example.org>' \
  'To: list@example.org' \
  'Subject: [PATCH] foo: fix bar' \
  "Message-ID: <$msgid>" \
  'Date: Mon, 1 Jan 2024 00:00:00 +0000' \
  '' 'fix' '---' 'diff --git a/f b/f' '--- a/f' '+++ b/f' '@@ -1 +1 @@' '-a' '+b' > "$T/m"
"$PM_BIN" annotate --index "$T/i.sqlite" < "$T/m" > /dev/null || fail "annotate"
"$PM_BIN" lookup --index "$T/i.sqlite" "$msgid" > "$T/out" || fail "lookup exit $?"
if LC_ALL=C grep -q "$(printf '[\001-\010\013-\037\177]')" "$T/out" ||
   LC_ALL=C grep -q "$(printf '\302[\200-\237]')" "$T/out"; then
  fail "control bytes reached the terminal: $(cat -v "$T/out")"
fi
grep -qxF 'message-id: <x\x1b[31my@example.org>' "$T/out" || fail "message-id: $(cat "$T/out")"
grep -qxF 'author: Eve\x1b]0;pwn\x07\xc2\x9b <eve@example.org>' "$T/out" ||
  fail "author: $(cat "$T/out")"
grep -qxF 'title: foo: fix bar' "$T/out" || fail "title: $(cat "$T/out")"
echo "ok: escapes shown as \\xNN"
