/* SPDX-License-Identifier: BSD-2-Clause */
/* Unit tests for annotate: the fields per kind, forged-field removal, and byte-exact rendering. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "annotate.h"
#include "fixture.h"

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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(patch_fields_in_order),
        cmocka_unit_test(forged_fields_removed_crlf_kept),
        cmocka_unit_test(non_patch_mail_only_loses_forged_fields),
        cmocka_unit_test(other_prefix),
        cmocka_unit_test(over_budget_only_loses_forged_fields),
        cmocka_unit_test(reply_and_pull),
        cmocka_unit_test(subsystems_capped_with_their_lists),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
