/* SPDX-License-Identifier: BSD-2-Clause */
/* Unit tests for the milter callbacks, driven through the smfi_calls seam without an
 * MTA: NULL state everywhere, negotiation, deletion of forged copies highest index
 * first, insertion at index 1, aborts, the size limit and failed edits. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <libmilter/mfdef.h>

#include "callbacks.h"
#include "runtime.h"
#include "smfi_calls.h"
#include "strbuf.h"

/* A fake connection: its private pointer and the edits asked of it. */
typedef struct fake_conn {
    void *priv;
    bool setpriv_fails;
    bool edits_fail;
    strbuf edits; /* "del NAME IDX\n", "ins IDX NAME: VALUE\n" */
} fake_conn;

static void *fake_getpriv(SMFICTX *ctx)
{
    return ((fake_conn *)(void *)ctx)->priv;
}

static int fake_setpriv(SMFICTX *ctx, void *priv)
{
    fake_conn *c = (fake_conn *)(void *)ctx;
    if (c->setpriv_fails)
        return MI_FAILURE;
    c->priv = priv;
    return MI_SUCCESS;
}

static char *fake_getsymval(SMFICTX *ctx, char *name)
{
    (void)ctx;
    return !strcmp(name, "i") ? "QID1" : NULL;
}

static int fake_chgheader(SMFICTX *ctx, char *name, int idx, char *value)
{
    fake_conn *c = (fake_conn *)(void *)ctx;
    assert_null(value);
    if (c->edits_fail)
        return MI_FAILURE;
    sb_addf(&c->edits, "del %s %d\n", name, idx);
    return MI_SUCCESS;
}

static int fake_insheader(SMFICTX *ctx, int idx, char *name, char *value)
{
    fake_conn *c = (fake_conn *)(void *)ctx;
    if (c->edits_fail)
        return MI_FAILURE;
    sb_addf(&c->edits, "ins %d %s: %s\n", idx, name, value);
    return MI_SUCCESS;
}

static const pm_smfi_calls fake_calls = {
    fake_getpriv, fake_setpriv, fake_getsymval, fake_chgheader, fake_insheader,
};

static void install_runtime(const char *max_size, const char *on_error)
{
    pm_override ov[] = {{"MaximumMessageSize", max_size}, {"On-InternalError", on_error}};
    pm_runtime_source src = {NULL, ov, 2};
    strbuf err = STRBUF_INIT;
    pm_runtime *rt;
    assert_int_equal(pm_runtime_build(&src, true, &rt, &err), 0);
    pm_runtime_install(rt);
    sb_free(&err);
}

static int setup(void **state)
{
    (void)state;
    pm_smfi_calls_install(&fake_calls);
    install_runtime("1M", "accept");
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    pm_runtime_shutdown();
    pm_smfi_calls_install(NULL);
    return 0;
}

#define CTX(c) ((SMFICTX *)(void *)(c))

static void negotiate_all(fake_conn *c)
{
    unsigned long a, s, x, y;
    assert_int_equal(pm_negotiate(CTX(c), 0x1ff, 0x1fffff, 0, 0, &a, &s, &x, &y), SMFIS_CONTINUE);
}

static void send_message(fake_conn *c, const char *const *headers, const char *body)
{
    pm_envfrom(CTX(c), NULL);
    for (size_t i = 0; headers[i]; i += 2)
        pm_header(CTX(c), (char *)headers[i], (char *)headers[i + 1]);
    if (body)
        pm_body(CTX(c), (unsigned char *)body, strlen(body));
}

static void null_state_is_harmless(void **state)
{
    (void)state;
    fake_conn c = {.setpriv_fails = true};
    assert_int_equal(pm_envfrom(CTX(&c), NULL), SMFIS_CONTINUE);
    assert_int_equal(pm_header(CTX(&c), "Subject", "[PATCH] x"), SMFIS_CONTINUE);
    assert_int_equal(pm_body(CTX(&c), (unsigned char *)"x", 1), SMFIS_CONTINUE);
    assert_int_equal(pm_eom(CTX(&c)), SMFIS_CONTINUE);
    assert_int_equal(pm_abort(CTX(&c)), SMFIS_CONTINUE);
    assert_int_equal(pm_close(CTX(&c)), SMFIS_CONTINUE);
    assert_null(c.priv);
    assert_null(c.edits.data);

    fake_conn d = {0};
    assert_int_equal(pm_close(CTX(&d)), SMFIS_CONTINUE);
    assert_int_equal(pm_eom(CTX(&d)), SMFIS_CONTINUE);
    assert_int_equal(pm_abort(CTX(&d)), SMFIS_CONTINUE);
    assert_null(d.priv);
}

static void negotiation(void **state)
{
    (void)state;
    fake_conn c = {0};
    unsigned long a, s, x, y;
    assert_int_equal(pm_negotiate(CTX(&c), SMFIF_ADDHDRS, 0x1fffff, 0, 0, &a, &s, &x, &y),
                     SMFIS_REJECT);
    assert_int_equal(pm_negotiate(CTX(&c), 0x1ff, 0x1fffff, 0, 0, &a, &s, &x, &y), SMFIS_CONTINUE);
    assert_int_equal(a, SMFIF_ADDHDRS | SMFIF_CHGHDRS);
    assert_true(s & SMFIP_NOCONNECT && s & SMFIP_NOHELO && s & SMFIP_NORCPT && s & SMFIP_NOUNKNOWN);
    assert_false(s & (SMFIP_NOHDRS | SMFIP_NOBODY | SMFIP_NOMAIL | SMFIP_HDR_LEADSPC));
    assert_int_equal(pm_header(CTX(&c), "Subject", "x"), SMFIS_NOREPLY);
    assert_int_equal(pm_body(CTX(&c), (unsigned char *)"x", 1), SMFIS_NOREPLY);
    pm_close(CTX(&c));

    /* An MTA without no-reply support gets replies. */
    fake_conn d = {0};
    assert_int_equal(pm_negotiate(CTX(&d), 0x1ff, SMFIP_NOCONNECT, 0, 0, &a, &s, &x, &y),
                     SMFIS_CONTINUE);
    assert_int_equal(s, SMFIP_NOCONNECT);
    assert_int_equal(pm_header(CTX(&d), "Subject", "x"), SMFIS_CONTINUE);
    pm_close(CTX(&d));
}

static const char *const forged_headers[] = {
    "Received", "from a by b",
    "X-Patch-Version", "9",
    "Subject", "[PATCH v3 1/2] mm: fix",
    "x-patch-version", "8",
    "X-Patch-State", "duplicate",
    "X-PATCH-VERSION", "7",
    "X-Patchwork-Hint", "ignore",
    "Message-ID", "<m1@example.org>",
    NULL,
};

static void forged_copies_deleted_highest_first(void **state)
{
    (void)state;
    fake_conn c = {0};
    negotiate_all(&c);
    send_message(&c, forged_headers, "body\r\ndiff --git a/mm/x.c b/mm/x.c\r\n");
    assert_int_equal(pm_eom(CTX(&c)), SMFIS_CONTINUE);
    const char *e = c.edits.data;
    assert_non_null(e);
    assert_non_null(strstr(e, "del X-Patch-Version 3\ndel X-Patch-Version 2\ndel X-Patch-Version 1\n"));
    assert_non_null(strstr(e, "del X-Patch-State 1\n"));
    assert_null(strstr(e, "Patchwork"));
    /* Every insert at index 1, after every delete, with the prefix. */
    const char *first_ins = strstr(e, "ins ");
    assert_non_null(first_ins);
    assert_null(strstr(first_ins, "del "));
    size_t inserts = 0;
    for (const char *p = first_ins; (p = strstr(p, "ins ")); p += 4) {
        assert_memory_equal(p, "ins 1 X-Patch-", 14);
        inserts++;
    }
    assert_true(inserts >= 2);
    assert_non_null(strstr(e, "ins 1 X-Patch-Version: 3\n"));
    pm_close(CTX(&c));
    assert_null(c.priv);
    sb_free(&c.edits);
}

static void abort_forgets_the_message(void **state)
{
    (void)state;
    fake_conn c = {0};
    negotiate_all(&c);
    send_message(&c, forged_headers, "half");
    assert_int_equal(pm_abort(CTX(&c)), SMFIS_CONTINUE);
    const char *const next[] = {"Subject", "[PATCH] y", "X-Patch-Kind", "cover", NULL};
    send_message(&c, next, NULL);
    pm_eom(CTX(&c));
    assert_null(strstr(c.edits.data, "X-Patch-Version 1"));
    assert_non_null(strstr(c.edits.data, "del X-Patch-Kind 1\n"));
    assert_null(strstr(c.edits.data, "del X-Patch-Kind 2"));
    pm_close(CTX(&c));
    sb_free(&c.edits);
}

/* What the daemon waits for at a stop: messages begun on any connection and not ended
   by EOM, abort or the connection's close. */
static void messages_in_progress_counted(void **state)
{
    (void)state;
    fake_conn a = {0}, b = {0};
    negotiate_all(&a);
    negotiate_all(&b);
    const char *const headers[] = {"Subject", "[PATCH] x", NULL};
    assert_int_equal(pm_messages_in_progress(), 0);
    send_message(&a, headers, "body");
    send_message(&b, headers, NULL);
    assert_int_equal(pm_messages_in_progress(), 2);
    pm_eom(CTX(&a));
    assert_int_equal(pm_messages_in_progress(), 1);
    pm_abort(CTX(&b));
    assert_int_equal(pm_messages_in_progress(), 0);
    send_message(&a, headers, "next");
    assert_int_equal(pm_messages_in_progress(), 1);
    pm_close(CTX(&a)); /* the MTA went away mid-message */
    pm_close(CTX(&b));
    assert_int_equal(pm_messages_in_progress(), 0);
    sb_free(&a.edits);
    sb_free(&b.edits);
}

static void oversize_passes_but_loses_forged_copies(void **state)
{
    (void)state;
    pm_runtime_shutdown();
    install_runtime("100", "accept");
    fake_conn c = {0};
    negotiate_all(&c);
    const char *const hdrs[] = {"Subject", "[PATCH v2] big", "X-Patch-Kind", "cover", NULL};
    pm_envfrom(CTX(&c), NULL);
    for (size_t i = 0; hdrs[i]; i += 2)
        pm_header(CTX(&c), (char *)hdrs[i], (char *)hdrs[i + 1]);
    for (int i = 0; i < 10; i++)
        pm_body(CTX(&c), (unsigned char *)"0123456789abcdef\r\n", 18);
    assert_int_equal(pm_eom(CTX(&c)), SMFIS_CONTINUE);
    assert_string_equal(c.edits.data, "del X-Patch-Kind 1\n");
    pm_close(CTX(&c));
    sb_free(&c.edits);
}

static void failed_edits_follow_on_internal_error(void **state)
{
    (void)state;
    fake_conn c = {.edits_fail = true};
    negotiate_all(&c);
    send_message(&c, forged_headers, "x\r\n");
    assert_int_equal(pm_eom(CTX(&c)), SMFIS_CONTINUE);

    pm_runtime_shutdown();
    install_runtime("1M", "tempfail");
    send_message(&c, forged_headers, "x\r\n");
    assert_int_equal(pm_eom(CTX(&c)), SMFIS_TEMPFAIL);
    pm_close(CTX(&c));
}

/* 20,000 distinct forged names and 5,000 copies of one: all deleted, each name from its
 * highest index down, in time (names are grouped by sorting, not by a linear search). */
static void many_forged_copies(void **state)
{
    (void)state;
    fake_conn c = {0};
    negotiate_all(&c);
    pm_envfrom(CTX(&c), NULL);
    pm_header(CTX(&c), "Subject", "[PATCH] many");
    strbuf name = STRBUF_INIT;
    for (int i = 0; i < 20000; i++) {
        sb_reset(&name);
        sb_addf(&name, "X-Patch-N%d", i);
        pm_header(CTX(&c), name.data, "x");
        if (i % 4 == 0)
            pm_header(CTX(&c), i % 8 ? "x-patch-same" : "X-PATCH-SAME", "y");
    }
    assert_int_equal(pm_eom(CTX(&c)), SMFIS_CONTINUE);
    size_t deletes = 0;
    for (const char *p = c.edits.data; (p = strstr(p, "del ")); p += 4)
        deletes++;
    assert_int_equal(deletes, 25000);
    const char *first = strcasestr(c.edits.data, "SAME 5000\n");
    assert_non_null(first);
    assert_non_null(strcasestr(first, "SAME 4999\n"));
    assert_non_null(strstr(c.edits.data, "del X-Patch-N19999 1\n"));
    assert_null(strcasestr(c.edits.data, "SAME 5001"));
    pm_close(CTX(&c));
    sb_free(&name);
    sb_free(&c.edits);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(null_state_is_harmless, setup, teardown),
        cmocka_unit_test_setup_teardown(negotiation, setup, teardown),
        cmocka_unit_test_setup_teardown(forged_copies_deleted_highest_first, setup, teardown),
        cmocka_unit_test_setup_teardown(abort_forgets_the_message, setup, teardown),
        cmocka_unit_test_setup_teardown(messages_in_progress_counted, setup, teardown),
        cmocka_unit_test_setup_teardown(oversize_passes_but_loses_forged_copies, setup, teardown),
        cmocka_unit_test_setup_teardown(failed_edits_follow_on_internal_error, setup, teardown),
        cmocka_unit_test_setup_teardown(many_forged_copies, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
