#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# bench_import: `patchmilter import` of a public-inbox epoch against `public-inbox-index
# -L basic` of a copy of the same epoch, in the same run. Prints messages/s (by wall
# clock and by CPU time of the process and its children) and peak RSS of each, and the
# ratio, as medians over ROUNDS rounds (default 3; each round runs both, fresh).
# Not a test: run it by hand on a quiet machine.
#   usage: [ROUNDS=N] bench/bench_import.sh [PATCHMILTER_BINARY] [EPOCH_GIT_DIR]
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
BIN=${1:-$here/build/patchmilter}
shared=${PM_SHARED:-$here/../shared}
[ -d "$shared" ] || shared=$here/../../shared # from a worktree in wt/<name>
EPOCH=${2:-$shared/corpus/archive-linux-fscrypt/git/0.git}
for tool in /usr/bin/time public-inbox-init public-inbox-index git; do
    command -v "$tool" >/dev/null || { echo "bench_import: $tool is missing" >&2; exit 1; }
done
[ -x "$BIN" ] || { echo "bench_import: no binary $BIN (build it first)" >&2; exit 1; }
[ -d "$EPOCH" ] || { echo "bench_import: no archive $EPOCH" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
messages=$(git --git-dir="$EPOCH" rev-list --count HEAD)

# measure NAME COMMAND...: runs it under /usr/bin/time -v, keeps the figures
measure() {
    local name=$1
    shift
    /usr/bin/time -v -o "$work/$name.time" "$@" > "$work/$name.out" 2>&1
}
# figure NAME: "wall cpu rss_kb"
figure() {
    awk -F': ' '
        /Elapsed \(wall clock\)/ { n = split($2, p, ":"); wall = 0; for (i = 1; i <= n; i++) wall = wall * 60 + p[i] }
        /User time/ { cpu += $2 } /System time/ { cpu += $2 }
        /Maximum resident set size/ { rss = $2 }
        END { printf "%.2f %.2f %d\n", wall, cpu, rss }' "$work/$1.time"
}

ROUNDS=${ROUNDS:-3}
# public-inbox needs an inbox: initialize a v2 one, then put the epoch copy in place
export HOME="$work/home" PI_CONFIG="$work/home/pi-config"
mkdir -p "$HOME"
: > "$work/patchmilter.figures"
: > "$work/public-inbox.figures"
for round in $(seq "$ROUNDS"); do
    rm -f "$work"/index.sqlite*
    measure patchmilter "$BIN" import --index "$work/index.sqlite" "$EPOCH"
    figure patchmilter >> "$work/patchmilter.figures"
    rm -rf "$work/inbox" "$PI_CONFIG"
    public-inbox-init -V2 -L basic bench "$work/inbox" http://bench.invalid/ bench@bench.invalid
    rm -rf "$work/inbox/git/0.git"
    cp -a "$EPOCH" "$work/inbox/git/0.git"
    measure public-inbox public-inbox-index -L basic "$work/inbox"
    figure public-inbox >> "$work/public-inbox.figures"
done
# median NAME: the median round of each column
median() {
    for col in 1 2 3; do
        cut -d' ' -f$col "$work/$1.figures" | sort -g | awk '{v[NR] = $1} END {print v[int((NR + 1) / 2)]}'
    done | paste -sd' '
}

read -r pm_wall pm_cpu pm_rss < <(median patchmilter)
read -r pi_wall pi_cpu pi_rss < <(median public-inbox)
echo "archive: $EPOCH ($messages messages); machine: $(nproc) cores, $(uname -m)"
echo "rounds: $ROUNDS (medians below); each round: wall cpu rss_kb"
echo "  patchmilter: $(paste -sd'|' "$work/patchmilter.figures")"
echo "  public-inbox: $(paste -sd'|' "$work/public-inbox.figures")"
echo "patchmilter: $(tail -1 "$work/patchmilter.out")"
printf '%-22s %8s %8s %12s %12s %10s\n' tool wall_s cpu_s msg/s_wall msg/s_cpu peak_rss
for t in pm pi; do
    eval "wall=\$${t}_wall cpu=\$${t}_cpu rss=\$${t}_rss"
    name=$([ $t = pm ] && echo "patchmilter import" || echo "public-inbox-index")
    awk -v n="$name" -v m="$messages" -v w="$wall" -v c="$cpu" -v r="$rss" 'BEGIN {
        printf "%-22s %8.2f %8.2f %12.0f %12.0f %7.1f MB\n", n, w, c, m / (w > 0 ? w : 0.01),
            m / (c > 0 ? c : 0.01), r / 1024 }'
done
awk -v a="$pi_wall" -v b="$pm_wall" -v c="$pi_cpu" -v d="$pm_cpu" 'BEGIN {
    printf "speed-up over public-inbox-index: %.1fx by wall clock, %.1fx by CPU time\n",
        a / (b > 0 ? b : 0.01), c / (d > 0 ? d : 0.01) }'
