/* SPDX-License-Identifier: BSD-2-Clause */
/* Unit tests for mailinfo: the in-body From at the top, after a note and a rule of
   dashes, after a scissors line; none deep in the text or after git's "---". */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "address.h"
#include "mailinfo.h"

#define DIFF_X "diff --git a/x.c b/x.c\n--- a/x.c\n+++ b/x.c\n@@ -1 +1 @@\n-a\n+b\n"

/* The in-body author of body (normalized, NULL when none) and where the text after
   its header block starts; only separators before the diff count. */
static char *author_of(const char *body, const char **after)
{
    size_t len = strlen(body);
    const char *diff = strstr(body, "diff --git");
    size_t body_after;
    char *from = mailinfo_in_body_from(body, len, diff ? (size_t)(diff - body) : len, &body_after);
    *after = body + body_after;
    if (!from)
        return NULL;
    char *author = address_normalize(from);
    free(from);
    return author;
}

static void at_the_top(void **state)
{
    (void)state;
    const char *after;
    char *author = author_of("\nFrom: =?UTF-8?Q?J=C3=B6rg?= Author <Joerg@example.org>\n"
                             "Date: Tue, 2 Dec 2025\n\nFix the thing.\n---\n" DIFF_X, &after);
    assert_string_equal(author, "J\xc3\xb6rg Author <Joerg@example.org>");
    assert_true(strncmp(after, "Fix the thing.", 14) == 0);
    free(author);
}

static void after_note_or_scissors(void **state)
{
    (void)state;
    const char *after;
    /* the stable review series: a note, a rule of dashes, then the author */
    char *author = author_of("6.1-stable review patch.  If anyone has any objections, please let me know.\n\n"
                             "------------------\n\nFrom: Pat Author <pat@example.org>\n\n"
                             "[ Upstream commit 0123456789abcdef ]\n\nFix x.\n\n"
                             "Signed-off-by: Pat Author <pat@example.org>\n---\n" DIFF_X,
                             &after);
    assert_string_equal(author, "Pat Author <pat@example.org>");
    assert_true(strncmp(after, "[ Upstream commit", 17) == 0);
    free(author);
    /* git am's scissors: what comes before is discussion */
    author = author_of("> quoted\n\nHow about this instead?\n\n-- >8 --\nFrom: Other Author <other@example.org>\n"
                       "Subject: [PATCH] fs: y\n\nDo y.\n---\n" DIFF_X,
                       &after);
    assert_string_equal(author, "Other Author <other@example.org>");
    assert_true(strncmp(after, "Do y.", 5) == 0);
    free(author);
}

static void not_deep_in_the_text(void **state)
{
    (void)state;
    const char *after;
    /* a From: line deep in the text, after a rule, is not the author */
    assert_null(author_of("One.\nTwo.\nThree.\nFour.\nFive.\nSix.\n------\nFrom: Someone Else <else@example.org>\n"
                          "\n---\n" DIFF_X,
                          &after));
    /* nor is one after git's "---" */
    assert_null(author_of("Fix x.\n---\nFrom: Someone Else <else@example.org>\n\n" DIFF_X, &after));
    /* nor one after a scissors line below the diff's start */
    assert_null(author_of(DIFF_X "-- >8 --\nFrom: Someone Else <else@example.org>\n\n", &after));
}

/* Where git mailinfo starts the patch (its patchbreak()): "diff them" or a quoted diff in
   a reply's text is message, not patch (real fscrypt replies had both). */
static void patch_start_as_mailinfo(void **state)
{
    (void)state;
    const char *reply = "> diff --git a/x b/x\ndiff them and see\n- Eric\n";
    assert_int_equal(mailinfo_patch_start(reply, strlen(reply)), strlen(reply));
    const char *patch = "Fix it.\n\nSigned-off-by: A <a@b>\n---\n x | 1 +\n\ndiff --git a/x b/x\n";
    assert_int_equal(mailinfo_patch_start(patch, strlen(patch)), strstr(patch, "---\n") - patch);
    const char *plain = "text\ndiff -u a b\n";
    assert_int_equal(mailinfo_patch_start(plain, strlen(plain)), 5);
    const char *cvs = "text\nIndex: x\n";
    assert_int_equal(mailinfo_patch_start(cvs, strlen(cvs)), 5);
    const char *named = "text\n--- a/x\n";
    assert_int_equal(mailinfo_patch_start(named, strlen(named)), 5);
    const char *not_break = "---x\n---  x\n--\n--- \tz\n";
    assert_int_equal(mailinfo_patch_start(not_break, strlen(not_break)), strlen(not_break));
    const char *spaces = "text\n---  \r\n";
    assert_int_equal(mailinfo_patch_start(spaces, strlen(spaces)), 5);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(at_the_top),
        cmocka_unit_test(after_note_or_scissors),
        cmocka_unit_test(not_deep_in_the_text),
        cmocka_unit_test(patch_start_as_mailinfo),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
