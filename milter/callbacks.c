/* SPDX-License-Identifier: BSD-2-Clause */
/* callbacks: patchmilter's libmilter callbacks, from negotiation to EOM (see callbacks.h). */
#include "callbacks.h"

#include <ctype.h>
#include <limits.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <syslog.h>
#include <time.h>

#include <libmilter/mfdef.h>

#include "annotate.h"
#include "header_set.h"
#include "message.h"
#include "pmlog.h"
#include "runtime.h"
#include "smfi_calls.h"
#include "strbuf.h"
#include "strmap.h"
#include "xalloc.h"

#define MAX_LOGGED_MSGID 200

/* A field to change: the idx-th copy of name gets value, without what a bare CR hid. */
typedef struct unhidden_field {
    char *name;
    size_t idx;
    char *value;
} unhidden_field;

typedef struct msg_state {
    pm_runtime *rt;     /* referenced for the whole message */
    maintainers *maint; /* the MAINTAINERS map annotating it; NULL: none */
    strbuf raw;         /* the rebuilt message, until it grows past the limit */
    size_t size;        /* bytes of the message seen, also past the limit */
    bool oversize;
    bool in_body;
    char *message_id;   /* for the log line, bounded, NULL when absent */
    char **ours;        /* name of each incoming copy of one of our fields */
    size_t nours;
    size_t ours_cap;
    strmap seen;        /* copies seen of each other field name (lower case) */
    unhidden_field *unhidden; /* other fields in which a bare CR hides one of ours */
    size_t nunhidden;
    size_t unhidden_cap;
    uint64_t spent_ns;  /* wall-clock time spent in our callbacks for this message */
    uint64_t cpu_ns;    /* thread CPU time of the end-of-message work */
} msg_state;

typedef struct conn_state {
    unsigned long pflags; /* the protocol steps negotiated */
    msg_state *msg;
} conn_state;

static uint64_t clock_ns(clockid_t id)
{
    struct timespec ts;
    clock_gettime(id, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/*
 * The start of a callback, for charging its time to the message. The thread CPU clock
 * is a system call (the monotonic one is not), so only the end-of-message callback,
 * where the work is, reads it: the header and body callbacks only copy bytes.
 */
typedef struct stopwatch {
    uint64_t wall;
    uint64_t cpu; /* 0: not measured */
} stopwatch;

static stopwatch stopwatch_start(bool with_cpu)
{
    return (stopwatch){clock_ns(CLOCK_MONOTONIC),
                       with_cpu ? clock_ns(CLOCK_THREAD_CPUTIME_ID) : 0};
}

static void charge(msg_state *m, stopwatch sw)
{
    m->spent_ns += clock_ns(CLOCK_MONOTONIC) - sw.wall;
    if (sw.cpu)
        m->cpu_ns += clock_ns(CLOCK_THREAD_CPUTIME_ID) - sw.cpu;
}

/* Messages begun and not ended yet, over all connections (pm_messages_in_progress). */
static atomic_size_t in_progress;

size_t pm_messages_in_progress(void)
{
    return atomic_load(&in_progress);
}

static void msg_free(msg_state *m)
{
    if (!m)
        return;
    atomic_fetch_sub(&in_progress, 1);
    maintainers_free(m->maint);
    pm_runtime_release(m->rt);
    sb_free(&m->raw);
    free(m->message_id);
    for (size_t i = 0; i < m->nours; i++)
        free(m->ours[i]);
    free(m->ours);
    strmap_free(&m->seen);
    for (size_t i = 0; i < m->nunhidden; i++) {
        free(m->unhidden[i].name);
        free(m->unhidden[i].value);
    }
    free(m->unhidden);
    free(m);
}

static void msg_end(conn_state *c)
{
    msg_free(c->msg);
    c->msg = NULL;
}

/* The connection's state, created when a callback comes first (no negotiation). */
static conn_state *conn_get(SMFICTX *ctx)
{
    conn_state *c = pm_getpriv(ctx);
    if (c)
        return c;
    c = xcalloc(1, sizeof *c);
    if (pm_setpriv(ctx, c) != MI_SUCCESS) {
        free(c);
        return NULL;
    }
    return c;
}

/* The message in progress, begun on its first callback; NULL when nothing is installed. */
static msg_state *msg_get(conn_state *c)
{
    if (c->msg)
        return c->msg;
    pm_runtime *rt = pm_runtime_acquire();
    if (!rt)
        return NULL;
    c->msg = xcalloc(1, sizeof *c->msg);
    c->msg->rt = rt;
    atomic_fetch_add(&in_progress, 1);
    return c->msg;
}

/* What a callback that always continues returns: nothing when the MTA expects no reply. */
static sfsistat proceed(const conn_state *c, unsigned long noreply_flag)
{
    return c && (c->pflags & noreply_flag) ? SMFIS_NOREPLY : SMFIS_CONTINUE;
}

/* Counts bytes against MaximumMessageSize; past it, the buffer is dropped for good. */
static bool msg_take(msg_state *m, size_t n)
{
    if (m->oversize)
        return false;
    m->size += n;
    if (m->size > m->rt->cfg.max_message_size || m->size < n) {
        m->oversize = true;
        sb_free(&m->raw);
        return false;
    }
    return true;
}

static void note_ours(msg_state *m, const char *name)
{
    m->ours = xgrow(m->ours, sizeof *m->ours, m->nours + 1, &m->ours_cap);
    m->ours[m->nours++] = xstrdup(name);
}

/* Counts a copy of a field that is not ours and, when a bare CR in its value hides a
 * field of ours from a reader that ends lines there, notes the value without it. */
static void note_other(msg_state *m, const char *name, const char *value)
{
    char *key = xstrdup(name);
    for (char *p = key; *p; p++)
        *p = (char)tolower((unsigned char)*p);
    size_t *count;
    if (strmap_put(&m->seen, key, &count))
        *count = 0;
    size_t idx = ++*count;
    free(key);
    if (!strchr(value, '\r'))
        return;
    strbuf unhidden = STRBUF_INIT;
    if (!header_append_unhidden(&unhidden, value, strlen(value), m->rt->cfg.header_prefix)) {
        sb_free(&unhidden);
        return;
    }
    m->unhidden = xgrow(m->unhidden, sizeof *m->unhidden, m->nunhidden + 1, &m->unhidden_cap);
    m->unhidden[m->nunhidden++] = (unhidden_field){xstrdup(name), idx, sb_detach(&unhidden)};
}

static void note_message_id(msg_state *m, const char *value)
{
    if (m->message_id)
        return;
    value += strspn(value, " \t\n<");
    size_t n = strcspn(value, ">");
    if (n > MAX_LOGGED_MSGID)
        n = MAX_LOGGED_MSGID;
    m->message_id = xstrndup(value, n);
    for (char *p = m->message_id; *p; p++)
        if ((unsigned char)*p <= ' ' || (unsigned char)*p >= 127)
            *p = '?';
}

sfsistat pm_negotiate(SMFICTX *ctx, unsigned long f0, unsigned long f1, unsigned long f2,
                      unsigned long f3, unsigned long *pf0, unsigned long *pf1,
                      unsigned long *pf2, unsigned long *pf3)
{
    (void)f2;
    (void)f3;
    const unsigned long actions = SMFIF_ADDHDRS | SMFIF_CHGHDRS;
    if ((f0 & actions) != actions) {
        pm_log(LOG_ERR, "MTA does not offer the header actions needed (offered 0x%lx)", f0);
        return SMFIS_REJECT;
    }
    const unsigned long steps = SMFIP_NOCONNECT | SMFIP_NOHELO | SMFIP_NORCPT | SMFIP_NODATA |
                                SMFIP_NOUNKNOWN | SMFIP_NOEOH | SMFIP_NR_MAIL | SMFIP_NR_HDR |
                                SMFIP_NR_BODY;
    *pf0 = actions;
    *pf1 = steps & f1;
    *pf2 = 0;
    *pf3 = 0;
    conn_state *c = conn_get(ctx);
    if (c)
        c->pflags = *pf1;
    return SMFIS_CONTINUE;
}

sfsistat pm_envfrom(SMFICTX *ctx, char **argv)
{
    (void)argv;
    stopwatch t0 = stopwatch_start(false);
    conn_state *c = conn_get(ctx);
    if (!c)
        return proceed(c, SMFIP_NR_MAIL);
    msg_end(c);
    msg_state *m = msg_get(c);
    if (m)
        charge(m, t0);
    return proceed(c, SMFIP_NR_MAIL);
}

sfsistat pm_header(SMFICTX *ctx, char *name, char *value)
{
    stopwatch t0 = stopwatch_start(false);
    conn_state *c = conn_get(ctx);
    msg_state *m = c ? msg_get(c) : NULL;
    if (!m || !name || !value)
        return proceed(c, SMFIP_NR_HDR);
    size_t name_len = strlen(name);
    if (header_name_is_ours(m->rt->cfg.header_prefix, name, name_len)) {
        note_ours(m, name);
    } else {
        note_other(m, name, value);
        if (!strcasecmp(name, "Message-ID"))
            note_message_id(m, value);
    }
    size_t value_len = strlen(value);
    size_t folds = 0;
    for (const char *p = value; (p = strchr(p, '\n')); p++)
        folds++;
    if (msg_take(m, name_len + 2 + value_len + folds + 2)) {
        sb_add(&m->raw, name, name_len);
        sb_add(&m->raw, ": ", 2);
        for (const char *p = value; *p;) {
            size_t n = strcspn(p, "\n");
            sb_add(&m->raw, p, n);
            p += n;
            if (*p == '\n') {
                if (n == 0 || p[-1] != '\r')
                    sb_addc(&m->raw, '\r');
                sb_addc(&m->raw, '\n');
                p++;
            }
        }
        sb_add(&m->raw, "\r\n", 2);
    }
    charge(m, t0);
    return proceed(c, SMFIP_NR_HDR);
}

static void begin_body(msg_state *m)
{
    if (m->in_body)
        return;
    m->in_body = true;
    if (msg_take(m, 2))
        sb_add(&m->raw, "\r\n", 2);
}

sfsistat pm_body(SMFICTX *ctx, unsigned char *chunk, size_t len)
{
    stopwatch t0 = stopwatch_start(false);
    conn_state *c = conn_get(ctx);
    msg_state *m = c ? msg_get(c) : NULL;
    if (!m)
        return proceed(c, SMFIP_NR_BODY);
    begin_body(m);
    if (chunk && len > 0 && msg_take(m, len))
        sb_add(&m->raw, chunk, len);
    charge(m, t0);
    return proceed(c, SMFIP_NR_BODY);
}

static int compare_names(const void *a, const void *b)
{
    return strcasecmp(*(char *const *)a, *(char *const *)b);
}

/* Deletes every incoming copy of our fields: the copies are grouped by name (as MTAs
 * compare names, ignoring case) and each name's copies are deleted from the highest
 * index down, since a deletion renumbers the copies after it. Returns the count
 * removed, or -1 when the MTA refused an edit. */
static long remove_ours(SMFICTX *ctx, msg_state *m)
{
    if (m->nours == 0)
        return 0;
    qsort(m->ours, m->nours, sizeof *m->ours, compare_names);
    long removed = 0;
    for (size_t first = 0, end; first < m->nours; first = end) {
        for (end = first + 1; end < m->nours && !compare_names(&m->ours[first], &m->ours[end]);)
            end++;
        for (size_t idx = end - first; idx >= 1; idx--) {
            if (idx > INT_MAX || pm_chgheader(ctx, m->ours[first], (int)idx, NULL) != MI_SUCCESS)
                return -1;
            removed++;
        }
    }
    return removed;
}

/* Rewrites the fields in which a bare CR hid one of ours. Returns the count changed,
 * or -1 when the MTA refused an edit. */
static long unhide(SMFICTX *ctx, const msg_state *m)
{
    for (size_t i = 0; i < m->nunhidden; i++) {
        const unhidden_field *f = &m->unhidden[i];
        if (f->idx > INT_MAX || pm_chgheader(ctx, f->name, (int)f->idx, f->value) != MI_SUCCESS)
            return -1;
    }
    return (long)m->nunhidden;
}

/* Inserts the fields at index 1 in reverse, so that they end up in their order. */
static int insert_fields(SMFICTX *ctx, const char *prefix, const header_set *fields)
{
    strbuf name = STRBUF_INIT;
    int rc = 0;
    for (size_t i = fields->n; i-- > 0;) {
        sb_reset(&name);
        sb_adds(&name, prefix);
        sb_adds(&name, fields->v[i].name);
        if (pm_insheader(ctx, 1, name.data, fields->v[i].value) != MI_SUCCESS) {
            rc = -1;
            break;
        }
    }
    sb_free(&name);
    return rc;
}

/* Parses and annotates the rebuilt message; returns -1 on an internal error. */
static int annotate(msg_state *m, annotate_result *res, bool *annotated, const char **note,
                    strbuf *err)
{
    const pm_runtime *rt = m->rt;
    *annotated = false;
    if (m->oversize) {
        *note = "oversize";
        return 0;
    }
    begin_body(m);
    if (m->oversize) {
        *note = "oversize";
        return 0;
    }
    cpu_budget budget;
    cpu_budget_start(&budget, PM_ANALYSIS_TIME_LIMIT_MS);
    mail_message msg;
    mail_parse(&msg, m->raw.data ? m->raw.data : "", m->raw.len);
    int rc = 0;
    if (!pm_config_list_matches(&rt->cfg, mail_get(&msg, "List-Id"))) {
        *note = "list-filtered";
    } else {
        if (rt->maintainers)
            m->maint = pm_maint_feed_get(rt->maintainers, time(NULL));
        annotate_config acfg = {
            .prefix = rt->cfg.header_prefix,
            .index = rt->index,
            .record = true,
            .maintainers = m->maint,
            .max_subsystems = rt->cfg.max_subsystems,
            .me = &rt->cfg.me,
            .bots = &rt->cfg.bots,
            .trusted_authserv_id = rt->cfg.trusted_authserv_id,
            .trusted_senders = &rt->cfg.trusted_senders,
            .budget = &budget,
        };
        rc = annotate_message(&acfg, &msg, res, err);
        if (res->over_budget)
            *note = "over-time-limit";
        if (rc == 0 && rt->index_error) {
            sb_fail(err, "index unavailable: %s", rt->index_error);
            rc = -1;
        }
        *annotated = true;
    }
    mail_free(&msg);
    return rc;
}

static void log_message(SMFICTX *ctx, const msg_state *m, const annotate_result *res,
                        bool annotated, const char *note, size_t added, long removed)
{
    const char *qid = pm_getsymval(ctx, "i");
    /* as written: a notice is kind=notice without a version */
    const char *kind = annotated ? header_set_get(&res->fields, "Kind") : NULL;
    const char *state = annotated ? patch_state_name(res->verdict.state) : NULL;
    char version[16] = "-";
    if (kind && header_set_get(&res->fields, "Version"))
        snprintf(version, sizeof version, "%d", res->facts.subject.version);
    pm_log(LOG_INFO,
           "%s: message-id=<%s> kind=%s version=%s state=%s fields=%zu removed=%ld "
           "size=%zu time=%.3fms cpu=%.3fms%s%s",
           qid ? qid : "NOQUEUE", m->message_id ? m->message_id : "", kind ? kind : "none",
           version, state ? state : "none", added, removed, m->size,
           (double)m->spent_ns / 1e6, (double)m->cpu_ns / 1e6, note ? " note=" : "",
           note ? note : "");
}

sfsistat pm_eom(SMFICTX *ctx)
{
    stopwatch t0 = stopwatch_start(true);
    conn_state *c = pm_getpriv(ctx);
    msg_state *m = c ? msg_get(c) : NULL;
    if (!m)
        return SMFIS_CONTINUE;
    const pm_config *cfg = &m->rt->cfg;
    annotate_result res;
    memset(&res, 0, sizeof res);
    strbuf err = STRBUF_INIT;
    bool annotated;
    const char *note = NULL;
    sfsistat verdict = SMFIS_CONTINUE;
    size_t added = 0;
    long removed = 0;

    int rc = annotate(m, &res, &annotated, &note, &err);
    if (res.over_budget)
        pm_log(LOG_WARNING, "%s: analysis over its time limit of %u ms CPU: not annotated, "
               "forged fields removed",
               pm_getsymval(ctx, "i") ? pm_getsymval(ctx, "i") : "NOQUEUE", PM_ANALYSIS_TIME_LIMIT_MS);
    if (rc < 0) {
        if (!atomic_load(&m->rt->index_down) && !m->rt->index_error) /* logged once, by runtime.c */
            pm_log(LOG_ERR, "%s: annotation failed: %s",
                   pm_getsymval(ctx, "i") ? pm_getsymval(ctx, "i") : "NOQUEUE", err.data);
        note = "internal-error";
        if (cfg->on_internal_error == PM_ON_ERROR_TEMPFAIL)
            verdict = SMFIS_TEMPFAIL;
    }
    if (verdict == SMFIS_CONTINUE) {
        removed = remove_ours(ctx, m);
        long unhidden = removed >= 0 ? unhide(ctx, m) : -1;
        removed = unhidden >= 0 ? removed + unhidden : -1;
        bool edited = removed >= 0 &&
                      (!annotated || insert_fields(ctx, cfg->header_prefix, &res.fields) == 0);
        if (edited && annotated)
            added = res.fields.n;
        if (!edited) {
            note = "edit-failed";
            if (cfg->on_internal_error == PM_ON_ERROR_TEMPFAIL)
                verdict = SMFIS_TEMPFAIL;
        }
    }
    charge(m, t0);
    log_message(ctx, m, &res, annotated, note, added, removed);
    if (annotated)
        annotate_result_free(&res);
    sb_free(&err);
    msg_end(c);
    return verdict;
}

sfsistat pm_abort(SMFICTX *ctx)
{
    conn_state *c = pm_getpriv(ctx);
    if (c)
        msg_end(c);
    return SMFIS_CONTINUE;
}

sfsistat pm_close(SMFICTX *ctx)
{
    conn_state *c = pm_getpriv(ctx);
    if (!c)
        return SMFIS_CONTINUE;
    msg_end(c);
    free(c);
    pm_setpriv(ctx, NULL);
    return SMFIS_CONTINUE;
}

struct smfiDesc pm_filter_description = {
    .xxfi_name = "patchmilter",
    .xxfi_version = SMFI_VERSION,
    .xxfi_flags = SMFIF_ADDHDRS | SMFIF_CHGHDRS,
    .xxfi_envfrom = pm_envfrom,
    .xxfi_header = pm_header,
    .xxfi_body = pm_body,
    .xxfi_eom = pm_eom,
    .xxfi_abort = pm_abort,
    .xxfi_close = pm_close,
    .xxfi_negotiate = pm_negotiate,
};
