/* SPDX-License-Identifier: BSD-2-Clause */
/* Unit tests for MIME: multipart walking, decoded parts, format=flowed, parameters
 * (the decoders themselves: test_codec.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "mime.h"

static void collect(const char *raw, mime_parts *parts, mail_message *m)
{
    mail_parse(m, raw, strlen(raw));
    mime_collect(m, parts);
}

static void plain_message_is_one_part(void **state)
{
    (void)state;
    mail_message m;
    mime_parts p;
    collect("Subject: x\r\n\r\nline1\r\nline2\r\n", &p, &m);
    assert_int_equal(p.n, 1);
    assert_string_equal(p.v[0].text, "line1\nline2\n");
    assert_string_equal(p.v[0].content_type, "text/plain");
    mime_parts_free(&p);
    mail_free(&m);
}

static void multipart_with_attached_patch(void **state)
{
    (void)state;
    const char *raw =
        "Content-Type: multipart/mixed; boundary=\"XX\"\n\n"
        "preamble\n--XX\nContent-Type: text/plain; charset=iso-8859-1\n"
        "Content-Transfer-Encoding: quoted-printable\n\nJ=F6rg wrote=\nthis\n"
        "--XX\nContent-Type: text/html\n\n<p>no</p>\n"
        "--XX\nContent-Type: application/octet-stream; name=\"fix.patch\"\n"
        "Content-Disposition: attachment; filename=\"fix.patch\"\n"
        "Content-Transfer-Encoding: base64\n\nZGlmZiAtLWdpdCBhL3ggYi94Cg==\n--XX--\nepilogue\n";
    mail_message m;
    mime_parts p;
    collect(raw, &p, &m);
    assert_int_equal(p.n, 2);
    assert_string_equal(p.v[0].text, "J\xc3\xb6rg wrotethis\n");
    assert_false(p.v[0].attachment);
    assert_string_equal(p.v[1].filename, "fix.patch");
    assert_true(p.v[1].attachment);
    assert_string_equal(p.v[1].text, "diff --git a/x b/x\n");
    mime_parts_free(&p);
    mail_free(&m);
}

static void nesting_is_bounded(void **state)
{
    (void)state;
    char *raw = malloc(200000);
    size_t n = 0;
    for (int i = 0; i < 500; i++)
        n += (size_t)sprintf(raw + n, "Content-Type: multipart/mixed; boundary=b%d\n\n--b%d\n", i, i);
    sprintf(raw + n, "\nhello\n");
    mail_message m;
    mime_parts p;
    collect(raw, &p, &m);
    assert_int_equal(p.n, 0); /* the text sits deeper than MIME_MAX_DEPTH */
    mime_parts_free(&p);
    mail_free(&m);
    free(raw);
}

static void format_flowed(void **state)
{
    (void)state;
    strbuf sb = STRBUF_INIT;
    const char *flowed = "para one \nstill one\n  context line\n-- \nsig\n";
    mime_unflow(flowed, strlen(flowed), false, &sb);
    assert_string_equal(sb.data, "para one still one\n context line\n-- \nsig\n");
    sb_reset(&sb);
    mime_unflow("ab \ncd\n", 7, true, &sb);
    assert_string_equal(sb.data, "abcd\n");
    sb_free(&sb);
}

static void header_params(void **state)
{
    (void)state;
    char *b = mime_header_param("multipart/mixed; charset=x; boundary=\"a;b\\\"c\"", "boundary");
    assert_string_equal(b, "a;b\"c");
    free(b);
    assert_null(mime_header_param("text/plain", "charset"));
    char *f = mime_header_param("text/plain; format = flowed ;delsp=yes", "format");
    assert_string_equal(f, "flowed");
    free(f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(plain_message_is_one_part),
        cmocka_unit_test(multipart_with_attached_patch),
        cmocka_unit_test(nesting_is_bounded),
        cmocka_unit_test(format_flowed),
        cmocka_unit_test(header_params),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
