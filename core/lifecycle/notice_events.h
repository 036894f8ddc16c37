/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * notice_events: the one decision on a notice (is it one, may its sender decide) and
 * what a trusted notice records in the index, for the milter, annotate and import alike.
 *
 * SYNOPSIS
 *   notice n;
 *   notice_trust trust;
 *   if (notice_judge(&rules, &msg, &pf, thread_sections, posting_from, &n, &trust)) {
 *       if (trust == NOTICE_AUTHORS && notice_in_queue(ix, &n, &pf, &err) != 1)
 *           trust = NOTICE_UNTRUSTED;
 *       if (trust) notice_events_record(ix, &n, &pf, &err);
 *       notice_free(&n);
 *   }
 *
 * DESCRIPTION
 *   notice_judge() reads the notice (notice_read) and, when there is one, sets *trust
 *   to whether it counts (NOTICE_TRUSTED, or NOTICE_AUTHORS as below; NOTICE_UNTRUSTED,
 *   0, when it does not): sent by a bot or a tool (notice_is_automated), or a person's
 *   line in a reply (patch kind reply: an "Applied" atop a patch is no notice), and
 *   its sender may decide (trust_sender_may_decide; an M: or R: of thread_sections,
 *   the sections of the patch mail its thread answers, may; NULL when that is not
 *   known: then only a trusted sender may). Or it is a verdict its posting's author may
 *   give (trust_author_may_give): a pw-bot notice with one pw-bot line, in a reply whose
 *   From is posting_from's (the header From of the patch mail its thread answers; NULL
 *   when not known), or in patch mail (patch or cover) below its "---" line (its
 *   notes), where the posting's author is its own From: NOTICE_AUTHORS. It returns
 *   false, n empty and *trust NOTICE_UNTRUSTED, when the message is no notice.
 *   notice_trusted() is that judgement alone, of a notice read before (for import,
 *   which learns the thread only from the index).
 *   notice_in_queue() is the rest of the author's rule, which needs the index: as
 *   netdev's mailbot ignores an author's command when the series is no longer in the
 *   queue (nipa mailbot.py, weak_act_should_ignore), an author's verdict counts only
 *   while the posting it concerns (that of the message it answers, or patch mail's
 *   own) has no applied event and its latest verdict (by date, a later one of the same
 *   date winning, as series_view) is none or one that puts it back in the queue (new,
 *   under-review, needs-ack). Returns 1 in the queue (also when that message is not
 *   recorded), 0 not, -1 with err.
 *   notice_events_record() records what a trusted notice says (the caller has judged
 *   it) as events (pm_index_add_event) with the notice's Message-ID as evidence and its
 *   Date as date: kind "applied", detail "TREE BRANCH COMMIT" as applied_tree writes
 *   it ("-" for a part the notice does not name; one event per commit it names, at most
 *   NOTICE_MAX_PATCHES), or kind "verdict", detail the verdict's name. On:
 *   - the message it answers (In-Reply-To, else the last of References; patch mail's
 *     own verdict: that patch mail itself), as a whole:
 *     when the notice lists no patch, or lists parts 1..N (each with its commit when it
 *     pairs commits with parts) and its subject does not say "(subset)", or when that
 *     message is not recorded yet: events are kept by Message-ID, so those of a
 *     message that arrives after its notice show once it is recorded; never a recorded
 *     patch the notice lists (the next item gives it its own);
 *     a notice that names parts by ranges (notice.ranges) applies the message as a
 *     whole only when its ranges name parts 1..N of it (its total) at one place; a
 *     notice with exceptions (notice.excepts: "Applied all but patch 9") never, nor
 *     one not recorded yet;
 *   - when that message is recorded, the patches of its posting whose part a range of
 *     the notice names, each at that range's tree and branch with its commit ("-" when
 *     it has none), the other parts untouched;
 *   - when that message is recorded, the patches of its posting the notice names as
 *     "[k/N] title" (same part of the same total, else the same title), each with its
 *     own commit when the notice pairs commits with parts (notice.patch_commits; none
 *     for an entry without one), else with every commit the notice names;
 *     when the notice names none (by entry or range) and the message is a cover, every
 *     patch of its posting; when it names none but names exceptions by part, every
 *     patch of the posting of the message it answers, cover or patch;
 *   - never a part the notice excludes (notice.excluded), by range, entry or the
 *     posting's;
 *   - the Message-IDs its Link: (and Message-ID:) lines name (trailers_posting_msgids);
 *   - a notice that names no message by these (akpm's mm-commits notices name the patch
 *     by its title alone, tip-bot2's may): for each patch it names, the patch with that
 *     title (normalized, as the index keeps titles; a "[k/N]" counter left out) recorded
 *     last and dated in the NOTICE_TITLE_WINDOW up to the notice's Date
 *     (pm_index_titled), with its commit as above; a notice without a Date matches no
 *     title. A notice
 *     that arrives before its patch is not matched by title later.
 *   At most NOTICE_EVENTS_MAX events are written for one notice (the first ones, in
 *   the order above). A notice without a Message-ID, or naming no message and no
 *   recorded title, records nothing. Returns the number of events written (a repeated one counts but is kept
 *   once), -1 with err.
 */
#ifndef PM_NOTICE_EVENTS_H
#define PM_NOTICE_EVENTS_H

#include <stdbool.h>

#include "message.h"
#include "notice.h"
#include "patch_facts.h"
#include "pm_index.h"
#include "strbuf.h"
#include "trust.h"

#define NOTICE_EVENTS_MAX 256
#define NOTICE_TITLE_WINDOW (365LL * 24 * 3600) /* a title names a patch of the last year */

typedef enum notice_trust {
    NOTICE_UNTRUSTED = 0,
    NOTICE_TRUSTED, /* its sender may decide (trust_sender_may_decide) */
    NOTICE_AUTHORS, /* a verdict its posting's author may give (trust_author_may_give) */
} notice_trust;

bool notice_judge(const trust_rules *rules, const mail_message *msg, const patch_facts *pf,
                  const maint_match *thread_sections, const char *posting_from, notice *out,
                  notice_trust *trust);
notice_trust notice_trusted(const trust_rules *rules, const mail_message *msg,
                            const patch_facts *pf, const maint_match *thread_sections,
                            const char *posting_from, const notice *n);
int notice_in_queue(pm_index *ix, const notice *n, const patch_facts *pf, strbuf *err);
int notice_events_record(pm_index *ix, const notice *n, const patch_facts *pf, strbuf *err);

#endif
