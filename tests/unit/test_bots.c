/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Unit tests for bots: the built-in table on header blocks shaped as the bots write
 * them on the kernel lists (From, Message-ID and their own fields as seen in the
 * linux-fscrypt archive on lore.kernel.org, and in the bots' documentation:
 * git-patchwork-bot, pr-tracker-bot, tip-bot2, bpf CI), configured rules, and people
 * who must stay people.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "bots.h"

static const char *identify_checked(const bot_table *extra, const char *headers,
                                    const char *authserv_id)
{
    static char copy[4096];
    snprintf(copy, sizeof copy, "%s\nbody\n", headers);
    mail_message msg;
    mail_parse(&msg, copy, strlen(copy));
    const char *name = bot_identify(extra, &msg, authserv_id);
    mail_free(&msg);
    return name;
}

static const char *identify(const bot_table *extra, const char *headers)
{
    return identify_checked(extra, headers, NULL);
}

static void builtin_addresses(void **state)
{
    (void)state;
    assert_string_equal(identify(NULL, "From: kernel test robot <lkp@intel.com>\n"
                                       "Subject: Re: [PATCH 8/9] blk-crypto: optimize\n"
                                       "Message-ID: <202512160419.nTnYWVyJ-lkp@intel.com>"),
                        "kernel-test-robot");
    assert_string_equal(identify(NULL, "From: syzbot <syzbot+7add5c56bc2a14145d20@syzkaller.appspotmail.com>\n"
                                       "Subject: [syzbot] [fscrypt] KMSAN: uninit-value"),
                        "syzbot");
    assert_string_equal(identify(NULL, "From: patchwork-bot+f2fs@kernel.org\n"
                                       "Subject: Re: [f2fs-dev] [PATCH 0/6] Remove page_mapping()"),
                        "patchwork-bot");
    assert_string_equal(identify(NULL, "From: pr-tracker-bot@kernel.org\n"
                                       "Subject: Re: [GIT PULL] fscrypt fix for v6.18-rc5"),
                        "pr-tracker-bot");
    assert_string_equal(identify(NULL, "From: \"tip-bot2 for Thomas Gleixner\" <tip-bot2@linutronix.de>\n"
                                       "Subject: [tip: x86/urgent] x86/cpu: Fix"),
                        "tip-bot2");
    assert_string_equal(identify(NULL, "From: bot+bpf-ci@kernel.org\n"
                                       "Subject: Re: [PATCH bpf-next v2 1/3] bpf: x"),
                        "bpf-ci");
    assert_string_equal(identify(NULL, "From: Sashiko <review@sashiko.dev>\n"
                                       "Subject: Re: [PATCH] mm: y"),
                        "sashiko");
    /* whole address, any case */
    assert_string_equal(identify(NULL, "From: LKP@Intel.COM"), "kernel-test-robot");
}

static void builtin_signs(void **state)
{
    (void)state;
    /* the robot's other senders: known by display name at intel.com, or Message-ID */
    assert_string_equal(identify(NULL, "From:   kernel test robot <yujie.liu@intel.com>"),
                        "kernel-test-robot");
    assert_string_equal(identify(NULL, "From: kbuild test robot <lkp@intel.com>"), "kernel-test-robot");
    assert_string_equal(identify(NULL, "From: patchwork-bot+netdevbpf@kernel.org\n"
                                       "X-Patchwork-Bot: notify"),
                        "patchwork-bot");
    assert_string_equal(identify(NULL, "From: CI <ci@example.org>\n"
                                       "Auto-Submitted: auto-generated"),
                        "auto-submitted");
    assert_string_equal(identify(NULL, "From: CI <ci@example.org>\n"
                                       "Auto-Submitted: auto-replied (vacation)"),
                        "auto-submitted");
}

/* Signs a sender writes say "a machine", never which one: a forger must not borrow a
 * trusted bot's name (the lifecycle trusts bots by name) by adding a field. */
static void written_signs_name_no_bot(void **state)
{
    (void)state;
    assert_string_equal(identify(NULL, "From: Someone <someone@example.org>\n"
                                       "Message-ID: <202310050449.35KiNskt-lkp@intel.com>"),
                        "auto-submitted");
    assert_string_equal(identify(NULL, "From: Forwarder <fw@example.org>\n"
                                       "X-Patchwork-Bot: notify"),
                        "auto-submitted");
    assert_string_equal(identify(NULL, "From: Relay <relay@example.org>\n"
                                       "Message-Id: <1.2.git-patchwork-notify@kernel.org>"),
                        "auto-submitted");
    assert_string_equal(identify(NULL, "From: Relay <relay@example.org>\n"
                                       "X-PR-Tracked-Message-Id: <20251106202637.GA7015@quark>"),
                        "auto-submitted");
}

/* With TrustedAuthservID, a bot's name needs our MTA's DKIM pass for its domain. */
static void names_checked_by_dkim(void **state)
{
    (void)state;
    const char *mx = "mx.example.net";
    assert_string_equal(identify_checked(NULL, "Authentication-Results: mx.example.net;\n"
                                               " dkim=pass header.d=kernel.org\n"
                                               "From: patchwork-bot+netdevbpf@kernel.org",
                                         mx),
                        "patchwork-bot");
    assert_string_equal(identify_checked(NULL, "Authentication-Results: mx.example.net;\n"
                                               " dkim=pass header.d=intel.com\n"
                                               "From: kernel test robot <lkp@intel.com>",
                                         mx),
                        "kernel-test-robot");
    /* no pass, a pass for another domain, or a pass claimed under another id */
    assert_string_equal(identify_checked(NULL, "From: patchwork-bot@kernel.org", mx),
                        "auto-submitted");
    assert_string_equal(identify_checked(NULL, "Authentication-Results: mx.example.net;\n"
                                               " dkim=pass header.d=evil.example\n"
                                               "From: patchwork-bot@kernel.org",
                                         mx),
                        "auto-submitted");
    assert_string_equal(identify_checked(NULL, "Authentication-Results: mx.evil.example;\n"
                                               " dkim=pass header.d=kernel.org\n"
                                               "From: patchwork-bot@kernel.org",
                                         mx),
                        "auto-submitted");
    assert_string_equal(identify_checked(NULL, "Authentication-Results: mx.example.net;\n"
                                               " dkim=pass header.d=el.org\n"
                                               "From: patchwork-bot@kernel.org",
                                         mx),
                        "auto-submitted");
    /* a person stays a person */
    assert_null(identify_checked(NULL, "From: Ann <ann@example.org>", mx));
}

static void people_stay_people(void **state)
{
    (void)state;
    assert_null(identify(NULL, "From: Eric Biggers <ebiggers@kernel.org>\n"
                               "Message-ID: <20251106202637.GA7015@quark>"));
    assert_null(identify(NULL, "From: Auto Submitted <a@example.org>\nAuto-Submitted: no"));
    assert_null(identify(NULL, "From: Auto Submitted <a@example.org>\nAuto-Submitted: No (human)"));
    /* the robot's name elsewhere, or its address as part of another */
    assert_null(identify(NULL, "From: kernel test robot <robot@example.org>"));
    assert_null(identify(NULL, "From: Fan <xlkp@intel.com>"));
    assert_null(identify(NULL, "From: Fan <lkp@intel.com.example.org>"));
    assert_null(identify(NULL, "From: Jeff <syzbot@syzkaller.appspotmail.com.evil>"));
    assert_null(identify(NULL, "From: Ann <ann@example.org>\n"
                               "Message-ID: <lkp@intel.com.example.org>"));
    assert_null(identify(NULL, "Subject: no From at all"));
}

static void configured_rules(void **state)
{
    (void)state;
    bot_table t = {0};
    strbuf err = STRBUF_INIT;
    assert_int_equal(bot_table_add(&t, "nipa", "nipa@example.org", &err), 0);
    assert_int_equal(bot_table_add(&t, "our-ci", "ci+*@Example.ORG", &err), 0);
    /* a rule may rename a built-in bot: configured rules come first */
    assert_int_equal(bot_table_add(&t, "lkp", "lkp@intel.com", &err), 0);
    assert_string_equal(identify(&t, "From: NIPA <NIPA@example.org>"), "nipa");
    assert_string_equal(identify(&t, "From: ci+build@example.org"), "our-ci");
    assert_string_equal(identify(&t, "From: kernel test robot <lkp@intel.com>"), "lkp");
    assert_null(identify(&t, "From: ci@example.org"));
    assert_string_equal(identify(&t, "From: syzbot+1@syzkaller.appspotmail.com"), "syzbot");

    assert_int_equal(bot_table_add(&t, "Bad Name", "x@example.org", &err), -1);
    assert_non_null(strstr(err.data, "bad bot name"));
    sb_reset(&err);
    assert_int_equal(bot_table_add(&t, "ok", "no-at-sign", &err), -1);
    assert_non_null(strstr(err.data, "bad bot address pattern"));
    sb_reset(&err);
    assert_int_equal(bot_table_add(&t, "ok", "", &err), -1);
    assert_int_equal(bot_table_add(&t, "", "x@example.org", &err), -1);
    assert_int_equal(t.n, 3);
    sb_free(&err);
    bot_table_free(&t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(builtin_addresses),
        cmocka_unit_test(builtin_signs),
        cmocka_unit_test(written_signs_name_no_bot),
        cmocka_unit_test(names_checked_by_dkim),
        cmocka_unit_test(people_stay_people),
        cmocka_unit_test(configured_rules),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
