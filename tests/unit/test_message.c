/* SPDX-License-Identifier: BSD-2-Clause */
/* Unit tests for message parsing: fields, unfolding, envelope line, odd header blocks. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "message.h"

static void splits_fields_and_body(void **state)
{
    (void)state;
    const char *raw = "From: A <a@x.org>\r\nSubject: [PATCH v2 1/3]\r\n foo:\r\n\tbar\r\n\r\nbody\r\n";
    mail_message m;
    mail_parse(&m, raw, strlen(raw));
    assert_true(m.crlf);
    assert_int_equal(m.nfields, 2);
    assert_string_equal(mail_get(&m, "subject"), "[PATCH v2 1/3] foo:\tbar");
    assert_string_equal(m.raw + m.body_start, "body\r\n");
    assert_int_equal(m.fields[1].start, strlen("From: A <a@x.org>\r\n"));
    assert_int_equal(m.fields[1].end, m.header_end);
    mail_free(&m);
}

static void keeps_mbox_envelope_apart(void **state)
{
    (void)state;
    const char *raw = "From 1234 Mon Sep 17 00:00:00 2001\nSubject: x\n\nb\n";
    mail_message m;
    mail_parse(&m, raw, strlen(raw));
    assert_false(m.crlf);
    assert_int_equal(m.header_start, strlen("From 1234 Mon Sep 17 00:00:00 2001\n"));
    assert_int_equal(m.nfields, 1);
    assert_string_equal(mail_get(&m, "Subject"), "x");
    mail_free(&m);
}

static void non_field_line_starts_body(void **state)
{
    (void)state;
    const char *raw = "Subject: x\nthis is not a header\nTo: y\n";
    mail_message m;
    mail_parse(&m, raw, strlen(raw));
    assert_int_equal(m.nfields, 1);
    assert_string_equal(m.raw + m.body_start, "this is not a header\nTo: y\n");
    assert_null(mail_get(&m, "To"));
    mail_free(&m);
}

static void tolerates_nul_space_before_colon_and_no_body(void **state)
{
    (void)state;
    const char raw[] = "Subject : a\0b\nX-Empty:\nTo: z";
    mail_message m;
    mail_parse(&m, raw, sizeof raw - 1);
    assert_int_equal(m.nfields, 3);
    assert_string_equal(mail_get(&m, "Subject"), "ab");
    assert_int_equal(m.fields[0].name_len, 7);
    assert_string_equal(mail_get(&m, "X-Empty"), "");
    assert_string_equal(mail_get(&m, "To"), "z");
    assert_int_equal(m.body_start, sizeof raw - 1);
    mail_free(&m);
}

/* CR, LF and NUL are left out wherever they are in a value, several in a row too */
static void drops_breaks_anywhere_in_a_value(void **state)
{
    (void)state;
    const char raw[] = "Subject: a\rb\0\0c\r\r\n d\n\te\0\r\n\r\nbody";
    mail_message m;
    mail_parse(&m, raw, sizeof raw - 1);
    assert_int_equal(m.nfields, 1);
    assert_string_equal(mail_get(&m, "Subject"), "abc d\te");
    assert_string_equal(m.raw + m.body_start, "body");
    mail_free(&m);
}

static void empty_input(void **state)
{
    (void)state;
    mail_message m;
    mail_parse(&m, "", 0);
    assert_int_equal(m.nfields, 0);
    assert_null(mail_get(&m, "Subject"));
    mail_free(&m);
}

static void decodes_first_of_duplicates(void **state)
{
    (void)state;
    const char *raw = "Subject: =?UTF-8?B?W1BBVENIXSDDqQ==?=\nSubject: second\n\n";
    mail_message m;
    mail_parse(&m, raw, strlen(raw));
    char *s = mail_get_decoded(&m, "SUBJECT");
    assert_string_equal(s, "[PATCH] \xc3\xa9");
    free(s);
    mail_free(&m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(splits_fields_and_body),
        cmocka_unit_test(keeps_mbox_envelope_apart),
        cmocka_unit_test(non_field_line_starts_body),
        cmocka_unit_test(tolerates_nul_space_before_colon_and_no_body),
        cmocka_unit_test(drops_breaks_anywhere_in_a_value),
        cmocka_unit_test(empty_input),
        cmocka_unit_test(decodes_first_of_duplicates),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
