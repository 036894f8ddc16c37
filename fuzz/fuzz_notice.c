/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * fuzz_notice: the notice reader (notice.h) on the patch facts of arbitrary bytes.
 * Checks what it promises: a kind with a shape, verdicts only on verdicts, commits of
 * 7 to 40 lower-case hex digits, names of the allowed characters, the caps.
 */
#include <ctype.h>
#include <stdint.h>
#include <string.h>

#include "fuzz_check.h"
#include "notice.h"

static void check_name(const char *s)
{
    if (!s)
        return;
    size_t n = strlen(s);
    FUZZ_CHECK(n >= 1 && n <= 100 && s[0] != '-' && s[0] != '.');
    for (size_t i = 0; i < n; i++)
        FUZZ_CHECK(isalnum((unsigned char)s[i]) || strchr("._/+-", s[i]));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    mail_message msg;
    mail_parse(&msg, (const char *)data, size);
    patch_facts pf;
    if (patch_facts_extract(&msg, NULL, &pf)) {
        notice n;
        if (notice_read(&pf, &n)) {
            FUZZ_CHECK(n.kind != NOTICE_NONE && n.shape);
            FUZZ_CHECK((n.kind == NOTICE_VERDICT) == (n.verdict != NULL));
            check_name(n.tree);
            check_name(n.branch);
            FUZZ_CHECK(n.commits.n <= NOTICE_MAX_PATCHES && n.patches.n <= NOTICE_MAX_PATCHES);
            for (size_t i = 0; i < n.commits.n; i++) {
                size_t len = strlen(n.commits.v[i]);
                FUZZ_CHECK(len >= 7 && len <= 40);
                for (size_t j = 0; j < len; j++)
                    FUZZ_CHECK(isdigit((unsigned char)n.commits.v[i][j]) ||
                               (n.commits.v[i][j] >= 'a' && n.commits.v[i][j] <= 'f'));
            }
            for (size_t i = 0; i < n.patches.n; i++)
                FUZZ_CHECK(strlen(n.patches.v[i]) <= NOTICE_MAX_TITLE + 12);
        } else {
            FUZZ_CHECK(n.kind == NOTICE_NONE && !n.commits.n && !n.patches.n);
        }
        notice_free(&n);
    }
    patch_facts_free(&pf);
    mail_free(&msg);
    return 0;
}
