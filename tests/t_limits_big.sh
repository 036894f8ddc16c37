#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# ctest-labels: no-asan
# t_limits_big: a 200 MB patch mail through `patchmilter annotate`: over --max-size (the
# default, 32M, as the milter's MaximumMessageSize) it passes through unanalysed with
# forged fields removed, using at most 3x its size; a 40 MB one under a raised
# --max-size is analysed in full. Generated at run time, never committed.
set -u
. "$PM_SRC/tests/limits/lib.sh"

check_case big 1 3 65536
grep -q '^X-Patch-' "$LAST_OUT" && fail "big: oversize message was annotated"
check_case big 0.2 12 65536 --max-size 64M
grep -q '^X-Patch-Id: [0-9a-f]\{40\}$' "$LAST_OUT" || fail "big 40 MB: no patch-id"
echo "PASS"
