#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# t_cli_help: `patchmilter --help` and `patchmilter COMMAND --help` print the options
# on stdout, one line each, and exit 0; a usage error goes to stderr with exit 2; every
# --option a help names is in patchmilter(8) and in the README's "Commands" section.
set -u
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

man_text=$(sed 's/\\-/-/g' "$PM_SRC/doc/patchmilter.8")
readme_text=$(awk '/^## Commands/ { on = 1; next } on && /^## / { exit } on' "$PM_SRC/README.md")
[ -n "$readme_text" ] || fail "README has no Commands section"

for cmd in "" annotate import lookup series link unlink digest run; do
  name=${cmd:-patchmilter}
  "$PM_BIN" $cmd --help >"$T/out" 2>"$T/err"; rc=$?
  [ $rc -eq 0 ] || fail "$name --help: exit $rc"
  [ -s "$T/err" ] && fail "$name --help wrote to stderr: $(cat "$T/err")"
  grep -q '^usage: patchmilter' "$T/out" || fail "$name --help: no usage line"
  grep -q '^  -h, --help ' "$T/out" || fail "$name --help: -h, --help not listed"
  # an option line is "  -x, --long ARG   text" or "  --long ARG   text": one line each
  opts=$(grep -oE '^  (-[a-zA-Z], )?--[a-z][a-z-]*' "$T/out" | grep -oE -- '--[a-z][a-z-]*')
  [ -n "$opts" ] || fail "$name --help lists no options"
  awk '/^options:/ { on = 1; next } on && !NF { exit } on && !/^  -/ { print }' "$T/out" >"$T/cont"
  [ -s "$T/cont" ] && fail "$name --help: an option takes more than one line: $(cat "$T/cont")"
  for o in $opts; do
    grep -qe "$o\b" <<<"$man_text" || fail "$name $o is not in patchmilter(8)"
    grep -qe "$o\b" <<<"$readme_text" || fail "$name $o is not in README's Commands section"
  done
  "$PM_BIN" $cmd -h >"$T/short" 2>&1 || fail "$name -h: exit $?"
  cmp -s "$T/out" "$T/short" || fail "$name -h differs from --help"
done
"$PM_BIN" annotate --max-size 1M --help >/dev/null || fail "--help after another option"

# usage errors: stderr, exit 2, nothing on stdout
for args in "" "lookup" "lookup a b" "series" "series a b" "series --json" "link" "link a" "link a b c" "unlink" "import" "digest" "digest --format pdf x" "run extra" \
            "annotate --no-such-option" "run --no-such-option" "no-such-command" \
            "annotate --prefix X-Bad:" "annotate --prefix X-$(printf '%063d' 0)-"; do
  "$PM_BIN" $args >"$T/out" 2>"$T/err" </dev/null; rc=$?
  [ $rc -eq 2 ] || fail "'$args': exit $rc, expected 2"
  [ -s "$T/out" ] && fail "'$args': usage error on stdout"
  grep -q 'usage: patchmilter' "$T/err" || fail "'$args': no usage on stderr: $(cat "$T/err")"
done
echo "ok: help and usage of every command; options documented in patchmilter(8) and README"
