/* SPDX-License-Identifier: BSD-2-Clause */
/* cpu_budget: the CPU time limit of one message's analysis (see cpu_budget.h). */
#include "cpu_budget.h"

static struct timespec thread_cpu_now(void)
{
    struct timespec now = {0, 0};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
    return now;
}

void cpu_budget_start(cpu_budget *b, unsigned ms)
{
    struct timespec d = thread_cpu_now();
    d.tv_sec += (time_t)(ms / 1000);
    d.tv_nsec += (long)(ms % 1000) * 1000000L;
    if (d.tv_nsec >= 1000000000L) {
        d.tv_sec++;
        d.tv_nsec -= 1000000000L;
    }
    b->deadline = d;
    b->spent = false;
}

bool cpu_budget_spent(cpu_budget *b)
{
    if (!b || b->spent)
        return b && b->spent;
    struct timespec now = thread_cpu_now();
    b->spent = now.tv_sec > b->deadline.tv_sec ||
               (now.tv_sec == b->deadline.tv_sec && now.tv_nsec >= b->deadline.tv_nsec);
    return b->spent;
}
