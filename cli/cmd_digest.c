/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * cmd_digest: `patchmilter digest`: the mailing list report (core/digest/digest.h).
 *
 *   digest --index FILE [--title NAME] [--format text|html] [--maintainers SPEC]
 *          [--link-base URL] SOURCE [--from COMMIT] [--to COMMIT]
 *     classifies the patch mail of SOURCE (as `import`) in archive order, recording
 *     it in the index, and reports on exactly those messages. A message already
 *     recorded keeps the state it got then, so running the same digest again gives
 *     the same report.
 *   digest --index FILE --since DATE --until DATE
 *     reports on the messages the index holds dated from DATE to DATE (UTC days,
 *     both included; the header names them); the index keeps no message text, so that
 *     report has no commit messages, and titles as the index normalized them.
 *   --me ADDRESS (repeatable, as the Me key) adds "Waiting on you" and "Your series";
 *   with a SOURCE, its replies (from bots, from you, giving reviews) are linked to
 *   their series; every message from a bot (bots.h, built-in table) is counted.
 *   A --since report takes its replies from the index (pm_index_replies.h: the
 *   replies in threads of patch mail that annotate, the milter and import recorded):
 *   reviews, your replies and the bots' replies count as a SOURCE's do, but a bot's
 *   message outside a thread of patch mail is not counted.
 *   Each entry gets from the index its applied events, its latest verdict and the
 *   latest version superseding it (digest.h lifecycle); replies reach the report only
 *   through digest_add_reply. --quiet-if-empty prints nothing when no patch mail is
 *   in the range.
 *   The header names what the user gave (the --from and --to of a git range, HEAD
 *   for a missing --to, or the --since and --until days), else the dates of the
 *   first and last message. A commit message is shown up to MAX_TEXT bytes.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "address.h"
#include "annotate.h"
#include "bots.h"
#include "commands.h"
#include "digest.h"
#include "digest_html.h"
#include "index_batch.h"
#include "mail_source.h"
#include "maintainers.h"
#include "me.h"
#include "message.h"
#include "patch_facts.h"
#include "pending_roots.h"
#include "pm_index.h"
#include "pm_index_replies.h"
#include "role.h"
#include "strmap.h"
#include "untagged_cover.h"
#include "xalloc.h"

#define MAX_TEXT (64u << 10) /* of a commit message kept for the report */
#define DEFAULT_LINK_BASE "https://lore.kernel.org/r/"
#define MAX_STALE_DAYS 3650

typedef struct digest_run {
    pm_index *ix;
    const maintainers *maint;
    const me_set *me;
    digest *d;
    unsigned long in_batch;
    pending_roots roots; /* recorded once a patch answers one, as import does */
    strbuf err;
} digest_run;

static const command_help help = {
    .name = "digest",
    .synopsis = "patchmilter digest [--index FILE|URI] [--title NAME] [--format text|html]\n"
                "         [--maintainers SPEC] [--link-base URL] [--commit-base URL]\n"
                "         [--stale-days N] [--quiet-if-empty] [--me ADDRESS]...\n"
                "         SOURCE [--from COMMIT] [--to COMMIT]\n"
                "       patchmilter digest [--index FILE|URI] [options] --since DATE --until DATE",
    .summary = "Reports on the patch mail of SOURCE (recording it in the index), or on what\n"
               "the index holds from one day to another.",
    .options = INDEX_OPTION_HELP
               "  -T, --title NAME       the list's name in the heading (default: its List-Id)\n"
               "  -F, --format FORMAT    text (default) or html\n"
               "  -m, --maintainers SPEC a MAINTAINERS file, or REPO.git:REF:PATH\n"
               "  -l, --link-base URL    links threads, versions (default: lore; empty: none)\n"
               "  -c, --commit-base URL  links applied commits as URL + commit id\n"
               "  -S, --stale-days N     Waiting for review: no reply for N days (default 7)\n"
               "  -q, --quiet-if-empty   print nothing when there is no patch mail (for cron)\n"
               "  -f, --from COMMIT      for a git SOURCE: the commits after this one\n"
               "  -t, --to COMMIT        for a git SOURCE: up to this commit (default: HEAD)\n"
               "  -s, --since DATE       without SOURCE: from this day (YYYY-MM-DD, UTC)\n"
               "  -u, --until DATE       without SOURCE: to this day, included\n"
               "  -M, --me ADDRESS       you: adds Waiting on you and Your series (repeatable)\n"
               HELP_OPTION_HELP,
};

static char *dup_or_null(const char *s)
{
    return s ? xstrdup(s) : NULL;
}

/* A commit message for the report, cut (at a character boundary) after MAX_TEXT bytes. */
static char *report_text(const char *text)
{
    if (!text)
        return NULL;
    size_t len = strlen(text);
    if (len <= MAX_TEXT)
        return xstrdup(text);
    size_t cut = MAX_TEXT;
    while (cut && ((unsigned char)text[cut] & 0xC0) == 0x80)
        cut--;
    strbuf sb = STRBUF_INIT;
    sb_add(&sb, text, cut);
    sb_addf(&sb, "\n[... %zu more bytes not shown]", len - cut);
    return sb_detach(&sb);
}

/* What the index knows now of a message's series and prior version. */
static void links_from_record(digest_entry *e, const index_record *row)
{
    free(e->grp);
    free(e->series_id);
    free(e->prior_msgid);
    e->grp = dup_or_null(row->posting);
    e->series_id = dup_or_null(row->series_id);
    e->prior_msgid = dup_or_null(row->prior_msgid);
    e->prior_version = row->prior_version;
    e->changed = row->changed;
}

static void entry_from_record(digest_entry *e, const index_record *row)
{
    e->msgid = xstrdup(row->msgid);
    e->kind = row->kind;
    e->state = row->state;
    e->from = dup_or_null(row->from);
    e->author = dup_or_null(row->author);
    e->list_id = dup_or_null(row->list_id);
    e->date = row->date;
    e->version = row->version;
    e->part = row->part;
    e->total = row->total;
    links_from_record(e, row);
}

/* Whether the address in a From value (NULL: none) is the reader's. */
static bool sender_is_me(const me_set *me, const char *from)
{
    if (!me || !from)
        return false;
    char *email = address_email(from);
    bool mine = me_set_has(me, email);
    free(email);
    return mine;
}

/* A reply, linked to the messages it answers, and recorded in the index as import
   records it (a reply of patch mail, a bot's message); its body is read only for its
   review trailers. Returns -1 when the index failed, else 0. */
static int digest_reply_of(digest_run *run, const mail_message *msg, const char *bot)
{
    patch_facts pf;
    patch_facts_extract_reply(msg, &pf);
    int rc = 0;
    if (pf.kind == PATCH_KIND_REPLY || bot) {
        index_reply_verdict v;
        rc = pm_index_record_reply(run->ix, &pf, bot, true, true, &v, &run->err) < 0 ? -1 : 0;
        index_reply_verdict_free(&v);
    }
    string_list parents = {0};
    if (pf.in_reply_to)
        string_list_add(&parents, pf.in_reply_to);
    for (size_t i = pf.references.n; i-- > 0;)
        string_list_add(&parents, pf.references.v[i]);
    if (parents.n)
        digest_add_reply(run->d, &(digest_reply){.parents = &parents,
                                                 .from = pf.from,
                                                 .bot = bot,
                                                 .date = (long long)pf.date,
                                                 .from_me = sender_is_me(run->me, pf.from),
                                                 .review = pf.review != NULL});
    string_list_free(&parents);
    patch_facts_free(&pf);
    return rc;
}

/* The sections annotate names in X-Patch-Subsystem (at its default limit), and the
   reader's role, from all of them, as X-Patch-For gives it. */
static void add_subsystems_and_role(digest_entry *e, const digest_run *run,
                                    const patch_facts *pf, const mail_message *msg)
{
    maint_match r;
    annotate_subsystems(run->maint, pf, (unsigned)-1, &r);
    string_list sections = {0};
    patch_role role = patch_role_of(run->me, run->maint, &r, pf->author, msg, &sections);
    string_list_free(&sections);
    e->for_me = role == PATCH_ROLE_MAINTAINER || role == PATCH_ROLE_REVIEWER;
    maint_match_limit(&r, ANNOTATE_DEFAULT_MAX_SUBSYSTEMS);
    for (size_t i = 0; i < r.sections.n; i++)
        string_list_add(&e->subsystems, r.sections.v[i]);
    maint_match_free(&r);
}

/*
 * The state a message got when first recorded: classifies it (recording it), and for
 * a message recorded before reads the state recorded then. Returns PATCH_STATE_NONE
 * when the index failed.
 */
static patch_state recorded_state(digest_run *run, const patch_facts *pf)
{
    index_verdict v;
    if (index_batch_classify(run->ix, &run->in_batch, pf, &v, &run->err) < 0)
        return PATCH_STATE_NONE;
    patch_state state = v.state;
    index_verdict_free(&v);
    if (state != PATCH_STATE_DUPLICATE)
        return state;
    index_record row;
    int rc = pm_index_recorded(run->ix, pf->message_id, &row, &run->err);
    if (rc <= 0) {
        if (rc == 0)
            sb_fail(&run->err, "<%s>: classified as recorded, but not found", pf->message_id);
        return PATCH_STATE_NONE;
    }
    patch_state recorded = row.state;
    index_record_free(&row);
    return recorded;
}

/* A root entry (a message with no patch tag that answers nothing): the digest makes it
   the cover of the posting whose patches answer it, if one does (digest.h). Its title
   and version are its subject's ("move bar to baz v2"). */
static digest_entry *add_root_entry(digest_run *run, const char *msgid, const char *subject,
                                    const char *from, long long date)
{
    digest_entry *e = digest_add(run->d);
    e->msgid = xstrdup(msgid);
    e->kind = PATCH_KIND_NONE;
    e->subject = xstrdup(subject);
    subject_info si;
    subject_parse(subject, &si);
    e->version = subject_take_title_version(&si);
    e->title = xstrdup(si.title);
    subject_info_free(&si);
    e->from = dup_or_null(from);
    e->date = date;
    return e;
}

/* A message of the SOURCE that may be an untagged cover, as a root entry. */
static void add_root(digest_run *run, const patch_facts *pf)
{
    if (!untagged_cover_candidate(pf))
        return;
    digest_entry *e = add_root_entry(run, pf->message_id, pf->subject_text, pf->from,
                                     (long long)pf->date);
    e->author = dup_or_null(pf->author ? pf->author : pf->from);
    e->list_id = dup_or_null(pf->list_id);
    e->text = report_text(pf->commit_message ? pf->commit_message : pf->body);
}

/* Returns -1 when the index failed, else 0. */
static int digest_one(digest_run *run, const mail_item *it)
{
    mail_message msg;
    patch_facts pf;
    mail_parse(&msg, it->data, it->len);
    const char *bot = bot_identify(NULL, &msg, NULL);
    if (bot)
        digest_note_bot(run->d, bot);
    if (patch_subject_is_reply(&msg)) { /* no submission */
        int rc = digest_reply_of(run, &msg, bot);
        mail_free(&msg);
        return rc;
    }
    patch_facts_extract(&msg, NULL, &pf);
    int rc = 0;
    if (pf.kind == PATCH_KIND_REPLY && digest_reply_of(run, &msg, bot) < 0)
        rc = -1;
    if (pf.kind == PATCH_KIND_NONE) {
        add_root(run, &pf);
        pending_roots_hold(&run->roots, &pf);
        goto out;
    }
    if (!patch_kind_is_submission(pf.kind))
        goto out;
    if (!pf.message_id || !*pf.message_id) {
        fprintf(stderr, "patchmilter digest: %s: patch mail without Message-ID\n", it->origin);
        goto out;
    }
    patch_state state = recorded_state(run, &pf);
    if (state == PATCH_STATE_NONE || pending_roots_answered(&run->roots, run->ix, &pf, &run->err) < 0) {
        rc = -1;
        goto out;
    }
    digest_entry *e = digest_add(run->d);
    e->msgid = xstrdup(pf.message_id);
    e->kind = pf.kind;
    e->state = state;
    e->subject = xstrdup(pf.subject_text);
    e->title = xstrdup(pf.subject.title);
    e->from = dup_or_null(pf.from);
    e->author = dup_or_null(pf.author);
    e->list_id = dup_or_null(pf.list_id);
    e->date = (long long)pf.date;
    e->version = pf.subject.version > 0 ? pf.subject.version : 1;
    e->part = pf.subject.part;
    e->total = pf.subject.total;
    e->in_reply_to = dup_or_null(pf.in_reply_to);
    e->text = report_text(pf.commit_message);
    e->bot = bot ? xstrdup(bot) : NULL;
    e->by_me = sender_is_me(run->me, pf.author) || sender_is_me(run->me, pf.from);
    if (run->maint || run->me)
        add_subsystems_and_role(e, run, &pf, &msg);
out:
    patch_facts_free(&pf);
    mail_free(&msg);
    return rc;
}

/*
 * Series and prior versions as the index holds them at the end of the run: a later
 * message can merge two series or give an earlier one its prior version, and a
 * re-run must report the same.
 */
static int refresh_links(digest_run *run)
{
    for (size_t i = 0; i < digest_size(run->d); i++) {
        digest_entry *e = digest_entry_at(run->d, i);
        index_record row;
        int rc = pm_index_recorded(run->ix, e->msgid, &row, &run->err);
        if (rc < 0)
            return -1;
        if (rc > 0) {
            links_from_record(e, &row);
            index_record_free(&row);
        }
    }
    return 0;
}

/* The events and later versions the index holds for e: applied details, the latest
   verdict (its first word), and for a cover or a first patch (a later version names
   those as prior; the other parts add nothing to their series) the latest version
   superseding it. */
static int lifecycle_from_index(digest_run *run, digest_entry *e)
{
    index_events events = {0};
    if (pm_index_events(run->ix, e->msgid, &events, &run->err) < 0)
        return -1;
    for (size_t i = 0; i < events.n; i++) {
        const index_event *ev = &events.v[i];
        if (!strcmp(ev->kind, "applied") && !string_list_has(&e->applied, ev->detail)) {
            string_list_add(&e->applied, ev->detail);
        } else if (!strcmp(ev->kind, "verdict") && (!e->verdict || ev->date >= e->verdict_date)) {
            free(e->verdict);
            e->verdict = xstrndup(ev->detail, strcspn(ev->detail, " "));
            e->verdict_date = ev->date;
        }
    }
    index_events_free(&events);
    if (e->kind == PATCH_KIND_PATCH && e->part > 1)
        return 0;
    index_record later;
    int found = pm_index_successor(run->ix, e->msgid, &later, &run->err);
    if (found < 0)
        return -1;
    if (found) {
        e->successor_msgid = xstrdup(later.msgid);
        e->successor_version = later.version;
        index_record_free(&later);
    }
    return 0;
}

static int lifecycles_from_index(digest_run *run)
{
    for (size_t i = 0; i < digest_size(run->d); i++)
        if (lifecycle_from_index(run, digest_entry_at(run->d, i)) < 0)
            return -1;
    return 0;
}

static int digest_source(digest_run *run, const char *path, const mail_source_options *opt)
{
    mail_source *src;
    if (mail_source_open(path, opt, &src, &run->err) < 0)
        return -1;
    mail_item it;
    int rc;
    while ((rc = mail_source_next(src, &it, &run->err)) != 0) {
        if (rc < 0) {
            fprintf(stderr, "patchmilter digest: %s: %s\n", it.origin ? it.origin : "?",
                    run->err.data);
            sb_reset(&run->err);
            continue;
        }
        if (digest_one(run, &it) < 0) {
            mail_source_close(src);
            return -1;
        }
    }
    mail_source_close(src);
    if (index_batch_commit(run->ix, &run->in_batch, &run->err) < 0)
        return -1;
    return refresh_links(run);
}

/* "YYYY-MM-DD" as UTC seconds at the start of that day; -1 when malformed. */
static long long parse_day(const char *s)
{
    struct tm tm = {0};
    const char *end = strptime(s, "%Y-%m-%d", &tm);
    if (!end || *end)
        return -1;
    return (long long)timegm(&tm);
}

/* The replies the index holds dated in [since, until), linked to their series as a
   SOURCE's replies are: the one they answer, then the patch mail of their thread. */
static int digest_index_replies(digest_run *run, long long since, long long until)
{
    index_replies rs = {0};
    if (pm_index_replies_between(run->ix, since, until, &rs, &run->err) < 0)
        return -1;
    for (size_t i = 0; i < rs.n; i++) {
        const index_reply *r = &rs.v[i];
        if (index_reply_is_root(r))
            continue; /* no reply */
        if (r->bot)
            digest_note_bot(run->d, r->bot);
        string_list parents = {0};
        if (*r->parent)
            string_list_add(&parents, r->parent);
        string_list_add(&parents, r->target);
        digest_add_reply(run->d, &(digest_reply){.parents = &parents, .from = r->from,
                                                 .bot = r->bot, .date = r->date,
                                                 .from_me = sender_is_me(run->me, r->from),
                                                 .review = r->review != NULL});
        string_list_free(&parents);
    }
    index_replies_free(&rs);
    return 0;
}

/* The root msgid when the index recorded one (pm_index_record_root), as a root entry:
   the digest makes it a cover if the patches answering it prove it one (digest.h). */
static int add_recorded_root(digest_run *run, const char *msgid)
{
    index_replies rs = {0};
    if (pm_index_reply(run->ix, msgid, &rs, &run->err) < 0)
        return -1;
    if (rs.n && index_reply_is_root(&rs.v[0])) {
        const index_reply *r = &rs.v[0];
        digest_entry *e = add_root_entry(run, r->msgid, r->subject, r->from, r->date);
        e->author = dup_or_null(r->from);
    }
    index_replies_free(&rs);
    return 0;
}

static int digest_index(digest_run *run, long long since, long long until)
{
    index_records rows = {0};
    if (pm_index_recorded_between(run->ix, since, until, &rows, &run->err) < 0)
        return -1;
    /* the root a patch answers before it, each once: an untagged cover is no row of
       its own */
    strmap asked = STRMAP_INIT;
    int rc = 0;
    for (size_t i = 0; rc == 0 && i < rows.n; i++) {
        const index_record *row = &rows.v[i];
        size_t *slot;
        if (row->kind == PATCH_KIND_PATCH && row->in_reply_to && *row->in_reply_to &&
            strmap_put(&asked, row->in_reply_to, &slot) &&
            add_recorded_root(run, row->in_reply_to) < 0) {
            rc = -1;
            break;
        }
        digest_entry *e = digest_add(run->d);
        entry_from_record(e, row);
        e->title = xstrdup(row->title);
        strbuf subject = STRBUF_INIT;
        sb_adds(&subject, row->kind == PATCH_KIND_PULL ? "[GIT PULL" : "[PATCH");
        if (row->version > 1)
            sb_addf(&subject, " v%d", row->version);
        if (row->total)
            sb_addf(&subject, " %d/%d", row->part, row->total);
        sb_addf(&subject, "] %s", row->title);
        e->subject = sb_detach(&subject);
        e->in_reply_to = dup_or_null(row->in_reply_to);
    }
    strmap_free(&asked);
    index_records_free(&rows);
    if (rc < 0)
        return -1;
    return digest_index_replies(run, since, until);
}

/* A --stale-days value: 1 to MAX_STALE_DAYS; -1 otherwise. */
static int parse_stale_days(const char *s, int *out)
{
    char *end;
    long n = strtol(s, &end, 10);
    if (end == s || *end || n < 1 || n > MAX_STALE_DAYS)
        return -1;
    *out = (int)n;
    return 0;
}

static int usage_error(me_set *me)
{
    me_set_free(me);
    return command_usage(&help, false);
}

int cmd_digest(int argc, char **argv)
{
    static const struct option options[] = {
        {"index", required_argument, NULL, 'i'},
        {"title", required_argument, NULL, 'T'},
        {"format", required_argument, NULL, 'F'},
        {"maintainers", required_argument, NULL, 'm'},
        {"link-base", required_argument, NULL, 'l'},
        {"from", required_argument, NULL, 'f'},
        {"to", required_argument, NULL, 't'},
        {"since", required_argument, NULL, 's'},
        {"until", required_argument, NULL, 'u'},
        {"me", required_argument, NULL, 'M'},
        {"commit-base", required_argument, NULL, 'c'},
        {"stale-days", required_argument, NULL, 'S'},
        {"quiet-if-empty", no_argument, NULL, 'q'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    const char *index_path = NULL, *title = NULL, *format = "text", *maintainers_spec = NULL;
    const char *link_base = DEFAULT_LINK_BASE, *commit_base = NULL, *since = NULL, *until = NULL;
    int stale_days = DIGEST_STALE_DAYS;
    bool quiet_if_empty = false;
    mail_source_options opt = {0};
    me_set me = {0};
    strbuf me_err = STRBUF_INIT;
    int c;
    while ((c = getopt_long(argc, argv, "i:T:F:m:l:c:S:qf:t:s:u:M:h", options, NULL)) != -1) {
        switch (c) {
        case 'i': index_path = optarg; break;
        case 'T': title = optarg; break;
        case 'F': format = optarg; break;
        case 'm': maintainers_spec = optarg; break;
        case 'l': link_base = *optarg ? optarg : NULL; break;
        case 'c': commit_base = *optarg ? optarg : NULL; break;
        case 'S':
            if (parse_stale_days(optarg, &stale_days) == 0)
                break;
            fprintf(stderr, "patchmilter digest: --stale-days: a number of days, 1 to %d\n",
                    MAX_STALE_DAYS);
            me_set_free(&me);
            sb_free(&me_err);
            return command_usage(&help, false);
        case 'q': quiet_if_empty = true; break;
        case 'f': opt.from = optarg; break;
        case 't': opt.to = optarg; break;
        case 's': since = optarg; break;
        case 'u': until = optarg; break;
        case 'M':
            if (me_set_add(&me, optarg, &me_err) == 0)
                break;
            fprintf(stderr, "patchmilter digest: --me: %s\n", me_err.data);
            /* fall through */
        default:
            me_set_free(&me);
            sb_free(&me_err);
            return command_usage(&help, c == 'h');
        }
    }
    sb_free(&me_err);
    bool html = !strcmp(format, "html");
    if (!html && strcmp(format, "text"))
        return usage_error(&me);
    bool from_index = since || until;
    if (from_index ? (optind != argc || !since || !until || opt.from || opt.to)
                   : optind + 1 != argc)
        return usage_error(&me);
    if (index_path && index_option_check("digest", index_path) < 0) {
        me_set_free(&me);
        return 2;
    }
    long long day_since = 0, day_until = 0;
    if (from_index) {
        day_since = parse_day(since);
        day_until = parse_day(until);
        if (day_since < 0 || day_until < 0) {
            fprintf(stderr, "patchmilter digest: dates are YYYY-MM-DD\n");
            me_set_free(&me);
            return 2;
        }
        if (day_since > day_until) {
            fprintf(stderr, "patchmilter digest: --since %s is after --until %s\n", since, until);
            me_set_free(&me);
            return 2;
        }
        day_until += 24 * 60 * 60;
    }

    digest_run run = {.d = digest_new(), .me = me.patterns.n ? &me : NULL};
    maintainers *maint = NULL;
    int status = 1;
    if (maintainers_spec && maintainers_load(maintainers_spec, &maint, &run.err) < 0) {
        fprintf(stderr, "patchmilter digest: maintainers: %s\n", run.err.data);
        goto out;
    }
    run.maint = maint;
    if (from_index ? index_option_open_readonly("digest", index_path, &run.ix) < 0
                   : index_option_open(index_path, &run.ix, &run.err) < 0) {
        if (!from_index)
            fprintf(stderr, "patchmilter digest: %s\n", run.err.data);
        goto out;
    }
    int rc = from_index ? digest_index(&run, day_since, day_until)
                        : digest_source(&run, argv[optind], &opt);
    if (rc == 0)
        rc = lifecycles_from_index(&run);
    if (rc < 0) {
        fprintf(stderr, "patchmilter digest: %s\n", run.err.data);
        goto out;
    }
    digest_meta meta = {.name = title,
                        .me = run.me != NULL,
                        .stale_days = stale_days,
                        .link_base = link_base,
                        .commit_base = commit_base};
    if (from_index) {
        meta.first = since;
        meta.last = until;
        meta.end = day_until;
    } else if (opt.from || opt.to) {
        meta.first = opt.from; /* NULL: the date of the first message */
        meta.last = opt.to ? opt.to : "HEAD";
    }
    digest_report report;
    digest_build(run.d, &meta, &report);
    if (quiet_if_empty && !digest_size(run.d)) { /* the roots no patch answers are gone */
        digest_report_free(&report);
        status = 0;
        goto out;
    }
    strbuf out = STRBUF_INIT;
    if (html)
        digest_render_html(&report, &out);
    else
        digest_render_text(&report, &out);
    status = fwrite(out.data, 1, out.len, stdout) == out.len && fflush(stdout) == 0 ? 0 : 1;
    sb_free(&out);
    digest_report_free(&report);
out:
    if (run.ix)
        pm_index_close(run.ix);
    maintainers_free(maint);
    digest_free(run.d);
    pending_roots_free(&run.roots);
    sb_free(&run.err);
    me_set_free(&me);
    return status;
}
