/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * fuzz_render: the annotated message read back as mail readers read it. Dovecot and
 * procmail take for the header every line up to the first empty line (procmail after
 * any empty lines at the top), Python's email ends a line at a bare CR too, and any
 * line "NAME:" is a field for some reader. Checks that every line of that header that
 * starts with our prefix (in any case) is one of the fields we wrote, all of them in
 * order, and that no value we write holds a control character once or twice RFC
 * 2047-decoded. The fields are the annotation's (no index), and one more whose value
 * is the input's first bytes, so that values take any bytes.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "annotate.h"
#include "fuzz_check.h"
#include "message.h"
#include "rfc2047.h"

#define ANY_VALUE_BYTES 300

static int has_controls(const char *s)
{
    for (; *s; s++)
        if ((unsigned char)*s < 0x20 || *s == 0x7f)
            return 1;
    return 0;
}

/* A reader's lines: ends at LF, CR LF or a bare CR; *empty set for a line that is empty
 * where LF ends lines (every reader's header ends there). Returns the end of the text. */
static size_t reader_line(const char *s, size_t pos, size_t len, size_t *next, int *empty)
{
    size_t end = pos;
    while (end < len && s[end] != '\r' && s[end] != '\n')
        end++;
    *empty = end == pos && (end == len || s[end] == '\n' || (end + 1 < len && s[end + 1] == '\n'));
    if (end < len && s[end] == '\r' && end + 1 < len && s[end + 1] == '\n')
        *next = end + 2;
    else
        *next = end < len ? end + 1 : len;
    return end;
}

/* Every header line of out that starts with the prefix is fields->v[k] for k = 0, 1, ... */
static void check_reader_sees_ours(const strbuf *out, const header_set *fields)
{
    const char *s = out->data ? out->data : "";
    size_t len = out->len, pos = 0, next, k = 0, n = strlen(PM_DEFAULT_PREFIX);
    int empty, at_line_start = 1, seen_line = 0;
    strbuf want = STRBUF_INIT;
    while (pos < len) {
        size_t end = reader_line(s, pos, len, &next, &empty);
        if (empty && at_line_start) {
            if (seen_line)
                break;
        } else {
            seen_line = 1;
            if (end - pos >= n && !strncasecmp(s + pos, PM_DEFAULT_PREFIX, n)) {
                FUZZ_CHECK(k < fields->n);
                sb_reset(&want);
                sb_addf(&want, "%s%s: %s", PM_DEFAULT_PREFIX, fields->v[k].name, fields->v[k].value);
                FUZZ_CHECK(end - pos == want.len && !memcmp(s + pos, want.data, want.len));
                k++;
            }
        }
        /* the next line starts a line for every reader only after an LF */
        at_line_start = next > 0 && s[next - 1] == '\n';
        pos = next;
    }
    FUZZ_CHECK(k == fields->n);
    sb_free(&want);
}

static void check_values_decode_clean(const header_set *fields)
{
    for (size_t i = 0; i < fields->n; i++) {
        FUZZ_CHECK(!has_controls(fields->v[i].value));
        char *once = rfc2047_decode(fields->v[i].value);
        char *twice = rfc2047_decode(once);
        FUZZ_CHECK(!has_controls(once) && !has_controls(twice));
        free(once);
        free(twice);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    mail_message msg;
    mail_parse(&msg, (const char *)data, size);
    annotate_config cfg = {.prefix = PM_DEFAULT_PREFIX};
    annotate_result res;
    strbuf err = STRBUF_INIT;
    FUZZ_CHECK(annotate_message(&cfg, &msg, &res, &err) == 0);
    char any[ANY_VALUE_BYTES + 1];
    size_t n = size < ANY_VALUE_BYTES ? size : ANY_VALUE_BYTES;
    memcpy(any, data, n);
    any[n] = '\0';
    header_set_add(&res.fields, "Tags", any);
    check_values_decode_clean(&res.fields);

    strbuf out = STRBUF_INIT;
    annotate_render(&msg, cfg.prefix, &res.fields, &out);
    check_reader_sees_ours(&out, &res.fields);
    header_set none = {0};
    sb_reset(&out);
    annotate_render(&msg, cfg.prefix, &none, &out);
    check_reader_sees_ours(&out, &none);

    annotate_result_free(&res);
    sb_free(&out);
    sb_free(&err);
    mail_free(&msg);
    return 0;
}
