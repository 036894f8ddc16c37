/* SPDX-License-Identifier: BSD-2-Clause */
/* pending_roots: untagged roots held until a patch answers one (see pending_roots.h). */
#include "pending_roots.h"

#include <stdlib.h>
#include <string.h>

#include "pm_index_replies.h"
#include "untagged_cover.h"
#include "text.h"
#include "xalloc.h"

#define MAX_VALUE 1024

static char *cut(const char *s)
{
    char *t = xstrdup(s ? s : "");
    text_cut(t, MAX_VALUE);
    return t;
}

static void forget(pending_root *r)
{
    free(r->msgid);
    free(r->from);
    free(r->subject);
    memset(r, 0, sizeof *r);
}

void pending_roots_hold(pending_roots *pr, const patch_facts *pf)
{
    if (!untagged_cover_candidate(pf) || strlen(pf->message_id) > MAX_VALUE)
        return;
    pending_root *r = &pr->v[pr->next];
    forget(r);
    *r = (pending_root){.msgid = xstrdup(pf->message_id), .from = cut(pf->from),
                        .subject = cut(pf->subject_text),
                        .date = pf->date > 0 ? (long long)pf->date : 0};
    pr->next = (pr->next + 1) % PENDING_ROOTS;
}

int pending_roots_answered(pending_roots *pr, pm_index *ix, const patch_facts *pf, strbuf *err)
{
    if (pf->kind != PATCH_KIND_PATCH || !pf->in_reply_to || !*pf->in_reply_to ||
        !pf->message_id || !*pf->message_id)
        return 0;
    for (size_t i = 0; i < PENDING_ROOTS; i++) {
        pending_root *r = &pr->v[i];
        if (!r->msgid || strcmp(r->msgid, pf->in_reply_to))
            continue;
        index_root root = {.msgid = r->msgid, .date = r->date, .from = r->from,
                           .subject = r->subject};
        int rc = pm_index_record_root(ix, &root, pf->message_id, err);
        forget(r);
        return rc;
    }
    return 0;
}

void pending_roots_free(pending_roots *pr)
{
    for (size_t i = 0; i < PENDING_ROOTS; i++)
        forget(&pr->v[i]);
}
