/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * mime: the text parts of a message, decoded, in the order a patch tool reads them.
 *
 * SYNOPSIS
 *   mime_parts parts;
 *   mime_collect(&msg, &parts);
 *   for (i = 0; i < parts.n; i++) use parts.v[i].text / .len
 *   mime_parts_free(&parts);
 *
 * DESCRIPTION
 *   Walks multipart/... bodies (nesting bounded by MIME_MAX_DEPTH, parts by
 *   MIME_MAX_PARTS) and keeps the parts that carry text a reader or git would apply:
 *   text/plain (inline or attached), text/x-patch, text/x-diff, text/x-log,
 *   application/x-patch, application/x-diff, and any part whose file name ends in
 *   .patch or .diff. A message without Content-Type is one text/plain part. Each kept
 *   part is decoded from its Content-Transfer-Encoding (base64, quoted-printable: see
 *   codec.h), its line endings normalized to LF, and unflowed when it is format=flowed
 *   (RFC 3676, with DelSp): that is `raw` (bytes in the part's own charset, what git
 *   applies and hashes). `text` is the same converted to UTF-8 from its charset (what
 *   a reader sees).
 */
#ifndef PM_MIME_H
#define PM_MIME_H

#include <stdbool.h>
#include <stddef.h>

#include "message.h"
#include "strbuf.h"

#define MIME_MAX_DEPTH 32
#define MIME_MAX_PARTS 1000

typedef struct mime_part {
    char *content_type; /* lower case, e.g. "text/plain" */
    char *filename;     /* from Content-Disposition or Content-Type name, or NULL */
    bool attachment;
    char *raw;  /* decoded, in the part's charset, LF line ends, NUL-terminated */
    size_t raw_len;
    char *text; /* raw converted to UTF-8, NUL-terminated */
    size_t len;
} mime_part;

typedef struct mime_parts {
    mime_part *v;
    size_t n;
    size_t cap;
} mime_parts;

void mime_collect(const mail_message *msg, mime_parts *out);
void mime_parts_free(mime_parts *parts);

/* Joins the lines of a format=flowed text (RFC 3676; delsp: DelSp=yes) and appends
 * them to out; exposed for tests and fuzzing. */
void mime_unflow(const char *in, size_t len, bool delsp, strbuf *out);
/* Value of parameter `param` in a structured header value (Content-Type style), or NULL. */
char *mime_header_param(const char *value, const char *param);

#endif
