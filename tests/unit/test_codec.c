/* SPDX-License-Identifier: BSD-2-Clause */
/* Unit tests for the byte codings: base64, quoted-printable, charset conversion. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>

#include "codec.h"

/* Decodes the string in (whole) with fn and compares the bytes with want. */
static void check_decode(void (*fn)(const char *, size_t, strbuf *), const char *in,
                         const char *want)
{
    strbuf sb = STRBUF_INIT;
    fn(in, strlen(in), &sb);
    assert_int_equal(sb.len, strlen(want));
    assert_memory_equal(sb.data ? sb.data : "", want, sb.len);
    sb_free(&sb);
}

static void quoted_printable(void **state)
{
    (void)state;
    check_decode(qp_decode, "a=3Db=\r\nc= \nd=zz=", "a=bcd=zz");
    check_decode(qp_decode, "J=F6rg=e9=4", "J\xf6rg\xe9=4");
}

static void base64_both_alphabets_and_junk(void **state)
{
    (void)state;
    check_decode(base64_decode, "aGVs\nbG8=\n", "hello");
    /* "-_" is the URL-safe spelling of "+/"; a last lone character makes no byte */
    check_decode(base64_decode, "+/-_ x", "\xfb\xff\xbf");
    /* what follows '=' is not read */
    check_decode(base64_decode, "YQ==YWJj", "a");
}

static void base64_encode_pads_and_round_trips(void **state)
{
    (void)state;
    strbuf enc = STRBUF_INIT, dec = STRBUF_INIT;
    base64_encode("a", 1, &enc);
    assert_string_equal(enc.data, "YQ==");
    sb_reset(&enc);
    base64_encode("ab", 2, &enc);
    assert_string_equal(enc.data, "YWI=");
    sb_reset(&enc);
    char all[256];
    for (int i = 0; i < 256; i++)
        all[i] = (char)i;
    base64_encode(all, sizeof all, &enc);
    assert_int_equal(enc.len, 344);
    base64_decode(enc.data, enc.len, &dec);
    assert_int_equal(dec.len, sizeof all);
    assert_memory_equal(dec.data, all, sizeof all);
    sb_free(&enc);
    sb_free(&dec);
}

static void check_utf8(const char *charset, const char *in, const char *want)
{
    strbuf sb = STRBUF_INIT;
    charset_to_utf8(charset, in, strlen(in), &sb);
    assert_string_equal(sb.data ? sb.data : "", want);
    sb_free(&sb);
}

static void charsets(void **state)
{
    (void)state;
    /* no, UTF-8 or unknown charset: valid UTF-8 kept, other bytes taken as Latin-1 */
    check_utf8(NULL, "caf\xc3\xa9 caf\xe9", "caf\xc3\xa9 caf\xc3\xa9");
    check_utf8("utf-8", "\xed\xa0\x80", "\xc3\xad\xc2\xa0\xc2\x80");
    check_utf8("x-unknown", "\xe9", "\xc3\xa9");
    check_utf8("iso-8859-1", "J\xf6rg", "J\xc3\xb6rg");
    check_utf8("windows-1252", "\x80", "\xe2\x82\xac");
    /* stateful charsets are converted even when every byte is 7-bit */
    check_utf8("ISO-2022-JP", "\x1b$B$H$7\x1b(B", "\xe3\x81\xa8\xe3\x81\x97");
    /* a byte the converter rejects becomes U+FFFD and conversion goes on after it;
     * so does a sequence cut short at the end */
    check_utf8("iso-8859-3", "a\xa5\xe0", "a\xef\xbf\xbd\xc3\xa0");
    check_utf8("shift_jis", "\x81z\x81", "\xe3\x80\x91\xef\xbf\xbd");
}

static void check_utf8_n(const char *charset, const char *in, size_t len, const char *want)
{
    strbuf sb = STRBUF_INIT;
    charset_to_utf8(charset, in, len, &sb);
    assert_int_equal(sb.len, strlen(want));
    assert_memory_equal(sb.data ? sb.data : "", want, sb.len);
    sb_free(&sb);
}

/* Issue 18: an encoded NUL cut the title and the Author short; every NUL is dropped,
 * whatever the charset, and the text after it is kept. */
static void nul_dropped(void **state)
{
    (void)state;
    check_utf8_n(NULL, "a\0b\0", 4, "ab");
    check_utf8_n("utf-8", "\0\0caf\xc3\xa9\0\xe9", 9, "caf\xc3\xa9\xc3\xa9");
    check_utf8_n("iso-8859-1", "J\0\xf6rg", 5, "J\xc3\xb6rg");
    check_utf8_n("utf-16le", "a\0\0\0b\0", 6, "ab");
}

/* ASCII is taken eight bytes at a time: a NUL or a byte above 0x7f in any place of
 * a word, and a tail shorter than a word, are each seen. */
static void ascii_words_stop_at_every_place(void **state)
{
    (void)state;
    const char *word = "abcdefgh";
    for (size_t at = 0; at < 8; at++) {
        char in[21], nul[21], high[24];
        memcpy(in, word, 8);
        memcpy(in + 8, word, 8);
        memcpy(in + 16, "tail", 4);
        in[20] = '\0';
        memcpy(nul, in, 21);
        memmove(nul + 8 + at, nul + 9 + at, 12 - at); /* the same without byte 8+at */
        in[8 + at] = '\0';
        check_utf8_n(NULL, in, 20, nul);
        in[8 + at] = (char)0xe9; /* Latin-1 e acute, two bytes in UTF-8 */
        memcpy(high, in, 8 + at);
        memcpy(high + 8 + at, "\xc3\xa9", 2);
        memcpy(high + 10 + at, in + 9 + at, 12 - at);
        check_utf8_n("utf-8", in, 20, high);
    }
    check_utf8_n(NULL, "0123456789abcdefghijklm", 23, "0123456789abcdefghijklm");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(quoted_printable),
        cmocka_unit_test(base64_both_alphabets_and_junk),
        cmocka_unit_test(base64_encode_pads_and_round_trips),
        cmocka_unit_test(charsets),
        cmocka_unit_test(nul_dropped),
        cmocka_unit_test(ascii_words_stop_at_every_place),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
