/* SPDX-License-Identifier: BSD-2-Clause */
/* Unit tests for annotate: the fields per kind, forged-field removal, and byte-exact rendering. */
#include <setjmp.h>
#include <stdbool.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "annotate.h"
#include "fixture.h"
#include "rfc2047.h"

static char *render(const char *raw, size_t len, const annotate_config *cfg, annotate_result *res)
{
    mail_message msg;
    mail_parse(&msg, raw, len);
    strbuf err = STRBUF_INIT, out = STRBUF_INIT;
    assert_int_equal(annotate_message(cfg, &msg, res, &err), 0);
    annotate_render(&msg, cfg->prefix, &res->fields, &out);
    mail_free(&msg);
    sb_free(&err);
    return sb_detach(&out);
}

static void patch_fields_in_order(void **state)
{
    (void)state;
    strbuf raw = STRBUF_INIT;
    fixture_read("mail/patch-inbody-from.eml", &raw);
    annotate_config cfg = {.prefix = "X-Patch-"};
    annotate_result res;
    char *out = render(raw.data, raw.len, &cfg, &res);
    const char *want_top =
        "X-Patch-Kind: patch\n"
        "X-Patch-Version: 3\n"
        "X-Patch-Part: 2/4\n"
        "X-Patch-Id: ";
    assert_memory_equal(out, want_top, strlen(want_top));
    assert_non_null(strstr(out, "\nX-Patch-Author: =?UTF-8?B?"));
    assert_string_equal(header_set_get(&res.fields, "Author"), "=?UTF-8?B?SsO2cmcgQXV0aG9yIDxKb2VyZ0BleGFtcGxlLm9yZz4=?=");
    assert_null(header_set_get(&res.fields, "Tags"));
    assert_null(header_set_get(&res.fields, "State")); /* no index */
    /* the rest is the input, byte for byte */
    const char *rest = strstr(out, "From: Sender");
    assert_non_null(rest);
    assert_string_equal(rest, raw.data);
    free(out);
    annotate_result_free(&res);
    sb_free(&raw);
}

static void forged_fields_removed_crlf_kept(void **state)
{
    (void)state;
    const char *raw = "From 1@z Mon Sep 17 00:00:00 2001\r\n"
                      "X-PATCH-KIND: cover\r\n"
                      "Subject: [RFC PATCH net-next v2 1/3] net: x\r\n"
                      "x-patch-version:\r\n 99\r\n"
                      "X-Patch-State: new\r\n"
                      "X-Patchwork-Hint: ignore\r\n"
                      "\r\n"
                      "X-Patch-Kind: in the body stays\r\n";
    annotate_config cfg = {.prefix = "X-Patch-"};
    annotate_result res;
    char *out = render(raw, strlen(raw), &cfg, &res);
    const char *want = "From 1@z Mon Sep 17 00:00:00 2001\r\n"
                       "X-Patch-Kind: patch\r\n"
                       "X-Patch-Version: 2\r\n"
                       "X-Patch-Part: 1/3\r\n"
                       "X-Patch-Tags: RFC,net-next\r\n"
                       "Subject: [RFC PATCH net-next v2 1/3] net: x\r\n"
                       "X-Patchwork-Hint: ignore\r\n"
                       "\r\n"
                       "X-Patch-Kind: in the body stays\r\n";
    assert_string_equal(out, want);
    free(out);
    annotate_result_free(&res);
}

static void non_patch_mail_only_loses_forged_fields(void **state)
{
    (void)state;
    const char *raw = "Subject: hello\nX-Patch-Id: 0000\nTo: a@b\n\nbody";
    annotate_config cfg = {.prefix = "X-Patch-"};
    annotate_result res;
    char *out = render(raw, strlen(raw), &cfg, &res);
    assert_string_equal(out, "Subject: hello\nTo: a@b\n\nbody");
    assert_int_equal(res.fields.n, 0);
    free(out);
    annotate_result_free(&res);
}

/* Issue 18: when the CPU budget runs out, the message gets only the removal of forged
 * fields, and the result says so; a budget that lasts changes nothing. */
static void over_budget_only_loses_forged_fields(void **state)
{
    (void)state;
    const char *raw = "Subject: [PATCH v2] x\nX-Patch-State: duplicate\n\nFix.\n---\n"
                      "diff --git a/x b/x\n--- a/x\n+++ b/x\n@@ -1 +1 @@\n-a\n+b\n";
    cpu_budget budget;
    cpu_budget_start(&budget, 0);
    annotate_config cfg = {.prefix = "X-Patch-", .budget = &budget};
    annotate_result res;
    char *out = render(raw, strlen(raw), &cfg, &res);
    assert_true(res.over_budget);
    assert_int_equal(res.fields.n, 0);
    assert_int_equal(res.facts.kind, PATCH_KIND_NONE);
    assert_string_equal(out, "Subject: [PATCH v2] x\n\nFix.\n---\n"
                             "diff --git a/x b/x\n--- a/x\n+++ b/x\n@@ -1 +1 @@\n-a\n+b\n");
    free(out);
    annotate_result_free(&res);

    cpu_budget_start(&budget, PM_ANALYSIS_TIME_LIMIT_MS);
    out = render(raw, strlen(raw), &cfg, &res);
    assert_false(res.over_budget);
    assert_non_null(strstr(out, "X-Patch-Kind: patch\nX-Patch-Version: 2\n"));
    free(out);
    annotate_result_free(&res);
}

static void other_prefix(void **state)
{
    (void)state;
    const char *raw = "Subject: [PATCH] x\nX-Patch-Kind: kept, not ours now\nX-PM-Kind: forged\n\n";
    annotate_config cfg = {.prefix = "X-PM-"};
    annotate_result res;
    char *out = render(raw, strlen(raw), &cfg, &res);
    assert_string_equal(out, "X-PM-Kind: patch\nX-PM-Version: 1\nSubject: [PATCH] x\n"
                             "X-Patch-Kind: kept, not ours now\n\n");
    free(out);
    annotate_result_free(&res);
}

static void reply_and_pull(void **state)
{
    (void)state;
    strbuf raw = STRBUF_INIT;
    fixture_read("mail/reply-review.eml", &raw);
    annotate_config cfg = {.prefix = "X-Patch-"};
    annotate_result res;
    char *out = render(raw.data, raw.len, &cfg, &res);
    assert_string_equal(header_set_get(&res.fields, "Kind"), "reply");
    assert_string_equal(header_set_get(&res.fields, "Review"), "Reviewed-by, Tested-by");
    free(out);
    annotate_result_free(&res);
    sb_reset(&raw);
    fixture_read("mail/pull.eml", &raw);
    out = render(raw.data, raw.len, &cfg, &res);
    assert_string_equal(header_set_get(&res.fields, "Kind"), "pull");
    free(out);
    annotate_result_free(&res);
    sb_free(&raw);
}

/* A test robot's reply carries a Reported-by trailer for the author to copy: it is no
   review. Shaped as the kernel test robot's replies on linux-fscrypt (lore.kernel.org). */
static void bot_reply_is_no_review(void **state)
{
    (void)state;
    const char *raw = "From: kernel test robot <lkp@intel.com>\n"
                      "Subject: Re: [PATCH 8/9] blk-crypto: optimize data unit alignment checking\n"
                      "Message-ID: <202512160419.nTnYWVyJ-lkp@intel.com>\n"
                      "In-Reply-To: <20251210152343.3666103-9-hch@lst.de>\n\n"
                      "Hi Christoph,\n\nkernel test robot noticed the following build errors:\n\n"
                      "> +\tif (x)\n\n"
                      "Tested-by: kernel test robot <lkp@intel.com>\n";
    annotate_config cfg = {.prefix = "X-Patch-"};
    annotate_result res;
    char *out = render(raw, strlen(raw), &cfg, &res);
    assert_string_equal(header_set_get(&res.fields, "Kind"), "reply");
    assert_string_equal(header_set_get(&res.fields, "Bot"), "kernel-test-robot");
    assert_null(header_set_get(&res.fields, "Review"));
    free(out);
    annotate_result_free(&res);

    /* a syzbot report is no patch mail, yet says who sent it; a person's mail is
       left without fields */
    const char *report = "From: syzbot <syzbot+7add5c56bc2a14145d20@syzkaller.appspotmail.com>\n"
                         "Subject: [syzbot] [fscrypt] KMSAN: uninit-value in fscrypt_crypt_data_unit\n\n"
                         "Hello,\n\nsyzbot found the following issue on:\n";
    out = render(report, strlen(report), &cfg, &res);
    assert_int_equal(res.fields.n, 1);
    assert_string_equal(header_set_get(&res.fields, "Bot"), "syzbot");
    assert_non_null(strstr(out, "X-Patch-Bot: syzbot\nFrom: syzbot"));
    free(out);
    annotate_result_free(&res);

    /* a configured rule */
    bot_table bots = {0};
    strbuf err = STRBUF_INIT;
    assert_int_equal(bot_table_add(&bots, "nipa", "nipa@example.org", &err), 0);
    cfg.bots = &bots;
    const char *nipa = "From: NIPA <nipa@example.org>\nSubject: Re: [PATCH] x\n\n> y\n\nAcked-by: NIPA <nipa@example.org>\n";
    out = render(nipa, strlen(nipa), &cfg, &res);
    assert_string_equal(header_set_get(&res.fields, "Bot"), "nipa");
    assert_null(header_set_get(&res.fields, "Review"));
    free(out);
    annotate_result_free(&res);
    bot_table_free(&bots);
    sb_free(&err);
}

static void subsystems_capped_with_their_lists(void **state)
{
    (void)state;
    /* seven sections for fs/a/b/c/d/e/x.c (depths 1..6 and a K: on the subject only) */
    const char *text =
        "ONE\nL:\tl1@x.org\nF:\tfs/\n\n"
        "TWO\nL:\tl2@x.org\nF:\tfs/a/\n\n"
        "THREE\nL:\tl3@x.org\nF:\tfs/a/b/\n\n"
        "FOUR\nL:\tl4@x.org\nF:\tfs/a/b/c/\n\n"
        "FIVE\nL:\tl5@x.org\nF:\tfs/a/b/c/d/\n\n"
        "SIX\nL:\tl6@x.org\nF:\tfs/a/b/c/d/e/\n\n"
        "SUBJECT WORD\nL:\tkw@x.org\nK:\tsubjectonlyword\n";
    maintainers *m;
    strbuf err = STRBUF_INIT;
    assert_int_equal(maintainers_load_buffer(text, strlen(text), &m, &err), 0);
    const char *raw = "Subject: [PATCH] fs: subjectonlyword fix\n\n---\n"
                      "diff --git a/fs/a/b/c/d/e/x.c b/fs/a/b/c/d/e/x.c\n"
                      "--- a/fs/a/b/c/d/e/x.c\n+++ b/fs/a/b/c/d/e/x.c\n@@ -1 +1 @@\n-a\n+b\n";
    annotate_config cfg = {.prefix = "X-Patch-", .maintainers = m};
    annotate_result res;
    char *out = render(raw, strlen(raw), &cfg, &res);
    size_t subsystems = 0, lists = 0;
    bool keyword = false;
    for (size_t i = 0; i < res.fields.n; i++) {
        subsystems += !strcmp(res.fields.v[i].name, "Subsystem");
        lists += !strcmp(res.fields.v[i].name, "List");
        keyword |= !strcmp(res.fields.v[i].value, "SUBJECT WORD");
    }
    assert_int_equal(subsystems, 5);
    assert_int_equal(lists, 5);
    assert_string_equal(header_set_get(&res.fields, "Subsystem"), "SIX");
    cfg.max_subsystems = 7;
    annotate_result_free(&res);
    free(out);
    out = render(raw, strlen(raw), &cfg, &res);
    keyword = false;
    for (size_t i = 0; i < res.fields.n; i++)
        keyword |= !strcmp(res.fields.v[i].value, "SUBJECT WORD");
    assert_true(keyword);
    annotate_result_free(&res);
    free(out);
    maintainers_free(m);
    sb_free(&err);
}

/* The fields given, rendered into raw (len bytes). */
static char *render_with(const char *raw, size_t len, const header_set *fields, size_t *out_len)
{
    mail_message msg;
    mail_parse(&msg, raw, len);
    strbuf out = STRBUF_INIT;
    annotate_render(&msg, "X-Patch-", fields, &out);
    mail_free(&msg);
    *out_len = out.len;
    return sb_detach(&out);
}

static void assert_rendered(const char *raw, size_t len, const header_set *fields, const char *want,
                            size_t want_len)
{
    size_t n;
    char *out = render_with(raw, len, fields, &n);
    assert_int_equal(n, want_len);
    assert_memory_equal(out, want, want_len);
    free(out);
}
#define ASSERT_RENDERED(raw, fields, want) \
    assert_rendered(raw, sizeof raw - 1, fields, want, sizeof want - 1)

/* A header that ends at a line that is no field gets the empty line there that Postfix
 * writes, so a reader that reads on to the first empty line sees no forged field. */
static void header_ended_by_a_line_that_is_no_field(void **state)
{
    (void)state;
    header_set ours = {0};
    header_set_add(&ours, "Kind", "patch");
    ASSERT_RENDERED("Subject: s\nX-Note\x80: 8-bit\nX-Patch-State: duplicate\n\nbody\n", &ours,
                    "X-Patch-Kind: patch\nSubject: s\n\nX-Note\x80: 8-bit\nX-Patch-State: duplicate\n\nbody\n");
    ASSERT_RENDERED("Subject: s\r\nX-Note\0: nul\r\nX-Patch-State: duplicate\r\n\r\n", &ours,
                    "X-Patch-Kind: patch\r\nSubject: s\r\n\r\nX-Note\0: nul\r\nX-Patch-State: duplicate\r\n\r\n");
    ASSERT_RENDERED("Subject: s\nno colon\nX-Patch-State: duplicate\n", &ours,
                    "X-Patch-Kind: patch\nSubject: s\n\nno colon\nX-Patch-State: duplicate\n");
    ASSERT_RENDERED("Subject: s\n: no name\n\n", &ours, "X-Patch-Kind: patch\nSubject: s\n\n: no name\n\n");
    ASSERT_RENDERED("Subject: s\n\xef\xbb\xbfX-Note: bom\n\n", &ours,
                    "X-Patch-Kind: patch\nSubject: s\n\n\xef\xbb\xbfX-Note: bom\n\n");
    ASSERT_RENDERED("Subject: s\ndiff --git a/x b/x\nX-Patch-State: duplicate\n", &ours,
                    "X-Patch-Kind: patch\nSubject: s\n\ndiff --git a/x b/x\nX-Patch-State: duplicate\n");
    /* a header that ends at an empty line or at the end of the input stays as it is */
    ASSERT_RENDERED("Subject: s\n\nno colon\n", &ours, "X-Patch-Kind: patch\nSubject: s\n\nno colon\n");
    ASSERT_RENDERED("Subject: s\n", &ours, "X-Patch-Kind: patch\nSubject: s\n");
    header_set_free(&ours);
}

/* A continuation line at the top never joins the last field we write, nor do ours join
 * an mbox "From " line without a line end. */
static void continuation_at_the_top_joins_none_of_ours(void **state)
{
    (void)state;
    header_set ours = {0};
    header_set_add(&ours, "Kind", "patch");
    header_set_add(&ours, "Id", "0123");
    ASSERT_RENDERED(" folded\nX-Patch-State: duplicate\nSubject: s\n\nbody\n", &ours,
                    "X-Patch-Kind: patch\nX-Patch-Id: 0123\n\n folded\nX-Patch-State: duplicate\nSubject: s\n\nbody\n");
    ASSERT_RENDERED("From a@b Mon Sep 17 00:00:00 2001", &ours,
                    "From a@b Mon Sep 17 00:00:00 2001\nX-Patch-Kind: patch\nX-Patch-Id: 0123\n");
    ASSERT_RENDERED("From a@b Mon Sep 17 00:00:00 2001\n\tfolded\n\n", &ours,
                    "From a@b Mon Sep 17 00:00:00 2001\nX-Patch-Kind: patch\nX-Patch-Id: 0123\n\n\tfolded\n\n");
    header_set_free(&ours);
}

/* Without a header and without fields of ours, what procmail reads as the header (the
 * lines after any empty ones, up to the next empty line) loses the lines that start
 * with the prefix, with their continuation lines; the rest is kept as it is. */
static void no_header_loses_what_a_reader_takes_for_ours(void **state)
{
    (void)state;
    header_set none = {0};
    ASSERT_RENDERED("\n\n folded\nX-Patch-State: duplicate\n\tmore\nx-patch-kind:reply\nother\n\n"
                    "X-Patch-State: in the body\n",
                    &none, "\n\n folded\nother\n\nX-Patch-State: in the body\n");
    ASSERT_RENDERED("\x7f" "ELF\nX-Patch-Kind: patch", &none, "\x7f" "ELF\n");
    ASSERT_RENDERED("\x7f" "ELF\x01\x02\n\nX-Patch-Kind: binary\n", &none, "\x7f" "ELF\x01\x02\n\nX-Patch-Kind: binary\n");
}

/* Python's email ends a line at a bare CR: what follows it there is no field of ours. */
static void bare_cr_hides_no_field_of_ours(void **state)
{
    (void)state;
    header_set ours = {0};
    header_set_add(&ours, "Kind", "patch");
    ASSERT_RENDERED("Subject: s\rX-Patch-State: duplicate\rTo: a@b\nCc: c\r\n x\rx-PATCH-kind: reply\r\n\r\n"
                    "body\rX-Patch-Kind: x\r\n",
                    &ours, "X-Patch-Kind: patch\nSubject: s\rTo: a@b\nCc: c\r\n x\r\n\r\nbody\rX-Patch-Kind: x\r\n");
    ASSERT_RENDERED("From a@b Mon Sep 17 00:00:00 2001\rX-Patch-State: duplicate\nSubject: s\r\rX-Patch-Id: 1\n\n", &ours,
                    "From a@b Mon Sep 17 00:00:00 2001\nX-Patch-Kind: patch\nSubject: s\r\n\n");
    header_set_free(&ours);
}

static bool holds_controls(const char *s)
{
    for (; *s; s++)
        if ((unsigned char)*s < 0x20 || *s == 0x7f)
            return true;
    return false;
}

/* What a reader gets decoding the value once, and twice, holds no control character. */
static void assert_decodes_clean(const char *value)
{
    char *once = rfc2047_decode(value);
    char *twice = rfc2047_decode(once);
    if (holds_controls(value) || holds_controls(once) || holds_controls(twice))
        fail_msg("a control character in \"%s\" decoded: \"%s\", \"%s\"", value, once, twice);
    free(once);
    free(twice);
}

/* A value that holds an encoded word is encoded, so a reader decodes it to our text and
 * no further; one whose encoded words decode to control characters is written decoded. */
static void values_decode_to_no_controls(void **state)
{
    (void)state;
    header_set hs = {0};
    header_set_add(&hs, "Tags", "RFC,=?UTF-8?Q?a=0D=0AX-Patch-State:_duplicate?=");
    assert_string_equal(hs.v[0].value, "RFC,a X-Patch-State: duplicate");
    header_set_add(&hs, "Author", "See =?UTF-8?Q?caf=C3=A9?= <a@b>");
    assert_memory_equal(hs.v[1].value, "=?UTF-8?B?", 10);
    char *once = rfc2047_decode(hs.v[1].value);
    assert_string_equal(once, "See =?UTF-8?Q?caf=C3=A9?= <a@b>");
    free(once);
    /* encoded twice: decoded until a reader that decodes twice finds no control */
    header_set_add(&hs, "Tags", "=?UTF-8?B?PT9VVEYtOD9RP2E9MDA9MEQ9MEFiPz0=?= =?x?q?=01?=");
    header_set_add(&hs, "Tags", "=?UTF-8?B?PT9VVEYtOD9CP1BUOVZWRVl0T0Q5UlAyRTlNRGs5TUVFL1BRPT0/PQ==?=");
    header_set_add(&hs, "Tags", "=?UTF-8?Q?=7F?=\x01=?x?q?=09?=");
    for (size_t i = 0; i < hs.n; i++)
        assert_decodes_clean(hs.v[i].value);
    header_set_free(&hs);

    /* the same through a subject whose encoded word decodes to another */
    const char *raw = "Subject: =?UTF-8?B?W1BBVENIID0/VVRGLTg/UT9hPTBEPTBBWC1QYXRjaC1TdGF0ZTpfZHVwbGljYXRlPz1dIHg=?=\n"
                      "From: =?UTF-8?B?PT9VVEYtOD9RP0V2ZT0wRD0wQVgtUGF0Y2gtU3RhdGU6X2R1cGxpY2F0ZT89?= <e@x>\n\n"
                      "---\ndiff --git a/x b/x\n--- a/x\n+++ b/x\n@@ -1 +1 @@\n-a\n+b\n";
    annotate_config cfg = {.prefix = "X-Patch-"};
    annotate_result res;
    char *out = render(raw, strlen(raw), &cfg, &res);
    assert_non_null(header_set_get(&res.fields, "Tags"));
    assert_non_null(header_set_get(&res.fields, "Author"));
    for (size_t i = 0; i < res.fields.n; i++)
        assert_decodes_clean(res.fields.v[i].value);
    free(out);
    annotate_result_free(&res);
}

/* A notice's Applied or Verdict only when its sender may decide (trust.h). */
static char *annotate_fixture(const char *name, const char *above, const annotate_config *cfg,
                              annotate_result *res)
{
    strbuf raw = STRBUF_INIT;
    sb_adds(&raw, above);
    fixture_read(name, &raw);
    char *out = render(raw.data, raw.len, cfg, res);
    sb_free(&raw);
    return out;
}

static me_set trusted(const char *spec)
{
    me_set set = {0};
    strbuf err = STRBUF_INIT;
    assert_int_equal(me_set_add(&set, spec, &err), 0);
    sb_free(&err);
    return set;
}

static void trusted_notice_gets_applied(void **state)
{
    (void)state;
    me_set senders = trusted("patchwork-bot+*@kernel.org");
    annotate_config cfg = {.prefix = "X-Patch-", .trusted_senders = &senders};
    annotate_result res;
    char *out = annotate_fixture("notices/patchwork-bot-series.eml",
                                 "X-Patch-Applied: evil.git main 0123456789ab\n", &cfg, &res);
    const char *want = "X-Patch-Kind: notice\n"
                       "X-Patch-Applied: jaegeuk/f2fs.git dev 06668257a355\n"
                       "X-Patch-Bot: patchwork-bot\n"
                       "Subject: Re: [f2fs-dev] [PATCH 0/6] Remove page_mapping()\n";
    assert_memory_equal(out, want, strlen(want));
    assert_null(strstr(out, "evil.git"));
    free(out);
    annotate_result_free(&res);

    /* b4 ty: one Applied per commit, 12 hex digits; pr-tracker-bot: no branch named */
    me_set people = trusted("*@kernel.dk");
    cfg.trusted_senders = &people;
    out = annotate_fixture("notices/b4-ty.eml", "", &cfg, &res);
    assert_string_equal(header_set_get(&res.fields, "Kind"), "notice");
    assert_string_equal(header_set_get(&res.fields, "Applied"), "- - c22756a9978e");
    assert_non_null(strstr(out, "X-Patch-Applied: - - bc26e2efa2c5\nX-Patch-Applied: - - bb8e2019ad61\n"));
    assert_null(header_set_get(&res.fields, "Version"));
    free(out);
    annotate_result_free(&res);
    me_set bots = trusted("pr-tracker-bot@kernel.org");
    cfg.trusted_senders = &bots;
    out = annotate_fixture("notices/pr-tracker-bot.eml", "", &cfg, &res);
    assert_string_equal(header_set_get(&res.fields, "Applied"), "torvalds/linux.git - c668da99b923");
    free(out);
    annotate_result_free(&res);
    me_set_free(&bots);
    me_set_free(&people);
    me_set_free(&senders);
}

static void untrusted_notice_gets_no_state(void **state)
{
    (void)state;
    /* the real bot's notice, but nobody trusted: its kind and bot alone */
    annotate_config cfg = {.prefix = "X-Patch-"};
    annotate_result res;
    char *out = annotate_fixture("notices/patchwork-bot-series.eml", "", &cfg, &res);
    assert_int_equal(res.fields.n, 2);
    assert_string_equal(header_set_get(&res.fields, "Kind"), "notice");
    assert_string_equal(header_set_get(&res.fields, "Bot"), "patchwork-bot");
    free(out);
    annotate_result_free(&res);

    /* a forged "pw-bot: accept" and "Applied, thanks" from a non-maintainer */
    me_set senders = trusted("kuba@kernel.org");
    cfg.trusted_senders = &senders;
    const char *forged = "From: Mallory <mallory@example.net>\n"
                         "Subject: Re: [PATCH net-next v2 2/3] net: foo: count the bar\n"
                         "In-Reply-To: <20251103101010.1234-3-ada@example.org>\n\n"
                         "> +\tstats->bar++;\n\nApplied to net-next, thanks!\n\npw-bot: accept\n";
    out = render(forged, strlen(forged), &cfg, &res);
    assert_string_equal(header_set_get(&res.fields, "Kind"), "reply");
    assert_null(header_set_get(&res.fields, "Applied"));
    assert_null(header_set_get(&res.fields, "Verdict"));
    free(out);
    annotate_result_free(&res);
    const char *verdict = "From: Mallory <mallory@example.net>\n"
                          "Subject: Re: [PATCH net-next v2 2/3] net: foo: count the bar\n\n"
                          "> +\tstats->bar++;\n\nGreat.\n\npw-bot: accept\n";
    out = render(verdict, strlen(verdict), &cfg, &res);
    assert_null(header_set_get(&res.fields, "Verdict"));
    free(out);
    annotate_result_free(&res);

    /* the trusted maintainer's own line counts; the line he quotes does not */
    out = annotate_fixture("notices/pw-bot-cr.eml", "", &cfg, &res);
    assert_string_equal(header_set_get(&res.fields, "Kind"), "reply");
    assert_string_equal(header_set_get(&res.fields, "Verdict"), "changes-requested");
    free(out);
    annotate_result_free(&res);
    me_set_free(&senders);
}

static void forged_authentication_results_give_no_state(void **state)
{
    (void)state;
    me_set senders = trusted("martin.petersen@oracle.com");
    annotate_config cfg = {.prefix = "X-Patch-", .trusted_senders = &senders,
                           .trusted_authserv_id = "mx.example.net"};
    annotate_result res;
    /* a pass claimed by another authserv-id, and none of ours */
    char *out = annotate_fixture("notices/applied-reply.eml",
                                 "Authentication-Results: mx.evil.example; dkim=pass "
                                 "header.d=oracle.com\n", &cfg, &res);
    assert_string_equal(header_set_get(&res.fields, "Kind"), "reply");
    assert_null(header_set_get(&res.fields, "Applied"));
    free(out);
    annotate_result_free(&res);
    /* ours says the signature failed; a forged pass below it is not read */
    out = annotate_fixture("notices/applied-reply.eml",
                           "Authentication-Results: mx.example.net; dkim=fail header.d=oracle.com\n"
                           "Authentication-Results: mx.example.net; dkim=pass header.d=oracle.com\n",
                           &cfg, &res);
    assert_null(header_set_get(&res.fields, "Applied"));
    free(out);
    annotate_result_free(&res);
    /* ours says it passed */
    out = annotate_fixture("notices/applied-reply.eml",
                           "Authentication-Results: mx.example.net; dkim=pass header.d=oracle.com\n",
                           &cfg, &res);
    assert_string_equal(header_set_get(&res.fields, "Applied"), "- 6.16/scsi-staging -");
    free(out);
    annotate_result_free(&res);
    me_set_free(&senders);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(patch_fields_in_order),
        cmocka_unit_test(forged_fields_removed_crlf_kept),
        cmocka_unit_test(non_patch_mail_only_loses_forged_fields),
        cmocka_unit_test(other_prefix),
        cmocka_unit_test(over_budget_only_loses_forged_fields),
        cmocka_unit_test(reply_and_pull),
        cmocka_unit_test(bot_reply_is_no_review),
        cmocka_unit_test(subsystems_capped_with_their_lists),
        cmocka_unit_test(header_ended_by_a_line_that_is_no_field),
        cmocka_unit_test(continuation_at_the_top_joins_none_of_ours),
        cmocka_unit_test(no_header_loses_what_a_reader_takes_for_ours),
        cmocka_unit_test(bare_cr_hides_no_field_of_ours),
        cmocka_unit_test(values_decode_to_no_controls),
        cmocka_unit_test(trusted_notice_gets_applied),
        cmocka_unit_test(untrusted_notice_gets_no_state),
        cmocka_unit_test(forged_authentication_results_give_no_state),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
