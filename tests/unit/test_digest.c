/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Unit tests for the digest report (core/digest/digest.c, digest_html.c) and strmap:
 * top lists (ties, cut at 15, what counts), copies, Skip and New of cover letters,
 * series state and prior links, HTML escaping of hostile text; lifecycle states (the
 * first that holds, their timing against the end), reviewers, b4 lines quoted for the
 * shell, lifecycle links escaped.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "digest.h"
#include "digest_html.h"
#include "strmap.h"
#include "xalloc.h"

static digest_entry *add(digest *d, const char *msgid, patch_kind kind, patch_state state,
                         const char *grp, const char *author, int part, int total)
{
    digest_entry *e = digest_add(d);
    e->msgid = xstrdup(msgid);
    e->kind = kind;
    e->state = state;
    e->grp = grp ? xstrdup(grp) : NULL;
    e->author = xstrdup(author);
    e->from = xstrdup(author);
    e->version = 1;
    e->part = part;
    e->total = total;
    char subject[128];
    snprintf(subject, sizeof subject, "[PATCH %d/%d] title of %s", part, total, msgid);
    e->subject = xstrdup(subject);
    e->title = xstrdup(strchr(subject, ']') + 2);
    return e;
}

static void top_lists_count_submissions_once_ties_by_name(void **state)
{
    (void)state;
    digest *d = digest_new();
    char msgid[32], author[64];
    /* 20 authors with one patch each, at 20 domains; b@ and a@ get one more. */
    for (int i = 0; i < 20; i++) {
        snprintf(msgid, sizeof msgid, "m%d", i);
        snprintf(author, sizeof author, "P%02d <p%02d@d%02d.org>", i, i, i);
        add(d, msgid, PATCH_KIND_PATCH, PATCH_STATE_NEW, NULL, author, 0, 0);
    }
    add(d, "b1", PATCH_KIND_PATCH, PATCH_STATE_NEW, NULL, "B <b@b.org>", 0, 0);
    add(d, "b2", PATCH_KIND_COVER, PATCH_STATE_NEW, "g", "B <b@b.org>", 0, 2);
    add(d, "a1", PATCH_KIND_PATCH, PATCH_STATE_REVISION, "g", "A <a@a.org>", 1, 2);
    add(d, "a2", PATCH_KIND_PATCH, PATCH_STATE_NEW, "g", "A <a@a.org>", 2, 2);
    /* Not counted: a copy, a resend, a pull request. */
    add(d, "a2", PATCH_KIND_PATCH, PATCH_STATE_NEW, "g", "A <a@a.org>", 2, 2);
    add(d, "r1", PATCH_KIND_PATCH, PATCH_STATE_RESEND, NULL, "A <a@a.org>", 0, 0);
    add(d, "p1", PATCH_KIND_PULL, PATCH_STATE_NEW, NULL, "A <a@a.org>", 0, 0);
    digest_report r;
    digest_build(d, NULL, &r);
    assert_int_equal(r.ncontributors, 15);
    assert_string_equal(r.contributors[0].name, "A <a@a.org>");
    assert_int_equal(r.contributors[0].n, 2);
    assert_string_equal(r.contributors[1].name, "B <b@b.org>");
    assert_int_equal(r.contributors[1].n, 2);
    assert_string_equal(r.contributors[2].name, "P00 <p00@d00.org>");
    assert_string_equal(r.contributors[14].name, "P12 <p12@d12.org>");
    assert_int_equal(r.ndomains, 15);
    assert_string_equal(r.domains[0].name, "a.org");
    assert_string_equal(r.domains[1].name, "b.org");
    assert_string_equal(r.domains[2].name, "d00.org");

    strbuf out = STRBUF_INIT;
    digest_render_text(&r, &out);
    assert_non_null(strstr(out.data, "\n      2  A <a@a.org>\n      2  B <b@b.org>\n"));
    assert_non_null(strstr(out.data, "\n      2 a.org\n"));
    assert_non_null(strstr(out.data, "Exist: [PATCH 2/2] title of a2\n"));
    assert_non_null(strstr(out.data, "Exist: [PATCH 0/0] title of r1\n"));
    sb_free(&out);
    digest_report_free(&r);
    digest_free(d);
}

static void cover_of_single_patch_is_skipped_only_when_the_patch_is_shown(void **state)
{
    (void)state;
    digest *d = digest_new();
    add(d, "c1", PATCH_KIND_COVER, PATCH_STATE_NEW, "g1", "A <a@x.org>", 0, 1);
    add(d, "p1", PATCH_KIND_PATCH, PATCH_STATE_NEW, "g1", "A <a@x.org>", 1, 1);
    /* its patch never came: */
    add(d, "c2", PATCH_KIND_COVER, PATCH_STATE_NEW, "g2", "A <a@x.org>", 0, 1);
    add(d, "c3", PATCH_KIND_COVER, PATCH_STATE_NEW, "g3", "A <a@x.org>", 0, 3);
    add(d, "p3b", PATCH_KIND_PATCH, PATCH_STATE_NEW, "g3", "A <a@x.org>", 2, 3);
    add(d, "p3a", PATCH_KIND_PATCH, PATCH_STATE_NEW, "g3", "A <a@x.org>", 1, 3);
    digest_report r;
    digest_build(d, &(digest_meta){.name = "L", .first = "a", .last = "b"}, &r);
    assert_string_equal(r.heading, "L mailing list update from a to b");
    assert_int_equal(r.nseries, 3);
    assert_int_equal(r.nblocks, 5);
    assert_int_equal(r.blocks[0].kind, DIGEST_SKIP);
    assert_string_equal(r.blocks[1].entry->msgid, "p1");
    assert_int_equal(r.blocks[1].kind, DIGEST_NEW);
    assert_string_equal(r.blocks[2].entry->msgid, "c2");
    assert_int_equal(r.blocks[2].kind, DIGEST_NEW);
    assert_string_equal(r.blocks[3].entry->msgid, "c3");
    assert_string_equal(r.blocks[4].entry->msgid, "p3a"); /* the first patch, not 2/3 */
    assert_int_equal(r.series[2].parts, 2);
    assert_int_equal(r.series[2].total, 3);
    digest_report_free(&r);
    digest_free(d);
}

static void revision_counts_changed_patches_and_links_prior(void **state)
{
    (void)state;
    digest *d = digest_new();
    add(d, "v1c", PATCH_KIND_COVER, PATCH_STATE_NEW, "g1", "A <a@x.org>", 0, 2);
    digest_entry *c =
        add(d, "v2c", PATCH_KIND_COVER, PATCH_STATE_REVISION, "g2", "A <a@x.org>", 0, 3);
    c->version = 2, c->prior_version = 1, c->prior_msgid = xstrdup("v1c");
    int changed[] = {0, 1, -1};
    for (int i = 0; i < 3; i++) {
        char id[8];
        snprintf(id, sizeof id, "v2p%d", i + 1);
        digest_entry *e =
            add(d, id, PATCH_KIND_PATCH, PATCH_STATE_REVISION, "g2", "A <a@x.org>", i + 1, 3);
        e->version = 2, e->prior_version = 1, e->changed = changed[i];
    }
    digest_report r;
    digest_build(d, NULL, &r);
    assert_int_equal(r.nseries, 2);
    const digest_series *s = &r.series[1];
    assert_int_equal(s->state, PATCH_STATE_REVISION);
    assert_int_equal(s->prior_version, 1);
    assert_int_equal(s->prior_series, 0);
    assert_int_equal(s->counted, 3);
    assert_int_equal(s->changed, 2);
    strbuf line = STRBUF_INIT;
    digest_series_line(s, &line);
    assert_string_equal(line.data,
                        "v2 3/3 title of v2c -- A <a@x.org> -- revision of v1, 2 of 3 changed");
    sb_free(&line);
    strbuf html = STRBUF_INIT;
    digest_render_html(&r, &html);
    assert_non_null(strstr(html.data, "<tr id=\"s1\">"));
    assert_non_null(strstr(html.data, "<a href=\"#s0\">revision of v1</a>"));
    sb_free(&html);
    digest_report_free(&r);
    digest_free(d);
}

static void hostile_text_is_escaped_in_html_and_stripped_of_controls_in_text(void **state)
{
    (void)state;
    digest *d = digest_new();
    digest_entry *e =
        add(d, "x\"<y>", PATCH_KIND_PATCH, PATCH_STATE_NEW, NULL, "<b>&\"q\" <q@x.org>", 0, 0);
    free(e->text);
    e->text = xstrdup("a\x01<script>\xff\xfe end");
    e->prior_msgid = xstrdup("p?#<1>");
    digest_report r;
    digest_build(d, &(digest_meta){.name = "</title>", .link_base = "https://lore.example/r/"},
                 &r);
    strbuf html = STRBUF_INIT;
    digest_render_html(&r, &html);
    assert_null(strstr(html.data, "<script"));
    assert_null(strstr(html.data, "<b>"));
    assert_null(strchr(html.data, '\x01'));
    assert_null(strchr(html.data, '\xff'));
    assert_non_null(strstr(html.data, "&lt;script&gt;\xEF\xBF\xBD\xEF\xBF\xBD end"));
    assert_non_null(strstr(html.data, "&lt;/title&gt; mailing list update"));
    assert_non_null(strstr(html.data, "data-name=\"&lt;b&gt;&amp;&quot;q&quot; &lt;q@x.org&gt;\""));
    sb_free(&html);
    strbuf text = STRBUF_INIT;
    digest_render_text(&r, &text);
    assert_non_null(strstr(text.data, "\na<script>\xff\xfe end\n"));
    sb_free(&text);
    digest_report_free(&r);
    digest_free(d);
}

static void reply(digest *d, const char *parent, const char *bot, bool from_me, bool review)
{
    string_list parents = {0};
    string_list_add(&parents, "not-in-the-report");
    string_list_add(&parents, parent);
    digest_add_reply(d, &(digest_reply){.parents = &parents,
                                        .bot = bot,
                                        .from_me = from_me,
                                        .review = review});
    if (bot)
        digest_note_bot(d, bot);
    string_list_free(&parents);
}

static void bots_are_no_contributors_and_me_sections(void **state)
{
    (void)state;
    digest *d = digest_new();
    /* w: a series for me (v1, then v2), y: another for me that I answered, m: mine
       (v1 reviewed and found by a robot, then v2), b: a patch a bot sent */
    add(d, "w1", PATCH_KIND_PATCH, PATCH_STATE_NEW, NULL, "W <w@w.org>", 1, 1)->for_me = true;
    add(d, "y1", PATCH_KIND_PATCH, PATCH_STATE_NEW, NULL, "Y <y@y.org>", 1, 1)->for_me = true;
    digest_entry *m1 = add(d, "m1", PATCH_KIND_PATCH, PATCH_STATE_NEW, NULL, "Me <me@x.org>", 1, 1);
    m1->by_me = m1->for_me = true;
    digest_entry *b = add(d, "b1", PATCH_KIND_PATCH, PATCH_STATE_NEW, NULL, "tip-bot2 <tip-bot2@linutronix.de>", 1, 1);
    b->bot = xstrdup("tip-bot2");
    digest_note_bot(d, "tip-bot2");
    digest_entry *w2 = add(d, "w2", PATCH_KIND_PATCH, PATCH_STATE_REVISION, NULL, "W <w@w.org>", 1, 1);
    w2->for_me = true;
    w2->version = 2;
    w2->prior_msgid = xstrdup("w1");
    w2->prior_version = 1;
    digest_entry *m2 = add(d, "m2", PATCH_KIND_PATCH, PATCH_STATE_REVISION, NULL, "Me <me@x.org>", 1, 1);
    m2->by_me = true;
    m2->version = 2;
    m2->prior_msgid = xstrdup("m1");
    m2->prior_version = 1;
    reply(d, "y1", NULL, true, false);
    reply(d, "m1", NULL, false, true);
    reply(d, "m1", NULL, false, true);
    reply(d, "m1", NULL, false, false);
    reply(d, "m1", "kernel-test-robot", false, true); /* a bot's trailer is no review */
    reply(d, "w2", "syzbot", false, false);
    reply(d, "elsewhere", "syzbot", false, false);
    digest_report r;
    digest_build(d, &(digest_meta){.me = true}, &r);
    for (size_t i = 0; i < r.ncontributors; i++)
        assert_null(strstr(r.contributors[i].name, "tip-bot2"));
    for (size_t i = 0; i < r.ndomains; i++)
        assert_string_not_equal(r.domains[i].name, "linutronix.de");
    assert_int_equal(r.bot_messages, 4);
    assert_int_equal(r.series[2].reviews, 2);
    assert_true(r.series[1].replied_by_me);
    assert_int_equal(r.series[0].superseded_by, 4);

    strbuf out = STRBUF_INIT;
    digest_render_text(&r, &out);
    const char *want_me =
        "===== Waiting on you =====\n\n"
        "v2 1/1 title of w2 -- W <w@w.org> -- revision of v1, 1 of 1 changed -- bots: syzbot 1\n"
        "\n===== Your series =====\n\n"
        "v1 1/1 title of m1 -- Me <me@x.org> -- new -- bots: kernel-test-robot 1\n"
        "    2 reviews, bots: kernel-test-robot 1, superseded by v2\n"
        "v2 1/1 title of m2 -- Me <me@x.org> -- revision of v1, 1 of 1 changed\n"
        "    0 reviews\n\n";
    assert_non_null(strstr(out.data, want_me));
    assert_true(strstr(out.data, "Waiting on you") < strstr(out.data, "Top 15"));
    assert_non_null(strstr(out.data, "\nMessages from bots: 4 (syzbot 2, kernel-test-robot 1, "
                                     "tip-bot2 1)\n"));
    sb_free(&out);
    digest_report_free(&r);

    /* without meta.me, no sections of the reader's */
    digest_build(d, NULL, &r);
    digest_render_text(&r, &out);
    assert_null(strstr(out.data, "Waiting on you"));
    sb_free(&out);
    digest_report_free(&r);
    digest_free(d);
}

#define DAY (24LL * 60 * 60)
#define END (20000 * DAY) /* the report's end in the lifecycle tests */

/* A single-patch series posted `age` seconds before END. */
static digest_entry *posted(digest *d, const char *msgid, const char *author, long long age)
{
    digest_entry *e = add(d, msgid, PATCH_KIND_PATCH, PATCH_STATE_NEW, NULL, author, 1, 1);
    e->date = END - age;
    return e;
}

static void person_reply(digest *d, const char *parent, const char *from, bool review)
{
    string_list parents = {0};
    string_list_add(&parents, parent);
    digest_add_reply(d, &(digest_reply){.parents = &parents, .from = from, .review = review});
    string_list_free(&parents);
}

static void lifecycle_first_state_that_holds(void **state)
{
    (void)state;
    digest *d = digest_new();
    /* applied and superseded (by the index): superseded first */
    digest_entry *e = posted(d, "both", "A <a@x.org>", DAY);
    string_list_add(&e->applied, "tree main c0ffee");
    e->successor_msgid = xstrdup("both-v3");
    e->successor_version = 3;
    string_list_add(&posted(d, "app", "A <a@x.org>", DAY)->applied, "tree main abc123");
    /* the latest verdict by date decides, whatever the order */
    e = posted(d, "cr", "C <c@x.org>", DAY);
    e->verdict = xstrdup("changes-requested");
    e->verdict_date = 200;
    e = add(d, "cr2", PATCH_KIND_PATCH, PATCH_STATE_NEW, "g-ok", "C <c@x.org>", 1, 2);
    e->date = END - DAY;
    e->verdict = xstrdup("changes-requested");
    e->verdict_date = 100;
    e = add(d, "ok2", PATCH_KIND_PATCH, PATCH_STATE_NEW, "g-ok", "C <c@x.org>", 2, 2);
    e->date = END - DAY;
    e->verdict = xstrdup("accepted");
    e->verdict_date = 300;
    /* parts missing: a day after the cover, not before */
    e = add(d, "inc0", PATCH_KIND_COVER, PATCH_STATE_NEW, "g-inc", "I <i@x.org>", 0, 3);
    e->date = END - DAY;
    add(d, "inc1", PATCH_KIND_PATCH, PATCH_STATE_NEW, "g-inc", "I <i@x.org>", 1, 3)->date = END;
    e = add(d, "late0", PATCH_KIND_COVER, PATCH_STATE_NEW, "g-late", "I <i@x.org>", 0, 3);
    e->date = END - DAY + 1;
    /* no cover: parts of a wider series copied to the list */
    e = add(d, "cc2", PATCH_KIND_PATCH, PATCH_STATE_NEW, "g-cc", "I <i@x.org>", 2, 9);
    e->date = END - 3 * DAY;
    /* a week without a reply but the author's and a bot's waits; a reply stops it */
    posted(d, "wait", "W <w@x.org>", 7 * DAY);
    person_reply(d, "wait", "\"W\" <W@X.org>", false);
    reply(d, "wait", "syzbot", false, false);
    posted(d, "talk", "W <w@x.org>", 9 * DAY);
    person_reply(d, "talk", "Rita Reviewer <rita@y.org>", true);
    person_reply(d, "talk", "Rita Reviewer <rita@y.org>", true);
    person_reply(d, "talk", "\"Sam S\" <sam@y.org>", true);
    person_reply(d, "talk", "nobody@y.org", true);
    person_reply(d, "talk", "Quiet <q@y.org>", false);
    posted(d, "young", "W <w@x.org>", 7 * DAY - 1);
    string_list_add(&posted(d, "sub-b", "W <w@x.org>", 0)->subsystems, "B");
    string_list_add(&posted(d, "sub-a", "W <w@x.org>", 0)->subsystems, "A");

    digest_report r;
    digest_build(d,
                 &(digest_meta){.end = END, .link_base = "https://l/", .commit_base = "https://c/"},
                 &r);
    const digest_life want[] = {
        DIGEST_LIFE_SUPERSEDED, DIGEST_LIFE_APPLIED, DIGEST_LIFE_CHANGES_REQUESTED,
        DIGEST_LIFE_OPEN,       DIGEST_LIFE_INCOMPLETE, DIGEST_LIFE_OPEN,
        DIGEST_LIFE_OPEN,       DIGEST_LIFE_WAITING,    DIGEST_LIFE_OPEN,       DIGEST_LIFE_OPEN,
        DIGEST_LIFE_OPEN,       DIGEST_LIFE_OPEN,
    };
    assert_int_equal(r.nseries, sizeof want / sizeof want[0]);
    for (size_t k = 0; k < r.nseries; k++)
        assert_int_equal(r.series[k].life, want[k]);
    assert_string_equal(r.series[3].verdict, "accepted");
    assert_int_equal(r.series[7].replies, 0);
    assert_int_equal(r.series[8].replies, 5);

    strbuf out = STRBUF_INIT;
    digest_series_reviewers(&r.series[8], &out);
    assert_string_equal(out.data, "reviewed by Rita Reviewer, Sam S, nobody@y.org");
    sb_reset(&out);
    digest_series_reviewers(&r.series[7], &out);
    assert_string_equal(out.data, "no reply yet");
    sb_reset(&out);

    digest_render_text(&r, &out);
    const char *lifecycle = strstr(out.data, "===== Series lifecycle =====\n\nApplied (1)\n\n"
                                             "v1 1/1 title of app -- A <a@x.org> -- new\n"
                                             "    posted 2024-10-03 https://l/app\n"
                                             "    b4 am app\n"
                                             "    no reply yet\n"
                                             "    applied: tree main abc123 https://c/abc123\n"
                                             "\nSuperseded (1)\n\n");
    assert_non_null(lifecycle);
    assert_non_null(strstr(out.data, "    superseded by v3 https://l/both-v3\n"));
    assert_true(lifecycle < strstr(out.data, "===== Patch Commit Messages"));
    assert_non_null(
        strstr(out.data, "\nWaiting for review (1): no reply but its author's for 7 days\n"));
    const char *open = strstr(out.data, "\nOpen (7)\n");
    assert_non_null(open);
    const char *incomplete =
        strstr(out.data, "\nIncomplete (1): parts missing a day after the cover\n");
    assert_non_null(incomplete);
    assert_true(incomplete < open);
    /* within a state by first subsystem ("" first), then in order */
    const char *order[] = {"title of cr2",   "title of cc2",   "title of talk",
                           "title of young", "title of sub-a", "title of sub-b"};
    const char *last = open;
    for (size_t i = 0; i < sizeof order / sizeof order[0]; i++) {
        const char *at = strstr(open, order[i]);
        assert_non_null(at);
        assert_true(at > last);
        last = at;
    }
    sb_free(&out);
    digest_report_free(&r);

    /* with the end a day later, "late" is incomplete too; stale_days 30: nothing waits */
    digest_build(d, &(digest_meta){.end = END + DAY, .stale_days = 30}, &r);
    assert_int_equal(r.series[5].life, DIGEST_LIFE_INCOMPLETE);
    assert_int_equal(r.series[7].life, DIGEST_LIFE_OPEN);
    digest_report_free(&r);
    digest_free(d);
}

static void b4_lines_and_lifecycle_links_are_safe(void **state)
{
    (void)state;
    strbuf out = STRBUF_INIT;
    digest_add_b4_command("20261109.1-1-a@x.org", false, &out);
    assert_string_equal(out.data, "b4 am 20261109.1-1-a@x.org");
    sb_reset(&out);
    digest_add_b4_command("pull@x", true, &out);
    assert_string_equal(out.data, "b4 pr pull@x");
    sb_reset(&out);
    digest_add_b4_command("a'b$(rm -rf ~);c`d`@x", false, &out);
    assert_string_equal(out.data, "b4 am 'a'\\''b$(rm -rf ~);c`d`@x'");
    sb_reset(&out);

    digest *d = digest_new();
    digest_entry *e = posted(d, "m\"<x>&", "A <a@x.org>", 0);
    string_list_add(&e->applied, "t<r> b\"r c<1>");
    e->verdict = xstrdup("<b>");
    digest_report r;
    digest_build(
        d, &(digest_meta){.link_base = "https://l/?a=1&b=", .commit_base = "https://c/\"x"}, &r);
    digest_render_html(&r, &out);
    assert_non_null(strstr(out.data, "<section id=\"life-applied\"><h3>Applied (1)</h3>"));
    assert_non_null(strstr(out.data, "<a href=\"https://l/?a=1&amp;b=m%22%3Cx%3E%26\">thread</a>"));
    assert_non_null(strstr(out.data, "applied: t&lt;r&gt; b&quot;r c&lt;1&gt; "
                                     "<a href=\"https://c/&quot;xc&lt;1&gt;\">c&lt;1&gt;</a>"));
    assert_non_null(strstr(out.data, "verdict: &lt;b&gt;"));
    assert_null(strstr(out.data, "<b>"));
    sb_free(&out);
    digest_report_free(&r);
    digest_free(d);
}

static void strmap_keeps_many_keys(void **state)
{
    (void)state;
    strmap m = STRMAP_INIT;
    char key[32];
    for (size_t i = 0; i < 5000; i++) {
        size_t *slot;
        snprintf(key, sizeof key, "k%zu", i);
        assert_true(strmap_put(&m, key, &slot));
        *slot = i * 3;
    }
    size_t *slot;
    assert_false(strmap_put(&m, "k42", &slot));
    assert_int_equal(*slot, 126);
    for (size_t i = 0; i < 5000; i += 499) {
        snprintf(key, sizeof key, "k%zu", i);
        const size_t *v = strmap_get(&m, key);
        assert_non_null(v);
        assert_int_equal(*v, i * 3);
    }
    assert_null(strmap_get(&m, "k5000"));
    strmap_free(&m);
    assert_null(strmap_get(&m, "k1"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(top_lists_count_submissions_once_ties_by_name),
        cmocka_unit_test(cover_of_single_patch_is_skipped_only_when_the_patch_is_shown),
        cmocka_unit_test(revision_counts_changed_patches_and_links_prior),
        cmocka_unit_test(hostile_text_is_escaped_in_html_and_stripped_of_controls_in_text),
        cmocka_unit_test(bots_are_no_contributors_and_me_sections),
        cmocka_unit_test(lifecycle_first_state_that_holds),
        cmocka_unit_test(b4_lines_and_lifecycle_links_are_safe),
        cmocka_unit_test(strmap_keeps_many_keys),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
