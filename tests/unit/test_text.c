/* SPDX-License-Identifier: BSD-2-Clause */
/* Unit tests for text_one_line(): white space runs, ends, and the two control rules. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>

#include <cmocka.h>

#include "text.h"

static void check(const char *in, text_controls controls, const char *want)
{
    char *got = text_one_line(in, controls);
    assert_string_equal(got, want);
    free(got);
}

static void runs_and_ends(void **state)
{
    (void)state;
    check(NULL, TEXT_CONTROLS_ARE_SPACE, "");
    check(" \t\r\n", TEXT_CONTROLS_DROPPED, "");
    check("  [PATCH]\r\n\tfix \t foo  ", TEXT_CONTROLS_ARE_SPACE, "[PATCH] fix foo");
    check("  [PATCH]\r\n\tfix \t foo  ", TEXT_CONTROLS_DROPPED, "[PATCH] fix foo");
    /* bytes above ASCII are copied, case is kept */
    check("J\xc3\xb6rg\xc2\xa0 R", TEXT_CONTROLS_ARE_SPACE, "J\xc3\xb6rg\xc2\xa0 R");
}

static void control_characters(void **state)
{
    (void)state;
    check("a\x01" "b\x7f" "c\vd\fe", TEXT_CONTROLS_ARE_SPACE, "a b c d e");
    check("a\x01" "b\x7f" "c\vd\fe", TEXT_CONTROLS_DROPPED, "abcde");
    check("\x01 a \x1b b \x7f", TEXT_CONTROLS_DROPPED, "a b");
    check("\x01 a \x1b b \x7f", TEXT_CONTROLS_ARE_SPACE, "a b");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(runs_and_ends),
        cmocka_unit_test(control_characters),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
