#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# t_milter_startlog: the daemon's start-up notice names its socket, its index and its
# MAINTAINERS with the number of sections, and says so when they are missing.
set -u
. "$PM_SRC/tests/milter/lib.sh"
cp "$PM_FIXTURES/series/MAINTAINERS" "$T/run/MAINTAINERS"
sections=$(grep -c '^[^ ]' "$PM_FIXTURES/series/MAINTAINERS")

# started_line: waits for the start-up notice in the log and prints it.
started_line() {
  for _ in $(seq 1 100); do
    grep -m1 'patchmilter started' "$T/milter.log" && return 0
    sleep 0.05
  done
  fail_with_logs "no start-up notice" "$T/milter.log"
}

start_milter "Index $T/run/index.sqlite" "Maintainers $T/run/MAINTAINERS"
line=$(started_line)
stop_milter
grep -qF "on unix:$T/run/sock; index $T/run/index.sqlite; MAINTAINERS $T/run/MAINTAINERS: " <<<"$line" ||
  fail_with_logs "start-up notice: $line" "$T/milter.log"
n=$(sed -n 's/.*MAINTAINERS .*: \([0-9]*\) sections$/\1/p' <<<"$line")
[ -n "$n" ] && [ "$n" -gt 0 ] && [ "$n" -le "$sections" ] || fail_with_logs "sections in: $line" "$T/milter.log"

start_milter "Maintainers $T/run/no-such-MAINTAINERS"
line=$(started_line)
stop_milter
grep -qF "on unix:$T/run/sock; no index; MAINTAINERS $T/run/no-such-MAINTAINERS NOT loaded" <<<"$line" ||
  fail_with_logs "start-up notice without index and MAINTAINERS: $line" "$T/milter.log"
echo "ok: start-up notice names socket, index and MAINTAINERS ($n sections)"
