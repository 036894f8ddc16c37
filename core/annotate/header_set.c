/* SPDX-License-Identifier: BSD-2-Clause */
/* header_set: the fields we add, made safe to write (see header_set.h). */
#include "header_set.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "codec.h"
#include "rfc2047.h"
#include "strbuf.h"
#include "text.h"
#include "xalloc.h"

/* Longest value we write; with the longest prefix and name the line stays below 998. */
#define MAX_VALUE_BYTES 900
/* Text kept of a value before it is encoded: more than MAX_VALUE_BYTES of it is never
 * written, and the decodings below stay short. */
#define MAX_TEXT_BYTES (4 * MAX_VALUE_BYTES)
/* How often the text of a value is decoded at most before it is given up (made empty). */
#define MAX_DECODINGS 8

static bool has_controls(const char *s)
{
    for (; *s; s++)
        if ((unsigned char)*s < 0x20 || *s == 0x7f)
            return true;
    return false;
}

/* The text of a value: one line, no control character, at most `limit` bytes (cut
 * before a UTF-8 continuation byte). A reader that decodes the encoded words we write
 * gets this text, and one that decodes again (the text may hold encoded words of its
 * own) may find no control character either: while it would, the text is that decoding
 * with its controls dropped. */
static char *value_text(const char *value, size_t limit)
{
    char *text = text_one_line(value, TEXT_CONTROLS_DROPPED);
    text_cut(text, limit);
    for (int decodings = 0; strstr(text, "=?"); decodings++) {
        char *decoded = rfc2047_decode(text);
        bool clean = !has_controls(decoded);
        if (!clean) {
            free(text);
            text = decodings < MAX_DECODINGS ? text_one_line(decoded, TEXT_CONTROLS_DROPPED)
                                             : xstrdup("");
        }
        free(decoded);
        if (clean)
            break;
    }
    return text;
}

/* The value as we write it: the text as it is when it is printable ASCII that no
 * reader decodes, else UTF-8 B-words (text that holds "=?" too: a reader would decode
 * it). rfc2047_encode() leaves printable ASCII as it is, so such text is encoded here. */
static char *value_encoded(const char *text)
{
    char *encoded = rfc2047_encode(text);
    if (strcmp(encoded, text) || !strstr(text, "=?"))
        return encoded;
    free(encoded);
    strbuf out = STRBUF_INIT;
    for (size_t i = 0, n = strlen(text); i < n; i += 45) {
        if (out.len)
            sb_addc(&out, ' ');
        sb_adds(&out, "=?UTF-8?B?");
        base64_encode(text + i, n - i < 45 ? n - i : 45, &out);
        sb_adds(&out, "?=");
    }
    return sb_detach(&out);
}

/* Whether a reader who decodes the encoded words of v once, or twice, finds a control
   character; *decoded is the decoding that has one (free it). */
static bool decodes_to_controls(const char *v, char **decoded)
{
    char *once = rfc2047_decode(v), *twice = rfc2047_decode(once);
    bool bad = has_controls(once) || has_controls(twice);
    *decoded = has_controls(once) ? (free(twice), once) : (free(once), twice);
    return bad;
}

void header_set_add(header_set *hs, const char *name, const char *value)
{
    /* The text is cut before it is encoded, never the encoded value; and what a reader
       decodes from the value we write, once or twice, is checked itself (an encoding
       may not decode to the very bytes of the text): while it holds a control
       character, the value is made from that decoding, controls dropped. */
    char *encoded = NULL, *source = xstrdup(value);
    size_t limit = MAX_TEXT_BYTES;
    for (int decodings = 0;;) {
        char *text = decodings < MAX_DECODINGS ? value_text(source, limit) : xstrdup("");
        encoded = value_encoded(text);
        free(text);
        char *decoded = NULL;
        if (strlen(encoded) > MAX_VALUE_BYTES) {
            limit = limit * 3 / 4;
        } else if (decodes_to_controls(encoded, &decoded)) {
            free(source);
            source = text_one_line(decoded, TEXT_CONTROLS_DROPPED);
            decodings++;
        } else {
            free(decoded);
            break;
        }
        free(decoded);
        free(encoded);
    }
    free(source);
    hs->v = xgrow(hs->v, sizeof *hs->v, hs->n + 1, &hs->cap);
    hs->v[hs->n].name = xstrdup(name);
    hs->v[hs->n].value = encoded;
    hs->n++;
}

void header_set_addf(header_set *hs, const char *name, const char *fmt, ...)
{
    strbuf sb = STRBUF_INIT;
    va_list ap;
    va_start(ap, fmt);
    sb_vaddf(&sb, fmt, ap);
    va_end(ap);
    header_set_add(hs, name, sb.data ? sb.data : "");
    sb_free(&sb);
}

const char *header_set_get(const header_set *hs, const char *name)
{
    for (size_t i = 0; i < hs->n; i++)
        if (!strcasecmp(hs->v[i].name, name))
            return hs->v[i].value;
    return NULL;
}

void header_set_free(header_set *hs)
{
    for (size_t i = 0; i < hs->n; i++) {
        free(hs->v[i].name);
        free(hs->v[i].value);
    }
    free(hs->v);
    memset(hs, 0, sizeof *hs);
}

bool header_name_is_ours(const char *prefix, const char *name, size_t len)
{
    size_t n = strlen(prefix);
    return len >= n && !strncasecmp(name, prefix, n);
}

bool header_append_unhidden(strbuf *out, const char *text, size_t len, const char *prefix)
{
    size_t copied = 0;
    for (size_t i = 0; i < len; i++) {
        if (text[i] != '\r' || (i + 1 < len && text[i + 1] == '\n') ||
            !header_name_is_ours(prefix, text + i + 1, len - i - 1))
            continue;
        sb_add(out, text + copied, i - copied);
        copied = i + 1;
        while (copied < len && text[copied] != '\r' && text[copied] != '\n')
            copied++;
        i = copied - 1;
    }
    sb_add(out, text + copied, len - copied);
    return copied > 0;
}
