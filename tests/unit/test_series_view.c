/* SPDX-License-Identifier: BSD-2-Clause */
/* Unit tests for series_view_build(): versions oldest first whatever the recording
   order, parts received and missing (as ranges, also for a hostile counter), successors
   through the newer messages' priors, applied and verdict events, each version's state,
   the title and the version asked for. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "series_view.h"
#include "xalloc.h"

/* A series being written by a test: records in recording order, events by record. */
static index_series series;

/* The posting of a test's messages of one version: each version is posted once. */
static char *posting_of(int version)
{
    char name[32];
    snprintf(name, sizeof name, "posting-v%d", version);
    return xstrdup(name);
}

static void add(const char *msgid, patch_kind kind, int version, int part, int total,
                const char *prior, long long date, const char *title, patch_state state)
{
    series.records.v = xgrow(series.records.v, sizeof *series.records.v, series.records.n + 1,
                             &series.records.cap);
    series.records.v[series.records.n++] = (index_record){
        .msgid = xstrdup(msgid),
        .kind = kind,
        .state = state,
        .series_id = xstrdup("5f0c2d1e9a7b"),
        .version = version,
        .part = part,
        .total = total,
        .title = xstrdup(title),
        .author = xstrdup("Ada Dev <ada@example.org>"),
        .sender = xstrdup("ada@example.org"),
        .posting = posting_of(version),
        .date = date,
        .prior_msgid = prior ? xstrdup(prior) : NULL,
        .prior_version = prior ? version - 1 : 0,
        .changed = -1,
    };
    series.events = xrealloc(series.events, series.records.n * sizeof *series.events);
    series.events[series.records.n - 1] = (index_events){0};
}

static void event(const char *msgid, const char *kind, const char *detail, long long date)
{
    for (size_t i = 0; i < series.records.n; i++) {
        if (strcmp(series.records.v[i].msgid, msgid))
            continue;
        index_events *e = &series.events[i];
        e->v = xgrow(e->v, sizeof *e->v, e->n + 1, &e->cap);
        e->v[e->n++] = (index_event){xstrdup(kind), xstrdup(detail), xstrdup("link"), date};
        return;
    }
    fail_msg("no record %s", msgid);
}

static int teardown(void **state)
{
    (void)state;
    index_series_free(&series);
    return 0;
}

static const series_part *part_named(const series_version *v, const char *msgid)
{
    for (size_t i = 0; i < v->nparts; i++)
        if (!strcmp(v->parts[i].msg->msgid, msgid))
            return &v->parts[i];
    fail_msg("no part %s", msgid);
    return NULL;
}

/* v1 (cover and 3 patches) and v2 (cover, 2 of 3 patches, a resend), v2 recorded
   first: v2 arrived before v1 (the index links either way). */
static void two_versions(void)
{
    series.series_id = xstrdup("5f0c2d1e9a7b");
    add("v2-0", PATCH_KIND_COVER, 2, 0, 3, "v1-0", 2000, "widget: fixes", PATCH_STATE_REVISION);
    add("v2-2", PATCH_KIND_PATCH, 2, 2, 3, "v1-2", 2002, "widget: reset", PATCH_STATE_REVISION);
    add("v2-1", PATCH_KIND_PATCH, 2, 1, 3, "v1-1", 2001, "widget: count", PATCH_STATE_REVISION);
    add("v1-0", PATCH_KIND_COVER, 1, 0, 3, NULL, 1000, "widget: old fixes", PATCH_STATE_NEW);
    add("v1-1", PATCH_KIND_PATCH, 1, 1, 3, NULL, 1001, "widget: count", PATCH_STATE_NEW);
    add("v1-2", PATCH_KIND_PATCH, 1, 2, 3, NULL, 1002, "widget: reset", PATCH_STATE_NEW);
    add("v1-3", PATCH_KIND_PATCH, 1, 3, 3, NULL, 999, "widget: docs", PATCH_STATE_NEW);
    add("v2-2r", PATCH_KIND_PATCH, 2, 2, 3, "v2-2", 3000, "widget: reset", PATCH_STATE_RESEND);
    series.records.v[7].prior_version = 2;
}

static void versions_parts_successors(void **state)
{
    (void)state;
    two_versions();
    series.msgid = xstrdup("v1-2");
    series_view v;
    series_view_build(&series, &v);
    assert_int_equal(v.nversions, 2);
    assert_string_equal(v.series_id, "5f0c2d1e9a7b");
    assert_string_equal(v.title, "widget: fixes"); /* the latest version's cover */
    assert_int_equal(v.asked, 0);                  /* v1-2 is of v1 */

    const series_version *v1 = &v.versions[0], *v2 = &v.versions[1];
    assert_int_equal(v1->version, 1);
    assert_int_equal(v1->date, 999); /* the earliest of its messages */
    assert_string_equal(v1->author, "Ada Dev <ada@example.org>");
    assert_int_equal(v1->nparts, 4);
    assert_string_equal(v1->parts[0].msg->msgid, "v1-0");
    assert_string_equal(v1->parts[3].msg->msgid, "v1-3");
    assert_true(v1->cover);
    assert_true(v1->complete);
    assert_int_equal(v1->received, 3);
    assert_int_equal(v1->nmissing, 0);
    assert_int_equal(v1->state, SERIES_SUPERSEDED);
    assert_int_equal(v1->superseded_by, 2);
    assert_string_equal(series_state_name(v1), "superseded");
    /* each superseded by its counterpart; the docs patch v2 dropped by v2's cover */
    assert_string_equal(part_named(v1, "v1-0")->successor->msgid, "v2-0");
    assert_string_equal(part_named(v1, "v1-1")->successor->msgid, "v2-1");
    assert_string_equal(part_named(v1, "v1-2")->successor->msgid, "v2-2");
    assert_string_equal(part_named(v1, "v1-3")->successor->msgid, "v2-0");

    assert_int_equal(v2->version, 2);
    assert_int_equal(v2->total, 3);
    assert_int_equal(v2->received, 2);
    assert_false(v2->complete);
    assert_int_equal(v2->nmissing, 1);
    assert_int_equal(v2->missing[0].from, 3);
    assert_int_equal(v2->missing[0].to, 3);
    /* cover, 1, 2, and the resend of 2 after it (recording order within a part) */
    assert_int_equal(v2->nparts, 4);
    assert_string_equal(v2->parts[1].msg->msgid, "v2-1");
    assert_string_equal(v2->parts[2].msg->msgid, "v2-2");
    assert_string_equal(v2->parts[3].msg->msgid, "v2-2r");
    /* a resend names its copy in the same version: that supersedes nothing */
    assert_null(part_named(v2, "v2-2")->successor);
    assert_int_equal(v2->superseded_by, 0);
    assert_int_equal(v2->state, SERIES_WAITING);
    assert_string_equal(series_state_name(v2), "waiting");
    series_view_free(&v);
}

static void applied_and_verdicts(void **state)
{
    (void)state;
    two_versions();
    event("v2-1", "applied", "widget main 0123456789abcdef0123456789abcdef01234567", 4000);
    event("v2-2r", "applied", "widget main 1123456789abcdef0123456789abcdef01234567", 4001);
    event("v2-2r", "applied", "odd detail", 4002);
    event("v1-1", "verdict", "changes-requested", 1500);
    event("v1-2", "verdict", "accepted", 1400);
    event("v1-2", "superseded", "v2-2", 2002); /* a kind the view does not show */
    event("v1-2", "applied", "widget main 1123456789abcdef0123456789abcdef01234567", 4001);
    series_view v;
    series_view_build(&series, &v);
    assert_int_equal(v.asked, 1); /* no Message-ID asked: the latest */
    const series_version *v1 = &v.versions[0], *v2 = &v.versions[1];
    /* v1's verdicts and its patch applied by patch-id are kept, but a later version
       supersedes it */
    assert_int_equal(v1->state, SERIES_SUPERSEDED);
    assert_int_equal(v1->applied_parts, 1);
    assert_string_equal(v1->verdict, "changes-requested"); /* the latest by date */
    const series_part *p = part_named(v1, "v1-2");
    assert_int_equal(p->nverdicts, 1);
    assert_string_equal(p->verdicts[0], "accepted");
    assert_int_equal(p->napplied, 1);
    assert_int_equal(part_named(v1, "v1-1")->napplied, 0);

    assert_int_equal(v2->state, SERIES_APPLIED);
    assert_int_equal(v2->applied_parts, 2); /* parts 1 and 2 (2 by its resend) */
    p = part_named(v2, "v2-1");
    assert_int_equal(p->napplied, 1);
    assert_string_equal(p->applied[0].tree, "widget");
    assert_string_equal(p->applied[0].branch, "main");
    assert_string_equal(p->applied[0].commit, "0123456789abcdef0123456789abcdef01234567");
    p = part_named(v2, "v2-2r");
    assert_int_equal(p->napplied, 2);
    assert_string_equal(p->applied[1].tree, "odd detail");
    assert_null(p->applied[1].branch);
    assert_null(p->applied[1].commit);
    series_view_free(&v);
}

static void latest_verdict_is_the_state(void **state)
{
    (void)state;
    series.series_id = xstrdup("abc");
    add("a-1", PATCH_KIND_PATCH, 3, 1, 2, NULL, 10, "x: one", PATCH_STATE_NEW);
    add("a-2", PATCH_KIND_PATCH, 3, 2, 2, NULL, 11, "x: two", PATCH_STATE_NEW);
    event("a-2", "verdict", "accepted", 100);
    event("a-1", "verdict", "changes-requested", 200);
    series_view v;
    series_view_build(&series, &v);
    assert_int_equal(v.nversions, 1);
    assert_int_equal(v.versions[0].state, SERIES_VERDICT);
    assert_string_equal(series_state_name(&v.versions[0]), "changes-requested");
    assert_false(v.versions[0].cover);
    assert_string_equal(v.title, "x: one"); /* no cover: the first part's */
    series_view_free(&v);
}

static void counters_bounded_and_single_patches(void **state)
{
    (void)state;
    series.series_id = xstrdup("abc");
    add("big", PATCH_KIND_PATCH, 1, 2, 999999, NULL, 0, "x: big", PATCH_STATE_NEW);
    add("one", PATCH_KIND_PATCH, 2, 0, 0, "big", 0, "x: one", PATCH_STATE_REVISION);
    series_view v;
    series_view_build(&series, &v);
    const series_version *v1 = &v.versions[0], *v2 = &v.versions[1];
    assert_int_equal(v1->total, 999999);
    assert_int_equal(v1->received, 1);
    assert_int_equal(v1->nmissing, 2); /* 1 and 3-999999: two ranges, not 999998 numbers */
    assert_int_equal(v1->missing[0].from, 1);
    assert_int_equal(v1->missing[0].to, 1);
    assert_int_equal(v1->missing[1].from, 3);
    assert_int_equal(v1->missing[1].to, 999999);
    assert_int_equal(v1->date, 0);
    /* a patch without counter is part 1 of 1, complete */
    assert_int_equal(v2->parts[0].part, 1);
    assert_int_equal(v2->total, 1);
    assert_true(v2->complete);
    assert_string_equal(v1->parts[0].successor->msgid, "one");
    series_view_free(&v);
}

static void successor_is_the_next_version_naming_it(void **state)
{
    (void)state;
    series.series_id = xstrdup("abc");
    add("v3-1", PATCH_KIND_PATCH, 3, 1, 1, "v1-1", 30, "x: a", PATCH_STATE_REVISION);
    add("v2-1", PATCH_KIND_PATCH, 2, 1, 1, "v1-1", 20, "x: a", PATCH_STATE_REVISION);
    add("v1-1", PATCH_KIND_PATCH, 1, 1, 1, NULL, 10, "x: a", PATCH_STATE_NEW);
    series_view v;
    series_view_build(&series, &v);
    assert_int_equal(v.nversions, 3);
    assert_string_equal(v.versions[0].parts[0].successor->msgid, "v2-1");
    assert_int_equal(v.versions[0].superseded_by, 2);
    assert_int_equal(v.versions[1].superseded_by, 3);
    series_view_free(&v);
}

/* A patch the later version dropped is superseded by what supersedes its posting's
   cover, only when that cover is of its own sender and of its own posting. */
static void dropped_patch_takes_its_covers_successor(void **state)
{
    (void)state;
    series.series_id = xstrdup("abc");
    add("v1-0", PATCH_KIND_COVER, 1, 0, 4, NULL, 10, "x: all", PATCH_STATE_NEW);
    add("v1-1", PATCH_KIND_PATCH, 1, 1, 4, NULL, 11, "x: a", PATCH_STATE_NEW);
    add("v1-2", PATCH_KIND_PATCH, 1, 2, 4, NULL, 12, "x: b", PATCH_STATE_NEW);
    add("v1-3", PATCH_KIND_PATCH, 1, 3, 4, NULL, 13, "x: c", PATCH_STATE_NEW);
    add("v1-4", PATCH_KIND_PATCH, 1, 4, 4, NULL, 14, "x: d", PATCH_STATE_NEW);
    add("v2-0", PATCH_KIND_COVER, 2, 0, 1, "v1-0", 20, "x: all", PATCH_STATE_REVISION);
    add("v2-1", PATCH_KIND_PATCH, 2, 1, 1, "v1-1", 21, "x: a", PATCH_STATE_REVISION);
    index_record *r = series.records.v;
    free(r[3].sender); /* another sender's patch in the thread */
    r[3].sender = xstrdup("eve@example.org");
    free(r[4].posting); /* a patch of another posting of v1 */
    r[4].posting = xstrdup("posting-other");
    series_view v;
    series_view_build(&series, &v);
    const series_version *v1 = &v.versions[0];
    assert_string_equal(part_named(v1, "v1-1")->successor->msgid, "v2-1");
    assert_string_equal(part_named(v1, "v1-2")->successor->msgid, "v2-0");
    assert_null(part_named(v1, "v1-3")->successor);
    assert_null(part_named(v1, "v1-4")->successor);
    assert_null(part_named(&v.versions[1], "v2-1")->successor);
    series_view_free(&v);
}

static void empty_series(void **state)
{
    (void)state;
    series_view v;
    series_view_build(&series, &v);
    assert_int_equal(v.nversions, 0);
    assert_null(v.title);
    series_view_free(&v);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_teardown(versions_parts_successors, teardown),
        cmocka_unit_test_teardown(applied_and_verdicts, teardown),
        cmocka_unit_test_teardown(latest_verdict_is_the_state, teardown),
        cmocka_unit_test_teardown(counters_bounded_and_single_patches, teardown),
        cmocka_unit_test_teardown(successor_is_the_next_version_naming_it, teardown),
        cmocka_unit_test_teardown(dropped_patch_takes_its_covers_successor, teardown),
        cmocka_unit_test_teardown(empty_series, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
