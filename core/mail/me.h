/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * me: who "me" is, the addresses of the reader patchmilter annotates for (the Me key,
 * --me), and whether an address is one of them.
 *
 * SYNOPSIS
 *   me_set me = {0};
 *   me_set_add(&me, "Eric Biggers <ebiggers@kernel.org>", &err);
 *   me_set_add(&me, "*@example.org", &err);
 *   if (me_set_has(&me, "EBiggers@Kernel.org")) ...
 *   me_set_free(&me);
 *
 * DESCRIPTION
 *   A spec is "Name <address>", a bare address, or an address pattern with '*'
 *   ("*@example.org"); only the address is kept. Addresses are compared whole and
 *   without case (address_pattern_match), so "ebiggers@kernel.org" is not
 *   "xebiggers@kernel.org". me_set_add() returns 0, or -1 with a message in err when
 *   the spec has no address (no '@', white space or control characters in it, more
 *   than 254 characters). An empty set has nobody in it.
 *   me_set_may_be_in() is a quick test before a list of addresses is parsed: false
 *   only when no address of the set can be in text (no pattern with '*', and none of
 *   the addresses occurs in it, ignoring case).
 */
#ifndef PM_ME_H
#define PM_ME_H

#include <stdbool.h>

#include "strbuf.h"
#include "string_list.h"

typedef struct me_set {
    string_list patterns;
} me_set;

int me_set_add(me_set *me, const char *spec, strbuf *err);
bool me_set_has(const me_set *me, const char *email);
bool me_set_may_be_in(const me_set *me, const char *text);
void me_set_free(me_set *me);

#endif
