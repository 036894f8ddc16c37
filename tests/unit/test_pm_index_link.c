/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Unit tests for pm_index_link and pm_index_unlink (core/index/pm_index_link.c): a v2
 * the rules cannot link to its v1 (sent from another address) linked by hand, its
 * patches paired by title; the errors; the link made again when the messages are
 * recorded anew (the index emptied of them, either order); an unlink of a merge the
 * rules made, remembered the same way. On SQLite, or on PostgreSQL with PM_TEST_PG_URI
 * set (tests/t_index_pg.sh).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <libpq-fe.h>
#include <sqlite3.h>

#include "index_fixture.h"
#include "pm_index.h"

/* The test messages name only the fields that matter to each case. */
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"

#define OLD_FROM "Alice Author <alice@example.org>"
#define NEW_FROM "Alice Author <alice@new.example>"
#define T0 1700000000
#define PID1 "1111111111111111111111111111111111111111"
#define PID2 "2222222222222222222222222222222222222222"
#define PID3 "3333333333333333333333333333333333333333"

/* A message as patch_facts_extract would describe it; strings are borrowed. */
typedef struct mail {
    patch_kind kind;
    const char *msgid;
    const char *title;
    int version, part, total;
    const char *irt; /* In-Reply-To, also the only Reference */
    const char *patch_id;
    const char *from;
    long date;
    const char *change_id;
} mail;

static void record(pm_index *ix, const mail *m, index_verdict *v)
{
    char *refs[1] = {(char *)m->irt};
    patch_facts pf;
    memset(&pf, 0, sizeof pf);
    pf.kind = m->kind;
    pf.message_id = (char *)m->msgid;
    pf.subject_text = pf.subject.title = (char *)m->title;
    pf.subject.patch = pf.subject.versioned = true;
    pf.subject.version = m->version;
    pf.subject.part = m->part;
    pf.subject.total = m->total;
    pf.from = pf.author = (char *)m->from;
    pf.date = m->date;
    pf.in_reply_to = (char *)m->irt;
    pf.references.v = refs;
    pf.references.n = m->irt ? 1 : 0;
    if (m->patch_id)
        snprintf(pf.patch_id, sizeof pf.patch_id, "%s", m->patch_id);
    pf.change_id = (char *)m->change_id;
    strbuf err = STRBUF_INIT;
    int rc = pm_index_classify(ix, &pf, true, v, &err);
    if (rc < 0)
        fprintf(stderr, "classify: %s\n", err.data);
    assert_int_equal(rc, 0);
    sb_free(&err);
}

static void record_all(pm_index *ix, const mail *m, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        index_verdict v;
        record(ix, &m[i], &v);
        index_verdict_free(&v);
    }
}

/* v1 from the old address; v2 from the new one, its cover retitled, not threaded to
   v1: no rule links them. Patch 1 changed, patch 2 not. */
static const mail v1[] = {
    {PATCH_KIND_COVER, "v1-0@x", "widgets: add widgets", 1, 0, 2, NULL, NULL, OLD_FROM, T0},
    {PATCH_KIND_PATCH, "v1-1@x", "widgets: add widget core", 1, 1, 2, "v1-0@x", PID1, OLD_FROM, T0},
    {PATCH_KIND_PATCH, "v1-2@x", "widgets: use widgets", 1, 2, 2, "v1-0@x", PID2, OLD_FROM, T0},
};
static const mail v2[] = {
    {PATCH_KIND_COVER, "v2-0@x", "widgets: core and users", 2, 0, 2, NULL, NULL, NEW_FROM,
     T0 + 86400},
    {PATCH_KIND_PATCH, "v2-1@x", "widgets: add widget core", 2, 1, 2, "v2-0@x", PID3, NEW_FROM,
     T0 + 86400},
    {PATCH_KIND_PATCH, "v2-2@x", "widgets: use widgets", 2, 2, 2, "v2-0@x", PID2, NEW_FROM,
     T0 + 86400},
};

/* What the index holds for msgid (it must hold it). */
static index_record recorded(pm_index *ix, const char *msgid)
{
    strbuf err = STRBUF_INIT;
    index_record r;
    assert_int_equal(pm_index_recorded(ix, msgid, &r, &err), 1);
    sb_free(&err);
    return r;
}

static void expect_prior(pm_index *ix, const char *msgid, const char *series, const char *prior,
                         int prior_version, int changed)
{
    index_record r = recorded(ix, msgid);
    assert_string_equal(r.series_id, series);
    if (prior) {
        assert_non_null(r.prior_msgid);
        assert_string_equal(r.prior_msgid, prior);
        assert_int_equal(r.prior_version, prior_version);
        assert_int_equal(r.changed, changed);
    } else {
        assert_null(r.prior_msgid);
    }
    index_record_free(&r);
}

/* The series of msgid, malloc'd. */
static char *series_of(pm_index *ix, const char *msgid)
{
    index_record r = recorded(ix, msgid);
    char *s = strdup(r.series_id);
    index_record_free(&r);
    return s;
}

/* v2 is v1's next version: one series, each message with its counterpart. */
static void expect_linked(pm_index *ix)
{
    char *s1 = series_of(ix, "v1-0@x");
    expect_prior(ix, "v2-0@x", s1, "v1-0@x", 1, -1);
    expect_prior(ix, "v2-1@x", s1, "v1-1@x", 1, 1);
    expect_prior(ix, "v2-2@x", s1, "v1-2@x", 1, 0);
    free(s1);
}

/* The index loses its messages (what a rebuild does before importing them again);
   what it learned by hand is kept. */
static void empty_messages(const fixture *f)
{
    const char *sql = "DELETE FROM messages; DELETE FROM series_moves;";
    const char *pg = test_pg_uri();
    if (pg) {
        PGconn *c = PQconnectdb(pg);
        PGresult *r = PQexec(c, sql);
        assert_int_equal(PQresultStatus(r), PGRES_COMMAND_OK);
        PQclear(r);
        PQfinish(c);
        return;
    }
    sqlite3 *db;
    assert_int_equal(sqlite3_open(f->path, &db), SQLITE_OK);
    assert_int_equal(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(db);
}

static void link_pairs_the_posting(void **state)
{
    fixture *f = *state;
    record_all(f->ix, v1, 3);
    record_all(f->ix, v2, 3);
    char *s1 = series_of(f->ix, "v1-0@x"), *s2 = series_of(f->ix, "v2-0@x");
    assert_string_not_equal(s1, s2); /* the rules did not link them */
    expect_prior(f->ix, "v2-1@x", s2, NULL, 0, 0);
    strbuf err = STRBUF_INIT;
    index_records posting = {0};
    assert_int_equal(pm_index_link(f->ix, "<v2-0@x>", "v1-0@x", &posting, &err), 3);
    assert_int_equal(posting.n, 3);
    assert_string_equal(posting.v[0].msgid, "v2-0@x");
    assert_string_equal(posting.v[0].prior_msgid, "v1-0@x");
    index_records_free(&posting);
    expect_linked(f->ix);
    /* unlink: apart again, no prior across */
    index_records changed = {0};
    assert_int_equal(pm_index_unlink(f->ix, "v2-0@x", &changed, &err), 3);
    index_records_free(&changed);
    free(s2);
    s2 = series_of(f->ix, "v2-0@x");
    assert_string_not_equal(s1, s2);
    expect_prior(f->ix, "v2-0@x", s2, NULL, 0, 0);
    expect_prior(f->ix, "v2-1@x", s2, NULL, 0, 0);
    expect_prior(f->ix, "v2-2@x", s2, NULL, 0, 0);
    expect_prior(f->ix, "v1-1@x", s1, NULL, 0, 0);
    free(s1);
    free(s2);
    sb_free(&err);
}

/* Refused, with a message saying why, and nothing changed. */
static void expect_refused(pm_index *ix, const char *newer, const char *older, const char *why)
{
    strbuf err = STRBUF_INIT;
    index_records posting = {0};
    assert_int_equal(pm_index_link(ix, newer, older, &posting, &err), -1);
    assert_int_equal(posting.n, 0);
    if (!strstr(err.data, why))
        fail_msg("expected '%s' in '%s'", why, err.data);
    sb_free(&err);
}

static void link_errors(void **state)
{
    fixture *f = *state;
    record_all(f->ix, v1, 3);
    record_all(f->ix, v2, 3);
    expect_refused(f->ix, "nothing@x", "v1-0@x", "<nothing@x>: not in the index");
    expect_refused(f->ix, "v2-0@x", "<nothing@x>", "<nothing@x>: not in the index");
    expect_refused(f->ix, "v2-0@x", "<v2-0@x>", "its own earlier version");
    expect_refused(f->ix, "v1-0@x", "v2-0@x", "<v2-0@x> is v2, not an earlier version");
    expect_refused(f->ix, "v2-1@x", "v2-2@x", "is v2, not an earlier version");
    char *s1 = series_of(f->ix, "v1-0@x"), *s2 = series_of(f->ix, "v2-0@x");
    assert_string_not_equal(s1, s2);
    expect_prior(f->ix, "v2-0@x", s2, NULL, 0, 0);
    free(s1);
    free(s2);
}

/* Recorded anew: v1 then v2 (the link made when v2's cover arrives, its verdict
   saying so), and v2 then v1 (made when v1's cover arrives, its patches paired as
   v1's patches arrive). */
static void link_is_made_again(void **state)
{
    fixture *f = *state;
    record_all(f->ix, v1, 3);
    record_all(f->ix, v2, 3);
    strbuf err = STRBUF_INIT;
    index_records posting = {0};
    assert_int_equal(pm_index_link(f->ix, "v2-0@x", "v1-0@x", &posting, &err), 3);
    index_records_free(&posting);

    empty_messages(f);
    record_all(f->ix, v1, 3);
    index_verdict v;
    record(f->ix, &v2[0], &v);
    char *s1 = series_of(f->ix, "v1-0@x");
    assert_int_equal(v.state, PATCH_STATE_REVISION);
    assert_string_equal(v.series_id, s1);
    assert_string_equal(v.prior_msgid, "v1-0@x");
    assert_int_equal(v.prior_version, 1);
    index_verdict_free(&v);
    free(s1);
    record_all(f->ix, &v2[1], 2);
    expect_linked(f->ix);

    empty_messages(f);
    record_all(f->ix, v2, 3);
    record_all(f->ix, v1, 3);
    expect_linked(f->ix);
    sb_free(&err);
}

/* A merge the rules made (a change-id shared by two of one sender's series), undone by
   unlink, stays undone when the messages are recorded anew. */
static void unlink_is_remembered(void **state)
{
    fixture *f = *state;
    const mail m[] = {
        {PATCH_KIND_PATCH, "a1@x", "widgets: core", 1, 0, 0, NULL, PID1, OLD_FROM, T0,
         "20240101-widgets-0123456789ab"},
        {PATCH_KIND_PATCH, "b1@x", "gadgets: core", 1, 0, 0, NULL, PID2, OLD_FROM, T0},
        {PATCH_KIND_PATCH, "ab2@x", "gadgets: core", 2, 0, 0, "b1@x", PID3, OLD_FROM,
         T0 + 86400, "20240101-widgets-0123456789ab"},
    };
    record_all(f->ix, m, 3);
    char *sa = series_of(f->ix, "a1@x"), *sb = series_of(f->ix, "b1@x");
    assert_string_equal(sa, sb);
    free(sa);
    free(sb);
    strbuf err = STRBUF_INIT;
    index_records changed = {0};
    /* b1 moved back, and ab2, left in a's series, without its prior b1 */
    assert_int_equal(pm_index_unlink(f->ix, "ab2@x", &changed, &err), 2);
    assert_string_equal(changed.v[0].msgid, "b1@x");
    assert_string_equal(changed.v[1].msgid, "ab2@x");
    index_records_free(&changed);
    sa = series_of(f->ix, "a1@x");
    expect_prior(f->ix, "ab2@x", sa, NULL, 0, 0);
    free(sa);
    for (int pass = 0; pass < 2; pass++) {
        sa = series_of(f->ix, "a1@x");
        sb = series_of(f->ix, "b1@x");
        assert_string_not_equal(sa, sb);
        free(sa);
        free(sb);
        empty_messages(f);
        record_all(f->ix, m, 3);
    }
    /* a link by hand replaces the unlink */
    index_records posting = {0};
    assert_int_equal(pm_index_link(f->ix, "ab2@x", "a1@x", &posting, &err), 1);
    index_records_free(&posting);
    sa = series_of(f->ix, "a1@x");
    expect_prior(f->ix, "ab2@x", sa, "a1@x", 1, 1);
    free(sa);
    sb_free(&err);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        INDEX_TEST(link_pairs_the_posting),
        INDEX_TEST(link_errors),
        INDEX_TEST(link_is_made_again),
        INDEX_TEST(unlink_is_remembered),
    };
    const char *name = test_pg_uri() ? "pm_index_link on PostgreSQL" : "pm_index_link on SQLite";
    return cmocka_run_group_tests_name(name, tests, NULL, NULL);
}
