/* SPDX-License-Identifier: BSD-2-Clause */
/* mime: walking MIME structure and decoding the text parts (see mime.h). */
#include "mime.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "codec.h"
#include "xalloc.h"

void mime_unflow(const char *in, size_t len, bool delsp, strbuf *out)
{
    size_t pos = 0;
    bool joining = false; /* the previous line was flowed */
    while (pos < len) {
        const char *nl = memchr(in + pos, '\n', len - pos);
        size_t end = nl ? (size_t)(nl - in) : len;
        size_t next = nl ? end + 1 : len;
        const char *line = in + pos;
        size_t n = end - pos;
        if (n && line[n - 1] == '\r')
            n--;
        size_t quotes = 0;
        while (quotes < n && line[quotes] == '>')
            quotes++;
        sb_add(out, line, quotes);
        const char *text = line + quotes;
        size_t tn = n - quotes;
        if (tn && text[0] == ' ') { /* space-stuffing */
            text++;
            tn--;
        }
        bool signature = tn == 3 && !memcmp(text, "-- ", 3);
        bool flowed = tn && text[tn - 1] == ' ' && !signature;
        if (flowed && delsp)
            tn--;
        sb_add(out, text, tn);
        if (!flowed && (nl || joining))
            sb_addc(out, '\n');
        joining = flowed;
        pos = next;
    }
}

char *mime_header_param(const char *value, const char *param)
{
    size_t plen = strlen(param);
    const char *p = strchr(value, ';');
    while (p) {
        p++;
        while (*p == ' ' || *p == '\t')
            p++;
        if (!strncasecmp(p, param, plen)) {
            const char *q = p + plen;
            while (*q == ' ' || *q == '\t')
                q++;
            if (*q == '=') {
                q++;
                while (*q == ' ' || *q == '\t')
                    q++;
                strbuf sb = STRBUF_INIT;
                if (*q == '"') {
                    for (q++; *q && *q != '"'; q++) {
                        if (*q == '\\' && q[1])
                            q++;
                        sb_addc(&sb, *q);
                    }
                } else {
                    while (*q && *q != ';' && *q != ' ' && *q != '\t')
                        sb_addc(&sb, *q++);
                }
                return sb_detach(&sb);
            }
        }
        /* skip to the next ';' outside quotes */
        bool quoted = false;
        while (*p && (quoted || *p != ';')) {
            if (*p == '"')
                quoted = !quoted;
            else if (*p == '\\' && quoted && p[1])
                p++;
            p++;
        }
        p = *p ? p : NULL;
    }
    return NULL;
}

/* Lower-case media type of a Content-Type value ("text/plain" when absent). */
static char *media_type(const char *value)
{
    if (!value)
        return xstrdup("text/plain");
    size_t n = strcspn(value, "; \t");
    char *t = xstrndup(value, n);
    for (char *c = t; *c; c++)
        *c = (char)tolower((unsigned char)*c);
    if (!strchr(t, '/')) {
        free(t);
        return xstrdup("text/plain");
    }
    return t;
}

static bool ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && !strcasecmp(s + n - m, suffix);
}

static bool wanted_leaf(const char *type, const char *filename)
{
    if (!strcmp(type, "text/plain") || !strcmp(type, "text/x-patch") ||
        !strcmp(type, "text/x-diff") || !strcmp(type, "application/x-patch") ||
        !strcmp(type, "application/x-diff") || !strcmp(type, "text/x-log"))
        return true;
    return filename && (ends_with(filename, ".patch") || ends_with(filename, ".diff"));
}

/* CRLF -> LF in place. */
static void crlf_to_lf(strbuf *sb)
{
    char *d = sb->data;
    if (!d)
        return;
    size_t r = 0, w = 0;
    while (r < sb->len) {
        char *cr = memchr(d + r, '\r', sb->len - r);
        size_t run = cr ? (size_t)(cr - d) - r : sb->len - r;
        memmove(d + w, d + r, run);
        w += run;
        r += run;
        if (!cr)
            break;
        if (r + 1 < sb->len && d[r + 1] == '\n')
            r++; /* drop the CR, keep the LF */
        else
            d[w++] = d[r++];
    }
    sb_truncate(sb, w);
}

typedef struct walker {
    mime_parts *out;
    size_t visited;
} walker;

static void walk(walker *w, const mail_message *msg, int depth);

static void keep_leaf(walker *w, const mail_message *msg, char *type, char *filename, bool attachment)
{
    const char *ct = mail_get(msg, "Content-Type");
    const char *cte = mail_get(msg, "Content-Transfer-Encoding");
    const char *body = msg->raw + msg->body_start;
    size_t blen = msg->raw_len - msg->body_start;
    strbuf decoded = STRBUF_INIT;
    if (cte && !strncasecmp(cte, "base64", 6))
        base64_decode(body, blen, &decoded);
    else if (cte && !strncasecmp(cte, "quoted-printable", 16))
        qp_decode(body, blen, &decoded);
    else
        sb_add(&decoded, body, blen);

    strbuf lf = decoded;
    crlf_to_lf(&lf);

    char *format = ct ? mime_header_param(ct, "format") : NULL;
    if (format && !strcasecmp(format, "flowed")) {
        char *delsp = mime_header_param(ct, "delsp");
        strbuf unflowed = STRBUF_INIT;
        mime_unflow(lf.data, lf.len, delsp && !strcasecmp(delsp, "yes"), &unflowed);
        free(delsp);
        sb_free(&lf);
        lf = unflowed;
    }
    free(format);

    char *charset = ct ? mime_header_param(ct, "charset") : NULL;
    strbuf text = STRBUF_INIT;
    charset_to_utf8(charset, lf.data ? lf.data : "", lf.len, &text);
    free(charset);

    mime_parts *out = w->out;
    out->v = xgrow(out->v, sizeof *out->v, out->n + 1, &out->cap);
    mime_part *part = &out->v[out->n++];
    part->content_type = type;
    part->filename = filename;
    part->attachment = attachment;
    part->raw_len = lf.len;
    part->raw = sb_detach(&lf);
    part->len = text.len;
    part->text = sb_detach(&text);
}

/* Calls walk() on each body part of a multipart message. */
static void walk_multipart(walker *w, const mail_message *msg, const char *boundary, int depth)
{
    size_t blen = strlen(boundary);
    const char *raw = msg->raw;
    size_t len = msg->raw_len;
    size_t pos = msg->body_start;
    size_t part_start = 0;
    bool in_part = false;
    while (pos < len) {
        const char *nl = memchr(raw + pos, '\n', len - pos);
        size_t next = nl ? (size_t)(nl - raw) + 1 : len;
        if (next - pos >= blen + 2 && raw[pos] == '-' && raw[pos + 1] == '-' &&
            !memcmp(raw + pos + 2, boundary, blen)) {
            size_t after = pos + 2 + blen;
            bool closing = after + 1 < len && raw[after] == '-' && raw[after + 1] == '-';
            if (in_part) {
                /* RFC 2046 gives the line end before the delimiter to the delimiter; we
                 * keep it with the part, so its last line stays a whole line (as git
                 * mailinfo reads it: a diff's last line keeps its newline). */
                size_t part_end = pos;
                mail_message part;
                mail_parse(&part, raw + part_start, part_end - part_start);
                walk(w, &part, depth + 1);
                mail_free(&part);
            }
            if (closing)
                return;
            in_part = true;
            part_start = next;
        }
        pos = next;
    }
    if (in_part && part_start < len) { /* unterminated last part */
        mail_message part;
        mail_parse(&part, raw + part_start, len - part_start);
        walk(w, &part, depth + 1);
        mail_free(&part);
    }
}

static void walk(walker *w, const mail_message *msg, int depth)
{
    if (depth > MIME_MAX_DEPTH || w->visited >= MIME_MAX_PARTS)
        return;
    w->visited++;
    const char *ct = mail_get(msg, "Content-Type");
    char *type = media_type(ct);
    if (!strncmp(type, "multipart/", 10)) {
        char *boundary = ct ? mime_header_param(ct, "boundary") : NULL;
        free(type);
        if (boundary && *boundary)
            walk_multipart(w, msg, boundary, depth);
        free(boundary);
        return;
    }
    const char *cd = mail_get(msg, "Content-Disposition");
    char *filename = cd ? mime_header_param(cd, "filename") : NULL;
    if (!filename && ct)
        filename = mime_header_param(ct, "name");
    bool attachment = cd && !strncasecmp(cd, "attachment", 10);
    if (!wanted_leaf(type, filename)) {
        free(type);
        free(filename);
        return;
    }
    keep_leaf(w, msg, type, filename, attachment);
}

void mime_collect(const mail_message *msg, mime_parts *out)
{
    memset(out, 0, sizeof *out);
    walker w = {out, 0};
    walk(&w, msg, 0);
}

void mime_parts_free(mime_parts *parts)
{
    for (size_t i = 0; i < parts->n; i++) {
        free(parts->v[i].content_type);
        free(parts->v[i].filename);
        free(parts->v[i].raw);
        free(parts->v[i].text);
    }
    free(parts->v);
    memset(parts, 0, sizeof *parts);
}
