/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * fuzz_subject: the subject grammar and RFC 2047 decoding on arbitrary bytes. The input
 * is decoded as a Subject value would be, then parsed; the raw bytes are parsed too.
 * Checks the documented invariants of subject_info.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_check.h"
#include "rfc2047.h"
#include "subject.h"
#include "utf8.h"

static void check_parse(const char *text)
{
    subject_info si;
    subject_parse(text, &si);
    FUZZ_CHECK(si.title != NULL && utf8_valid(si.title, strlen(si.title)));
    FUZZ_CHECK(!si.tags || utf8_valid(si.tags, strlen(si.tags)));
    FUZZ_CHECK(si.version >= 1 && si.version <= 999999);
    FUZZ_CHECK(si.part >= 0 && si.total >= 0 && si.part <= si.total);
    FUZZ_CHECK(si.total == 0 || si.total <= 999999);
    subject_info_free(&si);
    subject_info_free(&si);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = malloc(size + 1);
    memcpy(text, data, size);
    text[size] = '\0';
    check_parse(text);
    char *decoded = rfc2047_decode(text);
    FUZZ_CHECK(decoded && utf8_valid(decoded, strlen(decoded)));
    check_parse(decoded);
    /* Text that needed encoding decodes back to itself (ASCII is passed unchanged, and
     * may look like encoded words). */
    char *encoded = rfc2047_encode(decoded);
    char *again = rfc2047_decode(encoded);
    FUZZ_CHECK(!strcmp(encoded, decoded) || !strcmp(again, decoded));
    free(again);
    free(encoded);
    free(decoded);
    free(text);
    return 0;
}
