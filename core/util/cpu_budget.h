/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * cpu_budget: a limit on the CPU time one message's analysis may take, so that no
 * input, however crafted, holds a worker until the MTA gives up on it.
 *
 * SYNOPSIS
 *   cpu_budget b;
 *   cpu_budget_start(&b, PM_ANALYSIS_TIME_LIMIT_MS);
 *   ... one stage ...
 *   if (cpu_budget_spent(&b)) ... stop, and say so ...
 *
 * DESCRIPTION
 *   The time counted is the calling thread's CPU time (CLOCK_THREAD_CPUTIME_ID), so
 *   other threads and a busy machine do not eat a message's budget.
 *   cpu_budget_start() sets the limit `ms` from now; a limit of 0 is spent at the first
 *   look (for tests). cpu_budget_spent() looks at the coarse monotonic clock (cheap),
 *   and only once the limit has passed on it at the thread's CPU clock (a system
 *   call), since a thread cannot use more CPU time than passes; it stays true once it
 *   was. Call it between stages, not for every byte.
 *   A NULL budget is never spent: callers without a limit (import, digest) pass NULL.
 */
#ifndef PM_CPU_BUDGET_H
#define PM_CPU_BUDGET_H

#include <stdbool.h>
#include <time.h>

/* The default: far below Postfix's milter_content_timeout (300 s), far above what the
 * largest message takes (32 MB: well under 2 s, bench/RESULTS.md "worst inputs"). */
#define PM_ANALYSIS_TIME_LIMIT_MS 10000u

typedef struct cpu_budget {
    struct timespec deadline;      /* on the thread's CPU clock */
    struct timespec wall_deadline; /* on CLOCK_MONOTONIC_COARSE: before it, not spent */
    bool spent;
} cpu_budget;

void cpu_budget_start(cpu_budget *b, unsigned ms);
bool cpu_budget_spent(cpu_budget *b);

#endif
