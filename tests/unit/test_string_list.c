/* SPDX-License-Identifier: BSD-2-Clause */
/* Unit tests for string_list: adding keeps order and copies, has, remove. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>

#include "string_list.h"

static void adds_finds_and_removes(void **state)
{
    (void)state;
    string_list l = {0};
    char buf[8] = "b";
    string_list_add(&l, "a");
    string_list_add(&l, buf);
    buf[0] = 'x'; /* copied in */
    string_list_addn(&l, "abc", 1);
    string_list_add(&l, "c");
    assert_int_equal(l.n, 4);
    assert_true(string_list_has(&l, "b"));
    assert_false(string_list_has(&l, "x"));
    string_list_remove(&l, "a"); /* both copies */
    assert_int_equal(l.n, 2);
    assert_string_equal(l.v[0], "b");
    assert_string_equal(l.v[1], "c");
    string_list_remove(&l, "none");
    assert_int_equal(l.n, 2);
    string_list_free(&l);
    assert_int_equal(l.n, 0);
    assert_null(l.v);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(adds_finds_and_removes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
