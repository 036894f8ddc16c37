/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Unit tests for pm_index_replies: a reply finds the patch mail its thread answers
 * (through In-Reply-To, a recorded reply, or References) and inherits its series; a
 * reply in a thread without patch mail is not recorded; a copy delivered again is a
 * duplicate, a reply under another message's Message-ID is not recorded; review
 * trailers become review events of the patch only from a person whose sender may be
 * believed; the prior version's reviews (its own and its cover's); sections kept and
 * bounded; the replies of a date range with their bots. A real index (index_location.h).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "index_fixture.h"
#include "pm_index_replies.h"

#define T0 1700000000LL
#define SECTIONS_MAX 64 /* kept per message (pm_index_replies.h) */

/* Records a patch (part/total; 0/2 is a cover) of version v by Ada. */
static void record_patch(pm_index *ix, const char *msgid, int v, int part, int total,
                         const char *title, const char *patch_id, const char *in_reply_to)
{
    patch_facts pf = {0};
    pf.kind = part == 0 && total ? PATCH_KIND_COVER : PATCH_KIND_PATCH;
    pf.message_id = (char *)msgid;
    pf.in_reply_to = (char *)in_reply_to;
    pf.subject_text = pf.subject.title = (char *)title;
    pf.subject.patch = true;
    pf.subject.version = v;
    pf.subject.part = part;
    pf.subject.total = total;
    pf.from = pf.author = "Ada Dev <ada@example.org>";
    pf.date = T0 + v * 86400LL + part;
    if (patch_id)
        snprintf(pf.patch_id, sizeof pf.patch_id, "%s", patch_id);
    index_verdict verdict;
    strbuf err = STRBUF_INIT;
    if (pm_index_classify(ix, &pf, true, &verdict, &err) < 0)
        fail_msg("classify: %s", err.data);
    index_verdict_free(&verdict);
    sb_free(&err);
}

typedef struct reply_spec {
    const char *msgid, *in_reply_to, *ref, *from, *subject, *review, *bot;
    long long date;
    bool dkim_ok;
} reply_spec;

/* pm_index_record_reply on the reply r: its result; *v is freed unless kept. */
static int reply(pm_index *ix, const reply_spec *r, index_reply_verdict *keep)
{
    patch_facts pf = {0};
    pf.kind = PATCH_KIND_REPLY;
    pf.message_id = (char *)r->msgid;
    pf.in_reply_to = (char *)r->in_reply_to;
    if (r->ref)
        string_list_add(&pf.references, r->ref);
    pf.from = (char *)(r->from ? r->from : "Rev Iewer <Rev@Example.net>");
    pf.subject_text = (char *)(r->subject ? r->subject : "Re: [PATCH] widget: fix");
    pf.review = (char *)r->review;
    pf.date = r->date ? r->date : T0 + 7 * 86400LL;
    index_reply_verdict v;
    strbuf err = STRBUF_INIT;
    int found = pm_index_record_reply(ix, &pf, r->bot, r->dkim_ok, true, &v, &err);
    if (found < 0)
        fail_msg("record_reply: %s", err.data);
    sb_free(&err);
    string_list_free(&pf.references);
    if (keep)
        *keep = v;
    else
        index_reply_verdict_free(&v);
    return found;
}

static long long replies_in(pm_index *ix, long long since, long long until, index_replies *out)
{
    strbuf err = STRBUF_INIT;
    long long n = pm_index_replies_between(ix, since, until, out, &err);
    if (n < 0)
        fail_msg("replies_between: %s", err.data);
    sb_free(&err);
    return n;
}

static void thread_leads_to_patch(void **state)
{
    fixture *f = *state;
    record_patch(f->ix, "p1@example.org", 1, 0, 0, "widget: fix", "1111", NULL);
    index_record p1;
    strbuf err = STRBUF_INIT;
    assert_int_equal(pm_index_recorded(f->ix, "p1@example.org", &p1, &err), 1);

    index_reply_verdict v;
    assert_int_equal(reply(f->ix, &(reply_spec){.msgid = "r1@x", .in_reply_to = "p1@example.org"}, &v), 1);
    assert_string_equal(v.target.msgid, "p1@example.org");
    assert_string_equal(v.target.series_id, p1.series_id);
    assert_false(v.duplicate);
    index_reply_verdict_free(&v);
    /* a reply to the reply: the same patch */
    assert_int_equal(reply(f->ix, &(reply_spec){.msgid = "r2@x", .in_reply_to = "r1@x"}, &v), 1);
    assert_string_equal(v.target.msgid, "p1@example.org");
    index_reply_verdict_free(&v);
    /* a parent not recorded, the patch in References */
    assert_int_equal(reply(f->ix, &(reply_spec){.msgid = "r3@x", .in_reply_to = "lost@x",
                                                 .ref = "p1@example.org"}, &v), 1);
    assert_string_equal(v.target.msgid, "p1@example.org");
    index_reply_verdict_free(&v);
    /* chatter: its thread holds no patch mail */
    assert_int_equal(reply(f->ix, &(reply_spec){.msgid = "c1@x", .in_reply_to = "lost@x"}, NULL), 0);
    assert_int_equal(reply(f->ix, &(reply_spec){.msgid = "c2@x"}, NULL), 0);

    index_replies rs = {0};
    assert_int_equal(replies_in(f->ix, 0, T0 * 2, &rs), 3);
    assert_string_equal(rs.v[0].target, "p1@example.org");
    assert_string_equal(rs.v[1].parent, "r1@x");
    assert_string_equal(rs.v[0].sender, "rev@example.net");
    assert_null(rs.v[0].bot);
    index_replies_free(&rs);
    index_record_free(&p1);
    sb_free(&err);
}

static void copies_and_conflicts(void **state)
{
    fixture *f = *state;
    record_patch(f->ix, "p1@example.org", 1, 0, 0, "widget: fix", "1111", NULL);
    reply_spec r = {.msgid = "r1@x", .in_reply_to = "p1@example.org"};
    assert_int_equal(reply(f->ix, &r, NULL), 1);
    index_reply_verdict v;
    /* the same reply from a second list */
    assert_int_equal(reply(f->ix, &r, &v), 1);
    assert_true(v.duplicate);
    index_reply_verdict_free(&v);
    /* another message under its Message-ID: no duplicate */
    reply_spec other = r;
    other.subject = "Re: [PATCH] widget: fix (another)";
    assert_int_equal(reply(f->ix, &other, &v), 1);
    assert_false(v.duplicate);
    index_reply_verdict_free(&v);
    /* a reply under a patch's Message-ID is not recorded */
    record_patch(f->ix, "p2@example.org", 1, 0, 0, "widget: more", "2222", NULL);
    assert_int_equal(reply(f->ix, &(reply_spec){.msgid = "p2@example.org",
                                                 .in_reply_to = "p1@example.org"}, NULL), 1);
    index_replies rs = {0};
    assert_int_equal(replies_in(f->ix, 0, T0 * 2, &rs), 1);
    assert_string_equal(rs.v[0].msgid, "r1@x");
    index_replies_free(&rs);
}

/* The review events of msgid, "detail;" each. */
static char *reviews_of(pm_index *ix, const char *msgid)
{
    index_events e = {0};
    strbuf err = STRBUF_INIT, out = STRBUF_INIT;
    if (pm_index_events(ix, msgid, &e, &err) < 0)
        fail_msg("events: %s", err.data);
    for (size_t i = 0; i < e.n; i++)
        if (!strcmp(e.v[i].kind, "review"))
            sb_addf(&out, "%s;", e.v[i].detail);
    index_events_free(&e);
    sb_free(&err);
    return sb_detach(&out);
}

static void reviews_from_their_sender(void **state)
{
    fixture *f = *state;
    record_patch(f->ix, "p1@example.org", 1, 0, 0, "widget: fix", "1111", NULL);
    assert_int_equal(reply(f->ix, &(reply_spec){.msgid = "r1@x", .in_reply_to = "p1@example.org",
                                                 .review = "Reviewed-by, Tested-by",
                                                 .dkim_ok = true}, NULL), 1);
    /* not believed: the DKIM check failed; a bot's */
    assert_int_equal(reply(f->ix, &(reply_spec){.msgid = "r2@x", .in_reply_to = "p1@example.org",
                                                 .from = "Mallory <m@example.com>",
                                                 .review = "Acked-by"}, NULL), 1);
    assert_int_equal(reply(f->ix, &(reply_spec){.msgid = "r3@x", .in_reply_to = "p1@example.org",
                                                 .from = "robot <lkp@intel.com>", .bot = "kernel-test-robot",
                                                 .review = "Tested-by", .dkim_ok = true}, NULL), 1);
    char *got = reviews_of(f->ix, "p1@example.org");
    assert_string_equal(got, "Reviewed-by: Rev Iewer <Rev@Example.net>;Tested-by: Rev Iewer <Rev@Example.net>;");
    free(got);
    index_replies rs = {0};
    assert_int_equal(replies_in(f->ix, 0, T0 * 2, &rs), 3);
    assert_string_equal(rs.v[2].bot, "kernel-test-robot");
    assert_null(rs.v[2].review); /* a bot gives no review */
    index_replies_free(&rs);
}

static void prior_version_review(void **state)
{
    fixture *f = *state;
    record_patch(f->ix, "c1@example.org", 1, 0, 2, "widget: two fixes", NULL, NULL);
    record_patch(f->ix, "p1@example.org", 1, 1, 2, "widget: fix", "1111", "c1@example.org");
    record_patch(f->ix, "q1@example.org", 1, 2, 2, "widget: more", "2222", "c1@example.org");
    assert_int_equal(reply(f->ix, &(reply_spec){.msgid = "r1@x", .in_reply_to = "p1@example.org",
                                                 .review = "Reviewed-by", .dkim_ok = true}, NULL), 1);
    assert_int_equal(reply(f->ix, &(reply_spec){.msgid = "r2@x", .in_reply_to = "c1@example.org",
                                                 .from = "Mai Ntainer <mai@example.org>",
                                                 .review = "Acked-by", .dkim_ok = true}, NULL), 1);
    char *value;
    strbuf err = STRBUF_INIT;
    assert_int_equal(pm_index_prior_review(f->ix, "p1@example.org", &value, &err), 0);
    assert_string_equal(value, "Reviewed-by: Rev Iewer <Rev@Example.net>, Acked-by: Mai Ntainer <mai@example.org>");
    free(value);
    /* the other patch: the cover's review only */
    assert_int_equal(pm_index_prior_review(f->ix, "q1@example.org", &value, &err), 0);
    assert_string_equal(value, "Acked-by: Mai Ntainer <mai@example.org>");
    free(value);
    assert_int_equal(pm_index_prior_review(f->ix, "unknown@x", &value, &err), 0);
    assert_null(value);
    sb_free(&err);
}

static void sections_bounded(void **state)
{
    fixture *f = *state;
    string_list in = {0}, out = {0};
    char title[64];
    for (int i = 0; i < SECTIONS_MAX + 5; i++) {
        snprintf(title, sizeof title, "SECTION %03d", SECTIONS_MAX + 5 - i);
        string_list_add(&in, title);
    }
    strbuf err = STRBUF_INIT;
    assert_int_equal(pm_index_add_sections(f->ix, "p1@example.org", &in, &err), 0);
    assert_int_equal(pm_index_sections(f->ix, "p1@example.org", &out, &err), 0);
    assert_int_equal(out.n, SECTIONS_MAX);
    assert_string_equal(out.v[0], "SECTION 006"); /* in byte order */
    string_list_free(&out);
    assert_int_equal(pm_index_sections(f->ix, "other@example.org", &out, &err), 0);
    assert_int_equal(out.n, 0);
    string_list_free(&in);
    sb_free(&err);
}

static void replies_of_a_range(void **state)
{
    fixture *f = *state;
    record_patch(f->ix, "p1@example.org", 1, 0, 0, "widget: fix", "1111", NULL);
    for (int day = 0; day < 5; day++) {
        char id[32];
        snprintf(id, sizeof id, "d%d@x", day);
        assert_int_equal(reply(f->ix, &(reply_spec){.msgid = id, .in_reply_to = "p1@example.org",
                                                     .date = T0 + day * 86400LL}, NULL), 1);
    }
    index_replies rs = {0};
    assert_int_equal(replies_in(f->ix, T0 + 86400, T0 + 3 * 86400, &rs), 2);
    assert_string_equal(rs.v[0].msgid, "d1@x");
    assert_string_equal(rs.v[1].msgid, "d2@x");
    index_replies_free(&rs);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        INDEX_TEST(thread_leads_to_patch),
        INDEX_TEST(copies_and_conflicts),
        INDEX_TEST(reviews_from_their_sender),
        INDEX_TEST(prior_version_review),
        INDEX_TEST(sections_bounded),
        INDEX_TEST(replies_of_a_range),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
