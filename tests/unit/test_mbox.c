/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Unit tests for the mbox splitter: separators, blank lines, mboxrd/mboxo quoting,
 * CRLF, files without separators, and hostile buffers.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "mbox.h"

typedef struct split {
    char msg[8][256];
    size_t n;
} split;

static void split_all(const char *buf, size_t len, split *out)
{
    size_t pos = 0;
    mbox_span m;
    out->n = 0;
    while (out->n < 8 && mbox_next(buf, len, &pos, &m)) {
        assert_true(m.start + m.len <= len);
        strbuf sb = STRBUF_INIT;
        if (m.quoted)
            mbox_unquote(buf + m.start, m.len, &sb);
        else
            sb_add(&sb, buf + m.start, m.len);
        assert_true(sb.len < sizeof out->msg[0]);
        memcpy(out->msg[out->n], sb.data ? sb.data : "", sb.len + 1);
        out->n++;
        sb_free(&sb);
    }
}

static void splits_on_from_lines(void **state)
{
    (void)state;
    const char *mbox = "\n\nFrom a@b Thu Jan  1 00:00:00 1970\nSubject: one\n\nbody 1\n\n"
                       "From mboxrd@z Thu Jan  1 00:00:00 1970\nSubject: two\n\nbody 2\n";
    split s;
    split_all(mbox, strlen(mbox), &s);
    assert_int_equal(s.n, 2);
    assert_string_equal(s.msg[0], "Subject: one\n\nbody 1\n");
    assert_string_equal(s.msg[1], "Subject: two\n\nbody 2\n");
}

static void body_from_is_not_a_separator(void **state)
{
    (void)state;
    /* mboxo left this unquoted; it has no time, and the second one no blank line before */
    const char *mbox = "From x Mon Feb  3 10:11:12 2020\nSubject: s\n\nhello\n\nFrom the docs:\n"
                       "text\nFrom x Mon Feb  3 10:11:12 2020\nmore\n";
    split s;
    split_all(mbox, strlen(mbox), &s);
    assert_int_equal(s.n, 1);
    assert_non_null(strstr(s.msg[0], "From the docs:\ntext\nFrom x Mon"));
}

static void unquotes_mboxrd(void **state)
{
    (void)state;
    const char *mbox = "From x Mon Feb  3 10:11:12 2020\nSubject: q\n\n>From here\n>>From there\n"
                       "> From not quoted\n>Fromage\n";
    split s;
    split_all(mbox, strlen(mbox), &s);
    assert_int_equal(s.n, 1);
    assert_string_equal(s.msg[0],
                        "Subject: q\n\nFrom here\n>From there\n> From not quoted\n>Fromage\n");
}

static void crlf_separators(void **state)
{
    (void)state;
    const char *mbox = "From x Mon Feb  3 10:11:12 2020\r\nSubject: a\r\n\r\nA\r\n\r\n"
                       "From y Mon Feb  3 10:11:13 2020\r\nSubject: b\r\n\r\nB";
    split s;
    split_all(mbox, strlen(mbox), &s);
    assert_int_equal(s.n, 2);
    assert_string_equal(s.msg[0], "Subject: a\r\n\r\nA\r\n");
    assert_string_equal(s.msg[1], "Subject: b\r\n\r\nB");
}

static void no_separator_is_one_message(void **state)
{
    (void)state;
    const char *eml = "From lib\nSubject: truncated envelope\n\nbody\n\nFrom x 10:11 y\nz\n";
    split s;
    split_all(eml, strlen(eml), &s);
    assert_int_equal(s.n, 1);
    assert_string_equal(s.msg[0], eml);
    split_all("", 0, &s);
    assert_int_equal(s.n, 0);
    split_all("\n\n", 2, &s);
    assert_int_equal(s.n, 1);
}

static void hostile_buffers_stay_in_bounds(void **state)
{
    (void)state;
    const char *cases[] = {"From ", "From x 10:1", "From x 10:11", "From x 10:11\n",
                           "From x 10:11\n\nFrom y 10:11", "\nFrom x 10:11\n\n\n\nFrom y 11:11\n",
                           ">From ", "From x 10:11\n>"};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        size_t len = strlen(cases[i]);
        char *copy = malloc(len ? len : 1); /* no NUL after the bytes: ASan sees overreads */
        memcpy(copy, cases[i], len);
        size_t pos = 0, total = 0;
        mbox_span m;
        while (mbox_next(copy, len, &pos, &m)) {
            assert_true(m.start + m.len <= len);
            assert_true(pos <= len);
            strbuf sb = STRBUF_INIT;
            mbox_unquote(copy + m.start, m.len, &sb);
            assert_true(sb.len <= m.len);
            sb_free(&sb);
            assert_true(++total < 10);
        }
        free(copy);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(splits_on_from_lines),
        cmocka_unit_test(body_from_is_not_a_separator),
        cmocka_unit_test(unquotes_mboxrd),
        cmocka_unit_test(crlf_separators),
        cmocka_unit_test(no_separator_is_one_message),
        cmocka_unit_test(hostile_buffers_stay_in_bounds),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
