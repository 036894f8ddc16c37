/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Unit tests for maintainers sources: a file reloaded when it changes, REPO:REF:PATH
 * read from real (bare and non-bare) git repositories made with the git command and
 * reloaded when the ref moves, bad specs, and threads matching while the source
 * reloads. When to look is the caller's clock (test_milter_maint_feed.c).
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

#include "maintainers.h"

static char dir[] = "/tmp/pm-maint-XXXXXX";

static void run(const char *fmt, ...)
{
    char cmd[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(cmd, sizeof cmd, fmt, ap);
    va_end(ap);
    assert_int_equal(system(cmd), 0);
}

static int make_dir(void **state)
{
    (void)state;
    return mkdtemp(dir) ? 0 : -1;
}

static int remove_dir(void **state)
{
    (void)state;
    char cmd[256];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    return system(cmd) == 0 ? 0 : -1;
}

static void write_file(const char *path, const char *text, time_t mtime)
{
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    assert_int_equal(fclose(f), 0);
    struct timespec times[2] = {{mtime, 0}, {mtime, 0}};
    assert_int_equal(utimensat(AT_FDCWD, path, times, 0), 0);
}

/* The title of the one section "one/x.c" is in. */
static void assert_title(const maintainers *m, const char *want)
{
    char *files[] = {"one/x.c"};
    string_list fl = {files, 1, 1};
    maint_match r;
    maintainers_match(m, &fl, NULL, 0, &r);
    assert_int_equal(r.sections.n, 1);
    assert_string_equal(r.sections.v[0], want);
    maint_match_free(&r);
}

static const char v1[] = "ONE\nL:\tone@example.org\nF:\tone/\n";
static const char v2[] = "TWO\nL:\ttwo@example.org\nF:\tone/\n";

static void file_reloads_when_it_changes(void **state)
{
    (void)state;
    char path[256];
    snprintf(path, sizeof path, "%s/MAINTAINERS", dir);
    write_file(path, v1, 1000000000);
    maintainers_source *src;
    strbuf err = STRBUF_INIT;
    assert_int_equal(maintainers_source_open(path, &src, &err), 0);
    maintainers *m1 = maintainers_source_get(src);
    assert_title(m1, "ONE");

    assert_int_equal(maintainers_refresh(src, &err), 0); /* unchanged */
    write_file(path, v2, 1000000100);
    assert_int_equal(maintainers_refresh(src, &err), 1);
    maintainers *m2 = maintainers_source_get(src);
    assert_title(m2, "TWO");
    assert_title(m1, "ONE"); /* still valid while held */
    maintainers_free(m1);
    maintainers_free(m2);

    assert_int_equal(maintainers_refresh(src, &err), 0); /* unchanged */
    write_file(path, "", 1000000200);
    assert_int_equal(maintainers_refresh(src, &err), -1);
    assert_non_null(strstr(err.data, "no MAINTAINERS sections"));
    m2 = maintainers_source_get(src);
    assert_title(m2, "TWO"); /* the old map stays */
    maintainers_free(m2);
    maintainers_source_close(src);
    sb_free(&err);
}

#define GIT "git -c user.name=T -c user.email=t@example.org -c init.defaultBranch=main"

static void git_ref_without_checkout(void **state)
{
    (void)state;
    char spec[512];
    strbuf err = STRBUF_INIT;
    maintainers *m;
    run(GIT " init -q '%s/repo'", dir);
    char path[256];
    snprintf(path, sizeof path, "%s/repo/MAINTAINERS", dir);
    write_file(path, v1, 1000000000);
    run(GIT " -C '%s/repo' add MAINTAINERS && " GIT " -C '%s/repo' commit -qm one", dir, dir);
    run(GIT " clone -q --bare '%s/repo' '%s/bare.git'", dir, dir);

    snprintf(spec, sizeof spec, "%s/repo:main:MAINTAINERS", dir);
    assert_int_equal(maintainers_load(spec, &m, &err), 0);
    assert_title(m, "ONE");
    maintainers_free(m);

    snprintf(spec, sizeof spec, "%s/bare.git:refs/heads/main:MAINTAINERS", dir);
    maintainers_source *src;
    assert_int_equal(maintainers_source_open(spec, &src, &err), 0);
    m = maintainers_source_get(src);
    assert_title(m, "ONE");
    maintainers_free(m);

    /* the ref moves, MAINTAINERS does not: nothing to reload */
    run("echo x > '%s/repo/other' && " GIT " -C '%s/repo' add other && " GIT
        " -C '%s/repo' commit -qm other && " GIT " -C '%s/repo' push -q '%s/bare.git' main",
        dir, dir, dir, dir, dir);
    assert_int_equal(maintainers_refresh(src, &err), 0);

    write_file(path, v2, 1000000100);
    run(GIT " -C '%s/repo' commit -qam two && " GIT " -C '%s/repo' push -q '%s/bare.git' main",
        dir, dir, dir);
    assert_int_equal(maintainers_refresh(src, &err), 1);
    m = maintainers_source_get(src);
    assert_title(m, "TWO");
    maintainers_free(m);
    maintainers_source_close(src);
    sb_free(&err);
}

static void bad_specs(void **state)
{
    (void)state;
    const char *const bad[][2] = {
        {"/nonexistent/MAINTAINERS", "No such file"},
        {"%s/repo:refs/heads/nope:MAINTAINERS", "cannot resolve"},
        {"%s/repo:main:nothere", "cannot resolve"},
        {"%s/nothing.git:main:MAINTAINERS", "cannot open repository"},
        {"%s/repo:main:", "neither a file nor"},
        {"%s", "not a regular file"},
    };
    run("mkdir -p '%s/repo/sub' && echo x > '%s/repo/sub/f' && " GIT " -C '%s/repo' add sub && " GIT
        " -C '%s/repo' commit -qm sub",
        dir, dir, dir, dir);
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char spec[512];
        snprintf(spec, sizeof spec, bad[i][0], dir);
        strbuf err = STRBUF_INIT;
        maintainers *m = (maintainers *)&err; /* must be reset to NULL */
        assert_int_equal(maintainers_load(spec, &m, &err), -1);
        assert_null(m);
        if (!strstr(err.data, bad[i][1]))
            fprintf(stderr, "  %s: %s\n", spec, err.data);
        assert_non_null(strstr(err.data, bad[i][1]));
        sb_free(&err);
    }
    char spec[512];
    snprintf(spec, sizeof spec, "%s/repo:main:sub", dir);
    strbuf err = STRBUF_INIT;
    maintainers_source *src;
    assert_int_equal(maintainers_source_open(spec, &src, &err), -1);
    assert_non_null(strstr(err.data, "is not a file"));
    sb_free(&err);
}

typedef struct worker {
    maintainers_source *src;
    atomic_bool *done;
    int rounds, seen_one, seen_two;
} worker;

static void *match_loop(void *arg)
{
    worker *w = arg;
    char *files[] = {"one/x.c"};
    string_list fl = {files, 1, 1};
    while (!atomic_load(w->done) || w->rounds < 100) {
        w->rounds++;
        maintainers *m = maintainers_source_get(w->src);
        maint_match r;
        maintainers_match(m, &fl, NULL, 0, &r);
        if (r.sections.n == 1 && !strcmp(r.sections.v[0], "ONE") && r.lists.n == 1 &&
            !strcmp(r.lists.v[0], "one@example.org"))
            w->seen_one++;
        else if (r.sections.n == 1 && !strcmp(r.sections.v[0], "TWO") && r.lists.n == 1 &&
                 !strcmp(r.lists.v[0], "two@example.org"))
            w->seen_two++;
        maint_match_free(&r);
        maintainers_free(m);
    }
    return NULL;
}

static void threads_match_while_it_reloads(void **state)
{
    (void)state;
    char path[256];
    snprintf(path, sizeof path, "%s/threads", dir);
    write_file(path, v1, 1000000000);
    maintainers_source *src;
    strbuf err = STRBUF_INIT;
    assert_int_equal(maintainers_source_open(path, &src, &err), 0);
    enum { THREADS = 4 };
    pthread_t th[THREADS];
    worker w[THREADS];
    atomic_bool done = false;
    for (int i = 0; i < THREADS; i++) {
        w[i] = (worker){src, &done, 0, 0, 0};
        assert_int_equal(pthread_create(&th[i], NULL, match_loop, &w[i]), 0);
    }
    int reloads = 0;
    for (int i = 1; i <= 20; i++) {
        write_file(path, i % 2 ? v2 : v1, 1000000000 + i);
        reloads += maintainers_refresh(src, &err) == 1;
    }
    atomic_store(&done, true);
    for (int i = 0; i < THREADS; i++) {
        pthread_join(th[i], NULL);
        assert_int_equal(w[i].seen_one + w[i].seen_two, w[i].rounds); /* always a whole map */
    }
    assert_int_equal(reloads, 20);
    maintainers_source_close(src);
    sb_free(&err);
}

int main(void)
{
    if (system("git --version >/dev/null 2>&1") != 0) {
        printf("SKIP: git command absent\n");
        return 77;
    }
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(file_reloads_when_it_changes),
        cmocka_unit_test(git_ref_without_checkout),
        cmocka_unit_test(bad_specs),
        cmocka_unit_test(threads_match_while_it_reloads),
    };
    return cmocka_run_group_tests(tests, make_dir, remove_dir);
}
