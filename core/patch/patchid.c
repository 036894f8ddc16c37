/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * patchid: `git patch-id --stable` of a mail body, computed here over libcrypto's SHA-1.
 *
 * git patch-id does not parse a diff strictly: it reads lines with a small state
 * machine (get_one_patchid() in builtin/patch-id.c, git 2.39) that decides where the
 * diff starts and ends, which lines it hashes (each with its spaces, tabs, CR and LF
 * removed) and where one per-file digest ends and the next begins; --stable adds the
 * per-file SHA-1 digests as 20-byte little-endian numbers. This file is that state
 * machine, line for line:
 *
 *   - Lines are read up to and including '\n'; git then sees each as a C string, so
 *     a line ends at its first NUL.
 *   - A "\ " line longer than 12 bytes ("\ No newline at end of file") is skipped.
 *   - A line that starts with 40 hex digits, after an optional "commit " or "From ",
 *     ends the patch (or, before any diff, is skipped).
 *   - Lines before the first one starting with "diff " are skipped.
 *   - In a file header (before the "--- " line): an "index A..B" line is not hashed
 *     but its ids are kept; "GIT binary patch" or "Binary files" hashes the kept ids,
 *     closes the digest and skips lines up to the next "diff " line; "--- " starts
 *     the hunks; a line not starting with an ASCII letter ends the patch.
 *   - After a hunk's counts run out, "@@ -" starts the next hunk (not hashed), "diff "
 *     closes the digest and starts a new file, any other line ends the patch (the
 *     "-- " signature, text after the diff). Counts follow git's lenient reading of
 *     the hunk header and of the lines (" " and "-" count old, " " and "+" new).
 *   - Every other line is hashed, white space (space, tab, LF, CR) removed.
 *   - At the end the open digest is added too (the digest of nothing after a binary
 *     file, as git does).
 * A header-only section (mode change, pure rename, empty new file) has no "--- "
 * line, so git hashes it together with the next file: so does this reader.
 *
 * One deviation from reading git's code: when a binary file comes before any
 * "index" line, git hashes two buffers it never filled; git 2.39.5 gives the id of
 * two empty strings there, which is what is hashed here.
 *
 * patchid_compute() gives an id exactly when git prints one: a patch of at least one
 * "diff " line.
 */
#include "patchid.h"

#include <limits.h>
#include <openssl/evp.h>
#include <pthread.h>
#include <stdbool.h>
#include <string.h>

enum { SHA1_LEN = 20, OID_HEX_LEN = 40 };

static pthread_once_t sha1_once = PTHREAD_ONCE_INIT;
static EVP_MD *sha1_md;

static void sha1_fetch_once(void)
{
    sha1_md = EVP_MD_fetch(NULL, "SHA1", NULL);
}

/* One input line as git's C-string view sees it: up to and including '\n', cut at a NUL. */
typedef struct {
    const char *p;
    size_t len;
} line_view;

static bool line_starts(const line_view *l, const char *prefix, size_t n)
{
    return l->len >= n && memcmp(l->p, prefix, n) == 0;
}
#define STARTS(l, lit) line_starts((l), (lit), sizeof(lit) - 1)

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
    if (len < OID_HEX_LEN)
        return false;
    for (size_t i = 0; i < OID_HEX_LEN; i++)
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

/* A hunk counter minus one; a count far below zero wraps around (as git's int does on
 * the machines it runs on) instead of being undefined. */
static int decrement(int v)
{
    return (int)((unsigned)v - 1u);
}

/* The --stable sum and the digest being fed. Hashed bytes are gathered in `pending`
 * so that libcrypto is called once per few KiB, not once per line. */
typedef struct {
    EVP_MD_CTX *ctx;
    unsigned char sum[SHA1_LEN];
    unsigned char pending[8192];
    size_t pending_len;
    bool failed;
} digest_sum;

static void feed_pending(digest_sum *d)
{
    if (d->pending_len && EVP_DigestUpdate(d->ctx, d->pending, d->pending_len) != 1)
        d->failed = true;
    d->pending_len = 0;
}

static void feed(digest_sum *d, const char *p, size_t len)
{
    while (len) {
        size_t room = sizeof d->pending - d->pending_len;
        size_t n = len < room ? len : room;
        memcpy(d->pending + d->pending_len, p, n);
        d->pending_len += n;
        p += n, len -= n;
        if (d->pending_len == sizeof d->pending)
            feed_pending(d);
    }
}

/* Feeds the line with white space removed; returns how many bytes that was. */
static size_t feed_without_space(digest_sum *d, const line_view *l)
{
    size_t hashed = 0;
    for (size_t i = 0; i < l->len;) {
        if (d->pending_len == sizeof d->pending)
            feed_pending(d);
        size_t room = sizeof d->pending - d->pending_len;
        size_t n = l->len - i < room ? l->len - i : room;
        /* each byte is stored, and kept unless it is a space: no branch per byte */
        unsigned char *start = d->pending + d->pending_len, *out = start;
        for (const char *p = l->p + i, *end = p + n; p < end; p++) {
            *out = (unsigned char)*p;
            out += !git_isspace(*out);
        }
        d->pending_len += (size_t)(out - start);
        hashed += (size_t)(out - start);
        i += n;
    }
    return hashed;
}

/* git's flush_one_hunk(): adds the digest to the sum (with carry) and starts a new one. */
static void close_digest(digest_sum *d)
{
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int md_len = 0;
    feed_pending(d);
    if (EVP_DigestFinal_ex(d->ctx, md, &md_len) != 1 || md_len != SHA1_LEN
        || EVP_DigestInit_ex2(d->ctx, sha1_md, NULL) != 1) {
        d->failed = true;
        return;
    }
    unsigned carry = 0;
    for (int i = 0; i < SHA1_LEN; i++) {
        carry += (unsigned)d->sum[i] + md[i];
        d->sum[i] = (unsigned char)carry;
        carry >>= 8;
    }
}

/* git's handling of an "index A..B[ mode]" line: keeps A and B (at most 40 bytes each,
 * as strlcpy into git's buffers does); a line without ".." keeps the ids before it. */
static void keep_index_ids(const line_view *l, char pre[OID_HEX_LEN + 1], char post[OID_HEX_LEN + 1])
{
    const char *end = l->p + l->len;
    const char *ids = l->p + 6;
    const char *dots = NULL;
    for (const char *s = l->p; s + 1 < end; s++) {
        if (s[0] == '.' && s[1] == '.') {
            dots = s;
            break;
        }
    }
    if (!dots)
        return;
    const char *post_end = memchr(dots, ' ', (size_t)(end - dots));
    if (!post_end)
        post_end = end - 1; /* git cuts the last byte, normally the '\n' */
    size_t pre_len = (size_t)(dots - ids);
    const char *post_start = dots + 2;
    size_t post_len = post_end > post_start ? (size_t)(post_end - post_start) : 0;
    pre_len = pre_len > OID_HEX_LEN ? OID_HEX_LEN : pre_len;
    post_len = post_len > OID_HEX_LEN ? OID_HEX_LEN : post_len;
    memcpy(pre, ids, pre_len);
    pre[pre_len] = '\0';
    memcpy(post, post_start, post_len);
    post[post_len] = '\0';
}

/* Runs git patch-id's reader over the first patch in text; returns how many bytes it
 * hashed (git's patchlen: 0 means git prints no id). */
static size_t read_first_patch(digest_sum *d, const char *text, size_t len)
{
    size_t patchlen = 0;
    int before = -1, after = -1;
    bool diff_is_binary = false;
    char pre[OID_HEX_LEN + 1] = "", post[OID_HEX_LEN + 1] = "";
    size_t pos = 0;

    while (pos < len) {
        const char *nl = memchr(text + pos, '\n', len - pos);
        size_t whole = nl ? (size_t)(nl - (text + pos)) + 1 : len - pos;
        const char *nul = memchr(text + pos, '\0', whole);
        line_view l = { text + pos, nul ? (size_t)(nul - (text + pos)) : whole };
        pos += whole;

        const char *p = l.p;
        size_t plen = l.len;
        if (STARTS(&l, "commit ")) {
            p += 7, plen -= 7;
        } else if (STARTS(&l, "From ")) {
            p += 5, plen -= 5;
        } else if (STARTS(&l, "\\ ") && l.len > 12) {
            continue;
        }
        if (starts_with_oid(p, plen)) {
            if (patchlen)
                break;
            continue;
        }
        if (!patchlen && !STARTS(&l, "diff "))
            continue;

        if (before == -1) {
            if (STARTS(&l, "GIT binary patch") || STARTS(&l, "Binary files")) {
                diff_is_binary = true;
                before = 0;
                feed(d, pre, strlen(pre));
                feed(d, post, strlen(post));
                close_digest(d);
                continue;
            } else if (STARTS(&l, "index ")) {
                keep_index_ids(&l, pre, post);
                continue;
            } else if (STARTS(&l, "--- ")) {
                before = after = 1;
            } else if (l.len == 0 || !git_isalpha((unsigned char)l.p[0])) {
                break;
            }
        }
        if (diff_is_binary) {
            if (STARTS(&l, "diff ")) {
                diff_is_binary = false;
                before = -1;
            }
            continue;
        }
        if (before == 0 && after == 0) {
            if (STARTS(&l, "@@ -")) {
                scan_hunk_header(&l, &before, &after);
                continue;
            }
            if (!STARTS(&l, "diff "))
                break;
            close_digest(d);
            before = after = -1;
        }
        if (l.len && (l.p[0] == '-' || l.p[0] == ' '))
            before = decrement(before);
        if (l.len && (l.p[0] == '+' || l.p[0] == ' '))
            after = decrement(after);
        patchlen += feed_without_space(d, &l);
    }
    close_digest(d);
    return patchlen;
}

int patchid_compute(const char *text, size_t len, char hex[41])
{
    if (!text || !hex)
        return -1;
    pthread_once(&sha1_once, sha1_fetch_once);
    if (!sha1_md)
        return -1;
    /* every field but `pending` (8 KiB, written before it is read): zeroing it cost as
       much as a tenth of the hashing */
    digest_sum d;
    d.ctx = EVP_MD_CTX_new();
    memset(d.sum, 0, sizeof d.sum);
    d.pending_len = 0;
    d.failed = false;
    int rc = -1;
    if (d.ctx && EVP_DigestInit_ex2(d.ctx, sha1_md, NULL) == 1 && read_first_patch(&d, text, len)
        && !d.failed) {
        static const char digits[] = "0123456789abcdef";
        for (int i = 0; i < SHA1_LEN; i++) {
            hex[2 * i] = digits[d.sum[i] >> 4];
            hex[2 * i + 1] = digits[d.sum[i] & 0xf];
        }
        hex[2 * SHA1_LEN] = '\0';
        rc = 0;
    }
    EVP_MD_CTX_free(d.ctx);
    return rc;
}
