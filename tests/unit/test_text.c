/* SPDX-License-Identifier: BSD-2-Clause */
/* Unit tests for text_one_line() (white space runs, ends, the two control rules) and
   text_add_visible() (what a terminal could act on, escaped). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>

#include <cmocka.h>

#include "text.h"

static void visible(const char *in, const char *want)
{
    strbuf sb = STRBUF_INIT;
    text_add_visible(&sb, in);
    assert_string_equal(sb.data ? sb.data : "", want);
    sb_free(&sb);
}

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

static void visible_escapes(void **state)
{
    (void)state;
    visible(NULL, "");
    visible("<a@b> J\xc3\xb6rg \xe2\x82\xac", "<a@b> J\xc3\xb6rg \xe2\x82\xac");
    /* ESC [ 2 J (clear screen), BEL, DEL, CR, NUL-free C0 */
    visible("a\x1b[2Jb\x07\x7f\r\n", "a\\x1b[2Jb\\x07\\x7f\\x0d\\x0a");
    /* the C1 control CSI as UTF-8, and as a lone byte; a cut sequence; a backslash */
    visible("x\xc2\x9by", "x\\xc2\\x9by");
    visible("x\x9by", "x\\x9by");
    visible("x\xe2\x82", "x\\xe2\\x82");
    visible("a\\x1b", "a\\\\x1b");
    /* U+00A0 is printable: kept */
    visible("\xc2\xa0", "\xc2\xa0");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(runs_and_ends),
        cmocka_unit_test(control_characters),
        cmocka_unit_test(visible_escapes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
