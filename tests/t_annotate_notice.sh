#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# t_annotate_notice: `patchmilter annotate --trusted-sender` on the notice samples of
# tests/fixtures/notices: a trusted bot's notice gets Kind notice and Applied, and is not
# recorded in the index; the same notice with nobody trusted, or with a forged
# Authentication-Results under --trusted-authserv-id, gets no Applied; a trusted
# maintainer's pw-bot line gives the Verdict, a non-maintainer's none.
set -u
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
N=$PM_FIXTURES/notices
fail() { echo "FAIL: $*"; exit 1; }
fields() { sed -n '/^$/q; /^X-Patch-/p'; }

"$PM_BIN" annotate --index "$T/i.sqlite" --trusted-sender 'patchwork-bot+*@kernel.org' \
  < "$N/patchwork-bot-series.eml" | fields > "$T/out" || fail "annotate exit $?"
printf 'X-Patch-Kind: notice\nX-Patch-Applied: jaegeuk/f2fs.git dev 06668257a355\nX-Patch-Bot: patchwork-bot\n' \
  | cmp -s - "$T/out" || { cat "$T/out"; fail "trusted notice"; }
# tip-bot2's commit mail carries the diff: a notice all the same, not a patch to record
"$PM_BIN" annotate --index "$T/i.sqlite" --trusted-sender tip-bot2@linutronix.de \
  < "$N/tip-bot2.eml" | fields > "$T/out" || fail "annotate exit $?"
printf 'X-Patch-Kind: notice\nX-Patch-Applied: tip x86/iopl ecc7e37d4dad\nX-Patch-Bot: tip-bot2\n' \
  | cmp -s - "$T/out" || { cat "$T/out"; fail "trusted tip-bot2 notice"; }
"$PM_BIN" lookup --index "$T/i.sqlite" '<157390508358.12247.6103605725902471507.tip-bot2@tip-bot2>' \
  >/dev/null && fail "the notice was recorded"
echo "ok: a trusted notice gets Applied and is not recorded"

"$PM_BIN" annotate --dry-run < "$N/patchwork-bot-series.eml" | fields > "$T/out"
grep -q '^X-Patch-Applied' "$T/out" && fail "untrusted notice got Applied"
{ printf 'Authentication-Results: mx.evil.example; dkim=pass header.d=kernel.org\n'
  cat "$N/patchwork-bot-series.eml"; } |
  "$PM_BIN" annotate --dry-run --trusted-sender 'patchwork-bot+*@kernel.org' \
    --trusted-authserv-id mx.example.net | fields > "$T/out"
grep -q '^X-Patch-Applied' "$T/out" && fail "forged Authentication-Results gave Applied"
{ printf 'Authentication-Results: mx.example.net; dkim=pass header.d=kernel.org\n'
  cat "$N/patchwork-bot-series.eml"; } |
  "$PM_BIN" annotate --dry-run --trusted-sender 'patchwork-bot+*@kernel.org' \
    --trusted-authserv-id mx.example.net | fields > "$T/out"
grep -q '^X-Patch-Applied: jaegeuk/f2fs.git dev 06668257a355$' "$T/out" || fail "our DKIM pass gave no Applied"
echo "ok: untrusted or forged-DKIM notices get no Applied"

"$PM_BIN" annotate --dry-run --trusted-sender kuba@kernel.org < "$N/pw-bot-cr.eml" | fields > "$T/out"
grep -q '^X-Patch-Verdict: changes-requested$' "$T/out" || { cat "$T/out"; fail "trusted pw-bot line"; }
sed 's/^From: Jakub Kicinski <kuba@kernel.org>/From: Mallory <mallory@example.net>/' "$N/pw-bot-cr.eml" |
  "$PM_BIN" annotate --dry-run --trusted-sender kuba@kernel.org | fields > "$T/out"
grep -q '^X-Patch-Kind: reply$' "$T/out" || fail "forged pw-bot line is no reply"
grep -q '^X-Patch-Verdict' "$T/out" && fail "forged pw-bot line gave a Verdict"
echo "ok: a pw-bot line counts from a trusted sender only"
