/* SPDX-License-Identifier: BSD-2-Clause */
/* test_text_line: walking lines, and finding words in them whatever their case. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>

#include "text_line.h"

static void lines_without_their_lf(void **state)
{
    (void)state;
    const char *text = "diff --git a\r\n\nlast";
    size_t pos = 0;
    line l;
    assert_true(next_line(text, strlen(text), &pos, &l));
    assert_int_equal(l.len, 13); /* the CR stays */
    assert_true(line_starts(&l, "diff "));
    assert_true(next_line(text, strlen(text), &pos, &l));
    assert_int_equal(l.len, 0);
    assert_false(line_starts(&l, "d"));
    assert_true(next_line(text, strlen(text), &pos, &l));
    assert_memory_equal(l.start, "last", 4);
    assert_false(next_line(text, strlen(text), &pos, &l));
}

/* find_ci: the first place, any case of the first letter and of the others, never past n */
static void finds_the_first_place_in_any_case(void **state)
{
    (void)state;
    const char *s = "Link: /C/abc, see /COMMIT/123";
    assert_ptr_equal(find_ci(s, strlen(s), "/c/"), s + 6);
    assert_ptr_equal(find_ci(s, strlen(s), "/commit/"), s + 18);
    assert_ptr_equal(find_ci(s, strlen(s), "LINK"), s);
    assert_ptr_equal(find_ci(s, strlen(s), "/123"), s + 25);
    assert_null(find_ci(s, strlen(s) - 1, "/123"));
    assert_null(find_ci(s, strlen(s), "commit: "));
    assert_true(has_ci(s, strlen(s), "SEE"));
    assert_false(has_ci(s, 10, "see"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(lines_without_their_lf),
        cmocka_unit_test(finds_the_first_place_in_any_case),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
