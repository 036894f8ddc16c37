/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * fuzz_maintainers: the MAINTAINERS parser and matcher. The input is the file; the
 * matcher is then asked about a few paths and about the input's own lines as
 * patch text, so K: and N: regexes run on hostile text.
 */
#include <stdint.h>
#include <string.h>

#include "fuzz_check.h"
#include "maintainers.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    maintainers *m;
    strbuf err = STRBUF_INIT;
    if (maintainers_load_buffer((const char *)data, size, &m, &err) < 0) {
        FUZZ_CHECK(err.len > 0);
        sb_free(&err);
        return 0;
    }
    maint_stats st;
    maintainers_stats(m, &st);
    string_list files = {0};
    string_list_add(&files, "drivers/net/ethernet/intel/e1000/e1000_main.c");
    string_list_add(&files, "fs/crypto/keyring.c");
    string_list_add(&files, ".../crypto/policy.c");
    string_list_add(&files, "MAINTAINERS");
    /* The first line of the input as a path too. */
    const char *nl = memchr(data, '\n', size);
    string_list_addn(&files, (const char *)data, nl ? (size_t)(nl - (const char *)data) : size);
    maint_match r;
    maintainers_match(m, &files, (const char *)data, size, &r);
    FUZZ_CHECK(r.sections.n <= st.sections + 1);
    maint_match_limit(&r, 2);
    FUZZ_CHECK(r.sections.n <= 2);
    maint_match_free(&r);
    string_list_free(&files);
    maintainers_free(m);
    sb_free(&err);
    return 0;
}
