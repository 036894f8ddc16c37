#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# bench_worst: the worst input of each extraction stage (bench/worst_gen.py) at 100 KB,
# 1 MB and 10 MB through the whole annotate flow (bench_worst.c: in one process, no
# index; the linux MAINTAINERS of the shared corpus when there, so K: patterns are
# matched too). Prints a Markdown table of CPU time per message and per MB: a linear
# flow keeps the time per MB about constant across the three sizes.
# With OLD_BUILD (a build of another commit with bench/bench_worst.c copied in), each
# input also goes through it, alternated with the new one, given at most OLD_LIMIT
# seconds (default 60: a quadratic stage takes hours at 10 MB).
# Not a test: run it by hand, on a quiet machine if possible.
#   usage: [SIZES="100000 1000000 10000000"] [OLD_LIMIT=60] bench/bench_worst.sh NEW_BUILD [OLD_BUILD]
set -u
here=$(cd "$(dirname "$0")/.." && pwd)
NEW=${1:?usage: bench_worst.sh NEW_BUILD [OLD_BUILD]}/bench/bench_worst
OLD=${2:+$2/bench/bench_worst}
SIZES=${SIZES:-100000 1000000 10000000}
OLD_LIMIT=${OLD_LIMIT:-60}
shared=${PM_SHARED:-$here/../shared}
[ -d "$shared" ] || shared=$here/../../shared # from a worktree in wt/<name>
maint=$shared/corpus/linux-maintainers/MAINTAINERS
[ -f "$maint" ] || maint=-
for b in "$NEW" $OLD; do
  [ -x "$b" ] || { echo "bench_worst: no $b (cmake --build BUILD --target bench_worst)" >&2; exit 1; }
done
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT

# run BENCH LIMIT BYTES: "seconds_per_message seconds_per_MB", or ">LIMIT -" when cut off.
run() {
  local bench=$1 limit=$2 bytes=$3 out
  if out=$(timeout "$limit" "$bench" "$T/in.eml" "$maint" 0.3 2>/dev/null); then
    echo "$out" | awk -v b="$bytes" '{ printf "%.4f %.4f", $2, $2 / (b / 1e6) }'
  else
    echo ">$limit -"
  fi
}

echo "MAINTAINERS: $maint"
echo
if [ -n "$OLD" ]; then
  echo "| input | size | new s | new s/MB | old s | old s/MB |"
  echo "|---|---|---|---|---|---|"
else
  echo "| input | size | s | s/MB |"
  echo "|---|---|---|---|"
fi
for family in $(python3 "$here/bench/worst_gen.py" list); do
  for size in $SIZES; do
    python3 "$here/bench/worst_gen.py" "$family" "$size" > "$T/in.eml"
    bytes=$(stat -c %s "$T/in.eml")
    read -r new new_mb < <(run "$NEW" 600 "$bytes")
    if [ -n "$OLD" ]; then
      read -r old old_mb < <(run "$OLD" "$OLD_LIMIT" "$bytes")
      printf '| %s | %s | %s | %s | %s | %s |\n' "$family" "$bytes" "$new" "$new_mb" "$old" "$old_mb"
    else
      printf '| %s | %s | %s | %s |\n' "$family" "$bytes" "$new" "$new_mb"
    fi
  done
done
