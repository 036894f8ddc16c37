#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# bench_load: the full-size load and kill -9 runs through a real Postfix (root only):
# 10,000 messages over 200 sessions (tests/t_postfix_load.sh) and 1,000 messages with
# a kill -9 of the milter (tests/t_postfix_kill.sh). CI runs the load test at 2,000.
# Usage: bench/bench_load.sh [BUILD_DIR] [MESSAGES]
set -u
SRC=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${1:-$SRC/build}
export PM_BIN=$BUILD/patchmilter PM_BUILD=$BUILD PM_SRC=$SRC
PM_LOAD_MESSAGES=${2:-10000} bash "$SRC/tests/t_postfix_load.sh" | grep -E '^(sent|PASS|FAIL)'
PM_KILL_MESSAGES=1000 bash "$SRC/tests/t_postfix_kill.sh" | grep -E '^(sent|index|PASS|FAIL)'
