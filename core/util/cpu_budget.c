/* SPDX-License-Identifier: BSD-2-Clause */
/* cpu_budget: the CPU time limit of one message's analysis (see cpu_budget.h). */
#include "cpu_budget.h"

static struct timespec clock_now(clockid_t id)
{
    struct timespec now = {0, 0};
    clock_gettime(id, &now);
    return now;
}

static struct timespec plus_ms(struct timespec t, unsigned ms)
{
    t.tv_sec += (time_t)(ms / 1000);
    t.tv_nsec += (long)(ms % 1000) * 1000000L;
    if (t.tv_nsec >= 1000000000L) {
        t.tv_sec++;
        t.tv_nsec -= 1000000000L;
    }
    return t;
}

static bool reached(struct timespec now, struct timespec deadline)
{
    return now.tv_sec > deadline.tv_sec ||
           (now.tv_sec == deadline.tv_sec && now.tv_nsec >= deadline.tv_nsec);
}

void cpu_budget_start(cpu_budget *b, unsigned ms)
{
    b->deadline = plus_ms(clock_now(CLOCK_THREAD_CPUTIME_ID), ms);
    b->wall_deadline = plus_ms(clock_now(CLOCK_MONOTONIC_COARSE), ms);
    b->spent = false;
}

bool cpu_budget_spent(cpu_budget *b)
{
    if (!b || b->spent)
        return b && b->spent;
    /* a thread cannot have used more CPU time than has passed: until the limit has
       passed on the (cheap, vDSO) coarse clock, the thread's CPU clock (a system call)
       need not be read */
    if (!reached(clock_now(CLOCK_MONOTONIC_COARSE), b->wall_deadline))
        return false;
    b->spent = reached(clock_now(CLOCK_THREAD_CPUTIME_ID), b->deadline);
    return b->spent;
}
