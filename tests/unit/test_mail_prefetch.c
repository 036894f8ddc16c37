/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Unit tests for mail_prefetch: the messages of a real mbox file come out in the same
 * order and bytes as from the source itself, with a queue small enough to make the
 * reading thread wait; a preparing stage sees each message once, in order, and its
 * result comes out with that message; stopping early leaves nothing behind (the
 * sanitizer build checks for leaks).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "mail_prefetch.h"
#include "mail_source.h"

#define MESSAGES 300

static char path[64];

static int write_mbox(void **state)
{
    (void)state;
    strcpy(path, "/tmp/pm-prefetch-XXXXXX");
    int fd = mkstemp(path);
    if (fd < 0)
        return -1;
    FILE *f = fdopen(fd, "w");
    for (int i = 0; i < MESSAGES; i++) {
        fprintf(f, "From x Mon Feb  3 10:11:12 2020\nSubject: message %d\nMessage-ID: <%d@x>\n\n", i,
                i);
        for (int line = 0; line < i % 50; line++)
            fprintf(f, "line %d of message %d\n", line, i);
        fputc('\n', f);
    }
    return fclose(f) == 0 ? 0 : -1;
}

static int remove_mbox(void **state)
{
    (void)state;
    return unlink(path);
}

static void same_messages_in_same_order(void **state)
{
    (void)state;
    strbuf err = STRBUF_INIT;
    mail_source *direct, *src;
    assert_int_equal(mail_source_open(path, NULL, &direct, &err), 0);
    assert_int_equal(mail_source_open(path, NULL, &src, &err), 0);
    mail_prefetch *pf = mail_prefetch_start(src, 300, NULL); /* a few messages at a time */
    mail_item a, b;
    int n = 0, ra, rb;
    do {
        ra = mail_source_next(direct, &a, &err);
        rb = mail_prefetch_next(pf, &b, &err);
        assert_int_equal(ra, rb);
        if (ra > 0) {
            assert_int_equal(a.len, b.len);
            assert_memory_equal(a.data, b.data, a.len);
            assert_string_equal(a.origin, b.origin);
            n++;
        }
    } while (ra != 0);
    assert_int_equal(n, MESSAGES);
    assert_int_equal(mail_prefetch_next(pf, &b, &err), 0); /* stays at the end */
    mail_prefetch_stop(pf);
    mail_source_close(src);
    mail_source_close(direct);
    sb_free(&err);
}

/* The stage's result: the message's number, read from its Subject, and how many
   messages the stage had prepared before it. */
typedef struct numbered {
    int subject_number;
    int prepared_before;
} numbered;

static void *number(const mail_item *it, void *arg)
{
    int *count = arg;
    numbered *n = malloc(sizeof *n);
    const char *s = strstr(it->data, "Subject: message ");
    n->subject_number = s ? atoi(s + strlen("Subject: message ")) : -1;
    n->prepared_before = (*count)++;
    return n;
}

static void prepared_in_order_with_their_message(void **state)
{
    (void)state;
    strbuf err = STRBUF_INIT;
    mail_source *src;
    assert_int_equal(mail_source_open(path, NULL, &src, &err), 0);
    int count = 0;
    mail_prefetch_stage stage = {.prepare = number, .release = free, .arg = &count};
    mail_prefetch *pf = mail_prefetch_start(src, 300, &stage);
    mail_item it;
    int n = 0;
    while (mail_prefetch_next(pf, &it, &err) > 0) {
        const numbered *p = mail_prefetch_prepared(pf);
        assert_non_null(p);
        assert_int_equal(p->subject_number, n);
        assert_int_equal(p->prepared_before, n);
        char subject[64];
        snprintf(subject, sizeof subject, "Subject: message %d\n", n);
        assert_non_null(strstr(it.data, subject));
        n++;
    }
    assert_int_equal(n, MESSAGES);
    assert_null(mail_prefetch_prepared(pf));
    mail_prefetch_stop(pf);
    mail_source_close(src);
    sb_free(&err);
}

/* Takes the first message, then stops while the threads may be waiting for room or
   working. */
static void stop_after_the_first(const mail_prefetch_stage *stage)
{
    strbuf err = STRBUF_INIT;
    mail_source *src;
    assert_int_equal(mail_source_open(path, NULL, &src, &err), 0);
    mail_prefetch *pf = mail_prefetch_start(src, stage ? 300 : 1 << 20, stage);
    mail_item it;
    assert_int_equal(mail_prefetch_next(pf, &it, &err), 1);
    assert_non_null(strstr(it.data, "Subject: message 0\n"));
    if (stage)
        assert_int_equal(((const numbered *)mail_prefetch_prepared(pf))->subject_number, 0);
    mail_prefetch_stop(pf);
    mail_source_close(src);
    sb_free(&err);
}

static void stops_early(void **state)
{
    (void)state;
    stop_after_the_first(NULL);
}

static void stops_early_with_a_stage(void **state)
{
    (void)state;
    int count = 0;
    mail_prefetch_stage stage = {.prepare = number, .release = free, .arg = &count};
    stop_after_the_first(&stage);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(same_messages_in_same_order),
        cmocka_unit_test(stops_early),
        cmocka_unit_test(prepared_in_order_with_their_message),
        cmocka_unit_test(stops_early_with_a_stage),
    };
    return cmocka_run_group_tests(tests, write_mbox, remove_mbox);
}
