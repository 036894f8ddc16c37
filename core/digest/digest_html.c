/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * digest_html: renders the digest report as a self-contained HTML page with inline
 * SVG charts; see digest_html.h.
 */
#include "digest_html.h"

#include <stdio.h>
#include <string.h>

#include "utf8.h"

#define CHART_WIDTH 1000
#define CHART_LABEL 430 /* width of the name column */
#define CHART_BAR 480   /* width of the longest bar */
#define CHART_ROW 24

static const char STYLE[] =
    "body{font-family:sans-serif;margin:2em;color:#222;max-width:1100px}"
    "h1{font-size:1.5em}h2{font-size:1.2em;border-bottom:1px solid #ccc;margin-top:1.5em}"
    ".chart text{font-size:13px;font-family:sans-serif}.chart rect{fill:#4a7ebb}"
    "table{border-collapse:collapse;font-size:.9em}"
    "td,th{border:1px solid #ddd;padding:3px 6px;text-align:left;vertical-align:top}"
    "th{background:#f0f0f0}"
    "article{border-top:1px solid #ccc;padding-top:.5em;margin-top:1em}"
    "article h3{margin:.2em 0;font-size:1em}.subject{font-family:monospace;margin:.2em 0}"
    ".author{margin:.2em 0;color:#555}"
    "pre{background:#f8f8f8;padding:.6em;overflow-x:auto;font-size:.85em}"
    ".exist,.skip{font-family:monospace;color:#777;margin:.2em 0}"
    ".fate{color:#555}";

/* Escaped text: markup characters as entities, control characters dropped. */
static void add_escaped(strbuf *out, const char *s)
{
    const unsigned char *p = (const unsigned char *)(s ? s : "");
    size_t n = strlen((const char *)p);
    while (n) {
        size_t len = utf8_sequence_len(p, n);
        if (len == 0) {
            sb_adds(out, "\xEF\xBF\xBD");
            p++, n--;
            continue;
        }
        unsigned char c = *p;
        if (len > 1)
            sb_add(out, p, len);
        else if (c == '&')
            sb_adds(out, "&amp;");
        else if (c == '<')
            sb_adds(out, "&lt;");
        else if (c == '>')
            sb_adds(out, "&gt;");
        else if (c == '"')
            sb_adds(out, "&quot;");
        else if (c >= 0x20 || c == '\n' || c == '\t')
            sb_addc(out, (char)(c == 0x7f ? ' ' : c));
        p += len, n -= len;
    }
}

static void render_chart(strbuf *out, const char *id, const char *title, const digest_count *v,
                         size_t n)
{
    sb_addf(out, "<section id=\"%s\"><h2>", id);
    add_escaped(out, title);
    sb_adds(out, "</h2>\n");
    unsigned max = 1;
    for (size_t i = 0; i < n; i++)
        if (v[i].n > max)
            max = v[i].n;
    size_t height = n * CHART_ROW + 4;
    sb_addf(out,
            "<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" "
            "height=\"%zu\" viewBox=\"0 0 %d %zu\" role=\"img\">\n",
            CHART_WIDTH, height, CHART_WIDTH, height);
    for (size_t i = 0; i < n; i++) {
        size_t y = i * CHART_ROW + 2;
        unsigned w = (unsigned)((unsigned long long)v[i].n * CHART_BAR / max);
        sb_adds(out, "<g class=\"bar\" data-name=\"");
        add_escaped(out, v[i].name);
        sb_addf(out, "\" data-count=\"%u\"><text x=\"%d\" y=\"%zu\" text-anchor=\"end\">",
                v[i].n, CHART_LABEL - 8, y + 16);
        add_escaped(out, v[i].name);
        sb_addf(out,
                "</text><rect x=\"%d\" y=\"%zu\" width=\"%u\" height=\"%d\"/>"
                "<text x=\"%u\" y=\"%zu\">%u</text></g>\n",
                CHART_LABEL, y + 3, w ? w : 1, CHART_ROW - 6, CHART_LABEL + (w ? w : 1) + 6,
                y + 16, v[i].n);
    }
    sb_adds(out, "</svg></section>\n");
}

static void render_state(strbuf *out, const digest_series *s,
                         const char *link_base)
{
    strbuf state = STRBUF_INIT;
    digest_series_state(s, &state);
    bool link = s->prior_version > 0 && s->state == PATCH_STATE_REVISION &&
                (s->prior_series >= 0 || (s->prior_msgid && link_base));
    if (link) {
        sb_adds(out, "<a href=\"");
        if (s->prior_series >= 0) {
            sb_addf(out, "#s%ld", s->prior_series);
        } else {
            add_escaped(out, link_base);
            digest_add_url_msgid(out, s->prior_msgid);
        }
        sb_adds(out, "\">");
    }
    add_escaped(out, state.data);
    if (link)
        sb_adds(out, "</a>");
    sb_free(&state);
}

/* The entry's author as digest_add_author() writes it, escaped. */
static void add_author(strbuf *out, const digest_entry *e)
{
    strbuf author = STRBUF_INIT;
    digest_add_author(e, &author);
    add_escaped(out, author.data);
    sb_free(&author);
}

/* A series as the patch list line of the text report, linked to its table row. */
static void add_series_item(strbuf *out, const digest_report *r, size_t k)
{
    strbuf line = STRBUF_INIT;
    digest_series_line(&r->series[k], &line);
    sb_addf(out, "<li><a href=\"#s%zu\">", k);
    add_escaped(out, line.data);
    sb_adds(out, "</a>");
    sb_free(&line);
}

/* "Waiting on you" and "Your series", as the text report has them with meta.me. */
static void render_me(strbuf *out, const digest_report *r)
{
    size_t n = 0;
    sb_adds(out, "<section id=\"waiting\"><h2>Waiting on you</h2>\n<ul>\n");
    for (size_t k = 0; k < r->nseries; k++) {
        if (!digest_series_waits_on_reader(&r->series[k]))
            continue;
        add_series_item(out, r, k);
        sb_adds(out, "</li>\n");
        n++;
    }
    sb_adds(out, n ? "</ul>" : "</ul><p>(nothing)</p>");
    sb_adds(out, "</section>\n<section id=\"yours\"><h2>Your series</h2>\n<ul>\n");
    n = 0;
    for (size_t k = 0; k < r->nseries; k++) {
        const digest_series *s = &r->series[k];
        if (!s->by_me)
            continue;
        strbuf fate = STRBUF_INIT;
        digest_series_fate(r, s, &fate);
        add_series_item(out, r, k);
        sb_adds(out, "<br/><span class=\"fate\">");
        add_escaped(out, fate.data);
        sb_adds(out, "</span></li>\n");
        sb_free(&fate);
        n++;
    }
    sb_adds(out, n ? "</ul>" : "</ul><p>(none)</p>");
    sb_adds(out, "</section>\n");
}

/* "Messages from bots: N (NAME N, ...)", when there are any. */
static void render_bots(strbuf *out, const digest_report *r)
{
    if (!r->bot_messages)
        return;
    sb_addf(out, "<p id=\"bots\">Messages from bots: %u", r->bot_messages);
    for (size_t i = 0; i < r->nbots; i++) {
        sb_adds(out, i ? ", " : " (");
        add_escaped(out, r->bots[i].name);
        sb_addf(out, " %u", r->bots[i].n);
    }
    sb_adds(out, r->nbots ? ")</p>\n" : "</p>\n");
}

static void render_series(strbuf *out, const digest_report *r)
{
    sb_adds(out, "<section id=\"patches\"><h2>Patch list in this time period</h2>\n"
                 "<table><thead><tr><th>Version</th><th>Parts</th><th>Title</th>"
                 "<th>Author</th><th>State</th><th>Changed</th><th>Subsystems</th>"
                 "<th>Bots</th></tr>"
                 "</thead><tbody>\n");
    for (size_t k = 0; k < r->nseries; k++) {
        const digest_series *s = &r->series[k];
        const digest_entry *h = s->head;
        sb_addf(out, "<tr id=\"s%zu\"><td>v%d</td><td>", k, s->version);
        if (s->pull)
            sb_adds(out, "pull");
        else
            sb_addf(out, "%u/%d", s->parts, s->total);
        sb_adds(out, "</td><td>");
        add_escaped(out, h->title);
        sb_adds(out, "</td><td>");
        add_author(out, h);
        sb_adds(out, "</td><td>");
        render_state(out, s, r->link_base);
        sb_adds(out, "</td><td>");
        if (s->state == PATCH_STATE_REVISION && s->counted)
            sb_addf(out, "%u of %u", s->changed, s->counted);
        sb_adds(out, "</td><td>");
        for (size_t i = 0; i < s->subsystems.n; i++) {
            if (i)
                sb_adds(out, "<br/>");
            add_escaped(out, s->subsystems.v[i]);
        }
        sb_adds(out, "</td><td>");
        for (size_t i = 0; i < s->nbots; i++) {
            if (i)
                sb_adds(out, "<br/>");
            add_escaped(out, s->bots[i].name);
            sb_addf(out, " %u", s->bots[i].n);
        }
        sb_adds(out, "</td></tr>\n");
    }
    sb_adds(out, "</tbody></table></section>\n");
}

/* A link to link_base + msgid showing text; the text alone without link_base. */
static void add_thread_link(strbuf *out, const char *link_base, const char *msgid,
                            const char *text)
{
    if (link_base) {
        strbuf url = STRBUF_INIT;
        sb_adds(&url, link_base);
        digest_add_url_msgid(&url, msgid);
        sb_adds(out, "<a href=\"");
        add_escaped(out, url.data);
        sb_adds(out, "\">");
        sb_free(&url);
    }
    add_escaped(out, text);
    if (link_base)
        sb_adds(out, "</a>");
}

/* One series of the lifecycle sections, as the text report has it. */
static void render_life_series(strbuf *out, const digest_report *r, size_t k)
{
    const digest_series *s = &r->series[k];
    const char *msgid = s->head->msgid ? s->head->msgid : "";
    add_series_item(out, r, k);
    strbuf line = STRBUF_INIT;
    sb_adds(out, "<br/><span class=\"fate\">posted ");
    digest_add_day(s->date, &line);
    add_escaped(out, line.data);
    if (*msgid) {
        sb_adds(out, ", ");
        add_thread_link(out, r->link_base, msgid, "thread");
        sb_reset(&line);
        digest_add_b4_command(msgid, s->pull, &line);
        sb_adds(out, ", <code>");
        add_escaped(out, line.data);
        sb_adds(out, "</code>");
    }
    sb_reset(&line);
    digest_series_reviewers(s, &line);
    sb_adds(out, "<br/>");
    add_escaped(out, line.data);
    if (s->verdict) {
        sb_adds(out, "<br/>verdict: ");
        add_escaped(out, s->verdict);
    }
    int version;
    const char *later = digest_series_successor(r, s, &version);
    if (later) {
        sb_reset(&line);
        sb_addf(&line, "superseded by v%d", version);
        sb_adds(out, "<br/>");
        add_thread_link(out, r->link_base, later, line.data);
    }
    for (size_t i = 0; i < s->applied.n; i++) {
        const char *commit = digest_applied_commit(s->applied.v[i]);
        sb_adds(out, "<br/>applied: ");
        add_escaped(out, s->applied.v[i]);
        if (r->commit_base && commit) {
            sb_adds(out, " <a href=\"");
            add_escaped(out, r->commit_base);
            add_escaped(out, commit);
            sb_adds(out, "\">");
            add_escaped(out, commit);
            sb_adds(out, "</a>");
        }
    }
    sb_adds(out, "</span></li>\n");
    sb_free(&line);
}

static const char *const LIFE_IDS[DIGEST_LIVES] = {
    [DIGEST_LIFE_APPLIED] = "applied",
    [DIGEST_LIFE_SUPERSEDED] = "superseded",
    [DIGEST_LIFE_CHANGES_REQUESTED] = "changes-requested",
    [DIGEST_LIFE_INCOMPLETE] = "incomplete",
    [DIGEST_LIFE_WAITING] = "waiting",
    [DIGEST_LIFE_OPEN] = "open",
};

static void render_lifecycle(strbuf *out, const digest_report *r)
{
    sb_adds(out, "<section id=\"lifecycle\"><h2>Series lifecycle</h2>\n");
    for (size_t i = 0; i < r->nseries;) {
        digest_life life = r->series[r->by_life[i]].life;
        size_t n = 0;
        while (i + n < r->nseries && r->series[r->by_life[i + n]].life == life)
            n++;
        sb_addf(out, "<section id=\"life-%s\"><h3>%s (%zu)</h3>\n<ul>\n", LIFE_IDS[life],
                digest_life_title(life), n);
        for (; n; n--, i++)
            render_life_series(out, r, r->by_life[i]);
        sb_adds(out, "</ul></section>\n");
    }
    sb_adds(out, "</section>\n");
}

static void render_blocks(strbuf *out, const digest_report *r)
{
    sb_adds(out, "<section id=\"messages\"><h2>Patch Commit Messages</h2>\n");
    for (size_t i = 0; i < r->nblocks; i++) {
        const digest_block *b = &r->blocks[i];
        const digest_entry *e = b->entry;
        if (b->kind != DIGEST_NEW) {
            sb_adds(out, b->kind == DIGEST_EXIST ? "<p class=\"exist\">Exist: "
                                                 : "<p class=\"skip\">Skip: ");
            add_escaped(out, e->subject);
            sb_adds(out, "</p>\n");
            continue;
        }
        sb_addf(out, "<article class=\"new\"><h3><a href=\"#s%zu\">New:</a> ", b->series);
        add_escaped(out, r->series[b->series].head->title);
        sb_adds(out, "</h3><p class=\"subject\">");
        add_escaped(out, e->subject);
        sb_adds(out, "</p><p class=\"author\">Author: ");
        add_author(out, e);
        sb_adds(out, "</p>");
        if (e->text && *e->text) {
            sb_adds(out, "<pre>");
            add_escaped(out, e->text);
            sb_adds(out, "</pre>");
        }
        sb_adds(out, "</article>\n");
    }
    sb_adds(out, "</section>\n");
}

void digest_render_html(const digest_report *r, strbuf *out)
{
    sb_adds(out, "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"/><title>");
    add_escaped(out, r->heading);
    sb_addf(out, "</title><style>%s</style></head>\n<body>\n<h1>", STYLE);
    add_escaped(out, r->heading);
    sb_adds(out, "</h1>\n");
    if (r->me)
        render_me(out, r);
    char title[96];
    snprintf(title, sizeof title, "Top %d contributor Email domains (Based on Email Body)",
             DIGEST_TOP);
    render_chart(out, "domains", title, r->domains, r->ndomains);
    snprintf(title, sizeof title, "Top %d contributors (Based on Email Body)", DIGEST_TOP);
    render_chart(out, "contributors", title, r->contributors, r->ncontributors);
    render_bots(out, r);
    render_series(out, r);
    render_lifecycle(out, r);
    render_blocks(out, r);
    sb_adds(out, "</body></html>\n");
}
