/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Every message of the fscrypt public-inbox archive (7,548 messages) through the
 * annotate flow in one process: the rewritten message without X-Patch-* fields equals
 * the input without them, byte for byte, and at most one Kind field is written.
 * (tests/t_annotate_corpus.sh runs the smaller corpora through the patchmilter binary.)
 * Skips when the shared corpus is absent.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <cmocka.h>

#include "annotate.h"
#include "mail_source.h"

#define ARCHIVE PM_SHARED_DIR "/corpus/archive-linux-fscrypt/git/0.git"

/* The message without fields named X-Patch-* (and their continuation lines), looking
 * only at the header block: written line by line, independently of message.c. */
static void strip_ours(const char *m, size_t len, strbuf *out)
{
    size_t pos = 0;
    int in_header = 1, skipping = 0, first = 1;
    while (pos < len) {
        const char *nl = memchr(m + pos, '\n', len - pos);
        size_t end = nl ? (size_t)(nl - m) + 1 : len;
        const char *line = m + pos;
        size_t n = end - pos;
        int keep = 1;
        if (in_header) {
            if (first && n >= 5 && !memcmp(line, "From ", 5)) {
                /* envelope line */
            } else if ((n == 1 && line[0] == '\n') || (n == 2 && line[0] == '\r')) {
                in_header = 0;
            } else if (line[0] == ' ' || line[0] == '\t') {
                keep = !skipping;
            } else {
                size_t i = 0;
                while (i < n && (unsigned char)line[i] > 32 && (unsigned char)line[i] < 127 && line[i] != ':')
                    i++;
                size_t name_end = i;
                while (i < n && (line[i] == ' ' || line[i] == '\t'))
                    i++;
                if (name_end > 0 && i < n && line[i] == ':') {
                    skipping = n >= 8 && !strncasecmp(line, "x-patch-", 8);
                    keep = !skipping;
                } else {
                    in_header = 0;
                }
            }
            first = 0;
        }
        if (keep)
            sb_add(out, line, n);
        pos = end;
    }
}

static void archive_round_trip(void **state)
{
    (void)state;
    if (access(ARCHIVE, R_OK) != 0) {
        fprintf(stderr, "SKIP: %s absent (the shared corpus exists only in CI)\n", ARCHIVE);
        skip();
    }
    strbuf err = STRBUF_INIT;
    mail_source *src;
    mail_source_options opt = {0};
    assert_int_equal(mail_source_open(ARCHIVE, &opt, &src, &err), 0);
    annotate_config cfg = {.prefix = PM_DEFAULT_PREFIX};
    size_t count = 0, failed = 0, patch_mail = 0;
    mail_item it;
    int rc;
    while ((rc = mail_source_next(src, &it, &err)) != 0) {
        assert_true(rc > 0);
        mail_message msg;
        annotate_result res;
        strbuf out = STRBUF_INIT, a = STRBUF_INIT, b = STRBUF_INIT;
        mail_parse(&msg, it.data, it.len);
        assert_int_equal(annotate_message(&cfg, &msg, &res, &err), 0);
        annotate_render(&msg, cfg.prefix, &res.fields, &out);
        strip_ours(it.data, it.len, &a);
        strip_ours(out.data, out.len, &b);
        size_t kinds = 0;
        for (size_t i = 0; i < res.fields.n; i++)
            kinds += !strcmp(res.fields.v[i].name, "Kind");
        patch_mail += kinds;
        if (a.len != b.len || memcmp(a.data, b.data, a.len) || kinds > 1) {
            fprintf(stderr, "FAIL: %s\n", it.origin);
            failed++;
        }
        count++;
        sb_free(&out);
        sb_free(&a);
        sb_free(&b);
        annotate_result_free(&res);
        mail_free(&msg);
    }
    mail_source_close(src);
    sb_free(&err);
    printf("archive messages %zu, patch mail %zu, failed %zu\n", count, patch_mail, failed);
    assert_int_equal(count, 7548);
    assert_true(patch_mail > 7000);
    assert_int_equal(failed, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(archive_round_trip),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
