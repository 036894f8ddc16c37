/* SPDX-License-Identifier: BSD-2-Clause */
/* annotate: from a parsed message to our header fields, and the rewrite (see annotate.h). */
#include "annotate.h"

#include <string.h>

#define DEFAULT_MAX_SUBSYSTEMS 5

static void add_subject_fields(header_set *hs, const patch_facts *pf)
{
    const subject_info *si = &pf->subject;
    header_set_add(hs, "Kind", patch_kind_name(pf->kind));
    header_set_addf(hs, "Version", "%d", si->version > 0 ? si->version : 1);
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

/* K: patterns see the subject line, the message and the diff, as get_maintainer.pl
 * reads a patch file. */
void annotate_subsystems(const maintainers *m, const patch_facts *pf, unsigned max,
                         maint_match *out)
{
    strbuf text = STRBUF_INIT;
    sb_addf(&text, "Subject: %s\n\n%s", pf->subject_text, pf->body ? pf->body : "");
    maintainers_match(m, &pf->files, text.data, text.len, out);
    maint_match_limit(out, max ? max : DEFAULT_MAX_SUBSYSTEMS);
    sb_free(&text);
}

static void add_subsystem_fields(header_set *hs, const annotate_config *cfg, const patch_facts *pf)
{
    maint_match m;
    annotate_subsystems(cfg->maintainers, pf, cfg->max_subsystems, &m);
    for (size_t i = 0; i < m.sections.n; i++)
        header_set_add(hs, "Subsystem", m.sections.v[i]);
    for (size_t i = 0; i < m.lists.n; i++)
        header_set_add(hs, "List", m.lists.v[i]);
    maint_match_free(&m);
}

int annotate_message(const annotate_config *cfg, const mail_message *msg, annotate_result *res,
                     strbuf *err)
{
    memset(res, 0, sizeof *res);
    patch_facts *pf = &res->facts;
    if (!patch_facts_extract(msg, cfg->budget, pf)) {
        res->over_budget = true;
        return 0;
    }
    if (pf->kind == PATCH_KIND_NONE)
        return 0;

    header_set *hs = &res->fields;
    add_subject_fields(hs, pf);
    int status = 0;
    if (cfg->index && patch_kind_is_submission(pf->kind)) {
        if (pm_index_classify(cfg->index, pf, cfg->record, &res->verdict, err) < 0)
            status = -1;
        else
            add_index_fields(hs, &res->verdict);
    }
    if (pf->patch_id[0])
        header_set_add(hs, "Id", pf->patch_id);
    if (pf->author)
        header_set_add(hs, "Author", pf->author);
    if (pf->kind == PATCH_KIND_REPLY && pf->review)
        header_set_add(hs, "Review", pf->review);
    if (cfg->maintainers && patch_kind_is_submission(pf->kind))
        add_subsystem_fields(hs, cfg, pf);
    if (cpu_budget_spent(cfg->budget)) {
        header_set_free(hs);
        res->over_budget = true;
    }
    return status;
}

void annotate_result_free(annotate_result *res)
{
    patch_facts_free(&res->facts);
    index_verdict_free(&res->verdict);
    header_set_free(&res->fields);
}

void annotate_render(const mail_message *msg, const char *prefix, const header_set *fields,
                     strbuf *out)
{
    if (!prefix)
        prefix = PM_DEFAULT_PREFIX;
    const char *eol = msg->crlf ? "\r\n" : "\n";
    sb_grow(out, msg->raw_len + fields->n * 64);
    sb_add(out, msg->raw, msg->header_start);
    for (size_t i = 0; i < fields->n; i++)
        sb_addf(out, "%s%s: %s%s", prefix, fields->v[i].name, fields->v[i].value, eol);
    size_t copied = msg->header_start;
    for (size_t i = 0; i < msg->nfields; i++) {
        const mail_field *f = &msg->fields[i];
        if (!header_name_is_ours(prefix, msg->raw + f->start, f->name_len))
            continue;
        sb_add(out, msg->raw + copied, f->start - copied);
        copied = f->end;
    }
    sb_add(out, msg->raw + copied, msg->raw_len - copied);
}
