/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * annotate: the one flow from a parsed message to the header fields we add, and the
 * rewrite of the message with those fields (used by `patchmilter annotate`; the
 * milter applies the same fields as libmilter edits).
 *
 * SYNOPSIS
 *   annotate_config cfg = {.prefix = "X-Patch-", .index = ix, .record = true};
 *   annotate_result res;
 *   if (annotate_message(&cfg, &msg, &res, &err) < 0) ... internal error ...
 *   annotate_render(&msg, cfg.prefix, &res.fields, &out);
 *   annotate_result_free(&res);
 *
 * DESCRIPTION
 *   annotate_message() extracts the patch facts, asks the index (when cfg.index is set)
 *   and the MAINTAINERS sections (when cfg.maintainers is set), and fills res.fields.
 *   Mail that is not patch mail gets no fields but Bot. It returns -1 only on an internal error
 *   (the index failed); res.fields then holds the fields known without the index.
 *   cfg.budget (cpu_budget.h) bounds the CPU time of the whole analysis: when it runs
 *   out, during the extraction (which then stops: patch_facts.h) or by the end of the
 *   MAINTAINERS matching, res.fields is empty and res.over_budget true, so the message
 *   gets only the removal of forged fields (annotate_render); the caller logs that.
 *   A message recorded in the index before the budget ran out stays recorded.
 *   annotate_subsystems() gives the MAINTAINERS sections (and their lists) of patch
 *   facts as the Subsystem and List fields name them: at most max sections (0: 5),
 *   K: patterns tried on the subject line, the message and the diff; the digest lists
 *   the same (maint_match_free the result).
 *   For a patch, cover or pull request, For is the strongest role cfg.me has for it
 *   and For-Sections the sections behind a maintainer or reviewer role (role.h),
 *   from every section the patch touches, not only the ones Subsystem names (with
 *   cfg.index and cfg.record, those sections are recorded for its replies).
 *   With cfg.index, a reply (and a bot's message) is looked up, and with cfg.record
 *   recorded, as a reply in a thread of patch mail (pm_index_replies.h): a reply
 *   whose thread holds recorded patch mail gets the Series of that patch mail, State
 *   "duplicate" when it is a copy delivered before, and For and For-Sections as that
 *   patch mail gives them to cfg.me (its recorded sections, its author), else as the
 *   reply's own To and Cc do. Review trailers in a reply are recorded as reviews of
 *   that patch mail only when cfg.trusted_authserv_id is unset or the reply's From
 *   domain passed DKIM there. A patch whose diff did not change since its prior
 *   version (Changed "no") gets Prior-Review: the reviews that version received.
 *   Bot names the automated sender (bots.h, cfg.bots besides the built-in table),
 *   on any mail, patch mail or not: it is the one field mail that is not patch mail
 *   can get. A bot's reply gets no Review.
 *   A notice (notice.h) sent by a bot or a tool (patchwork-bot, pr-tracker-bot,
 *   tip-bot2, mm-commits, b4-ty), whatever its kind as patch mail, gets Kind
 *   "notice", then what it says, then Bot, and is not recorded in the index as patch
 *   mail; a reply's "Applied" or verdict line adds to the reply's fields. What it
 *   says is written only when its sender may decide (notice_judge: trust.h, with
 *   cfg.trusted_senders, cfg.maintainers and cfg.trusted_authserv_id; an M: or R: of
 *   the sections recorded for the patch mail its thread answers may decide, as the
 *   index knows them: see below; so may, for a verdict netdev's mailbot lets authors
 *   give, the From of that patch mail, and patch mail's own From in its notes, with
 *   cfg.index only while its posting is in the queue: notice_in_queue):
 *   Applied "TREE BRANCH
 *   COMMIT" (the commit's first 12 hex digits, "-" for what the notice does not name;
 *   one field per commit, at most ANNOTATE_MAX_APPLIED), or Verdict with the verdict's
 *   name; and, with cfg.index and cfg.record, recorded as events of the messages it
 *   concerns (notice_events_record). An untrusted notice gets Kind "notice" and Bot
 *   alone, a reply its usual fields, and records nothing.
 *   With cfg.index, a reply (In-Reply-To) to a message with events, a resend (its
 *   first copy's) and a duplicate get Applied "TREE BRANCH COMMIT" (12 hex digits)
 *   per applied event and Verdict per verdict event, at most ANNOTATE_MAX_APPLIED of
 *   each, unless the reply is itself a trusted notice.
 *   annotate_render() writes the message byte for byte, except that res.fields are
 *   inserted at the top of the header block (after an mbox "From " line), with the
 *   message's own line ending, and that no reader may find a field of ours we did not
 *   write. Readers (Dovecot, procmail, Python's email, GMime) take for the header every
 *   line up to the first empty line, and Python's email also ends a line at a bare CR;
 *   so:
 *   - when the header block ended for us at a line that is neither empty nor a field
 *     (8-bit or control bytes in a name, no colon, ": value", a byte order mark, a diff
 *     with no empty line before it, a continuation line at the top), an empty line is
 *     written there, as Postfix's cleanup writes one: every reader's header then ends
 *     where ours does, and a continuation line never joins the last field we insert;
 *   - in the header, every line that starts with the prefix (in any case) is left out
 *     with its continuation lines, and so is each stretch from a bare CR followed by
 *     the prefix to the next CR or LF;
 *   - input with no header at all and no fields to insert gets no empty line (it is
 *     written back as it came), but in what procmail reads as its header (the lines
 *     after any empty ones at the top, up to the next empty line) the same is left out.
 */
#ifndef PM_ANNOTATE_H
#define PM_ANNOTATE_H

#include <stdbool.h>

#include "cpu_budget.h"
#include "header_set.h"
#include "bots.h"
#include "maintainers.h"
#include "me.h"
#include "message.h"
#include "patch_facts.h"
#include "pm_index.h"
#include "strbuf.h"

#define ANNOTATE_DEFAULT_MAX_SUBSYSTEMS 5
#define ANNOTATE_MAX_APPLIED 16

typedef struct annotate_config {
    const char *prefix;            /* PM_DEFAULT_PREFIX when NULL */
    pm_index *index;               /* NULL: no index lookup */
    bool record;                   /* record the message in the index */
    const maintainers *maintainers; /* NULL: no subsystem tags */
    unsigned max_subsystems;       /* 0: default 5 */
    const me_set *me;              /* NULL or empty: no For fields */
    const bot_table *bots;         /* Bot rules besides the built-in ones; NULL: none */
    const char *trusted_authserv_id; /* NULL: none; else a DKIM pass in the first
                                        Authentication-Results field of this id makes
                                        the signing domain the sender's identity for
                                        linking (auth_results.h) */
    const me_set *trusted_senders; /* TrustedSender: who may decide what became of a
                                      patch (trust.h); NULL: nobody but M:/R: */
    cpu_budget *budget;            /* started by the caller; NULL: no limit */
} annotate_config;

typedef struct annotate_result {
    patch_facts facts;
    index_verdict verdict;
    header_set fields;
    bool over_budget; /* the budget ran out: no fields (the caller warns) */
} annotate_result;

int annotate_message(const annotate_config *cfg, const mail_message *msg, annotate_result *res,
                     strbuf *err);
void annotate_result_free(annotate_result *res);
void annotate_subsystems(const maintainers *m, const patch_facts *pf, unsigned max,
                         maint_match *out);
void annotate_render(const mail_message *msg, const char *prefix, const header_set *fields,
                     strbuf *out);

#endif
