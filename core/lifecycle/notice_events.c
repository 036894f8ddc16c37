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

/* A person's verdict in patch mail: the author's own, in its notes. */
static bool own_verdict(const patch_facts *pf, const notice *n)
{
    return (pf->kind == PATCH_KIND_PATCH || pf->kind == PATCH_KIND_COVER) && n->in_notes;
}

/* A pw-bot verdict the posting's author may give (trust_author_may_give): the one
   pw-bot line of a reply to the author's patch mail, or of the notes of that mail. */
static bool authors_verdict(const trust_rules *rules, const mail_message *msg,
                            const patch_facts *pf, const char *posting_from, const notice *n)
{
    if (!n->shape || strcmp(n->shape, "pw-bot") || n->verdict_lines != 1)
        return false;
    if (own_verdict(pf, n))
        posting_from = mail_get(msg, "From");
    else if (pf->kind != PATCH_KIND_REPLY)
        return false;
    return trust_author_may_give(rules->authserv_id, msg, posting_from, n->verdict);
}

notice_trust notice_trusted(const trust_rules *rules, const mail_message *msg,
                            const patch_facts *pf, const maint_match *thread_sections,
                            const char *posting_from, const notice *n)
{
    /* a person's "Applied" or verdict line counts in a reply only, not in a patch */
    bool counts = notice_is_automated(n) || pf->kind == PATCH_KIND_REPLY;
    if (counts && trust_sender_may_decide(rules, msg, thread_sections))
        return NOTICE_TRUSTED;
    return authors_verdict(rules, msg, pf, posting_from, n) ? NOTICE_AUTHORS : NOTICE_UNTRUSTED;
}

bool notice_judge(const trust_rules *rules, const mail_message *msg, const patch_facts *pf,
                  const maint_match *thread_sections, const char *posting_from, notice *out,
                  notice_trust *trust)
{
    *trust = NOTICE_UNTRUSTED;
    if (!notice_read(pf, out))
        return false;
    *trust = notice_trusted(rules, msg, pf, thread_sections, posting_from, out);
    return true;
}

/* The message a notice concerns first: patch mail's own verdict that mail, else the
   message it answers (In-Reply-To, else the last of References); NULL when none. */
static const char *concerned(const notice *n, const patch_facts *pf)
{
    if (!notice_is_automated(n) && own_verdict(pf, n))
        return pf->message_id;
    return pf->in_reply_to && *pf->in_reply_to ? pf->in_reply_to
           : pf->references.n ? pf->references.v[pf->references.n - 1]
                              : NULL;
}

/* Whether msgid's events leave its posting in the queue so far: no applied event;
   the latest verdict in *verdict and *date. 1, 0, -1 with err. */
static int events_in_queue(pm_index *ix, const char *msgid, char **verdict, long long *date,
                           strbuf *err)
{
    index_events e = {0};
    if (pm_index_events(ix, msgid, &e, err) < 0)
        return -1;
    int in_queue = 1;
    for (size_t i = 0; i < e.n; i++) {
        if (!strcmp(e.v[i].kind, "applied"))
            in_queue = 0;
        else if (!strcmp(e.v[i].kind, "verdict") && (!*verdict || e.v[i].date >= *date)) {
            free(*verdict);
            *verdict = xstrdup(e.v[i].detail);
            *date = e.v[i].date;
        }
    }
    index_events_free(&e);
    return in_queue;
}

int notice_in_queue(pm_index *ix, const notice *n, const patch_facts *pf, strbuf *err)
{
    const char *msgid = concerned(n, pf);
    index_record rec;
    int found = msgid ? pm_index_recorded(ix, msgid, &rec, err) : 0;
    if (found <= 0)
        return found < 0 ? -1 : 1;
    index_records posting = {0};
    int rc = rec.posting ? pm_index_posting(ix, rec.posting, &posting, err) : 0;
    char *verdict = NULL;
    long long date = 0;
    if (rc >= 0)
        rc = events_in_queue(ix, rec.msgid, &verdict, &date, err);
    for (size_t i = 0; rc == 1 && i < posting.n; i++)
        if (strcmp(posting.v[i].msgid, rec.msgid))
            rc = events_in_queue(ix, posting.v[i].msgid, &verdict, &date, err);
    static const char *const queued[] = {"new", "under-review", "needs-ack"};
    bool back = !verdict;
    for (size_t i = 0; verdict && i < sizeof queued / sizeof *queued; i++)
        back |= !strcmp(verdict, queued[i]);
    if (rc == 1 && !back)
        rc = 0;
    free(verdict);
    index_records_free(&posting);
    index_record_free(&rec);
    return rc;
}

typedef struct recording {
    pm_index *ix;
    const notice *n;
    const char *evidence;
    long long date;
    int written;
    strbuf *err;
} recording;

/* One event on msgid at tree and branch (NULL: "-"); commit NULL: every commit the
   notice names (or "-"). */
static int add_at(recording *r, const char *msgid, const char *tree, const char *branch,
                  const char *commit)
{
    const notice *n = r->n;
    if (r->written >= NOTICE_EVENTS_MAX)
        return 0;
    if (n->kind == NOTICE_VERDICT) {
        r->written++;
        return pm_index_add_event(r->ix, msgid, "verdict", n->verdict, r->evidence, r->date, r->err);
    }
    tree = tree ? tree : "-";
    branch = branch ? branch : "-";
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

/* One event on msgid at the notice's tree and branch. */
static int add(recording *r, const char *msgid, const char *commit)
{
    return add_at(r, msgid, r->n->tree, r->n->branch, commit);
}

/* Whether the notice says part was not applied. */
static bool excluded(const notice *n, int part)
{
    return part >= 1 && part <= NOTICE_MAX_PATCHES && (n->excluded >> (part - 1) & 1);
}

/* The range of the notice that names part, NULL when none does or the notice
   excludes it. */
static const notice_range *range_of(const notice *n, int part)
{
    for (size_t i = 0; !excluded(n, part) && i < n->nranges; i++)
        if (n->ranges[i].first <= part && part <= n->ranges[i].last)
            return &n->ranges[i];
    return NULL;
}

/* Whether the notice's ranges name parts 1..total, each at the notice's own tree and
   branch (all ranges at one place). */
static bool ranges_whole(const notice *n, int total)
{
    if (n->excepts || total < 1 || total > NOTICE_MAX_PATCHES || (!n->tree && !n->branch))
        return false;
    for (int part = 1; part <= total; part++)
        if (!range_of(n, part))
            return false;
    return true;
}

/* Whether the notice gives its patches commits of their own (b4 ty's "[k/N] title"
   then "commit: SHA", patchwork-bot's entry then its commit URL). */
static bool pairs_commits(const notice *n)
{
    for (size_t i = 0; i < n->patch_commits.n; i++)
        if (*n->patch_commits.v[i])
            return true;
    return false;
}

/* The event of the notice's i-th patch on msgid: with its own commit when the notice
   pairs them (none when the notice gives it none: "(no matching commit)"), else with
   every commit the notice names. */
static int add_patch_event(recording *r, const char *msgid, size_t i)
{
    if (!pairs_commits(r->n))
        return add(r, msgid, NULL);
    const char *commit = r->n->patch_commits.v[i];
    return *commit ? add(r, msgid, commit) : 0;
}

/* Whether the notice says the whole posting was applied: it names no exception, and
   lists no patch (a plain "Applied, thanks"), or its "[k/N]" entries are parts 1..N,
   each with its commit when the notice pairs them, and its subject does not say
   "(subset)". */
static bool whole_posting(const notice *n, const patch_facts *pf)
{
    if (n->excepts)
        return false;
    if (!n->patches.n)
        return true;
    if (pf->subject_text && strstr(pf->subject_text, "(subset)"))
        return false;
    bool paired = pairs_commits(n);
    unsigned long long seen = 0;
    int total = 0;
    for (size_t i = 0; i < n->patches.n; i++) {
        int part, of;
        if (sscanf(n->patches.v[i], "[%d/%d]", &part, &of) != 2 || of < 1 || of > 64 ||
            part < 1 || part > of || (total && of != total) || (paired && !*n->patch_commits.v[i]))
            return false;
        total = of;
        seen |= 1ULL << (part - 1);
    }
    return seen == (total == 64 ? ~0ULL : (1ULL << total) - 1);
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
    for (size_t i = 0; rc >= 0 && i < posting.n; i++) {
        const notice_range *range = posting.v[i].kind == PATCH_KIND_PATCH
                                        ? range_of(n, posting.v[i].part) : NULL;
        if (range)
            rc = add_at(r, posting.v[i].msgid, range->tree, range->branch,
                        range->commit ? range->commit : "-");
    }
    for (size_t i = 0; rc >= 0 && i < n->patches.n; i++) {
        const index_record *p = named_patch(&posting, n->patches.v[i]);
        if (p && !excluded(n, p->part))
            rc = add_patch_event(r, p->msgid, i);
    }
    /* every patch: of a cover's "Applied"; of "all but patch 9" to any message of the
       posting (one that excepts none it can name: none) */
    bool every = !n->patches.n && !n->nranges &&
                 (n->excepts ? n->excluded != 0 : answered->kind == PATCH_KIND_COVER);
    for (size_t i = 0; rc >= 0 && every && i < posting.n; i++)
        if (posting.v[i].kind == PATCH_KIND_PATCH && !excluded(n, posting.v[i].part))
            rc = add(r, posting.v[i].msgid, NULL);
    index_records_free(&posting);
    return rc < 0 ? -1 : 0;
}

/* A notice that names no message: each patch it names, by its title, is the patch of
   that title recorded last and dated in the year up to the notice. */
static int add_titled(recording *r)
{
    const notice *n = r->n;
    int rc = 0;
    for (size_t i = 0; rc >= 0 && r->date && i < n->patches.n; i++) {
        index_record rec;
        rc = pm_index_titled(r->ix, entry_title(n->patches.v[i]), r->date - NOTICE_TITLE_WINDOW,
                             r->date, &rec, r->err);
        if (rc > 0) {
            rc = add_patch_event(r, rec.msgid, i);
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
    const char *answered = concerned(n, pf);
    int rc = 0;
    if (answered) {
        index_record rec;
        int found = pm_index_recorded(ix, answered, &rec, err);
        /* the message answered: applied as a whole, unless the notice lists the
           patches of its posting and it is one of them (add_posting) or they are not
           all of them; one not recorded yet keeps what the notice says (its patches
           are not known: arrival order is not guaranteed) */
        bool listed_patch = found > 0 && rec.kind == PATCH_KIND_PATCH &&
                            (n->patches.n || n->nranges);
        bool whole = n->nranges ? ranges_whole(n, found > 0 ? rec.total : 0)
                                : whole_posting(n, pf);
        if ((found == 0 && !n->excepts) || (found > 0 && !listed_patch && whole))
            rc = add(&r, answered, NULL);
        if (found > 0 && rc == 0)
            rc = add_posting(&r, &rec);
        if (found > 0)
            index_record_free(&rec);
        if (found < 0)
            rc = -1;
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
