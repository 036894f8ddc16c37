/* SPDX-License-Identifier: BSD-2-Clause */
/* utf8: validation of UTF-8 byte strings (see utf8.h). */
#include "utf8.h"

size_t utf8_sequence_len(const unsigned char *s, size_t n)
{
    if (n == 0)
        return 0;
    unsigned char c = s[0];
    if (c < 0x80)
        return 1;
    size_t len;
    unsigned min_second = 0x80, max_second = 0xBF;
    if (c >= 0xC2 && c <= 0xDF)
        len = 2;
    else if (c >= 0xE0 && c <= 0xEF) {
        len = 3;
        if (c == 0xE0)
            min_second = 0xA0;
        if (c == 0xED)
            max_second = 0x9F;
    } else if (c >= 0xF0 && c <= 0xF4) {
        len = 4;
        if (c == 0xF0)
            min_second = 0x90;
        if (c == 0xF4)
            max_second = 0x8F;
    } else
        return 0;
    if (n < len || s[1] < min_second || s[1] > max_second)
        return 0;
    for (size_t i = 2; i < len; i++)
        if ((s[i] & 0xC0) != 0x80)
            return 0;
    return len;
}

bool utf8_valid(const char *s, size_t n)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0;
    while (i < n) {
        size_t k = utf8_sequence_len(p + i, n - i);
        if (!k)
            return false;
        i += k;
    }
    return true;
}
