/* SPDX-License-Identifier: BSD-2-Clause */
/* notice_events: a notice judged, and what a trusted one records (see notice_events.h). */
#include "notice_events.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "text.h"
#include "trailers.h"
#include "xalloc.h"

bool notice_judge(const trust_rules *rules, const mail_message *msg, const patch_facts *pf,
                  const maint_match *thread_sections, notice *out, bool *trusted)
{
    *trusted = false;
    if (!notice_read(pf, out))
        return false;
    /* a person's "Applied" or verdict line counts in a reply only, not in a patch */
    bool counts = notice_is_automated(out) || pf->kind == PATCH_KIND_REPLY;
    *trusted = counts && trust_sender_may_decide(rules, msg, thread_sections);
    return true;
}

typedef struct recording {
    pm_index *ix;
    const notice *n;
    const char *evidence;
    long long date;
    int written;
    strbuf *err;
} recording;

/* One event on msgid; commit NULL: every commit the notice names (or "-"). */
static int add(recording *r, const char *msgid, const char *commit)
{
    const notice *n = r->n;
    if (r->written >= NOTICE_EVENTS_MAX)
        return 0;
    if (n->kind == NOTICE_VERDICT) {
        r->written++;
        return pm_index_add_event(r->ix, msgid, "verdict", n->verdict, r->evidence, r->date, r->err);
    }
    const char *tree = n->tree ? n->tree : "-", *branch = n->branch ? n->branch : "-";
    size_t count = commit || !n->commits.n ? 1 : n->commits.n;
    for (size_t i = 0; i < count && r->written < NOTICE_EVENTS_MAX; i++) {
        const char *c = commit ? commit : n->commits.n ? n->commits.v[i] : "-";
        char detail[INDEX_EVENT_MAX + 1];
        snprintf(detail, sizeof detail, "%s %s %s", tree, branch, c);
        if (pm_index_add_event(r->ix, msgid, "applied", detail, r->evidence, r->date, r->err) < 0)
            return -1;
        r->written++;
    }
    return 0;
}

/* A title as the index keeps it: one line, lower case. */
static char *normalized(const char *s)
{
    char *t = text_one_line(s, TEXT_CONTROLS_ARE_SPACE);
    for (char *c = t; *c; c++)
        *c = (char)tolower((unsigned char)*c);
    return t;
}

/* The title of a notice's "[k/N] title" entry; an entry without a counter is one. */
static const char *entry_title(const char *entry)
{
    const char *close = entry[0] == '[' ? strchr(entry, ']') : NULL;
    return close ? close + 1 : entry;
}

/* The patch of the posting a notice's "[k/N] title" entry names: the same part of the
   same total, else the same title; NULL when none. */
static const index_record *named_patch(const index_records *posting, const char *entry)
{
    int part = 0, total = 0;
    const char *title = entry_title(entry);
    if (title != entry && sscanf(entry, "[%d/%d]", &part, &total) != 2)
        part = total = 0;
    for (size_t i = 0; part > 0 && i < posting->n; i++)
        if (posting->v[i].kind == PATCH_KIND_PATCH && posting->v[i].part == part &&
            posting->v[i].total == total)
            return &posting->v[i];
    char *want = normalized(title);
    const index_record *found = NULL;
    for (size_t i = 0; !found && *want && i < posting->n; i++)
        if (posting->v[i].kind == PATCH_KIND_PATCH && posting->v[i].title &&
            !strcmp(posting->v[i].title, want))
            found = &posting->v[i];
    free(want);
    return found;
}

/* The patches of the answered message's posting that the notice concerns. */
static int add_posting(recording *r, const index_record *answered)
{
    index_records posting = {0};
    int rc = answered->posting ? pm_index_posting(r->ix, answered->posting, &posting, r->err) : 0;
    const notice *n = r->n;
    bool paired = n->patches.n && n->patches.n == n->commits.n;
    for (size_t i = 0; rc >= 0 && i < n->patches.n; i++) {
        const index_record *p = named_patch(&posting, n->patches.v[i]);
        if (p)
            rc = add(r, p->msgid, paired ? n->commits.v[i] : NULL);
    }
    for (size_t i = 0; rc >= 0 && !n->patches.n && answered->kind == PATCH_KIND_COVER &&
                       i < posting.n; i++)
        if (posting.v[i].kind == PATCH_KIND_PATCH)
            rc = add(r, posting.v[i].msgid, NULL);
    index_records_free(&posting);
    return rc < 0 ? -1 : 0;
}

/* A notice that names no message: each patch it names, by its title, is the patch of
   that title recorded last and dated in the year up to the notice. */
static int add_titled(recording *r)
{
    const notice *n = r->n;
    bool paired = n->patches.n == n->commits.n;
    int rc = 0;
    for (size_t i = 0; rc >= 0 && r->date && i < n->patches.n; i++) {
        index_record rec;
        rc = pm_index_titled(r->ix, entry_title(n->patches.v[i]), r->date - NOTICE_TITLE_WINDOW,
                             r->date, &rec, r->err);
        if (rc > 0) {
            rc = add(r, rec.msgid, paired ? n->commits.v[i] : NULL);
            index_record_free(&rec);
        }
    }
    return rc < 0 ? -1 : 0;
}

int notice_events_record(pm_index *ix, const notice *n, const patch_facts *pf, strbuf *err)
{
    if (!pf->message_id || !*pf->message_id)
        return 0;
    recording r = {.ix = ix, .n = n, .evidence = pf->message_id,
                   .date = pf->date > 0 ? (long long)pf->date : 0, .err = err};
    const char *answered = pf->in_reply_to && *pf->in_reply_to ? pf->in_reply_to
                           : pf->references.n ? pf->references.v[pf->references.n - 1]
                                              : NULL;
    int rc = 0;
    if (answered) {
        rc = add(&r, answered, NULL);
        index_record rec;
        int found = rc < 0 ? -1 : pm_index_recorded(ix, answered, &rec, err);
        if (found > 0) {
            rc = add_posting(&r, &rec);
            index_record_free(&rec);
        } else if (found < 0) {
            rc = -1;
        }
    }
    string_list links = {0};
    if (rc == 0 && pf->body)
        trailers_posting_msgids(pf->body, strlen(pf->body), &links);
    for (size_t i = 0; rc == 0 && i < links.n; i++)
        if (!answered || strcmp(links.v[i], answered))
            rc = add(&r, links.v[i], NULL);
    if (rc == 0 && !answered && !links.n)
        rc = add_titled(&r);
    string_list_free(&links);
    return rc < 0 ? -1 : r.written;
}
