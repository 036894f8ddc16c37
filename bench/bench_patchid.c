/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * bench_patchid: speed of patchid_compute() (core/patch/patchid.c) on real mail and on
 * hostile inputs. Reads `git cat-file --batch` output on stdin (one record per
 * message), computes the id of every message ROUNDS times and prints the rate, then
 * times synthetic worst cases. See bench/RESULTS.md for the command line.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "patchid.h"
#include "strbuf.h"

enum { ROUNDS = 5 };

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

typedef struct {
    strbuf data;
    size_t *start, *len;
    size_t n, cap;
} corpus;

static void read_batch(FILE *in, corpus *c)
{
    char head[256];
    while (fgets(head, sizeof head, in)) {
        char oid[128], type[32];
        size_t size;
        if (sscanf(head, "%127s %31s %zu", oid, type, &size) != 3)
            continue;
        if (c->n == c->cap) {
            c->cap = c->cap ? c->cap * 2 : 1024;
            c->start = realloc(c->start, c->cap * sizeof *c->start);
            c->len = realloc(c->len, c->cap * sizeof *c->len);
            if (!c->start || !c->len)
                abort();
        }
        c->start[c->n] = c->data.len;
        c->len[c->n] = size;
        sb_grow(&c->data, size);
        if (fread(c->data.data + c->data.len, 1, size, in) != size)
            break;
        c->data.len += size;
        c->n++;
        (void)fgetc(in); /* the LF after each record */
    }
}

static void time_text(const char *what, const char *text, size_t len)
{
    char hex[41];
    double best = 1e9;
    int rc = 0;
    for (int r = 0; r < ROUNDS; r++) {
        double t0 = now();
        rc = patchid_compute(text, len, hex);
        double t = now() - t0;
        if (t < best)
            best = t;
    }
    printf("| %s (%.1f MiB) | %.1f ms | %s |\n", what, (double)len / (1 << 20), best * 1e3,
           rc == 0 ? "id" : "no id");
}

static void repeat(strbuf *sb, const char *head, const char *unit, size_t total)
{
    sb_reset(sb);
    sb_adds(sb, head);
    size_t n = strlen(unit);
    while (sb->len + n <= total)
        sb_add(sb, unit, n);
}

int main(void)
{
    corpus c = {STRBUF_INIT, NULL, NULL, 0, 0};
    read_batch(stdin, &c);
    if (c.n) {
        size_t ids = 0;
        char hex[41];
        double best = 1e9;
        for (int r = 0; r < ROUNDS; r++) {
            ids = 0;
            double t0 = now();
            for (size_t i = 0; i < c.n; i++)
                ids += patchid_compute(c.data.data + c.start[i], c.len[i], hex) == 0;
            double t = now() - t0;
            if (t < best)
                best = t;
        }
        printf("%zu messages, %.1f MiB, %zu with an id: best of %d rounds %.3f s, "
               "%.0f messages/s, %.1f MiB/s\n",
               c.n, (double)c.data.len / (1 << 20), ids, ROUNDS, best, (double)c.n / best,
               (double)c.data.len / (1 << 20) / best);
    }

    strbuf sb = STRBUF_INIT;
    const size_t mib = 1 << 20;
    printf("| input | best of %d | result |\n|---|---|---|\n", ROUNDS);
    repeat(&sb, "diff --git a/x b/x\n--- a/x\n+++ b/x\n@@ -1,999999999 +1,999999999 @@\n",
           "+added line\n", 16 * mib);
    time_text("one hunk of `+added line`", sb.data, sb.len);
    repeat(&sb, "", "diff --git a/x b/x\n--- a/x\n+++ b/x\n@@ -1 +1 @@\n-a\n+b\n", 4 * mib);
    time_text("one-line files (95,000 digests)", sb.data, sb.len);
    repeat(&sb, "", "diff --git a/x b/x\nold mode 100644\nnew mode 100755\n", 4 * mib);
    time_text("mode-only sections (git folds them into one digest)", sb.data, sb.len);
    repeat(&sb, "diff --git a/x\n", "abcdefgh\n", 4 * mib);
    time_text("wrapped `diff --git` line never completed", sb.data, sb.len);
    repeat(&sb, "diff --git \"a/", "\\303\\251", 4 * mib);
    time_text("one quoted path of 4 MiB", sb.data, sb.len);
    repeat(&sb, "", "x\n", 4 * mib);
    time_text("no diff", sb.data, sb.len);
    sb_free(&sb);
    sb_free(&c.data);
    free(c.start);
    free(c.len);
    return 0;
}
