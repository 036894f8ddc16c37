/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * fuzz_milter_body: the milter's reassembly of a message from header and body
 * callbacks, driven through the smfi_calls seam. The input is a message (header
 * lines up to the first empty line, then the body); its first byte chooses the body
 * chunk sizes and the size limit. The same message is sent twice, as one body chunk
 * and in many, and must get the same edits (reassembly does not depend on chunking);
 * every incoming copy of our fields must be deleted, highest index first, before any
 * insert, a field in which a bare CR hid one of ours changed to a value that hides
 * none, and every insert goes to index 1.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libmilter/mfdef.h>

#include "callbacks.h"
#include "fuzz_check.h"
#include "header_set.h"
#include "runtime.h"
#include "smfi_calls.h"
#include "strbuf.h"
#include "xalloc.h"

typedef struct fake_conn {
    void *priv;
    strbuf edits; /* "del NAME IDX\n" and "ins IDX NAME: VALUE\n" lines */
    size_t dels, inserts;
    bool inserting;
} fake_conn;

static void *fake_getpriv(SMFICTX *ctx) { return ((fake_conn *)(void *)ctx)->priv; }

static int fake_setpriv(SMFICTX *ctx, void *priv)
{
    ((fake_conn *)(void *)ctx)->priv = priv;
    return MI_SUCCESS;
}

static char *fake_getsymval(SMFICTX *ctx, char *name)
{
    (void)ctx;
    return !strcmp(name, "i") ? "FUZZ" : NULL;
}

static int fake_chgheader(SMFICTX *ctx, char *name, int idx, char *value)
{
    fake_conn *c = (fake_conn *)(void *)ctx;
    FUZZ_CHECK(!c->inserting && idx >= 1);
    if (value) {
        /* a field in which a bare CR hid one of ours: now it hides none */
        FUZZ_CHECK(!header_name_is_ours(PM_DEFAULT_PREFIX, name, strlen(name)));
        strbuf again = STRBUF_INIT;
        FUZZ_CHECK(!header_append_unhidden(&again, value, strlen(value), PM_DEFAULT_PREFIX));
        sb_free(&again);
        sb_addf(&c->edits, "chg %s %d %s\n", name, idx, value);
        return MI_SUCCESS;
    }
    sb_addf(&c->edits, "del %s %d\n", name, idx);
    c->dels++;
    return MI_SUCCESS;
}

static int fake_insheader(SMFICTX *ctx, int idx, char *name, char *value)
{
    fake_conn *c = (fake_conn *)(void *)ctx;
    FUZZ_CHECK(idx == 1 && !strncmp(name, PM_DEFAULT_PREFIX, strlen(PM_DEFAULT_PREFIX)));
    FUZZ_CHECK(strlen(value) < 998 && !strpbrk(value, "\r\n"));
    c->inserting = true;
    sb_addf(&c->edits, "ins %d %s: %s\n", idx, name, value);
    c->inserts++;
    return MI_SUCCESS;
}

static const pm_smfi_calls fake_calls = {
    fake_getpriv, fake_setpriv, fake_getsymval, fake_chgheader, fake_insheader,
};

typedef struct hdr {
    char *name;
    char *value;
} hdr;

/* Splits "Name: value" lines (continuations joined with LF, as libmilter passes
 * them) up to the first empty line; returns the offset of the body. */
static size_t split_headers(const char *p, size_t len, hdr **out, size_t *n, size_t *ours)
{
    size_t cap = 0, pos = 0;
    *out = NULL;
    *n = *ours = 0;
    while (pos < len) {
        const char *nl = memchr(p + pos, '\n', len - pos);
        size_t eol = nl ? (size_t)(nl - p) : len;
        size_t line_len = eol - pos;
        if (line_len > 0 && p[eol - 1] == '\r')
            line_len--;
        size_t next = nl ? eol + 1 : len;
        if (line_len == 0)
            return next;
        const char *line = p + pos;
        if ((line[0] == ' ' || line[0] == '\t') && *n > 0) {
            hdr *h = &(*out)[*n - 1];
            size_t old = strlen(h->value);
            h->value = xrealloc(h->value, old + line_len + 2);
            h->value[old] = '\n';
            memcpy(h->value + old + 1, line, line_len);
            h->value[old + 1 + line_len] = '\0';
        } else {
            const char *colon = memchr(line, ':', line_len);
            if (!colon || colon == line)
                return pos;
            *out = xgrow(*out, sizeof **out, *n + 1, &cap);
            hdr *h = &(*out)[(*n)++];
            h->name = xstrndup(line, (size_t)(colon - line));
            const char *v = colon + 1;
            while (v < line + line_len && *v == ' ')
                v++;
            h->value = xstrndup(v, (size_t)(line + line_len - v));
            if (header_name_is_ours(PM_DEFAULT_PREFIX, h->name, strlen(h->name)))
                (*ours)++;
        }
        pos = next;
    }
    return len;
}

static void run(fake_conn *c, const hdr *h, size_t n, const char *body, size_t body_len,
                unsigned step)
{
    unsigned long a, s, x, y;
    FUZZ_CHECK(pm_negotiate((SMFICTX *)(void *)c, 0x1ff, 0x1fffff, 0, 0, &a, &s, &x, &y) ==
               SMFIS_CONTINUE);
    pm_envfrom((SMFICTX *)(void *)c, NULL);
    for (size_t i = 0; i < n; i++)
        pm_header((SMFICTX *)(void *)c, h[i].name, h[i].value);
    for (size_t off = 0, k = 0; off < body_len; k++) {
        size_t chunk = step ? 1 + (k * step) % 97 : body_len;
        if (chunk > body_len - off)
            chunk = body_len - off;
        pm_body((SMFICTX *)(void *)c, (unsigned char *)body + off, chunk);
        off += chunk;
    }
    FUZZ_CHECK(pm_eom((SMFICTX *)(void *)c) == SMFIS_CONTINUE);
    pm_close((SMFICTX *)(void *)c);
    FUZZ_CHECK(c->priv == NULL);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    unsigned opt = data[0];
    /* Header values are C strings: NULs become spaces. */
    char *text = xmalloc(size);
    for (size_t i = 1; i < size; i++)
        text[i - 1] = data[i] ? (char)data[i] : ' ';
    size_t len = size - 1;

    pm_smfi_calls_install(&fake_calls);
    pm_override ov[] = {{"MaximumMessageSize", (opt & 0x80) ? "2K" : "1M"}};
    pm_runtime_source src = {NULL, ov, 1};
    strbuf err = STRBUF_INIT;
    pm_runtime *rt;
    FUZZ_CHECK(pm_runtime_build(&src, true, &rt, &err) == 0);
    pm_runtime_install(rt);

    hdr *h;
    size_t n, ours;
    size_t body_at = split_headers(text, len, &h, &n, &ours);
    fake_conn whole = {0}, chunked = {0};
    run(&whole, h, n, text + body_at, len - body_at, 0);
    run(&chunked, h, n, text + body_at, len - body_at, 1 + (opt & 0x3f));
    FUZZ_CHECK(whole.dels == ours);
    FUZZ_CHECK(whole.edits.len == chunked.edits.len &&
               (whole.edits.len == 0 || !memcmp(whole.edits.data, chunked.edits.data,
                                                whole.edits.len)));

    pm_runtime_shutdown();
    pm_smfi_calls_install(NULL);
    for (size_t i = 0; i < n; i++) {
        free(h[i].name);
        free(h[i].value);
    }
    free(h);
    sb_free(&whole.edits);
    sb_free(&chunked.edits);
    sb_free(&err);
    free(text);
    return 0;
}
