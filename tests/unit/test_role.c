/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Unit tests for role and me: who "me" is (names, bare addresses, wildcards, whole
 * addresses without case) and the strongest role for a patch mail: a file in two
 * sections with different M:, a reviewer who is also the author, To and Cc, and the
 * X-Patch-For fields annotate writes from them.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "annotate.h"
#include "role.h"

/* fs/crypto/keyring.c is in CRYPTO (M: alice, R: bob) and in FS (M: carol, R: alice's
   colleague at example.org); the K: of KEYRING also catches it. */
static const char *maintainers_text =
    "FS\nM:\tCarol Maint <carol@fs.example.net>\nR:\tDan Review <dan@example.org>\n"
    "L:\tfs@lists.example.net\nF:\tfs/\n\n"
    "CRYPTO\nM:\tAlice Crypt <Alice@Example.org>\nR:\tBob <bob@example.com>\n"
    "R:\tweb form (no address)\nL:\tcrypto@lists.example.net\nF:\tfs/crypto/\n\n"
    "KEYRING\nR:\tCarol Maint <carol@fs.example.net>\nK:\tkeyring_magic\n\n"
    "THE REST\nM:\tLinus <torvalds@example.org>\nF:\t*\nF:\t*/\n";

static const char *patch_mail =
    "From: Bob <bob@example.com>\n"
    "To: Carol Maint <carol@fs.example.net>, \"Erin, E.\" <erin@example.net>\n"
    "Cc: frank@example.net (Frank), list@lists.example.net\n"
    "Subject: [PATCH] fscrypt: keyring_magic fix\n"
    "Message-ID: <1@example.com>\n\n"
    "From: Grace Author <grace@example.net>\n\nFix it.\n\n"
    "Signed-off-by: Grace Author <grace@example.net>\n---\n"
    "diff --git a/fs/crypto/keyring.c b/fs/crypto/keyring.c\n"
    "--- a/fs/crypto/keyring.c\n+++ b/fs/crypto/keyring.c\n@@ -1 +1 @@\n-a\n+b\n";

typedef struct role_case {
    maintainers *m;
    mail_message msg;
    patch_facts pf;
    maint_match match;
} role_case;

static void case_open(role_case *c, const char *raw)
{
    strbuf err = STRBUF_INIT;
    assert_int_equal(maintainers_load_buffer(maintainers_text, strlen(maintainers_text), &c->m, &err), 0);
    sb_free(&err);
    mail_parse(&c->msg, raw, strlen(raw));
    patch_facts_extract(&c->msg, NULL, &c->pf);
    annotate_subsystems(c->m, &c->pf, 100, &c->match);
}

static void case_close(role_case *c)
{
    maint_match_free(&c->match);
    patch_facts_free(&c->pf);
    mail_free(&c->msg);
    maintainers_free(c->m);
}

/* The role of `who` (one Me spec per entry, NULL-terminated) and the sections, joined. */
static patch_role role_of(role_case *c, const char *const *who, char *sections, size_t size)
{
    me_set me = {0};
    strbuf err = STRBUF_INIT;
    for (; *who; who++)
        assert_int_equal(me_set_add(&me, *who, &err), 0);
    string_list list = {0};
    patch_role role = patch_role_of(&me, c->m, &c->match, c->pf.author, &c->msg, &list);
    sections[0] = '\0';
    for (size_t i = 0; i < list.n; i++) {
        strncat(sections, i ? "; " : "", size - strlen(sections) - 1);
        strncat(sections, list.v[i], size - strlen(sections) - 1);
    }
    string_list_free(&list);
    me_set_free(&me);
    sb_free(&err);
    return role;
}

#define ROLE(c, s, ...) role_of((c), (const char *const[]){__VA_ARGS__, NULL}, (s), sizeof(s))

static void file_in_two_sections(void **state)
{
    (void)state;
    role_case c;
    case_open(&c, patch_mail);
    char s[256];
    /* M: of the deeper section, written in another case */
    assert_int_equal(ROLE(&c, s, "alice@example.org"), PATCH_ROLE_MAINTAINER);
    assert_string_equal(s, "CRYPTO");
    /* M: of the other section; its R: of KEYRING is weaker and not listed */
    assert_int_equal(ROLE(&c, s, "Carol <CAROL@fs.example.net>"), PATCH_ROLE_MAINTAINER);
    assert_string_equal(s, "FS");
    /* both: every section behind the role, most specific first */
    assert_int_equal(ROLE(&c, s, "alice@example.org", "carol@fs.example.net"), PATCH_ROLE_MAINTAINER);
    assert_string_equal(s, "CRYPTO; FS");
    /* THE REST is not a touched section when others are */
    assert_int_equal(ROLE(&c, s, "torvalds@example.org"), PATCH_ROLE_NONE);
    assert_string_equal(s, "");
    case_close(&c);
}

static void reviewer_who_is_also_author(void **state)
{
    (void)state;
    /* dan reviews FS and wrote the patch (in-body From): reviewer is stronger */
    char raw[2048];
    const char *grace = strstr(patch_mail, "Grace Author <grace@example.net>");
    snprintf(raw, sizeof raw, "%.*sDan Review <dan@example.org>%s", (int)(grace - patch_mail),
             patch_mail, grace + strlen("Grace Author <grace@example.net>"));
    role_case c;
    case_open(&c, raw);
    char s[256];
    assert_int_equal(ROLE(&c, s, "dan@example.org"), PATCH_ROLE_REVIEWER);
    assert_string_equal(s, "FS");
    case_close(&c);

    /* the in-body author is the author, not the sender */
    case_open(&c, patch_mail);
    assert_int_equal(ROLE(&c, s, "grace@example.net"), PATCH_ROLE_AUTHOR);
    assert_string_equal(s, "");
    /* bob sent it, but reviews CRYPTO */
    assert_int_equal(ROLE(&c, s, "bob@example.com"), PATCH_ROLE_REVIEWER);
    assert_string_equal(s, "CRYPTO");
    case_close(&c);
}

static void recipients_and_wildcards(void **state)
{
    (void)state;
    role_case c;
    case_open(&c, patch_mail);
    char s[256];
    assert_int_equal(ROLE(&c, s, "erin@example.net"), PATCH_ROLE_TO);
    assert_int_equal(ROLE(&c, s, "frank@EXAMPLE.net"), PATCH_ROLE_CC);
    /* a wildcard: every address of example.org; alice is M: of CRYPTO */
    assert_int_equal(ROLE(&c, s, "*@example.org"), PATCH_ROLE_MAINTAINER);
    assert_string_equal(s, "CRYPTO");
    assert_int_equal(ROLE(&c, s, "*@fs.example.net"), PATCH_ROLE_MAINTAINER); /* carol */
    assert_string_equal(s, "FS");
    /* a wildcard covers no subdomain: of example.net only grace, the author */
    assert_int_equal(ROLE(&c, s, "*@example.net"), PATCH_ROLE_AUTHOR);
    /* whole addresses only: no part of one is enough */
    assert_int_equal(ROLE(&c, s, "rin@example.net"), PATCH_ROLE_NONE);
    assert_int_equal(ROLE(&c, s, "erin@example.ne"), PATCH_ROLE_NONE);
    assert_int_equal(ROLE(&c, s, "lice@example.org"), PATCH_ROLE_NONE);
    assert_int_equal(ROLE(&c, s, "*@xample.org"), PATCH_ROLE_NONE);
    case_close(&c);
}

static void me_specs(void **state)
{
    (void)state;
    me_set me = {0};
    strbuf err = STRBUF_INIT;
    assert_int_equal(me_set_add(&me, "\"Biggers, Eric\" <EBiggers@kernel.org>", &err), 0);
    assert_int_equal(me_set_add(&me, "*@Example.org", &err), 0);
    assert_true(me_set_has(&me, "ebiggers@KERNEL.ORG"));
    assert_true(me_set_has(&me, "x.y@example.ORG"));
    assert_false(me_set_has(&me, "x@sub.example.org"));
    assert_false(me_set_has(&me, "biggers@kernel.org"));
    assert_false(me_set_has(&me, NULL));
    assert_int_equal(me_set_add(&me, "Eric Biggers", &err), -1);
    assert_non_null(strstr(err.data, "no address"));
    assert_int_equal(me_set_add(&me, "", &err), -1);
    me_set_free(&me);
    sb_free(&err);
}

static void annotate_writes_for_fields(void **state)
{
    (void)state;
    role_case c;
    case_open(&c, patch_mail);
    me_set me = {0};
    strbuf err = STRBUF_INIT;
    assert_int_equal(me_set_add(&me, "alice@example.org", &err), 0);
    assert_int_equal(me_set_add(&me, "carol@fs.example.net", &err), 0);
    /* one Subsystem only: For-Sections still names every section behind the role */
    annotate_config cfg = {.prefix = "X-Patch-", .maintainers = c.m, .max_subsystems = 1, .me = &me};
    annotate_result res;
    assert_int_equal(annotate_message(&cfg, &c.msg, &res, &err), 0);
    assert_string_equal(header_set_get(&res.fields, "For"), "maintainer");
    size_t n = 0;
    for (size_t i = 0; i < res.fields.n; i++) {
        if (strcmp(res.fields.v[i].name, "For-Sections"))
            continue;
        assert_string_equal(res.fields.v[i].value, n ? "FS" : "CRYPTO");
        n++;
    }
    assert_int_equal(n, 2);
    annotate_result_free(&res);

    /* without MAINTAINERS: only what the mail itself says */
    cfg.maintainers = NULL;
    me_set_free(&me);
    assert_int_equal(me_set_add(&me, "erin@example.net", &err), 0);
    assert_int_equal(annotate_message(&cfg, &c.msg, &res, &err), 0);
    assert_string_equal(header_set_get(&res.fields, "For"), "to");
    assert_null(header_set_get(&res.fields, "For-Sections"));
    annotate_result_free(&res);

    /* nobody configured: no For */
    cfg.me = NULL;
    assert_int_equal(annotate_message(&cfg, &c.msg, &res, &err), 0);
    assert_null(header_set_get(&res.fields, "For"));
    annotate_result_free(&res);
    me_set_free(&me);
    sb_free(&err);
    case_close(&c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(file_in_two_sections),
        cmocka_unit_test(reviewer_who_is_also_author),
        cmocka_unit_test(recipients_and_wildcards),
        cmocka_unit_test(me_specs),
        cmocka_unit_test(annotate_writes_for_fields),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
