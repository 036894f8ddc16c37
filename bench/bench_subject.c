/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * bench_subject: throughput of subject_parse on real subjects (one a line on
 * stdin, e.g. `git log --format=%s` of a public-inbox archive) and its time on
 * 1 MiB hostile subjects of several shapes. Figures go in bench/RESULTS.md.
 *
 *   cc -O2 -D_GNU_SOURCE -Icore/patch -Icore/util bench/bench_subject.c core/patch/subject.c core/util/utf8.c \
 *      core/util/strbuf.c core/util/xalloc.c -o /tmp/bench_subject
 *   git --git-dir=../shared/corpus/archive-linux-fscrypt/git/0.git log --format=%s \
 *      | /tmp/bench_subject
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "strbuf.h"
#include "subject.h"
#include "xalloc.h"

#define ROUNDS 200

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void real_subjects(void)
{
    char **lines = NULL;
    size_t n = 0, cap = 0, bytes = 0;
    char *line = NULL;
    size_t lcap = 0;
    ssize_t len;
    while ((len = getline(&line, &lcap, stdin)) > 0) {
        if (line[len - 1] == '\n')
            line[--len] = '\0';
        lines = xgrow(lines, sizeof *lines, n + 1, &cap);
        lines[n++] = xstrdup(line);
        bytes += (size_t)len;
    }
    free(line);
    if (n == 0) {
        printf("no subjects on stdin\n");
        return;
    }
    double t0 = now();
    for (int r = 0; r < ROUNDS; r++)
        for (size_t i = 0; i < n; i++) {
            subject_info si;
            subject_parse(lines[i], &si);
            subject_info_free(&si);
        }
    double dt = now() - t0;
    printf("real subjects: %zu x %d in %.3f s: %.2f M subjects/s, %.0f MB/s, %.0f ns each\n", n,
           ROUNDS, dt, (double)n * ROUNDS / dt / 1e6, (double)bytes * ROUNDS / dt / 1e6,
           dt / ((double)n * ROUNDS) * 1e9);
    for (size_t i = 0; i < n; i++)
        free(lines[i]);
    free(lines);
}

static void hostile_subjects(void)
{
    static const char *const units[] = {
        "[", "]", "[a]", "[PATCH v2 1/3]", "Re: ", "[PATCH ", "a ", "[x@y: ", "\xff",
        "[PATCH a b c d e f g h]",
    };
    const size_t mib = 1 << 20;
    strbuf sb = STRBUF_INIT;
    for (size_t u = 0; u < sizeof units / sizeof units[0]; u++) {
        sb_reset(&sb);
        size_t ul = strlen(units[u]);
        while (sb.len + ul <= mib)
            sb_add(&sb, units[u], ul);
        double t0 = now();
        subject_info si;
        subject_parse(sb.data, &si);
        subject_info_free(&si);
        double dt = now() - t0;
        printf("1 MiB of \"%s\": %.2f ms\n", units[u][0] == '\xff' ? "\\xff" : units[u], dt * 1e3);
    }
    sb_free(&sb);
}

int main(void)
{
    real_subjects();
    hostile_subjects();
    return 0;
}
