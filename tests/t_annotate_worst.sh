#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# t_annotate_worst: the inputs of issue 18 that ran for minutes (1 MB of "[1] http://..."
# footnote lines, of "v2: https://.../N@b" links, of "=?x?q?a" in an in-body From and in
# the Subject; bench/worst_gen.py), each with a forged X-Patch-State field:
#  - with the default time limit they are annotated, with the right facts, and the
#    forged field is gone;
#  - with `--time-limit 0` (a budget spent at once) annotate gives up the analysis:
#    the message comes back with only the forged field removed, a warning on stderr,
#    exit 0.
# Speed is not asserted here (bench/bench_worst.sh measures it).
set -u
. "$PM_SRC/tests/lib.sh"
need python3
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

for family in footnotes priors inbody-2047 subject-2047; do
  python3 "$PM_SRC/bench/worst_gen.py" "$family" 1000000 |
    sed '1i X-Patch-State: duplicate' > "$T/in.eml"
  sed 1d "$T/in.eml" > "$T/want.eml"

  "$PM_BIN" annotate --dry-run --index "$T/ix.sqlite" < "$T/in.eml" > "$T/out.eml" 2>"$T/err" ||
    fail "$family: exit $?: $(cat "$T/err")"
  [ -s "$T/err" ] && fail "$family: stderr: $(cat "$T/err")"
  sed -n '/^$/q;p' "$T/out.eml" > "$T/head"
  grep -q '^X-Patch-Kind: patch$' "$T/head" || fail "$family: not annotated as a patch"
  grep -q '^X-Patch-State: duplicate' "$T/head" && fail "$family: the forged field survived"
  case $family in
    footnotes) grep -q '^X-Patch-Prior' "$T/head" && fail "footnotes: a prior no line cites" ;;
    priors) [ "$(grep -c '^X-Patch-Prior:' "$T/head")" -le 1 ] || fail "priors: more than one Prior" ;;
    subject-2047) grep -q '^X-Patch-Kind: patch$' "$T/head" || fail "subject-2047: kind" ;;
  esac

  "$PM_BIN" annotate --time-limit 0 --dry-run --index "$T/ix.sqlite" < "$T/in.eml" > "$T/out.eml" 2>"$T/err" ||
    fail "$family --time-limit 0: exit $?: $(cat "$T/err")"
  grep -q 'analysis over its time limit of 0 ms: not annotated, forged fields removed' "$T/err" ||
    fail "$family --time-limit 0: no warning: $(cat "$T/err")"
  cmp -s "$T/want.eml" "$T/out.eml" || fail "$family --time-limit 0: not the message less the forged field"
done

"$PM_BIN" annotate --time-limit -1 < /dev/null > /dev/null 2>&1
[ $? -eq 2 ] || fail "--time-limit -1 is accepted"
echo "ok: the worst inputs are annotated, or with no time left only lose the forged fields"
