/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * pm_index_replies: the replies in threads of patch mail, and the MAINTAINERS sections
 * of patch mail, as the index keeps them: what a reply inherits from the patch it
 * answers (its series, the reader's role), whether it is a copy delivered before, who
 * reviewed what, and the replies of a digest's range.
 *
 * SYNOPSIS
 *   index_reply_verdict v;
 *   pm_index_record_reply(ix, &pf, bot, dkim_ok, true, &v, &err);   1, 0, -1
 *   ... v.duplicate, v.target (the patch, cover or pull request answered) ...
 *   index_reply_verdict_free(&v);
 *
 *   pm_index_add_sections(ix, msgid, &sections, &err);
 *   pm_index_sections(ix, msgid, &sections, &err);
 *   pm_index_replies_between(ix, since, until, &replies, &err);
 *   pm_index_replies_to(ix, msgid, &replies, &err);  pm_index_reply(ix, msgid, ...);
 *   pm_index_prior_review(ix, prior_msgid, &value, &err);
 *
 * DESCRIPTION
 *   pm_index_record_reply() takes the facts of a reply (patch_facts.h: kind
 *   PATCH_KIND_REPLY) and finds its target: the patch, cover or pull request of its
 *   thread it answers, the nearest first: its In-Reply-To when that is recorded patch
 *   mail, else the target of the recorded reply it answers, else the same for each of
 *   its References from the last, at most PM_REPLY_HOPS of them. A reply whose thread
 *   holds no recorded patch mail is not recorded (list chatter is none of the index's
 *   business) and returns 0. Else v.target is the target's record as the index holds it
 *   now (its series, its author) and the call returns 1; with record, the reply is
 *   recorded (Message-ID, date, header From, the sender's address, parent, target, its
 *   subject, bot (NULL: a person) and the names of the review trailers it gives: at
 *   most 1 KB each). A Message-ID recorded before as a reply is v.duplicate when it is
 *   the same message (same sender, date and subject: a copy cross-posted to a second
 *   list), and is never recorded again; a reply whose Message-ID another message took
 *   is no duplicate and is not recorded. With record, a reply from a person whose
 *   sender may be believed (dkim_ok: the caller's DKIM check passed for the From
 *   domain, or it checks none) that gives review trailers records, for each, an
 *   event "review" of the target with detail "Reviewed-by: <From>" (the trailer's
 *   name and the sender as its From says): review trailers are taken from their own
 *   sender only, never from a name written in another's reply.
 *   pm_index_record_root() records a root, a message with no patch tag nor reply prefix
 *   that answers nothing, that a patch answers (its In-Reply-To; target is that patch),
 *   as a row of the replies (same bounds) that is its own parent, with no bot
 *   (index_reply_is_root() tells it from a reply): the digest and `series` may make it
 *   the cover of that patch's posting (digest.h), which the milter could not know when
 *   it arrived. A Message-ID recorded before, as a reply, a root or patch mail, is not
 *   recorded again. Returns 1 recorded, 0 not, -1 with err.
 *   pm_index_replies_between() and pm_index_replies_to() list roots too.
 *   pm_index_add_sections() records the MAINTAINERS sections patch mail touches (at
 *   most INDEX_SECTIONS_MAX, each cut to 1 KB); pm_index_sections() appends those of
 *   msgid to out, in byte order.
 *   pm_index_replies_between() appends the replies dated in [since, until) to out in
 *   date order (at most 200000) and returns their number; pm_index_replies_to() those
 *   whose target is msgid (the 500 newest, newest first); pm_index_reply() the reply
 *   recorded under msgid, with or without <> (none or one).
 *   pm_index_prior_review() gives, for a patch whose diff did not change since
 *   prior_msgid, the review that version received: the review events of prior_msgid
 *   and of the cover letter of its posting, "Reviewed-by: A <a>, Acked-by: B <b>" (at
 *   most 16, each once, oldest first), or NULL when none.
 *   Functions return 0 (or a count, or 1 found) on success, -1 with err on error.
 */
#ifndef PM_INDEX_REPLIES_H
#define PM_INDEX_REPLIES_H

#include <stdbool.h>

#include "patch_facts.h"
#include "pm_index.h"
#include "strbuf.h"
#include "string_list.h"

#define PM_REPLY_HOPS 16

typedef struct index_reply {
    char *msgid;
    long long date;
    char *from;    /* header From, decoded */
    char *sender;  /* its address, lower case */
    char *parent;  /* In-Reply-To */
    char *target;  /* the patch mail its thread answers */
    char *subject;
    char *bot;     /* NULL: a person */
    char *review;  /* "Reviewed-by, Tested-by"; NULL: none */
} index_reply;

/* A message with no patch tag that answers nothing (pm_index_record_root). */
typedef struct index_root {
    const char *msgid;
    long long date; /* UTC seconds, 0 unknown */
    const char *from;
    const char *subject;
} index_root;

typedef struct index_replies {
    index_reply *v;
    size_t n, cap;
} index_replies;

typedef struct index_reply_verdict {
    bool duplicate;
    index_record target;
} index_reply_verdict;

int pm_index_record_reply(pm_index *ix, const patch_facts *pf, const char *bot, bool dkim_ok,
                          bool record, index_reply_verdict *out, strbuf *err);
void index_reply_verdict_free(index_reply_verdict *v);
int pm_index_record_root(pm_index *ix, const index_root *root, const char *target, strbuf *err);
bool index_reply_is_root(const index_reply *r);
int pm_index_add_sections(pm_index *ix, const char *msgid, const string_list *sections,
                          strbuf *err);
int pm_index_sections(pm_index *ix, const char *msgid, string_list *out, strbuf *err);
long long pm_index_replies_between(pm_index *ix, long long since, long long until,
                                   index_replies *out, strbuf *err);
long long pm_index_replies_to(pm_index *ix, const char *msgid, index_replies *out, strbuf *err);
long long pm_index_reply(pm_index *ix, const char *msgid, index_replies *out, strbuf *err);
void index_replies_free(index_replies *rs);
int pm_index_prior_review(pm_index *ix, const char *prior_msgid, char **out, strbuf *err);

#endif
