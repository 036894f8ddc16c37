/* SPDX-License-Identifier: BSD-2-Clause */
/* Unit tests for diff_files: where the diff and the signature are, the files of a
   diff (renames, quotes, names holding " b/", /dev/null) and of a diffstat. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "diff_files.h"

#define DIFF_X "diff --git a/x.c b/x.c\n--- a/x.c\n+++ b/x.c\n@@ -1 +1 @@\n-a\n+b\n"

static size_t offset_of(const char *text, const char *part)
{
    const char *p = strstr(text, part);
    assert_non_null(p);
    return (size_t)(p - text);
}

static void where_the_diff_is(void **state)
{
    (void)state;
    const char *text = "Fix.\n---\n x.c | 2 +-\n\n" DIFF_X "-- \n2.40.0\n";
    size_t len = strlen(text);
    diff_span d = diff_find(text, len);
    assert_int_equal(d.start, offset_of(text, "diff --git"));
    assert_int_equal(d.end, offset_of(text, "-- \n"));
    assert_int_equal(d.signature, d.end);
    /* a "-- " line before the diff is a signature, but does not end the search */
    text = "notes\n-- \nnot the end\n" DIFF_X;
    len = strlen(text);
    d = diff_find(text, len);
    assert_int_equal(d.start, offset_of(text, "diff --git"));
    assert_int_equal(d.end, len);
    assert_int_equal(d.signature, 6);
    /* no diff: a "--- " line not followed by "+++ " and "@@ " is none */
    text = "Hello\n--- not a diff\n+++ either\n-- \nsig\n";
    len = strlen(text);
    d = diff_find(text, len);
    assert_int_equal(d.start, len);
    assert_int_equal(d.end, len);
    assert_int_equal(d.signature, offset_of(text, "-- \n"));
    /* a diff without git's header */
    text = "--- a/x.c\n+++ b/x.c\n@@ -1 +1 @@\n";
    assert_int_equal(diff_find(text, strlen(text)).start, 0);
}

static void files_of_a_diff(void **state)
{
    (void)state;
    const char *diff = DIFF_X
        "diff --git a/old.c b/new.c\nsimilarity index 90%\nrename from old.c\nrename to new.c\n"
        "diff --git a/n.c b/n.c\nnew file mode 100644\n--- /dev/null\n+++ b/n.c\n"
        "diff --git a/x b/y b/x b/y\n";
    string_list files = {0};
    string_list_add(&files, "x.c");
    diff_files(diff, strlen(diff), &files);
    assert_int_equal(files.n, 5);
    assert_string_equal(files.v[0], "x.c");
    assert_string_equal(files.v[1], "old.c");
    assert_string_equal(files.v[2], "new.c");
    assert_string_equal(files.v[3], "n.c");
    assert_string_equal(files.v[4], "x b/y");
    string_list_free(&files);
    diff = "diff --git \"a/sp ace.c\" \"b/sp ace.c\"\n";
    diff_files(diff, strlen(diff), &files);
    assert_int_equal(files.n, 1);
    assert_string_equal(files.v[0], "sp ace.c");
    string_list_free(&files);
}

static void files_of_a_diffstat(void **state)
{
    (void)state;
    const char *text = "Cover.\n\n fs/a.c | 2 +-\n fs/{old => new}/b.c | 4 ++--\n x.c => y.c | 0\n"
                       " .../long/path/c.c | 10 ++++\n img.png | Bin 0 -> 12 bytes\n see | here\n"
                       " 5 files changed, 16 insertions(+)\nnot | 1 diffstat\n fs/a.c | 3 +\n";
    string_list files = {0};
    diffstat_files(text, strlen(text), &files);
    assert_int_equal(files.n, 5);
    assert_string_equal(files.v[0], "fs/a.c");
    assert_string_equal(files.v[1], "fs/new/b.c");
    assert_string_equal(files.v[2], "y.c");
    assert_string_equal(files.v[3], ".../long/path/c.c");
    assert_string_equal(files.v[4], "img.png");
    string_list_free(&files);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(where_the_diff_is),
        cmocka_unit_test(files_of_a_diff),
        cmocka_unit_test(files_of_a_diffstat),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
