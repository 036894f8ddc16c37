/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * fuzz_mbox: the mbox splitter and ">From " unquoting. Checks that spans lie inside the
 * buffer, follow each other, and that the splitter always makes progress.
 */
#include <stdint.h>
#include <string.h>

#include "fuzz_check.h"
#include "mbox.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *buf = (const char *)data;
    size_t pos = 0, prev_end = 0, count = 0;
    mbox_span m;
    strbuf sb = STRBUF_INIT;
    for (size_t before = pos; mbox_next(buf, size, &pos, &m); before = pos) {
        FUZZ_CHECK(m.from_line <= m.start && m.start <= size && m.len <= size - m.start);
        FUZZ_CHECK(m.from_line >= prev_end);
        FUZZ_CHECK(pos <= size && pos > before);
        prev_end = m.start + m.len;
        FUZZ_CHECK(++count <= size + 1);
        sb_reset(&sb);
        mbox_unquote(buf + m.start, m.len, &sb);
        FUZZ_CHECK(sb.len <= m.len);
        if (!m.quoted)
            FUZZ_CHECK(sb.len == m.len && (m.len == 0 || !memcmp(sb.data, buf + m.start, m.len)));
    }
    FUZZ_CHECK(size == 0 || count >= 1);
    sb_free(&sb);
    return 0;
}
