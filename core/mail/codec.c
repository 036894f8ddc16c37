/* SPDX-License-Identifier: BSD-2-Clause */
/* codec: base64, quoted-printable and charset conversion (see codec.h). */
#include "codec.h"

#include <errno.h>
#include <iconv.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include <strings.h>

#include "utf8.h"

static int hex_value(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    return -1;
}

void qp_decode(const char *in, size_t len, strbuf *out)
{
    sb_grow(out, len);
    size_t i = 0;
    while (i < len) {
        const char *eq = memchr(in + i, '=', len - i);
        size_t run = eq ? (size_t)(eq - in) - i : len - i;
        if (run) {
            sb_add(out, in + i, run);
            i += run;
            continue;
        }
        /* soft line break: '=' then optional white space then end of line */
        size_t j = i + 1;
        while (j < len && (in[j] == ' ' || in[j] == '\t'))
            j++;
        if (j < len && (in[j] == '\n' || (in[j] == '\r' && j + 1 < len && in[j + 1] == '\n'))) {
            i = j + (in[j] == '\r' ? 2 : 1);
            continue;
        }
        if (j == len) {
            i = len;
            continue;
        }
        int hi = i + 1 < len ? hex_value(in[i + 1]) : -1;
        int lo = i + 2 < len ? hex_value(in[i + 2]) : -1;
        if (hi >= 0 && lo >= 0) {
            sb_addc(out, (char)(hi * 16 + lo));
            i += 3;
        } else {
            sb_addc(out, '=');
            i++;
        }
    }
}

static int b64_value(unsigned char c)
{
    if (c >= 'A' && c <= 'Z')
        return c - 'A';
    if (c >= 'a' && c <= 'z')
        return c - 'a' + 26;
    if (c >= '0' && c <= '9')
        return c - '0' + 52;
    if (c == '+' || c == '-')
        return 62;
    if (c == '/' || c == '_')
        return 63;
    return -1;
}

void base64_decode(const char *in, size_t len, strbuf *out)
{
    sb_grow(out, len / 4 * 3 + 3);
    unsigned acc = 0;
    int bits = 0;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)in[i];
        if (c == '=')
            break;
        int v = b64_value(c);
        if (v < 0)
            continue;
        acc = (acc << 6) | (unsigned)v;
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            sb_addc(out, (char)((acc >> bits) & 0xFF));
        }
    }
}

static const char b64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

void base64_encode(const char *bytes, size_t n, strbuf *out)
{
    const unsigned char *in = (const unsigned char *)bytes;
    for (size_t i = 0; i < n; i += 3) {
        unsigned v = (unsigned)in[i] << 16;
        if (i + 1 < n)
            v |= (unsigned)in[i + 1] << 8;
        if (i + 2 < n)
            v |= in[i + 2];
        sb_addc(out, b64[(v >> 18) & 63]);
        sb_addc(out, b64[(v >> 12) & 63]);
        sb_addc(out, i + 1 < n ? b64[(v >> 6) & 63] : '=');
        sb_addc(out, i + 2 < n ? b64[v & 63] : '=');
    }
}

/* How many bytes at the start of p are 0x01..0x7f (ASCII without NUL): eight at a
   time while none of the eight is NUL or above 0x7f (subtracting 1 from each byte
   borrows, setting a high bit, only from a NUL), then byte by byte. */
static size_t ascii_run(const unsigned char *p, size_t len)
{
    const uint64_t ones = 0x0101010101010101u, highs = 0x8080808080808080u;
    size_t i = 0;
    for (uint64_t w; i + 8 <= len; i += 8) {
        memcpy(&w, p + i, 8);
        if (((w - ones) | w) & highs)
            break;
    }
    while (i < len && (unsigned char)(p[i] - 1) < 0x7f)
        i++;
    return i;
}

/* Appends bytes that should be UTF-8: valid sequences as they are, other bytes as
 * Latin-1, NUL dropped. */
static void append_utf8_or_latin1(const char *bytes, size_t len, strbuf *out)
{
    const unsigned char *p = (const unsigned char *)bytes;
    size_t i = 0;
    sb_grow(out, len);
    while (i < len) {
        size_t run = i + ascii_run(p + i, len - i);
        if (run > i) {
            sb_add(out, p + i, run - i);
            i = run;
            continue;
        }
        if (!p[i]) {
            i++;
            continue;
        }
        size_t k = utf8_sequence_len(p + i, len - i);
        if (k) {
            sb_add(out, p + i, k);
            i += k;
        } else {
            sb_addc(out, (char)(0xC0 | (p[i] >> 6)));
            sb_addc(out, (char)(0x80 | (p[i] & 0x3F)));
            i++;
        }
    }
}

/* Appends converter output, replacing what is still not UTF-8 with U+FFFD (glibc's
 * UTF-8 decoder passes sequences above U+10FFFF), NUL dropped. */
static void append_checked_utf8(const char *bytes, size_t len, strbuf *out)
{
    const unsigned char *p = (const unsigned char *)bytes;
    size_t i = 0;
    while (i < len) {
        if (!p[i]) {
            i++;
            continue;
        }
        size_t k = utf8_sequence_len(p + i, len - i);
        if (k) {
            sb_add(out, p + i, k);
            i += k;
        } else {
            sb_adds(out, "\xEF\xBF\xBD");
            i++;
        }
    }
}

static bool is_utf8_name(const char *charset)
{
    return !strcasecmp(charset, "utf-8") || !strcasecmp(charset, "utf8") ||
           !strcasecmp(charset, "us-ascii") || !strcasecmp(charset, "ascii");
}

static bool is_plain_ascii(const char *bytes, size_t len)
{
    for (size_t i = 0; i < len; i++)
        if ((unsigned char)bytes[i] >= 0x80)
            return false;
    return true;
}

/* Charsets whose 7-bit bytes are not ASCII text (escape sequences, UTF-7). */
static bool is_stateful(const char *charset)
{
    return !strncasecmp(charset, "iso-2022", 8) || !strncasecmp(charset, "utf-7", 5) ||
           !strncasecmp(charset, "hz", 2);
}

void charset_to_utf8(const char *charset, const char *bytes, size_t len, strbuf *out)
{
    if (!charset || !*charset || is_utf8_name(charset) ||
        (is_plain_ascii(bytes, len) && !is_stateful(charset))) {
        append_utf8_or_latin1(bytes, len, out);
        return;
    }
    iconv_t cd = iconv_open("UTF-8", charset);
    if (cd == (iconv_t)-1) {
        append_utf8_or_latin1(bytes, len, out);
        return;
    }
    char *in = (char *)bytes;
    size_t in_left = len;
    char chunk[4096];
    strbuf converted = STRBUF_INIT;
    while (in_left > 0) {
        char *o = chunk;
        size_t o_left = sizeof chunk;
        size_t r = iconv(cd, &in, &in_left, &o, &o_left);
        sb_add(&converted, chunk, sizeof chunk - o_left);
        if (r == (size_t)-1) {
            if (errno == E2BIG)
                continue;
            /* invalid or truncated input: mark it and go on after the bad byte */
            sb_adds(&converted, "\xEF\xBF\xBD");
            in++;
            in_left--;
        }
    }
    char *o = chunk;
    size_t o_left = sizeof chunk;
    iconv(cd, NULL, NULL, &o, &o_left);
    sb_add(&converted, chunk, sizeof chunk - o_left);
    iconv_close(cd);
    append_checked_utf8(converted.data ? converted.data : "", converted.len, out);
    sb_free(&converted);
}
