#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-2-Clause
# The HTML digest renders in headless Chromium: a 1200x1600 PNG comes out (the same
# as doc/digest-example.png is made). Skipped without Chromium or ../shared.
set -euo pipefail
: "${PM_BIN:?}" "${PM_SRC:?}"
command -v chromium >/dev/null || { echo "SKIP: chromium absent (apt-get install chromium)"; exit 77; }
[ -d "${PM_SHARED:-}/corpus/archive-linux-fscrypt/git/0.git" ] || { echo "SKIP: ../shared absent"; exit 77; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
"$PM_SRC/scripts/digest-examples" "$PM_BIN" "$PM_SHARED" "$tmp" --screenshot
png="$tmp/digest-example.png"
[ -s "$png" ] || { echo "FAIL: no screenshot"; exit 1; }
# PNG signature, then IHDR width and height (big-endian) at bytes 16..23.
[ "$(od -An -tx1 -N8 "$png" | tr -d ' \n')" = 89504e470d0a1a0a ] || { echo "FAIL: not a PNG"; exit 1; }
size=$(od -An -tu1 -j16 -N8 "$png" | awk '{ print $1*16777216+$2*65536+$3*256+$4 "x" $5*16777216+$6*65536+$7*256+$8 }')
[ "$size" = 1200x1600 ] || { echo "FAIL: screenshot is $size"; exit 1; }
# Not blank: a page of text and charts compresses far worse than a white page.
[ "$(stat -c %s "$png")" -gt 50000 ] || { echo "FAIL: screenshot looks empty"; exit 1; }
echo "ok: screenshot $size"
