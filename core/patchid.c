/*
 * patchid: `git patch-id --stable` of a mail body, computed by libgit2.
 *
 * git patch-id does not parse a diff strictly: it reads lines with a small state
 * machine (builtin/patch-id.c, git 2.39) that decides where the diff starts and
 * ends, which lines it hashes (each with its spaces, tabs, CR and LF removed) and
 * where one per-file digest ends and the next begins; --stable adds the digests.
 * Mail diffs are often not strict: hunk counts that do not match the body, lines
 * wrapped by the mail client, context lines whose leading space was eaten or
 * turned into a no-break space, text after the last hunk, CRLF, "\ No newline"
 * markers, header-only sections (mode change, pure rename, empty new file, which
 * git hashes together with the next file). libgit2's parser rejects many of these
 * or reads them differently.
 *
 * So this file runs git's own line reader over the text and collects, for each
 * digest git would take, the lines it hashes, whitespace removed. Each digest is
 * then written as one strict git diff section that libgit2 parses and hashes to
 * the same bytes: a `diff --git a/X b/Y` line whose paths are cut from the
 * digest's first line (or first lines, when the mail wrapped it), no `index`
 * line (so libgit2 prints no other file header line), and one hunk, counted from
 * its body, that holds the other lines in git's order: + and - lines as they are,
 * every other line (header lines such as "old mode" or "--- a/x", mangled
 * context) as a context line. git_diff_from_buffer() and git_diff_patchid() then
 * compute the id.
 *
 * What cannot be written that way is refused (-1) rather than answered wrongly:
 * a diff with a binary file (git hashes the `index` ids and starts the next
 * digest without its `diff` line, and adds the digest of nothing at the end; a
 * libgit2 digest always starts with "diff --git"), a digest whose first line is
 * not `diff --git a/.. b/..` with two paths libgit2 prints back as they are
 * (CVS-style `diff -u`, no-prefix diffs, raw non-ASCII paths), and a hashed line holding
 * a form feed or vertical tab (git keeps them, libgit2 strips them).
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

typedef struct {
    strbuf out;   /* the strict diff handed to libgit2 */
    strbuf lines; /* the lines git hashes into the current digest, whitespace removed,
                   * each ended by '\n'; lines that hash nothing are left out */
    bool unrepresentable; /* git's id cannot be had from libgit2 */
} normalizer;

static bool path_char_ok(unsigned char c)
{
    /* what libgit2 prints back without quoting; no whitespace is left here */
    return c != '"' && c != '\\' && c > 0x20 && c < 0x7f;
}

/* The two paths of a `diff --git` line, with their "a/" and "b/" and any quotes. */
typedef struct {
    const char *old, *new;
    int old_len, new_len;
} diff_paths;

/* Whether libgit2 prints the quoted path q[0..len) back as it is: q must be in the
 * form git_str_quote() writes (C escapes for BEL..CR, " and \, octal for other
 * bytes outside '!'..'~'), and its content must need quoting at all. */
static bool quoted_path_ok(const char *q, size_t len, char side)
{
    static const char letters[] = "abtnvfr";
    strbuf raw = STRBUF_INIT, again = STRBUF_INIT;
    bool ok = len >= 5 && q[0] == '"' && q[len - 1] == '"' && q[1] == side && q[2] == '/';
    bool needs_quotes = false;
    for (size_t i = 1; ok && i + 1 < len; i++) {
        unsigned char c = (unsigned char)q[i];
        if (c != '\\') {
            sb_addc(&raw, (char)c);
            continue;
        }
        const char *letter = i + 2 < len ? strchr(letters, q[i + 1]) : NULL;
        if (letter && *letter) {
            sb_addc(&raw, (char)('\a' + (letter - letters)));
            i++;
        } else if (i + 2 < len && (q[i + 1] == '"' || q[i + 1] == '\\')) {
            sb_addc(&raw, q[++i]);
        } else if (i + 4 < len && q[i + 1] >= '0' && q[i + 1] <= '3' && q[i + 2] >= '0'
                   && q[i + 2] <= '7' && q[i + 3] >= '0' && q[i + 3] <= '7') {
            sb_addc(&raw, (char)((q[i + 1] - '0') * 64 + (q[i + 2] - '0') * 8 + (q[i + 3] - '0')));
            i += 3;
        } else {
            ok = false;
        }
    }
    for (size_t i = 0; ok && i < raw.len; i++) {
        unsigned char c = (unsigned char)raw.data[i];
        if (c == '\0' || c == ' ')
            ok = false;
        else if (c >= '\a' && c <= '\r')
            sb_addf(&again, "\\%c", letters[c - '\a']);
        else if (c == '"' || c == '\\')
            sb_addf(&again, "\\%c", c);
        else if (c < '!' || c > '~')
            sb_addf(&again, "\\%03o", c);
        else
            sb_addc(&again, (char)c);
        needs_quotes |= !path_char_ok(c);
    }
    ok = ok && needs_quotes && raw.len > 2 && raw.data[2] != '/' && again.len == len - 2
         && memcmp(again.data, q + 1, len - 2) == 0;
    sb_free(&raw);
    sb_free(&again);
    return ok;
}

/* Cuts "diff--git" + two paths (whitespace already removed) into paths that libgit2
 * prints back as they are: both plain ("a/OLDb/NEW", preferring OLD == NEW) or both
 * quoted, as git writes paths with special bytes. */
static bool split_diff_line(const char *s, size_t len, diff_paths *out)
{
    static const char lead[] = "diff--git";
    size_t lead_len = sizeof lead - 1;
    if (len < lead_len || memcmp(s, lead, lead_len) != 0)
        return false;
    const char *r = s + lead_len;
    size_t rlen = len - lead_len;

    if (rlen && r[0] == '"') {
        size_t i = 1;
        while (i < rlen && r[i] != '"')
            i += r[i] == '\\' ? 2 : 1;
        if (i >= rlen || !quoted_path_ok(r, i + 1, 'a') || !quoted_path_ok(r + i + 1, rlen - i - 1, 'b'))
            return false;
        *out = (diff_paths){ r, r + i + 1, (int)(i + 1), (int)(rlen - i - 1) };
        return true;
    }
    if (rlen < 6 || memcmp(r, "a/", 2) != 0 || r[2] == '/')
        return false;
    for (size_t i = 0; i < rlen; i++)
        if (!path_char_ok((unsigned char)r[i]))
            return false;
    size_t half = rlen / 2;
    if (rlen % 2 == 0 && memcmp(r + half, "b/", 2) == 0 && memcmp(r + 2, r + half + 2, half - 2) == 0) {
        *out = (diff_paths){ r, r + half, (int)half, (int)half };
        return true;
    }
    for (size_t i = 3; i + 2 < rlen; i++) {
        if (memcmp(r + i, "b/", 2) == 0 && r[i + 2] != '/') {
            *out = (diff_paths){ r, r + i, (int)i, (int)(rlen - i) };
            return true;
        }
    }
    return false;
}

/* Longest `diff --git` line looked for when the mail wrapped it: enough for two paths. */
enum { MAX_DIFF_LINE = 8192 };

/* Writes the current digest as one diff section (see the top comment). The
 * `diff --git` line libgit2 prints must hash like the start of the digest: that
 * is its first line, or, when git's line was wrapped in the mail, the first
 * lines joined. */
static void flush_digest(normalizer *n)
{
    const char *s = n->lines.data, *end = s + n->lines.len;
    strbuf head = STRBUF_INIT;
    diff_paths paths;
    bool split = false;

    while (s < end && !split && head.len < MAX_DIFF_LINE) {
        const char *nl = memchr(s, '\n', (size_t)(end - s));
        sb_add(&head, s, (size_t)(nl - s));
        s = nl + 1;
        split = split_diff_line(head.data, head.len, &paths);
    }
    if (!split) {
        /* an empty digest (git's after a binary file) or no `diff --git a/.. b/..` */
        n->unrepresentable = true;
    } else {
        unsigned old_count = 1, new_count = 1;
        for (const char *l = s; l < end; l = (const char *)memchr(l, '\n', (size_t)(end - l)) + 1) {
            old_count += *l != '+';
            new_count += *l != '-';
        }
        /* the leading empty context line makes libgit2 print the file header
         * even when nothing else follows; it hashes nothing */
        sb_addf(&n->out, "diff --git %.*s %.*s\n--- %.*s\n+++ %.*s\n@@ -1,%u +1,%u @@\n \n",
                paths.old_len, paths.old, paths.new_len, paths.new, paths.old_len, paths.old,
                paths.new_len, paths.new, old_count, new_count);
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

/* Adds one line git hashes to the current digest; returns how many bytes git hashes. */
static size_t hash_line(normalizer *n, const line_view *l)
{
    size_t mark = n->lines.len;
    for (size_t i = 0; i < l->len; i++) {
        unsigned char c = (unsigned char)l->p[i];
        if (c == '\f' || c == '\v')
            n->unrepresentable = true;
        if (!git_isspace(c))
            sb_addc(&n->lines, (char)c);
    }
    size_t hashed = n->lines.len - mark;
    if (hashed)
        sb_addc(&n->lines, '\n');
    return hashed;
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
        patchlen += hash_line(n, &l);
    }
    if (!patchlen)
        return false;
    flush_digest(n);
    return true;
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
            git_oid_tostr(hex, 41, &oid);
            rc = 0;
        }
        git_diff_free(diff);
    }
    sb_free(&n.out);
    sb_free(&n.lines);
    return rc;
}
