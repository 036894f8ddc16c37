# SPDX-License-Identifier: BSD-2-Clause
# lib.sh: helpers of the limits tests (sourced by tests/t_limits*.sh).
# check_case CASE SCALE RSS_FACTOR RSS_FLOOR_KB [ANNOTATE_ARGS...]: generates the input
# (tests/limits/gen.py), runs `patchmilter annotate` under /usr/bin/time -v, and checks
# exit 0, output minus our fields == input (cmp), and peak RSS <= max(FLOOR,
# FACTOR x input size) (not checked in a sanitizer build, whose memory is its own).
# Prints "CASE: BYTES bytes, SECONDS s, RSS KB".

. "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"
: "${PM_BIN:?PM_BIN not set}"
: "${PM_SRC:?PM_SRC not set}"
need python3 cmp
[ -x /usr/bin/time ] || { echo "SKIP: /usr/bin/time not installed (package time)"; exit 77; }
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
SANITIZED=
ldd "$PM_BIN" 2>/dev/null | grep -q 'libasan\|libubsan' && SANITIZED=1

fail() { echo "FAIL: $*"; exit 1; }

check_case() {
  local name=$1 scale=$2 factor=$3 floor=$4
  shift 4
  python3 "$PM_SRC/tests/limits/gen.py" "$name" "$scale" > "$T/in.eml" || fail "$name: generator"
  local size; size=$(stat -c %s "$T/in.eml")
  /usr/bin/time -v -o "$T/time.txt" "$PM_BIN" annotate --dry-run --index "$T/index.sqlite" "$@" \
    < "$T/in.eml" > "$T/out.eml" 2> "$T/err.txt"
  local rc=$?
  [ "$rc" -eq 0 ] || { cat "$T/err.txt"; fail "$name: annotate exited with $rc"; }
  sed '/^X-Patch-/d' "$T/out.eml" | cmp -s - "$T/in.eml" || fail "$name: output minus our fields differs from the input"
  local rss secs
  rss=$(sed -n 's/^\tMaximum resident set size (kbytes): //p' "$T/time.txt")
  secs=$(sed -n 's/^\tElapsed (wall clock) time (h:mm:ss or m:ss): //p' "$T/time.txt")
  echo "$name: $size bytes, $secs, peak RSS $rss KB$([ -n "$SANITIZED" ] && echo ' (sanitizer build: RSS not checked)')"
  if [ -z "$SANITIZED" ]; then
    local bound=$(( size / 1024 * factor ))
    [ "$bound" -lt "$floor" ] && bound=$floor
    [ "$rss" -le "$bound" ] || fail "$name: peak RSS $rss KB over the bound $bound KB"
  fi
  LAST_OUT="$T/out.eml"
}
