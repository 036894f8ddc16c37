/* SPDX-License-Identifier: BSD-2-Clause */
/* config: parser of patchmilter.conf "Key value" lines into pm_config (see config.h). */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <syslog.h>

#include "applied_tree.h"
#include "header_set.h"
#include "xalloc.h"

void pm_config_init(pm_config *cfg)
{
    memset(cfg, 0, sizeof *cfg);
    cfg->umask = -1;
    cfg->header_prefix = xstrdup(PM_DEFAULT_PREFIX);
    cfg->syslog = PM_UNSET;
    cfg->syslog_facility = xstrdup("mail");
    cfg->on_internal_error = PM_ON_ERROR_ACCEPT;
    cfg->max_message_size = PM_DEFAULT_MAX_MESSAGE_SIZE;
    cfg->maintainers_check_interval = PM_DEFAULT_MAINTAINERS_CHECK_INTERVAL;
    cfg->applied_check_interval = PM_DEFAULT_APPLIED_CHECK_INTERVAL;
    cfg->max_subsystems = PM_DEFAULT_MAX_SUBSYSTEMS;
    cfg->background = true;
    cfg->timeout = PM_DEFAULT_TIMEOUT;
}

static void free_lists(pm_config *cfg)
{
    for (size_t i = 0; i < cfg->nlists; i++)
        free(cfg->lists[i]);
    free(cfg->lists);
    cfg->lists = NULL;
    cfg->nlists = 0;
}

void pm_config_free(pm_config *cfg)
{
    free(cfg->socket);
    free(cfg->user_id);
    free(cfg->pid_file);
    free(cfg->index);
    free(cfg->maintainers);
    free(cfg->trusted_authserv_id);
    free(cfg->header_prefix);
    free(cfg->syslog_facility);
    free_lists(cfg);
    me_set_free(&cfg->me);
    me_set_free(&cfg->trusted_senders);
    bot_table_free(&cfg->bots);
    string_list_free(&cfg->applied_trees);
    memset(cfg, 0, sizeof *cfg);
}

static int parse_bool(const char *v, bool *out)
{
    switch (v[0]) {
    case 'T': case 't': case 'Y': case 'y': case '1':
        *out = true;
        return 0;
    case 'F': case 'f': case 'N': case 'n': case '0':
        *out = false;
        return 0;
    default:
        return -1;
    }
}

/* A byte count: decimal digits with an optional K, M or G suffix (powers of 1024). */
static int parse_size(const char *v, size_t *out)
{
    if (!isdigit((unsigned char)v[0]))
        return -1;
    errno = 0;
    char *end;
    unsigned long long n = strtoull(v, &end, 10);
    if (errno)
        return -1;
    unsigned long long mult = 1;
    switch (*end) {
    case '\0': break;
    case 'k': case 'K': mult = 1024ULL; end++; break;
    case 'm': case 'M': mult = 1024ULL * 1024; end++; break;
    case 'g': case 'G': mult = 1024ULL * 1024 * 1024; end++; break;
    default: return -1;
    }
    if (*end != '\0' || n == 0 || n > SIZE_MAX / mult)
        return -1;
    *out = (size_t)(n * mult);
    return 0;
}

/* Whole seconds, 0 to PM_MAX_MAINTAINERS_CHECK_INTERVAL. */
static int parse_seconds(const char *v, unsigned *out)
{
    if (!*v || strspn(v, "0123456789") != strlen(v) || strlen(v) > 6)
        return -1;
    unsigned long n = strtoul(v, NULL, 10);
    if (n > PM_MAX_MAINTAINERS_CHECK_INTERVAL)
        return -1;
    *out = (unsigned)n;
    return 0;
}

/* A whole number from 1 to max. */
static int parse_count(const char *v, unsigned max, unsigned *out)
{
    if (!*v || strspn(v, "0123456789") != strlen(v) || strlen(v) > 6)
        return -1;
    unsigned long n = strtoul(v, NULL, 10);
    if (n < 1 || n > max)
        return -1;
    *out = (unsigned)n;
    return 0;
}

static int parse_umask(const char *v, int *out)
{
    if (!*v || strspn(v, "01234567") != strlen(v) || strlen(v) > 4)
        return -1;
    *out = (int)strtol(v, NULL, 8);
    return 0;
}

/*
 * A libmilter socket spec: unix:PATH or local:PATH (or a bare /PATH), inet:PORT[@HOST] or
 * inet6:PORT[@HOST] with PORT 1-65535 or a service name. Says what is wrong in `why`.
 */
static int check_socket(const char *v, strbuf *why)
{
    const char *colon = strchr(v, ':');
    if (v[0] == '/')
        return 0;
    size_t scheme = colon ? (size_t)(colon - v) : 0;
    const char *rest = colon ? colon + 1 : "";
    if ((scheme == 4 && !strncasecmp(v, "unix", 4)) || (scheme == 5 && !strncasecmp(v, "local", 5))) {
        if (*rest)
            return 0;
        sb_addf(why, "Socket %s: no path", v);
        return -1;
    }
    if ((scheme == 4 && !strncasecmp(v, "inet", 4)) || (scheme == 5 && !strncasecmp(v, "inet6", 5))) {
        size_t n = strcspn(rest, "@");
        bool digits = n > 0 && strspn(rest, "0123456789") >= n;
        unsigned long port = digits && n <= 5 ? strtoul(rest, NULL, 10) : 0;
        if (digits ? port >= 1 && port <= 65535 : n > 0 && strspn(rest, "abcdefghijklmnopqrstuvwxyz"
                                                                      "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                                                      "0123456789-") >= n)
            return 0;
        sb_addf(why, "Socket %s: port '%.*s' is not 1-65535 (or a service name)", v, (int)n, rest);
        return -1;
    }
    sb_addf(why, "Socket %s: unknown socket type '%.*s' (unix:, local:, inet: or inet6:)", v,
            (int)scheme, v);
    return -1;
}

static void set_string(char **field, const char *v)
{
    free(*field);
    *field = xstrdup(v);
}

static int set_lists(pm_config *cfg, const char *v)
{
    free_lists(cfg);
    size_t cap = 0;
    const char *p = v;
    while (*p) {
        p += strspn(p, ", \t");
        size_t n = strcspn(p, ", \t");
        if (n == 0)
            break;
        const char *id = p;
        size_t idlen = n;
        if (idlen >= 2 && id[0] == '<' && id[idlen - 1] == '>') {
            id++;
            idlen -= 2;
        }
        if (idlen > 0) {
            cfg->lists = xgrow(cfg->lists, sizeof *cfg->lists, cfg->nlists + 1, &cap);
            cfg->lists[cfg->nlists++] = xstrndup(id, idlen);
        }
        p += n;
    }
    return cfg->nlists ? 0 : -1;
}

int pm_syslog_facility_code(const char *name)
{
    static const struct {
        const char *name;
        int code;
    } facilities[] = {
        {"mail", LOG_MAIL},     {"daemon", LOG_DAEMON}, {"user", LOG_USER},
        {"local0", LOG_LOCAL0}, {"local1", LOG_LOCAL1}, {"local2", LOG_LOCAL2},
        {"local3", LOG_LOCAL3}, {"local4", LOG_LOCAL4}, {"local5", LOG_LOCAL5},
        {"local6", LOG_LOCAL6}, {"local7", LOG_LOCAL7},
    };
    for (size_t i = 0; i < sizeof facilities / sizeof facilities[0]; i++)
        if (!strcasecmp(name, facilities[i].name))
            return facilities[i].code;
    return -1;
}

/* A header prefix must be a field-name start: printable ASCII without ':' or space,
   PM_MAX_PREFIX_LEN characters at most. */
static bool valid_prefix(const char *v)
{
    for (const char *p = v; *p; p++)
        if (*p <= ' ' || *p >= 127 || *p == ':')
            return false;
    return *v != '\0' && strlen(v) <= PM_MAX_PREFIX_LEN;
}

/* "NAME ADDRESS-PATTERN". */
static int add_bot(pm_config *cfg, const char *v, strbuf *err)
{
    size_t name_len = strcspn(v, " \t");
    const char *pattern = v + name_len + strspn(v + name_len, " \t");
    char *name = xstrndup(v, name_len);
    int rc = bot_table_add(&cfg->bots, name, pattern, err);
    free(name);
    return rc;
}

/* An authserv-id as our border writes it: one token of printable ASCII, none of the
   characters that end it in an Authentication-Results field (RFC 8601). */
static bool valid_authserv_id(const char *v)
{
    for (const char *p = v; *p; p++)
        if (*p <= ' ' || *p >= 127 || strchr(";()\"\\", *p))
            return false;
    return *v != '\0';
}

int pm_config_set(pm_config *cfg, const char *key, const char *v, strbuf *err)
{
    bool b;
    if (!strcasecmp(key, "Socket")) {
        if (check_socket(v, err) < 0)
            return -1;
        set_string(&cfg->socket, v);
        cfg->socket_line = 0;
    } else if (!strcasecmp(key, "UserID")) {
        set_string(&cfg->user_id, v);
        cfg->user_id_line = 0;
    } else if (!strcasecmp(key, "UMask")) {
        if (parse_umask(v, &cfg->umask) < 0)
            goto bad;
    } else if (!strcasecmp(key, "PidFile")) {
        set_string(&cfg->pid_file, v);
    } else if (!strcasecmp(key, "Index")) {
        set_string(&cfg->index, v);
    } else if (!strcasecmp(key, "Maintainers")) {
        set_string(&cfg->maintainers, v);
    } else if (!strcasecmp(key, "MaintainersCheckInterval")) {
        if (parse_seconds(v, &cfg->maintainers_check_interval) < 0)
            goto bad;
    } else if (!strcasecmp(key, "MaximumSubsystems")) {
        if (parse_count(v, PM_MAX_MAX_SUBSYSTEMS, &cfg->max_subsystems) < 0)
            goto bad;
    } else if (!strcasecmp(key, "TrustedAuthservID")) {
        if (!valid_authserv_id(v))
            goto bad;
        set_string(&cfg->trusted_authserv_id, v);
    } else if (!strcasecmp(key, "HeaderPrefix")) {
        if (!valid_prefix(v))
            goto bad;
        set_string(&cfg->header_prefix, v);
    } else if (!strcasecmp(key, "Syslog")) {
        if (parse_bool(v, &b) < 0)
            goto bad;
        cfg->syslog = b ? PM_YES : PM_NO;
    } else if (!strcasecmp(key, "SyslogFacility")) {
        if (pm_syslog_facility_code(v) < 0)
            goto bad;
        set_string(&cfg->syslog_facility, v);
    } else if (!strcasecmp(key, "On-InternalError")) {
        if (!strcasecmp(v, "accept") || !strcasecmp(v, "a"))
            cfg->on_internal_error = PM_ON_ERROR_ACCEPT;
        else if (!strcasecmp(v, "tempfail") || !strcasecmp(v, "t"))
            cfg->on_internal_error = PM_ON_ERROR_TEMPFAIL;
        else
            goto bad;
    } else if (!strcasecmp(key, "MaximumMessageSize")) {
        if (parse_size(v, &cfg->max_message_size) < 0)
            goto bad;
    } else if (!strcasecmp(key, "Background")) {
        if (parse_bool(v, &cfg->background) < 0)
            goto bad;
    } else if (!strcasecmp(key, "Timeout")) {
        if (parse_count(v, PM_MAX_TIMEOUT, &cfg->timeout) < 0)
            goto bad;
    } else if (!strcasecmp(key, "Lists")) {
        if (set_lists(cfg, v) < 0)
            goto bad;
    } else if (!strcasecmp(key, "Me")) {
        return me_set_add(&cfg->me, v, err);
    } else if (!strcasecmp(key, "TrustedSender")) {
        return me_set_add(&cfg->trusted_senders, v, err);
    } else if (!strcasecmp(key, "Bot")) {
        return add_bot(cfg, v, err);
    } else if (!strcasecmp(key, "AppliedTree")) {
        if (!applied_tree_spec_valid(v))
            goto bad;
        string_list_add(&cfg->applied_trees, v);
    } else if (!strcasecmp(key, "AppliedCheckInterval")) {
        if (parse_seconds(v, &cfg->applied_check_interval) < 0 || !cfg->applied_check_interval)
            goto bad;
    } else {
        sb_fail(err, "unknown key '%s'", key);
        return -1;
    }
    return 0;
bad:
    sb_fail(err, "bad value '%s' for %s", v, key);
    return -1;
}

/* Cuts a line into key and value in place; returns false for a blank or comment line. */
static bool split_line(char *line, char **key, char **value)
{
    for (char *p = line; *p; p++) {
        if (*p == '#' && (p == line || p[-1] == ' ' || p[-1] == '\t')) {
            *p = '\0';
            break;
        }
    }
    char *k = line + strspn(line, " \t");
    size_t end = strlen(k);
    while (end > 0 && (k[end - 1] == ' ' || k[end - 1] == '\t' || k[end - 1] == '\r'))
        k[--end] = '\0';
    if (!*k)
        return false;
    char *v = k + strcspn(k, " \t");
    if (*v)
        *v++ = '\0';
    v += strspn(v, " \t");
    *key = k;
    *value = v;
    return true;
}

int pm_config_parse(pm_config *cfg, const char *text, size_t len, const char *name, strbuf *err)
{
    size_t pos = 0;
    unsigned lineno = 0;
    while (pos < len) {
        const char *nl = memchr(text + pos, '\n', len - pos);
        size_t n = nl ? (size_t)(nl - (text + pos)) : len - pos;
        lineno++;
        char *line = xstrndup(text + pos, n);
        pos += n + (nl ? 1 : 0);
        char *key, *value;
        int rc = 0;
        if (strlen(line) != n) {
            sb_fail(err, "%s:%u: NUL byte in line", name, lineno);
            rc = -1;
        } else if (split_line(line, &key, &value)) {
            strbuf why = STRBUF_INIT;
            if (!*value) {
                sb_addf(&why, "missing value for %s", key);
                rc = -1;
            } else {
                rc = pm_config_set(cfg, key, value, &why);
            }
            if (rc == 0 && !strcasecmp(key, "Socket"))
                cfg->socket_line = lineno;
            if (rc == 0 && !strcasecmp(key, "UserID"))
                cfg->user_id_line = lineno;
            if (rc < 0)
                sb_fail(err, "%s:%u: %s", name, lineno, why.data);
            sb_free(&why);
        }
        free(line);
        if (rc < 0)
            return -1;
    }
    return 0;
}

int pm_config_load(pm_config *cfg, const char *path, strbuf *err)
{
    FILE *f = fopen(path, "r");
    if (!f) {
        sb_fail(err, "%s: %s", path, strerror(errno));
        return -1;
    }
    strbuf text = STRBUF_INIT;
    char chunk[4096];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
        sb_add(&text, chunk, n);
        if (text.len > 1024 * 1024) {
            sb_fail(err, "%s: larger than 1 MiB", path);
            sb_free(&text);
            fclose(f);
            return -1;
        }
    }
    int failed = ferror(f);
    fclose(f);
    if (failed) {
        sb_fail(err, "%s: read error", path);
        sb_free(&text);
        return -1;
    }
    int rc = pm_config_parse(cfg, text.data ? text.data : "", text.len, path, err);
    sb_free(&text);
    return rc;
}

bool pm_config_list_matches(const pm_config *cfg, const char *list_id)
{
    if (cfg->nlists == 0)
        return true;
    if (!list_id)
        return false;
    const char *id = list_id;
    size_t n;
    const char *lt = strrchr(list_id, '<');
    const char *gt = lt ? strchr(lt, '>') : NULL;
    if (lt && gt) {
        id = lt + 1;
        n = (size_t)(gt - id);
    } else {
        id += strspn(id, " \t");
        n = strlen(id);
        while (n > 0 && isspace((unsigned char)id[n - 1]))
            n--;
    }
    for (size_t i = 0; i < cfg->nlists; i++)
        if (strlen(cfg->lists[i]) == n && !strncasecmp(cfg->lists[i], id, n))
            return true;
    return false;
}
