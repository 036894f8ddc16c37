#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# bench_worst: the worst input of each extraction stage (bench/worst_gen.py) at 100 KB,
# 1 MB and 10 MB through `patchmilter annotate --dry-run` (empty index; the linux
# MAINTAINERS of the shared corpus when there, so K: patterns are matched too). Prints
# a Markdown table of CPU time (user + system) and CPU time per MB: linear stages keep
# it about constant across the three sizes (at 100 KB the start-up of the process,
# MAINTAINERS loading included, weighs in).
# With OLD_BINARY, each input also goes through it, alternated with the new one, given
# at most OLD_LIMIT seconds (default 60: a quadratic stage takes hours at 10 MB).
# Not a test: run it by hand, on a quiet machine if possible.
#   usage: [SIZES="100000 1000000 10000000"] [OLD_LIMIT=60] bench/bench_worst.sh NEW_BINARY [OLD_BINARY]
set -u
here=$(cd "$(dirname "$0")/.." && pwd)
NEW=${1:?usage: bench_worst.sh NEW_BINARY [OLD_BINARY]}
OLD=${2:-}
SIZES=${SIZES:-100000 1000000 10000000}
OLD_LIMIT=${OLD_LIMIT:-60}
shared=${PM_SHARED:-$here/../shared}
[ -d "$shared" ] || shared=$here/../../shared # from a worktree in wt/<name>
maint=$shared/corpus/linux-maintainers/MAINTAINERS
maint_args=()
[ -f "$maint" ] && maint_args=(--maintainers "$maint")
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT

# cpu BINARY LIMIT: CPU seconds of annotating $T/in.eml, ">LIMIT" when cut off, with
# " (budget)" when the analysis was given up (the new binary's time limit).
cpu() {
  local bin=$1 limit=$2
  rm -f "$T/ix.sqlite"
  if ! /usr/bin/time -f '%U %S' -o "$T/time" timeout "$limit" "$bin" annotate --dry-run \
       --index "$T/ix.sqlite" "${maint_args[@]}" < "$T/in.eml" > /dev/null 2> "$T/err"; then
    echo ">$limit"
    return
  fi
  local t; t=$(tail -1 "$T/time" | awk '{ printf "%.2f", $1 + $2 }')
  grep -q 'time limit' "$T/err" && t="$t (budget)"
  echo "$t"
}

per_mb() { # SECONDS BYTES
  case $1 in '>'*) echo "-";; *) awk -v s="${1%% *}" -v b="$2" 'BEGIN { printf "%.3f", s / (b / 1e6) }';; esac
}

if [ -n "$OLD" ]; then
  echo "| input | size | new CPU s | new s/MB | old CPU s | old s/MB |"
  echo "|---|---|---|---|---|---|"
else
  echo "| input | size | CPU s | s/MB |"
  echo "|---|---|---|---|"
fi
for family in $(python3 "$here/bench/worst_gen.py" list); do
  for size in $SIZES; do
    python3 "$here/bench/worst_gen.py" "$family" "$size" > "$T/in.eml"
    bytes=$(stat -c %s "$T/in.eml")
    new=$(cpu "$NEW" 600)
    if [ -n "$OLD" ]; then
      old=$(cpu "$OLD" "$OLD_LIMIT")
      printf '| %s | %s | %s | %s | %s | %s |\n' "$family" "$bytes" "$new" "$(per_mb "$new" "$bytes")" \
        "$old" "$(per_mb "$old" "$bytes")"
    else
      printf '| %s | %s | %s | %s |\n' "$family" "$bytes" "$new" "$(per_mb "$new" "$bytes")"
    fi
  done
done
