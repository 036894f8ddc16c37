#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# t_limits: `patchmilter annotate` on inputs at the limits the milter must survive:
# header fields over 64 KiB in total, a line over 1 MiB (in the Subject and in the
# diff), 10,000 MIME parts, multiparts nested 100 deep, a diff touching 100,000 files.
# Each passes through byte for byte but for our fields, with exit 0 and bounded peak
# RSS. Time per size is measured by bench/bench_limits.sh (no timed assertions here).
# The 200 MB message is t_limits_big.sh.
set -u
. "$PM_SRC/tests/limits/lib.sh"

check_case headers 1 40 65536
grep -q '^X-Patch-Version: 2$' "$LAST_OUT" || fail "headers: not annotated"
check_case line 1 40 65536
grep -q '^X-Patch-Version: 3$' "$LAST_OUT" || fail "line: not annotated"
check_case parts 1 40 65536
grep -q '^X-Patch-Part: 2/3$' "$LAST_OUT" || fail "parts: not annotated"
check_case depth 1 40 65536
grep -q '^X-Patch-Version: 5$' "$LAST_OUT" || fail "depth: not annotated"
# libgit2's parse of 100,000 file patches holds about 18 bytes per input byte.
check_case files 1 40 65536
grep -q '^X-Patch-Id: [0-9a-f]\{40\}$' "$LAST_OUT" || fail "files: no patch-id"
echo "PASS"
