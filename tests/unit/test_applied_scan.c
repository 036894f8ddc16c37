/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Unit tests for applied_scan on a real git repository made here with the git command:
 * patches applied with `git am` (Link: and Message-ID: trailers added, or none), a
 * rename, a merge, and a commit only on another branch. The patch-ids must equal what
 * `git format-patch | git patch-id --stable` gives for the mail; a second scan from the
 * returned tip sees only what is new.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "applied_scan.h"

#define GIT "git -c user.name=T -c user.email=t@example.org -c init.defaultBranch=main " \
            "-c core.hooksPath=/dev/null"

static char dir[] = "/tmp/pm-applied-XXXXXX"; /* the repository is dir/r, mails beside it */
static char repo[64];

static void run(const char *fmt, ...)
{
    char cmd[2048];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(cmd, sizeof cmd, fmt, ap);
    va_end(ap);
    assert_int_equal(system(cmd), 0);
}

/* The first line of a command's output (at most 40 bytes kept). */
static void output(char out[41], const char *fmt, ...)
{
    char cmd[2048];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(cmd, sizeof cmd, fmt, ap);
    va_end(ap);
    FILE *p = popen(cmd, "r");
    assert_non_null(p);
    char line[256] = "";
    if (!fgets(line, sizeof line, p))
        line[0] = '\0';
    pclose(p);
    size_t n = strcspn(line, "\n ");
    if (n > 40)
        n = 40;
    memcpy(out, line, n);
    out[n] = '\0';
}

typedef struct seen {
    size_t n;
    applied_commit v[16];
} seen;

static int collect(void *arg, const applied_commit *c)
{
    seen *s = arg;
    if (s->n < 16) {
        applied_commit *d = &s->v[s->n++];
        memcpy(d, c, sizeof *d);
        memset(&d->postings, 0, sizeof d->postings);
        for (size_t i = 0; i < c->postings.n; i++)
            string_list_add(&d->postings, c->postings.v[i]);
    }
    return 0;
}

static void seen_free(seen *s)
{
    for (size_t i = 0; i < s->n; i++)
        string_list_free(&s->v[i].postings);
    s->n = 0;
}

static const applied_commit *find(const seen *s, const char *sha)
{
    for (size_t i = 0; i < s->n; i++)
        if (!strcmp(s->v[i].commit, sha))
            return &s->v[i];
    return NULL;
}

static int make_repo(void **state)
{
    (void)state;
    if (!mkdtemp(dir))
        return -1;
    snprintf(repo, sizeof repo, "%s/r", dir);
    return 0;
}

static int remove_repo(void **state)
{
    (void)state;
    char cmd[256];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    return system(cmd) == 0 ? 0 : -1;
}

/* A patch made on a topic branch, mailed (format-patch), and applied to main with
 * `git am`; its expected patch-id is that of the mail. TRAILER is added to the applied
 * commit's message (empty: none). Leaves main checked out. */
static void apply_mailed(const char *name, const char *change, const char *trailer, char id[41],
                         char sha[41])
{
    run("cd %s/r && " GIT " checkout -q -b %s main && %s && " GIT " add -A && "
        GIT " commit -q -m 'widget: %s' && " GIT " format-patch -q -1 -o ../mail-%s >/dev/null && "
        GIT " checkout -q main",
        dir, name, change, name, name);
    output(id, "cd %s/r && cat ../mail-%s/0001-*.patch | " GIT " patch-id --stable", dir, name);
    run("cd %s/r && " GIT " am -q ../mail-%s/0001-*.patch", dir, name);
    if (*trailer)
        run("cd %s/r && " GIT " commit -q --amend --no-edit --trailer '%s'", dir, trailer);
    output(sha, "cd %s/r && " GIT " rev-parse HEAD", dir);
}

static void scans_what_a_branch_applied(void **state)
{
    (void)state;
    run("mkdir %s/r && cd %s/r && " GIT " init -q . && printf 'a\\nb\\nc\\n' > a.c && "
        "seq 1 40 > b.c && " GIT " add -A && " GIT " commit -q -m base",
        dir, dir);
    char id_link[41], sha_link[41], id_msgid[41], sha_msgid[41], id_none[41], sha_none[41],
        id_rename[41], sha_rename[41];
    apply_mailed("link", "printf 'a\\nB\\nc\\n' > a.c",
                 "Link: https://patch.msgid.link/20260101.1-frob@example.org", id_link, sha_link);
    apply_mailed("msgid", "printf 'z\\n' >> a.c", "Message-ID: <20260102.2-z@example.org>", id_msgid,
                 sha_msgid);
    apply_mailed("plain", "printf 'y\\n' >> b.c", "", id_none, sha_none);
    apply_mailed("rename", GIT " mv b.c c.c && printf 'x\\n' >> c.c", "", id_rename, sha_rename);
    /* a Link to a list archive, and one to a bug tracker that names no message */
    run("cd %s/r && printf 'w\\n' >> a.c && " GIT " commit -q -a -m 'widget: w' "
        "-m 'Link: https://bugzilla.kernel.org/show_bug.cgi?id=1' "
        "-m 'Link: https://lore.kernel.org/linux-widget/%%3C20260103.3-w%%40example.org%%3E/'",
        dir);
    char sha_lore[41];
    output(sha_lore, "cd %s/r && " GIT " rev-parse HEAD", dir);
    /* a merge of a side branch */
    run("cd %s/r && " GIT " checkout -q -b side main~1 && printf 's\\n' > s.c && " GIT " add s.c && "
        GIT " commit -q -m side && " GIT " checkout -q main && " GIT " merge -q --no-edit side",
        dir);
    char sha_merge[41], sha_side_only[41];
    output(sha_merge, "cd %s/r && " GIT " rev-parse HEAD", dir);
    /* a commit in the object store that main does not reach */
    run("cd %s/r && " GIT " checkout -q -b elsewhere main && printf 'e\\n' > e.c && " GIT " add e.c && "
        GIT " commit -q -m elsewhere && " GIT " checkout -q main",
        dir);
    output(sha_side_only, "cd %s/r && " GIT " rev-parse elsewhere", dir);

    seen s = {0};
    char tip[41];
    strbuf err = STRBUF_INIT;
    assert_int_equal(applied_scan(repo, "main", NULL, 0, collect, &s, tip, &err), 8);
    assert_string_equal(tip, sha_merge);
    assert_null(find(&s, sha_side_only));

    const applied_commit *c = find(&s, sha_link);
    assert_non_null(c);
    assert_int_equal(c->postings.n, 1);
    assert_string_equal(c->postings.v[0], "20260101.1-frob@example.org");
    assert_string_equal(c->patch_ids[0], id_link);

    c = find(&s, sha_msgid);
    assert_non_null(c);
    assert_int_equal(c->postings.n, 1);
    assert_string_equal(c->postings.v[0], "20260102.2-z@example.org");
    assert_string_equal(c->patch_ids[0], id_msgid);

    c = find(&s, sha_none);
    assert_non_null(c);
    assert_int_equal(c->postings.n, 0);
    assert_string_equal(c->patch_ids[0], id_none);

    /* git mails a rename as one: the id with renames found is the mail's */
    c = find(&s, sha_rename);
    assert_non_null(c);
    assert_string_equal(c->patch_ids[0], id_rename);
    assert_string_not_equal(c->patch_ids[1], "");

    c = find(&s, sha_lore);
    assert_non_null(c);
    assert_int_equal(c->postings.n, 1);
    assert_string_equal(c->postings.v[0], "20260103.3-w@example.org");

    c = find(&s, sha_merge);
    assert_non_null(c);
    assert_string_equal(c->patch_ids[0], "");
    seen_free(&s);

    /* again from the tip: nothing new; then one more commit */
    assert_int_equal(applied_scan(repo, "main", tip, 0, collect, &s, tip, &err), 0);
    run("cd %s/r && printf 'v\\n' >> a.c && " GIT " commit -q -a -m 'widget: v'", dir);
    char sha_new[41];
    output(sha_new, "cd %s/r && " GIT " rev-parse HEAD", dir);
    assert_int_equal(applied_scan(repo, "main", tip, 0, collect, &s, tip, &err), 1);
    assert_string_equal(s.v[0].commit, sha_new);
    assert_string_equal(tip, sha_new);
    seen_free(&s);

    /* a tip the repository does not hold starts over; a cap stops the walk */
    assert_int_equal(applied_scan(repo, "refs/heads/main", "0123456789012345678901234567890123456789",
                                  3, collect, &s, tip, &err),
                     3);
    assert_string_equal(s.v[0].commit, sha_new);
    seen_free(&s);
    sb_free(&err);
}

static int stop_at_first(void *arg, const applied_commit *c)
{
    (void)c;
    ++*(int *)arg;
    return 7;
}

static void errors_and_stops(void **state)
{
    (void)state;
    char tip[41];
    strbuf err = STRBUF_INIT;
    int calls = 0;
    assert_int_equal(applied_scan(repo, "no-such-branch", NULL, 0, stop_at_first, &calls, tip, &err), -1);
    assert_non_null(strstr(err.data, "no-such-branch"));
    sb_reset(&err);
    assert_int_equal(applied_scan("/nonexistent/repo", "main", NULL, 0, stop_at_first, &calls, tip, &err),
                     -1);
    assert_non_null(strstr(err.data, "/nonexistent/repo"));
    assert_int_equal(calls, 0);
    assert_int_equal(applied_scan(repo, "main", NULL, 0, stop_at_first, &calls, tip, &err), 7);
    assert_int_equal(calls, 1);
    sb_free(&err);
}

int main(void)
{
    if (system("git --version >/dev/null 2>&1") != 0) {
        printf("SKIP: git command absent\n");
        return 77;
    }
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(scans_what_a_branch_applied),
        cmocka_unit_test(errors_and_stops),
    };
    return cmocka_run_group_tests(tests, make_repo, remove_repo);
}
