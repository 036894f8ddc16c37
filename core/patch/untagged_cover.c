/* SPDX-License-Identifier: BSD-2-Clause */
/* untagged_cover: when a message without a patch tag is a cover (see untagged_cover.h). */
#include "untagged_cover.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "address.h"
#include "xalloc.h"

/* The lower-case address of a From value ("" when none); to be freed. */
static char *from_address(const char *from)
{
    char *a = from ? address_email(from) : NULL;
    if (!a)
        return xstrdup("");
    for (char *c = a; *c; c++)
        *c = (char)tolower((unsigned char)*c);
    return a;
}

static bool same(const char *a, const char *b)
{
    return a && b && !strcmp(a, b);
}

void untagged_answers_add(untagged_answers *a, const char *posting, const char *from, int part,
                          int total, const char *in_reply_to)
{
    bool counted = total >= 1 && part >= 1 && part <= total && posting && *posting &&
                   in_reply_to && *in_reply_to;
    char *address = from_address(from);
    if (!a->posting && !a->address) {
        a->posting = xstrdup(posting ? posting : "");
        a->address = address;
        a->in_reply_to = xstrdup(in_reply_to ? in_reply_to : "");
        a->total = total;
        a->fit = counted && *address;
        return;
    }
    a->fit = a->fit && counted && total == a->total && same(posting, a->posting) &&
             same(address, a->address) && same(in_reply_to, a->in_reply_to);
    free(address);
}

bool untagged_cover_holds(const untagged_answers *a, const char *root_msgid,
                          const char *root_from)
{
    if (!a->address || !a->fit || !same(a->in_reply_to, root_msgid))
        return false;
    char *address = from_address(root_from);
    bool holds = !strcmp(address, a->address);
    free(address);
    return holds;
}

void untagged_answers_free(untagged_answers *a)
{
    free(a->posting);
    free(a->address);
    free(a->in_reply_to);
    memset(a, 0, sizeof *a);
}
