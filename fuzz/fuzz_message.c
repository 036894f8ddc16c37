/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * fuzz_message: the message parser and the annotation flow (no index, no MAINTAINERS)
 * on arbitrary bytes. Checks the parser's offsets and that rendering without fields
 * gives back input that holds no field of ours as it came (but for the empty line that
 * ends a header at a line that is no field). fuzz_render reads the output as readers do.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "annotate.h"
#include "fuzz_check.h"
#include "message.h"

/* True when the prefix occurs anywhere in the input, in any case. */
static bool holds_prefix(const uint8_t *data, size_t size)
{
    size_t n = strlen(PM_DEFAULT_PREFIX);
    for (size_t i = 0; i + n <= size; i++)
        if (!strncasecmp((const char *)data + i, PM_DEFAULT_PREFIX, n))
            return true;
    return false;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    mail_message msg;
    mail_parse(&msg, (const char *)data, size);
    FUZZ_CHECK(msg.header_start <= msg.header_end && msg.header_end <= msg.body_start &&
               msg.body_start <= size);
    size_t ours = 0, prev_end = msg.header_start;
    for (size_t i = 0; i < msg.nfields; i++) {
        const mail_field *f = &msg.fields[i];
        FUZZ_CHECK(f->start >= prev_end && f->start < f->end && f->end <= msg.header_end);
        FUZZ_CHECK(f->name_len > 0 && f->name_len <= f->end - f->start);
        FUZZ_CHECK(f->value != NULL);
        prev_end = f->end;
        if (header_name_is_ours(PM_DEFAULT_PREFIX, msg.raw + f->start, f->name_len))
            ours++;
    }
    free(mail_get_decoded(&msg, "Subject"));

    annotate_config cfg = {.prefix = PM_DEFAULT_PREFIX};
    annotate_result res;
    strbuf err = STRBUF_INIT;
    FUZZ_CHECK(annotate_message(&cfg, &msg, &res, &err) == 0);
    strbuf out = STRBUF_INIT;
    header_set none = {0};
    annotate_render(&msg, cfg.prefix, &none, &out);
    if (ours == 0 && !holds_prefix(data, size)) {
        /* unchanged, but for the empty line that ends a header at a line that is no field */
        size_t eol = msg.nfields && msg.body_start == msg.header_end && msg.header_end < size
                         ? (msg.crlf ? 2 : 1) : 0;
        FUZZ_CHECK(out.len == size + eol);
        FUZZ_CHECK(!memcmp(out.data, data, msg.header_end));
        FUZZ_CHECK(!memcmp(out.data + msg.header_end + eol, data + msg.header_end, size - msg.header_end));
    } else if (ours > 0) {
        FUZZ_CHECK(out.len < size);
    }
    sb_reset(&out);
    annotate_render(&msg, cfg.prefix, &res.fields, &out);
    annotate_result_free(&res);
    sb_free(&out);
    sb_free(&err);
    mail_free(&msg);
    return 0;
}
