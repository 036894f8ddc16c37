#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-2-Clause
# The README's digest example (doc/digest-example.txt) is what the digest of that
# fscrypt range gives today: the real archive, recorded up to the range first.
set -euo pipefail
: "${PM_BIN:?}" "${PM_SRC:?}"
[ -d "${PM_SHARED:-}/corpus/archive-linux-fscrypt/git/0.git" ] || { echo "SKIP: ../shared absent"; exit 77; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
"$PM_SRC/scripts/digest-examples" "$PM_BIN" "$PM_SHARED" "$tmp"
diff -u "$PM_SRC/doc/digest-example.txt" "$tmp/digest-example.txt" ||
    { echo "FAIL: doc/digest-example.txt is not what the digest gives"; exit 1; }
echo "ok: doc/digest-example.txt"
