/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Unit tests for the milter's MAINTAINERS feed, with the clock given explicitly: a
 * file missing at opening, loaded once due, kept across garbage and deletion, each
 * failure episode logged once (the log, standard error, is captured); a SIGUSR1-style
 * re-open that fails keeps the previous feed; threads taking maps while it reloads.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <sys/stat.h>
#include <unistd.h>

#include "maint_feed.h"

static char dir[] = "/tmp/pm-feed-XXXXXX";
static char path[256];
/* The log (standard error) goes to a file while captured. */
static int saved_stderr = -1;
static char log_path[300];

static int make_dir(void **state)
{
    (void)state;
    if (!mkdtemp(dir))
        return -1;
    snprintf(path, sizeof path, "%s/MAINTAINERS", dir);
    return 0;
}

static void release_log(void);

static int remove_dir(void **state)
{
    (void)state;
    char cmd[700];
    if (saved_stderr >= 0) { /* a test failed while capturing: show what it said */
        release_log();
        snprintf(cmd, sizeof cmd, "cat '%s' >&2", log_path);
        if (system(cmd) != 0)
            return -1;
    }
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    return system(cmd) == 0 ? 0 : -1;
}

/* Replaces MAINTAINERS at once (a reader never sees it half written). */
static void write_file(const char *text, time_t mtime)
{
    char tmp[300];
    snprintf(tmp, sizeof tmp, "%s/new", dir);
    FILE *f = fopen(tmp, "w");
    assert_non_null(f);
    fputs(text, f);
    assert_int_equal(fclose(f), 0);
    struct timespec times[2] = {{mtime, 0}, {mtime, 0}};
    assert_int_equal(utimensat(AT_FDCWD, tmp, times, 0), 0);
    assert_int_equal(rename(tmp, path), 0);
}


static void capture_log(void)
{
    snprintf(log_path, sizeof log_path, "%s/log", dir);
    int fd = open(log_path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    assert_true(fd >= 0);
    saved_stderr = dup(STDERR_FILENO);
    assert_true(dup2(fd, STDERR_FILENO) >= 0);
    close(fd);
}

/* Lines of the captured log holding `what` (the capture goes on). */
static int log_count(const char *what)
{
    FILE *f = fopen(log_path, "r");
    assert_non_null(f);
    char line[1024];
    int n = 0;
    while (fgets(line, sizeof line, f))
        n += strstr(line, what) != NULL;
    fclose(f);
    return n;
}

static void release_log(void)
{
    dup2(saved_stderr, STDERR_FILENO);
    close(saved_stderr);
    saved_stderr = -1;
}

/* The title of the one section "one/x.c" is in; "" for no map. */
static void assert_map(maintainers *m, const char *want)
{
    if (!*want) {
        assert_null(m);
        return;
    }
    assert_non_null(m);
    char *files[] = {"one/x.c"};
    string_list fl = {files, 1, 1};
    maint_match r;
    maintainers_match(m, &fl, NULL, 0, &r);
    assert_int_equal(r.sections.n, 1);
    assert_string_equal(r.sections.v[0], want);
    maint_match_free(&r);
    maintainers_free(m);
}

static const char v1[] = "ONE\nL:\tone@example.org\nF:\tone/\n";
static const char v2[] = "TWO\nL:\ttwo@example.org\nF:\tone/\n";
#define ERR "error: cannot load MAINTAINERS"

static void failures_logged_once_per_episode(void **state)
{
    (void)state;
    unlink(path);
    capture_log();
    time_t t = time(NULL);
    pm_maint_feed *f = pm_maint_feed_open(path, 10, NULL);
    assert_int_equal(log_count(ERR), 1);
    assert_int_equal(log_count("No such file or directory; subsystem tags are left out"), 1);
    assert_map(pm_maint_feed_get(f, t), "");
    write_file(v1, 1000000000);
    assert_map(pm_maint_feed_get(f, t + 9), ""); /* not due */
    assert_map(pm_maint_feed_get(f, t + 10), "ONE");
    assert_int_equal(log_count(ERR), 1);
    assert_int_equal(log_count(") loaded"), 1);

    write_file("", 1000000100);
    assert_map(pm_maint_feed_get(f, t + 20), "ONE");
    assert_map(pm_maint_feed_get(f, t + 30), "ONE");
    unlink(path);
    assert_map(pm_maint_feed_get(f, t + 40), "ONE");
    assert_int_equal(log_count(ERR), 2);
    assert_int_equal(log_count("no MAINTAINERS sections found; keeping the map loaded before"), 1);

    write_file(v2, 1000000200);
    assert_map(pm_maint_feed_get(f, t + 50), "TWO");
    assert_int_equal(log_count("changed: reloaded"), 1);

    /* Moved away and back unchanged: the good look after the failure is noted. */
    char aside[300];
    snprintf(aside, sizeof aside, "%s/aside", dir);
    assert_int_equal(rename(path, aside), 0);
    assert_map(pm_maint_feed_get(f, t + 60), "TWO");
    assert_int_equal(rename(aside, path), 0);
    assert_map(pm_maint_feed_get(f, t + 70), "TWO");
    assert_int_equal(log_count(ERR), 3);
    assert_int_equal(log_count("readable again, unchanged"), 1);
    assert_int_equal(log_count("changed: reloaded"), 1);

    /* The clock went back: looked at again. */
    write_file(v1, 1000000300);
    assert_map(pm_maint_feed_get(f, t + 5), "ONE");
    pm_maint_feed_release(f);
    release_log();
}

static void failed_reopen_keeps_the_previous_feed(void **state)
{
    (void)state;
    write_file(v1, 1000000000);
    capture_log();
    time_t t = time(NULL);
    pm_maint_feed *a = pm_maint_feed_open(path, 60, NULL);
    assert_int_equal(log_count(ERR), 0);
    assert_map(pm_maint_feed_get(a, t), "ONE");

    write_file("garbage\n", 1000000100);
    pm_maint_feed *b = pm_maint_feed_open(path, 1, a); /* same spec: a, with interval 1 */
    assert_ptr_equal(b, a);
    assert_int_equal(log_count("no MAINTAINERS sections found; keeping the map loaded before"), 1);
    pm_maint_feed_release(a); /* the old runtime goes; b holds the feed */
    assert_map(pm_maint_feed_get(b, t + 1), "ONE");
    assert_int_equal(log_count(ERR), 1); /* the same episode */

    char other[300];
    snprintf(other, sizeof other, "%s/other", dir);
    pm_maint_feed *c = pm_maint_feed_open(other, 60, b); /* another spec: its own feed */
    assert_ptr_not_equal(c, b);
    assert_map(pm_maint_feed_get(c, t), "");
    assert_int_equal(log_count(ERR), 2);

    write_file(v2, 1000000200);
    pm_maint_feed *d = pm_maint_feed_open(path, 60, b); /* loads: a new feed */
    assert_ptr_not_equal(d, b);
    assert_map(pm_maint_feed_get(d, t), "TWO");
    pm_maint_feed_release(b);
    pm_maint_feed_release(c);
    pm_maint_feed_release(d);
    release_log();
}

typedef struct worker {
    pm_maint_feed *f;
    atomic_bool *done;
    int rounds, whole;
} worker;

static void *take_loop(void *arg)
{
    worker *w = arg;
    char *files[] = {"one/x.c"};
    string_list fl = {files, 1, 1};
    while (!atomic_load(w->done) || w->rounds < 100) {
        w->rounds++;
        maintainers *m = pm_maint_feed_get(w->f, time(NULL));
        maint_match r;
        maintainers_match(m, &fl, NULL, 0, &r);
        w->whole += m && r.sections.n == 1 && r.lists.n == 1;
        maint_match_free(&r);
        maintainers_free(m);
    }
    return NULL;
}

static void threads_take_maps_while_it_reloads(void **state)
{
    (void)state;
    write_file(v1, 1000000000);
    capture_log();
    pm_maint_feed *f = pm_maint_feed_open(path, 0, NULL);
    enum { THREADS = 4 };
    pthread_t th[THREADS];
    worker w[THREADS];
    atomic_bool done = false;
    for (int i = 0; i < THREADS; i++) {
        w[i] = (worker){f, &done, 0, 0};
        assert_int_equal(pthread_create(&th[i], NULL, take_loop, &w[i]), 0);
    }
    for (int i = 1; i <= 50; i++) {
        write_file(i % 2 ? v2 : v1, 1000000000 + i);
        usleep(1000);
    }
    atomic_store(&done, true);
    for (int i = 0; i < THREADS; i++) {
        pthread_join(th[i], NULL);
        assert_int_equal(w[i].whole, w[i].rounds);
    }
    assert_true(log_count("changed: reloaded") > 0);
    assert_int_equal(log_count(ERR), 0);
    pm_maint_feed_release(f);
    release_log();
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(failures_logged_once_per_episode),
        cmocka_unit_test(failed_reopen_keeps_the_previous_feed),
        cmocka_unit_test(threads_take_maps_while_it_reloads),
    };
    return cmocka_run_group_tests(tests, make_dir, remove_dir);
}
