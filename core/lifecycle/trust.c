/* SPDX-License-Identifier: BSD-2-Clause */
/* trust: who may decide what became of a patch (see trust.h). */
#include "trust.h"

#include <stdlib.h>
#include <string.h>

#include "address.h"
#include "auth_results.h"
#include "role.h"

/* An M: or R: of the thread's sections. */
static bool maintains(const trust_rules *rules, const char *email, const maint_match *sections)
{
    if (!rules->maintainers || !sections)
        return false;
    me_set sender = {0};
    string_list_add(&sender.patterns, email);
    string_list behind = {0};
    patch_role role = patch_role_by_sections(&sender, rules->maintainers, sections, &behind);
    string_list_free(&behind);
    me_set_free(&sender);
    return role != PATCH_ROLE_NONE;
}

bool trust_sender_may_decide(const trust_rules *rules, const mail_message *msg,
                             const maint_match *thread_sections)
{
    const char *from = mail_get(msg, "From");
    char *email = from ? address_email(from) : NULL;
    /* a '*' in the sender would be a pattern matching any M: address */
    bool trusted = email && strchr(email, '@') && !strchr(email, '*') &&
                   ((rules->senders && me_set_has(rules->senders, email)) ||
                    maintains(rules, email, thread_sections));
    free(email);
    return trusted && trust_from_verified(rules->authserv_id, msg);
}

bool trust_from_verified(const char *authserv_id, const mail_message *msg)
{
    if (!authserv_id || !*authserv_id)
        return true;
    const char *from = mail_get(msg, "From");
    char *email = from ? address_email(from) : NULL;
    bool verified = email && strchr(email, '@') &&
                    auth_results_dkim_pass_for(msg, authserv_id, address_domain(email));
    free(email);
    return verified;
}

bool trust_author_may_give(const char *authserv_id, const mail_message *msg,
                           const char *posting_from, const char *verdict)
{
    static const char *const authors_verdicts[] = {
        "changes-requested", "rejected", "deferred", "awaiting-upstream", "not-applicable",
    };
    bool allowed = false;
    for (size_t i = 0; verdict && i < sizeof authors_verdicts / sizeof *authors_verdicts; i++)
        allowed |= !strcmp(verdict, authors_verdicts[i]);
    if (!allowed)
        return false;
    char *sender = address_key(mail_get(msg, "From"));
    char *author = address_key(posting_from);
    bool same = sender && author && strchr(sender, '@') && !strcmp(sender, author);
    free(sender);
    free(author);
    return same && trust_from_verified(authserv_id, msg);
}
