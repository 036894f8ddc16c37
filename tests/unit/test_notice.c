/* SPDX-License-Identifier: BSD-2-Clause */
/* Unit tests for notice: each shape of tests/fixtures/notices/, quoted text, limits. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "fixture.h"
#include "notice.h"

/* Reads raw as a message; true when it holds a notice. */
static bool read_text(const char *raw, size_t len, notice *n)
{
    mail_message msg;
    mail_parse(&msg, raw, len);
    patch_facts pf;
    assert_true(patch_facts_extract(&msg, NULL, &pf));
    bool found = notice_read(&pf, n);
    patch_facts_free(&pf);
    mail_free(&msg);
    return found;
}

static bool read_fixture(const char *name, notice *n)
{
    char path[256];
    snprintf(path, sizeof path, "notices/%s", name);
    strbuf raw = STRBUF_INIT;
    fixture_read(path, &raw);
    bool found = read_text(raw.data, raw.len, n);
    sb_free(&raw);
    return found;
}

static void patchwork_bot_series(void **state)
{
    (void)state;
    notice n;
    assert_true(read_fixture("patchwork-bot-series.eml", &n));
    assert_int_equal(n.kind, NOTICE_APPLIED);
    assert_string_equal(n.shape, "patchwork-bot");
    assert_true(notice_is_automated(&n));
    assert_string_equal(n.tree, "jaegeuk/f2fs.git");
    assert_string_equal(n.branch, "dev");
    assert_int_equal(n.commits.n, 1);
    assert_string_equal(n.commits.v[0], "06668257a355");
    assert_int_equal(n.patches.n, 3);
    assert_string_equal(n.patches.v[0],
                        "[1/6] fscrypt: Convert bh_get_inode_and_lblk_num to use a folio");
    assert_string_equal(n.patches.v[2], "[6/6] mm: Remove page_mapping()");
    /* each entry's own commit: "(no matching commit)" gives none */
    assert_int_equal(n.patch_commits.n, 3);
    assert_string_equal(n.patch_commits.v[0], "");
    assert_string_equal(n.patch_commits.v[1], "");
    assert_string_equal(n.patch_commits.v[2], "06668257a355");
    notice_free(&n);
}

static void pr_tracker_bot(void **state)
{
    (void)state;
    notice n;
    assert_true(read_fixture("pr-tracker-bot.eml", &n));
    assert_int_equal(n.kind, NOTICE_APPLIED);
    assert_string_equal(n.shape, "pr-tracker-bot");
    assert_string_equal(n.tree, "torvalds/linux.git");
    assert_null(n.branch);
    assert_int_equal(n.commits.n, 1);
    assert_string_equal(n.commits.v[0], "c668da99b923bc0527f19e361bb8496be087970f");
    notice_free(&n);
}

static void b4_thank_you(void **state)
{
    (void)state;
    notice n;
    assert_true(read_fixture("b4-ty.eml", &n));
    assert_int_equal(n.kind, NOTICE_APPLIED);
    assert_string_equal(n.shape, "b4-ty");
    assert_true(notice_is_automated(&n));
    assert_null(n.tree);
    assert_null(n.branch);
    assert_int_equal(n.commits.n, 3);
    assert_string_equal(n.commits.v[2], "bb8e2019ad613dd023a59bf91d1768018d17e09b");
    assert_int_equal(n.patches.n, 3);
    assert_string_equal(n.patches.v[1],
                        "[2/9] fscrypt: keep multiple bios in flight in fscrypt_zeroout_range_inline_crypt");
    notice_free(&n);
}

static void maintainer_applied_reply(void **state)
{
    (void)state;
    notice n;
    assert_true(read_fixture("applied-reply.eml", &n));
    assert_int_equal(n.kind, NOTICE_APPLIED);
    assert_string_equal(n.shape, "reply");
    assert_false(notice_is_automated(&n));
    assert_string_equal(n.branch, "6.16/scsi-staging");
    assert_int_equal(n.commits.n, 0);
    notice_free(&n);
}

static void tip_bot2(void **state)
{
    (void)state;
    notice n;
    assert_true(read_fixture("tip-bot2.eml", &n));
    assert_string_equal(n.shape, "tip-bot2");
    assert_int_equal(n.kind, NOTICE_APPLIED);
    assert_string_equal(n.tree, "tip");
    assert_string_equal(n.branch, "x86/iopl");
    assert_int_equal(n.commits.n, 1);
    assert_string_equal(n.commits.v[0], "ecc7e37d4dadd16f6be125ca496feccd05454da4");
    assert_int_equal(n.patches.n, 1);
    assert_string_equal(n.patches.v[0], "x86/io: Speedup schedule out of I/O bitmap user");
    notice_free(&n);
}

static void mm_commits(void **state)
{
    (void)state;
    notice n;
    assert_true(read_fixture("mm-commits-added.eml", &n));
    assert_string_equal(n.shape, "mm-commits");
    assert_int_equal(n.kind, NOTICE_APPLIED);
    assert_string_equal(n.tree, "mm");
    assert_null(n.branch); /* "the -mm tree": no branch named */
    assert_string_equal(n.patches.v[0], "mm/hmm/devmem: device memory hotplug using ZONE_DEVICE");
    notice_free(&n);

    assert_true(read_fixture("mm-commits-removed.eml", &n));
    assert_int_equal(n.kind, NOTICE_VERDICT);
    assert_string_equal(n.verdict, "changes-requested");
    assert_string_equal(n.patches.v[0], "mm/foo: fix the bar");
    notice_free(&n);

    const char *merged = "From: Andrew Morton <akpm@linux-foundation.org>\n"
                         "Subject: [merged mm-stable] mm-foo.patch removed from -mm tree\n\n"
                         "The quilt patch titled\n     Subject: mm: foo\n"
                         "has been removed from the -mm tree.  Its filename was\n"
                         "     mm-foo.patch\n\nThis patch was dropped because it was merged "
                         "into the mm-stable branch\n";
    assert_true(read_text(merged, strlen(merged), &n));
    assert_int_equal(n.kind, NOTICE_APPLIED);
    assert_string_equal(n.branch, "mm-stable");
    notice_free(&n);

    const char *added = "From: Andrew Morton <akpm@linux-foundation.org>\n"
                        "Subject: + mm-foo.patch added to mm-unstable branch\n\n"
                        "The patch titled\n     Subject: mm: foo\n"
                        "has been added to the -mm mm-unstable branch.  Its filename is\n";
    assert_true(read_text(added, strlen(added), &n));
    assert_string_equal(n.branch, "mm-unstable");
    notice_free(&n);

    /* a reason we do not know: no notice */
    const char *folded = "From: Andrew Morton <akpm@linux-foundation.org>\n"
                         "Subject: [folded-merged] mm-foo-fix.patch removed from -mm tree\n\n"
                         "The quilt patch titled\n     Subject: mm: foo fix\n"
                         "has been removed from the -mm tree.  Its filename was\n";
    assert_false(read_text(folded, strlen(folded), &n));
}

static void pw_bot_line_and_not_the_quoted_one(void **state)
{
    (void)state;
    notice n;
    assert_true(read_fixture("pw-bot-cr.eml", &n));
    assert_int_equal(n.kind, NOTICE_VERDICT);
    assert_string_equal(n.shape, "pw-bot");
    assert_string_equal(n.verdict, "changes-requested");
    assert_false(notice_is_automated(&n));
    notice_free(&n);

    /* only quoted: nothing */
    const char *quoted = "From: A <a@example.org>\nSubject: Re: [PATCH] x\n\n"
                         "> pw-bot: accept\n> Applied, thanks!\n> Nacked-by: B <b@example.org>\n"
                         "\nWhy?\n";
    assert_false(read_text(quoted, strlen(quoted), &n));

    const char *nack = "From: A <a@example.org>\nSubject: Re: [PATCH] x\n\n"
                       "> +\tfoo();\n\nNo.\n\nNacked-by: A <a@example.org>\n";
    assert_true(read_text(nack, strlen(nack), &n));
    assert_string_equal(n.verdict, "nacked");
    notice_free(&n);

    const char *other = "From: A <a@example.org>\nSubject: Re: [PATCH] x\n\npw-bot: foo\n";
    assert_false(read_text(other, strlen(other), &n));
}

/* Reads text, which must hold a pw-bot verdict, and checks it is verdict. */
static void assert_pw_bot(const char *text, const char *verdict)
{
    notice n;
    assert_true(read_text(text, strlen(text), &n));
    assert_int_equal(n.kind, NOTICE_VERDICT);
    assert_string_equal(n.shape, "pw-bot");
    assert_string_equal(n.verdict, verdict);
    notice_free(&n);
}

/* The commands netdev's mailbot takes (nipa mailbot.py, pw_act_map) besides cr,
   accept, reject and defer: the tree leaves the series to another one. */
static void pw_bot_awaiting_upstream_and_not_applicable(void **state)
{
    (void)state;
    /* netdev, 2024-12-09, Jakub Kicinski,
       Message-ID <20241209154310.49a092da@kernel.org> (shortened) */
    assert_pw_bot("From: Jakub Kicinski <kuba@kernel.org>\n"
                  "Subject: Re: [PATCH net-next v3 2/2] net/smc: support ipv4 mapped ipv6 addr\n\n"
                  "On Mon, 9 Dec 2024 15:10:56 +0100 Wenjia Zhang wrote:\n"
                  "> @Jakub, could you please give us some more time to verify the issue \n\n"
                  "No problem. I'll marked it as Awaiting upstream, please repost when\n"
                  "ready.\n-- \npw-bot: au\n",
                  "awaiting-upstream");
    /* netdev, 2025-11-24, Jakub Kicinski,
       Message-ID <20251124185624.682de84f@kernel.org> (shortened) */
    assert_pw_bot("From: Jakub Kicinski <kuba@kernel.org>\n"
                  "Subject: Re: [PATCH net v2] platform/x86: intel_pmc_ipc: fix ACPI buffer\n\n"
                  "Presumably typo in the subject? Why would this go via netdev/net.. ?\n"
                  "-- \npw-bot: nap\n",
                  "not-applicable");
    assert_pw_bot("From: A <a@example.org>\nSubject: Re: [PATCH] x\n\npw-bot: awaiting-upstream\n",
                  "awaiting-upstream");
    /* devicetree, 2026-02-24, Conor Dooley,
       Message-ID <20260224-subsystem-subfloor-465db23b2a68@spud> (its text part) */
    assert_pw_bot("From: Conor Dooley <conor@kernel.org>\nSubject: Re: [PATCH 1/2] dt-bindings: x\n\n"
                  "Acked-by: Conor Dooley <conor.dooley@microchip.com>\npw-bot: not-applicable\n",
                  "not-applicable");
}

static void applied_only_as_the_first_words(void **state)
{
    (void)state;
    notice n;
    /* a tester who applied the patch locally */
    const char *tester = "From: T <t@example.org>\nSubject: Re: [PATCH] x\n\n"
                         "On Mon, A wrote:\n> patch\n\nApplied on top of v6.1 and tested.\n";
    assert_false(read_text(tester, strlen(tester), &n));
    const char *local = "From: T <t@example.org>\nSubject: Re: [PATCH] x\n\n"
                        "> patch\n\nApplied to my local tree, works.\n";
    assert_false(read_text(local, strlen(local), &n));
    /* "Applied" further down is no notice */
    const char *later = "From: T <t@example.org>\nSubject: Re: [PATCH] x\n\n"
                        "> patch\n\nLooks fine.\nApplied, thanks!\n";
    assert_false(read_text(later, strlen(later), &n));
    /* applied by someone else, or in the future */
    const char *future = "From: T <t@example.org>\nSubject: Re: [PATCH] x\n\n"
                         "> patch\n\nThanks, will be applied once rc1 is out.\n";
    assert_false(read_text(future, strlen(future), &n));
    /* top-posted, and to a branch with a final dot */
    const char *top = "From: M <m@example.org>\nSubject: Re: [PATCH] x\n\n"
                      "applied to net-next.\n\n> patch\n";
    assert_true(read_text(top, strlen(top), &n));
    assert_string_equal(n.branch, "net-next");
    notice_free(&n);
}

/* The ways maintainers name where they applied it (linux-fscrypt archive). */
static void applied_to_tree_and_branch(void **state)
{
    (void)state;
    static const struct {
        const char *line, *tree, *branch;
    } cases[] = {
        {"Applied to fscrypt.git#master for 5.6.", "fscrypt.git", "master"},
        {"Applied to fscrypt.git for v5.3.", "fscrypt.git", NULL},
        {"Applied to https://git.kernel.org/pub/scm/fs/fscrypt/linux.git/log/?h=for-next",
         "fs/fscrypt/linux.git", "for-next"},
        {"Applied to the vfs-6.15.ceph branch of the vfs/vfs.git tree.", "vfs/vfs.git",
         "vfs-6.15.ceph"},
        {"Applied to 6.11/scsi-queue, thanks!", NULL, "6.11/scsi-queue"},
        /* a tree named as a tree, and the other openings maintainers write */
        {"Applied to fscrypt tree for 5.4.", "fscrypt", NULL},
        {"Thanks, applied.", NULL, NULL},
        {"All applied to fscrypt.git#master for 5.6.", "fscrypt.git", "master"},
        {"Both applied to net-next.", NULL, "net-next"},
        {"Applied with a few tweaks.", NULL, NULL},
        {"Applied for 6.3.", NULL, NULL},
        /* a queue's branch after "for" (Ulf Hansson in the linux-fscrypt archive,
           <CAPDyKFoE5Rq5Kw6+X4fTu0g=yfw5znNkA5GDaZi6c=UW82VWUw@mail.gmail.com>: "Applied
           for next, thanks!"); a release or "now" names none */
        {"Applied for next, thanks!", NULL, "next"},
        {"Applied for next (leaving patch9 for arm soc), thanks!", NULL, "next"},
        {"Applied for fixes.", NULL, "fixes"},
        {"Applied for net-next, thanks.", NULL, "net-next"},
        {"Applied for 5.10, thanks.", NULL, NULL},
        {"Applied for now, more later.", NULL, NULL},
        {"Applied and pushed out to the 'master' branch.", NULL, NULL},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char raw[512];
        snprintf(raw, sizeof raw, "From: M <m@example.org>\nSubject: Re: [PATCH] x\n\n"
                                  "> patch\n\n%s\n", cases[i].line);
        notice n;
        assert_true(read_text(raw, strlen(raw), &n));
        if (cases[i].tree)
            assert_string_equal(n.tree, cases[i].tree);
        else
            assert_null(n.tree);
        if (cases[i].branch)
            assert_string_equal(n.branch, cases[i].branch);
        else
            assert_null(n.branch);
        notice_free(&n);
    }
}

static void commits_are_validated(void **state)
{
    (void)state;
    notice n;
    const char *raw = "From: M <m@example.org>\nSubject: Re: [PATCH 1/2] x\n\n"
                      "> patch\n\nApplied, thanks!\n\n"
                      "[1/2] x: too short\n      commit: abc12\n"
                      "[2/2] x: not hex\n      commit: 0123456789abcdefXYZ\n"
                      "[02/03] x: URL\n      https://git.kernel.org/a/b/c/ABCDEF0123456/\n"
                      "[3/3] x: cgit\n      https://git.kernel.org/x.git/commit/?id=0123456789ab)\n"
                      "[9/9] x: 41 digits\n      commit: 0123456789012345678901234567890123456789a\n";
    assert_true(read_text(raw, strlen(raw), &n));
    assert_string_equal(n.shape, "b4-ty");
    assert_int_equal(n.commits.n, 2);
    assert_string_equal(n.commits.v[0], "abcdef0123456");
    assert_string_equal(n.commits.v[1], "0123456789ab");
    assert_string_equal(n.patches.v[2], "[2/3] x: URL");
    notice_free(&n);
}

static void hostile_input_is_bounded(void **state)
{
    (void)state;
    strbuf raw = STRBUF_INIT;
    sb_adds(&raw, "From: M <m@example.org>\nSubject: Re: [PATCH] x\n\n> q\n\nApplied to ");
    for (int i = 0; i < 300; i++)
        sb_adds(&raw, "b");
    sb_adds(&raw, ", thanks!\n");
    for (int i = 0; i < 200; i++)
        sb_addf(&raw, "[%d/200] %0300d\n      commit: %040d\n", i + 1, i, i);
    notice n;
    assert_true(read_text(raw.data, raw.len, &n));
    assert_null(n.branch); /* over 100 characters: no name */
    assert_int_equal(n.patches.n, NOTICE_MAX_PATCHES);
    assert_int_equal(strlen(n.patches.v[0]), strlen("[1/200] ") + NOTICE_MAX_TITLE);
    assert_int_equal(n.commits.n, NOTICE_MAX_PATCHES);
    notice_free(&n);
    sb_free(&raw);

    const char *plain = "From: A <a@example.org>\nSubject: hello\n\nApplied, thanks!\n";
    assert_true(read_text(plain, strlen(plain), &n)); /* the caller decides what it counts for */
    notice_free(&n);
    assert_false(read_text("", 0, &n));
}

/* The mailbot's commands that put a series back in the queue: a verdict too, the one
   that replaces an earlier verdict. */
static void pw_bot_back_in_the_queue(void **state)
{
    (void)state;
    /* netdev, 2023-10-17, Jiri Pirko, Message-ID <ZS5s7QE07YkO55O7@nanopsycho>: he takes
       back his own cr, which he quotes after (shortened) */
    assert_pw_bot("From: Jiri Pirko <jiri@resnulli.us>\n"
                  "Subject: Re: [PATCH net-next v2 03/11] pds_core: devlink health: use retained\n\n"
                  ">Could you please covert the function to return void?\n\n"
                  "Sorry, I messed up, this is a cb. Looks fine.\n\n"
                  "pw-bot: under-review\n\n>\n>pw-bot: cr\n>\n",
                  "under-review");
    /* netdev, 2023-11-18, Jakub Kicinski, Message-ID <20231118102407.3943cf17@kernel.org> */
    assert_pw_bot("From: Jakub Kicinski <kuba@kernel.org>\n"
                  "Subject: Re: [PATCH net-next] r8169: improve RTL8411b phy-down fixup\n\n"
                  "> Is there a specific reason why patch has status \"Deferred\" in patchwork?\n\n"
                  "No idea :S\n\npw-bot: new\n",
                  "new");
    assert_pw_bot("From: A <a@example.org>\nSubject: Re: [PATCH] x\n\npw-bot: ur\n", "under-review");
    assert_pw_bot("From: A <a@example.org>\nSubject: Re: [PATCH] x\n\npw-bot: under review\n",
                  "under-review");
    assert_pw_bot("From: A <a@example.org>\nSubject: Re: [PATCH] x\n\npw-bot: needs ack\n",
                  "needs-ack");
    assert_pw_bot("From: A <a@example.org>\nSubject: Re: [PATCH] x\n\npw-bot: nac\n", "needs-ack");
}

/* As the mailbot reads them: "pw-bot:" at the start of a line and the rest of the line
   the command; a pw-bot line mentioned in prose is none. */
static void pw_bot_line_is_the_whole_line(void **state)
{
    (void)state;
    notice n;
    /* netdev, 2026-05-20, Maoyi Xie, [PATCH net v6] rds: filter RDS_INFO_* getsockopt by
       caller's netns, Message-Id <20260520084236.2724349-1-maoyixie.tju@gmail.com>: its
       changelog tells of v5's verdict (shortened) */
    const char *changelog = "From: Maoyi Xie <maoyixie.tju@gmail.com>\n"
                            "Subject: [PATCH net v6] rds: filter RDS_INFO_* getsockopt by caller's netns\n\n"
                            "Signed-off-by: Maoyi Xie <maoyixie.tju@gmail.com>\n---\n"
                            "v6: Rebased on current net main tip (dc416e32baae) after Jakub\n"
                            "    pw-bot:cr on v5. The patch failed to apply at net/rds/tcp.c:201\n";
    assert_false(read_text(changelog, strlen(changelog), &n));
    const char *prose = "From: A <a@example.org>\nSubject: Re: [PATCH] x\n\n"
                        "pw-bot: cr was a mistake, sorry\n";
    assert_false(read_text(prose, strlen(prose), &n));
    /* netdev, 2025-04-14, Vadim Fedorenko, Message-ID
       <ea1c5102-a327-489f-a29a-769e6f542701@linux.dev>: no space, and a quote after it */
    assert_pw_bot("From: Vadim Fedorenko <vadim.fedorenko@linux.dev>\n"
                  "Subject: Re: [PATCH v1] ptp: ocp: fix start time alignment\n\n"
                  "> +\t\ts->start = (s->start) * (s->period);\n\n"
                  "No parenthesis are needed here.\n\npw-bot:cr\n\n"
                  ">   \t\ts->start = ktime_add(s->start, s->phase);\n",
                  "changes-requested");
    /* netdev, 2025-02-26, Jiayuan Chen, Message-ID
       <ktitxr3td73rdoqpum2dntizbxn6di73sptx5mqrp5hppfjaqk@crugooi3shdf>: a space after */
    assert_pw_bot("From: Jiayuan Chen <jiayuan.chen@linux.dev>\nSubject: Re: [PATCH] ppp: x\n\n"
                  "A new revision is here, all check passed:\n\npw-bot: cr \n",
                  "changes-requested");
}

/* Parts named by ranges, each clause with its own place: "Patches 1-4 applied to
   fscrypt.git#master for 5.9." (Eric Biggers, lore.kernel.org/linux-fscrypt,
   <20200727164310.GD1138@sol.localdomain>), "Applied patches 1-4 to
   6.14/scsi-staging, thanks!" (Martin K. Petersen, same list,
   <yq1v7uxf4fd.fsf@ca-mkp.ca.oracle.com>); the rest written for this test. */
static void parts_each_their_own_place(void **state)
{
    (void)state;
    notice n;
    const char *one = "From: M <m@example.org>\nSubject: Re: [PATCH 0/5] x\n\n> cover\n\n"
                      "Patches 1-4 applied to the fscrypt tree, patch 5 applied to the fsverity "
                      "tree.\n";
    assert_true(read_text(one, strlen(one), &n));
    assert_int_equal(n.kind, NOTICE_APPLIED);
    assert_string_equal(n.shape, "reply");
    assert_int_equal(n.nranges, 2);
    assert_int_equal(n.ranges[0].first, 1);
    assert_int_equal(n.ranges[0].last, 4);
    assert_string_equal(n.ranges[0].tree, "fscrypt");
    assert_int_equal(n.ranges[1].first, 5);
    assert_int_equal(n.ranges[1].last, 5);
    assert_string_equal(n.ranges[1].tree, "fsverity");
    assert_null(n.tree); /* two places: the notice as a whole names none */
    notice_free(&n);

    const char *lines = "From: M <m@example.org>\nSubject: Re: [PATCH 0/4] x\n\n> cover\n\n"
                        "Patches 1-3 applied to for-next.\n"
                        "  commit: 1111111111aa\n"
                        "Patch 4 applied to fixes.\n"
                        "  https://git.kernel.org/x/c/4444444444bb\n";
    assert_true(read_text(lines, strlen(lines), &n));
    assert_int_equal(n.nranges, 2);
    assert_string_equal(n.ranges[0].branch, "for-next");
    assert_string_equal(n.ranges[0].commit, "1111111111aa");
    assert_int_equal(n.ranges[1].first, 4);
    assert_string_equal(n.ranges[1].branch, "fixes");
    assert_string_equal(n.ranges[1].commit, "4444444444bb");
    notice_free(&n);

    static const struct {
        const char *line;
        int first, last;
        const char *tree, *branch;
    } cases[] = {
        {"Patches 1-4 applied to fscrypt.git#master for 5.9.", 1, 4, "fscrypt.git", "master"},
        {"Applied patches 1-4 to 6.14/scsi-staging, thanks!", 1, 4, NULL, "6.14/scsi-staging"},
        {"Patches 2-4 applied.  Thanks.", 2, 4, NULL, NULL},
        {"Thanks, patches 1 and 3 have been applied to the main branch.", 1, 1, NULL, "main"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char raw[512];
        snprintf(raw, sizeof raw, "From: M <m@example.org>\nSubject: Re: [PATCH] x\n\n"
                                  "> patch\n\n%s\n", cases[i].line);
        assert_true(read_text(raw, strlen(raw), &n));
        assert_true(n.nranges >= 1);
        assert_int_equal(n.ranges[0].first, cases[i].first);
        assert_int_equal(n.ranges[0].last, cases[i].last);
        /* one place for all ranges: the notice's own */
        if (cases[i].tree)
            assert_string_equal(n.tree, cases[i].tree);
        else
            assert_null(n.tree);
        if (cases[i].branch)
            assert_string_equal(n.branch, cases[i].branch);
        else
            assert_null(n.branch);
        notice_free(&n);
    }

    /* not parts applied: a plan, a patch of another posting, a part out of bounds */
    const char *no[] = {"Patches 1-4 look good to me.", "Patch 3 will be applied later.",
                        "Patches 0-2 applied."};
    for (size_t i = 0; i < sizeof no / sizeof no[0]; i++) {
        char raw[256];
        snprintf(raw, sizeof raw, "From: M <m@example.org>\nSubject: Re: [PATCH] x\n\n"
                                  "> patch\n\n%s\n", no[i]);
        assert_false(read_text(raw, strlen(raw), &n));
    }

    /* at most NOTICE_MAX_RANGES ranges, however many clauses */
    strbuf many = STRBUF_INIT;
    sb_addf(&many, "From: M <m@example.org>\nSubject: Re: [PATCH] x\n\n> p\n\n");
    for (int i = 1; i <= 60; i++)
        sb_addf(&many, "Patch %d applied to b%d.\n", i, i);
    assert_true(read_text(many.data, many.len, &n));
    assert_int_equal(n.nranges, NOTICE_MAX_RANGES);
    notice_free(&n);
    sb_free(&many);
}

/* What the author rule reads of pw-bot lines (notice_events.h): how many there are, and
   whether the first stands in patch mail's notes, below "---". The patch mail is
   shaped as Jakub Kicinski's on netdev, 2023-05-30, Message-ID
   <20230531020051.52655-1-kuba@kernel.org> ("---", then "pw-bot: au", then the
   diffstat). */
static void pw_bot_lines_counted_and_placed(void **state)
{
    (void)state;
    notice n;
    const char *notes = "From: J <j@example.org>\nSubject: [PATCH net-next] x: simplify\n\n"
                        "Since recent commit budget can't be 0 here.\n\n"
                        "Signed-off-by: J <j@example.org>\n---\npw-bot: au\n\n"
                        " x.c | 2 +-\n 1 file changed\n\ndiff --git a/x.c b/x.c\n"
                        "--- a/x.c\n+++ b/x.c\n@@ -1 +1 @@\n-a\n+b\n";
    assert_true(read_text(notes, strlen(notes), &n));
    assert_string_equal(n.verdict, "awaiting-upstream");
    assert_int_equal(n.verdict_lines, 1);
    assert_true(n.in_notes);
    notice_free(&n);

    const char *message = "From: J <j@example.org>\nSubject: [PATCH] x\n\nText.\n\n"
                          "pw-bot: cr\n---\n x.c | 2 +-\n";
    assert_true(read_text(message, strlen(message), &n));
    assert_false(n.in_notes); /* in the commit message */
    notice_free(&n);

    /* an unknown command's line counts as a line; two at most are counted */
    const char *three = "From: A <a@example.org>\nSubject: Re: [PATCH] x\n\n"
                        "pw-bot: frob\npw-bot: cr\npw-bot: defer\n";
    assert_true(read_text(three, strlen(three), &n));
    assert_string_equal(n.verdict, "changes-requested");
    assert_int_equal(n.verdict_lines, 2);
    notice_free(&n);
}

/* What an "Applied" reply says was not applied (read_exceptions). Real lines: "Applied
   for next (leaving patch9 for arm soc), thanks!" (Ulf Hansson, linux-mmc, 2021-01-26,
   <CAPDyKFqLVtiYkjeQmuYOf8K8k=oQSZ18928PPHvJDiUtTw2F-g@mail.gmail.com>, on a series of
   9), "Applied all but patch 16 where there are questions outstanding." (Jonathan
   Cameron, linux-iio, 2020-11-16, <20201116201725.5591c8cf@archlinux>), "Thanks, applied
   all but patch 46 to target-arm.next." (Peter Maydell, qemu-devel, 2020-06-26,
   <CAFEAcA9shF7VK60zZxfYUzsDwdWyiaou=8Go+KExG4mXyk-Deg@mail.gmail.com>); the others
   are written for this test in the shapes the brief names. */
static void applied_with_exceptions(void **state)
{
    (void)state;
    static const struct {
        const char *text;
        unsigned long long excluded;
        const char *branch;
    } cases[] = {
        {"Applied for next (leaving patch9 for arm soc), thanks!", 1ULL << 8, "next"},
        {"Applied all but patch 16 where there are questions outstanding.", 1ULL << 15, NULL},
        {"Thanks, applied all but patch 46 to target-arm.next.", 1ULL << 45, "target-arm.next"},
        {"Applied patch 1-8, leaving patch 9 for the soc tree.", 1ULL << 8, NULL},
        {"Applied, except patch 3.", 1ULL << 2, NULL},
        {"Applied except for patch 4 to for-next.", 1ULL << 3, "for-next"},
        {"Applied, except for patch 3 and 5, thanks!", (1ULL << 2) | (1ULL << 4), NULL},
        {"Applied to for-next (without patch 2), thanks!", 1ULL << 1, "for-next"},
        {"Applied (without patch 2), thanks!", 1ULL << 1, NULL},
        {"Applied (leaving patch 7 for the dt tree), thanks!", 1ULL << 6, NULL},
        {"Applied, thanks!\n\nPatch 9 dropped, it needs a rebase.", 1ULL << 8, NULL},
        {"Applied all but patches 2-3 and 5.", (1ULL << 1) | (1ULL << 2) | (1ULL << 4), NULL},
        /* partial, but no part it names: none is excluded, all is marked less */
        {"Applied, except the DT patch, which Rob takes.", 0, NULL},
        {"Applied all but the last one.", 0, NULL},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char raw[512];
        snprintf(raw, sizeof raw, "From: M <m@example.org>\nSubject: Re: [PATCH 0/9] x\n\n"
                                  "> cover\n\n%s\n", cases[i].text);
        notice n;
        assert_true(read_text(raw, strlen(raw), &n));
        assert_int_equal(n.kind, NOTICE_APPLIED);
        assert_true(n.excepts);
        assert_true(n.excluded == cases[i].excluded);
        if (cases[i].branch)
            assert_string_equal(n.branch, cases[i].branch);
        notice_free(&n);
    }

    /* no exception: a plan, a title's words on the list, words without parts later */
    const char *none[] = {"Applied, thanks!\n\nI dropped the Fixes tag, it was wrong.",
                          "Applied to for-next, thanks!\n\n[1/2] mm: drop the last page\n"
                          "[2/2] mm: handle all but the first page\n",
                          "Applied patches 1-2 to misc-fixes and patches 3-7 to misc-next.",
                          "Applied, without any change.",
                          "Applied, thanks!\n\nPatch 5 looks good too."};
    for (size_t i = 0; i < sizeof none / sizeof none[0]; i++) {
        char raw[512];
        snprintf(raw, sizeof raw, "From: M <m@example.org>\nSubject: Re: [PATCH 0/9] x\n\n"
                                  "> cover\n\n%s\n", none[i]);
        notice n;
        assert_true(read_text(raw, strlen(raw), &n));
        assert_false(n.excepts);
        assert_true(n.excluded == 0);
        notice_free(&n);
    }

    /* "without" and no part: no "Applied" reply at all, as before */
    const char *plain = "From: M <m@example.org>\nSubject: Re: [PATCH 0/9] x\n\n> c\n\n"
                        "Applied without changes, thanks!\n";
    notice n0;
    assert_false(read_text(plain, strlen(plain), &n0));

    /* hostile: a long run of exception words and part lists is read in one pass */
    strbuf many = STRBUF_INIT;
    sb_addf(&many, "From: M <m@example.org>\nSubject: Re: [PATCH] x\n\n> p\n\nApplied");
    for (int i = 0; i < 20000; i++)
        sb_addf(&many, " except patch %d, 1-64 and", i % 70);
    sb_adds(&many, "\n");
    notice n;
    assert_true(read_text(many.data, many.len, &n));
    assert_true(n.excepts);
    notice_free(&n);
    sb_free(&many);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(patchwork_bot_series),
        cmocka_unit_test(pr_tracker_bot),
        cmocka_unit_test(b4_thank_you),
        cmocka_unit_test(maintainer_applied_reply),
        cmocka_unit_test(tip_bot2),
        cmocka_unit_test(mm_commits),
        cmocka_unit_test(pw_bot_line_and_not_the_quoted_one),
        cmocka_unit_test(pw_bot_awaiting_upstream_and_not_applicable),
        cmocka_unit_test(pw_bot_line_is_the_whole_line),
        cmocka_unit_test(pw_bot_back_in_the_queue),
        cmocka_unit_test(applied_only_as_the_first_words),
        cmocka_unit_test(applied_to_tree_and_branch),
        cmocka_unit_test(commits_are_validated),
        cmocka_unit_test(hostile_input_is_bounded),
        cmocka_unit_test(parts_each_their_own_place),
        cmocka_unit_test(pw_bot_lines_counted_and_placed),
        cmocka_unit_test(applied_with_exceptions),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
