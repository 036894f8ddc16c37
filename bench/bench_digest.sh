#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-2-Clause
# bench_digest: `patchmilter digest` of the whole fscrypt archive (7,548 messages) on a
# fresh index, text and HTML; prints the best wall-clock and CPU time of N runs.
# Usage: bench/bench_digest.sh PATCHMILTER SHARED_DIR [RUNS]
set -euo pipefail
bin=$1 shared=$2 runs=${3:-3}
archive="$shared/corpus/archive-linux-fscrypt/git/0.git"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
for format in text html; do
    best_real="" best_cpu=""
    for ((i = 0; i < runs; i++)); do
        rm -f "$tmp"/index.sqlite*
        /usr/bin/time -f "%e %U %S" -o "$tmp/time" \
            "$bin" digest --index "$tmp/index.sqlite" --format "$format" "$archive" > "$tmp/out"
        read -r real user sys < "$tmp/time"
        cpu=$(echo "$user + $sys" | bc)
        if [ -z "$best_real" ] || (( $(echo "$real < $best_real" | bc) )); then best_real=$real; fi
        if [ -z "$best_cpu" ] || (( $(echo "$cpu < $best_cpu" | bc) )); then best_cpu=$cpu; fi
    done
    echo "$format: best of $runs: ${best_real} s wall, ${best_cpu} s CPU; report $(wc -c < "$tmp/out") bytes"
done
