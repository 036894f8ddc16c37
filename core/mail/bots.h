/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * bots: telling mail from automated senders (test robots, syzbot, CI, patchwork and
 * pull-request trackers, AI reviewers) from mail written by people.
 *
 * SYNOPSIS
 *   bot_table extra = {0};                               the configuration's Bot keys
 *   bot_table_add(&extra, "nipa", "nipa@example.org", &err);
 *   const char *name = bot_identify(&extra, &msg, authserv_id);  NULL: a person
 *   bot_table_free(&extra);
 *
 * DESCRIPTION
 *   bot_identify() names the sender of a message as a bot, by a stable name
 *   ("kernel-test-robot", "syzbot", ...), or returns NULL. The header From's address is
 *   compared first with the rules of `extra` (may be NULL), in the order added, then
 *   with the built-in table, then the display names of the table at their domain.
 *   When authserv_id is not NULL, a name found by the From address stands only if the
 *   message's Authentication-Results field of that authserv-id holds a DKIM pass for
 *   the address's domain or a domain above it (auth_results.h); otherwise the mail is
 *   only "auto-submitted":
 *
 *     name               From address (or other sign)
 *     kernel-test-robot  lkp@intel.com; display name "kernel test robot" or "kbuild
 *                        test robot" at intel.com
 *     syzbot             syzbot@syzkaller.appspotmail.com,
 *                        syzbot+*@syzkaller.appspotmail.com
 *     patchwork-bot      patchwork-bot@kernel.org, patchwork-bot+*@kernel.org
 *     pr-tracker-bot     pr-tracker-bot@kernel.org
 *     tip-bot2           tip-bot2@linutronix.de
 *     bpf-ci             bot+bpf-ci@kernel.org
 *     kernelci           bot@kernelci.org
 *     sashiko            *@sashiko.dev
 *     auto-submitted     any other message with a sign of a machine that its sender
 *                        writes: Auto-Submitted: other than "no" (RFC 3834), an
 *                        X-Patchwork-Bot or X-PR-Tracked-Message-Id field, a
 *                        Message-ID ending "-lkp@intel.com" or
 *                        "git-patchwork-notify@kernel.org". Such a sign says the mail
 *                        is a machine's; only the sender's address (the identity the
 *                        index and DKIM check) may say which machine, so no sender
 *                        can borrow a trusted bot's name by writing a field.
 *
 *   A rule's pattern is an address, '*' standing for any run of characters, compared
 *   whole and without case (address_pattern_match). bot_table_add() checks a name
 *   (1 to 64 characters of a-z, 0-9, '.', '_', '+', '-') and a pattern (1 to 254
 *   printable ASCII characters without space, holding an '@'); it returns 0, or -1
 *   with a message in err.
 */
#ifndef PM_BOTS_H
#define PM_BOTS_H

#include <stddef.h>

#include "message.h"
#include "strbuf.h"

#define BOT_GENERIC_NAME "auto-submitted"

typedef struct bot_rule {
    char *name;
    char *pattern;
} bot_rule;

typedef struct bot_table {
    bot_rule *v;
    size_t n;
    size_t cap;
} bot_table;

int bot_table_add(bot_table *t, const char *name, const char *pattern, strbuf *err);
void bot_table_free(bot_table *t);
const char *bot_identify(const bot_table *extra, const mail_message *msg, const char *authserv_id);

#endif
