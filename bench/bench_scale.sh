#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# bench_scale: whether the cost of a message depends on how much the index holds
# (issue 23). The fscrypt epoch is replicated N times (bench/replicate_archive.py: each
# replica its own Message-IDs, titles, dates ten years on, and diffs; FLOOD=1: the same
# diffs in every replica, a patch sent again and again) and imported, in one process,
# into a fresh SQLite index, for each N of SIZES. Per size it prints the messages, wall
# and CPU time (user + sys), CPU per message and its ratio to the first size, peak RSS
# and index bytes per message. Then, on the first and the last index, the in-process
# annotate --dry-run time per message (bench_annotate) of one replica more, which
# neither index holds, and the time of a digest of one week of the last index.
# BACKEND=pg: the same into PostgreSQL (a private server, tests/pg/lib.sh, fsync on; a
# database per size), the size on disk being pg_database_size.
# Not a test: run it by hand, on a quiet machine if the figures are to be recorded.
#   usage: [SIZES="1 10 100"] [FLOOD=1] [BACKEND=sqlite|pg] [WORK=DIR] bench/bench_scale.sh [BUILD_DIR]
# WORK needs room for the replicas: 69 MB each (7 GB at 100x); kept between runs.
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${1:-$here/build}
BIN=$BUILD/patchmilter
shared=${PM_SHARED:-$here/../shared}
EPOCH=$shared/corpus/archive-linux-fscrypt/git/0.git
SIZES=${SIZES:-1 10 100}
variant=$([ "${FLOOD:-0}" = 1 ] && echo flood || echo distinct)
WORK=${WORK:-/var/tmp/patchmilter-bench-scale}/$variant
for tool in /usr/bin/time python3 git; do
    command -v "$tool" >/dev/null || { echo "bench_scale: $tool is missing" >&2; exit 1; }
done
[ -x "$BIN" ] || { echo "bench_scale: no binary $BIN (build it first)" >&2; exit 1; }
[ -d "$EPOCH" ] || { echo "bench_scale: no archive $EPOCH" >&2; exit 1; }

BACKEND=${BACKEND:-sqlite}
if [ "$BACKEND" = pg ]; then
    PM_SRC=$here
    . "$here/tests/pg/lib.sh"
    trap stop_pg EXIT
    PG_FSYNC=on start_pg "$WORK/pg"
fi
psql_pg() { pg_as "$PG_BINDIR/psql" -h "$PG_DIR/sock" -p "$PG_PORT" -U patchmilter -d postgres -Atqc "$1"; }
# index_of N: the location of the index of size N (made empty first by fresh_index N)
index_of() {
    if [ "$BACKEND" = pg ]; then
        echo "postgresql://patchmilter@/scale$1?host=$PG_DIR/sock&port=$PG_PORT"
    else
        echo "$WORK/index-$1.sqlite"
    fi
}
fresh_index() {
    if [ "$BACKEND" = pg ]; then
        psql_pg "DROP DATABASE IF EXISTS scale$1" && psql_pg "CREATE DATABASE scale$1"
    else
        rm -f "$WORK"/index-$1.sqlite*
    fi
}
index_bytes() {
    if [ "$BACKEND" = pg ]; then psql_pg "SELECT pg_database_size('scale$1')"; else stat -c %s "$WORK/index-$1.sqlite"; fi
}

largest=0
for n in $SIZES; do [ "$n" -gt "$largest" ] && largest=$n; done
mkdir -p "$WORK"
replicas=$((largest + 1)) # one more, for annotate
if [ "$(ls "$WORK"/r*.mbox 2>/dev/null | wc -l)" -lt "$replicas" ]; then
    echo "bench_scale: writing $replicas replicas ($variant) to $WORK" >&2
    rm -f "$WORK"/r*.mbox
    python3 "$here/bench/replicate_archive.py" ${FLOOD:+--flood} "$EPOCH" "$replicas" "$WORK"
fi
files() { for ((r = 0; r < $1; r++)); do printf '%s/r%03d.mbox\n' "$WORK" "$r"; done; }

printf '%-6s %9s %8s %8s %10s %6s %8s %10s\n' size messages wall_s cpu_s cpu_us/msg ratio rss_mb index_B/msg
first_us= first_size=
for n in $SIZES; do
    fresh_index "$n"
    mapfile -t sources < <(files "$n")
    /usr/bin/time -f "%e %U %S %M" -o "$WORK/time" \
        "$BIN" import --index "$(index_of "$n")" "${sources[@]}" > "$WORK/import-$n.out"
    read -r wall user sys rss < "$WORK/time"
    messages=$(sed -n 's/^imported \([0-9]*\) messages.*/\1/p' "$WORK/import-$n.out")
    bytes=$(index_bytes "$n")
    us=$(awk -v u="$user" -v s="$sys" -v m="$messages" 'BEGIN { printf "%.1f", (u + s) * 1e6 / m }')
    [ -n "$first_us" ] || { first_us=$us; first_size=$n; }
    awk -v n="$n" -v m="$messages" -v w="$wall" -v u="$user" -v s="$sys" -v us="$us" \
        -v f="$first_us" -v r="$rss" -v b="$bytes" 'BEGIN {
        printf "%-6s %9d %8.2f %8.2f %10.1f %6.2f %8.1f %10.0f\n", n "x", m, w, u + s, us,
            us / f, r / 1024, b / m }'
    tail -n 1 "$WORK/import-$n.out" | sed 's/^/       /'
done

extra=$(printf '%s/r%03d.mbox' "$WORK" "$largest")
if [ -x "$BUILD/bench/bench_annotate" ]; then
    for n in "$first_size" "$largest"; do
        printf 'annotate on the %sx index: ' "$n"
        "$BUILD/bench/bench_annotate" "$extra" "$(index_of "$n")" 3 | tail -n 1
    done
fi
# one week in the middle of the last replica imported: 2019-05-01, (largest - 1) decades on
year=$((2019 + (largest - 1) * 10))
/usr/bin/time -f "%e %U %S" -o "$WORK/time" "$BIN" digest --index "$(index_of "$largest")" \
    --since "$year-05-01" --until "$year-05-07" > "$WORK/digest.out"
read -r wall user sys < "$WORK/time"
echo "digest of $year-05-01..07 on the ${largest}x index: ${wall} s wall, $(awk -v u="$user" -v s="$sys" \
    'BEGIN { print u + s }') s CPU, $(grep -c . "$WORK/digest.out") lines"
