#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# t_index_readonly: commands that only read (lookup, digest --since/--until) never
# create an index (a mistyped --index is an error naming the path) and work on an
# index their user cannot write (read-only file in a read-only directory; as root the
# reads run as nobody).
set -u
. "$PM_SRC/tests/lib.sh"
T=$(mktemp -d)
trap 'chmod -R u+w "$T"; rm -rf "$T"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
MSGID=20240301100000.1000-1-ada@example.org

for cmd in "lookup --index $T/typo.sqlite $MSGID" \
           "digest --index $T/typo.sqlite --since 2024-03-01 --until 2024-03-31"; do
  out=$("$PM_BIN" $cmd 2>&1); rc=$?
  [ $rc -ne 0 ] || fail "$cmd: exit 0 on a missing index"
  grep -qF "no index at $T/typo.sqlite" <<<"$out" || fail "$cmd: message '$out'"
  [ -e "$T/typo.sqlite" ] && fail "$cmd created $T/typo.sqlite"
done
out=$(PATCHMILTER_INDEX="$T/typo.sqlite" "$PM_BIN" lookup "$MSGID" 2>&1) && fail "lookup on a missing default index: exit 0"
[ -e "$T/typo.sqlite" ] && fail "lookup created the default index"

# an index its reader cannot write
mkdir "$T/ro"
"$PM_BIN" import --index "$T/ro/index.sqlite" "$PM_FIXTURES/import/widgets-v1.mbox" >/dev/null ||
  fail "import"
chmod 755 "$T"
chmod 444 "$T/ro/"*
chmod 555 "$T/ro"
as_reader=()
if [ "$(id -u)" -eq 0 ]; then
  need setpriv
  as_reader=(setpriv --reuid=65534 --regid=65534 --clear-groups)
fi
out=$("${as_reader[@]}" "$PM_BIN" lookup --index "$T/ro/index.sqlite" "$MSGID" 2>&1) ||
  fail "lookup on a read-only index: $out"
grep -q "^message-id: <$MSGID>" <<<"$out" || fail "lookup output: $out"
out=$("${as_reader[@]}" "$PM_BIN" digest --index "$T/ro/index.sqlite" --since 2024-01-01 \
      --until 2024-12-31 2>&1) || fail "digest --since on a read-only index: $out"
grep -q 'widget' <<<"$out" || fail "digest on a read-only index lists nothing: $out"
# the writer's commands still say why they cannot write
out=$("${as_reader[@]}" "$PM_BIN" import --index "$T/ro/index.sqlite" \
      "$PM_FIXTURES/import/widgets-v1.mbox" 2>&1) && fail "import into a read-only index: exit 0 ($out)"
echo "ok: lookup and digest --since never create an index and read one they cannot write"
