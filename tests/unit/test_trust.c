/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Unit tests for trust: TrustedSender addresses and patterns, M:/R: of the thread's
 * sections only when that patch is known, the DKIM pass of our own
 * Authentication-Results field for the sender's domain, forged fields and senders.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "trust.h"

static const char *maintainers_text =
    "CRYPTO\nM:\tAlice Crypt <alice@example.org>\nR:\tBob <bob@example.com>\nF:\tfs/crypto/\n\n"
    "THE REST\nM:\tLinus <torvalds@example.org>\nF:\t*\nF:\t*/\n";

/* Whether a notice from `from` with the header fields `fields` above it counts. */
static bool counts(const trust_rules *rules, const char *fields, const char *from,
                   const maint_match *sections)
{
    char raw[2048];
    snprintf(raw, sizeof raw, "%sFrom: %s\nSubject: Re: [PATCH] x\n\nApplied, thanks!\n",
             fields, from);
    mail_message msg;
    mail_parse(&msg, raw, strlen(raw));
    bool yes = trust_sender_may_decide(rules, &msg, sections);
    mail_free(&msg);
    return yes;
}

static void trusted_senders(void **state)
{
    (void)state;
    me_set senders = {0};
    strbuf err = STRBUF_INIT;
    assert_int_equal(me_set_add(&senders, "patchwork-bot+*@kernel.org", &err), 0);
    assert_int_equal(me_set_add(&senders, "Jens Axboe <axboe@kernel.dk>", &err), 0);
    trust_rules rules = {.senders = &senders};
    assert_true(counts(&rules, "", "patchwork-bot+f2fs@kernel.org", NULL));
    assert_true(counts(&rules, "", "\"Jens\" <AXBOE@kernel.dk>", NULL));
    assert_false(counts(&rules, "", "Jens Axboe <axboe@kernel.dk.example.net>", NULL));
    assert_false(counts(&rules, "", "Mallory <mallory@example.net>", NULL));
    assert_false(counts(&rules, "", "no address", NULL));
    trust_rules nobody = {0};
    assert_false(counts(&nobody, "", "axboe@kernel.dk", NULL));
    me_set_free(&senders);
    sb_free(&err);
}

static void maintainers_of_the_thread_only(void **state)
{
    (void)state;
    maintainers *m;
    strbuf err = STRBUF_INIT;
    assert_int_equal(maintainers_load_buffer(maintainers_text, strlen(maintainers_text), &m, &err), 0);
    string_list files = {0};
    string_list_add(&files, "fs/crypto/keyring.c");
    maint_match sections;
    maintainers_match(m, &files, "", 0, &sections);
    trust_rules rules = {.maintainers = m};
    assert_true(counts(&rules, "", "Alice <alice@example.org>", &sections));
    assert_true(counts(&rules, "", "bob@example.com", &sections)); /* R: */
    assert_false(counts(&rules, "", "Mallory <mallory@example.net>", &sections));
    /* the thread's patch not known: an M: alone does not count */
    assert_false(counts(&rules, "", "Alice <alice@example.org>", NULL));
    /* a '*' in the sender is no pattern matching every M: */
    assert_false(counts(&rules, "", "\"*\"@example.org", &sections));
    assert_false(counts(&rules, "", "<*@example.org>", &sections));
    maint_match_free(&sections);
    string_list_free(&files);
    maintainers_free(m);
    sb_free(&err);
}

static void dkim_of_our_own_field(void **state)
{
    (void)state;
    me_set senders = {0};
    strbuf err = STRBUF_INIT;
    assert_int_equal(me_set_add(&senders, "*@kernel.org", &err), 0);
    trust_rules rules = {.senders = &senders, .authserv_id = "mx.example.net"};
    const char *from = "Maint <maint@kernel.org>";
    assert_true(counts(&rules,
                       "Authentication-Results: mx.example.net; dkim=pass header.d=kernel.org\n",
                       from, NULL));
    /* no field, a failed signature, another domain's pass */
    assert_false(counts(&rules, "", from, NULL));
    assert_false(counts(&rules,
                        "Authentication-Results: mx.example.net; dkim=fail header.d=kernel.org\n",
                        from, NULL));
    assert_false(counts(&rules,
                        "Authentication-Results: mx.example.net; dkim=pass header.d=evil.example\n",
                        from, NULL));
    /* the sender's pass after another one counts; a pass of a domain below the
       sender's does not */
    assert_true(counts(&rules,
                       "Authentication-Results: mx.example.net; dkim=pass header.d=lists.example;"
                       " dkim=pass header.d=kernel.org\n",
                       from, NULL));
    assert_false(counts(&rules,
                        "Authentication-Results: mx.example.net; dkim=pass header.d=sub.kernel.org\n",
                        from, NULL));
    /* a forged field of another id, and one of our id below ours, are not read */
    assert_false(counts(&rules,
                        "Authentication-Results: mx.evil.example; dkim=pass header.d=kernel.org\n",
                        from, NULL));
    assert_false(counts(&rules,
                        "Authentication-Results: mx.example.net; dkim=none\n"
                        "Authentication-Results: mx.example.net; dkim=pass header.d=kernel.org\n",
                        from, NULL));
    /* DKIM alone is no trust */
    assert_false(counts(&rules,
                        "Authentication-Results: mx.example.net; dkim=pass header.d=example.net\n",
                        "Mallory <mallory@example.net>", NULL));
    me_set_free(&senders);
    sb_free(&err);
}

/* Whether a verdict from `from` (fields above it) on a posting sent by posting_from
   may be given by its author. */
static bool author_gives(const char *authserv_id, const char *fields, const char *from,
                         const char *posting_from, const char *verdict)
{
    char raw[2048];
    snprintf(raw, sizeof raw, "%sFrom: %s\nSubject: Re: [PATCH] x\n\npw-bot: x\n", fields, from);
    mail_message msg;
    mail_parse(&msg, raw, strlen(raw));
    bool yes = trust_author_may_give(authserv_id, &msg, posting_from, verdict);
    mail_free(&msg);
    return yes;
}

/* nipa mailbot.py: a sender who is not a maintainer, the series' author, may only set
   an inactive state; we leave "accepted" out, and what puts a series back in the
   queue. */
static void author_rescinds_only(void **state)
{
    (void)state;
    const char *alice = "Alice <alice@example.org>";
    static const char *const yes[] = {"changes-requested", "rejected", "deferred",
                                      "awaiting-upstream", "not-applicable"};
    for (size_t i = 0; i < sizeof yes / sizeof *yes; i++)
        assert_true(author_gives(NULL, "", alice, "\"A. L.\" <Alice@Example.ORG>", yes[i]));
    static const char *const no[] = {"accepted", "new", "under-review", "needs-ack", "nacked",
                                     "withdrawn", "obsolete"};
    for (size_t i = 0; i < sizeof no / sizeof *no; i++)
        assert_false(author_gives(NULL, "", alice, alice, no[i]));
    assert_false(author_gives(NULL, "", alice, alice, NULL));
    /* another sender, an unknown posting, no address */
    assert_false(author_gives(NULL, "", "Mallory <mallory@example.net>", alice, "rejected"));
    assert_false(author_gives(NULL, "", alice, NULL, "rejected"));
    assert_false(author_gives(NULL, "", "Alice", "Alice", "rejected"));
    /* with TrustedAuthservID: our DKIM pass for the author's domain, or nothing */
    const char *pass = "Authentication-Results: mx.example.net; dkim=pass header.d=example.org\n";
    const char *fail = "Authentication-Results: mx.example.net; dkim=fail header.d=example.org\n";
    assert_true(author_gives("mx.example.net", pass, alice, alice, "changes-requested"));
    assert_false(author_gives("mx.example.net", fail, alice, alice, "changes-requested"));
    assert_false(author_gives("mx.example.net", "", alice, alice, "changes-requested"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(trusted_senders),
        cmocka_unit_test(maintainers_of_the_thread_only),
        cmocka_unit_test(dkim_of_our_own_field),
        cmocka_unit_test(author_rescinds_only),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
