#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# t_annotate_binary: input without a header block (an ELF binary: the patchmilter
# program itself, which holds diff-like strings) is not patch mail: annotate writes it
# back unchanged, with no X-Patch- field.
set -u
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
"$PM_BIN" annotate --index "$T/index.sqlite" < "$PM_BIN" > "$T/out" 2>"$T/err" ||
  { echo "FAIL: annotate exit $?: $(cat "$T/err")"; exit 1; }
cmp -s "$PM_BIN" "$T/out" || { echo "FAIL: the binary was changed:"; head -c 300 "$T/out" | strings | head; exit 1; }
echo "ok: a binary is not patch mail"
