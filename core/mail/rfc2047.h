/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * rfc2047: encoded words in header values ("=?UTF-8?B?...?=", "=?iso-8859-1?Q?...?=").
 *
 * rfc2047_decode() returns a malloc'd UTF-8 string: every well-formed encoded word is
 * decoded (B or Q, any charset iconv knows) and converted to UTF-8; white space between
 * two adjacent encoded words is dropped; malformed words, and words longer than 256
 * bytes (RFC 2047 allows 75), are kept literally, so decoding is linear. Bytes that
 * are not valid UTF-8 (raw 8-bit headers) are taken as Latin-1 (the usual fallback of
 * mail readers) so the result is always valid UTF-8; NUL bytes, encoded or not, are
 * dropped (codec.h), so no value ends early.
 * rfc2047_encode() returns `text` unchanged (copied) when it is printable ASCII, else
 * a sequence of UTF-8 B-words, each at most 75 bytes, separated by " ".
 * The byte codings themselves (base64, quoted-printable, charsets) are codec.h's.
 */
#ifndef PM_RFC2047_H
#define PM_RFC2047_H

char *rfc2047_decode(const char *value);
char *rfc2047_encode(const char *text);

#endif
