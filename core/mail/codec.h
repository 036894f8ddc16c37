/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * codec: the byte codings of mail text: base64, quoted-printable, and charsets.
 *
 * SYNOPSIS
 *   strbuf out = STRBUF_INIT;
 *   base64_decode(in, len, &out);         qp_decode(in, len, &out);
 *   base64_encode(bytes, n, &out);
 *   charset_to_utf8("iso-8859-1", bytes, len, &out);
 *
 * DESCRIPTION
 *   Every function appends to `out` and accepts any input: nothing here fails.
 *   base64_decode() takes both alphabets ("+/" and the URL-safe "-_"), skips bytes
 *   outside them (line ends, white space) and stops at the first '='.
 *   qp_decode() decodes "=XX" escapes and removes soft line breaks ('=', optional
 *   blanks, end of line, or '=' at the very end); any other '=' stays as it is.
 *   base64_encode() writes the "+/" alphabet with '=' padding and no line breaks.
 *   charset_to_utf8() converts `len` bytes from `charset` with iconv; when the charset
 *   is NULL, empty, UTF-8 or ASCII, or iconv does not know it, valid UTF-8 sequences
 *   are kept and every other byte is taken as Latin-1 (the usual fallback of mail
 *   readers). Bytes the converter rejects become U+FFFD. What it appends is always
 *   valid UTF-8 without NUL: a NUL (U+0000) is dropped, so a decoded value read as a C
 *   string holds all the rest ("=?UTF-8?B?AA==?=" in a title cuts nothing off).
 *
 *   A leaf: it uses strbuf and utf8 and nothing else of ours, so the MIME walk
 *   (mime.h) and the encoded words of header values (rfc2047.h) can both use it.
 */
#ifndef PM_CODEC_H
#define PM_CODEC_H

#include <stddef.h>

#include "strbuf.h"

void base64_decode(const char *in, size_t len, strbuf *out);
void base64_encode(const char *bytes, size_t n, strbuf *out);
void qp_decode(const char *in, size_t len, strbuf *out);
void charset_to_utf8(const char *charset, const char *bytes, size_t len, strbuf *out);

#endif
