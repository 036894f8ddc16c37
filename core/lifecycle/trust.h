/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * trust: whether the sender of a notice or verdict may decide what became of a
 * patch, so that no one marks a series applied or accepted by writing a line.
 *
 * SYNOPSIS
 *   trust_rules rules = {.senders = &trusted, .maintainers = m, .authserv_id = id};
 *   if (trust_sender_may_decide(&rules, &msg, thread_sections)) ... state ...
 *
 * DESCRIPTION
 *   The sender is the address of the header From. It may decide when
 *   - it is one of rules.senders (the TrustedSender keys: addresses or patterns
 *     such as "*@example.org", me.h), or it is an M: or R: of one of
 *     thread_sections, the MAINTAINERS sections the thread's patch touches
 *     (role.h; thread_sections NULL when that patch is not known: then only
 *     rules.senders count; rules.maintainers NULL: no M:/R:);
 *   - and, when rules.authserv_id is set (TrustedAuthservID), our own
 *     Authentication-Results field of that id holds a "dkim=pass" for the sender's
 *     domain (auth_results.h; fields of any other id are not read).
 *   A message without a From address, or whose address holds a '*', never may.
 *
 *   trust_author_may_give() is the one other way, for a verdict: the posting's own
 *   author may give one that takes a series out of the queue and leaves nothing to
 *   do but rework or wait, as netdev's mailbot lets authors (nipa mailbot.py: a
 *   sender who is not a maintainer may only set a state pw_act_active holds
 *   inactive; the author "can always rescind their own series", mailbot.rst):
 *   "changes-requested", "rejected", "deferred", "awaiting-upstream",
 *   "not-applicable"; never "accepted" (which nipa lists as inactive too) nor
 *   anything that puts a series back in the queue. It may when msg's From address
 *   (address_key) is posting_from's, the From of the patch mail it concerns, and
 *   msg's From is verified (trust_from_verified). That the posting is still in the
 *   queue is the index's part (notice_in_queue, notice_events.h).
 */
#ifndef PM_TRUST_H
#define PM_TRUST_H

#include <stdbool.h>

#include "maintainers.h"
#include "me.h"
#include "message.h"

typedef struct trust_rules {
    const me_set *senders;          /* NULL: none */
    const maintainers *maintainers; /* NULL: no M:/R: */
    const char *authserv_id;        /* NULL: no DKIM needed */
} trust_rules;

bool trust_sender_may_decide(const trust_rules *rules, const mail_message *msg,
                             const maint_match *thread_sections);
/* Whether the header From of msg may be believed as its sender: always when
   authserv_id is NULL or empty (nothing is checked), else when our
   Authentication-Results field of that id holds a "dkim=pass" for its domain. */
bool trust_from_verified(const char *authserv_id, const mail_message *msg);
bool trust_author_may_give(const char *authserv_id, const mail_message *msg,
                           const char *posting_from, const char *verdict);

#endif
