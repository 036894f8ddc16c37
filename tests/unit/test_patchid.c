/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Unit tests for patchid: ids of our own small diffs (tests/fixtures/patchid/) against
 * `git patch-id --stable`.
 *
 * The fixtures were made in a scratch repository: `git format-patch` of small commits
 * (text, binary with and without --binary, a form feed in a line, renames, modes),
 * `git diff --no-prefix`, `git -c core.quotePath=false show` (raw UTF-8 path), `diff -ru`
 * of two directories (no git at all); the mail-mangled ones were then edited by hand or
 * script: CRLF, a context line that lost its space, a `+` line wrapped at a space
 * (wrapped.patch), hunk counts larger than the hunk (wrong-counts.patch), reply text
 * after the diff with no signature (trailing-text.patch).
 * The expected ids were obtained once with `git patch-id --stable < FILE` (git 2.39.5)
 * and are hard-coded here, so the test does not need git.
 */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "fixture.h"
#include "patchid.h"

/* Returns patchid_compute()'s result for a fixture; *hex receives the id. */
static int id_of(const char *name, char hex[41])
{
    strbuf text = STRBUF_INIT;
    char path[256];
    snprintf(path, sizeof path, "patchid/%s", name);
    fixture_read(path, &text);
    memset(hex, 'x', 41);
    int rc = patchid_compute(text.data, text.len, hex);
    sb_free(&text);
    return rc;
}

static void assert_id(const char *name, const char *expected)
{
    char hex[41];
    assert_int_equal(id_of(name, hex), 0);
    assert_string_equal(hex, expected);
}

static void normal_diff(void **state)
{
    (void)state;
    assert_id("normal.patch", "7cf59c9ea43a3ca9d8d986f62d258610aa1b897a");
}

static void files_in_other_order_give_the_same_id(void **state)
{
    (void)state;
    assert_id("reordered.patch", "7cf59c9ea43a3ca9d8d986f62d258610aa1b897a");
}

static void rename_without_content_change(void **state)
{
    (void)state;
    assert_id("rename.patch", "8655929933e516a7331860722ad5ea60579025dd");
}

static void mode_change_only(void **state)
{
    (void)state;
    assert_id("mode.patch", "e19903e16421a6a59442d841e2759c585f666eaf");
}

/* git hashes a header-only section (here a mode change) together with the next file */
static void mode_change_followed_by_an_edit(void **state)
{
    (void)state;
    assert_id("mode-and-edit.patch", "2b8ece19890c0d078a7e3cbd0ed6a922d6e9d5d4");
}

static void new_empty_file(void **state)
{
    (void)state;
    assert_id("new-empty.patch", "8a6e02d3af9c3e30982a706bbf1c806755739cc3");
}

/* non-ASCII, tab, quote and backslash in names: git writes the paths quoted */
static void quoted_paths_and_a_rename(void **state)
{
    (void)state;
    assert_id("quoted-paths.patch", "e692d01dbed75242a502011eba619cba781ed45d");
}

static void no_newline_at_end_of_file(void **state)
{
    (void)state;
    assert_id("no-newline.patch", "776851a0e3e12823fa739a1870c2fcb03e20d881");
}

/* CRLF, a context line that lost its space (so git's hunk count runs past the next
 * file's header), and a signature: libgit2 rejects the text as it is. */
static void mangled_mail_diff(void **state)
{
    (void)state;
    assert_id("mangled.patch", "704bcaf572bbc94e80b7c40c881ec68d4ca5c236");
}

/* "GIT binary patch": git hashes the index line's ids instead of the data */
static void git_binary_patch(void **state)
{
    (void)state;
    assert_id("binary.patch", "20d45b48d5ccb3213c43eecac83814dc563688d2");
}

/* "Binary files ... differ" followed by a text file: the text file's digest starts
 * without its own section's header and the digest of nothing is added at the end */
static void binary_files_differ_then_text(void **state)
{
    (void)state;
    assert_id("binary-files.patch", "6bcb20efc0228aab971cd32db93e07bfdad9aeef");
}

/* A binary file with no index line before it: git hashes two empty strings */
static void binary_without_index_line(void **state)
{
    (void)state;
    static const char text[] = "diff --git a/x b/x\nnew file mode 100644\n"
                               "Binary files /dev/null and b/x differ\n";
    char hex[41];
    assert_int_equal(patchid_compute(text, sizeof text - 1, hex), 0);
    assert_string_equal(hex, "3253fd85e274dce48a5d26c0f27e8be986d09354");
}

static void no_prefix_diff(void **state)
{
    (void)state;
    assert_id("no-prefix.patch", "28f75f17cff9c4d7c0384d5d74f3a8287340e653");
}

static void raw_non_ascii_path(void **state)
{
    (void)state;
    assert_id("raw-path.patch", "d116686aa22c181a6da5224fd9c35e66f30e2f66");
}

/* git keeps form feeds and vertical tabs in hashed lines (not white space to it) */
static void form_feed_in_a_line(void **state)
{
    (void)state;
    assert_id("form-feed.patch", "84a1a66c4fe33f50c93bbb4a917f9efd151f714b");
}

/* a hunk line starting with a backslash but no space is hashed by git (only "\ "
   lines, such as "\ No newline at end of file", are left out); libgit2 leaves it out
   (fuzz_patchid found it; git patch-id --stable gave this id) */
static void backslash_line_without_space(void **state)
{
    (void)state;
    assert_id("backslash-line.patch", "32369647463c170d429b0e226fc5fbc459e0c11f");
}

/* a "\ " line of 12 bytes or fewer in a hunk is hashed by git, as any backslash line
   but a longer "\ " one ("\ No newline at end of file"); libgit2 leaves it out
   (fuzz_patchid found it; git patch-id --stable gave this id) */
static void short_backslash_space_line(void **state)
{
    (void)state;
    assert_id("backslash-space-short-line.patch", "d5c0cb94a2b73120adaa499243bf3daaf9727369");
}

/* `diff -ru old new`: git ids it from its "diff -ru" line on */
static void diff_u_without_git(void **state)
{
    (void)state;
    assert_id("diff-u.patch", "7f5d56de002ed8c8dc9d8eed5e69bef53e344698");
}

/* wrapped at a space: white space is not hashed, so the id is the unwrapped one's */
static void wrapped_line(void **state)
{
    (void)state;
    assert_id("wrapped.patch", "f594a1c69964540eca245bdf157c00091fc4aa11");
}

static void reply_text_after_the_diff(void **state)
{
    (void)state;
    assert_id("trailing-text.patch", "f594a1c69964540eca245bdf157c00091fc4aa11");
}

/* hunk counts larger than the hunk: the next file's header is read as hunk lines */
static void hunk_counts_too_large(void **state)
{
    (void)state;
    assert_id("wrong-counts.patch", "a9c036a5a2cc0b3b90a2a0f5e7298227d77974e7");
}

static void text_without_diff(void **state)
{
    (void)state;
    char hex[41];
    assert_int_equal(id_of("no-diff.txt", hex), -1);
    assert_int_equal(patchid_compute("", 0, hex), -1);
    /* git patch-id wants a "diff " line: a bare unified diff has no id */
    static const char bare[] = "--- a/f\n+++ b/f\n@@ -1 +1 @@\n-x\n+y\n";
    assert_int_equal(patchid_compute(bare, sizeof bare - 1, hex), -1);
    assert_int_equal(patchid_compute(NULL, 0, hex), -1);
}

/* The diff ends at the signature: what follows it, even another diff, changes nothing. */
static void diff_ends_at_signature(void **state)
{
    (void)state;
    strbuf text = STRBUF_INIT;
    char plain[41], more[41], cut[41];
    fixture_read("patchid/normal.patch", &text);
    assert_int_equal(patchid_compute(text.data, text.len, plain), 0);

    const char *sig = strstr(text.data, "\n-- \n");
    assert_non_null(sig);
    assert_int_equal(patchid_compute(text.data, (size_t)(sig - text.data) + 1, cut), 0);
    assert_string_equal(cut, plain);

    sb_adds(&text, "\ndiff --git a/other b/other\n--- a/other\n+++ b/other\n@@ -1 +1 @@\n-x\n+y\n");
    assert_int_equal(patchid_compute(text.data, text.len, more), 0);
    assert_string_equal(more, plain);
    sb_free(&text);
}

/* A line of 40 hex digits ("From <commit>", as format-patch writes) ends a patch and
 * starts the next: the id is that of the first patch. */
static void commit_line_ends_the_patch(void **state)
{
    (void)state;
    const char *one = "diff --git a/f b/f\n--- a/f\n+++ b/f\n@@ -1 +1 @@\n-x\n+y\n";
    const char *two = "From 0123456789abcdef0123456789abcdef01234567 Mon Sep 17 00:00:00 2001\n"
                      "diff --git a/g b/g\n--- a/g\n+++ b/g\n@@ -1 +1 @@\n-p\n+q\n";
    strbuf both = STRBUF_INIT;
    sb_adds(&both, one);
    sb_adds(&both, two);
    char a[41], b[41];
    assert_int_equal(patchid_compute(one, strlen(one), a), 0);
    assert_int_equal(patchid_compute(both.data, both.len, b), 0);
    assert_string_equal(a, b);
    sb_free(&both);
}

/* Hostile bytes: NULs (git reads a line only up to its NUL), a hunk count far beyond
 * the text, a diff line cut short: ids from git patch-id --stable. */
static void hostile_input(void **state)
{
    (void)state;
    static const char nul[] = "diff --git a/f b/f\n--- a/f\n+++ b/f\n@@ -1 +1 @@\n-x\0zz\n+y\n";
    static const char huge[] = "diff --git a/f b/f\n--- a/f\n+++ b/f\n@@ -1,99999999999 +1,4294967297 @@\n-x\n";
    static const char cut[] = "diff --git a/f";
    char hex[41];
    assert_int_equal(patchid_compute(nul, sizeof nul - 1, hex), 0);
    assert_string_equal(hex, "fc03ddbd296b995bf1bd67458a44d63531598334");
    assert_int_equal(patchid_compute(huge, sizeof huge - 1, hex), 0);
    assert_string_equal(hex, "5de32d761b6eb5ba0f5d7d8e3a61624565fd4362");
    assert_int_equal(patchid_compute(cut, sizeof cut - 1, hex), 0);
    assert_string_equal(hex, "427971eb5f720692ccc2f3a3fa069024d5800514");
}

static void *compute_in_thread(void *arg)
{
    char *hex = arg;
    if (id_of("normal.patch", hex) != 0)
        hex[0] = '\0';
    return NULL;
}

/* libcrypto's SHA-1 is fetched once, whichever thread comes first. */
static void threads_compute_concurrently(void **state)
{
    (void)state;
    enum { N = 4 };
    pthread_t t[N];
    char hex[N][41];
    for (int i = 0; i < N; i++)
        assert_int_equal(pthread_create(&t[i], NULL, compute_in_thread, hex[i]), 0);
    for (int i = 0; i < N; i++) {
        pthread_join(t[i], NULL);
        assert_string_equal(hex[i], "7cf59c9ea43a3ca9d8d986f62d258610aa1b897a");
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(threads_compute_concurrently),
        cmocka_unit_test(normal_diff),
        cmocka_unit_test(files_in_other_order_give_the_same_id),
        cmocka_unit_test(rename_without_content_change),
        cmocka_unit_test(mode_change_only),
        cmocka_unit_test(mode_change_followed_by_an_edit),
        cmocka_unit_test(new_empty_file),
        cmocka_unit_test(quoted_paths_and_a_rename),
        cmocka_unit_test(no_newline_at_end_of_file),
        cmocka_unit_test(mangled_mail_diff),
        cmocka_unit_test(git_binary_patch),
        cmocka_unit_test(binary_files_differ_then_text),
        cmocka_unit_test(binary_without_index_line),
        cmocka_unit_test(no_prefix_diff),
        cmocka_unit_test(raw_non_ascii_path),
        cmocka_unit_test(form_feed_in_a_line),
        cmocka_unit_test(backslash_line_without_space),
        cmocka_unit_test(short_backslash_space_line),
        cmocka_unit_test(diff_u_without_git),
        cmocka_unit_test(wrapped_line),
        cmocka_unit_test(reply_text_after_the_diff),
        cmocka_unit_test(hunk_counts_too_large),
        cmocka_unit_test(text_without_diff),
        cmocka_unit_test(diff_ends_at_signature),
        cmocka_unit_test(commit_line_ends_the_patch),
        cmocka_unit_test(hostile_input),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
