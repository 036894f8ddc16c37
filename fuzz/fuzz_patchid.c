/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * fuzz_patchid: patchid_compute() (core/patch/patchid.c) on any bytes, checked against
 * libgit2's patch-id, which is kept here only as a test oracle.
 *
 * libgit2 reads diffs strictly and hashes what it parsed, git patch-id reads lines
 * leniently: the two agree on a diff libgit2 parses and prints back byte for byte
 * (git_diff_to_buf), that is, a strict text diff in git's own form. On such input
 * our id must exist and equal libgit2's, except where libgit2 hashes otherwise than
 * git: a binary file (libgit2 hashes no index ids), a form feed or vertical tab
 * (libgit2 strips them, git keeps them), a line of a hunk that starts with a backslash
 * and is not a "\ " line of more than 12 bytes (libgit2 takes any such line for "\ No
 * newline at end of file" and leaves it out; git hashes it, and so do we:
 * tests/fixtures/regress/patchid/). Text with a NUL byte is not given to
 * libgit2 at all: libgit2 1.5 reads past its buffer printing such a diff
 * (tests/fixtures/regress/patchid/). On any input an id, when given,
 * is 40 lower-case hex digits.
 */
#include <git2.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "fuzz_check.h"
#include "patchid.h"

static bool is_lower_hex_id(const char *hex)
{
    for (int i = 0; i < 40; i++)
        if (!((hex[i] >= '0' && hex[i] <= '9') || (hex[i] >= 'a' && hex[i] <= 'f')))
            return false;
    return hex[40] == '\0';
}

static bool has_binary_file(git_diff *diff)
{
    for (size_t i = 0; i < git_diff_num_deltas(diff); i++)
        if (git_diff_get_delta(diff, i)->flags & GIT_DIFF_FLAG_BINARY)
            return true;
    return false;
}

/* A line starting with a backslash that git hashes: all but a "\ " line of more than
   12 bytes ("\ No newline at end of file"); one of 12 bytes without its newline is
   counted as hashed too (the newline decides, and the last line may have none). */
static bool has_hashed_backslash_line(const char *text, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        if ((i > 0 && text[i - 1] != '\n') || text[i] != '\\')
            continue;
        const char *nl = memchr(text + i, '\n', len - i);
        size_t n = nl ? (size_t)(nl - (text + i)) : len - i; /* without the newline */
        if (n < 13 || text[i + 1] != ' ')
            return true;
    }
    return false;
}

/* libgit2's id of text when text is a diff libgit2 prints back unchanged. */
static bool libgit2_id(const char *text, size_t len, char hex[41])
{
    static bool initialised;
    if (!initialised)
        initialised = git_libgit2_init() > 0;
    git_diff *diff = NULL;
    git_buf printed = GIT_BUF_INIT;
    git_oid oid;
    bool ok = memchr(text, '\0', len) == NULL && memchr(text, '\f', len) == NULL
              && memchr(text, '\v', len) == NULL && !has_hashed_backslash_line(text, len)
              && git_diff_from_buffer(&diff, text, len) == 0
              && git_diff_to_buf(&printed, diff, GIT_DIFF_FORMAT_PATCH) == 0
              && printed.size == len && memcmp(printed.ptr, text, len) == 0 && !has_binary_file(diff)
              && git_diff_patchid(&oid, diff, NULL) == 0;
    if (ok)
        git_oid_tostr(hex, 41, &oid);
    git_buf_dispose(&printed);
    git_diff_free(diff);
    return ok;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *text = (const char *)data;
    char ours[41], theirs[41];
    bool have_ours = patchid_compute(text, size, ours) == 0;
    if (have_ours)
        FUZZ_CHECK(is_lower_hex_id(ours));
    if (size && libgit2_id(text, size, theirs)) {
        FUZZ_CHECK(have_ours);
        FUZZ_CHECK(strcmp(ours, theirs) == 0);
    }
    return 0;
}
