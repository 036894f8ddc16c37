/* SPDX-License-Identifier: BSD-2-Clause */
/* me: the reader's addresses and the comparison with them (see me.h). */
#include "me.h"

#include <stdlib.h>
#include <string.h>

#include "address.h"

#define ME_MAX_ADDRESS 254

static bool valid_address(const char *s)
{
    size_t n = strlen(s);
    if (n == 0 || n > ME_MAX_ADDRESS || !strchr(s, '@'))
        return false;
    for (; *s; s++)
        if ((unsigned char)*s <= ' ' || *s == 127 || strchr("<>,\"", *s))
            return false;
    return true;
}

int me_set_add(me_set *me, const char *spec, strbuf *err)
{
    char *email = address_email(spec);
    int rc = 0;
    if (valid_address(email)) {
        string_list_add(&me->patterns, email);
    } else {
        sb_fail(err, "no address in '%s' (Name <address>, address, or *@domain)", spec);
        rc = -1;
    }
    free(email);
    return rc;
}

bool me_set_has(const me_set *me, const char *email)
{
    for (size_t i = 0; email && i < me->patterns.n; i++)
        if (address_pattern_match(me->patterns.v[i], email))
            return true;
    return false;
}

bool me_set_may_be_in(const me_set *me, const char *text)
{
    for (size_t i = 0; i < me->patterns.n; i++)
        if (strchr(me->patterns.v[i], '*') || strcasestr(text, me->patterns.v[i]))
            return true;
    return false;
}

void me_set_free(me_set *me)
{
    string_list_free(&me->patterns);
}
