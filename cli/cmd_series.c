/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * cmd_series: `patchmilter series [--index FILE|URI] [--json] KEY`: every version of the
 * series KEY names (a Message-ID, a series id or a change-id; pm_index_series.h), oldest
 * first, with what became of each message (series_view.h).
 * Text: a first line "series ID, latest vN, STATE: TITLE" (STATE that of the version
 * asked for, "vK STATE" when that is not the latest); per version a line "vN, DATE,
 * AUTHOR: R of M parts, complete|missing K, A-B; STATE"; per message a line
 * "  K/M <MESSAGE-ID> posted|resend|duplicate[, changed|unchanged since vP | revises vP]"
 * then "; superseded by vN", "; applied in TREE@COMMIT12", "; verdict NAME",
 * "; Reviewed-by: NAME <ADDRESS>" (a review given in a reply) as they hold. Values came from mail: bytes a terminal could act on are shown as \xNN.
 * --json: the same as one JSON object (json.h).
 * Exit 0 when found, 1 when not, 2 on usage or error.
 */
#include <getopt.h>
#include <stdio.h>
#include <time.h>

#include "commands.h"
#include "json.h"
#include "pm_index_series.h"
#include "series_view.h"
#include "text.h"

static const command_help help = {
    .name = "series",
    .synopsis = "patchmilter series [--index FILE|URI] [--json] <message-id|series-id|change-id>",
    .summary = "Shows every version of a series and what became of each of its messages.",
    .options = INDEX_OPTION_HELP
    "  --json                 one JSON object, for scripts\n"
    HELP_OPTION_HELP,
};

/* How long a commit is shown in the text. */
#define COMMIT_SHOWN 12

/* date as "2026-11-02 10:00:00 UTC" (`iso`: "2026-11-02T10:00:00Z"); false when unknown. */
static bool format_date(long long date, bool iso, char *out, size_t size)
{
    time_t t = (time_t)date;
    struct tm tm;
    return date > 0 && gmtime_r(&t, &tm) &&
           strftime(out, size, iso ? "%Y-%m-%dT%H:%M:%SZ" : "%Y-%m-%d %H:%M:%S UTC", &tm);
}

/* How the message was posted: its state when recorded. */
static const char *posting(const index_record *r)
{
    return r->state == PATCH_STATE_RESEND ? "resend"
           : r->state == PATCH_STATE_DUPLICATE ? "duplicate"
                                               : "posted";
}

/* The counter shown for a part: K/M, 1/1 for a patch without one. */
static int total_of(const series_part *p)
{
    return p->msg->total ? p->msg->total : 1;
}

/* ---- text ---- */

static void text_state(strbuf *out, const series_version *v)
{
    text_add_visible(out, series_state_name(v));
    if (v->state == SERIES_SUPERSEDED)
        sb_addf(out, " by v%d", v->superseded_by);
    if (v->state == SERIES_APPLIED && v->applied_parts && v->applied_parts < v->total)
        sb_addf(out, " (%d of %d parts)", v->applied_parts, v->total);
}

static void text_part(strbuf *out, const series_version *v, const series_part *p)
{
    const index_record *r = p->msg;
    sb_addf(out, "  %d/%d <", p->part, total_of(p));
    text_add_visible(out, r->msgid);
    sb_addf(out, "> %s", posting(r));
    if (r->prior_msgid && r->prior_version && r->prior_version < v->version)
        sb_addf(out, ", %s v%d",
                r->changed == 1 ? "changed since" : r->changed == 0 ? "unchanged since" : "revises",
                r->prior_version);
    if (p->successor)
        sb_addf(out, "; superseded by v%d", p->successor->version);
    for (size_t i = 0; i < p->napplied; i++) {
        const series_applied *a = &p->applied[i];
        sb_adds(out, "; applied in ");
        text_add_visible(out, a->tree);
        if (a->commit) {
            char commit[COMMIT_SHOWN + 1];
            snprintf(commit, sizeof commit, "%s", a->commit);
            sb_addc(out, '@');
            text_add_visible(out, commit);
        }
    }
    for (size_t i = 0; i < p->nverdicts; i++) {
        sb_adds(out, "; verdict ");
        text_add_visible(out, p->verdicts[i]);
    }
    for (size_t i = 0; i < p->nreviews; i++) {
        sb_adds(out, "; ");
        text_add_visible(out, p->reviews[i]);
    }
    sb_addc(out, '\n');
}

static void text_version(strbuf *out, const series_version *v)
{
    char when[64];
    sb_addf(out, "v%d", v->version);
    if (format_date(v->date, false, when, sizeof when))
        sb_addf(out, ", %s", when);
    if (v->author) {
        sb_adds(out, ", ");
        text_add_visible(out, v->author);
    }
    sb_addf(out, ": %d of %d part%s, ", v->received, v->total, v->total == 1 ? "" : "s");
    if (v->complete)
        sb_adds(out, "complete");
    for (size_t i = 0; i < v->nmissing; i++) {
        const series_range *m = &v->missing[i];
        sb_addf(out, "%s%d", i ? ", " : "missing ", m->from);
        if (m->to > m->from)
            sb_addf(out, "-%d", m->to);
    }
    sb_adds(out, "; ");
    text_state(out, v);
    sb_addc(out, '\n');
    for (size_t i = 0; i < v->nparts; i++)
        text_part(out, v, &v->parts[i]);
}

static void text_view(strbuf *out, const series_view *view)
{
    const series_version *asked = &view->versions[view->asked];
    const series_version *latest = &view->versions[view->nversions - 1];
    sb_adds(out, "series ");
    text_add_visible(out, view->series_id);
    sb_addf(out, ", latest v%d, ", latest->version);
    if (asked != latest)
        sb_addf(out, "v%d ", asked->version);
    text_state(out, asked);
    sb_adds(out, ": ");
    text_add_visible(out, view->title);
    sb_addc(out, '\n');
    for (size_t i = 0; i < view->nversions; i++)
        text_version(out, &view->versions[i]);
    if (view->truncated)
        sb_adds(out, "(the series holds more messages: those recorded last are shown)\n");
}

/* ---- JSON ---- */

static void json_date(strbuf *out, long long date)
{
    char when[64];
    if (format_date(date, true, when, sizeof when))
        json_add_string(out, when);
    else
        sb_adds(out, "null");
}

/* A version's "state", "superseded_by", "applied_parts" and "verdict" members. */
static void json_state(strbuf *out, const series_version *v)
{
    sb_adds(out, "\"state\":");
    json_add_string(out, series_state_name(v));
    if (v->superseded_by)
        sb_addf(out, ",\"superseded_by\":%d", v->superseded_by);
    else
        sb_adds(out, ",\"superseded_by\":null");
    sb_addf(out, ",\"applied_parts\":%d,\"verdict\":", v->applied_parts);
    json_add_string(out, v->verdict);
}

static void json_part(strbuf *out, const series_part *p)
{
    const index_record *r = p->msg;
    sb_addf(out, "{\"part\":%d,\"total\":%d,\"kind\":", p->part, total_of(p));
    json_add_string(out, patch_kind_name(r->kind));
    sb_adds(out, ",\"msgid\":");
    json_add_string(out, r->msgid);
    sb_adds(out, ",\"title\":");
    json_add_string(out, r->title);
    sb_adds(out, ",\"author\":");
    json_add_string(out, r->author);
    sb_adds(out, ",\"date\":");
    json_date(out, r->date);
    sb_addf(out, ",\"posting\":\"%s\",\"prior\":", posting(r));
    if (r->prior_msgid) {
        sb_adds(out, "{\"msgid\":");
        json_add_string(out, r->prior_msgid);
        sb_addf(out, ",\"version\":%d,\"changed\":%s}", r->prior_version,
                r->changed == 1 ? "true" : r->changed == 0 ? "false" : "null");
    } else
        sb_adds(out, "null");
    sb_adds(out, ",\"superseded_by\":");
    if (p->successor) {
        sb_addf(out, "{\"version\":%d,\"msgid\":", p->successor->version);
        json_add_string(out, p->successor->msgid);
        sb_addc(out, '}');
    } else
        sb_adds(out, "null");
    sb_adds(out, ",\"applied\":[");
    for (size_t i = 0; i < p->napplied; i++) {
        sb_adds(out, i ? ",{\"tree\":" : "{\"tree\":");
        json_add_string(out, p->applied[i].tree);
        sb_adds(out, ",\"branch\":");
        json_add_string(out, p->applied[i].branch);
        sb_adds(out, ",\"commit\":");
        json_add_string(out, p->applied[i].commit);
        sb_addc(out, '}');
    }
    sb_adds(out, "],\"verdicts\":[");
    for (size_t i = 0; i < p->nverdicts; i++) {
        if (i)
            sb_addc(out, ',');
        json_add_string(out, p->verdicts[i]);
    }
    sb_adds(out, "],\"reviews\":[");
    for (size_t i = 0; i < p->nreviews; i++) {
        if (i)
            sb_addc(out, ',');
        json_add_string(out, p->reviews[i]);
    }
    sb_adds(out, "]}");
}

static void json_version(strbuf *out, const series_version *v)
{
    sb_addf(out, "{\"version\":%d,\"date\":", v->version);
    json_date(out, v->date);
    sb_adds(out, ",\"author\":");
    json_add_string(out, v->author);
    sb_addf(out, ",\"total\":%d,\"received\":%d,\"missing\":[", v->total, v->received);
    for (size_t i = 0; i < v->nmissing; i++)
        sb_addf(out, "%s[%d,%d]", i ? "," : "", v->missing[i].from, v->missing[i].to);
    sb_addf(out, "],\"complete\":%s,\"cover\":%s,", v->complete ? "true" : "false",
            v->cover ? "true" : "false");
    json_state(out, v);
    sb_adds(out, ",\"parts\":[");
    for (size_t i = 0; i < v->nparts; i++) {
        if (i)
            sb_addc(out, ',');
        json_part(out, &v->parts[i]);
    }
    sb_adds(out, "]}");
}

static void json_view(strbuf *out, const series_view *view)
{
    const series_version *asked = &view->versions[view->asked];
    sb_adds(out, "{\"series\":");
    json_add_string(out, view->series_id);
    sb_adds(out, ",\"title\":");
    json_add_string(out, view->title);
    sb_addf(out, ",\"latest\":%d,\"asked\":%d,", view->versions[view->nversions - 1].version,
            asked->version);
    json_state(out, asked);
    sb_addf(out, ",\"truncated\":%s,\"versions\":[", view->truncated ? "true" : "false");
    for (size_t i = 0; i < view->nversions; i++) {
        if (i)
            sb_addc(out, ',');
        json_version(out, &view->versions[i]);
    }
    sb_adds(out, "]}\n");
}

int cmd_series(int argc, char **argv)
{
    static const struct option options[] = {
        {"index", required_argument, NULL, 'i'},
        {"json", no_argument, NULL, 'j'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    const char *index_path = NULL;
    bool json = false;
    int c;
    while ((c = getopt_long(argc, argv, "i:h", options, NULL)) != -1) {
        switch (c) {
        case 'i': index_path = optarg; break;
        case 'j': json = true; break;
        default: return command_usage(&help, c == 'h');
        }
    }
    if (optind + 1 != argc || !*argv[optind])
        return command_usage(&help, false);
    if (index_path && index_option_check("series", index_path) < 0)
        return 2;
    pm_index *ix;
    if (index_option_open_readonly("series", index_path, &ix) < 0)
        return 2;
    strbuf out = STRBUF_INIT, err = STRBUF_INIT;
    index_series series = {0};
    int found = pm_index_series(ix, argv[optind], &series, &err);
    if (found < 0)
        fprintf(stderr, "patchmilter series: %s\n", err.data);
    else if (found == 0)
        fprintf(stderr, "patchmilter series: %s: not in the index\n", argv[optind]);
    else {
        series_view view;
        series_view_build(&series, &view);
        if (json)
            json_view(&out, &view);
        else
            text_view(&out, &view);
        series_view_free(&view);
        if (fwrite(out.data, 1, out.len, stdout) != out.len || fflush(stdout) != 0) {
            fprintf(stderr, "patchmilter series: cannot write the output\n");
            found = -1;
        }
    }
    index_series_free(&series);
    pm_index_close(ix);
    sb_free(&out);
    sb_free(&err);
    return found < 0 ? 2 : found == 0 ? 1 : 0;
}
