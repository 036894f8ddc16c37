/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Unit tests for pm_index_series: a series found by a Message-ID (with or without <>),
 * its series id and its change-id, not by anything else; its messages in recording
 * order with their events; a series longer than the bound read as its 2000 messages
 * recorded last, said to be truncated. A real index (index_location.h).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "index_fixture.h"
#include "pm_index_series.h"

#define T0 1700000000
#define LONG_SERIES 2003 /* three more than are read */

/* Records version v of a one-patch series with change-id "cid-1", msgid "vV@example.org". */
static void record_version(pm_index *ix, int v)
{
    char msgid[64];
    snprintf(msgid, sizeof msgid, "v%d@example.org", v);
    patch_facts pf = {0};
    pf.kind = PATCH_KIND_PATCH;
    pf.message_id = msgid;
    pf.subject_text = pf.subject.title = "widget: fix the count";
    pf.subject.patch = true;
    pf.subject.version = v;
    pf.from = pf.author = "Ada Dev <ada@example.org>";
    pf.date = T0 + v * 86400LL;
    pf.change_id = "cid-1";
    snprintf(pf.patch_id, sizeof pf.patch_id, "%040d", v);
    index_verdict verdict;
    strbuf err = STRBUF_INIT;
    if (pm_index_classify(ix, &pf, true, &verdict, &err) < 0)
        fail_msg("classify: %s", err.data);
    index_verdict_free(&verdict);
    sb_free(&err);
}

static int series_of(pm_index *ix, const char *key, index_series *s)
{
    strbuf err = STRBUF_INIT;
    int found = pm_index_series(ix, key, s, &err);
    if (found < 0)
        fail_msg("pm_index_series: %s", err.data);
    sb_free(&err);
    return found;
}

static void found_by_each_key(void **state)
{
    fixture *f = *state;
    for (int v = 1; v <= 3; v++)
        record_version(f->ix, v);
    strbuf err = STRBUF_INIT;
    assert_int_equal(pm_index_add_event(f->ix, "v2@example.org", "applied", "widget main abc",
                                        "link", T0, &err), 0);
    sb_free(&err);

    index_series s = {0};
    assert_int_equal(series_of(f->ix, "<v2@example.org>", &s), 1);
    assert_string_equal(s.msgid, "v2@example.org");
    assert_int_equal(s.records.n, 3);
    assert_false(s.truncated);
    assert_string_equal(s.records.v[0].msgid, "v1@example.org");
    assert_string_equal(s.records.v[2].msgid, "v3@example.org");
    assert_string_equal(s.records.v[2].prior_msgid, "v2@example.org");
    assert_int_equal(s.events[0].n, 0);
    assert_int_equal(s.events[1].n, 1);
    assert_string_equal(s.events[1].v[0].kind, "applied");
    assert_string_equal(s.events[1].v[0].detail, "widget main abc");
    char *sid = strdup(s.series_id);
    index_series_free(&s);

    assert_int_equal(series_of(f->ix, sid, &s), 1);
    assert_null(s.msgid);
    assert_int_equal(s.records.n, 3);
    index_series_free(&s);
    assert_int_equal(series_of(f->ix, "cid-1", &s), 1);
    assert_string_equal(s.series_id, sid);
    assert_null(s.msgid);
    index_series_free(&s);
    /* a patch-id is no key of a series; nor is what the index does not hold */
    char pid[41];
    snprintf(pid, sizeof pid, "%040d", 2);
    assert_int_equal(series_of(f->ix, pid, &s), 0);
    index_series_free(&s);
    assert_int_equal(series_of(f->ix, "nosuch@example.org", &s), 0);
    assert_null(s.series_id);
    index_series_free(&s);
    free(sid);
}

static void long_series_bounded(void **state)
{
    fixture *f = *state;
    strbuf err = STRBUF_INIT;
    assert_int_equal(pm_index_begin(f->ix, &err), 0);
    for (int v = 1; v <= LONG_SERIES; v++)
        record_version(f->ix, v);
    assert_int_equal(pm_index_commit(f->ix, &err), 0);
    sb_free(&err);
    index_series s = {0};
    assert_int_equal(series_of(f->ix, "v1@example.org", &s), 1);
    assert_true(s.truncated);
    assert_int_equal(s.records.n, 2000);
    /* the 2000 recorded last, in recording order */
    assert_string_equal(s.records.v[0].msgid, "v4@example.org");
    assert_string_equal(s.records.v[1999].msgid, "v2003@example.org");
    index_series_free(&s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        INDEX_TEST(found_by_each_key),
        INDEX_TEST(long_series_bounded),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
