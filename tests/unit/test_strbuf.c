/* SPDX-License-Identifier: BSD-2-Clause */
/* Unit tests for strbuf: growth, formatting, embedded NULs, detach and trim. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "strbuf.h"

static void grows_and_stays_terminated(void **state)
{
    (void)state;
    strbuf sb = STRBUF_INIT;
    for (int i = 0; i < 10000; i++)
        sb_addc(&sb, (char)('a' + i % 26));
    assert_int_equal(sb.len, 10000);
    assert_int_equal(sb.data[10000], '\0');
    assert_int_equal(sb.data[27], 'b');
    sb_free(&sb);
    assert_null(sb.data);
}

static void formats_and_keeps_nuls(void **state)
{
    (void)state;
    strbuf sb = STRBUF_INIT;
    sb_addf(&sb, "%s-%d", "v", 12);
    sb_add(&sb, "\0x", 2);
    assert_int_equal(sb.len, 6);
    assert_memory_equal(sb.data, "v-12\0x", 6);
    sb_truncate(&sb, 2);
    assert_string_equal(sb.data, "v-");
    sb_free(&sb);
}

static void detach_and_rtrim(void **state)
{
    (void)state;
    strbuf sb = STRBUF_INIT;
    char *empty = sb_detach(&sb);
    assert_string_equal(empty, "");
    free(empty);
    sb_adds(&sb, "title \t\r\n");
    sb_rtrim(&sb);
    char *s = sb_detach(&sb);
    assert_string_equal(s, "title");
    assert_null(sb.data);
    free(s);
}

static void fail_overwrites_the_message(void **state)
{
    (void)state;
    strbuf err = STRBUF_INIT;
    assert_int_equal(sb_fail(&err, "%s: %d", "first", 1), -1);
    assert_string_equal(err.data, "first: 1");
    assert_int_equal(sb_fail(&err, "second"), -1);
    assert_string_equal(err.data, "second");
    assert_int_equal(err.len, 6);
    sb_free(&err);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(grows_and_stays_terminated),
        cmocka_unit_test(formats_and_keeps_nuls),
        cmocka_unit_test(detach_and_rtrim),
        cmocka_unit_test(fail_overwrites_the_message),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
