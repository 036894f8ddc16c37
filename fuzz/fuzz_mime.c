/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * fuzz_mime: the transfer decoders (base64, quoted-printable, format=flowed), charset
 * conversion, parameter parsing, and the MIME walk of a whole message.
 * The first input byte picks the decoder options; the rest is the data.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "codec.h"
#include "fuzz_check.h"
#include "message.h"
#include "mime.h"
#include "utf8.h"

static const char *const charsets[] = {"utf-8", "iso-8859-1", "windows-1252", "shift_jis",
                                       "utf-16", "x-unknown", "utf-7", "gb2312"};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    unsigned opt = data[0];
    const char *in = (const char *)data + 1;
    size_t len = size - 1;
    strbuf out = STRBUF_INIT;

    base64_decode(in, len, &out);
    FUZZ_CHECK(out.len <= len);
    sb_reset(&out);
    qp_decode(in, len, &out);
    FUZZ_CHECK(out.len <= len + 1);
    sb_reset(&out);
    mime_unflow(in, len, opt & 1, &out);
    sb_reset(&out);
    charset_to_utf8(charsets[(opt >> 1) & 7], in, len, &out);
    FUZZ_CHECK(utf8_valid(out.data ? out.data : "", out.len));
    sb_free(&out);

    char *value = malloc(len + 1);
    memcpy(value, in, len);
    value[len] = '\0';
    free(mime_header_param(value, "charset"));
    free(mime_header_param(value, "boundary"));
    free(value);

    mail_message msg;
    mail_parse(&msg, in, len);
    mime_parts parts;
    mime_collect(&msg, &parts);
    FUZZ_CHECK(parts.n <= MIME_MAX_PARTS);
    for (size_t i = 0; i < parts.n; i++) {
        FUZZ_CHECK(parts.v[i].text && parts.v[i].content_type);
        FUZZ_CHECK(strlen(parts.v[i].text) <= parts.v[i].len);
    }
    mime_parts_free(&parts);
    mail_free(&msg);
    return 0;
}
