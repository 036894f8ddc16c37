/* SPDX-License-Identifier: BSD-2-Clause */
/* auth_results: the DKIM verdict of our own Authentication-Results field (see auth_results.h). */
#include "auth_results.h"

#include <ctype.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "xalloc.h"

#define MAX_DOMAIN 253
#define MAX_DEPTH 8 /* of nested comments */

/* The value without its comments "( ... )" (nested, with \-quoted characters), each
   replaced by a space; quoted strings kept as they are. */
static char *without_comments(const char *value)
{
    size_t len = strlen(value);
    char *out = xmalloc(len + 1), *o = out;
    int depth = 0;
    bool quoted = false;
    for (const char *p = value; *p; p++) {
        if (depth == 0 && *p == '"')
            quoted = !quoted;
        if (!quoted && *p == '(') {
            if (depth++ == 0)
                *o++ = ' ';
            if (depth > MAX_DEPTH)
                break;
            continue;
        }
        if (depth > 0) {
            if (*p == '\\' && p[1])
                p++;
            else if (*p == ')')
                depth--;
            continue;
        }
        *o++ = *p;
    }
    *o = '\0';
    return out;
}

static const char *skip_space(const char *p, const char *end)
{
    while (p < end && isspace((unsigned char)*p))
        p++;
    return p;
}

/* The word at p (up to white space or end), its length in *n. */
static const char *word(const char *p, const char *end, size_t *n)
{
    const char *s = p;
    while (p < end && !isspace((unsigned char)*p))
        p++;
    *n = (size_t)(p - s);
    return s;
}

/* A lower-case copy of a host name of n bytes (an optional leading '@' and quotes
   dropped), or NULL when it is not one. */
static char *domain_of(const char *s, size_t n)
{
    if (n >= 2 && s[0] == '"' && s[n - 1] == '"') {
        s++;
        n -= 2;
    }
    const char *at = memchr(s, '@', n);
    if (at) {
        n -= (size_t)(at + 1 - s);
        s = at + 1;
    }
    if (n == 0 || n > MAX_DOMAIN || s[0] == '.' || s[0] == '-')
        return NULL;
    for (size_t i = 0; i < n; i++)
        if (!isalnum((unsigned char)s[i]) && s[i] != '.' && s[i] != '-')
            return NULL;
    char *d = xstrndup(s, n);
    for (char *c = d; *c; c++)
        *c = (char)tolower((unsigned char)*c);
    return d;
}

/* The signing domain of one resinfo [start, end) when it is "dkim=pass ...". */
static char *dkim_pass_domain(const char *start, const char *end)
{
    const char *p = skip_space(start, end);
    size_t n;
    const char *method = word(p, end, &n);
    if (n < 9 || strncasecmp(method, "dkim", 4) != 0)
        return NULL;
    const char *eq = memchr(method, '=', n);
    /* "dkim=pass", or "dkim/1=pass" with a method version */
    if (!eq || (eq != method + 4 && method[4] != '/') ||
        (size_t)(method + n - eq - 1) != 4 || strncasecmp(eq + 1, "pass", 4) != 0)
        return NULL;
    char *by_i = NULL;
    for (p = method + n; (p = skip_space(p, end)) < end; p += n) {
        const char *prop = word(p, end, &n);
        if (n > 9 && !strncasecmp(prop, "header.d=", 9)) {
            free(by_i);
            return domain_of(prop + 9, n - 9);
        }
        if (n > 9 && !strncasecmp(prop, "header.i=", 9) && !by_i)
            by_i = domain_of(prop + 9, n - 9);
    }
    return by_i;
}

/* Calls visit with the signing domain of each "dkim=pass" result of our field (the
   first Authentication-Results field of authserv_id), until it returns true; the
   domain is the visitor's to free. True when one did. */
static bool each_dkim_pass(const mail_message *msg, const char *authserv_id,
                           bool (*visit)(char *domain, void *arg), void *arg)
{
    if (!authserv_id || !*authserv_id)
        return false;
    for (size_t i = 0; i < msg->nfields; i++) {
        const mail_field *f = &msg->fields[i];
        if (!mail_field_is(msg, f, "Authentication-Results"))
            continue;
        char *value = without_comments(f->value);
        const char *end = value + strlen(value), *p = skip_space(value, end);
        size_t n = strcspn(p, "; \t\r\n");
        bool ours = n == strlen(authserv_id) && !strncasecmp(p, authserv_id, n);
        bool done = false;
        for (const char *semi = strchr(p, ';'); ours && semi && !done;) {
            const char *next = strchr(semi + 1, ';');
            char *domain = dkim_pass_domain(semi + 1, next ? next : end);
            done = domain && visit(domain, arg);
            semi = next;
        }
        free(value);
        if (ours)
            return done;
    }
    return false;
}

static bool keep_first(char *domain, void *arg)
{
    *(char **)arg = domain;
    return true;
}

char *auth_results_dkim_domain(const mail_message *msg, const char *authserv_id)
{
    char *domain = NULL;
    each_dkim_pass(msg, authserv_id, keep_first, &domain);
    return domain;
}

/* The sender's domain is the signing domain or below it. */
static bool signs_for(char *domain, void *arg)
{
    const char *sender = arg;
    size_t n = strlen(sender), k = strlen(domain);
    bool match = n >= k && !strcasecmp(sender + n - k, domain) &&
                 (n == k || sender[n - k - 1] == '.');
    free(domain);
    return match;
}

bool auth_results_dkim_pass_for(const mail_message *msg, const char *authserv_id,
                                const char *domain)
{
    return domain && *domain && each_dkim_pass(msg, authserv_id, signs_for, (void *)domain);
}
