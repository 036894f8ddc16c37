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

/* Issue 18: an encoded NUL no longer ends the value. */
static void encoded_nul_dropped(void **state)
{
    (void)state;
    check_decode("=?UTF-8?B?YQBi?= c", "ab c");          /* "a\0b" */
    check_decode("=?utf-8?q?fix=00_the_thing?=", "fix the thing");
    check_decode("x =?iso-8859-1?Q?=00=E9?= y", "x \xc3\xa9 y");
}

/* Issue 18: a value of "=?x?q?a" repeated took quadratic time; an encoded word is looked
 * for within 256 bytes. Real mail writes words longer than RFC 2047's 75 (88 bytes in
 * the corpus): they are still decoded; a longer one is kept as it is. */
static void words_end_within_bound(void **state)
{
    (void)state;
    check_decode("=?UTF-8?q?=5BPATCH=2029/44=5D=20drivers/staging=3A=20Remove=20unnecessary=20semicolons?=",
                 "[PATCH 29/44] drivers/staging: Remove unnecessary semicolons");
    /* a word of 252 bytes is decoded, one of 257 is not */
    char word[300] = "=?UTF-8?q?";
    char want[300] = "";
    memset(word + 10, 'a', 240);
    strcpy(word + 250, "?=");
    memset(want, 'a', 240);
    check_decode(word, want);
    memset(word + 10, 'a', 245);
    strcpy(word + 255, "?=");
    check_decode(word, word);
    /* 1 MB of unterminated words comes back as it is */
    size_t n = 150000;
    char *big = malloc(7 * n + 1);
    assert_non_null(big);
    for (size_t i = 0; i < n; i++)
        memcpy(big + 7 * i, "=?x?q?a", 7);
    big[7 * n] = '\0';
    check_decode(big, big);
    free(big);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(decodes_b_and_q),
        cmocka_unit_test(joins_adjacent_words_across_split_characters),
        cmocka_unit_test(keeps_malformed_and_falls_back_to_latin1),
        cmocka_unit_test(encodes_only_non_ascii),
        cmocka_unit_test(long_values_make_short_words),
        cmocka_unit_test(encoded_nul_dropped),
        cmocka_unit_test(words_end_within_bound),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
