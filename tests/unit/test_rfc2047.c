/* SPDX-License-Identifier: BSD-2-Clause */
/* Unit tests for RFC 2047 decoding (B, Q, charsets, adjacent words) and encoding. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "rfc2047.h"

static void check_decode(const char *in, const char *want)
{
    char *got = rfc2047_decode(in);
    assert_string_equal(got, want);
    free(got);
}

static void decodes_b_and_q(void **state)
{
    (void)state;
    check_decode("=?UTF-8?B?W1BBVENIIHYyXSBmb28=?=", "[PATCH v2] foo");
    check_decode("=?iso-8859-1?Q?J=F6rg_Roedel?= <j@x.org>", "J\xc3\xb6rg Roedel <j@x.org>");
    check_decode("=?utf-8?q?caf=C3=A9?=", "caf\xc3\xa9");
}

static void joins_adjacent_words_across_split_characters(void **state)
{
    (void)state;
    /* "é" split across two B words: the bytes are joined before conversion */
    check_decode("=?UTF-8?B?ww==?= =?UTF-8?B?qQ==?=", "\xc3\xa9");
    check_decode("=?UTF-8?Q?a?=   =?UTF-8?Q?b?=", "ab");
    check_decode("=?UTF-8?Q?a?= plain =?UTF-8?Q?b?=", "a plain b");
}

static void keeps_malformed_and_falls_back_to_latin1(void **state)
{
    (void)state;
    check_decode("=?UTF-8?X?abc?=", "=?UTF-8?X?abc?=");
    check_decode("=?UTF-8?B?unterminated", "=?UTF-8?B?unterminated");
    check_decode("caf\xe9", "caf\xc3\xa9");
    check_decode("=?x-unknown-charset?Q?abc?=", "abc");
    check_decode("=?ISO-2022-JP?B?GyRCJEgkNxsoQg==?=", "\xe3\x81\xa8\xe3\x81\x97");
    /* found by fuzz_subject: glibc takes this name for UTF-8 and passes a sequence
     * above U+10FFFF; it must come out as U+FFFD */
    check_decode("=?\xff\xffutf-8?Q?a=F4=B2=B2=B2b?=", "a\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd" "b");
}

static void encodes_only_non_ascii(void **state)
{
    (void)state;
    char *plain = rfc2047_encode("A U Thor <a@x.org>");
    assert_string_equal(plain, "A U Thor <a@x.org>");
    free(plain);
    char *enc = rfc2047_encode("J\xc3\xb6rg <j@x.org>");
    assert_string_equal(enc, "=?UTF-8?B?SsO2cmcgPGpAeC5vcmc+?=");
    char *back = rfc2047_decode(enc);
    assert_string_equal(back, "J\xc3\xb6rg <j@x.org>");
    free(back);
    free(enc);
}

static void long_values_make_short_words(void **state)
{
    (void)state;
    char in[400];
    for (size_t i = 0; i + 2 < sizeof in; i += 2)
        memcpy(in + i, "\xc3\xa9", 2);
    in[sizeof in - 2] = '\0';
    char *enc = rfc2047_encode(in);
    for (char *w = strtok(enc, " "); w; w = strtok(NULL, " "))
        assert_true(strlen(w) <= 75);
    free(enc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(decodes_b_and_q),
        cmocka_unit_test(joins_adjacent_words_across_split_characters),
        cmocka_unit_test(keeps_malformed_and_falls_back_to_latin1),
        cmocka_unit_test(encodes_only_non_ascii),
        cmocka_unit_test(long_values_make_short_words),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
