/* SPDX-License-Identifier: BSD-2-Clause */
/* untagged_cover: when a message without a patch tag is a cover (see untagged_cover.h). */
#include "untagged_cover.h"

#include <stdlib.h>
#include <string.h>

#include "address.h"
#include "subject.h"
#include "xalloc.h"

/* The lower-case address of a From value ("" when none); to be freed. */
static char *from_address(const char *from)
{
    char *a = address_key(from);
    return a ? a : xstrdup("");
}

static bool same(const char *a, const char *b)
{
    return a && b && !strcmp(a, b);
}

bool untagged_cover_candidate(const patch_facts *pf)
{
    if (pf->kind != PATCH_KIND_NONE || !pf->message_id || !*pf->message_id ||
        (pf->in_reply_to && *pf->in_reply_to) || pf->references.n || !pf->subject_text)
        return false;
    /* the facts of a reply hold no parsed subject (patch_facts_extract_reply) */
    subject_info si;
    subject_parse(pf->subject_text, &si);
    bool tagged = si.patch || si.pull || si.reply;
    subject_info_free(&si);
    return !tagged;
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
