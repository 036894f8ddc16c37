/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * fnv1a: the FNV-1a hash (64 bits) of core's hash tables: strmap, the MAINTAINERS
 * prefix index, the file list of a diff.
 *
 * SYNOPSIS
 *   uint64_t h = fnv1a(bytes, n);
 *
 *   uint64_t h = FNV1A_INIT;                  incremental: the hash of every prefix
 *   for (i = 0; i < n; i++)                   of a string in one pass
 *       h = fnv1a_step(h, (unsigned char)s[i]);
 *
 * DESCRIPTION
 *   Fowler/Noll/Vo FNV-1a with the 64-bit offset basis and prime: fast on short keys
 *   and spreading them well enough for open addressing. Not a defence against keys
 *   chosen to collide.
 */
#ifndef PM_FNV1A_H
#define PM_FNV1A_H

#include <stddef.h>
#include <stdint.h>

#define FNV1A_INIT UINT64_C(14695981039346656037)

static inline uint64_t fnv1a_step(uint64_t h, unsigned char c)
{
    return (h ^ c) * UINT64_C(1099511628211);
}

static inline uint64_t fnv1a(const char *bytes, size_t n)
{
    uint64_t h = FNV1A_INIT;
    for (size_t i = 0; i < n; i++)
        h = fnv1a_step(h, (unsigned char)bytes[i]);
    return h;
}

#endif
