/* SPDX-License-Identifier: BSD-2-Clause */
/* bots: the built-in table of automated senders and the lookup (see bots.h). */
#include "bots.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "address.h"
#include "auth_results.h"
#include "xalloc.h"

#define BOT_MAX_NAME 64
#define BOT_MAX_PATTERN 254

static const bot_rule builtin_addresses[] = {
    {"kernel-test-robot", "lkp@intel.com"},
    {"syzbot", "syzbot@syzkaller.appspotmail.com"},
    {"syzbot", "syzbot+*@syzkaller.appspotmail.com"},
    {"patchwork-bot", "patchwork-bot@kernel.org"},
    {"patchwork-bot", "patchwork-bot+*@kernel.org"},
    {"pr-tracker-bot", "pr-tracker-bot@kernel.org"},
    {"tip-bot2", "tip-bot2@linutronix.de"},
    {"bpf-ci", "bot+bpf-ci@kernel.org"},
    {"kernelci", "bot@kernelci.org"},
    {"sashiko", "*@sashiko.dev"},
};

/* Display names the robot also sends under from other addresses of its domain. */
static const struct {
    const char *name, *display, *domain;
} builtin_display_names[] = {
    {"kernel-test-robot", "kernel test robot", "intel.com"},
    {"kernel-test-robot", "kbuild test robot", "intel.com"},
};

/* Signs any sender can write: they tell a machine, never which one (see bots.h). */
static const char *const builtin_message_id_suffixes[] = {
    "-lkp@intel.com>",
    "git-patchwork-notify@kernel.org>",
};

static const char *const builtin_fields[] = {
    "X-Patchwork-Bot",
    "X-PR-Tracked-Message-Id",
};

static bool valid_name(const char *s)
{
    size_t n = strlen(s);
    if (n == 0 || n > BOT_MAX_NAME)
        return false;
    for (; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || strchr("._+-", *s)))
            return false;
    return true;
}

static bool valid_pattern(const char *s)
{
    size_t n = strlen(s);
    if (n == 0 || n > BOT_MAX_PATTERN || !strchr(s, '@'))
        return false;
    for (; *s; s++)
        if (*s <= ' ' || *s >= 127)
            return false;
    return true;
}

int bot_table_add(bot_table *t, const char *name, const char *pattern, strbuf *err)
{
    if (!valid_name(name)) {
        sb_fail(err, "bad bot name '%s' (a-z, 0-9, '.', '_', '+', '-'; at most %d)", name,
                BOT_MAX_NAME);
        return -1;
    }
    if (!valid_pattern(pattern)) {
        sb_fail(err, "bad bot address pattern '%s'", pattern);
        return -1;
    }
    t->v = xgrow(t->v, sizeof *t->v, t->n + 1, &t->cap);
    t->v[t->n].name = xstrdup(name);
    t->v[t->n++].pattern = xstrdup(pattern);
    return 0;
}

void bot_table_free(bot_table *t)
{
    for (size_t i = 0; i < t->n; i++) {
        free(t->v[i].name);
        free(t->v[i].pattern);
    }
    free(t->v);
    memset(t, 0, sizeof *t);
}

static const char *by_address(const bot_rule *rules, size_t n, const char *email)
{
    for (size_t i = 0; i < n; i++)
        if (address_pattern_match(rules[i].pattern, email))
            return rules[i].name;
    return NULL;
}

/* The display name of a normalized "Name <addr>" (empty when there is none). */
static bool display_name_is(const char *normalized, const char *email, const char *want)
{
    size_t want_len = strlen(want);
    return strcmp(normalized, email) && !strncasecmp(normalized, want, want_len) &&
           !strncmp(normalized + want_len, " <", 2);
}

static const char *by_from(const bot_table *extra, const char *from, const mail_message *msg,
                           const char *authserv_id)
{
    char *email = address_email(from);
    const char *name = extra ? by_address(extra->v, extra->n, email) : NULL;
    if (!name)
        name = by_address(builtin_addresses,
                          sizeof builtin_addresses / sizeof builtin_addresses[0], email);
    if (!name) {
        char *normalized = address_normalize(from);
        size_t n = sizeof builtin_display_names / sizeof builtin_display_names[0];
        for (size_t i = 0; !name && i < n; i++)
            if (!strcasecmp(address_domain(email), builtin_display_names[i].domain) &&
                display_name_is(normalized, email, builtin_display_names[i].display))
                name = builtin_display_names[i].name;
        free(normalized);
    }
    if (name && authserv_id && !auth_results_dkim_pass_for(msg, authserv_id, address_domain(email)))
        name = BOT_GENERIC_NAME;
    free(email);
    return name;
}

static bool ends_with_nocase(const char *s, const char *suffix)
{
    size_t n = strlen(s), k = strlen(suffix);
    return n >= k && !strcasecmp(s + n - k, suffix);
}

const char *bot_identify(const bot_table *extra, const mail_message *msg, const char *authserv_id)
{
    const char *from = mail_get(msg, "From");
    const char *name = from ? by_from(extra, from, msg, authserv_id) : NULL;
    if (name)
        return name;
    const char *msgid = mail_get(msg, "Message-ID");
    size_t n = sizeof builtin_message_id_suffixes / sizeof builtin_message_id_suffixes[0];
    for (size_t i = 0; msgid && i < n; i++)
        if (ends_with_nocase(msgid, builtin_message_id_suffixes[i]))
            return BOT_GENERIC_NAME;
    for (size_t i = 0; i < sizeof builtin_fields / sizeof builtin_fields[0]; i++)
        if (mail_get(msg, builtin_fields[i]))
            return BOT_GENERIC_NAME;
    const char *auto_submitted = mail_get(msg, "Auto-Submitted");
    if (auto_submitted && *auto_submitted) {
        size_t token = strcspn(auto_submitted, " \t;(");
        if (token != 2 || strncasecmp(auto_submitted, "no", 2))
            return BOT_GENERIC_NAME;
    }
    return NULL;
}
