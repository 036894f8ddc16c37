/* rfc2047: decoding and encoding of encoded words in header values (see rfc2047.h). */
#include "rfc2047.h"

#include <errno.h>
#include <iconv.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "mime.h"
#include "utf8.h"
#include "xalloc.h"

/* Appends bytes that should be UTF-8: valid sequences as they are, other bytes as Latin-1. */
static void append_utf8_or_latin1(const char *bytes, size_t len, strbuf *out)
{
    const unsigned char *p = (const unsigned char *)bytes;
    size_t i = 0;
    sb_grow(out, len);
    while (i < len) {
        size_t run = i;
        while (run < len && p[run] < 0x80)
            run++;
        if (run > i) {
            sb_add(out, p + i, run - i);
            i = run;
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
 * UTF-8 decoder passes sequences above U+10FFFF). */
static void append_checked_utf8(const char *bytes, size_t len, strbuf *out)
{
    const unsigned char *p = (const unsigned char *)bytes;
    size_t i = 0;
    while (i < len) {
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

/* Parses an encoded word at s; on success sets its parts and returns its length. */
static size_t parse_word(const char *s, const char **cs, size_t *cs_len, char *enc,
                         const char **text, size_t *text_len)
{
    if (s[0] != '=' || s[1] != '?')
        return 0;
    const char *p = s + 2;
    const char *q = strchr(p, '?');
    if (!q || q == p || q - p > 64)
        return 0;
    *cs = p;
    *cs_len = (size_t)(q - p);
    for (const char *c = p; c < q; c++)
        if (*c == ' ' || *c == '\t')
            return 0;
    char e = q[1];
    if (!(e == 'B' || e == 'b' || e == 'Q' || e == 'q') || q[2] != '?')
        return 0;
    *enc = (char)(e | 0x20);
    const char *t = q + 3;
    const char *end = strstr(t, "?=");
    if (!end)
        return 0;
    for (const char *c = t; c < end; c++)
        if (*c == ' ' || *c == '\t')
            return 0;
    *text = t;
    *text_len = (size_t)(end - t);
    return (size_t)(end + 2 - s);
}

static void decode_q(const char *t, size_t n, strbuf *out)
{
    strbuf tmp = STRBUF_INIT;
    for (size_t i = 0; i < n; i++)
        sb_addc(&tmp, t[i] == '_' ? ' ' : t[i]);
    mime_decode_qp(tmp.data, tmp.len, out);
    sb_free(&tmp);
}

char *rfc2047_decode(const char *value)
{
    strbuf out = STRBUF_INIT;
    strbuf run = STRBUF_INIT; /* bytes of adjacent words in one charset */
    char run_charset[65] = "";
    const char *p = value;
    const char *pending_space = NULL; /* white space after an encoded word */
    sb_grow(&out, strlen(value));

    while (*p) {
        const char *cs, *text;
        size_t cs_len, text_len;
        char enc;
        size_t wlen = parse_word(p, &cs, &cs_len, &enc, &text, &text_len);
        if (wlen) {
            char charset[65];
            memcpy(charset, cs, cs_len);
            charset[cs_len] = '\0';
            char *star = strchr(charset, '*'); /* RFC 2231 language suffix */
            if (star)
                *star = '\0';
            if (run.len && strcasecmp(charset, run_charset)) {
                charset_to_utf8(run_charset, run.data, run.len, &out);
                sb_reset(&run);
            }
            strcpy(run_charset, charset);
            if (enc == 'b')
                mime_decode_base64(text, text_len, &run);
            else
                decode_q(text, text_len, &run);
            pending_space = NULL;
            p += wlen;
            const char *ws = p;
            while (*ws == ' ' || *ws == '\t')
                ws++;
            if (ws != p) {
                pending_space = p;
                p = ws;
            }
            continue;
        }
        if (run.len) {
            charset_to_utf8(run_charset, run.data, run.len, &out);
            sb_reset(&run);
        }
        if (pending_space) {
            sb_add(&out, pending_space, (size_t)(p - pending_space));
            pending_space = NULL;
        }
        const char *next = strstr(p + 1, "=?");
        size_t n = next ? (size_t)(next - p) : strlen(p);
        append_utf8_or_latin1(p, n, &out);
        p += n;
    }
    if (run.len)
        charset_to_utf8(run_charset, run.data, run.len, &out);
    if (pending_space)
        sb_add(&out, pending_space, strlen(pending_space));
    sb_free(&run);
    return sb_detach(&out);
}

static const char b64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

static void encode_b64(const unsigned char *in, size_t n, strbuf *out)
{
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

char *rfc2047_encode(const char *text)
{
    size_t n = strlen(text);
    bool ascii = true;
    for (size_t i = 0; i < n && ascii; i++)
        ascii = (unsigned char)text[i] >= 0x20 && (unsigned char)text[i] < 0x7f;
    if (ascii)
        return xstrdup(text);
    strbuf valid = STRBUF_INIT;
    append_utf8_or_latin1(text, n, &valid);
    strbuf out = STRBUF_INIT;
    const unsigned char *p = (const unsigned char *)valid.data;
    size_t i = 0;
    while (i < valid.len) {
        size_t chunk = 0;
        while (i + chunk < valid.len) {
            size_t k = utf8_sequence_len(p + i + chunk, valid.len - i - chunk);
            if (!k)
                k = 1;
            if (chunk + k > 45)
                break;
            chunk += k;
        }
        if (out.len)
            sb_addc(&out, ' ');
        sb_adds(&out, "=?UTF-8?B?");
        encode_b64(p + i, chunk, &out);
        sb_adds(&out, "?=");
        i += chunk;
    }
    sb_free(&valid);
    return sb_detach(&out);
}
