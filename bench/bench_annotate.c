/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * bench_annotate: messages per second of the annotate flow (parse, facts, patch-id,
 * index lookup without recording, fields, rewrite) in one process, as
 * `patchmilter annotate --dry-run` does per message (its CPU time budget included).
 * Usage: bench_annotate SOURCE [INDEX] [REPEAT]
 * SOURCE as for import (mbox, Maildir, public-inbox git). The messages are read into
 * memory first, so only the annotate flow is timed.
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "annotate.h"
#include "mail_source.h"
#include "xalloc.h"

typedef struct message_copy {
    char *data;
    size_t len;
} message_copy;

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: bench_annotate SOURCE [INDEX] [REPEAT]\n");
        return 2;
    }
    strbuf err = STRBUF_INIT;
    mail_source *src;
    mail_source_options opt = {0};
    if (mail_source_open(argv[1], &opt, &src, &err) < 0) {
        fprintf(stderr, "bench_annotate: %s\n", err.data);
        return 1;
    }
    message_copy *msgs = NULL;
    size_t n = 0, cap = 0, bytes = 0;
    mail_item it;
    int rc;
    while ((rc = mail_source_next(src, &it, &err)) != 0) {
        if (rc < 0)
            continue;
        msgs = xgrow(msgs, sizeof *msgs, n + 1, &cap);
        msgs[n].data = xstrndup(it.data, it.len);
        msgs[n].len = it.len;
        bytes += it.len;
        n++;
    }
    mail_source_close(src);

    pm_index *index = NULL;
    if (argc > 2 && pm_index_open(argv[2], &index, &err) < 0) {
        fprintf(stderr, "bench_annotate: %s\n", err.data);
        return 1;
    }
    int repeat = argc > 3 ? atoi(argv[3]) : 3;
    annotate_config cfg = {.prefix = PM_DEFAULT_PREFIX, .index = index, .record = false};
    double best = 0;
    size_t annotated = 0;
    for (int r = 0; r < repeat; r++) {
        double t0 = now();
        annotated = 0;
        for (size_t i = 0; i < n; i++) {
            mail_message msg;
            annotate_result res;
            strbuf out = STRBUF_INIT;
            cpu_budget budget;
            cpu_budget_start(&budget, PM_ANALYSIS_TIME_LIMIT_MS);
            cfg.budget = &budget;
            mail_parse(&msg, msgs[i].data, msgs[i].len);
            annotate_message(&cfg, &msg, &res, &err);
            annotate_render(&msg, cfg.prefix, &res.fields, &out);
            annotated += res.fields.n > 0;
            annotate_result_free(&res);
            mail_free(&msg);
            sb_free(&out);
            sb_reset(&err);
        }
        double rate = n / (now() - t0);
        if (rate > best)
            best = rate;
    }
    printf("messages %zu (%.1f MB), annotated %zu, index %s: best of %d runs %.0f messages/s\n", n,
           bytes / 1e6, annotated, index ? argv[2] : "none", repeat, best);
    for (size_t i = 0; i < n; i++)
        free(msgs[i].data);
    free(msgs);
    pm_index_close(index);
    sb_free(&err);
    return 0;
}
