/* SPDX-License-Identifier: BSD-2-Clause */
/* Unit tests for json_add_string(): quotes, backslashes and controls escaped, invalid
   UTF-8 as \ufffd, characters kept; any bytes give a string a JSON parser accepts. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "json.h"
#include "utf8.h"

static void check(const char *in, const char *want)
{
    strbuf sb = STRBUF_INIT;
    json_add_string(&sb, in);
    assert_string_equal(sb.data, want);
    sb_free(&sb);
}

static void plain_and_null(void **state)
{
    (void)state;
    check(NULL, "null");
    check("", "\"\"");
    check("widget: fix the count", "\"widget: fix the count\"");
    check("J\xc3\xb6rg \xe2\x82\xac \xf0\x9f\x98\x80", "\"J\xc3\xb6rg \xe2\x82\xac \xf0\x9f\x98\x80\"");
    check("\xc2\xa0", "\"\xc2\xa0\""); /* U+00A0 is no control */
}

static void quotes_backslashes_controls(void **state)
{
    (void)state;
    check("say \"hi\"", "\"say \\\"hi\\\"\"");
    check("a\\b", "\"a\\\\b\"");
    check("\b\f\n\r\t", "\"\\b\\f\\n\\r\\t\"");
    check("\x01\x1b[2J\x1f\x7f", "\"\\u0001\\u001b[2J\\u001f\\u007f\"");
    check("x\xc2\x9by", "\"x\\u009by\""); /* the C1 control CSI */
    check("/", "\"/\"");
}

static void invalid_utf8(void **state)
{
    (void)state;
    check("x\x9by", "\"x\\ufffdy\"");        /* a lone continuation byte */
    check("x\xe2\x82", "\"x\\ufffd\\ufffd\""); /* a cut sequence: one per byte */
    check("\xc0\xaf", "\"\\ufffd\\ufffd\"");   /* overlong */
    check("\xed\xa0\x80", "\"\\ufffd\\ufffd\\ufffd\""); /* a surrogate */
    check("\xff", "\"\\ufffd\"");
}

/* What a JSON parser requires of a string: quotes at both ends, no raw control, only
   the escapes JSON has, UTF-8 throughout. */
static bool valid_json_string(const char *s, size_t n)
{
    if (n < 2 || s[0] != '"' || s[n - 1] != '"' || !utf8_valid(s, n))
        return false;
    for (size_t i = 1; i < n - 1; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x20 || c == '"')
            return false;
        if (c != '\\')
            continue;
        if (++i >= n - 1)
            return false;
        if (s[i] == 'u') {
            for (int k = 1; k <= 4; k++)
                if (i + k >= n - 1 || !strchr("0123456789abcdef", s[i + k]))
                    return false;
            i += 4;
        } else if (!strchr("\"\\/bfnrt", s[i]))
            return false;
    }
    return true;
}

static void any_bytes_give_valid_json(void **state)
{
    (void)state;
    srand(20);
    for (int round = 0; round < 20000; round++) {
        char in[16];
        size_t len = (size_t)(rand() % 15);
        for (size_t i = 0; i < len; i++) {
            int c = rand() % 255 + 1; /* no NUL: a C string */
            in[i] = (char)c;
        }
        in[len] = '\0';
        strbuf sb = STRBUF_INIT;
        json_add_string(&sb, in);
        if (!valid_json_string(sb.data, sb.len))
            fail_msg("not a JSON string: %s", sb.data);
        sb_free(&sb);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(plain_and_null),
        cmocka_unit_test(quotes_backslashes_controls),
        cmocka_unit_test(invalid_utf8),
        cmocka_unit_test(any_bytes_give_valid_json),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
