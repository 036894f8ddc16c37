/* SPDX-License-Identifier: BSD-2-Clause */
/* patch_facts: deriving the patch facts of one message (see patch_facts.h). */
#include "patch_facts.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "address.h"
#include "diff_files.h"
#include "mailinfo.h"
#include "mime.h"
#include "patchid.h"
#include "strbuf.h"
#include "text.h"
#include "text_line.h"
#include "xalloc.h"

const char *patch_kind_name(patch_kind kind)
{
    switch (kind) {
    case PATCH_KIND_PATCH: return "patch";
    case PATCH_KIND_COVER: return "cover";
    case PATCH_KIND_REPLY: return "reply";
    case PATCH_KIND_PULL: return "pull";
    case PATCH_KIND_NONE: break;
    }
    return NULL;
}

patch_kind patch_kind_from_name(const char *name)
{
    for (patch_kind k = PATCH_KIND_PATCH; k <= PATCH_KIND_PULL; k++)
        if (name && !strcmp(patch_kind_name(k), name))
            return k;
    return PATCH_KIND_NONE;
}

bool patch_kind_is_submission(patch_kind kind)
{
    return kind == PATCH_KIND_PATCH || kind == PATCH_KIND_COVER || kind == PATCH_KIND_PULL;
}

/* Message-IDs in a header value: every <...> token (without brackets). */
static void collect_msgids(const char *value, string_list *out)
{
    const char *p = value;
    while ((p = strchr(p, '<'))) {
        const char *q = strchr(p + 1, '>');
        if (!q)
            break;
        if (q > p + 1 && !memchr(p + 1, '<', (size_t)(q - p - 1)))
            string_list_addn(out, p + 1, (size_t)(q - p - 1));
        p = q + 1;
    }
}

static char *first_msgid(const char *value)
{
    if (!value)
        return NULL;
    string_list ids = {0};
    collect_msgids(value, &ids);
    char *id = ids.n ? xstrdup(ids.v[0]) : (*value && !strpbrk(value, " \t") ? xstrdup(value) : NULL);
    string_list_free(&ids);
    return id;
}

/* text[from, to) without leading blank lines and trailing white space. */
static char *trimmed_region(const char *text, size_t from, size_t to)
{
    size_t pos = from;
    line l;
    while (pos < to) {
        size_t at = pos;
        if (!next_line(text, to, &pos, &l))
            break;
        size_t k = 0;
        while (k < l.len && isspace((unsigned char)l.start[k]))
            k++;
        if (k < l.len) {
            from = at;
            break;
        }
        from = pos;
    }
    strbuf sb = STRBUF_INIT;
    sb_add(&sb, text + from, to > from ? to - from : 0);
    sb_rtrim(&sb);
    return sb_detach(&sb);
}

static bool subject_names_patch(const patch_facts *pf)
{
    const char *title = pf->subject.title;
    const char *s = pf->subject_text;
    size_t head = strlen(s);
    if (*title) {
        const char *t = strstr(s, title);
        if (t)
            head = (size_t)(t - s);
    }
    return has_ci(s, head, "patch");
}

/* A patch sent as part of a pull request keeps that in its tags: "PULL" first. */
static void tag_pull_patch(subject_info *si)
{
    strbuf sb = STRBUF_INIT;
    sb_adds(&sb, "PULL");
    if (si->tags) {
        sb_addc(&sb, ',');
        sb_adds(&sb, si->tags);
    }
    free(si->tags);
    si->tags = sb_detach(&sb);
    si->pull = false;
    si->patch = true;
}

/* Whether text[0, len) quotes another message: a line starting with '>'. */
static bool quotes_text(const char *text, size_t len)
{
    size_t pos = 0;
    line l;
    while (next_line(text, len, &pos, &l))
        if (l.len && l.start[0] == '>')
            return true;
    return false;
}

/* A cover letter whose subject has no group, only a version at its end ("move foo above
   the block layer v2"): a thread root without diff but with a diffstat, as git
   format-patch writes covers. Its patches ("[PATCH 1/9] ...") answer it. */
static bool naked_cover(const patch_facts *pf, bool has_diff)
{
    const subject_info *si = &pf->subject;
    return !si->patch && !si->pull && !si->reply && !has_diff && !pf->in_reply_to &&
           !pf->references.n && pf->files.n > 0 && si->versioned;
}

/*
 * quotes: the text before the diff or signature quotes another message. A patch
 * subject without a diff that answers a message and quotes it is a reply whose
 * mail program dropped "Re:" ("[PATCH v2] fs: x" with "On ..., X wrote:" and "> ");
 * not a cover letter ("[PATCH v2 0/5]"), which may answer v1 and quote its review.
 */
static patch_kind decide_kind(const patch_facts *pf, bool has_diff, bool quotes)
{
    const subject_info *si = &pf->subject;
    if (si->reply)
        return (si->patch || si->pull || has_diff) ? PATCH_KIND_REPLY : PATCH_KIND_NONE;
    if (si->pull) /* "[PULL 03/12] hw/x: y": one patch of a pull request (qemu) */
        return si->part >= 1 && has_diff ? PATCH_KIND_PATCH : PATCH_KIND_PULL;
    bool cover = si->patch && si->total > 0 && si->part == 0;
    if (si->patch && !cover && !has_diff && quotes && (pf->in_reply_to || pf->references.n))
        return PATCH_KIND_REPLY;
    if (cover || naked_cover(pf, has_diff))
        return PATCH_KIND_COVER;
    if (has_diff)
        return PATCH_KIND_PATCH;
    if (si->patch && (si->part >= 1 || subject_names_patch(pf)))
        return PATCH_KIND_PATCH;
    return PATCH_KIND_NONE;
}

/* The decoded Subject as one line, as git mailinfo gives it (each run of white space or
   control characters, the tab or spaces a folded field keeps where it was unfolded too,
   becomes one space; none at the ends), "" when there is none. */
static char *subject_line(const mail_message *msg)
{
    char *subject = mail_get_decoded(msg, "Subject");
    char *line = text_one_line(subject, TEXT_CONTROLS_ARE_SPACE);
    free(subject);
    return line;
}

bool patch_subject_is_reply(const mail_message *msg)
{
    char *subject = subject_line(msg);
    subject_info si;
    subject_parse(subject, &si);
    bool reply = si.reply;
    subject_info_free(&si);
    free(subject);
    return reply;
}

/* Whether the budget ran out; then the facts are cleared, as for a message that is no
 * patch mail, and extraction stops. */
static bool out_of_budget(cpu_budget *budget, patch_facts *out)
{
    if (!cpu_budget_spent(budget))
        return false;
    patch_facts_free(out);
    return true;
}

/* The facts the header gives. */
static void extract_header(const mail_message *msg, patch_facts *out)
{
    memset(out, 0, sizeof *out);
    out->subject_text = subject_line(msg);
    subject_parse(out->subject_text, &out->subject);
    out->message_id = first_msgid(mail_get(msg, "Message-ID"));
    out->in_reply_to = first_msgid(mail_get(msg, "In-Reply-To"));
    const char *refs = mail_get(msg, "References");
    if (refs)
        collect_msgids(refs, &out->references);
    const char *list_id = mail_get(msg, "List-Id");
    if (list_id) {
        char *id = first_msgid(list_id);
        out->list_id = id ? id : xstrdup(list_id);
    }
    char *from = mail_get_decoded(msg, "From");
    if (from) {
        out->from = address_normalize(from);
        free(from);
    }
    const char *date = mail_get(msg, "Date");
    out->date = date ? mail_date_parse(date) : 0;
}

/* The part of the message whose text is read: the first that holds a diff (*has_diff),
   else the first part; *span is where its diff, or its signature, starts. NULL when
   there is no part, or when the budget ran out (then *spent, and out is emptied). */
static const mime_part *choose_part(const mime_parts *parts, cpu_budget *budget, patch_facts *out,
                                    diff_span *span, bool *has_diff, bool *spent)
{
    *has_diff = *spent = false;
    for (size_t i = 0; i < parts->n; i++) {
        diff_span d = diff_find(parts->v[i].text, parts->v[i].len);
        if (d.start < parts->v[i].len) {
            *span = d;
            *has_diff = true;
            return &parts->v[i];
        }
        if ((*spent = out_of_budget(budget, out)))
            return NULL;
    }
    if (!parts->n)
        return NULL;
    *span = diff_find(parts->v[0].text, parts->v[0].len);
    return &parts->v[0];
}

/* The review trailers of a reply's text (chosen: its part, span: where its diff or
   signature starts). */
static void take_review(patch_facts *out, const mime_part *chosen, diff_span span, bool has_diff)
{
    if (out->kind == PATCH_KIND_REPLY && chosen)
        out->review = trailers_review(chosen->text, has_diff ? span.start : span.signature, out->from);
}

static bool extract_body(const mail_message *msg, cpu_budget *budget, patch_facts *out);

void patch_facts_extract_reply(const mail_message *msg, patch_facts *out)
{
    extract_header(msg, out); /* its subject says whether msg is a reply */
    if (!out->subject.reply) {
        extract_body(msg, NULL, out);
        return;
    }
    mime_parts parts;
    mime_collect(msg, &parts);
    diff_span span = {0, 0, 0};
    bool has_diff, spent;
    const mime_part *chosen = choose_part(&parts, NULL, out, &span, &has_diff, &spent);
    if (out->from)
        out->author = xstrdup(out->from);
    /* a reply subject: quoting does not change the kind */
    out->kind = msg->nfields ? decide_kind(out, has_diff, false) : PATCH_KIND_NONE;
    take_review(out, chosen, span, has_diff);
    mime_parts_free(&parts);
}

bool patch_facts_extract(const mail_message *msg, cpu_budget *budget, patch_facts *out)
{
    extract_header(msg, out);
    return extract_body(msg, budget, out);
}

/* The facts the body gives, and the kind, after extract_header(); false when the budget
   ran out (out is then emptied). */
static bool extract_body(const mail_message *msg, cpu_budget *budget, patch_facts *out)
{
    if (out_of_budget(budget, out))
        return false;

    mime_parts parts;
    mime_collect(msg, &parts);
    bool complete = false;
    diff_span span = {0, 0, 0};
    bool has_diff, spent;
    const mime_part *chosen = choose_part(&parts, budget, out, &span, &has_diff, &spent);
    bool quotes = false;
    if (spent || out_of_budget(budget, out))
        goto done;
    if (chosen) {
        const char *text = chosen->text;
        size_t len = chosen->len;
        out->body = xstrndup(text, len);
        size_t body_after = 0;
        char *inbody = mailinfo_in_body_from(text, len, has_diff ? span.start : span.signature, &body_after);
        if (inbody) {
            out->author = address_normalize(inbody);
            free(inbody);
        }
        size_t message_end = has_diff ? span.start : span.signature;
        if (body_after > message_end)
            body_after = 0;
        out->commit_message = trimmed_region(text, body_after, message_end);
        out->ntrailers = trailers_parse(text, message_end, &out->trailers);
        out->change_id = trailers_change_id(out->trailers, out->ntrailers);
        if (out_of_budget(budget, out))
            goto done;
        trailers_prior_links(text, message_end, out->message_id, &out->prior_msgids);
        quotes = quotes_text(text, message_end);
        if (out_of_budget(budget, out))
            goto done;
        if (has_diff) {
            out->diff = xstrndup(text + span.start, span.end - span.start);
            diff_files(out->diff, strlen(out->diff), &out->files);
            if (out_of_budget(budget, out))
                goto done;
            /* git hashes the bytes as sent, not their UTF-8 conversion, from where git
               mailinfo starts the patch ("diff them" in a reply's text is no diff) */
            size_t patch = mailinfo_patch_start(chosen->raw, chosen->raw_len);
            if (patchid_compute(chosen->raw + patch, chosen->raw_len - patch, out->patch_id) < 0)
                out->patch_id[0] = '\0';
        } else {
            diffstat_files(text, message_end, &out->files);
        }
    }
    if (!out->author && out->from)
        out->author = xstrdup(out->from);
    /* a cover states its version at the end of its title when its groups name none:
       one without groups that has a diffstat and answers nothing ("move foo above the
       block layer v2"), or a "[PATCH 0/N]" without diff ("[PATCH 0/2] foo: move bar v2") */
    bool bare_cover = !out->subject.patch && !out->subject.pull && out->files.n &&
                      !out->in_reply_to && !out->references.n;
    bool counted_cover = out->subject.patch && !out->subject.versioned &&
                         out->subject.part == 0 && out->subject.total > 0;
    if (!has_diff && !out->subject.reply && (bare_cover || counted_cover))
        subject_take_title_version(&out->subject);
    /* without a header field at its start, a message is no patch mail (a binary file) */
    out->kind = msg->nfields ? decide_kind(out, has_diff, quotes) : PATCH_KIND_NONE;
    if (out->kind == PATCH_KIND_PATCH && out->subject.pull)
        tag_pull_patch(&out->subject);
    take_review(out, chosen, span, has_diff);
    complete = !out_of_budget(budget, out);
done:
    mime_parts_free(&parts);
    return complete;
}

void patch_facts_free(patch_facts *pf)
{
    free(pf->subject_text);
    subject_info_free(&pf->subject);
    free(pf->message_id);
    free(pf->in_reply_to);
    string_list_free(&pf->references);
    free(pf->list_id);
    free(pf->from);
    free(pf->author);
    free(pf->dkim_domain);
    free(pf->body);
    free(pf->commit_message);
    free(pf->diff);
    string_list_free(&pf->files);
    trailers_free(pf->trailers, pf->ntrailers);
    free(pf->change_id);
    string_list_free(&pf->prior_msgids);
    free(pf->review);
    memset(pf, 0, sizeof *pf);
}
