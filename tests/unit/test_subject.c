/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Unit tests for the subject grammar: one test per form that patch mailing lists
 * write (as surveyed in the fscrypt archive, LKML, patchwork, b4 and git samples),
 * each asserting every field of subject_info; then hostile input.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "strbuf.h"
#include "subject.h"

typedef struct expect {
    bool reply, patch, pull, rfc, resend;
    int version, part, total;
    const char *tags; /* NULL: none */
    const char *title;
} expect;

static bool same_str(const char *a, const char *b)
{
    return (a == NULL && b == NULL) || (a && b && strcmp(a, b) == 0);
}

static void check_at(const char *file, int line, const char *subject, expect e)
{
    subject_info si;
    subject_parse(subject, &si);
    bool ok = si.reply == e.reply && si.patch == e.patch && si.pull == e.pull && si.rfc == e.rfc &&
              si.resend == e.resend && si.version == e.version && si.part == e.part &&
              si.total == e.total && same_str(si.tags, e.tags) && same_str(si.title, e.title);
    if (!ok) {
        print_error("subject \"%s\"\n"
                    "  got:  reply=%d patch=%d pull=%d rfc=%d resend=%d v=%d %d/%d tags=%s title=\"%s\"\n"
                    "  want: reply=%d patch=%d pull=%d rfc=%d resend=%d v=%d %d/%d tags=%s title=\"%s\"\n",
                    subject, si.reply, si.patch, si.pull, si.rfc, si.resend, si.version, si.part,
                    si.total, si.tags ? si.tags : "(null)", si.title ? si.title : "(null)", e.reply,
                    e.patch, e.pull, e.rfc, e.resend, e.version, e.part, e.total,
                    e.tags ? e.tags : "(null)", e.title ? e.title : "(null)");
    }
    subject_info_free(&si);
    if (!ok)
        _fail(file, line);
}

#define CHECK(subject, ...) check_at(__FILE__, __LINE__, subject, (expect){__VA_ARGS__})

/* ------------------------------------------------------------ patch groups */

static void plain_patch(void **state)
{
    (void)state;
    CHECK("[PATCH] fscrypt: fix left shift underflow",
          .patch = true, .version = 1, .title = "fscrypt: fix left shift underflow");
}

static void version_and_counter(void **state)
{
    (void)state;
    CHECK("[PATCH v5 03/12] ceph: replace local base64 helpers",
          .patch = true, .version = 5, .part = 3, .total = 12,
          .title = "ceph: replace local base64 helpers");
    CHECK("[PATCH V3 1/4] fscrypt: x", .patch = true, .version = 3, .part = 1, .total = 4,
          .title = "fscrypt: x");
    CHECK("[PATCH v2] one patch", .patch = true, .version = 2, .title = "one patch");
}

static void patch_word_in_any_case(void **state)
{
    (void)state;
    CHECK("[patch v2 1/3] lower", .patch = true, .version = 2, .part = 1, .total = 3, .title = "lower");
    CHECK("[Patch] mixed", .patch = true, .version = 1, .title = "mixed");
    /* binutils style: a colon after the group */
    CHECK("[Patch]: Fix ld pr11138 FAILures on mips*.",
          .patch = true, .version = 1, .title = "Fix ld pr11138 FAILures on mips*.");
    CHECK("[patch V2 01/40] x86/apic: x", .patch = true, .version = 2, .part = 1, .total = 40,
          .title = "x86/apic: x");
    CHECK("[PATCHES] attached mbox", .patch = true, .version = 1, .title = "attached mbox");
    CHECK("[PATCHSET v2 0/5] workqueue: x",
          .patch = true, .version = 2, .part = 0, .total = 5, .title = "workqueue: x");
}

static void patch_word_absent(void **state)
{
    (void)state;
    CHECK("[RFC v2 1/4] fs: x", .patch = true, .rfc = true, .version = 2, .part = 1, .total = 4,
          .tags = "RFC", .title = "fs: x");
    CHECK("[RFC 0/4] fs: provide options", .patch = true, .rfc = true, .version = 1, .part = 0,
          .total = 4, .tags = "RFC", .title = "fs: provide options");
    CHECK("[v2 1/3] bare", .patch = true, .version = 2, .part = 1, .total = 3, .title = "bare");
    CHECK("[v4 PATCH] fscrypt: Allow modular crypto algorithms", .patch = true, .version = 4,
          .title = "fscrypt: Allow modular crypto algorithms");
    CHECK("[2/7] only a counter", .patch = true, .version = 1, .part = 2, .total = 7,
          .title = "only a counter");
    CHECK("[RESEND] again", .patch = true, .resend = true, .version = 1, .tags = "RESEND",
          .title = "again");
}

static void keyword_glued_to_version(void **state)
{
    (void)state;
    CHECK("[PATCHv3 3/3] ext4: Refactor", .patch = true, .version = 3, .part = 3, .total = 3,
          .title = "ext4: Refactor");
    CHECK("[PATCH-v3 1/2] x", .patch = true, .version = 3, .part = 1, .total = 2, .title = "x");
    CHECK("[PATCH_v2] x", .patch = true, .version = 2, .title = "x");
    CHECK("[PATCH1/8] x", .patch = true, .version = 1, .part = 1, .total = 8, .title = "x");
    CHECK("[RFCv2 PATCH 2/5] x", .patch = true, .rfc = true, .version = 2, .part = 2, .total = 5,
          .tags = "RFC", .title = "x");
    CHECK("[RFC-PATCH] x", .patch = true, .rfc = true, .version = 1, .tags = "RFC", .title = "x");
    CHECK("[PATCH-RFC-v4 0/2] x", .patch = true, .rfc = true, .version = 4, .part = 0, .total = 2,
          .tags = "RFC", .title = "x");
    CHECK("[RFC/PATCH] git list style", .patch = true, .rfc = true, .version = 1, .tags = "RFC",
          .title = "git list style");
    CHECK("[PATCH/RFC 1/2] x", .patch = true, .rfc = true, .version = 1, .part = 1, .total = 2,
          .tags = "RFC", .title = "x");
    CHECK("[PATCH v4 RESEND2 0/8] x", .patch = true, .resend = true, .version = 4, .part = 0,
          .total = 8, .tags = "RESEND", .title = "x");
    /* the count of resends is no tag, whether written RESEND2 or RESEND^2 */
    CHECK("[PATCH RESEND^2] x", .patch = true, .resend = true, .version = 1,
          .tags = "RESEND", .title = "x");
    CHECK("[PATCH RESEND^3 v2 1/2] x", .patch = true, .resend = true, .version = 2, .part = 1,
          .total = 2, .tags = "RESEND", .title = "x");
    CHECK("[PATCH RFC/RFT] x", .patch = true, .rfc = true, .version = 1, .tags = "RFC,RFT",
          .title = "x");
}

static void keyword_prefix_of_ordinary_word(void **state)
{
    (void)state;
    /* "patchwork", "rfc2047", "Pullman" only begin like a keyword */
    CHECK("[patchwork] parser bug", .version = 1, .title = "parser bug");
    CHECK("[rfc2047] decoder", .version = 1, .title = "decoder");
    CHECK("[PATCH rfc2047] x", .patch = true, .version = 1, .tags = "rfc2047", .title = "x");
}

static void counter_forms(void **state)
{
    (void)state;
    CHECK("[PATCH 02/23] x", .patch = true, .version = 1, .part = 2, .total = 23, .title = "x");
    CHECK("[PATCH 012/345] x", .patch = true, .version = 1, .part = 12, .total = 345, .title = "x");
    CHECK("[PATCH 1 of 2] x", .patch = true, .version = 1, .part = 1, .total = 2, .title = "x");
    CHECK("[PATCH 2 OF 3 v2] x", .patch = true, .version = 2, .part = 2, .total = 3, .title = "x");
}

static void cover_letter(void **state)
{
    (void)state;
    CHECK("[PATCH 00/44] remove unnecessary semicolons", .patch = true, .version = 1, .part = 0,
          .total = 44, .title = "remove unnecessary semicolons");
    CHECK("[PATCH v2 0/2] Simple cover", .patch = true, .version = 2, .part = 0, .total = 2,
          .title = "Simple cover");
    CHECK("[PATCH 0 of 5] x", .patch = true, .version = 1, .part = 0, .total = 5, .title = "x");
}

static void version_after_counter(void **state)
{
    (void)state;
    CHECK("[PATCH 1/3 v2] x", .patch = true, .version = 2, .part = 1, .total = 3, .title = "x");
    CHECK("[PATCH 01/10 V3] x", .patch = true, .version = 3, .part = 1, .total = 10, .title = "x");
}

static void version_forms(void **state)
{
    (void)state;
    /* a respin between two versions keeps its number */
    CHECK("[RFC][PATCH v3a 00/11] ima: support fs-verity digests", .patch = true, .rfc = true,
          .version = 3, .part = 0, .total = 11, .tags = "RFC", .title = "ima: support fs-verity digests");
    /* v0 and v5.10 are not versions (versions start at 1; v5.10 names a tree) */
    /* the old "-v2" spelling */
    CHECK("[PATCH -v2] x", .patch = true, .version = 2, .title = "x");
    CHECK("[PATCH v0] x", .patch = true, .version = 1, .tags = "v0", .title = "x");
    CHECK("[PATCH v5.10] x", .patch = true, .version = 1, .tags = "v5.10", .title = "x");
    /* patchwork's fallback: "(v2)" at the end of the title when the groups name no
       version; inside the title it names something else (a hardware revision) */
    CHECK("[PATCH] x86: fix foo (v2)", .patch = true, .version = 2, .title = "x86: fix foo (v2)");
    CHECK("[PATCH] x86: fix foo (V12)", .patch = true, .version = 12, .title = "x86: fix foo (V12)");
    CHECK("[PATCH v3] x86: fix foo (v2)", .patch = true, .version = 3, .title = "x86: fix foo (v2)");
    CHECK("[PATCH] (V4) x", .patch = true, .version = 1, .title = "(V4) x");
    CHECK("[PATCH 1/2] drm: Add Foo (V2) Support", .patch = true, .version = 1, .part = 1,
          .total = 2, .title = "drm: Add Foo (V2) Support");
    CHECK("[PATCH] x (v) (v0)", .patch = true, .version = 1, .title = "x (v) (v0)");
    CHECK("[PATCH] x (2)", .patch = true, .version = 1, .title = "x (2)");
    CHECK("fix foo (v2)", .version = 1, .title = "fix foo (v2)");
    /* the first version wins */
    CHECK("[PATCH v2] [PATCH v3] x", .patch = true, .version = 2, .title = "x");
}

/* Issue 19, shape 10: the version at the end of a cover's subject without groups. */
static void take_title_version(void **state)
{
    (void)state;
    static const struct {
        const char *subject, *title;
        int version;
    } cases[] = {
        {"move foo above the block layer v2", "move foo above the block layer", 2},
        {"move foo above the block layer (V3)", "move foo above the block layer", 3},
        {"move foo above the block layer [v12]", "move foo above the block layer", 12},
        {"support IPv6", "support IPv6", 0},
        {"fix the v2", "fix the", 2},
        {"v2", "v2", 0},
        {"add foo(v2)", "add foo(v2)", 0},
        {"add foo v0", "add foo v0", 0},
        {"add foo [v2", "add foo [v2", 0},
        {"add foo v2)", "add foo v2)", 0},
        {"add foo (v)", "add foo (v)", 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        subject_info si;
        subject_parse(cases[i].subject, &si);
        int v = subject_take_title_version(&si);
        assert_int_equal(v, cases[i].version);
        if (v)
            assert_string_equal(si.title, cases[i].title);
        else
            assert_string_equal(si.title, cases[i].subject);
        assert_int_equal(si.version, v ? v : 1);
        subject_info_free(&si);
    }
}

static void list_tag_before_patch(void **state)
{
    (void)state;
    CHECK("[f2fs-dev] [PATCH v3 2/4] f2fs: x", .patch = true, .version = 3, .part = 2, .total = 4,
          .title = "f2fs: x");
    CHECK("[f2fs-dev][PATCH] f2fs: fsverity: modify truncation", .patch = true, .version = 1,
          .title = "f2fs: fsverity: modify truncation");
    CHECK("[Buildroot] [PATCH 01/11] package/rpi-userland: rename patches", .patch = true,
          .version = 1, .part = 1, .total = 11, .title = "package/rpi-userland: rename patches");
    CHECK("[dm-devel] [RFC PATCH 0/3] crypto: x", .patch = true, .rfc = true, .version = 1,
          .part = 0, .total = 3, .tags = "RFC", .title = "crypto: x");
}

static void several_patch_groups(void **state)
{
    (void)state;
    CHECK("[RESEND][PATCH 1/2] x", .patch = true, .resend = true, .version = 1, .part = 1,
          .total = 2, .tags = "RESEND", .title = "x");
    CHECK("[PATCH v2 1/3] [RFC] x", .patch = true, .rfc = true, .version = 2, .part = 1, .total = 3,
          .tags = "RFC", .title = "x");
    CHECK("[RFC][PATCH 06/10] cifs: define inode-level cache", .patch = true, .rfc = true,
          .version = 1, .part = 6, .total = 10, .tags = "RFC", .title = "cifs: define inode-level cache");
    /* brackets after the title has begun are title */
    CHECK("[PATCH] [RFC] rewrite [a-z] regexes", .patch = true, .rfc = true, .version = 1,
          .tags = "RFC", .title = "rewrite [a-z] regexes");
    /* a topic or tree group after the patch group ([media] on linux-media, "[PATCH][next]")
     * is not title, and its words are tags as in the patch group */
    CHECK("[PATCH] [media] v4l: fix", .patch = true, .version = 1, .tags = "media",
          .title = "v4l: fix");
    CHECK("[PATCH][next] wifi: x: Avoid -Wflex-array-member-not-at-end", .patch = true,
          .version = 1, .tags = "next", .title = "wifi: x: Avoid -Wflex-array-member-not-at-end");
    CHECK("[PATCH v2] [net-next] tcp: x", .patch = true, .version = 2, .tags = "net-next",
          .title = "tcp: x");
    CHECK("[GIT PULL] [for-next] x", .pull = true, .version = 1, .tags = "for-next", .title = "x");
    /* before the patch group a topic group is a list tag, not a tag */
    CHECK("[f2fs-dev] [PATCH] x", .patch = true, .version = 1, .title = "x");
}

static void rfc_and_resend_anywhere(void **state)
{
    (void)state;
    CHECK("[RFC PATCH v14 19/19] documentation: add ipe documentation", .patch = true, .rfc = true,
          .version = 14, .part = 19, .total = 19, .tags = "RFC",
          .title = "documentation: add ipe documentation");
    CHECK("[PATCH RFC v12 15/20] ipe: x", .patch = true, .rfc = true, .version = 12, .part = 15,
          .total = 20, .tags = "RFC", .title = "ipe: x");
    CHECK("[PATCH rfc] x", .patch = true, .rfc = true, .version = 1, .tags = "RFC", .title = "x");
    CHECK("[PATCH RESEND v7 16/17] ufs: host: x", .patch = true, .resend = true, .version = 7,
          .part = 16, .total = 17, .tags = "RESEND", .title = "ufs: host: x");
    CHECK("[PATCH v6 RESEND 5/5] crypto: LEA", .patch = true, .resend = true, .version = 6,
          .part = 5, .total = 5, .tags = "RESEND", .title = "crypto: LEA");
    CHECK("[PATCH v2 (RESEND)] x", .patch = true, .resend = true, .version = 2,
          .tags = "RESEND", .title = "x");
    CHECK("[PATCH 1/2 resend] x", .patch = true, .resend = true, .version = 1, .part = 1,
          .total = 2, .tags = "RESEND", .title = "x");
    CHECK("[RESEND RFC PATCH v2] x", .patch = true, .rfc = true, .resend = true, .version = 2,
          .tags = "RESEND,RFC", .title = "x");
    CHECK("[PATCH RFC DRAFT v2 13/13] fs: drop i_verity_info", .patch = true, .rfc = true,
          .version = 2, .part = 13, .total = 13, .tags = "RFC,DRAFT", .title = "fs: drop i_verity_info");
}

static void tree_tokens(void **state)
{
    (void)state;
    CHECK("[PATCH net-next v2 1/3] net: x", .patch = true, .version = 2, .part = 1, .total = 3,
          .tags = "net-next", .title = "net: x");
    CHECK("[PATCH -next] fs-verity: remove unused parameter", .patch = true, .version = 1,
          .tags = "-next", .title = "fs-verity: remove unused parameter");
    CHECK("[PATCH bpf-next v3] bpf: x", .patch = true, .version = 3, .tags = "bpf-next",
          .title = "bpf: x");
    CHECK("[PATCH 5.10 1/3] fscrypt: x", .patch = true, .version = 1, .part = 1, .total = 3,
          .tags = "5.10", .title = "fscrypt: x");
    CHECK("[PATCH 6.1.y] x", .patch = true, .version = 1, .tags = "6.1.y", .title = "x");
    CHECK("[PATCH AUTOSEL 5.10 021/101] fscrypt: allow 256-bit master keys", .patch = true,
          .version = 1, .part = 21, .total = 101, .tags = "AUTOSEL,5.10",
          .title = "fscrypt: allow 256-bit master keys");
    CHECK("[PATCH 5.4/4.19/4.14] fscrypt: don't ignore minor_hash", .patch = true, .version = 1,
          .tags = "5.4/4.19/4.14", .title = "fscrypt: don't ignore minor_hash");
    CHECK("[PATCH net 2/2] x", .patch = true, .version = 1, .part = 2, .total = 2, .tags = "net",
          .title = "x");
}

static void project_tokens(void **state)
{
    (void)state;
    CHECK("[fsverity-utils PATCH v2] Implement PKCS#11", .patch = true, .version = 2,
          .tags = "fsverity-utils", .title = "Implement PKCS#11");
    CHECK("[xfstests PATCH 1/2] generic: x", .patch = true, .version = 1, .part = 1, .total = 2,
          .tags = "xfstests", .title = "generic: x");
    CHECK("[man-pages RFC PATCH v2] statx.2", .patch = true, .rfc = true, .version = 2,
          .tags = "man-pages,RFC", .title = "statx.2");
    CHECK("[fsverity-utils PATCHv2] Makefile: x", .patch = true, .version = 2,
          .tags = "fsverity-utils", .title = "Makefile: x");
    /* consecutive words make one tag; a number or a marker ends it */
    CHECK("[PATCH V3 XRT Alveo 00/18] XRT Alveo driver overview", .patch = true, .version = 3,
          .part = 0, .total = 18, .tags = "XRT Alveo", .title = "XRT Alveo driver overview");
    CHECK("[PATCH i-g-t 1/2] tests: x", .patch = true, .version = 1, .part = 1, .total = 2,
          .tags = "i-g-t", .title = "tests: x");
}

static void comma_separated_group(void **state)
{
    (void)state;
    /* patchwork writes the prefixes of its mbox downloads this way */
    CHECK("[net,v2,1/2] net: ieee802154: x", .patch = true, .version = 2, .part = 1, .total = 2,
          .tags = "net", .title = "net: ieee802154: x");
    CHECK("[PATCH v2,1/3] x", .patch = true, .version = 2, .part = 1, .total = 3, .title = "x");
    /* a comma keeps words apart */
    CHECK("[PATCH XRT,Alveo] x", .patch = true, .version = 1, .tags = "XRT,Alveo", .title = "x");
}

static void tags_deduplicated_and_ordered(void **state)
{
    (void)state;
    CHECK("[RFC] [RFC PATCH net-next] [PATCH NET-NEXT] x", .patch = true, .rfc = true,
          .version = 1, .tags = "RFC,net-next", .title = "x");
    CHECK("[PATCH xfstests 2/2] [resend] x", .patch = true, .resend = true, .version = 1,
          .part = 2, .total = 2, .tags = "xfstests,RESEND", .title = "x");
    /* punctuation-only tokens are not tags; a colon ending a token is punctuation */
    CHECK("[PATCH - v2 1/3:] x", .patch = true, .version = 2, .part = 1, .total = 3, .title = "x");
}

static void bad_counters_are_tags(void **state)
{
    (void)state;
    /* part beyond total or total 0 is not a counter: part <= total always holds */
    CHECK("[RFC PATCH 20/19] extra patch", .patch = true, .rfc = true, .version = 1,
          .tags = "RFC,20/19", .title = "extra patch");
    CHECK("[PATCH 1/0] x", .patch = true, .version = 1, .tags = "1/0", .title = "x");
    CHECK("[PATCH 3 of 2] x", .patch = true, .version = 1, .tags = "3,of,2", .title = "x");
    /* numbers beyond six digits are not taken */
    CHECK("[PATCH v1234567 1/1234567] x", .patch = true, .version = 1,
          .tags = "v1234567,1/1234567", .title = "x");
}

/* ------------------------------------------------------------ pull requests */

static void pull_requests(void **state)
{
    (void)state;
    CHECK("[GIT PULL] fscrypt fix for v6.18-rc5", .pull = true, .version = 1,
          .title = "fscrypt fix for v6.18-rc5");
    CHECK("[git pull] Please pull powerpc.git next branch", .pull = true, .version = 1,
          .title = "Please pull powerpc.git next branch");
    CHECK("[GIT PULL v2] soc: updates", .pull = true, .version = 2, .title = "soc: updates");
    CHECK("[GIT PULL 1/2] arm64 fixes", .pull = true, .version = 1, .part = 1, .total = 2,
          .title = "arm64 fixes");
    CHECK("[GIT] Networking", .pull = true, .version = 1, .title = "Networking");
    CHECK("[PULL 00/12] Block layer patches", .pull = true, .version = 1, .part = 0, .total = 12,
          .title = "Block layer patches");
    CHECK("[GIT PULL REQUEST] x", .pull = true, .version = 1, .title = "x");
    CHECK("[pull-request] x", .pull = true, .version = 1, .title = "x");
    CHECK("[GIT PULL net-next] x", .pull = true, .version = 1, .tags = "net-next", .title = "x");
    CHECK("[RFC PULL] x", .pull = true, .rfc = true, .version = 1, .tags = "RFC", .title = "x");
    CHECK("[GIT-PULL] x", .pull = true, .version = 1, .title = "x");
    CHECK("[git_pull v2] x", .pull = true, .version = 2, .title = "x");
    CHECK("[gitlab] x", .version = 1, .title = "x");
    CHECK("[PATCH git-send-email] x", .patch = true, .version = 1, .tags = "git-send-email",
          .title = "x");
    /* netdev's trees name the pull request in the title */
    CHECK("pull-request: wireless-next-2024-03-04", .pull = true, .version = 1,
          .title = "pull-request: wireless-next-2024-03-04");
    CHECK("[PATCH net 0/5] pull-request: can 2024-01-01", .patch = true, .pull = true,
          .version = 1, .part = 0, .total = 5, .tags = "net",
          .title = "pull-request: can 2024-01-01");
    CHECK("Re: pull-request: bpf-next 2024-01-25", .reply = true, .pull = true, .version = 1,
          .title = "pull-request: bpf-next 2024-01-25");
    CHECK("pull request for the foo driver", .version = 1, .title = "pull request for the foo driver");
    /* qemu: the pull request is 00/12, its patches [PULL 01/12]... (patch_facts makes
     * those with a diff patches) */
    CHECK("[PULL 05/12] target/arm: x", .pull = true, .version = 1, .part = 5, .total = 12,
          .title = "target/arm: x");
    CHECK("Re: [f2fs-dev] [GIT PULL] fsverity updates for 5.11", .reply = true, .pull = true,
          .version = 1, .title = "fsverity updates for 5.11");
}

/* ------------------------------------------------------------ not patches */

static void topic_tags_are_not_patches(void **state)
{
    (void)state;
    CHECK("[syzbot] possible deadlock in fscrypt_initialize", .version = 1,
          .title = "possible deadlock in fscrypt_initialize");
    CHECK("[syzbot] [fscrypt?] WARNING in fscrypt_fname_siphash", .version = 1,
          .title = "WARNING in fscrypt_fname_siphash");
    CHECK("[bug report] fs: x", .version = 1, .title = "fs: x");
    CHECK("[BUG] kernel panic", .version = 1, .title = "kernel panic");
    CHECK("[ANNOUNCE] fsverity-utils v1.5", .version = 1, .title = "fsverity-utils v1.5");
    CHECK("[ANN] x", .version = 1, .title = "x");
    CHECK("[REGRESSION] v6.1: x", .version = 1, .title = "v6.1: x");
    CHECK("[linux-next:master] BUILD REGRESSION d04466706db5", .version = 1,
          .title = "BUILD REGRESSION d04466706db5");
    CHECK("[Kernel.org Helpdesk #80522] Please add", .version = 1, .title = "Please add");
    CHECK("[stable] ext4 circular locking", .version = 1, .title = "ext4 circular locking");
    CHECK("[fsverity-utils] 1.4: test suite does not build", .version = 1,
          .title = "1.4: test suite does not build");
    CHECK("[tip: x86/urgent] x86/fpu: fix", .version = 1, .title = "x86/fpu: fix");
    CHECK("[LSF/MM/BPF TOPIC] large folios", .version = 1, .title = "large folios");
    /* a group inside the title is title */
    CHECK("[Intel-gfx] \xe2\x9c\x97 Fi.CI.BAT: failure for series starting with [v2,1/3] drm/i915: x",
          .version = 1,
          .title = "\xe2\x9c\x97 Fi.CI.BAT: failure for series starting with [v2,1/3] drm/i915: x");
    CHECK("Semantic newlines (was: [man-pages PATCH v3] statx.2)", .version = 1,
          .title = "Semantic newlines (was: [man-pages PATCH v3] statx.2)");
    /* reports and announcements that carry a version or a counter stay what they are */
    CHECK("[ANNOUNCE v2] x", .version = 1, .title = "x");
    CHECK("[BUG 1/2] x", .version = 1, .title = "x");
    /* but a patch that fixes a bug is a patch */
    CHECK("[PATCH BUG] x", .patch = true, .version = 1, .tags = "BUG", .title = "x");
}

static void no_groups(void **state)
{
    (void)state;
    CHECK("move blk-crypto-fallback to sit above the block layer v5", .version = 1,
          .title = "move blk-crypto-fallback to sit above the block layer v5");
    CHECK("", .version = 1, .title = "");
    CHECK("   ", .version = 1, .title = "");
    /* a colon is only dropped after a group */
    CHECK(": Up entry", .version = 1, .title = ": Up entry");
    /* no unbracketed PATCH form was found in the corpora: it stays title */
    CHECK("PATCH v2 1/3: title", .version = 1, .title = "PATCH v2 1/3: title");
}

/* ------------------------------------------------------------ replies */

static void reply_prefixes(void **state)
{
    (void)state;
    /* b4's rule: any two or three letters and a colon before a group */
    CHECK("Ref: [PATCH] x", .reply = true, .patch = true, .version = 1, .title = "x");
    CHECK("Ref: x", .version = 1, .title = "Ref: x");
    static const char *const prefixes[] = {
        "Re: ", "RE: ", "re: ", "AW: ", "SV: ", "Fwd: ", "FW: ", "Fw: ", "VS: ", "Antw: ",
        "Odp: ", "Re:", "Re : ", "Re:  ", "Re[2]: ", "RE[12]:", "Re(3): ", "Re^2: ",
        "Re: Re: ", "Re: AW: Fwd: ", "RE:RE:", "\xe5\x9b\x9e\xe5\xa4\x8d\xef\xbc\x9a",
        "\xe7\xad\x94\xe5\xa4\x8d: ", "Re:\xc2\xa0", "Antwort: ", "WG: ", "TR: ", "RV: ", "RES: ",
        "ENC: ", "\xe8\xbd\xac\xe5\x8f\x91: ", "\xed\x9a\x8c\xec\x8b\xa0: ",
    };
    for (size_t i = 0; i < sizeof prefixes / sizeof prefixes[0]; i++) {
        char subject[128];
        snprintf(subject, sizeof subject, "%s[PATCH v2 1/3] fscrypt: x", prefixes[i]);
        CHECK(subject, .reply = true, .patch = true, .version = 2, .part = 1, .total = 3,
              .title = "fscrypt: x");
    }
}

static void reply_to_plain_patch(void **state)
{
    (void)state;
    CHECK("Re: [PATCH] x", .reply = true, .patch = true, .version = 1, .title = "x");
    CHECK("Re: [PATCH 5.10 0/3] fscrypt fixes for stable", .reply = true, .patch = true,
          .version = 1, .part = 0, .total = 3, .tags = "5.10", .title = "fscrypt fixes for stable");
}

static void reply_after_list_tag(void **state)
{
    (void)state;
    CHECK("[f2fs-dev] Re: [PATCH v2 0/2] Move fscrypt keyring destruction", .reply = true,
          .patch = true, .version = 2, .part = 0, .total = 2,
          .title = "Move fscrypt keyring destruction");
    CHECK("[EXTERNAL] Re: [EXT] [PATCH v2] x", .reply = true, .patch = true, .version = 2,
          .title = "x");
    /* some corporate mail systems tag external mail, with a colon */
    CHECK("Re: [External] : Re: [PATCH v2 3/4] x", .reply = true, .patch = true, .version = 2,
          .part = 3, .total = 4, .title = "x");
    CHECK("Re: [f2fs-dev] [PATCH V4 5/8] f2fs: x", .reply = true, .patch = true, .version = 4,
          .part = 5, .total = 8, .title = "f2fs: x");
}

static void reply_without_patch(void **state)
{
    (void)state;
    CHECK("Re: fscrypt and FIPS", .reply = true, .version = 1, .title = "fscrypt and FIPS");
    CHECK("Re:", .reply = true, .version = 1, .title = "");
    CHECK("Re: [syzbot] [ext4] [fscrypt] KMSAN: uninit-value", .reply = true, .version = 1,
          .title = "KMSAN: uninit-value");
    CHECK("Fwd: Hash algorithm", .reply = true, .version = 1, .title = "Hash algorithm");
}

static void words_that_only_look_like_prefixes(void **state)
{
    (void)state;
    CHECK("Rebase: x", .version = 1, .title = "Rebase: x");
    CHECK("Refs: x", .version = 1, .title = "Refs: x");
    CHECK("Re[x]: y", .version = 1, .title = "Re[x]: y");
    /* after a patch group a subsystem prefix that looks like a reply word is title */
    CHECK("[PATCH] fw: load firmware later", .patch = true, .version = 1,
          .title = "fw: load firmware later");
    CHECK("[PATCH] Re: odd", .patch = true, .version = 1, .title = "Re: odd");
}

static void b4_subset_note(void **state)
{
    (void)state;
    CHECK("Re: (subset) [PATCH v10 00/15] Support for hardware-wrapped keys", .reply = true,
          .patch = true, .version = 10, .part = 0, .total = 15,
          .title = "Support for hardware-wrapped keys");
    /* parentheses not followed by a group are title */
    CHECK("Re: (subset) x", .reply = true, .version = 1, .title = "(subset) x");
}

static void forward_wrappers(void **state)
{
    (void)state;
    CHECK("[tytso@mit.edu: Re: [PATCH v4 03/16] fs-verity: add UAPI header]", .reply = true,
          .patch = true, .version = 4, .part = 3, .total = 16, .title = "fs-verity: add UAPI header");
    CHECK("[Fwd: [PATCH 2/2] foo]", .reply = true, .patch = true, .version = 1, .part = 2,
          .total = 2, .title = "foo");
    CHECK("[joe@example.org: [GIT PULL] x] ", .reply = true, .pull = true, .version = 1,
          .title = "x");
}

/* ------------------------------------------------------------ title and hostile input */

static void title_white_space_collapsed(void **state)
{
    (void)state;
    CHECK("  Re:  [PATCH]   fscrypt:\tfix \t  left shift  ", .reply = true, .patch = true,
          .version = 1, .title = "fscrypt: fix left shift");
    CHECK("[PATCH]x", .patch = true, .version = 1, .title = "x");
    /* control characters count as white space; NO-BREAK SPACE too */
    CHECK("\x01[PATCH\x02v2]\x7f a\x1b\x1b b\xc2\xa0\xc2\xa0" "c", .patch = true, .version = 2,
          .title = "a b c");
}

static void invalid_utf8_replaced(void **state)
{
    (void)state;
    CHECK("[PATCH] caf\xe9 \xff\xfe ok \xc3\xa9", .patch = true, .version = 1,
          .title = "caf\xef\xbf\xbd \xef\xbf\xbd\xef\xbf\xbd ok \xc3\xa9");
    /* overlong and surrogate forms are invalid */
    CHECK("[PATCH] \xc0\xaf \xed\xa0\x80", .patch = true, .version = 1,
          .title = "\xef\xbf\xbd\xef\xbf\xbd \xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd");
    CHECK("[PATCH caf\xe9] x", .patch = true, .version = 1, .tags = "caf\xef\xbf\xbd", .title = "x");
}

static void unbalanced_and_nested_brackets(void **state)
{
    (void)state;
    CHECK("[PATCH v2 1/3 no closing bracket", .version = 1,
          .title = "[PATCH v2 1/3 no closing bracket");
    /* nested brackets are flattened, as b4 does */
    CHECK("[[PATCH]] x", .patch = true, .version = 1, .title = "x");
    CHECK("[PATCH v2 [net-next]] x", .patch = true, .version = 2, .tags = "net-next",
          .title = "x");
    CHECK("[PATCH [v2] 1/3] x", .patch = true, .version = 2, .part = 1, .total = 3, .title = "x");
    CHECK("[PATCH [unclosed 1/3] x", .version = 1, .title = "[PATCH [unclosed 1/3] x");
    CHECK("[PATCH] ] x", .patch = true, .version = 1, .title = "] x");
    CHECK("[PATCH v2] [unclosed", .patch = true, .version = 2, .title = "[unclosed");
    CHECK("[]  x", .version = 1, .title = "x");
}

static void null_subject(void **state)
{
    (void)state;
    subject_info si;
    subject_parse(NULL, &si);
    assert_false(si.patch);
    assert_int_equal(si.version, 1);
    assert_string_equal(si.title, "");
    assert_null(si.tags);
    subject_info_free(&si);
    assert_null(si.title);
    subject_info_free(&si); /* twice is harmless */
}

static void tags_are_bounded(void **state)
{
    (void)state;
    strbuf sb = STRBUF_INIT;
    sb_adds(&sb, "[PATCH");
    for (int i = 0; i < 100; i++)
        sb_addf(&sb, " t%d", i);
    sb_adds(&sb, "] x");
    subject_info si;
    subject_parse(sb.data, &si);
    assert_true(si.patch);
    assert_string_equal(si.tags, "t0,t1,t2,t3,t4,t5,t6,t7,t8,t9,t10,t11,t12,t13,t14,t15");
    assert_string_equal(si.title, "x");
    subject_info_free(&si);

    /* a token longer than a tag may be is dropped, the rest is kept */
    sb_reset(&sb);
    sb_adds(&sb, "[PATCH net ");
    for (int i = 0; i < 1000; i++)
        sb_addc(&sb, 'a');
    sb_adds(&sb, " v3] x");
    subject_parse(sb.data, &si);
    assert_string_equal(si.tags, "net");
    assert_int_equal(si.version, 3);
    subject_info_free(&si);
    sb_free(&sb);
}

/* Subjects of 1 MiB in the shapes that could make a naive parser slow or crash. */
static void huge_hostile_subjects(void **state)
{
    (void)state;
    const size_t mib = 1 << 20;
    static const char *const units[] = {
        "[", "]", "[a]", "[PATCH v2 1/3]", "Re: ", "[PATCH ", "a", " ", "\x01", "\xff",
        "[x@y: ", "(s) ", "1 of ", "[PATCH 1 of 2 of 3 of", "PATCHv", "\xe5\x9b\x9e",
    };
    strbuf sb = STRBUF_INIT;
    for (size_t u = 0; u < sizeof units / sizeof units[0]; u++) {
        sb_reset(&sb);
        size_t ul = strlen(units[u]);
        while (sb.len + ul <= mib)
            sb_add(&sb, units[u], ul);
        subject_info si;
        subject_parse(sb.data, &si);
        assert_non_null(si.title);
        assert_true(si.version >= 1);
        assert_true(si.part <= si.total);
        assert_true(si.tags == NULL || strlen(si.tags) <= 16 * 65);
        subject_info_free(&si);
    }
    /* thousands of patch groups: the first version and counter win */
    sb_reset(&sb);
    for (int i = 1; sb.len < mib; i++)
        sb_addf(&sb, "[PATCH v%d %d/%d tag%d]", i % 50 + 1, i % 7, 7, i);
    subject_info si;
    subject_parse(sb.data, &si);
    assert_true(si.patch);
    assert_int_equal(si.version, 2);
    assert_int_equal(si.part, 1);
    assert_int_equal(si.total, 7);
    assert_non_null(si.tags);
    assert_string_equal(si.title, "");
    subject_info_free(&si);
    sb_free(&sb);
}

/* Whether s is valid UTF-8 (shortest forms, no surrogates) without control characters. */
static bool clean_utf8(const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    while (*p) {
        unsigned c = *p, n, cp;
        if (c < 0x20 || c == 0x7f)
            return false;
        if (c < 0x80) {
            p++;
            continue;
        }
        if (c >= 0xc2 && c <= 0xdf)
            n = 1, cp = c & 0x1f;
        else if (c >= 0xe0 && c <= 0xef)
            n = 2, cp = c & 0x0f;
        else if (c >= 0xf0 && c <= 0xf4)
            n = 3, cp = c & 0x07;
        else
            return false;
        for (unsigned i = 1; i <= n; i++) {
            if ((p[i] & 0xc0) != 0x80)
                return false;
            cp = cp << 6 | (p[i] & 0x3f);
        }
        if ((n == 2 && cp < 0x800) || (n == 3 && (cp < 0x10000 || cp > 0x10ffff)) ||
            (cp >= 0xd800 && cp <= 0xdfff))
            return false;
        p += n + 1;
    }
    return true;
}

/* Random subjects made of the grammar's pieces: the invariants hold for all. */
static void random_subjects_keep_invariants(void **state)
{
    (void)state;
    static const char *const pieces[] = {
        "[", "]", "[", "]", "PATCH", "patch", "v2", "V0", "v3a", "1/3", "0/2", "3/2", "1",
        "of", "2", "Re:", "Re[2]:", "AW:", "Fwd:", " ", " ", ",", "(", ")", "(subset) ",
        "@x: ", ":", "RFC", "RESEND", "GIT", "PULL", "-", "/", "net-next", "5.10", "XRT",
        "Alveo", "\xc2\xa0", "\xff", "\xe5\x9b\x9e\xe5\xa4\x8d", "\x01", "\t", "BUG",
        "syzbot", "title", "(v7)", "^",
    };
    const size_t npieces = sizeof pieces / sizeof pieces[0];
    unsigned long long seed = 0x9e3779b97f4a7c15ULL;
    strbuf sb = STRBUF_INIT;
    for (int round = 0; round < 20000; round++) {
        sb_reset(&sb);
        seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
        int len = (int)(seed >> 59) + 1;
        for (int i = 0; i < len; i++) {
            seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
            sb_adds(&sb, pieces[(seed >> 33) % npieces]);
        }
        subject_info si;
        subject_parse(sb.data, &si);
        if (si.version < 1 || si.part < 0 || si.part > si.total || !si.title ||
            !clean_utf8(si.title) || (si.tags && (!*si.tags || !clean_utf8(si.tags) ||
                                                  strstr(si.tags, ",,") || si.tags[0] == ',')) ||
            (si.title[0] == ' ' || (*si.title && si.title[strlen(si.title) - 1] == ' '))) {
            print_error("subject \"%s\": v=%d %d/%d tags=%s title=\"%s\"\n", sb.data, si.version,
                        si.part, si.total, si.tags ? si.tags : "(null)",
                        si.title ? si.title : "(null)");
            fail();
        }
        subject_info_free(&si);
    }
    sb_free(&sb);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(plain_patch),
        cmocka_unit_test(version_and_counter),
        cmocka_unit_test(patch_word_in_any_case),
        cmocka_unit_test(patch_word_absent),
        cmocka_unit_test(keyword_glued_to_version),
        cmocka_unit_test(keyword_prefix_of_ordinary_word),
        cmocka_unit_test(counter_forms),
        cmocka_unit_test(cover_letter),
        cmocka_unit_test(version_after_counter),
        cmocka_unit_test(version_forms),
        cmocka_unit_test(list_tag_before_patch),
        cmocka_unit_test(several_patch_groups),
        cmocka_unit_test(rfc_and_resend_anywhere),
        cmocka_unit_test(tree_tokens),
        cmocka_unit_test(project_tokens),
        cmocka_unit_test(comma_separated_group),
        cmocka_unit_test(tags_deduplicated_and_ordered),
        cmocka_unit_test(bad_counters_are_tags),
        cmocka_unit_test(pull_requests),
        cmocka_unit_test(topic_tags_are_not_patches),
        cmocka_unit_test(no_groups),
        cmocka_unit_test(reply_prefixes),
        cmocka_unit_test(reply_to_plain_patch),
        cmocka_unit_test(reply_after_list_tag),
        cmocka_unit_test(reply_without_patch),
        cmocka_unit_test(words_that_only_look_like_prefixes),
        cmocka_unit_test(b4_subset_note),
        cmocka_unit_test(forward_wrappers),
        cmocka_unit_test(title_white_space_collapsed),
        cmocka_unit_test(invalid_utf8_replaced),
        cmocka_unit_test(unbalanced_and_nested_brackets),
        cmocka_unit_test(null_subject),
        cmocka_unit_test(tags_are_bounded),
        cmocka_unit_test(take_title_version),
        cmocka_unit_test(huge_hostile_subjects),
        cmocka_unit_test(random_subjects_keep_invariants),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
