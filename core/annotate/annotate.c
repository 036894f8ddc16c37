/* SPDX-License-Identifier: BSD-2-Clause */
/* annotate: from a parsed message to our header fields, and the rewrite (see annotate.h). */
#include "annotate.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth_results.h"
#include "notice_events.h"
#include "pm_index_replies.h"
#include "role.h"
#include "trust.h"

/* version: the one the index recorded, 0 when none did. */
static void add_subject_fields(header_set *hs, const patch_facts *pf, int version)
{
    const subject_info *si = &pf->subject;
    header_set_add(hs, "Kind", patch_kind_name(pf->kind));
    header_set_addf(hs, "Version", "%d", version > 0 ? version : si->version > 0 ? si->version : 1);
    if (si->total > 0)
        header_set_addf(hs, "Part", "%d/%d", si->part, si->total);
    if (si->tags && *si->tags)
        header_set_add(hs, "Tags", si->tags);
}

static void add_index_fields(header_set *hs, const index_verdict *v)
{
    const char *state = patch_state_name(v->state);
    if (!state)
        return;
    if (v->series_id)
        header_set_add(hs, "Series", v->series_id);
    header_set_add(hs, "State", state);
    if (v->prior_msgid) {
        header_set_addf(hs, "Prior", "<%s>", v->prior_msgid);
        if (v->prior_version > 0)
            header_set_addf(hs, "Prior-Version", "%d", v->prior_version);
        if (v->changed >= 0)
            header_set_add(hs, "Changed", v->changed ? "yes" : "no");
    }
}

/* Prior-Review: for a patch whose diff did not change since its prior version, the
   review that version received (pm_index_replies.h). */
static int add_prior_review_field(header_set *hs, const annotate_config *cfg,
                                  const index_verdict *v, strbuf *err)
{
    if (v->changed != 0 || !v->prior_msgid)
        return 0;
    char *review;
    int rc = pm_index_prior_review(cfg->index, v->prior_msgid, &review, err);
    if (review)
        header_set_add(hs, "Prior-Review", review);
    free(review);
    return rc;
}

/* K: patterns see the subject line, the message and the diff, as get_maintainer.pl
 * reads a patch file. */
static void match_all_sections(const maintainers *m, const patch_facts *pf, maint_match *out)
{
    strbuf text = STRBUF_INIT;
    sb_addf(&text, "Subject: %s\n\n%s", pf->subject_text, pf->body ? pf->body : "");
    maintainers_match(m, &pf->files, text.data, text.len, out);
    sb_free(&text);
}

void annotate_subsystems(const maintainers *m, const patch_facts *pf, unsigned max,
                         maint_match *out)
{
    match_all_sections(m, pf, out);
    maint_match_limit(out, max ? max : ANNOTATE_DEFAULT_MAX_SUBSYSTEMS);
}

/* For and For-Sections: Me's role for a patch, cover or pull request (or the one a
   reply's thread answers, written by author), from every section it touches (not only
   the ones Subsystem names); all is NULL without a MAINTAINERS. */
static void add_role_fields(header_set *hs, const annotate_config *cfg, const maint_match *all,
                            const char *author, const mail_message *msg)
{
    string_list sections = {0};
    patch_role role = patch_role_of(cfg->me, cfg->maintainers, all, author, msg, &sections);
    if (role != PATCH_ROLE_NONE)
        header_set_add(hs, "For", patch_role_name(role));
    for (size_t i = 0; i < sections.n; i++)
        header_set_add(hs, "For-Sections", sections.v[i]);
    string_list_free(&sections);
}

/* Subsystem, List and the role fields; with record, the sections are recorded for
   the replies to come (pm_index_replies.h). */
static int add_subsystem_and_role_fields(header_set *hs, const annotate_config *cfg,
                                         const patch_facts *pf, const mail_message *msg,
                                         bool record, strbuf *err)
{
    maint_match m;
    match_all_sections(cfg->maintainers, pf, &m);
    int status = record ? pm_index_add_sections(cfg->index, pf->message_id, &m.sections, err) : 0;
    header_set role_fields = {0};
    add_role_fields(&role_fields, cfg, &m, pf->author, msg);
    maint_match_limit(&m, cfg->max_subsystems ? cfg->max_subsystems : ANNOTATE_DEFAULT_MAX_SUBSYSTEMS);
    for (size_t i = 0; i < m.sections.n; i++)
        header_set_add(hs, "Subsystem", m.sections.v[i]);
    for (size_t i = 0; i < m.lists.n; i++)
        header_set_add(hs, "List", m.lists.v[i]);
    for (size_t i = 0; i < role_fields.n; i++)
        header_set_add(hs, role_fields.v[i].name, role_fields.v[i].value);
    header_set_free(&role_fields);
    maint_match_free(&m);
    return status;
}

/* Series and State of a reply, from the patch mail its thread answers: the series it
   is in now, "duplicate" for a copy delivered before. */
static void add_reply_index_fields(header_set *hs, const index_reply_verdict *v)
{
    if (v->target.series_id)
        header_set_add(hs, "Series", v->target.series_id);
    if (v->duplicate)
        header_set_add(hs, "State", patch_state_name(PATCH_STATE_DUPLICATE));
}

/* The MAINTAINERS sections recorded for the patch mail a reply's thread answers, as a
   match of cfg.maintainers (empty without one). */
static int thread_sections(const annotate_config *cfg, const index_reply_verdict *v,
                           maint_match *out, strbuf *err)
{
    string_list titles = {0};
    int status = cfg->maintainers ? pm_index_sections(cfg->index, v->target.msgid, &titles, err) : 0;
    maintainers_sections_named(cfg->maintainers, &titles, out);
    string_list_free(&titles);
    return status;
}

/* Finds (and with cfg.record records) the reply pf in the index: 1 with *v set, 0
   when its thread holds no recorded patch mail, -1 on error. */
static int find_reply(const annotate_config *cfg, const mail_message *msg, const patch_facts *pf,
                      const char *bot, index_reply_verdict *v, strbuf *err)
{
    memset(v, 0, sizeof *v);
    if (!cfg->index)
        return 0;
    return pm_index_record_reply(cfg->index, pf, bot,
                                 trust_from_verified(cfg->trusted_authserv_id, msg), cfg->record,
                                 v, err);
}

/* An Applied field "TREE BRANCH COMMIT" with the commit's first 12 hex digits. */
static void add_applied(header_set *hs, const char *tree, const char *branch, const char *commit)
{
    header_set_addf(hs, "Applied", "%s %s %.12s", tree, branch, commit);
}

/* Applied or Verdict of a notice whose sender may decide (notice_events.h). */
static void add_notice_fields(header_set *hs, const notice *n)
{
    if (n->kind == NOTICE_VERDICT) {
        header_set_add(hs, "Verdict", n->verdict);
        return;
    }
    const char *tree = n->tree ? n->tree : "-", *branch = n->branch ? n->branch : "-";
    if (!n->commits.n)
        add_applied(hs, tree, branch, "-");
    for (size_t i = 0; i < n->commits.n && i < ANNOTATE_MAX_APPLIED; i++)
        add_applied(hs, tree, branch, n->commits.v[i]);
}

/* What a trusted notice says: its fields, and its events in the index when recording. */
static int take_notice(header_set *hs, const annotate_config *cfg, const notice *n,
                       const patch_facts *pf, strbuf *err)
{
    add_notice_fields(hs, n);
    if (cfg->index && cfg->record && notice_events_record(cfg->index, n, pf, err) < 0)
        return -1;
    return 0;
}

/* Applied and Verdict of the index's events of msgid (a reply's parent, a resend's or
   duplicate's copy): one field per event, at most ANNOTATE_MAX_APPLIED of each. */
static int add_event_fields(header_set *hs, const annotate_config *cfg, const char *msgid,
                            strbuf *err)
{
    index_events events = {0};
    if (pm_index_events(cfg->index, msgid, &events, err) < 0)
        return -1;
    size_t applied = 0, verdicts = 0;
    for (size_t i = 0; i < events.n; i++) {
        const index_event *e = &events.v[i];
        if (!strcmp(e->kind, "applied") && applied < ANNOTATE_MAX_APPLIED) {
            _Static_assert(INDEX_EVENT_MAX == 512, "the widths below are INDEX_EVENT_MAX");
            char tree[INDEX_EVENT_MAX + 1], branch[INDEX_EVENT_MAX + 1], commit[INDEX_EVENT_MAX + 1];
            if (sscanf(e->detail, "%512s %512s %512s", tree, branch, commit) == 3) {
                add_applied(hs, tree, branch, commit);
                applied++;
            }
        } else if (!strcmp(e->kind, "verdict") && verdicts < ANNOTATE_MAX_APPLIED) {
            header_set_add(hs, "Verdict", e->detail);
            verdicts++;
        }
    }
    index_events_free(&events);
    return 0;
}

/* A reply to a message a later version supersedes: that version's counterpart and its
   number ("you are reviewing v11, v12 is out"). */
static int add_superseded_fields(header_set *hs, const annotate_config *cfg,
                                 const patch_facts *pf, strbuf *err)
{
    if (pf->kind != PATCH_KIND_REPLY || !pf->in_reply_to || !*pf->in_reply_to)
        return 0;
    index_record newer;
    int found = pm_index_successor(cfg->index, pf->in_reply_to, &newer, err);
    if (found == 1) {
        header_set_addf(hs, "Superseded-By", "<%s>", newer.msgid);
        header_set_addf(hs, "Superseded-Version", "%d", newer.version);
        index_record_free(&newer);
    }
    return found < 0 ? -1 : 0;
}

/* The message whose events later mail carries: a reply's parent; a resent copy's
   first copy; a duplicate's own Message-ID; NULL for other mail. */
static const char *event_source(const patch_facts *pf, const index_verdict *v)
{
    if (pf->kind == PATCH_KIND_REPLY)
        return pf->in_reply_to && *pf->in_reply_to ? pf->in_reply_to : NULL;
    if (v->state == PATCH_STATE_DUPLICATE)
        return pf->message_id;
    if (v->state == PATCH_STATE_RESEND)
        return v->prior_msgid;
    return NULL;
}

/* A notice sent by a bot or a tool: Kind notice, what it says when trusted, and the
   bot; it is not recorded in the index as patch mail. */
static int add_automated_notice_fields(header_set *hs, const annotate_config *cfg,
                                       const notice *n, bool trusted, const patch_facts *pf,
                                       const char *bot, strbuf *err)
{
    header_set_add(hs, "Kind", "notice");
    int status = trusted ? take_notice(hs, cfg, n, pf, err) : 0;
    if (bot)
        header_set_add(hs, "Bot", bot);
    return status;
}

int annotate_message(const annotate_config *cfg, const mail_message *msg, annotate_result *res,
                     strbuf *err)
{
    memset(res, 0, sizeof *res);
    header_set *hs = &res->fields;
    const char *bot = bot_identify(cfg->bots, msg, cfg->trusted_authserv_id);
    patch_facts *pf = &res->facts;
    if (!patch_facts_extract(msg, cfg->budget, pf)) {
        res->over_budget = true;
        return 0;
    }
    trust_rules rules = {.senders = cfg->trusted_senders, .maintainers = cfg->maintainers,
                         .authserv_id = cfg->trusted_authserv_id};
    /* a reply, or a bot's message: the patch mail its thread answers, whose sections'
       M: and R: may decide what became of it */
    index_reply_verdict reply = {0};
    bool reply_like = pf->kind == PATCH_KIND_REPLY || (bot && !patch_kind_is_submission(pf->kind));
    int reply_found = reply_like ? find_reply(cfg, msg, pf, bot, &reply, err) : 0;
    int status = reply_found < 0 ? -1 : 0;
    maint_match thread = {0};
    if (reply_found == 1 && thread_sections(cfg, &reply, &thread, err) < 0)
        status = -1;
    notice n;
    notice_trust trust;
    bool is_notice = notice_judge(&rules, msg, pf, reply_found == 1 ? &thread : NULL,
                                  reply_found == 1 ? reply.target.from : NULL, &n, &trust);
    /* an author's verdict, while the posting is in the queue (with an index) */
    int in_queue = trust == NOTICE_AUTHORS && cfg->index ? notice_in_queue(cfg->index, &n, pf, err)
                                                         : 1;
    if (in_queue < 0)
        status = -1;
    bool trusted = trust != NOTICE_UNTRUSTED && in_queue == 1;
    if (is_notice && notice_is_automated(&n)) {
        if (add_automated_notice_fields(hs, cfg, &n, trusted, pf, bot, err) < 0)
            status = -1;
        goto done;
    }
    if (pf->kind == PATCH_KIND_NONE) {
        if (bot)
            header_set_add(hs, "Bot", bot);
        goto done;
    }

    if (cfg->index && patch_kind_is_submission(pf->kind)) {
        pf->dkim_domain = auth_results_dkim_domain(msg, cfg->trusted_authserv_id);
        if (pm_index_classify(cfg->index, pf, cfg->record, &res->verdict, err) < 0)
            status = -1;
    }
    add_subject_fields(hs, pf, res->verdict.version);
    add_index_fields(hs, &res->verdict);
    if (cfg->index && add_prior_review_field(hs, cfg, &res->verdict, err) < 0)
        status = -1;
    if (reply_found == 1)
        add_reply_index_fields(hs, &reply);
    if (pf->patch_id[0])
        header_set_add(hs, "Id", pf->patch_id);
    if (pf->author)
        header_set_add(hs, "Author", pf->author);
    if (pf->kind == PATCH_KIND_REPLY && pf->review && !bot)
        header_set_add(hs, "Review", pf->review);
    bool took_notice = is_notice && trusted; /* a reply's (notice_judge) */
    if (took_notice && take_notice(hs, cfg, &n, pf, err) < 0)
        status = -1;
    const char *source = cfg->index && !took_notice ? event_source(pf, &res->verdict) : NULL;
    if (source && add_event_fields(hs, cfg, source, err) < 0)
        status = -1;
    if (cfg->index && add_superseded_fields(hs, cfg, pf, err) < 0)
        status = -1;
    /* the sections of what is recorded now, for its replies */
    bool record_sections = cfg->index && cfg->record && res->verdict.state != PATCH_STATE_NONE &&
                           res->verdict.state != PATCH_STATE_DUPLICATE;
    if (cfg->maintainers && patch_kind_is_submission(pf->kind) &&
        add_subsystem_and_role_fields(hs, cfg, pf, msg, record_sections, err) < 0)
        status = -1;
    else if (!cfg->maintainers && patch_kind_is_submission(pf->kind))
        add_role_fields(hs, cfg, NULL, pf->author, msg);
    if (reply_found == 1) /* the role the thread's patch mail gives */
        add_role_fields(hs, cfg, cfg->maintainers ? &thread : NULL, reply.target.author, msg);
    if (bot)
        header_set_add(hs, "Bot", bot);
    if (cpu_budget_spent(cfg->budget)) {
        header_set_free(hs);
        res->over_budget = true;
    }
done:
    if (is_notice)
        notice_free(&n);
    maint_match_free(&thread);
    index_reply_verdict_free(&reply);
    return status;
}

void annotate_result_free(annotate_result *res)
{
    patch_facts_free(&res->facts);
    index_verdict_free(&res->verdict);
    header_set_free(&res->fields);
}

/* Offset just past the line at pos (past its LF), or to. */
static size_t next_line(const char *raw, size_t pos, size_t to)
{
    const char *nl = memchr(raw + pos, '\n', to - pos);
    return nl ? (size_t)(nl - raw) + 1 : to;
}

static bool is_empty_line(const char *raw, size_t pos, size_t to)
{
    return raw[pos] == '\n' || (raw[pos] == '\r' && pos + 1 < to && raw[pos + 1] == '\n');
}

/* Copies the header lines raw[from, to), leaving out what a reader could take for a
 * field of ours: a line that starts with the prefix, with its continuation lines, and
 * what a bare CR hides in the others (header_append_unhidden). */
static void copy_header_lines(strbuf *out, const char *raw, size_t from, size_t to,
                              const char *prefix)
{
    size_t pos = from;
    while (pos < to) {
        size_t end = next_line(raw, pos, to);
        if (header_name_is_ours(prefix, raw + pos, end - pos)) {
            while (end < to && (raw[end] == ' ' || raw[end] == '\t'))
                end = next_line(raw, end, to);
            pos = end;
            continue;
        }
        header_append_unhidden(out, raw + pos, end - pos, prefix);
        pos = end;
    }
}

void annotate_render(const mail_message *msg, const char *prefix, const header_set *fields,
                     strbuf *out)
{
    if (!prefix)
        prefix = PM_DEFAULT_PREFIX;
    const char *raw = msg->raw;
    const char *eol = msg->crlf ? "\r\n" : "\n";
    sb_grow(out, msg->raw_len + fields->n * 64 + 2);
    copy_header_lines(out, raw, 0, msg->header_start, prefix);
    if (fields->n && msg->header_start && raw[msg->header_start - 1] != '\n')
        sb_adds(out, eol); /* an mbox "From " line that is all the input */
    size_t top = out->len;
    for (size_t i = 0; i < fields->n; i++)
        sb_addf(out, "%s%s: %s%s", prefix, fields->v[i].name, fields->v[i].value, eol);
    bool has_header = msg->nfields || fields->n;
    size_t header_end = has_header ? msg->header_end : msg->header_start;
    if (has_header)
        copy_header_lines(out, raw, msg->header_start, header_end, prefix);
    bool header_left = out->len > top;
    if (has_header && msg->body_start == header_end && header_end < msg->raw_len)
        sb_adds(out, eol); /* the header ended at a line that is no field */
    /* No header left (there was none, or all its fields were ours and we add none):
     * procmail skips empty lines at the top and reads the lines up to the next empty
     * line as the header. Each such stretch is cleaned, and when all its lines were
     * ours and left out, the empty lines after it join those at the top and the next
     * stretch is the one procmail reads. */
    for (size_t kept = out->len; !header_left && header_end < msg->raw_len && out->len == kept;) {
        size_t pos = header_end;
        while (pos < msg->raw_len && is_empty_line(raw, pos, msg->raw_len))
            pos = next_line(raw, pos, msg->raw_len);
        sb_add(out, raw + header_end, pos - header_end);
        kept = out->len;
        header_end = pos;
        while (header_end < msg->raw_len && !is_empty_line(raw, header_end, msg->raw_len))
            header_end = next_line(raw, header_end, msg->raw_len);
        copy_header_lines(out, raw, pos, header_end, prefix);
    }
    sb_add(out, raw + header_end, msg->raw_len - header_end);
}
