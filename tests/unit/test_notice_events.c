/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Unit tests for notice_events: a trusted notice's events on the postings it concerns
 * (the message it answers, the patches of its posting by "[k/N] title", Link: lines),
 * a notice recorded before its patches, and the judgement of an untrusted sender.
 * The index is a real SQLite file (or PM_TEST_PG_URI's database, as test_pm_index).
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
#include "notice_events.h"

#define COVER "s-0@example.org"

/* Patch K/3 of Alice's series, answering the cover; part 0 is the cover. */
static void post(pm_index *ix, int part, const char *title)
{
    char raw[1024];
    if (part == 0)
        snprintf(raw, sizeof raw,
                 "From: Alice <alice@example.org>\nSubject: [PATCH 0/3] %s\n"
                 "Message-ID: <" COVER ">\nDate: Mon, 1 Jan 2024 10:00:00 +0000\n\nCover.\n",
                 title);
    else
        snprintf(raw, sizeof raw,
                 "From: Alice <alice@example.org>\nSubject: [PATCH %d/3] %s\n"
                 "Message-ID: <s-%d@example.org>\nIn-Reply-To: <" COVER ">\n"
                 "References: <" COVER ">\nDate: Mon, 1 Jan 2024 10:00:0%d +0000\n\nText.\n---\n"
                 "diff --git a/f%d b/f%d\n--- a/f%d\n+++ b/f%d\n@@ -1 +1 @@\n-a\n+b%d\n",
                 part, title, part, part, part, part, part, part, part);
    mail_message msg;
    mail_parse(&msg, raw, strlen(raw));
    patch_facts pf;
    assert_true(patch_facts_extract(&msg, NULL, &pf));
    index_verdict v;
    strbuf err = STRBUF_INIT;
    assert_int_equal(pm_index_classify(ix, &pf, true, &v, &err), 0);
    index_verdict_free(&v);
    sb_free(&err);
    patch_facts_free(&pf);
    mail_free(&msg);
}

static void post_series(pm_index *ix)
{
    post(ix, 0, "frob the widgets");
    post(ix, 1, "widget: add frob");
    post(ix, 2, "widget: use frob");
    post(ix, 3, "widget: document frob");
}

/* Judges raw with maint@example.org trusted, on a thread whose patch mail posting_from
   sent (NULL: not known) and with authserv_id's DKIM check, and records what a trusted
   notice says; returns the events written, -2 when no notice, -3 when untrusted. */
static int take_in_thread(pm_index *ix, const char *raw, const char *posting_from,
                          const char *authserv_id)
{
    me_set trusted = {0};
    strbuf err = STRBUF_INIT;
    assert_int_equal(me_set_add(&trusted, "maint@example.org", &err), 0);
    trust_rules rules = {.senders = &trusted, .authserv_id = authserv_id};
    mail_message msg;
    mail_parse(&msg, raw, strlen(raw));
    patch_facts pf;
    assert_true(patch_facts_extract(&msg, NULL, &pf));
    notice n;
    notice_trust trust;
    int rc = -2;
    if (notice_judge(&rules, &msg, &pf, NULL, posting_from, &n, &trust)) {
        if (trust == NOTICE_AUTHORS && notice_in_queue(ix, &n, &pf, &err) != 1)
            trust = NOTICE_UNTRUSTED;
        rc = trust ? notice_events_record(ix, &n, &pf, &err) : -3;
        notice_free(&n);
    }
    patch_facts_free(&pf);
    mail_free(&msg);
    me_set_free(&trusted);
    sb_free(&err);
    return rc;
}

static int take(pm_index *ix, const char *raw)
{
    return take_in_thread(ix, raw, NULL, NULL);
}

/* The events of msgid as "kind detail evidence" lines. */
static void events_of(pm_index *ix, const char *msgid, strbuf *out)
{
    index_events e = {0};
    strbuf err = STRBUF_INIT;
    assert_int_equal(pm_index_events(ix, msgid, &e, &err), 0);
    for (size_t i = 0; i < e.n; i++)
        sb_addf(out, "%s %s %s\n", e.v[i].kind, e.v[i].detail, e.v[i].evidence);
    index_events_free(&e);
    sb_free(&err);
}

static void assert_events(pm_index *ix, const char *msgid, const char *want)
{
    strbuf got = STRBUF_INIT;
    events_of(ix, msgid, &got);
    assert_string_equal(got.len ? got.data : "", want);
    sb_free(&got);
}

#define TY                                                                                  \
    "From: Maint <maint@example.org>\nSubject: Re: [PATCH 0/3] frob the widgets\n"          \
    "Message-ID: <ty-1@example.org>\nIn-Reply-To: <" COVER ">\nReferences: <" COVER ">\n"   \
    "Date: Tue, 2 Jan 2024 10:00:00 +0000\n\n"                                              \
    "On Mon, Alice wrote:\n> frob\n\nApplied to the main branch of the widgets tree, thanks!\n\n"            \
    "[1/3] widget: add frob\n      commit: 1111111111111111111111111111111111111111\n"      \
    "[3/3] widget: document frob\n      commit: 3333333333333333333333333333333333333333\n"

static void names_patches_of_the_posting(void **state)
{
    fixture *f = *state;
    post_series(f->ix);
    assert_int_equal(take(f->ix, TY), 2);
    assert_events(f->ix, "s-1@example.org",
                  "applied widgets main 1111111111111111111111111111111111111111 ty-1@example.org\n");
    assert_events(f->ix, "s-2@example.org", "");
    assert_events(f->ix, "s-3@example.org",
                  "applied widgets main 3333333333333333333333333333333333333333 ty-1@example.org\n");
    /* parts 1 and 3 of 3: the series as a whole was not applied */
    assert_events(f->ix, COVER, "");
}

/* patchwork-bot's list: each entry with the commit after it; "(no matching commit)"
   gives that part none, and no other part's */
#define PW                                                                                  \
    "From: maint@example.org\nSubject: Re: [PATCH 0/3] frob the widgets\n"               \
    "Message-ID: <pw-1@example.org>\nIn-Reply-To: <" COVER ">\nReferences: <" COVER ">\n"   \
    "Date: Tue, 2 Jan 2024 10:00:00 +0000\n\nHello:\n\n"                                  \
    "This series was applied to widgets/widgets.git (dev)\nby Maint <maint@example.org>:\n\n" \
    "Here is the summary with links:\n"                                                       \
    "  - [1/3] widget: add frob\n    (no matching commit)\n"                                  \
    "  - [2/3] widget: use frob\n    https://git.kernel.org/widgets/c/2222222222aa\n"          \
    "  - [3/3] widget: document frob\n    (no matching commit)\n\n"                           \
    "You are awesome, thank you!\n"

static void each_part_its_own_commit(void **state)
{
    fixture *f = *state;
    post_series(f->ix);
    assert_int_equal(take(f->ix, PW), 1);
    assert_events(f->ix, "s-1@example.org", "");
    assert_events(f->ix, "s-2@example.org", "applied widgets/widgets.git dev 2222222222aa pw-1@example.org\n");
    assert_events(f->ix, "s-3@example.org", "");
    assert_events(f->ix, COVER, "");
}

static void notice_before_its_posting(void **state)
{
    fixture *f = *state;
    assert_int_equal(take(f->ix, TY), 2); /* the cover only: its patches are not known */
    index_record r;
    strbuf err = STRBUF_INIT;
    assert_int_equal(pm_index_recorded(f->ix, COVER, &r, &err), 0);
    post_series(f->ix);
    assert_int_equal(pm_index_recorded(f->ix, COVER, &r, &err), 1);
    index_record_free(&r);
    sb_free(&err);
    assert_events(f->ix, COVER,
                  "applied widgets main 1111111111111111111111111111111111111111 ty-1@example.org\n"
                  "applied widgets main 3333333333333333333333333333333333333333 ty-1@example.org\n");
}

static void verdict_on_a_cover_covers_its_patches(void **state)
{
    fixture *f = *state;
    post_series(f->ix);
    assert_int_equal(take(f->ix, "From: maint@example.org\nSubject: Re: [PATCH 0/3] frob\n"
                                 "Message-ID: <cr@example.org>\nIn-Reply-To: <" COVER ">\n\n"
                                 "> x\n\nNot yet.\n\npw-bot: cr\n"),
                     4);
    for (int i = 0; i <= 3; i++) {
        char id[32];
        snprintf(id, sizeof id, "s-%d@example.org", i);
        assert_events(f->ix, id, "verdict changes-requested cr@example.org\n");
    }
}

static void link_lines_name_postings(void **state)
{
    fixture *f = *state;
    assert_int_equal(take(f->ix, "From: maint@example.org\nSubject: [tip: x86/core] widget\n"
                                 "Message-ID: <tip-1@example.org>\n\n"
                                 "The following commit has been merged into the x86/core "
                                 "branch of tip:\n\nCommit-ID:     "
                                 "abcdefabcdefabcdefabcdefabcdefabcdefabcd\n\n"
                                 "Link: https://lore.kernel.org/r/s-2@example.org\n"),
                     1);
    assert_events(f->ix, "s-2@example.org",
                  "applied tip x86/core abcdefabcdefabcdefabcdefabcdefabcdefabcd tip-1@example.org\n");
}

static void untrusted_sender_is_judged_so(void **state)
{
    fixture *f = *state;
    post_series(f->ix);
    char forged[sizeof TY + 64];
    snprintf(forged, sizeof forged, "%s", TY);
    memcpy(strstr(forged, "maint@"), "mallo@", 6);
    assert_int_equal(take(f->ix, forged), -3);
    assert_int_equal(take(f->ix, "From: maint@example.org\nSubject: Re: [PATCH 0/3] frob\n"
                                 "Message-ID: <q@example.org>\nIn-Reply-To: <" COVER ">\n\n"
                                 "> Applied, thanks!\n\nWhy?\n"),
                     -2);
    assert_events(f->ix, COVER, "");
}

/* A trusted notice naming 64 commits on a cover of 3 patches and a Link: would be
   4 * 64 + 64 events: the cap keeps it at NOTICE_EVENTS_MAX (256), the Link's message
   getting none. */
static void events_of_one_notice_are_bounded(void **state)
{
    fixture *f = *state;
    post_series(f->ix);
    strbuf raw = STRBUF_INIT;
    sb_adds(&raw, "From: maint@example.org\nSubject: Re: [PATCH 0/3] frob\n"
                  "Message-ID: <many@example.org>\nIn-Reply-To: <" COVER ">\n\n"
                  "Applied, thanks!\n\n");
    for (int i = 0; i < NOTICE_MAX_PATCHES + 8; i++)
        sb_addf(&raw, "commit: %040x\n", i + 1);
    sb_adds(&raw, "\nLink: https://lore.kernel.org/r/extra@example.org\n");
    assert_int_equal(take(f->ix, raw.data), NOTICE_EVENTS_MAX);
    sb_free(&raw);
    index_events e = {0};
    strbuf err = STRBUF_INIT;
    assert_int_equal(pm_index_events(f->ix, "s-1@example.org", &e, &err), 0);
    assert_int_equal(e.n, NOTICE_MAX_PATCHES);
    index_events_free(&e);
    assert_events(f->ix, "extra@example.org", "");
    sb_free(&err);
}

static void posting_lists_its_messages(void **state)
{
    fixture *f = *state;
    post_series(f->ix);
    index_record r;
    strbuf err = STRBUF_INIT;
    assert_int_equal(pm_index_recorded(f->ix, "s-2@example.org", &r, &err), 1);
    index_records all = {0};
    assert_int_equal(pm_index_posting(f->ix, r.posting, &all, &err), 4);
    index_records_free(&all);
    index_record_free(&r);
    sb_free(&err);
}

/* A maintainer's reply that sends parts to two places: each part at its own tree and
   branch, with the commit on the line after its clause; the cover is not applied as a
   whole, nor a part no clause names. */
#define PARTS                                                                              \
    "From: Maint <maint@example.org>\nSubject: Re: [PATCH 0/3] frob the widgets\n"          \
    "Message-ID: <parts-1@example.org>\nIn-Reply-To: <" COVER ">\nReferences: <" COVER ">\n" \
    "Date: Tue, 2 Jan 2024 10:00:00 +0000\n\n> frob\n\n"                                   \
    "Patch 1 applied to the widgets tree, patch 3 applied to the gadgets tree.\n"           \
    "  commit: 3333333333cc\n"

static void parts_each_their_own_tree(void **state)
{
    fixture *f = *state;
    post_series(f->ix);
    assert_int_equal(take(f->ix, PARTS), 2);
    assert_events(f->ix, "s-1@example.org", "applied widgets - - parts-1@example.org\n");
    assert_events(f->ix, "s-2@example.org", "");
    assert_events(f->ix, "s-3@example.org", "applied gadgets - 3333333333cc parts-1@example.org\n");
    assert_events(f->ix, COVER, "");
}

/* "Patches 1-3 applied to for-next." names every part at one place: the cover too. */
static void parts_all_at_one_place_apply_the_cover(void **state)
{
    fixture *f = *state;
    post_series(f->ix);
    assert_int_equal(take(f->ix, "From: Maint <maint@example.org>\nSubject: Re: [PATCH 0/3] x\n"
                                 "Message-ID: <parts-2@example.org>\nIn-Reply-To: <" COVER ">\n"
                                 "Date: Tue, 2 Jan 2024 10:00:00 +0000\n\n> frob\n\n"
                                 "Applied patches 1-3 to for-next, thanks!\n"),
                     4);
    assert_events(f->ix, COVER, "applied - for-next - parts-2@example.org\n");
    assert_events(f->ix, "s-2@example.org", "applied - for-next - parts-2@example.org\n");
}

#define ALICE "Alice <alice@example.org>"
/* Alice's reply to her own patch 2, shaped as Jiayuan Chen's on netdev, 2025-02-26,
   Message-ID <ktitxr3td73rdoqpum2dntizbxn6di73sptx5mqrp5hppfjaqk@crugooi3shdf> (a
   reply to his own <20250225144004.277169-2-jiayuan.chen@linux.dev>). */
#define AUTHOR_REPLY(from, fields, lines)                                                   \
    fields "From: " from "\nSubject: Re: [PATCH 2/3] widget: use frob\n"                    \
    "Message-ID: <own@example.org>\nIn-Reply-To: <s-2@example.org>\n"                       \
    "Date: Tue, 2 Jan 2024 10:00:00 +0000\n\n> +b2\n\nMy apologize, it will raise a Sparse "  \
    "warning.\nA new revision is here.\n\n" lines

/* netdev's mailbot lets a series' author rescind it (nipa mailbot.py): a verdict
   line of the posting's author counts for an inactive state only, once, with our DKIM
   pass when one is asked for, and only while the posting is in the queue
   (weak_act_should_ignore); the patch mail's own line in its notes too. */
static void author_may_rescind_own_posting(void **state)
{
    fixture *f = *state;
    post_series(f->ix);
    /* not accept, not back in the queue, not two lines, not another's posting, not a
       stranger, not when the thread is not known */
    assert_int_equal(take_in_thread(f->ix, AUTHOR_REPLY(ALICE, "", "pw-bot: accept\n"), ALICE,
                                    NULL),
                     -3);
    assert_int_equal(take_in_thread(f->ix, AUTHOR_REPLY(ALICE, "", "pw-bot: new\n"), ALICE, NULL),
                     -3);
    assert_int_equal(take_in_thread(f->ix, AUTHOR_REPLY(ALICE, "", "pw-bot: cr\npw-bot: defer\n"),
                                    ALICE, NULL), -3);
    assert_int_equal(take_in_thread(f->ix, AUTHOR_REPLY(ALICE, "", "pw-bot: cr\n"),
                                    "Bob <bob@example.org>", NULL), -3);
    assert_int_equal(take_in_thread(f->ix, AUTHOR_REPLY("Mallory <mallory@example.net>", "",
                                                        "pw-bot: cr\n"), ALICE, NULL), -3);
    assert_int_equal(take(f->ix, AUTHOR_REPLY(ALICE, "", "pw-bot: cr\n")), -3);
    /* with TrustedAuthservID: a forged From (no pass of ours for its domain) does not */
    assert_int_equal(take_in_thread(f->ix, AUTHOR_REPLY(ALICE,
                         "Authentication-Results: mx.example.net; dkim=fail header.d=example.org\n"
                         "Authentication-Results: mx.evil.example; dkim=pass header.d=example.org\n",
                         "pw-bot: cr\n"), ALICE, "mx.example.net"), -3);
    assert_events(f->ix, "s-2@example.org", "");
    assert_int_equal(take_in_thread(f->ix, AUTHOR_REPLY(ALICE,
                         "Authentication-Results: mx.example.net; dkim=pass header.d=example.org\n",
                         "pw-bot: cr \n"), ALICE, "mx.example.net"), 1);
    assert_events(f->ix, "s-2@example.org", "verdict changes-requested own@example.org\n");
    /* out of the queue now: the author's next verdict does not count, until a
       maintainer puts the series back */
    assert_int_equal(take_in_thread(f->ix, AUTHOR_REPLY(ALICE, "", "pw-bot: defer\n"), ALICE, NULL),
                     -3);
    assert_int_equal(take(f->ix, "From: maint@example.org\nSubject: Re: [PATCH 0/3] frob\n"
                                 "Message-ID: <ur@example.org>\nIn-Reply-To: <" COVER ">\n"
                                 "Date: Wed, 3 Jan 2024 10:00:00 +0000\n\npw-bot: ur\n"),
                     4);
    const char *later = "From: Alice <alice@example.org>\nSubject: Re: [PATCH 2/3] x\n"
                        "Message-ID: <own-2@example.org>\nIn-Reply-To: <s-2@example.org>\n"
                        "Date: Thu, 4 Jan 2024 10:00:00 +0000\n\nSorry, v2 follows.\n\n"
                        "pw-bot: defer\n";
    assert_int_equal(take_in_thread(f->ix, later, ALICE, NULL), 1);
    assert_events(f->ix, "s-2@example.org", "verdict changes-requested own@example.org\n"
                                            "verdict under-review ur@example.org\n"
                                            "verdict deferred own-2@example.org\n");
    assert_events(f->ix, COVER, "verdict under-review ur@example.org\n");
}

/* Patch mail with "pw-bot: au" in its notes, as Jakub Kicinski's netdev patch of
   2023-05-30, Message-ID <20230531020051.52655-1-kuba@kernel.org>: its author's
   verdict, on itself; the same line in the commit message is none. */
static void patch_mail_carries_its_authors_verdict(void **state)
{
    fixture *f = *state;
    const char *notes = "From: J <j@example.org>\nSubject: [PATCH net-next] x: simplify\n"
                        "Message-ID: <au@example.org>\nDate: Tue, 30 May 2023 19:00:51 -0700\n\n"
                        "Since recent commit budget can't be 0 here.\n\n"
                        "Signed-off-by: J <j@example.org>\n---\npw-bot: au\n\n"
                        " x.c | 2 +-\n\ndiff --git a/x.c b/x.c\n--- a/x.c\n+++ b/x.c\n"
                        "@@ -1 +1 @@\n-a\n+b\n";
    assert_int_equal(take(f->ix, notes), 1);
    assert_events(f->ix, "au@example.org", "verdict awaiting-upstream au@example.org\n");
    const char *message = "From: J <j@example.org>\nSubject: [PATCH net-next] x: simplify\n"
                          "Message-ID: <au2@example.org>\n\nText.\n\npw-bot: au\n---\n"
                          " x.c | 2 +-\n";
    assert_int_equal(take(f->ix, message), -3);
    const char *accept = "From: J <j@example.org>\nSubject: [PATCH net-next] x: simplify\n"
                         "Message-ID: <au3@example.org>\n\nText.\n---\npw-bot: accept\n";
    assert_int_equal(take(f->ix, accept), -3);
}

/* An "Applied" reply with exceptions marks the other parts only, never the cover as a
   whole: Ulf Hansson's "Applied for next (leaving patch9 for arm soc), thanks!"
   (linux-mmc, 2021-01-26, <CAPDyKFqLVtiYkjeQmuYOf8K8k=oQSZ18928PPHvJDiUtTw2F-g@mail.gmail.com>,
   a reply to the cover of a series of 9; here patch 3 of 3). */
#define EXCEPT(id, parent, line)                                                            \
    "From: Maint <maint@example.org>\nSubject: Re: [PATCH 0/3] frob the widgets\n"          \
    "Message-ID: <" id ">\nIn-Reply-To: <" parent ">\n"                                      \
    "Date: Tue, 2 Jan 2024 10:00:00 +0000\n\n> frob\n\n" line "\n"

static void exceptions_are_not_applied(void **state)
{
    fixture *f = *state;
    post_series(f->ix);
    assert_int_equal(take(f->ix, EXCEPT("ex-1@example.org", COVER,
                                        "Applied for next (leaving patch3 for arm soc), thanks!")),
                     2);
    assert_events(f->ix, "s-1@example.org", "applied - next - ex-1@example.org\n");
    assert_events(f->ix, "s-2@example.org", "applied - next - ex-1@example.org\n");
    assert_events(f->ix, "s-3@example.org", "");
    assert_events(f->ix, COVER, "");
}

/* "Applied all but patch 2" in a reply to patch 1 is said of the posting; ranges lose
   the parts excepted; an exception that names no part marks nothing. */
static void exceptions_of_the_posting(void **state)
{
    fixture *f = *state;
    post_series(f->ix);
    assert_int_equal(take(f->ix, EXCEPT("ex-2@example.org", "s-1@example.org",
                                        "Thanks, applied all but patch 2 to for-next.")),
                     2);
    assert_events(f->ix, "s-1@example.org", "applied - for-next - ex-2@example.org\n");
    assert_events(f->ix, "s-2@example.org", "");
    assert_events(f->ix, "s-3@example.org", "applied - for-next - ex-2@example.org\n");
    assert_events(f->ix, COVER, "");
    assert_int_equal(take(f->ix, EXCEPT("ex-3@example.org", COVER,
                                        "Applied patches 1-3 to fixes, except for patch 1.")),
                     2);
    assert_events(f->ix, "s-1@example.org", "applied - for-next - ex-2@example.org\n");
    assert_events(f->ix, "s-2@example.org", "applied - fixes - ex-3@example.org\n");
    assert_events(f->ix, COVER, "");
    assert_int_equal(take(f->ix, EXCEPT("ex-4@example.org", COVER,
                                        "Applied, except the DT patch, which Rob takes.")),
                     0);
    assert_events(f->ix, COVER, "");
}

/* Before its posting is recorded, an exception keeps nothing on the message it
   answers: a cover applied as a whole would be more than it says. */
static void exceptions_before_the_posting(void **state)
{
    fixture *f = *state;
    assert_int_equal(take(f->ix, EXCEPT("ex-5@example.org", COVER, "Applied, except patch 3.")), 0);
    post_series(f->ix);
    assert_events(f->ix, COVER, "");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        INDEX_TEST(names_patches_of_the_posting),
        INDEX_TEST(each_part_its_own_commit),
        INDEX_TEST(notice_before_its_posting),
        INDEX_TEST(verdict_on_a_cover_covers_its_patches),
        INDEX_TEST(link_lines_name_postings),
        INDEX_TEST(untrusted_sender_is_judged_so),
        INDEX_TEST(events_of_one_notice_are_bounded),
        INDEX_TEST(posting_lists_its_messages),
        INDEX_TEST(parts_each_their_own_tree),
        INDEX_TEST(parts_all_at_one_place_apply_the_cover),
        INDEX_TEST(author_may_rescind_own_posting),
        INDEX_TEST(patch_mail_carries_its_authors_verdict),
        INDEX_TEST(exceptions_are_not_applied),
        INDEX_TEST(exceptions_of_the_posting),
        INDEX_TEST(exceptions_before_the_posting),
    };
    return cmocka_run_group_tests_name("notice_events", tests, NULL, NULL);
}
