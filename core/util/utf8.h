/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * utf8: validation of UTF-8 byte strings.
 * utf8_sequence_len() returns the length (1-4) of the well-formed UTF-8 sequence at
 * s (n bytes available), or 0 when the bytes there are not well-formed UTF-8
 * (overlong forms, surrogates, code points above U+10FFFF, cut-short sequences).
 * utf8_valid() tells whether all n bytes at s are well-formed UTF-8.
 */
#ifndef PM_UTF8_H
#define PM_UTF8_H

#include <stdbool.h>
#include <stddef.h>

size_t utf8_sequence_len(const unsigned char *s, size_t n);
bool utf8_valid(const char *s, size_t n);

#endif
