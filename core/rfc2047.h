/*
 * rfc2047: encoded words in header values ("=?UTF-8?B?...?=", "=?iso-8859-1?Q?...?=").
 *
 * rfc2047_decode() returns a malloc'd UTF-8 string: every well-formed encoded word is
 * decoded (B or Q, any charset iconv knows) and converted to UTF-8; white space between
 * two adjacent encoded words is dropped; malformed words are kept literally. Bytes that
 * are not valid UTF-8 (raw 8-bit headers) are taken as Latin-1 (the usual fallback of
 * mail readers) so the result is always valid UTF-8.
 * rfc2047_encode() returns `text` unchanged (copied) when it is printable ASCII, else
 * a sequence of UTF-8 B-words, each at most 75 bytes, separated by " ".
 * charset_to_utf8() converts `len` bytes from `charset` (NULL or unknown: keep valid
 * UTF-8, else Latin-1) into `out`.
 */
#ifndef PM_RFC2047_H
#define PM_RFC2047_H

#include <stddef.h>

#include "strbuf.h"

char *rfc2047_decode(const char *value);
char *rfc2047_encode(const char *text);
void charset_to_utf8(const char *charset, const char *bytes, size_t len, strbuf *out);

#endif
