/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Unit tests for pm_index: a real SQLite file in a temporary directory, fed with
 * patch_facts built by hand: arrival orders, duplicates, resends, change-id,
 * explicit links to versions the index never saw, threads recording at once, two
 * hosts recording one series at once.
 * With PM_TEST_PG_URI set (tests/t_index_pg.sh starts a PostgreSQL server and sets
 * it), the same tests run against that database instead, emptied before each test.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <pthread.h>

#include <cmocka.h>
#include <sqlite3.h>

#include "index_fixture.h"
#include "pm_index.h"

/* The test messages below name only the fields that matter to each case. */
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"

#define A_FROM "Alice Author <alice@example.org>"
#define B_FROM "Bob <bob@example.org>"
#define M_FROM "Mallory <mallory@example.net>"
#define T0 1700000000

/* A message as patch_facts_extract would describe it; strings are borrowed. */
typedef struct mail {
    patch_kind kind;
    const char *msgid;
    const char *title;
    int version, part, total;
    const char *irt;          /* In-Reply-To, also the only Reference */
    const char *patch_id;
    const char *from;         /* default A_FROM */
    long date;                /* default T0 */
    bool resend;
    const char *change_id;
    const char *prior;        /* an earlier version named in the text */
    const char *author;       /* in-body From:, default the header From */
    const char *list_id;      /* came through this list */
    const char *dkim;         /* the domain a trusted Authentication-Results verified */
    bool unversioned;         /* the subject names no version ("[PATCH 1/9] x") */
    const char *files;        /* the paths its diff touches, space separated */
} mail;

/* Sets pf from m; string_list_free(&pf->files) after. */
static void facts_of(const mail *m, patch_facts *pf, char **refs, char **prior)
{
    memset(pf, 0, sizeof *pf);
    for (const char *p = m->files; p && *p;) {
        size_t n = strcspn(p, " ");
        string_list_addn(&pf->files, p, n);
        p += n + (p[n] == ' ');
    }
    pf->kind = m->kind;
    pf->message_id = (char *)m->msgid;
    pf->subject_text = (char *)m->title;
    pf->subject.title = (char *)m->title;
    pf->subject.patch = true;
    pf->subject.version = m->version ? m->version : 1;
    pf->subject.versioned = !m->unversioned;
    pf->subject.part = m->part;
    pf->subject.total = m->total;
    pf->subject.resend = m->resend;
    pf->from = (char *)(m->from ? m->from : A_FROM);
    pf->author = (char *)(m->author ? m->author : pf->from);
    pf->list_id = (char *)m->list_id;
    pf->dkim_domain = (char *)m->dkim;
    pf->date = m->date ? m->date : T0;
    pf->in_reply_to = (char *)m->irt;
    if (m->irt) {
        refs[0] = (char *)m->irt;
        pf->references.v = refs;
        pf->references.n = 1;
    }
    if (m->patch_id)
        snprintf(pf->patch_id, sizeof pf->patch_id, "%s", m->patch_id);
    pf->change_id = (char *)m->change_id;
    if (m->prior) {
        prior[0] = (char *)m->prior;
        pf->prior_msgids.v = prior;
        pf->prior_msgids.n = 1;
    }
}

static void classify(pm_index *ix, const mail *m, bool record, index_verdict *v)
{
    patch_facts pf;
    char *refs[1], *prior[1];
    facts_of(m, &pf, refs, prior);
    strbuf err = STRBUF_INIT;
    int rc = pm_index_classify(ix, &pf, record, v, &err);
    string_list_free(&pf.files);
    if (rc < 0)
        fprintf(stderr, "classify: %s\n", err.data);
    assert_int_equal(rc, 0);
    sb_free(&err);
}

static void record_all(pm_index *ix, const mail *m, size_t n, index_verdict *v)
{
    for (size_t i = 0; i < n; i++)
        classify(ix, &m[i], true, &v[i]);
}

static void free_all(index_verdict *v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        index_verdict_free(&v[i]);
}

#define PID1 "1111111111111111111111111111111111111111"
#define PID2 "2222222222222222222222222222222222222222"
#define PID3 "3333333333333333333333333333333333333333"

/* v1: cover + 2 patches; v2: cover (names v1) + 2 patches, patch 2 unchanged. */
static const mail v1[] = {
    {PATCH_KIND_COVER, "v1-0@x", "fscrypt: add widgets", 1, 0, 2, NULL, NULL},
    {PATCH_KIND_PATCH, "v1-1@x", "fscrypt: add widget core", 1, 1, 2, "v1-0@x", PID1},
    {PATCH_KIND_PATCH, "v1-2@x", "fscrypt: use widgets", 1, 2, 2, "v1-0@x", PID2},
};
static const mail v2[] = {
    {PATCH_KIND_COVER, "v2-0@x", "fscrypt: add widgets", 2, 0, 2, NULL, NULL, .date = T0 + 86400,
     .prior = "v1-0@x"},
    {PATCH_KIND_PATCH, "v2-1@x", "fscrypt: add widget core", 2, 1, 2, "v2-0@x", PID3,
     .date = T0 + 86400},
    {PATCH_KIND_PATCH, "v2-2@x", "fscrypt: use widgets", 2, 2, 2, "v2-0@x", PID2,
     .date = T0 + 86400},
};

static void check_v2_points_at_v1(pm_index *ix)
{
    index_verdict v[3];
    for (int i = 0; i < 3; i++) {
        classify(ix, &v2[i], false, &v[i]);
        assert_int_equal(v[i].state, PATCH_STATE_DUPLICATE);
        assert_non_null(v[i].prior_msgid);
        assert_string_equal(v[i].prior_msgid, v1[i].msgid);
        assert_int_equal(v[i].prior_version, 1);
    }
    assert_int_equal(v[0].changed, -1);
    assert_int_equal(v[1].changed, 1);
    assert_int_equal(v[2].changed, 0);
    free_all(v, 3);
}

static void revision_in_order(void **state)
{
    fixture *f = *state;
    index_verdict a[3], b[3];
    record_all(f->ix, v1, 3, a);
    record_all(f->ix, v2, 3, b);
    for (int i = 0; i < 3; i++) {
        assert_int_equal(a[i].state, PATCH_STATE_NEW);
        assert_null(a[i].prior_msgid);
        assert_string_equal(a[i].series_id, a[0].series_id);
        assert_int_equal(b[i].state, PATCH_STATE_REVISION);
        assert_string_equal(b[i].series_id, a[0].series_id);
        assert_string_equal(b[i].prior_msgid, v1[i].msgid);
        assert_int_equal(b[i].prior_version, 1);
    }
    assert_int_equal(b[1].changed, 1);
    assert_int_equal(b[2].changed, 0);
    check_v2_points_at_v1(f->ix);
    free_all(a, 3);
    free_all(b, 3);
}

static void revision_before_its_prior(void **state)
{
    fixture *f = *state;
    index_verdict a[3], b[3];
    record_all(f->ix, v2, 3, b);
    /* the cover names v1, which the index does not hold yet: named, unchecked, so
       no revision on its own */
    assert_int_equal(b[0].state, PATCH_STATE_NEW);
    assert_string_equal(b[0].prior_msgid, "v1-0@x");
    assert_int_equal(b[0].prior_version, 1);
    assert_int_equal(b[1].state, PATCH_STATE_NEW);
    record_all(f->ix, v1, 3, a);
    for (int i = 0; i < 3; i++) {
        assert_int_equal(a[i].state, PATCH_STATE_NEW);
        assert_string_equal(a[i].series_id, b[0].series_id); /* v1 joins v2's series */
    }
    check_v2_points_at_v1(f->ix);
    free_all(a, 3);
    free_all(b, 3);
}

static void patches_before_cover(void **state)
{
    fixture *f = *state;
    const mail order[] = {v1[2], v1[1], v1[0], v2[1], v2[2], v2[0]};
    index_verdict v[6];
    record_all(f->ix, order, 6, v);
    for (int i = 0; i < 6; i++)
        assert_string_equal(v[i].series_id, v[0].series_id);
    assert_int_equal(v[3].state, PATCH_STATE_REVISION);
    assert_string_equal(v[3].prior_msgid, "v1-1@x");
    assert_string_equal(v[5].prior_msgid, "v1-0@x");
    check_v2_points_at_v1(f->ix);
    free_all(v, 6);
}

static void interleaved_orders(void **state)
{
    fixture *f = *state;
    const mail order[] = {v2[2], v1[1], v2[0], v1[0], v2[1], v1[2]};
    index_verdict v[6];
    record_all(f->ix, order, 6, v);
    free_all(v, 6);
    /* series found to be one were merged: every message now has the same series */
    for (int i = 0; i < 6; i++)
        classify(f->ix, &order[i], false, &v[i]);
    for (int i = 0; i < 6; i++)
        assert_string_equal(v[i].series_id, v[0].series_id);
    free_all(v, 6);
    check_v2_points_at_v1(f->ix);
}

/* Messages without Message-ID are never recorded, and share no series id: one made
   from nothing would put every such message in one series. One that links to a
   recorded series (same author and title as its v1) still names that series. */
static void no_message_id_no_series_of_its_own(void **state)
{
    fixture *f = *state;
    const mail first = {PATCH_KIND_PATCH, NULL, "first: unrelated", 1, .patch_id = PID1};
    const mail second = {PATCH_KIND_PATCH, NULL, "second: unrelated", 1, .patch_id = PID2};
    index_verdict v[4];
    classify(f->ix, &first, true, &v[0]);
    classify(f->ix, &second, true, &v[1]);
    assert_int_equal(v[0].state, PATCH_STATE_NEW);
    assert_null(v[0].series_id);
    assert_null(v[1].series_id);
    strbuf err = STRBUF_INIT;
    assert_int_equal(pm_index_count(f->ix, &err), 0);
    sb_free(&err);

    const mail v1 = {PATCH_KIND_PATCH, "nomid-v1@x", "widget: fix", 1, .patch_id = PID1};
    const mail v2 = {PATCH_KIND_PATCH, NULL, "widget: fix", 2, .patch_id = PID2, .date = T0 + 60};
    classify(f->ix, &v1, true, &v[2]);
    classify(f->ix, &v2, true, &v[3]);
    assert_int_equal(v[3].state, PATCH_STATE_REVISION);
    assert_string_equal(v[3].series_id, v[2].series_id);
    assert_string_equal(v[3].prior_msgid, "nomid-v1@x");
    free_all(v, 4);
}

static void duplicate_and_resend(void **state)
{
    fixture *f = *state;
    const mail single = {PATCH_KIND_PATCH, "one@x", "ext4: fix a leak", 1, 0, 0, NULL, PID1};
    const mail again = {PATCH_KIND_PATCH, "two@x", "ext4: fix a leak", 1, 0, 0, NULL, PID1,
                        .date = T0 + 7 * 86400};
    const mail tagged = {PATCH_KIND_PATCH, "three@x", "ext4: fix a leak", 1, 0, 0, NULL,
                         "5555555555555555555555555555555555555555",
                         .date = T0 + 8 * 86400, .resend = true};
    index_verdict v[4];
    classify(f->ix, &single, true, &v[0]);
    classify(f->ix, &single, true, &v[1]);
    classify(f->ix, &again, true, &v[2]);
    classify(f->ix, &tagged, true, &v[3]);
    assert_int_equal(v[0].state, PATCH_STATE_NEW);
    assert_int_equal(v[1].state, PATCH_STATE_DUPLICATE);
    assert_string_equal(v[1].series_id, v[0].series_id);
    assert_int_equal(v[2].state, PATCH_STATE_RESEND);
    assert_string_equal(v[2].prior_msgid, "one@x");
    assert_int_equal(v[2].changed, 0);
    assert_string_equal(v[2].series_id, v[0].series_id);
    assert_int_equal(v[3].state, PATCH_STATE_RESEND);
    assert_string_equal(v[3].series_id, v[0].series_id);
    strbuf err = STRBUF_INIT;
    index_records out = {0};
    assert_int_equal(pm_index_lookup(f->ix, "<two@x>", &out, &err), 1);
    assert_int_equal(out.n, 1);
    assert_string_equal(out.v[0].msgid, "two@x");
    assert_int_equal(out.v[0].kind, PATCH_KIND_PATCH);
    assert_int_equal(out.v[0].state, PATCH_STATE_RESEND);
    assert_string_equal(out.v[0].prior_msgid, "one@x");
    index_records_free(&out);
    assert_int_equal(pm_index_lookup(f->ix, PID1, &out, &err), 2);
    index_records_free(&out);
    assert_int_equal(pm_index_lookup(f->ix, v[0].series_id, &out, &err), 3);
    assert_int_equal(out.n, 3);
    index_records_free(&out);
    assert_int_equal(pm_index_lookup(f->ix, "nothing@x", &out, &err), 0);
    assert_int_equal(out.n, 0);
    sb_free(&err);
    free_all(v, 4);
}

/* The same patch posted over and over (a mail loop): the lookups a classification makes
 * see the newest 500 copies only, so each message costs the same however long the loop
 * ran; a resend names the oldest copy still in view. */
static void flood_of_copies_is_bounded(void **state)
{
    fixture *f = *state;
    enum { COPIES = 600 };
    strbuf err = STRBUF_INIT;
    assert_int_equal(pm_index_begin(f->ix, &err), 0);
    char msgid[32];
    for (int i = 0; i < COPIES; i++) {
        snprintf(msgid, sizeof msgid, "flood-%d@x", i);
        const mail copy = {PATCH_KIND_PATCH, msgid, "ext4: fix a leak", 1, 0, 0, NULL, PID1,
                           .date = T0 + i};
        index_verdict v;
        classify(f->ix, &copy, true, &v);
        assert_int_equal(v.state, i == 0 ? PATCH_STATE_NEW : PATCH_STATE_RESEND);
        index_verdict_free(&v);
    }
    assert_int_equal(pm_index_commit(f->ix, &err), 0);
    const mail last = {PATCH_KIND_PATCH, "last@x", "ext4: fix a leak", 1, 0, 0, NULL, PID1,
                       .date = T0 + COPIES};
    index_verdict v;
    classify(f->ix, &last, true, &v);
    assert_int_equal(v.state, PATCH_STATE_RESEND);
    assert_string_equal(v.prior_msgid, "flood-100@x");
    index_verdict_free(&v);
    assert_int_equal(pm_index_count(f->ix, &err), COPIES + 1);
    /* lookup by patch-id shows the newest 500, oldest of them first */
    index_records out = {0};
    assert_int_equal(pm_index_lookup(f->ix, PID1, &out, &err), 500);
    assert_int_equal(out.n, 500);
    assert_string_equal(out.v[0].msgid, "flood-101@x");
    assert_string_equal(out.v[499].msgid, "last@x");
    index_records_free(&out);
    sb_free(&err);
}

static void resend_into_own_thread(void **state)
{
    fixture *f = *state;
    const mail in_thread = {PATCH_KIND_PATCH, "v1-2-again@x", "fscrypt: use widgets", 1, 2, 2,
                            "v1-0@x", PID2, .date = T0 + 600};
    index_verdict v[4];
    record_all(f->ix, v1, 3, v);
    classify(f->ix, &in_thread, true, &v[3]);
    assert_int_equal(v[3].state, PATCH_STATE_RESEND);
    assert_string_equal(v[3].prior_msgid, "v1-2@x");
    assert_string_equal(v[3].series_id, v[0].series_id);
    free_all(v, 4);
}

static void prior_is_the_latest_earlier_posting(void **state)
{
    fixture *f = *state;
    /* the series restarted at v1 months later: v2 follows the second v1 */
    const mail m[] = {
        {PATCH_KIND_COVER, "old-v1@x", "inline encryption", 1, 0, 3, NULL, NULL},
        {PATCH_KIND_COVER, "new-v1@x", "inline encryption", 1, 0, 4, NULL, NULL,
         .date = T0 + 200 * 86400L, .prior = "old-v1@x"},
        {PATCH_KIND_COVER, "new-v2@x", "inline encryption", 2, 0, 4, NULL, NULL,
         .date = T0 + 210 * 86400L},
    };
    index_verdict v[3];
    record_all(f->ix, m, 3, v);
    assert_string_equal(v[2].series_id, v[0].series_id);
    assert_int_equal(v[2].state, PATCH_STATE_REVISION);
    assert_string_equal(v[2].prior_msgid, "new-v1@x");
    free_all(v, 3);
}

static void change_id_links_renamed_series(void **state)
{
    fixture *f = *state;
    const mail a = {PATCH_KIND_PATCH, "c1@x", "old name", 1, 0, 0, NULL, PID1,
                    .change_id = "20240101-thing-0123456789ab"};
    const mail b = {PATCH_KIND_PATCH, "c2@x", "completely new name", 3, 0, 0, NULL, PID2,
                    .change_id = "20240101-thing-0123456789ab"};
    index_verdict v[2];
    classify(f->ix, &a, true, &v[0]);
    classify(f->ix, &b, true, &v[1]);
    assert_int_equal(v[1].state, PATCH_STATE_REVISION);
    assert_string_equal(v[1].series_id, v[0].series_id);
    assert_int_equal(v[1].prior_version, 1);
    assert_null(v[1].prior_msgid); /* titles differ, patch-ids differ: no counterpart */
    free_all(v, 2);
}

static void named_prior_not_in_index(void **state)
{
    fixture *f = *state;
    const mail cover = {PATCH_KIND_COVER, "20240102-widgets-v4-0-abcdef@b4", "widgets", 4, 0, 3,
                        .prior = "20240101-widgets-v3-0-fedcba@b4"};
    index_verdict v;
    classify(f->ix, &cover, true, &v);
    /* anyone can name an earlier version: unchecked, it is given but makes no revision */
    assert_int_equal(v.state, PATCH_STATE_NEW);
    assert_string_equal(v.prior_msgid, "20240101-widgets-v3-0-fedcba@b4");
    assert_int_equal(v.prior_version, 3);
    index_verdict_free(&v);
}

/* Issue 19, shape 1: a patch dropped in v2 and brought back in v3 links to v1's copy,
   the latest lower version that has it; the patches v2 kept link to v2. */
static void dropped_patch_links_further_down(void **state)
{
    fixture *f = *state;
    const long day = 86400;
    const mail m[] = {
        {PATCH_KIND_COVER, "w1-0@x", "widgets", 1, 0, 3, NULL, NULL},
        {PATCH_KIND_PATCH, "w1-1@x", "widgets: core", 1, 1, 3, "w1-0@x", PID1},
        {PATCH_KIND_PATCH, "w1-2@x", "widgets: sysfs knob", 1, 2, 3, "w1-0@x", PID2},
        {PATCH_KIND_PATCH, "w1-3@x", "widgets: docs", 1, 3, 3, "w1-0@x", PID3},
        {PATCH_KIND_COVER, "w2-0@x", "widgets", 2, 0, 2, NULL, NULL, .date = T0 + 7 * day},
        {PATCH_KIND_PATCH, "w2-1@x", "widgets: core", 2, 1, 2, "w2-0@x", PID1,
         .date = T0 + 7 * day},
        {PATCH_KIND_PATCH, "w2-2@x", "widgets: docs", 2, 2, 2, "w2-0@x", PID3,
         .date = T0 + 7 * day},
        {PATCH_KIND_COVER, "w3-0@x", "widgets", 3, 0, 3, NULL, NULL, .date = T0 + 14 * day},
        {PATCH_KIND_PATCH, "w3-1@x", "widgets: core", 3, 1, 3, "w3-0@x", PID1,
         .date = T0 + 14 * day},
        {PATCH_KIND_PATCH, "w3-2@x", "widgets: sysfs knob", 3, 2, 3, "w3-0@x",
         "4444444444444444444444444444444444444444", .date = T0 + 14 * day},
        {PATCH_KIND_PATCH, "w3-3@x", "widgets: docs", 3, 3, 3, "w3-0@x", PID3,
         .date = T0 + 14 * day},
    };
    index_verdict v[11];
    record_all(f->ix, m, 11, v);
    assert_string_equal(v[8].prior_msgid, "w2-1@x");
    assert_string_equal(v[10].prior_msgid, "w2-2@x");
    assert_int_equal(v[9].state, PATCH_STATE_REVISION);
    assert_non_null(v[9].prior_msgid);
    assert_string_equal(v[9].prior_msgid, "w1-2@x");
    assert_int_equal(v[9].prior_version, 1);
    assert_int_equal(v[9].changed, 1);
    free_all(v, 11);
}

/* Issue 19, shape 2: v1 "widgets and gadgets" split in v2 into "widgets" and
   "gadgets", gadgets posted last. v3 of widgets takes v2 widgets' cover as its prior,
   by title; a v3 renamed again, whose patches came before its cover, takes the v2
   cover its patches have their priors in. */
static void split_series_cover_by_title_then_patches(void **state)
{
    fixture *f = *state;
    const long day = 86400;
    const mail m[] = {
        {PATCH_KIND_COVER, "s1-0@x", "widgets and gadgets", 1, 0, 2, NULL, NULL},
        {PATCH_KIND_PATCH, "s1-1@x", "widgets: core", 1, 1, 2, "s1-0@x", PID1},
        {PATCH_KIND_PATCH, "s1-2@x", "gadgets: core", 1, 2, 2, "s1-0@x", PID2},
        {PATCH_KIND_COVER, "w2-0@x", "widgets", 2, 0, 1, NULL, NULL, .date = T0 + 7 * day,
         .prior = "s1-0@x"},
        {PATCH_KIND_PATCH, "w2-1@x", "widgets: core", 2, 1, 1, "w2-0@x", PID1,
         .date = T0 + 7 * day},
        {PATCH_KIND_COVER, "g2-0@x", "gadgets", 2, 0, 1, NULL, NULL, .date = T0 + 8 * day,
         .prior = "s1-0@x"},
        {PATCH_KIND_PATCH, "g2-1@x", "gadgets: core", 2, 1, 1, "g2-0@x", PID2,
         .date = T0 + 8 * day},
        {PATCH_KIND_COVER, "w3-0@x", "widgets", 3, 0, 1, NULL, NULL, .date = T0 + 14 * day},
        {PATCH_KIND_PATCH, "w3-1@x", "widgets: core", 3, 1, 1, "w3-0@x", PID1,
         .date = T0 + 14 * day},
        /* v4, retitled, its patch first */
        {PATCH_KIND_PATCH, "w4-1@x", "widgets: core", 4, 1, 1, "w4-0@x", PID1,
         .date = T0 + 21 * day},
        {PATCH_KIND_COVER, "w4-0@x", "the widget rework", 4, 0, 1, NULL, NULL,
         .date = T0 + 21 * day},
    };
    index_verdict v[11];
    record_all(f->ix, m, 9, v);
    assert_string_equal(v[5].series_id, v[3].series_id);
    assert_string_equal(v[7].series_id, v[3].series_id);
    assert_int_equal(v[7].state, PATCH_STATE_REVISION);
    assert_non_null(v[7].prior_msgid);
    assert_string_equal(v[7].prior_msgid, "w2-0@x");
    /* a v3 of gadgets in the same series: w3 is its latest v3 cover, not its prior */
    const mail g4[] = {
        {PATCH_KIND_COVER, "g3-0@x", "gadgets", 3, 0, 1, NULL, NULL, .date = T0 + 15 * day,
         .prior = "g2-0@x"},
        {PATCH_KIND_PATCH, "g3-1@x", "gadgets: core", 3, 1, 1, "g3-0@x", PID2,
         .date = T0 + 15 * day},
    };
    index_verdict g[2];
    record_all(f->ix, g4, 2, g);
    record_all(f->ix, m + 9, 2, v + 9);
    assert_string_equal(v[9].prior_msgid, "w3-1@x");
    assert_non_null(v[10].prior_msgid);
    assert_string_equal(v[10].prior_msgid, "w3-0@x");
    free_all(g, 2);
    free_all(v, 11);
}

/* Issue 19, shape 2, arriving the other way round: a v1 of a sibling series posted
   after a v2 (the series split, one part restarted at v1) is no prior of that v2's
   cover, which was posted before it. */
static void later_sibling_cover_is_no_prior(void **state)
{
    fixture *f = *state;
    const long day = 86400;
    const mail m[] = {
        {PATCH_KIND_COVER, "w2-0@x", "widgets", 2, 0, 1, NULL, NULL, .date = T0},
        {PATCH_KIND_PATCH, "w2-1@x", "widgets: core", 2, 1, 1, "w2-0@x", PID1, .date = T0},
        {PATCH_KIND_PATCH, "g1-1@x", "widgets: core", 1, 1, 1, "g1-0@x", PID2,
         .date = T0 + 30 * day},
        {PATCH_KIND_COVER, "g1-0@x", "gadgets", 1, 0, 1, NULL, NULL, .date = T0 + 30 * day},
    };
    index_verdict v[4];
    record_all(f->ix, m, 4, v);
    assert_string_equal(v[3].series_id, v[0].series_id);
    free_all(v, 4);
    classify(f->ix, &m[0], false, &v[0]);
    assert_null(v[0].prior_msgid);
    index_verdict_free(&v[0]);
}

/* Issue 19, shape 3: patches retitled in v2 ("add support foo" -> "add support for
   foo", a prefix renamed) pair, within the v1 posting their siblings link to, with the
   v1 patch left over whose title is close. A new v2 patch whose title is close to one
   that a later v2 patch carries unchanged loses that pairing when the later one comes. */
static void retitled_patch_pairs_within_prior_posting(void **state)
{
    fixture *f = *state;
    const long day = 86400;
    const mail m[] = {
        {PATCH_KIND_COVER, "r1-0@x", "widgets", 1, 0, 4, NULL, NULL},
        {PATCH_KIND_PATCH, "r1-1@x", "widgets: core", 1, 1, 4, "r1-0@x", PID1},
        {PATCH_KIND_PATCH, "r1-2@x", "widgets: add support foo", 1, 2, 4, "r1-0@x", PID2},
        {PATCH_KIND_PATCH, "r1-3@x", "wdg: probe the bus", 1, 3, 4, "r1-0@x", PID3},
        {PATCH_KIND_PATCH, "r1-4@x", "widgets: make probe() more robust", 1, 4, 4, "r1-0@x",
         "5555555555555555555555555555555555555555"},
        {PATCH_KIND_COVER, "r2-0@x", "widgets", 2, 0, 5, NULL, NULL, .date = T0 + 7 * day},
        {PATCH_KIND_PATCH, "r2-1@x", "widgets: core", 2, 1, 5, "r2-0@x", PID1,
         .date = T0 + 7 * day},
        {PATCH_KIND_PATCH, "r2-2@x", "widgets: add support for foo", 2, 2, 5, "r2-0@x",
         "6666666666666666666666666666666666666666", .date = T0 + 7 * day},
        {PATCH_KIND_PATCH, "r2-3@x", "widgets: probe the bus", 2, 3, 5, "r2-0@x",
         "7777777777777777777777777777777777777777", .date = T0 + 7 * day},
        {PATCH_KIND_PATCH, "r2-4@x", "widgets: make probe() return void", 2, 4, 5, "r2-0@x",
         "8888888888888888888888888888888888888888", .date = T0 + 7 * day},
        {PATCH_KIND_PATCH, "r2-5@x", "widgets: make probe() more robust", 2, 5, 5, "r2-0@x",
         "9999999999999999999999999999999999999999", .date = T0 + 7 * day},
    };
    index_verdict v[11];
    record_all(f->ix, m, 11, v);
    assert_string_equal(v[6].prior_msgid, "r1-1@x");
    assert_non_null(v[7].prior_msgid);
    assert_string_equal(v[7].prior_msgid, "r1-2@x");
    assert_int_equal(v[7].changed, 1);
    assert_non_null(v[8].prior_msgid);
    assert_string_equal(v[8].prior_msgid, "r1-3@x");
    assert_string_equal(v[10].prior_msgid, "r1-4@x");
    free_all(v, 11);
    /* r2-4 was paired with r1-4 when it came; r2-5, the same title, took it back */
    classify(f->ix, &m[9], false, &v[9]);
    assert_int_equal(v[9].state, PATCH_STATE_DUPLICATE);
    assert_null(v[9].prior_msgid);
    index_verdict_free(&v[9]);
}

/* Issue 19, shape 3 by files: of the v1 patches left over, "w: add qua" and "w: add
   quy" are as close to v2's retitled "w: add qux" (one letter each, neither at its
   position); the one touching the same files is its prior. A close title touching
   other files is none. */
static void retitled_patch_pairs_by_files(void **state)
{
    fixture *f = *state;
    const long week = 7 * 86400;
    const mail m[] = {
        {PATCH_KIND_COVER, "q1-0@x", "w: add things", 1, 0, 3, NULL, NULL},
        {PATCH_KIND_PATCH, "q1-1@x", "w: core", 1, 1, 3, "q1-0@x", PID1, .files = "w/core.c"},
        {PATCH_KIND_PATCH, "q1-2@x", "w: add quy", 1, 2, 3, "q1-0@x", PID2,
         .files = "w/quy.c w/Makefile"},
        {PATCH_KIND_PATCH, "q1-3@x", "w: add qua", 1, 3, 3, "q1-0@x", PID3,
         .files = "w/Makefile w/qux.c"},
        {PATCH_KIND_COVER, "q2-0@x", "w: add things", 2, 0, 4, NULL, NULL, .date = T0 + week},
        {PATCH_KIND_PATCH, "q2-1@x", "w: core", 2, 1, 4, "q2-0@x", PID1, .files = "w/core.c",
         .date = T0 + week},
        {PATCH_KIND_PATCH, "q2-4@x", "w: add qux", 2, 4, 4, "q2-0@x",
         "4444444444444444444444444444444444444444", .files = "w/qux.c w/Makefile",
         .date = T0 + week},
    };
    index_verdict v[7];
    record_all(f->ix, m, 7, v);
    assert_string_equal(v[5].prior_msgid, "q1-1@x");
    assert_non_null(v[6].prior_msgid);
    assert_string_equal(v[6].prior_msgid, "q1-3@x");
    assert_int_equal(v[6].changed, 1);
    free_all(v, 7);
}

static void retitled_patch_not_paired_against_its_files(void **state)
{
    fixture *f = *state;
    const long week = 7 * 86400;
    const mail m[] = {
        {PATCH_KIND_COVER, "z1-0@x", "w: add things", 1, 0, 2, NULL, NULL},
        {PATCH_KIND_PATCH, "z1-1@x", "w: core", 1, 1, 2, "z1-0@x", PID1, .files = "w/core.c"},
        {PATCH_KIND_PATCH, "z1-2@x", "w: add qua", 1, 2, 2, "z1-0@x", PID2, .files = "w/qua.c"},
        {PATCH_KIND_COVER, "z2-0@x", "w: add things", 2, 0, 2, NULL, NULL, .date = T0 + week},
        {PATCH_KIND_PATCH, "z2-1@x", "w: core", 2, 1, 2, "z2-0@x", PID1, .files = "w/core.c",
         .date = T0 + week},
        {PATCH_KIND_PATCH, "z2-2@x", "w: add qux", 2, 2, 2, "z2-0@x", PID3, .files = "w/qux.c",
         .date = T0 + week},
    };
    index_verdict v[6];
    record_all(f->ix, m, 6, v);
    assert_string_equal(v[4].prior_msgid, "z1-1@x");
    assert_null(v[5].prior_msgid); /* at its position, one letter away, other files */
    free_all(v, 6);
}

/* Issue 19, shape 3 by files: a patch renamed beyond title likeness ("w: add qua" ->
   "w: probe the qua bus") is the v1 patch left over at its position touching the same
   files; at another position, it is none. */
static void renamed_patch_pairs_by_files_at_its_position(void **state)
{
    fixture *f = *state;
    const long week = 7 * 86400;
    for (int at = 2; at <= 3; at++) {
        char id[4][16];
        for (int i = 0; i < 4; i++)
            snprintf(id[i], sizeof id[i], "%c%d-%d@x", at == 2 ? 'y' : 'x', i / 2 + 1, i % 2);
        const mail m[] = {
            {PATCH_KIND_COVER, id[0], "w: add things", 1, 0, 2, NULL, NULL},
            {PATCH_KIND_PATCH, id[1], "w: core", 1, 1, 2, id[0], PID1, .files = "w/core.c"},
            {PATCH_KIND_PATCH, "", "w: add qua", 1, 2, 2, id[0], PID2, .files = "w/qua.c"},
            {PATCH_KIND_COVER, id[2], "w: add things", 2, 0, 3, NULL, NULL, .date = T0 + week},
            {PATCH_KIND_PATCH, id[3], "w: core", 2, 1, 3, id[2], PID1, .files = "w/core.c",
             .date = T0 + week},
            {PATCH_KIND_PATCH, "", "w: probe the qua bus", 2, at, 3, id[2], PID3,
             .files = "w/qua.c", .date = T0 + week},
        };
        char renamed[2][16];
        mail all[6];
        memcpy(all, m, sizeof all);
        snprintf(renamed[0], sizeof renamed[0], "%c1-2@x", at == 2 ? 'y' : 'x');
        snprintf(renamed[1], sizeof renamed[1], "%c2-%d@x", at == 2 ? 'y' : 'x', at);
        all[2].msgid = renamed[0];
        all[5].msgid = renamed[1];
        for (int i = 0; i < 6; i++)
            all[i].from = at == 2 ? A_FROM : B_FROM; /* two series apart */
        index_verdict v[6];
        record_all(f->ix, all, 6, v);
        assert_string_equal(v[4].prior_msgid, id[1]);
        if (at == 2) {
            assert_non_null(v[5].prior_msgid);
            assert_string_equal(v[5].prior_msgid, renamed[0]);
        } else {
            assert_null(v[5].prior_msgid);
        }
        free_all(v, 6);
    }
}

/* Attacks by strangers (issue 18): each fails on the index before the sender rules. */

/* A stranger's unrelated patch squats the Message-ID the real cover will have: the
   real cover is no duplicate, gets nothing of the stranger's, and is not recorded. */
static void squatted_message_id(void **state)
{
    fixture *f = *state;
    const mail squat = {PATCH_KIND_PATCH, "cover-v1@x", "net: unrelated", 1, 0, 0, NULL, PID3,
                        .from = M_FROM};
    const mail real = {PATCH_KIND_COVER, "cover-v1@x", "add widgets", 1, 0, 2, NULL, NULL,
                       .date = T0 + 600};
    index_verdict v[3];
    classify(f->ix, &squat, true, &v[0]);
    classify(f->ix, &real, true, &v[1]);
    assert_int_equal(v[1].state, PATCH_STATE_NEW);
    assert_non_null(v[1].series_id);
    assert_string_not_equal(v[1].series_id, v[0].series_id);
    assert_null(v[1].prior_msgid);
    /* the same message again is still a duplicate */
    classify(f->ix, &squat, true, &v[2]);
    assert_int_equal(v[2].state, PATCH_STATE_DUPLICATE);
    strbuf err = STRBUF_INIT;
    index_record r;
    assert_int_equal(pm_index_recorded(f->ix, "cover-v1@x", &r, &err), 1);
    assert_string_equal(r.title, "net: unrelated"); /* the first keeps its record */
    index_record_free(&r);
    sb_free(&err);
    free_all(v, 3);
}

/* A stranger re-sends v4 as "v5" with the author's in-body From: copied: the real v5
   is no resend of it and follows the real v4. */
static void fake_next_version(void **state)
{
    fixture *f = *state;
    const mail v4 = {PATCH_KIND_COVER, "a-v4@x", "add widgets", 4, 0, 2};
    const mail fake = {PATCH_KIND_COVER, "m-v5@x", "add widgets", 5, 0, 2, NULL, NULL,
                       .from = M_FROM, .author = A_FROM, .date = T0 + 86400};
    const mail v5 = {PATCH_KIND_COVER, "a-v5@x", "add widgets", 5, 0, 2, NULL, NULL,
                     .date = T0 + 2 * 86400};
    index_verdict v[3];
    classify(f->ix, &v4, true, &v[0]);
    classify(f->ix, &fake, true, &v[1]);
    classify(f->ix, &v5, true, &v[2]);
    assert_string_not_equal(v[1].series_id, v[0].series_id);
    assert_int_equal(v[2].state, PATCH_STATE_REVISION);
    assert_string_equal(v[2].prior_msgid, "a-v4@x");
    assert_string_equal(v[2].series_id, v[0].series_id);
    free_all(v, 3);
}

/* A copied change-id does not join another sender's series. */
static void copied_change_id(void **state)
{
    fixture *f = *state;
    const mail a = {PATCH_KIND_PATCH, "c1@x", "widgets: core", 1, 0, 0, NULL, PID1,
                    .change_id = "20240101-thing-0123456789ab"};
    const mail m = {PATCH_KIND_PATCH, "c2@x", "something else", 3, 0, 0, NULL, PID2,
                    .from = M_FROM, .change_id = "20240101-thing-0123456789ab"};
    index_verdict v[2];
    classify(f->ix, &a, true, &v[0]);
    classify(f->ix, &m, true, &v[1]);
    assert_int_equal(v[1].state, PATCH_STATE_NEW);
    assert_string_not_equal(v[1].series_id, v[0].series_id);
    free_all(v, 2);
}

static char *series_of(pm_index *ix, const char *msgid)
{
    strbuf err = STRBUF_INIT;
    index_record r;
    assert_int_equal(pm_index_recorded(ix, msgid, &r, &err), 1);
    char *series = strdup(r.series_id);
    index_record_free(&r);
    sb_free(&err);
    return series;
}

/* One stranger's message carrying one series' change-id and threaded into another's
   (with that author's in-body From:) merges nothing. */
static void one_message_merges_nothing(void **state)
{
    fixture *f = *state;
    const mail a = {PATCH_KIND_PATCH, "a1@x", "widgets: core", 1, 0, 0, NULL, PID1,
                    .change_id = "20240101-widgets-0123456789ab"};
    const mail b = {PATCH_KIND_PATCH, "b1@x", "gadgets: core", 1, 0, 0, NULL, PID2,
                    .from = B_FROM};
    const mail m = {PATCH_KIND_PATCH, "m2@x", "gadgets: core", 2, 0, 0, "b1@x", PID3,
                    .from = M_FROM, .author = B_FROM,
                    .change_id = "20240101-widgets-0123456789ab"};
    index_verdict v[3];
    record_all(f->ix, (const mail[]){a, b, m}, 3, v);
    char *sa = series_of(f->ix, "a1@x"), *sb = series_of(f->ix, "b1@x");
    assert_string_not_equal(sa, sb);
    free(sa);
    free(sb);
    free_all(v, 3);
}

/* A merge by a sender of both series is made, recorded, and undone by unlink. */
static void merge_is_undone(void **state)
{
    fixture *f = *state;
    const mail a = {PATCH_KIND_PATCH, "a1@x", "widgets: core", 1, 0, 0, NULL, PID1,
                    .change_id = "20240101-widgets-0123456789ab"};
    const mail b = {PATCH_KIND_PATCH, "b1@x", "gadgets: core", 1, 0, 0, NULL, PID2};
    const mail both = {PATCH_KIND_PATCH, "ab2@x", "gadgets: core", 2, 0, 0, "b1@x", PID3,
                       .date = T0 + 86400, .change_id = "20240101-widgets-0123456789ab"};
    index_verdict v[3];
    record_all(f->ix, (const mail[]){a, b, both}, 3, v);
    char *sa = series_of(f->ix, "a1@x"), *sb = series_of(f->ix, "b1@x");
    assert_string_equal(sa, sb);
    free(sa);
    free(sb);
    strbuf err = STRBUF_INIT;
    index_records moved = {0};
    /* b1 moved back; ab2, left in a1's series, loses its prior b1 */
    assert_int_equal(pm_index_unlink(f->ix, "<ab2@x>", &moved, &err), 2);
    assert_int_equal(moved.n, 2);
    assert_string_equal(moved.v[0].msgid, "b1@x");
    assert_string_equal(moved.v[1].msgid, "ab2@x");
    index_records_free(&moved);
    sa = series_of(f->ix, "a1@x");
    sb = series_of(f->ix, "b1@x");
    assert_string_not_equal(sa, sb);
    free(sa);
    free(sb);
    assert_int_equal(pm_index_unlink(f->ix, "ab2@x", &moved, &err), 0); /* done already */
    assert_int_equal(pm_index_unlink(f->ix, "nothing@x", &moved, &err), 0);
    sb_free(&err);
    free_all(v, 3);
}

/* A side copy of "v4 2/2" carrying the v5 diff, sent directly (no List-Id) after v4,
   is not the prior of the real v5 2/2: that is the v4 2/2 the list carried, and no
   "Changed: no" comes of the copy. */
static void side_copy_forges_no_change(void **state)
{
    fixture *f = *state;
    const char *list = "linux-fscrypt.vger.kernel.org";
    const mail m[] = {
        {PATCH_KIND_COVER, "v4-0@x", "add widgets", 4, 0, 2, .list_id = list},
        {PATCH_KIND_PATCH, "v4-1@x", "add widget core", 4, 1, 2, "v4-0@x", PID1, .list_id = list},
        {PATCH_KIND_PATCH, "v4-2@x", "use widgets", 4, 2, 2, "v4-0@x", PID2, .list_id = list},
        {PATCH_KIND_PATCH, "side@x", "use widgets", 4, 2, 2, "v4-0@x", PID3,
         .date = T0 + 3600},
        {PATCH_KIND_COVER, "v5-0@x", "add widgets", 5, 0, 2, .date = T0 + 86400,
         .list_id = list},
        {PATCH_KIND_PATCH, "v5-2@x", "use widgets", 5, 2, 2, "v5-0@x", PID3, .date = T0 + 86400,
         .list_id = list},
    };
    index_verdict v[6];
    record_all(f->ix, m, 6, v);
    assert_int_equal(v[5].state, PATCH_STATE_REVISION);
    assert_string_equal(v[5].prior_msgid, "v4-2@x");
    assert_int_not_equal(v[5].changed, 0);
    free_all(v, 6);
}

/* Two copies as good of the prior patch that differ: no Changed at all. */
static void disagreeing_priors_give_no_change(void **state)
{
    fixture *f = *state;
    const mail m[] = {
        {PATCH_KIND_PATCH, "p1@x", "use widgets", 1, 0, 0, NULL, PID1},
        {PATCH_KIND_PATCH, "p1-other@x", "use widgets", 1, 0, 0, "p1@x", PID2, .date = T0 + 60},
        {PATCH_KIND_PATCH, "p2@x", "use widgets", 2, 0, 0, NULL, PID2, .date = T0 + 86400},
    };
    index_verdict v[3];
    record_all(f->ix, m, 3, v);
    assert_int_equal(v[2].state, PATCH_STATE_REVISION);
    assert_int_equal(v[2].changed, -1);
    free_all(v, 3);
}

/* With a DKIM-verified domain the domain is the identity: the author's v2 from another
   address of the domain follows v1; a forged From: of the author without the
   signature does not. */
static void dkim_domain_is_the_identity(void **state)
{
    fixture *f = *state;
    const mail m[] = {
        {PATCH_KIND_PATCH, "d1@x", "widgets: core", 1, 0, 0, NULL, PID1, .dkim = "example.org"},
        {PATCH_KIND_PATCH, "forged@x", "widgets: core", 2, 0, 0, NULL, PID2,
         .date = T0 + 3600},
        {PATCH_KIND_PATCH, "d2@x", "widgets: core", 2, 0, 0, NULL, PID3,
         .from = "Alice Author <alice@work.example.org>", .author = A_FROM,
         .date = T0 + 86400, .dkim = "example.org"},
    };
    index_verdict v[3];
    record_all(f->ix, m, 3, v);
    assert_int_equal(v[1].state, PATCH_STATE_NEW);
    assert_string_not_equal(v[1].series_id, v[0].series_id);
    assert_int_equal(v[2].state, PATCH_STATE_REVISION);
    assert_string_equal(v[2].prior_msgid, "d1@x");
    assert_string_equal(v[2].series_id, v[0].series_id);
    free_all(v, 3);
}

/* A stranger naming an unknown Message-ID as its earlier version: still new. */
static void unknown_named_prior_is_no_revision(void **state)
{
    fixture *f = *state;
    const mail cover = {PATCH_KIND_COVER, "m-v2@x", "anything", 2, 0, 1, .from = M_FROM,
                        .prior = "never-seen@x"};
    index_verdict v;
    classify(f->ix, &cover, true, &v);
    assert_int_equal(v.state, PATCH_STATE_NEW);
    assert_string_equal(v.prior_msgid, "never-seen@x");
    index_verdict_free(&v);
}

static void link_to_another_authors_series_is_no_revision(void **state)
{
    fixture *f = *state;
    const mail theirs = {PATCH_KIND_COVER, "theirs@x", "ceph support", 1, 0, 3};
    const mail mine = {PATCH_KIND_COVER, "mine@x", "improve creation flow", 2, 0, 5, NULL, NULL,
                       .from = B_FROM, .date = T0 + 86400, .prior = "theirs@x"};
    index_verdict v[2];
    classify(f->ix, &theirs, true, &v[0]);
    classify(f->ix, &mine, true, &v[1]);
    assert_string_not_equal(v[1].series_id, v[0].series_id);
    assert_null(v[1].prior_msgid);
    free_all(v, 2);
}

static void unrelated_authors_stay_apart(void **state)
{
    fixture *f = *state;
    const mail a = {PATCH_KIND_PATCH, "u1@x", "fix typo", 2, 0, 0, NULL, PID1};
    const mail b = {PATCH_KIND_PATCH, "u2@x", "fix typo", 2, 0, 0, NULL, PID2, .from = B_FROM};
    const mail c = {PATCH_KIND_PATCH, "u3@x", "fix typo", 1, 0, 0, NULL, PID3,
                    .date = T0 + 3 * 365 * 86400L};
    index_verdict v[3];
    classify(f->ix, &a, true, &v[0]);
    classify(f->ix, &b, true, &v[1]);
    classify(f->ix, &c, true, &v[2]);
    assert_int_equal(v[1].state, PATCH_STATE_NEW);
    assert_string_not_equal(v[1].series_id, v[0].series_id);
    assert_int_equal(v[2].state, PATCH_STATE_NEW); /* same author, a v1 three years later */
    free_all(v, 3);
}

/* Issue 19, shape 9: a whole version posted again minutes later, without RESEND (a
   mistake in the first): each message is a resend of its first copy. */
static void version_posted_twice(void **state)
{
    fixture *f = *state;
    const mail m[] = {
        {PATCH_KIND_COVER, "t1-0@x", "fscrypt: add widgets", 1, 0, 2},
        {PATCH_KIND_PATCH, "t1-1@x", "fscrypt: add widget core", 1, 1, 2, "t1-0@x", PID1},
        {PATCH_KIND_PATCH, "t1-2@x", "fscrypt: use widgets", 1, 2, 2, "t1-0@x", PID2},
        {PATCH_KIND_COVER, "t2-0@x", "fscrypt: add widgets", 1, 0, 2, .date = T0 + 300},
        {PATCH_KIND_PATCH, "t2-1@x", "fscrypt: add widget core", 1, 1, 2, "t2-0@x", PID1,
         .date = T0 + 300},
        {PATCH_KIND_PATCH, "t2-2@x", "fscrypt: use widgets", 1, 2, 2, "t2-0@x", PID2,
         .date = T0 + 300},
    };
    index_verdict v[6];
    record_all(f->ix, m, 6, v);
    for (int i = 3; i < 6; i++) {
        assert_int_equal(v[i].state, PATCH_STATE_RESEND);
        assert_string_equal(v[i].prior_msgid, m[i - 3].msgid);
        assert_string_equal(v[i].series_id, v[0].series_id);
    }
    free_all(v, 6);
}

/* Issue 19, shape 4: two series of one sender share a patch, and merge through it. The
   v2 of one is no resend of the other's v2 posted weeks earlier: a resend is the same
   posting again (each patch in its place), not another lineage's copy of a patch. */
static void shared_patch_is_no_resend(void **state)
{
    fixture *f = *state;
    const long week = 7 * 86400L;
    const mail m[] = {
        {PATCH_KIND_COVER, "w1-0@x", "widgets", 1, 0, 2},
        {PATCH_KIND_PATCH, "w1-1@x", "common: add helper", 1, 1, 2, "w1-0@x", PID1},
        {PATCH_KIND_PATCH, "w1-2@x", "widgets: core", 1, 2, 2, "w1-0@x", PID2},
        {PATCH_KIND_COVER, "w2-0@x", "widgets", 2, 0, 2, .date = T0 + week, .prior = "w1-0@x"},
        {PATCH_KIND_PATCH, "w2-1@x", "common: add helper", 2, 1, 2, "w2-0@x", PID1,
         .date = T0 + week},
        {PATCH_KIND_PATCH, "w2-2@x", "widgets: core", 2, 2, 2, "w2-0@x", PID3,
         .date = T0 + week},
        {PATCH_KIND_COVER, "g1-0@x", "gadgets", 1, 0, 3, .date = T0 + 2 * week},
        {PATCH_KIND_PATCH, "g1-1@x", "common: add helper", 1, 1, 3, "g1-0@x", PID1,
         .date = T0 + 2 * week},
        {PATCH_KIND_PATCH, "g1-2@x", "gadgets: one", 1, 2, 3, "g1-0@x", PID2,
         .date = T0 + 2 * week},
        {PATCH_KIND_PATCH, "g1-3@x", "gadgets: two", 1, 3, 3, "g1-0@x", PID3,
         .date = T0 + 2 * week},
        {PATCH_KIND_COVER, "g2-0@x", "gadgets", 2, 0, 3, .date = T0 + 5 * week,
         .prior = "g1-0@x"},
        {PATCH_KIND_PATCH, "g2-1@x", "common: add helper", 2, 1, 3, "g2-0@x", PID1,
         .date = T0 + 5 * week},
    };
    index_verdict v[12];
    record_all(f->ix, m, 12, v);
    assert_int_equal(v[11].state, PATCH_STATE_REVISION);
    assert_string_equal(v[11].prior_msgid, "g1-1@x");
    assert_int_equal(v[11].prior_version, 1);
    free_all(v, 12);
}

/* Issue 19, shape 7: a series taken over by another sender, whose cover keeps the title
   and names the original author's v1 as its earlier version, continues it when DKIM
   verified the new sender's domain and that domain is the original author's too (a
   colleague). Without DKIM, or verified for another domain, anyone could steer the
   original's series id: such a cover starts a series of its own (a link to another
   title stays no revision: link_to_another_authors_series_is_no_revision). */
static void taken_over_series(void **state)
{
    fixture *f = *state;
    const long day = 86400;
    const mail unverified[] = {
        {PATCH_KIND_COVER, "m2-0@x", "fscrypt: add widgets", 2, 0, 2, .from = B_FROM,
         .date = T0 + 20 * day, .prior = "v1-0@x"},
        {PATCH_KIND_PATCH, "m2-1@x", "fscrypt: add widget core", 2, 1, 2, "m2-0@x", PID1,
         .from = B_FROM, .date = T0 + 20 * day},
        {PATCH_KIND_COVER, "e2-0@x", "fscrypt: add widgets", 2, 0, 2, .from = M_FROM,
         .date = T0 + 21 * day, .prior = "v1-0@x", .dkim = "example.net"},
    };
    const mail bob[] = {
        {PATCH_KIND_COVER, "b2-0@x", "fscrypt: add widgets", 2, 0, 2, .from = B_FROM,
         .date = T0 + 30 * day, .prior = "v1-0@x", .dkim = "example.org"},
        {PATCH_KIND_PATCH, "b2-1@x", "fscrypt: add widget core", 2, 1, 2, "b2-0@x", PID1,
         .from = B_FROM, .date = T0 + 30 * day, .dkim = "example.org"},
    };
    index_verdict a[3], u[3], b[2];
    record_all(f->ix, v1, 3, a);
    record_all(f->ix, unverified, 3, u);
    for (int i = 0; i < 3; i++) {
        assert_int_equal(u[i].state, PATCH_STATE_NEW);
        assert_null(u[i].prior_msgid);
        assert_string_not_equal(u[i].series_id, a[0].series_id);
    }
    record_all(f->ix, bob, 2, b);
    assert_int_equal(b[0].state, PATCH_STATE_REVISION);
    assert_string_equal(b[0].prior_msgid, "v1-0@x");
    assert_string_equal(b[0].series_id, a[0].series_id);
    assert_int_equal(b[1].state, PATCH_STATE_REVISION);
    assert_string_equal(b[1].prior_msgid, "v1-1@x");
    assert_int_equal(b[1].changed, 0);
    free_all(a, 3);
    free_all(u, 3);
    free_all(b, 2);
}

/* Issue 19, shape 7, a single patch: a [PATCH v2] without cover, retitled and changed,
   names its v1 in its notes ("v1: <link>", or a block under a line naming v1): that v1
   is its prior. A stranger's patch naming it gets nothing of the series. */
static void single_patch_names_its_v1(void **state)
{
    fixture *f = *state;
    const long day = 86400;
    const mail m[] = {
        {PATCH_KIND_PATCH, "p1@x", "fscrypt: fix widget leak", 1, .patch_id = PID1},
        {PATCH_KIND_PATCH, "p2@x", "fscrypt: free the widget on the error path", 2,
         .patch_id = PID2, .date = T0 + 7 * day, .prior = "p1@x"},
        {PATCH_KIND_PATCH, "e2@x", "fscrypt: free widgets on error", 3, .patch_id = PID3,
         .from = M_FROM, .date = T0 + 8 * day, .prior = "p1@x"},
    };
    index_verdict v[3];
    record_all(f->ix, m, 3, v);
    assert_int_equal(v[1].state, PATCH_STATE_REVISION);
    assert_string_equal(v[1].series_id, v[0].series_id);
    assert_non_null(v[1].prior_msgid);
    assert_string_equal(v[1].prior_msgid, "p1@x");
    assert_int_equal(v[1].prior_version, 1);
    assert_int_equal(v[1].changed, 1);
    assert_int_equal(v[2].state, PATCH_STATE_NEW);
    assert_null(v[2].prior_msgid);
    assert_string_not_equal(v[2].series_id, v[0].series_id);
    free_all(v, 3);
}

/* Issue 19, shape 1, newest first (an archive imported in another order): v3 and v2
   recorded before v1, the patch v2 dropped still links to v1's copy, and the patches v2
   kept to v2 (v1 coming last must not take them). */
static void dropped_patch_links_further_down_newest_first(void **state)
{
    fixture *f = *state;
    const long day = 86400;
    const mail m[] = {
        {PATCH_KIND_COVER, "w3-0@x", "widgets", 3, 0, 3, NULL, NULL, .date = T0 + 14 * day,
         .prior = "w2-0@x"},
        {PATCH_KIND_PATCH, "w3-1@x", "widgets: core", 3, 1, 3, "w3-0@x", PID1,
         .date = T0 + 14 * day},
        {PATCH_KIND_PATCH, "w3-2@x", "widgets: sysfs knob", 3, 2, 3, "w3-0@x",
         "4444444444444444444444444444444444444444", .date = T0 + 14 * day},
        {PATCH_KIND_PATCH, "w3-3@x", "widgets: docs", 3, 3, 3, "w3-0@x", PID3,
         .date = T0 + 14 * day},
        {PATCH_KIND_COVER, "w2-0@x", "widgets", 2, 0, 2, NULL, NULL, .date = T0 + 7 * day},
        {PATCH_KIND_PATCH, "w2-1@x", "widgets: core", 2, 1, 2, "w2-0@x", PID1,
         .date = T0 + 7 * day},
        {PATCH_KIND_PATCH, "w2-2@x", "widgets: docs", 2, 2, 2, "w2-0@x", PID3,
         .date = T0 + 7 * day},
        {PATCH_KIND_COVER, "w1-0@x", "widgets", 1, 0, 3, NULL, NULL},
        {PATCH_KIND_PATCH, "w1-1@x", "widgets: core", 1, 1, 3, "w1-0@x", PID1},
        {PATCH_KIND_PATCH, "w1-2@x", "widgets: sysfs knob", 1, 2, 3, "w1-0@x", PID2},
        {PATCH_KIND_PATCH, "w1-3@x", "widgets: docs", 1, 3, 3, "w1-0@x", PID3},
    };
    index_verdict v[11];
    record_all(f->ix, m, 11, v);
    free_all(v, 11);
    const char *expect[][2] = {{"w3-1@x", "w2-1@x"}, {"w3-2@x", "w1-2@x"},
                               {"w3-3@x", "w2-2@x"}, {"w2-1@x", "w1-1@x"},
                               {"w2-2@x", "w1-3@x"}};
    for (size_t i = 0; i < 5; i++) {
        index_record r;
        strbuf err = STRBUF_INIT;
        assert_int_equal(pm_index_recorded(f->ix, expect[i][0], &r, &err), 1);
        if (!r.prior_msgid || strcmp(r.prior_msgid, expect[i][1]))
            fail_msg("%s: prior %s, expected %s", expect[i][0],
                     r.prior_msgid ? r.prior_msgid : "(none)", expect[i][1]);
        index_record_free(&r);
        sb_free(&err);
    }
}

/* Issue 19, shape 3, newest first: the retitled v2 recorded before v1. Each v1 patch,
   coming, gives its v2 counterpart its prior: by the same title, else the retitled v2
   patch without prior whose siblings have their priors in v1's posting and whose title
   is close, when one stands out ("make probe() return void" stays without: v2 keeps
   "make probe() more robust" under its title). */
static void retitled_patch_pairs_newest_first(void **state)
{
    fixture *f = *state;
    const long day = 86400;
    const mail m[] = {
        {PATCH_KIND_COVER, "r2-0@x", "widgets", 2, 0, 5, NULL, NULL, .date = T0 + 7 * day},
        {PATCH_KIND_PATCH, "r2-1@x", "widgets: core", 2, 1, 5, "r2-0@x", PID1,
         .date = T0 + 7 * day},
        {PATCH_KIND_PATCH, "r2-2@x", "widgets: add support for foo", 2, 2, 5, "r2-0@x",
         "6666666666666666666666666666666666666666", .date = T0 + 7 * day},
        {PATCH_KIND_PATCH, "r2-3@x", "widgets: probe the bus", 2, 3, 5, "r2-0@x",
         "7777777777777777777777777777777777777777", .date = T0 + 7 * day},
        {PATCH_KIND_PATCH, "r2-4@x", "widgets: make probe() return void", 2, 4, 5, "r2-0@x",
         "8888888888888888888888888888888888888888", .date = T0 + 7 * day},
        {PATCH_KIND_PATCH, "r2-5@x", "widgets: make probe() more robust", 2, 5, 5, "r2-0@x",
         "9999999999999999999999999999999999999999", .date = T0 + 7 * day},
        {PATCH_KIND_COVER, "r1-0@x", "widgets", 1, 0, 4, NULL, NULL},
        {PATCH_KIND_PATCH, "r1-1@x", "widgets: core", 1, 1, 4, "r1-0@x", PID1},
        {PATCH_KIND_PATCH, "r1-2@x", "widgets: add support foo", 1, 2, 4, "r1-0@x", PID2},
        {PATCH_KIND_PATCH, "r1-3@x", "wdg: probe the bus", 1, 3, 4, "r1-0@x", PID3},
        {PATCH_KIND_PATCH, "r1-4@x", "widgets: make probe() more robust", 1, 4, 4, "r1-0@x",
         "5555555555555555555555555555555555555555"},
    };
    index_verdict v[11];
    record_all(f->ix, m, 11, v);
    free_all(v, 11);
    const char *expect[][2] = {{"r2-0@x", "r1-0@x"}, {"r2-1@x", "r1-1@x"},
                               {"r2-2@x", "r1-2@x"}, {"r2-3@x", "r1-3@x"},
                               {"r2-4@x", NULL},     {"r2-5@x", "r1-4@x"}};
    for (size_t i = 0; i < 6; i++) {
        index_record r;
        strbuf err = STRBUF_INIT;
        assert_int_equal(pm_index_recorded(f->ix, expect[i][0], &r, &err), 1);
        const char *want = expect[i][1] ? expect[i][1] : "(none)";
        const char *got = r.prior_msgid ? r.prior_msgid : "(none)";
        if (strcmp(got, want))
            fail_msg("%s: prior %s, expected %s", expect[i][0], got, want);
        index_record_free(&r);
        sb_free(&err);
    }
}

/* Issue 19, shape 10: every version sent as "[PATCH k/N] ...", the version only at the
   end of the cover's subject: the patches answering the cover take its version, and v2
   links to v1. */
static void patches_take_their_covers_version(void **state)
{
    fixture *f = *state;
    const long day = 86400;
    const mail m[] = {
        {PATCH_KIND_COVER, "h1-0@x", "move foo above the block layer", 1, .unversioned = true},
        {PATCH_KIND_PATCH, "h1-1@x", "block: add foo hook", 1, 1, 2, "h1-0@x", PID1,
         .unversioned = true},
        {PATCH_KIND_PATCH, "h1-2@x", "block: move foo", 1, 2, 2, "h1-0@x", PID2,
         .unversioned = true},
        {PATCH_KIND_COVER, "h2-0@x", "move foo above the block layer", 2, .date = T0 + 9 * day},
        {PATCH_KIND_PATCH, "h2-1@x", "block: add foo hook", 1, 1, 2, "h2-0@x", PID1,
         .unversioned = true, .date = T0 + 9 * day},
        {PATCH_KIND_PATCH, "h2-2@x", "block: move foo", 1, 2, 2, "h2-0@x", PID3,
         .unversioned = true, .date = T0 + 9 * day},
    };
    index_verdict v[6];
    record_all(f->ix, m, 6, v);
    for (int i = 3; i < 6; i++) {
        assert_int_equal(v[i].version, 2);
        assert_int_equal(v[i].state, PATCH_STATE_REVISION);
        assert_string_equal(v[i].prior_msgid, m[i - 3].msgid);
        assert_string_equal(v[i].series_id, v[0].series_id);
    }
    assert_int_equal(v[4].changed, 0);
    assert_int_equal(v[5].changed, 1);
    free_all(v, 6);
}

/* Issue 19, shape 10, the v1 cover that states no version: it is no patch mail (never
   recorded), but v1's patches answer it as their thread root; once v2's patches link to
   v1's, v2's cover, recorded first without prior, gets that root as its prior. That
   prior, in no posting the index holds, does not keep v2's retitled patch 2 from
   pairing with v1's (shape 3: most siblings with a prior have it in v1's posting). */
static void unrecorded_v1_cover_is_v2_covers_prior(void **state)
{
    fixture *f = *state;
    const long day = 86400;
    const mail m[] = {
        {PATCH_KIND_PATCH, "h1-1@x", "block: add foo hook", 1, 1, 2, "h1-0@x", PID1,
         .unversioned = true},
        {PATCH_KIND_PATCH, "h1-2@x", "block: move foo", 1, 2, 2, "h1-0@x", PID2,
         .unversioned = true},
        {PATCH_KIND_COVER, "h2-0@x", "move foo above the block layer", 2, .date = T0 + 9 * day},
        {PATCH_KIND_PATCH, "h2-1@x", "block: add foo hook", 1, 1, 2, "h2-0@x", PID1,
         .unversioned = true, .date = T0 + 9 * day},
        {PATCH_KIND_PATCH, "h2-2@x", "block: move the foo", 1, 2, 2, "h2-0@x", PID3,
         .unversioned = true, .date = T0 + 9 * day},
    };
    index_verdict v[5];
    record_all(f->ix, m, 5, v);
    assert_null(v[2].prior_msgid); /* the cover came first */
    assert_string_equal(v[3].prior_msgid, "h1-1@x");
    assert_non_null(v[4].prior_msgid);
    assert_string_equal(v[4].prior_msgid, "h1-2@x");
    index_record r;
    strbuf err = STRBUF_INIT;
    assert_int_equal(pm_index_recorded(f->ix, "h2-0@x", &r, &err), 1);
    assert_non_null(r.prior_msgid);
    assert_string_equal(r.prior_msgid, "h1-0@x");
    assert_int_equal(r.prior_version, 1);
    assert_string_equal(r.series_id, v[0].series_id);
    index_record_free(&r);
    sb_free(&err);
    free_all(v, 5);
}

/* The prior of msgid as recorded now ("(none)" when it has none). */
static void assert_recorded_prior(pm_index *ix, const char *msgid, const char *want)
{
    index_record r;
    strbuf err = STRBUF_INIT;
    assert_int_equal(pm_index_recorded(ix, msgid, &r, &err), 1);
    const char *got = r.prior_msgid ? r.prior_msgid : "(none)";
    if (strcmp(got, want))
        fail_msg("%s: prior %s, expected %s", msgid, got, want);
    index_record_free(&r);
    sb_free(&err);
}

/* The recorded verdict of msgid: its version, state, prior ("(none)") and changed. */
static void assert_recorded(pm_index *ix, const char *msgid, int version, patch_state state,
                            const char *prior, int changed)
{
    index_record r;
    strbuf err = STRBUF_INIT;
    assert_int_equal(pm_index_recorded(ix, msgid, &r, &err), 1);
    const char *got = r.prior_msgid ? r.prior_msgid : "(none)";
    if (r.version != version || r.state != state || strcmp(got, prior) || r.changed != changed)
        fail_msg("%s: v%d %s %s %d, expected v%d %s %s %d", msgid, r.version,
                 patch_state_name(r.state), got, r.changed, version, patch_state_name(state),
                 prior, changed);
    index_record_free(&r);
    sb_free(&err);
}

/* Issue 19, shape 10 out of order: v2's patches, which name no version, recorded
   before the cover that states it (mail that arrived out of order) take the cover's
   version and posting and are linked to v1 as they are in order; a v1 patch of the
   same sender answering another root keeps its version. */
static void cover_version_reaches_patches_recorded_before_it(void **state)
{
    fixture *f = *state;
    const long day = 86400;
    const mail m[] = {
        {PATCH_KIND_COVER, "o1-0@x", "foo: move bar", 1, 0, 2, .unversioned = true},
        {PATCH_KIND_PATCH, "o1-1@x", "foo: add bar hook", 1, 1, 2, "o1-0@x", PID1,
         .unversioned = true},
        {PATCH_KIND_PATCH, "o1-2@x", "foo: move bar", 1, 2, 2, "o1-0@x", PID2,
         .unversioned = true},
        {PATCH_KIND_PATCH, "o2-2@x", "foo: move bar", 1, 2, 2, "o2-0@x", PID3,
         .unversioned = true, .date = T0 + 7 * day},
        {PATCH_KIND_PATCH, "o2-1@x", "foo: add bar hook", 1, 1, 2, "o2-0@x", PID1,
         .unversioned = true, .date = T0 + 7 * day},
        {PATCH_KIND_COVER, "o2-0@x", "foo: move bar", 2, 0, 2, .date = T0 + 7 * day},
    };
    index_verdict v[6];
    record_all(f->ix, m, 6, v);
    assert_int_equal(v[5].version, 2);
    assert_recorded(f->ix, "o2-1@x", 2, PATCH_STATE_REVISION, "o1-1@x", 0);
    assert_recorded(f->ix, "o2-2@x", 2, PATCH_STATE_REVISION, "o1-2@x", 1);
    assert_recorded(f->ix, "o1-1@x", 1, PATCH_STATE_NEW, "(none)", -1);
    index_record c, p;
    strbuf err = STRBUF_INIT;
    assert_int_equal(pm_index_recorded(f->ix, "o2-0@x", &c, &err), 1);
    assert_int_equal(pm_index_recorded(f->ix, "o2-2@x", &p, &err), 1);
    assert_string_equal(p.posting, c.posting);
    assert_string_equal(p.series_id, c.series_id);
    assert_string_equal(p.series_id, v[0].series_id);
    index_record_free(&c);
    index_record_free(&p);
    sb_free(&err);
    free_all(v, 6);
}

/* Issue 19, shape 10 in a posting that continues two series (merged through a shared
   patch): v2's cover takes the root of the v1 posting that holds the priors of most of
   its patches, and moves to the other root once more of them are under it. */
static void unrecorded_v1_cover_by_most_patches(void **state)
{
    fixture *f = *state;
    const long day = 86400, week = 7 * day;
    const mail m[] = {
        {PATCH_KIND_PATCH, "a1-1@x", "common: helper", 1, 1, 4, "a1-0@x", PID1},
        {PATCH_KIND_PATCH, "a1-2@x", "a: one", 1, 2, 4, "a1-0@x", PID2},
        {PATCH_KIND_PATCH, "a1-3@x", "a: two", 1, 3, 4, "a1-0@x", PID3},
        {PATCH_KIND_PATCH, "a1-4@x", "a: three", 1, 4, 4, "a1-0@x",
         "4444444444444444444444444444444444444444"},
        {PATCH_KIND_PATCH, "b1-1@x", "common: helper", 1, 1, 2, "b1-0@x", PID1, .date = T0 + day},
        {PATCH_KIND_PATCH, "b1-2@x", "b: other", 1, 2, 2, "b1-0@x",
         "5555555555555555555555555555555555555555", .date = T0 + day},
        {PATCH_KIND_COVER, "c2-0@x", "a and b", 2, .date = T0 + week},
        {PATCH_KIND_PATCH, "c2-1@x", "common: helper", 2, 1, 5, "c2-0@x", PID1, .date = T0 + week},
        {PATCH_KIND_PATCH, "c2-2@x", "b: other", 2, 2, 5, "c2-0@x",
         "6666666666666666666666666666666666666666", .date = T0 + week},
        {PATCH_KIND_PATCH, "c2-3@x", "a: one", 2, 3, 5, "c2-0@x",
         "7777777777777777777777777777777777777777", .date = T0 + week},
        {PATCH_KIND_PATCH, "c2-4@x", "a: two", 2, 4, 5, "c2-0@x",
         "8888888888888888888888888888888888888888", .date = T0 + week},
        {PATCH_KIND_PATCH, "c2-5@x", "a: three", 2, 5, 5, "c2-0@x",
         "9999999999999999999999999999999999999999", .date = T0 + week},
    };
    index_verdict v[12];
    record_all(f->ix, m, 11, v);
    assert_string_equal(v[4].series_id, v[0].series_id); /* merged by the shared patch */
    assert_string_equal(v[7].prior_msgid, "b1-1@x");
    assert_string_equal(v[9].prior_msgid, "a1-2@x");
    assert_recorded_prior(f->ix, "c2-0@x", "b1-0@x"); /* two under b1-0, two under a1-0 */
    record_all(f->ix, m + 11, 1, v + 11);
    assert_string_equal(v[11].prior_msgid, "a1-4@x");
    assert_recorded_prior(f->ix, "c2-0@x", "a1-0@x");
    free_all(v, 12);
}

/* Issue 19, shape 5: the same person under two spellings. People are compared by
   address, never by display name. */
static void same_person_two_spellings(void **state)
{
    fixture *f = *state;
    const mail m[] = {
        {PATCH_KIND_PATCH, "s1@x", "fscrypt: fix widget", 1, .patch_id = PID1,
         .from = "Jane doe <jane@example.org>"},
        {PATCH_KIND_PATCH, "s2@x", "fscrypt: fix widget", 2, .patch_id = PID2,
         .from = "Jane Doe <Jane@Example.org>", .date = T0 + 86400},
    };
    index_verdict v[2];
    record_all(f->ix, m, 2, v);
    assert_int_equal(v[1].state, PATCH_STATE_REVISION);
    assert_string_equal(v[1].prior_msgid, "s1@x");
    assert_string_equal(v[1].series_id, v[0].series_id);
    free_all(v, 2);
}

/* Issue 19, shape 6: a v2 more than a year after its v1, not threaded to it and naming
   no link, is still its revision (the one-year window on author and title is for
   messages that name no version of 2 or more). */
static void late_v2_links_its_v1(void **state)
{
    fixture *f = *state;
    const long later = T0 + 400 * 86400L;
    const mail m[] = {
        {PATCH_KIND_COVER, "l1-0@x", "ext4: encrypt widgets", 1, 0, 1},
        {PATCH_KIND_PATCH, "l1-1@x", "ext4: encrypt widget", 1, 1, 1, "l1-0@x", PID1},
        {PATCH_KIND_COVER, "l2-0@x", "ext4: encrypt widgets", 2, 0, 1, .date = later},
        {PATCH_KIND_PATCH, "l2-1@x", "ext4: encrypt widget", 2, 1, 1, "l2-0@x", PID2,
         .date = later + 10},
    };
    index_verdict v[4];
    record_all(f->ix, m, 4, v);
    assert_int_equal(v[2].state, PATCH_STATE_REVISION);
    assert_string_equal(v[2].prior_msgid, "l1-0@x");
    assert_int_equal(v[3].state, PATCH_STATE_REVISION);
    assert_string_equal(v[3].prior_msgid, "l1-1@x");
    assert_string_equal(v[3].series_id, v[0].series_id);
    free_all(v, 4);
}

static void unthreaded_posting_grouped(void **state)
{
    fixture *f = *state;
    /* a v2 whose patches are not threaded and whose titles all changed */
    const mail m[] = {
        {PATCH_KIND_PATCH, "n1-1@x", "first", 1, 1, 2, NULL, PID1},
        {PATCH_KIND_PATCH, "n1-2@x", "second", 1, 2, 2, NULL, PID2, .date = T0 + 60},
        {PATCH_KIND_PATCH, "n2-1@x", "first", 2, 1, 2, NULL, PID3, .date = T0 + 86400},
        {PATCH_KIND_PATCH, "n2-2@x", "second, renamed", 2, 2, 2, NULL,
         "4444444444444444444444444444444444444444", .date = T0 + 86400 + 30},
    };
    index_verdict v[4];
    record_all(f->ix, m, 4, v);
    assert_string_equal(v[1].series_id, v[0].series_id);
    assert_string_equal(v[3].series_id, v[0].series_id);
    assert_int_equal(v[3].state, PATCH_STATE_REVISION);
    assert_int_equal(v[3].prior_version, 1);
    assert_null(v[3].prior_msgid); /* never by position alone */
    free_all(v, 4);
}

static void not_patch_mail_is_ignored(void **state)
{
    fixture *f = *state;
    const mail reply = {PATCH_KIND_REPLY, "r@x", "Re: fix", 1, 0, 0, "v1-1@x"};
    index_verdict v;
    classify(f->ix, &reply, true, &v);
    assert_int_equal(v.state, PATCH_STATE_NONE);
    assert_null(v.series_id);
    strbuf err = STRBUF_INIT;
    assert_int_equal(pm_index_count(f->ix, &err), 0);
    sb_free(&err);
}

static void batch_and_reopen(void **state)
{
    fixture *f = *state;
    strbuf err = STRBUF_INIT;
    index_verdict v[3];
    assert_int_equal(pm_index_begin(f->ix, &err), 0);
    record_all(f->ix, v1, 3, v);
    assert_int_equal(pm_index_commit(f->ix, &err), 0);
    free_all(v, 3);
    pm_index_close(f->ix);
    assert_int_equal(pm_index_open(f->path, &f->ix, &err), 0); /* schema already current */
    assert_int_equal(pm_index_count(f->ix, &err), 3);
    sb_free(&err);
}

typedef struct worker {
    pm_index *ix;     /* shared, or NULL: open its own connection to path */
    const char *path;
    int id;
    int failures;
} worker;

#define PER_THREAD 150

static void *record_many(void *arg)
{
    worker *w = arg;
    strbuf err = STRBUF_INIT;
    pm_index *own = NULL;
    pm_index *ix = w->ix;
    if (!ix && pm_index_open(w->path, &own, &err) < 0) {
        w->failures++;
        sb_free(&err);
        return NULL;
    }
    if (own)
        ix = own;
    for (int i = 0; i < PER_THREAD; i++) {
        char msgid[64], title[64];
        snprintf(msgid, sizeof msgid, "t%d-%d@x", w->id, i);
        snprintf(title, sizeof title, "thread %d patch %d", w->id, i);
        patch_facts pf = {.kind = PATCH_KIND_PATCH, .message_id = msgid, .subject_text = title,
                          .subject = {.patch = true, .version = 1, .title = title},
                          .from = A_FROM, .date = T0 + i};
        index_verdict v;
        if (pm_index_classify(ix, &pf, true, &v, &err) < 0 || v.state != PATCH_STATE_NEW) {
            fprintf(stderr, "thread %d, message %d: %s (state %d)\n", w->id, i,
                    err.len ? err.data : "no error", v.state);
            w->failures++;
        }
        index_verdict_free(&v);
    }
    pm_index_close(own);
    sb_free(&err);
    return NULL;
}

static void threads_record_together(void **state)
{
    fixture *f = *state;
    enum { N = 4 };
    pthread_t t[N];
    worker w[N];
    for (int i = 0; i < N; i++) {
        /* three threads share the milter's pm_index, one is an import beside it */
        w[i] = (worker){.ix = i < N - 1 ? f->ix : NULL, .path = f->path, .id = i};
        assert_int_equal(pthread_create(&t[i], NULL, record_many, &w[i]), 0);
    }
    for (int i = 0; i < N; i++)
        pthread_join(t[i], NULL); /* all of them, before any assertion can return */
    for (int i = 0; i < N; i++)
        assert_int_equal(w[i].failures, 0);
    strbuf err = STRBUF_INIT;
    assert_int_equal(pm_index_count(f->ix, &err), N * PER_THREAD);
    sb_free(&err);
}

static void newer_schema_is_refused(void **state)
{
    fixture *f = *state;
    if (!strncmp(f->path, "postgresql:", 11))
        skip(); /* the test edits the SQLite file itself */
    pm_index_close(f->ix);
    f->ix = NULL;
    sqlite3 *db;
    assert_int_equal(sqlite3_open(f->path, &db), SQLITE_OK);
    assert_int_equal(sqlite3_exec(db, "UPDATE schema_version SET version = 1000", NULL, NULL, NULL),
                     SQLITE_OK);
    sqlite3_close(db);
    strbuf err = STRBUF_INIT;
    assert_int_equal(pm_index_open(f->path, &f->ix, &err), -1);
    assert_non_null(strstr(err.data, "newer than this program"));
    sb_free(&err);
}

/* Two hosts: each its own pm_index on the same index, recording halves of the same
   series at once (cover and patches alternate between them) and each a copy of the
   same cross-posted message. */
#define RACE_SERIES 12
#define RACE_PARTS 6

typedef struct host {
    const char *path;
    int id; /* 0 or 1 */
    index_verdict shared[RACE_SERIES]; /* verdicts for the cross-posted messages */
    int failures;
} host;

static void race_mail(int series, int part, mail *m, char *msgid, char *cover, char *title,
                      char *from)
{
    sprintf(msgid, "race-%d-%d@x", series, part);
    sprintf(cover, "race-%d-0@x", series);
    sprintf(title, "race %d part %d", series, part);
    sprintf(from, "Racer %d <racer%d@example.org>", series, series);
    *m = (mail){part ? PATCH_KIND_PATCH : PATCH_KIND_COVER, msgid, title, 1, part,
                RACE_PARTS - 1, part ? cover : NULL, NULL, .from = from};
}

static void *host_records(void *arg)
{
    host *h = arg;
    strbuf err = STRBUF_INIT;
    pm_index *ix;
    if (pm_index_open(h->path, &ix, &err) < 0) {
        fprintf(stderr, "host %d: %s\n", h->id, err.data);
        h->failures++;
        sb_free(&err);
        return NULL;
    }
    for (int s = 0; s < RACE_SERIES; s++) {
        for (int part = h->id; part < RACE_PARTS; part += 2) {
            char msgid[64], cover[64], title[64], from[64], *refs[1], *prior[1];
            mail m;
            race_mail(s, part, &m, msgid, cover, title, from);
            patch_facts pf;
            facts_of(&m, &pf, refs, prior);
            index_verdict v;
            if (pm_index_classify(ix, &pf, true, &v, &err) < 0) {
                fprintf(stderr, "host %d: %s\n", h->id, err.data);
                h->failures++;
            }
            index_verdict_free(&v);
        }
        mail cross = {PATCH_KIND_PATCH, NULL, "cross-posted fix", 1, 0, 0, NULL, PID1,
                      .from = B_FROM};
        char msgid[64], *refs[1], *prior[1];
        sprintf(msgid, "cross-%d@x", s);
        cross.msgid = msgid;
        patch_facts pf;
        facts_of(&cross, &pf, refs, prior);
        if (pm_index_classify(ix, &pf, true, &h->shared[s], &err) < 0) {
            fprintf(stderr, "host %d: %s\n", h->id, err.data);
            h->failures++;
        }
    }
    pm_index_close(ix);
    sb_free(&err);
    return NULL;
}

static void two_hosts_record_one_series(void **state)
{
    fixture *f = *state;
    pthread_t t[2];
    host h[2];
    for (int i = 0; i < 2; i++) {
        h[i] = (host){.path = f->path, .id = i};
        assert_int_equal(pthread_create(&t[i], NULL, host_records, &h[i]), 0);
    }
    for (int i = 0; i < 2; i++) {
        pthread_join(t[i], NULL);
        assert_int_equal(h[i].failures, 0);
    }
    strbuf err = STRBUF_INIT;
    assert_int_equal(pm_index_count(f->ix, &err), RACE_SERIES * (RACE_PARTS + 1));
    sb_free(&err);
    for (int s = 0; s < RACE_SERIES; s++) {
        /* one copy recorded, the other one told it is a duplicate */
        int dups = (h[0].shared[s].state == PATCH_STATE_DUPLICATE) +
                   (h[1].shared[s].state == PATCH_STATE_DUPLICATE);
        assert_int_equal(dups, 1);
        assert_string_equal(h[0].shared[s].series_id, h[1].shared[s].series_id);
        /* every message of the series, from either host, in one series */
        index_verdict v[RACE_PARTS];
        for (int part = 0; part < RACE_PARTS; part++) {
            char msgid[64], cover[64], title[64], from[64];
            mail m;
            race_mail(s, part, &m, msgid, cover, title, from);
            classify(f->ix, &m, false, &v[part]);
            assert_int_equal(v[part].state, PATCH_STATE_DUPLICATE);
            assert_string_equal(v[part].series_id, v[0].series_id);
        }
        free_all(v, RACE_PARTS);
    }
    for (int i = 0; i < 2; i++)
        free_all(h[i].shared, RACE_SERIES);
}

/* Hosts starting at once on an index nobody created yet: one schema, every host in. */
typedef struct starter {
    const char *path;
    int id;
    int failures;
} starter;

static void *start_and_record(void *arg)
{
    starter *st = arg;
    strbuf err = STRBUF_INIT;
    pm_index *ix;
    if (pm_index_open(st->path, &ix, &err) < 0) {
        fprintf(stderr, "host %d: %s\n", st->id, err.data);
        st->failures++;
        sb_free(&err);
        return NULL;
    }
    char msgid[32], title[32], *refs[1], *prior[1];
    sprintf(msgid, "start-%d@x", st->id);
    sprintf(title, "start %d", st->id);
    mail m = {PATCH_KIND_PATCH, msgid, title, 1, 0, 0, NULL, NULL};
    patch_facts pf;
    facts_of(&m, &pf, refs, prior);
    index_verdict v;
    if (pm_index_classify(ix, &pf, true, &v, &err) < 0) {
        fprintf(stderr, "host %d: %s\n", st->id, err.data);
        st->failures++;
    }
    index_verdict_free(&v);
    pm_index_close(ix);
    sb_free(&err);
    return NULL;
}

static void hosts_create_the_schema_at_once(void **state)
{
    fixture *f = *state;
    pm_index_close(f->ix);
    f->ix = NULL;
    const char *pg = test_pg_uri();
    if (pg) {
        assert_int_equal(drop_pg_tables(pg), 0);
    } else {
        assert_int_equal(unlink(f->path), 0);
        char side[600];
        snprintf(side, sizeof side, "%s-wal", f->path);
        unlink(side);
        snprintf(side, sizeof side, "%s-shm", f->path);
        unlink(side);
    }
    enum { N = 4 };
    pthread_t t[N];
    starter st[N];
    for (int i = 0; i < N; i++) {
        st[i] = (starter){.path = f->path, .id = i};
        assert_int_equal(pthread_create(&t[i], NULL, start_and_record, &st[i]), 0);
    }
    for (int i = 0; i < N; i++) {
        pthread_join(t[i], NULL);
        assert_int_equal(st[i].failures, 0);
    }
    strbuf err = STRBUF_INIT;
    assert_int_equal(pm_index_open(f->path, &f->ix, &err), 0);
    assert_int_equal(pm_index_count(f->ix, &err), N);
    sb_free(&err);
}

typedef struct status_log {
    int down, up;
    char why[512];
} status_log;

static void note_status(void *arg, bool down, const char *why)
{
    status_log *log = arg;
    if (down)
        log->down++;
    else
        log->up++;
    snprintf(log->why, sizeof log->why, "%s", why);
}

/* A PostgreSQL index whose server is away: open works, each classification fails,
   the outage is reported once, and the password never shows. */
static void unreachable_server(void **state)
{
    (void)state;
    pm_index *ix = NULL;
    strbuf err = STRBUF_INIT;
    assert_int_equal(
        pm_index_open("postgresql://pm:s3cret@/pm?host=/nonexistent-dir&connect_timeout=1", &ix,
                      &err),
        0);
    status_log log = {0};
    pm_index_on_status(ix, note_status, &log);
    index_verdict v;
    for (int i = 0; i < 3; i++) {
        patch_facts pf;
        char *refs[1], *prior[1];
        facts_of(&v1[0], &pf, refs, prior);
        assert_int_equal(pm_index_classify(ix, &pf, true, &v, &err), -1);
        assert_non_null(strstr(err.data, "unreachable"));
        assert_null(strstr(err.data, "s3cret"));
    }
    assert_int_equal(log.down, 1);
    assert_int_equal(log.up, 0);
    assert_non_null(strstr(log.why, "postgresql://pm@/pm"));
    assert_null(strstr(log.why, "s3cret"));
    pm_index_close(ix);
    assert_int_equal(pm_index_open("postgresql://[::1", &ix, &err), -1);
    assert_null(ix);
    sb_free(&err);
}

static void open_fails_cleanly(void **state)
{
    (void)state;
    pm_index *ix = NULL;
    strbuf err = STRBUF_INIT;
    assert_int_equal(pm_index_open("/nonexistent-dir/x/index.sqlite", &ix, &err), -1);
    assert_null(ix);
    assert_non_null(strstr(err.data, "index"));
    sb_free(&err);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        INDEX_TEST(revision_in_order),
        INDEX_TEST(revision_before_its_prior),
        INDEX_TEST(patches_before_cover),
        INDEX_TEST(interleaved_orders),
        INDEX_TEST(duplicate_and_resend),
        INDEX_TEST(no_message_id_no_series_of_its_own),
        INDEX_TEST(flood_of_copies_is_bounded),
        INDEX_TEST(resend_into_own_thread),
        INDEX_TEST(prior_is_the_latest_earlier_posting),
        INDEX_TEST(change_id_links_renamed_series),
        INDEX_TEST(named_prior_not_in_index),
        INDEX_TEST(dropped_patch_links_further_down),
        INDEX_TEST(split_series_cover_by_title_then_patches),
        INDEX_TEST(later_sibling_cover_is_no_prior),
        INDEX_TEST(retitled_patch_pairs_within_prior_posting),
        INDEX_TEST(link_to_another_authors_series_is_no_revision),
        INDEX_TEST(unrelated_authors_stay_apart),
        INDEX_TEST(late_v2_links_its_v1),
        INDEX_TEST(patches_take_their_covers_version),
        INDEX_TEST(unrecorded_v1_cover_is_v2_covers_prior),
        INDEX_TEST(unrecorded_v1_cover_by_most_patches),
        INDEX_TEST(taken_over_series),
        INDEX_TEST(single_patch_names_its_v1),
        INDEX_TEST(dropped_patch_links_further_down_newest_first),
        INDEX_TEST(retitled_patch_pairs_newest_first),
        INDEX_TEST(retitled_patch_pairs_by_files),
        INDEX_TEST(retitled_patch_not_paired_against_its_files),
        INDEX_TEST(renamed_patch_pairs_by_files_at_its_position),
        INDEX_TEST(cover_version_reaches_patches_recorded_before_it),
        INDEX_TEST(version_posted_twice),
        INDEX_TEST(shared_patch_is_no_resend),
        INDEX_TEST(same_person_two_spellings),
        INDEX_TEST(squatted_message_id),
        INDEX_TEST(fake_next_version),
        INDEX_TEST(copied_change_id),
        INDEX_TEST(one_message_merges_nothing),
        INDEX_TEST(merge_is_undone),
        INDEX_TEST(side_copy_forges_no_change),
        INDEX_TEST(disagreeing_priors_give_no_change),
        INDEX_TEST(unknown_named_prior_is_no_revision),
        INDEX_TEST(dkim_domain_is_the_identity),
        INDEX_TEST(unthreaded_posting_grouped),
        INDEX_TEST(not_patch_mail_is_ignored),
        INDEX_TEST(batch_and_reopen),
        INDEX_TEST(threads_record_together),
        INDEX_TEST(newer_schema_is_refused),
        INDEX_TEST(two_hosts_record_one_series),
        INDEX_TEST(hosts_create_the_schema_at_once),
        cmocka_unit_test(unreachable_server),
        cmocka_unit_test(open_fails_cleanly),
    };
    if (test_pg_uri())
        return cmocka_run_group_tests_name("pm_index on PostgreSQL", tests, NULL, NULL);
    printf("SKIP: the PostgreSQL variant needs PM_TEST_PG_URI (tests/t_index_pg.sh sets it)\n");
    return cmocka_run_group_tests_name("pm_index on SQLite", tests, NULL, NULL);
}
