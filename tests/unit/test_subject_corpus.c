/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Corpus check of the subject grammar: every subject of the linux-fscrypt archive
 * (a public-inbox git repository in ../shared; its commit subjects are the mail
 * subjects), and the decoded Subject of every message of the LKML Maildir and the
 * patchwork samples, goes through subject_parse, and invariants must hold for all
 * of them. Skips (exit 77) when the shared corpus or git is absent.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <dirent.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "message.h"
#include "strbuf.h"
#include "subject.h"
#include "xalloc.h"

#define CORPUS PM_SHARED_DIR "/corpus"
#define FSCRYPT_GIT CORPUS "/archive-linux-fscrypt/git/0.git"

typedef struct corpus {
    char **lines;
    size_t n;
} corpus;

/* Reads the output of `git log --format=%s` of the archive, one subject a line. */
static bool read_subjects(corpus *c)
{
    int fd[2];
    if (pipe(fd) != 0)
        return false;
    pid_t pid = fork();
    if (pid < 0)
        return false;
    if (pid == 0) {
        dup2(fd[1], 1);
        close(fd[0]);
        close(fd[1]);
        execlp("git", "git", "--git-dir=" FSCRYPT_GIT, "log", "--format=%s", (char *)NULL);
        _exit(127);
    }
    close(fd[1]);
    FILE *f = fdopen(fd[0], "r");
    if (!f) {
        close(fd[0]);
        waitpid(pid, NULL, 0);
        return false;
    }
    char *line = NULL;
    size_t cap = 0, alloc = 0;
    ssize_t len;
    while ((len = getline(&line, &cap, f)) > 0) {
        if (line[len - 1] == '\n')
            line[len - 1] = '\0';
        if (c->n == alloc) {
            alloc = alloc ? alloc * 2 : 1024;
            c->lines = xrealloc(c->lines, alloc * sizeof *c->lines);
        }
        c->lines[c->n++] = xstrdup(line);
    }
    free(line);
    fclose(f);
    int status;
    waitpid(pid, &status, 0);
    return WIFEXITED(status) && WEXITSTATUS(status) == 0 && c->n > 0;
}

static bool contains_ci(const char *s, const char *needle)
{
    size_t n = strlen(needle);
    for (; *s; s++)
        if (strncasecmp(s, needle, n) == 0)
            return true;
    return false;
}

/* No control characters, no leading, trailing or doubled spaces. */
static bool title_is_clean(const char *title)
{
    const unsigned char *t = (const unsigned char *)title;
    if (t[0] == ' ')
        return false;
    for (; *t; t++) {
        if (*t < 0x20 || *t == 0x7f)
            return false;
        if (*t == ' ' && (t[1] == ' ' || t[1] == '\0'))
            return false;
    }
    return true;
}

static void fail_on(const char *what, const char *subject)
{
    print_error("%s: \"%s\"\n", what, subject);
    fail();
}

typedef struct counts {
    size_t subjects, patches, pulls, replies, covers, rfcs, resends;
} counts;

/* Parses one subject, fails on a broken invariant, and counts what it found. */
static void check_subject(const char *s, counts *n)
{
    subject_info si;
    subject_parse(s, &si);
    if (!si.title)
        fail_on("no title", s);
    if (si.version < 1)
        fail_on("version below 1", s);
    if (si.part < 0 || (si.total > 0 && si.part > si.total) || (si.total == 0 && si.part != 0))
        fail_on("part beyond total", s);
    if (contains_ci(s, "[PATCH") && !si.patch)
        fail_on("[PATCH but not patch", s);
    if (contains_ci(s, "[GIT PULL") && !si.pull)
        fail_on("[GIT PULL but not pull", s);
    if (strstr(s, "[syzbot]") && !contains_ci(s, "patch") && si.patch)
        fail_on("syzbot report taken for a patch", s);
    if (strncmp(s, "Re: [PATCH", 10) == 0 && !(si.reply && si.patch && !si.pull))
        fail_on("Re: [PATCH not reply+patch", s);
    if (!title_is_clean(si.title))
        fail_on("title not collapsed", s);
    n->subjects++;
    n->patches += si.patch;
    n->pulls += si.pull;
    n->replies += si.reply;
    n->covers += si.patch && si.total > 0 && si.part == 0;
    n->rfcs += si.rfc;
    n->resends += si.resend;
    subject_info_free(&si);
}

static void print_counts(const char *what, const counts *n)
{
    print_message("%s: %zu subjects: %zu patch, %zu pull, %zu reply, %zu cover, %zu rfc, "
                  "%zu resend\n",
                  what, n->subjects, n->patches, n->pulls, n->replies, n->covers, n->rfcs,
                  n->resends);
}

static void fscrypt_subjects_keep_invariants(void **state)
{
    corpus *c = *state;
    counts n = {0};
    for (size_t i = 0; i < c->n; i++)
        check_subject(c->lines[i], &n);
    print_counts("linux-fscrypt", &n);
    /* the archive is mostly patch traffic; a parser that missed a form would fall short */
    assert_true(n.subjects >= 7000);
    assert_true(n.patches >= n.subjects * 8 / 10);
    assert_true(n.pulls >= 100);
    assert_true(n.covers >= 300);
    assert_true(n.rfcs >= 1000);
    assert_true(n.resends >= 50);
}

/* Checks the decoded Subject of one message. */
static void check_message(const char *raw, size_t len, counts *n)
{
    mail_message msg;
    mail_parse(&msg, raw, len);
    char *subject = mail_get_decoded(&msg, "Subject");
    if (subject)
        check_subject(subject, n);
    free(subject);
    mail_free(&msg);
}

/*
 * Checks every message of a file: an mbox holds one message per "From " line at
 * the start of the file or after a blank line; other files hold one message.
 */
static void check_message_file(const char *raw, size_t len, counts *n)
{
    size_t start = 0;
    for (size_t i = 1; i + 5 <= len; i++) {
        bool after_blank = raw[i - 1] == '\n' && i >= 2 && raw[i - 2] == '\n';
        if (after_blank && memcmp(raw + i, "From ", 5) == 0) {
            check_message(raw + start, i - start, n);
            start = i;
        }
    }
    check_message(raw + start, len - start, n);
}

/* Checks the decoded Subject of every message of every file in dir. */
static void check_message_dir(const char *dir, counts *n)
{
    DIR *d = opendir(dir);
    assert_non_null(d);
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.')
            continue;
        strbuf path = STRBUF_INIT, raw = STRBUF_INIT;
        sb_addf(&path, "%s/%s", dir, e->d_name);
        FILE *f = fopen(path.data, "rb");
        assert_non_null(f);
        char buf[65536];
        size_t got;
        while ((got = fread(buf, 1, sizeof buf, f)) > 0)
            sb_add(&raw, buf, got);
        fclose(f);
        check_message_file(raw.data ? raw.data : "", raw.len, n);
        sb_free(&raw);
        sb_free(&path);
    }
    closedir(d);
}

static void list_samples_keep_invariants(void **state)
{
    (void)state;
    counts lkml = {0}, pw = {0}, b4 = {0}, git = {0};
    check_message_dir(CORPUS "/notmuch-lkml/cur", &lkml);
    check_message_dir(CORPUS "/patchwork-mail", &pw);
    check_message_dir(CORPUS "/b4-samples", &b4);
    check_message_dir(CORPUS "/git-t/t5100", &git);
    print_counts("notmuch-lkml", &lkml);
    print_counts("patchwork-mail", &pw);
    print_counts("b4-samples", &b4);
    print_counts("git-t/t5100", &git);
    assert_true(b4.patches >= 50);
    assert_true(lkml.subjects >= 200);
    assert_true(lkml.patches >= 100);
    assert_true(lkml.replies >= 100);
    /* six "[git pull]", two "[GIT PULL]" and one "[GIT] Networking" */
    assert_true(pw.pulls >= 9);
}

static int unload(void **state)
{
    corpus *c = *state;
    for (size_t i = 0; i < c->n; i++)
        free(c->lines[i]);
    free(c->lines);
    free(c);
    return 0;
}

static int load(void **state)
{
    corpus *c = xcalloc(1, sizeof *c);
    *state = c;
    if (!read_subjects(c)) {
        unload(state);
        return -1;
    }
    return 0;
}

int main(void)
{
    struct stat st;
    if (stat(FSCRYPT_GIT, &st) != 0 || stat(CORPUS "/notmuch-lkml/cur", &st) != 0) {
        printf("SKIP: %s absent\n", CORPUS);
        return 77;
    }
    if (system("git --version >/dev/null 2>&1") != 0) {
        printf("SKIP: git not found\n");
        return 77;
    }
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(fscrypt_subjects_keep_invariants, load, unload),
        cmocka_unit_test(list_samples_keep_invariants),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
