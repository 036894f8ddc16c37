/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Unit tests for auth_results_dkim_domain(): only the first Authentication-Results
 * field of the trusted authserv-id is read, only a DKIM pass counts, header.d= before
 * header.i=, comments and odd domains.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "auth_results.h"

/* The domain auth_results_dkim_domain gives for a message with these header fields. */
static void check(const char *fields, const char *id, const char *want)
{
    char raw[2048];
    snprintf(raw, sizeof raw, "%sFrom: a@example.org\nSubject: x\n\nbody\n", fields);
    mail_message msg;
    mail_parse(&msg, raw, strlen(raw));
    char *got = auth_results_dkim_domain(&msg, id);
    if (want)
        assert_string_equal(got, want);
    else
        assert_null(got);
    free(got);
    mail_free(&msg);
}

static void trusted_pass(void **state)
{
    (void)state;
    check("Authentication-Results: mx.example.net;\n"
          "\tdkim=pass (2048-bit key; unprotected) header.d=Example.ORG header.s=s1 header.b=abc;\n"
          "\tspf=pass smtp.mailfrom=example.org\n",
          "MX.example.net", "example.org");
    /* a version after the id, header.i only, a method version */
    check("Authentication-Results: mx.example.net 1; dkim/1=pass header.i=@lists.example.org\n",
          "mx.example.net", "lists.example.org");
    /* a second signature that failed does not hide the pass */
    check("Authentication-Results: mx.example.net; dkim=fail header.d=evil.example;"
          " dkim=pass header.d=example.org\n",
          "mx.example.net", "example.org");
}

static void untrusted_or_failed(void **state)
{
    (void)state;
    const char *forged =
        "Authentication-Results: mx.evil.example; dkim=pass header.d=example.org\n";
    check(forged, "mx.example.net", NULL);             /* another id: not read */
    check(forged, NULL, NULL);                          /* no trusted id: nothing */
    check("Authentication-Results: mx.example.net; dkim=fail header.d=example.org\n",
          "mx.example.net", NULL);
    check("Authentication-Results: mx.example.net; dkim=passed header.d=example.org\n",
          "mx.example.net", NULL);
    check("Authentication-Results: mx.example.net; spf=pass smtp.mailfrom=example.org\n",
          "mx.example.net", NULL);
    /* our own field comes first; a later one of the same id (the sender's) is not read */
    check("Authentication-Results: mx.example.net; dkim=none\n"
          "Authentication-Results: mx.example.net; dkim=pass header.d=example.org\n",
          "mx.example.net", NULL);
    /* "pass" inside a comment, a domain that is no host name */
    check("Authentication-Results: mx.example.net; dkim=none (dkim=pass header.d=x.org)\n",
          "mx.example.net", NULL);
    check("Authentication-Results: mx.example.net; dkim=pass header.d=exa\\mple.org\n",
          "mx.example.net", NULL);
    check("Authentication-Results: mx.example.net; dkim=pass header.d=\n", "mx.example.net",
          NULL);
    /* a prefix of our id is not our id */
    check("Authentication-Results: mx.example.net.evil; dkim=pass header.d=example.org\n",
          "mx.example.net", NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(trusted_pass),
        cmocka_unit_test(untrusted_or_failed),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
