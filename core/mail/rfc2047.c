/* SPDX-License-Identifier: BSD-2-Clause */
/* rfc2047: decoding and encoding of encoded words in header values (see rfc2047.h). */
#include "rfc2047.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "codec.h"
#include "utf8.h"
#include "xalloc.h"

/* Longest encoded word taken: RFC 2047 says 75 characters, mail programs write up to
 * about 90 (a Q-encoded "[PATCH 29/44] ..." of 88); the bound keeps decoding linear. */
#define MAX_WORD_LEN 256

/* Parses an encoded word at s; on success sets its parts and returns its length. Looks
 * at no more than MAX_WORD_LEN bytes. */
static size_t parse_word(const char *s, const char **cs, size_t *cs_len, char *enc,
                         const char **text, size_t *text_len)
{
    if (s[0] != '=' || s[1] != '?')
        return 0;
    const char *limit = s + strnlen(s, MAX_WORD_LEN);
    const char *p = s + 2;
    const char *q = memchr(p, '?', (size_t)(limit - p));
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
    const char *end = t < limit ? memmem(t, (size_t)(limit - t), "?=", 2) : NULL;
    if (!end)
        return 0;
    for (const char *c = t; c < end; c++)
        if (*c == ' ' || *c == '\t')
            return 0;
    *text = t;
    *text_len = (size_t)(end - t);
    return (size_t)(end + 2 - s);
}

/* The next "=?" in [p, end), or NULL; memchr only looks as far as it has to, so the
 * scan for words stays linear however many there are (strstr's sanitizer checks, and
 * some implementations, read the whole rest each time). */
static const char *next_word_start(const char *p, const char *end)
{
    while (p < end && (p = memchr(p, '=', (size_t)(end - p))) != NULL) {
        if (p + 1 < end && p[1] == '?')
            return p;
        p++;
    }
    return NULL;
}

static void decode_q(const char *t, size_t n, strbuf *out)
{
    strbuf tmp = STRBUF_INIT;
    for (size_t i = 0; i < n; i++)
        sb_addc(&tmp, t[i] == '_' ? ' ' : t[i]);
    qp_decode(tmp.data, tmp.len, out);
    sb_free(&tmp);
}

char *rfc2047_decode(const char *value)
{
    strbuf out = STRBUF_INIT;
    strbuf run = STRBUF_INIT; /* bytes of adjacent words in one charset */
    char run_charset[65] = "";
    const char *p = value, *end = value + strlen(value);
    const char *pending_space = NULL; /* white space after an encoded word */
    sb_grow(&out, (size_t)(end - value));

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
                base64_decode(text, text_len, &run);
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
        const char *next = next_word_start(p + 1, end);
        size_t n = next ? (size_t)(next - p) : (size_t)(end - p);
        charset_to_utf8(NULL, p, n, &out);
        p += n;
    }
    if (run.len)
        charset_to_utf8(run_charset, run.data, run.len, &out);
    if (pending_space)
        sb_add(&out, pending_space, (size_t)(end - pending_space));
    sb_free(&run);
    return sb_detach(&out);
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
    charset_to_utf8(NULL, text, n, &valid);
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
        base64_encode(valid.data + i, chunk, &out);
        sb_adds(&out, "?=");
        i += chunk;
    }
    sb_free(&valid);
    return sb_detach(&out);
}
