/*
 * patchid: `git patch-id --stable` of a mail body, computed by libgit2.
 *
 * git patch-id does not parse a diff strictly: it reads lines with a small state
 * machine (builtin/patch-id.c, git 2.39) that decides where the diff starts and
 * ends, which lines it hashes (each with all whitespace removed) and where one
 * per-file digest ends and the next begins. Mail diffs are often not strict
 * (hunk counts that do not match the body, context lines whose leading space was
 * eaten, trailing text after the last hunk, CRLF, "\ No newline" markers,
 * header-only sections for mode changes, renames and empty new files, which git
 * folds into the digest of the next file), and libgit2's parser rejects or reads
 * many of them differently.
 *
 * So this file first runs git's own line reader over the text and collects, for
 * each digest git would take, the lines it hashes. Each digest is then written
 * out as one strict git diff section that libgit2 parses and hashes to the same
 * bytes: the `diff --git` line (libgit2 prints only that line as the file header
 * of a section without an `index` line), and one hunk whose counts are computed
 * from its body, holding the hashed lines in git's order: + and - lines as they
 * are, every other hashed line (header lines such as "old mode" or "--- a/x",
 * mangled context) as a context line. Whitespace is dropped from every line, as
 * both hashers drop it. libgit2 (git_diff_from_buffer, git_diff_patchid) then
 * computes the id.
 *
 * What cannot be written that way is refused (-1): a diff with a binary file
 * (git hashes the `index` line's ids and starts the next digest without a
 * `diff` line, so no libgit2 file section yields that digest), a digest whose
 * `diff` line is not `diff --git a/.. b/..`, and lines holding a form feed or
 * vertical tab (git keeps them, libgit2 strips them).
 */
#include "patchid.h"

#include <git2.h>
#include <limits.h>
#include <pthread.h>
#include <stdbool.h>
#include <string.h>

#include "strbuf.h"

static pthread_once_t libgit2_once = PTHREAD_ONCE_INIT;

static void libgit2_init_once(void)
{
    git_libgit2_init();
}

/* One input line as git's C-string view sees it: up to and including '\n', cut at a NUL. */
typedef struct {
    const char *p;
    size_t len;
} line_view;

static bool line_starts(const line_view *l, const char *prefix)
{
    size_t n = strlen(prefix);
    return l->len >= n && memcmp(l->p, prefix, n) == 0;
}

static bool git_isspace(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static bool git_isalpha(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static bool is_hex(unsigned char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

/* git's get_oid_hex() succeeding: 40 hex digits at p. */
static bool starts_with_oid(const char *p, size_t len)
{
    if (len < 40)
        return false;
    for (size_t i = 0; i < 40; i++)
        if (!is_hex((unsigned char)p[i]))
            return false;
    return true;
}

/* What git's atoi() gives for the text at p: glibc's (int)strtol(p, NULL, 10), which
 * skips white space, takes a sign, saturates at LONG_MAX and then keeps the low 32 bits. */
static int c_atoi(const char *p, const char *end)
{
    while (p < end && (*p == ' ' || (*p >= '\t' && *p <= '\r')))
        p++;
    bool negative = false;
    if (p < end && (*p == '-' || *p == '+'))
        negative = *p++ == '-';
    unsigned long v = 0;
    for (; p < end && *p >= '0' && *p <= '9'; p++) {
        unsigned long digit = (unsigned long)(*p - '0');
        v = v > (LONG_MAX - digit) / 10 ? (unsigned long)LONG_MAX + negative : v * 10 + digit;
    }
    if (negative)
        v = 0UL - v;
    return (int)(unsigned)v;
}

static size_t span_digits(const char *p, const char *end)
{
    size_t n = 0;
    while (p + n < end && p[n] >= '0' && p[n] <= '9')
        n++;
    return n;
}

/* git's scan_hunk_header(), including where it sets a count before giving up. */
static void scan_hunk_header(const line_view *l, int *before, int *after)
{
    const char *end = l->p + l->len;
    const char *q = l->p + 4;
    size_t n = span_digits(q, end);
    if (q + n < end && q[n] == ',') {
        q += n + 1;
        n = span_digits(q, end);
        *before = c_atoi(q, end);
    } else {
        *before = 1;
    }
    if (n == 0 || q + n + 1 >= end || q[n] != ' ' || q[n + 1] != '+')
        return;
    const char *r = q + n + 2;
    n = span_digits(r, end);
    if (r + n < end && r[n] == ',') {
        r += n + 1;
        n = span_digits(r, end);
        *after = c_atoi(r, end);
    } else {
        *after = 1;
    }
}

/* The lines git hashes into one digest, whitespace removed, each ended by '\n'
 * (a line without whitespace cannot hold one); lines that hash nothing are left out. */
typedef struct {
    strbuf out;   /* the strict diff handed to libgit2 */
    strbuf lines; /* the current digest */
    bool unrepresentable;
} normalizer;

static bool path_char_ok(unsigned char c)
{
    /* what libgit2 prints back without quoting; no whitespace is left here */
    return c != '"' && c != '\\' && c > 0x20 && c < 0x7f;
}

/* Splits "diff--gita/OLDb/NEW" (whitespace already removed) into two paths that
 * libgit2 prints back as they are, preferring OLD == NEW. */
static bool split_diff_line(const char *s, size_t len, size_t *old_len)
{
    static const char lead[] = "diff--gita/";
    size_t lead_len = sizeof lead - 1;
    if (len < lead_len || memcmp(s, lead, lead_len) != 0)
        return false;
    const char *r = s + lead_len;
    size_t rlen = len - lead_len;
    for (size_t i = 0; i < rlen; i++)
        if (!path_char_ok((unsigned char)r[i]))
            return false;
    if (rlen < 4 || r[0] == '/')
        return false;
    size_t half = (rlen - 2) / 2;
    if (rlen % 2 == 0 && memcmp(r + half, "b/", 2) == 0 && memcmp(r, r + half + 2, half) == 0) {
        *old_len = half;
        return true;
    }
    for (size_t i = 1; i + 2 < rlen; i++) {
        if (memcmp(r + i, "b/", 2) == 0 && r[i + 2] != '/') {
            *old_len = i;
            return true;
        }
    }
    return false;
}

/* Writes the current digest as one diff section (see the top comment). The
 * `diff --git` line libgit2 prints must hash like the start of the digest: that
 * is its first line, or, when git's line was wrapped in the mail, the first
 * lines joined. */
static void flush_digest(normalizer *n)
{
    const char *s = n->lines.data, *end = s + n->lines.len;
    strbuf head = STRBUF_INIT;
    size_t old_len = 0;
    bool split = false;

    while (s < end && !split) {
        const char *nl = memchr(s, '\n', (size_t)(end - s));
        sb_add(&head, s, (size_t)(nl - s));
        s = nl + 1;
        split = split_diff_line(head.data, head.len, &old_len);
    }
    if (!split) {
        /* an empty digest (git's after a binary file) or no `diff --git a/.. b/..` */
        n->unrepresentable = true;
    } else {
        const char *old = head.data + 11, *new = old + old_len + 2;
        int new_len = (int)(head.len - 11 - old_len - 2);
        unsigned old_count = 1, new_count = 1;
        for (const char *l = s; l < end; l = (const char *)memchr(l, '\n', (size_t)(end - l)) + 1) {
            old_count += *l != '+';
            new_count += *l != '-';
        }
        /* the leading empty context line makes libgit2 print the file header
         * even when nothing else follows; it hashes nothing */
        sb_addf(&n->out, "diff --git a/%.*s b/%.*s\n--- a/%.*s\n+++ b/%.*s\n@@ -1,%u +1,%u @@\n \n",
                (int)old_len, old, new_len, new, (int)old_len, old, new_len, new,
                old_count, new_count);
        for (const char *l = s; l < end;) {
            const char *nl = memchr(l, '\n', (size_t)(end - l));
            if (*l != '+' && *l != '-')
                sb_addc(&n->out, ' ');
            sb_add(&n->out, l, (size_t)(nl - l) + 1);
            l = nl + 1;
        }
    }
    sb_free(&head);
    sb_reset(&n->lines);
}

/* Adds one line git hashes to the current digest. */
static void hash_line(normalizer *n, const line_view *l)
{
    size_t mark = n->lines.len;
    for (size_t i = 0; i < l->len; i++) {
        unsigned char c = (unsigned char)l->p[i];
        if (c == '\f' || c == '\v')
            n->unrepresentable = true;
        if (!git_isspace(c))
            sb_addc(&n->lines, (char)c);
    }
    if (n->lines.len != mark)
        sb_addc(&n->lines, '\n');
}

/* Runs git patch-id's reader over the first patch in text; returns whether it had one. */
static bool normalize(normalizer *n, const char *text, size_t len)
{
    size_t patchlen = 0;
    int before = -1, after = -1;
    size_t pos = 0;

    while (pos < len) {
        const char *nl = memchr(text + pos, '\n', len - pos);
        size_t whole = nl ? (size_t)(nl - (text + pos)) + 1 : len - pos;
        const char *nul = memchr(text + pos, '\0', whole);
        line_view l = { text + pos, nul ? (size_t)(nul - (text + pos)) : whole };
        pos += whole;

        const char *p = l.p;
        size_t plen = l.len;
        if (line_starts(&l, "commit ")) {
            p += 7, plen -= 7;
        } else if (line_starts(&l, "From ")) {
            p += 5, plen -= 5;
        } else if (line_starts(&l, "\\ ") && l.len > 12) {
            continue;
        }
        if (starts_with_oid(p, plen)) {
            if (patchlen)
                break;
            continue;
        }
        if (!patchlen && !line_starts(&l, "diff "))
            continue;

        if (before == -1) {
            if (line_starts(&l, "GIT binary patch") || line_starts(&l, "Binary files")) {
                n->unrepresentable = true;
                return true;
            } else if (line_starts(&l, "index ")) {
                continue;
            } else if (line_starts(&l, "--- ")) {
                before = after = 1;
            } else if (l.len == 0 || !git_isalpha((unsigned char)l.p[0])) {
                break;
            }
        }
        if (before == 0 && after == 0) {
            if (line_starts(&l, "@@ -")) {
                scan_hunk_header(&l, &before, &after);
                continue;
            }
            if (!line_starts(&l, "diff "))
                break;
            flush_digest(n);
            before = after = -1;
        }
        /* counted as git's ints count, wrapping rather than overflowing */
        if (l.len && (l.p[0] == '-' || l.p[0] == ' '))
            before = (int)((unsigned)before - 1u);
        if (l.len && (l.p[0] == '+' || l.p[0] == ' '))
            after = (int)((unsigned)after - 1u);
        for (size_t i = 0; i < l.len; i++)
            if (!git_isspace((unsigned char)l.p[i]))
                patchlen++;
        hash_line(n, &l);
    }
    if (!patchlen)
        return false;
    flush_digest(n);
    return true;
}

static void hex_of(const git_oid *oid, char hex[41])
{
    git_oid_fmt(hex, oid);
    hex[40] = '\0';
}

int patchid_compute(const char *text, size_t len, char hex[41])
{
    normalizer n = { STRBUF_INIT, STRBUF_INIT, false };
    int rc = -1;

    if (!text || !hex)
        return -1;
    if (normalize(&n, text, len) && !n.unrepresentable) {
        git_diff *diff = NULL;
        git_oid oid;
        pthread_once(&libgit2_once, libgit2_init_once);
        if (git_diff_from_buffer(&diff, n.out.data, n.out.len) == 0
            && git_diff_patchid(&oid, diff, NULL) == 0) {
            hex_of(&oid, hex);
            rc = 0;
        }
        git_diff_free(diff);
    }
    sb_free(&n.out);
    sb_free(&n.lines);
    return rc;
}
