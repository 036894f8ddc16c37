/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * bench_worst: the CPU time of the whole annotate flow on one message (parse, patch
 * facts, MAINTAINERS sections, fields, rewrite; no index), in one process, so that
 * start-up and the loading of MAINTAINERS are not counted. Runs the flow until it has
 * taken MIN_SECONDS of CPU (at least once) and prints "RUNS SECONDS_PER_RUN".
 * Usage: bench_worst MESSAGE_FILE [MAINTAINERS|-] [MIN_SECONDS]
 * bench_worst.sh runs it on the worst input of each stage (worst_gen.py). No time
 * budget is set, so the figures are those of the stages themselves.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "annotate.h"
#include "xalloc.h"

static double thread_cpu(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: bench_worst MESSAGE_FILE [MAINTAINERS|-] [MIN_SECONDS]\n");
        return 2;
    }
    FILE *f = fopen(argv[1], "rb");
    if (!f) {
        perror(argv[1]);
        return 1;
    }
    strbuf raw = STRBUF_INIT, err = STRBUF_INIT;
    char chunk[65536];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
        sb_add(&raw, chunk, n);
    fclose(f);
    maintainers *maint = NULL;
    if (argc > 2 && strcmp(argv[2], "-") && maintainers_load(argv[2], &maint, &err) < 0) {
        fprintf(stderr, "bench_worst: %s\n", err.data);
        return 1;
    }
    double min_seconds = argc > 3 ? atof(argv[3]) : 0.5;
    annotate_config cfg = {.prefix = PM_DEFAULT_PREFIX, .maintainers = maint};
    double spent = 0;
    unsigned runs = 0;
    do {
        double t0 = thread_cpu();
        mail_message msg;
        annotate_result res;
        strbuf out = STRBUF_INIT;
        mail_parse(&msg, raw.data ? raw.data : "", raw.len);
        annotate_message(&cfg, &msg, &res, &err);
        annotate_render(&msg, cfg.prefix, &res.fields, &out);
        annotate_result_free(&res);
        mail_free(&msg);
        sb_free(&out);
        spent += thread_cpu() - t0;
        runs++;
    } while (spent < min_seconds);
    printf("%u %.6f\n", runs, spent / runs);
    maintainers_free(maint);
    sb_free(&raw);
    sb_free(&err);
    return 0;
}
