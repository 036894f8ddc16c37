/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * cmd_import: `patchmilter import --index FILE|URI [--from COMMIT] [--to COMMIT] SOURCE...`:
 * records the patch mail of mbox files, Maildirs and public-inbox archives in the
 * index, as the milter would have seen it arrive. Each message goes through
 * mail_parse, patch_facts_extract and pm_index_classify (recording); a notice (a bot's,
 * a tool's or a maintainer's word on what became of patches) goes through the same
 * decision as annotate's (notice_events.h): with --trusted-sender, what a trusted one
 * says is recorded as events, and a bot's notice carrying a diff is never recorded as
 * a patch. A reply in a thread of patch mail, and a bot's message there, is recorded
 * as annotate records it (pm_index_replies.h; with --trusted-authserv-id, review
 * trailers only from a sender that passed DKIM). With --maintainers, the MAINTAINERS
 * sections of each patch mail are recorded as annotate records them, and a reply's
 * "Applied" or verdict counts when its sender is an M: or R: of the sections of the
 * patch mail its thread answers, as in annotate (trust.h); so does a verdict its
 * posting's author may give (notice_events.h), in a reply from the From of that patch
 * mail or in patch mail's notes, while its posting is in the queue. A message that
 * cannot be read is counted and reported, never fatal; importing a source again adds
 * nothing. Prints progress on a terminal and a summary line.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "address.h"
#include "annotate.h"
#include "bots.h"
#include "commands.h"
#include "index_batch.h"
#include "mail_prefetch.h"
#include "mail_source.h"
#include "message.h"
#include "notice_events.h"
#include "patch_facts.h"
#include "pending_roots.h"
#include "pm_index.h"
#include "pm_index_replies.h"
#include "strmap.h"
#include "xalloc.h"

#define PREFETCH_BYTES (8u << 20) /* messages read ahead, at most */

typedef struct import_counts {
    unsigned long messages;  /* read and parsed */
    unsigned long by_state[PATCH_STATE_DUPLICATE + 1];
    unsigned long broken;
    unsigned long notices, events; /* trusted notices taken, events they recorded */
    unsigned long replies;         /* in threads of patch mail (pm_index_replies.h) */
} import_counts;

/* What the preparing thread reads a message with. */
typedef struct prepare_context {
    trust_rules rules;      /* whose notices count; rules.maintainers: --maintainers */
    strmap maintainer_mail; /* every M: and R: address of rules.maintainers, lower case */
} prepare_context;

typedef struct importer {
    pm_index *ix;
    prepare_context ctx;
    import_counts n;
    unsigned long in_batch;
    pending_roots roots; /* untagged messages a patch may answer as its cover */
    bool progress;
    unsigned long source_base, source_total; /* read before this source; its total (0: unknown) */
    struct timespec start, last_progress;
    strbuf err;
} importer;

static const command_help help = {
    .name = "import",
    .synopsis = "patchmilter import [--index FILE|URI] [--from COMMIT] [--to COMMIT]\n"
                "         [--maintainers SPEC] [--trusted-authserv-id ID]\n"
                "         [--trusted-sender ADDRESS]... SOURCE...",
    .summary = "Records the patch mail of each SOURCE in the index: an mbox file, a Maildir\n"
               "(with its Maildir++ subfolders), a public-inbox epoch (git/N.git) or inbox.",
    .options = INDEX_OPTION_HELP
               "  -f, --from COMMIT      for git sources: start after this commit\n"
               "  -t, --to COMMIT        for git sources: stop after this commit (default: HEAD)\n"
               "  -m, --maintainers SPEC MAINTAINERS (or REPO.git:REF:PATH): its M:/R: may decide\n"
               "  -a, --trusted-authserv-id ID  our Authentication-Results id (as TrustedAuthservID)\n"
               "  -T, --trusted-sender ADDRESS  whose notices count (repeatable; or *@domain)\n"
               HELP_OPTION_HELP,
};

static double seconds_since(const struct timespec *t)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (double)(now.tv_sec - t->tv_sec) + (double)(now.tv_nsec - t->tv_nsec) / 1e9;
}

static void show_progress(importer *im, bool final)
{
    if (!im->progress || (!final && seconds_since(&im->last_progress) < 0.25))
        return;
    clock_gettime(CLOCK_MONOTONIC, &im->last_progress);
    double s = seconds_since(&im->start);
    unsigned long read = im->n.messages + im->n.broken;
    fprintf(stderr, "\rimporting: %lu", im->n.messages);
    if (im->source_total) {
        unsigned long done = read - im->source_base;
        fprintf(stderr, " of %lu messages (%lu%%)", im->source_base + im->source_total,
                done >= im->source_total ? 100 : done * 100 / im->source_total);
    } else {
        fputs(" messages", stderr);
    }
    fprintf(stderr, ", %.0f/s%s", s > 0 ? (double)im->n.messages / s : 0.0, final ? "\n" : "");
}

static void broken(importer *im, const char *origin, const char *why)
{
    im->n.broken++;
    if (im->progress)
        fputc('\n', stderr);
    fprintf(stderr, "patchmilter import: %s: %s\n", origin ? origin : "?", why);
}

/* What a message tells the index: worked out on the read-ahead's preparing thread,
   so that it overlaps with the index's work (and its waits on a server). */
typedef struct prepared {
    bool patch_mail; /* of a kind the index records */
    bool notice;     /* a notice whose sender may decide: n is valid */
    bool by_author;  /* that notice counts as its author's, while in the queue */
    bool reply;      /* a reply, or a bot's message, for the index's replies */
    bool from_verified; /* its From may be believed (trust_from_verified) */
    const char *bot; /* the bot that sent it (bots.h); NULL: a person */
    patch_facts facts;
    notice n;
    string_list sections; /* of patch mail, with --maintainers */
    /* a reply's notice whose sender is an M: or R: somewhere, or a pw-bot line: it
       counts when they are of the sections of the patch mail its thread answers, or
       the sender wrote that patch mail (known only to the index); msg is kept for
       that judgement */
    bool judge_by_thread;
    mail_message msg;
} prepared;

/* Whether msg's From is one of the M: and R: addresses of MAINTAINERS. */
static bool from_maintainer(const prepare_context *ctx, const mail_message *msg)
{
    if (!ctx->maintainer_mail.n)
        return false;
    char *email = address_key(mail_get(msg, "From"));
    bool found = email && strmap_get(&ctx->maintainer_mail, email);
    free(email);
    return found;
}

/* Whether a message's raw bytes may hold a pw-bot line (any case), or hide one in
   base64: then a reply is read whole, since its sender may be the posting's author.
   One linear pass. */
static bool may_hold_pw_bot(const char *raw, size_t len)
{
    for (const char *p = raw, *end = raw + len; (p = memchr(p, ':', (size_t)(end - p))); p++) {
        size_t before = (size_t)(p - raw);
        if (before >= 6 && !strncasecmp(p - 6, "pw-bot", 6))
            return true;
        if (before >= 25 && !strncasecmp(p - 25, "Content-Transfer-Encoding", 25)) {
            const char *v = p + 1;
            while (v < end && (*v == ' ' || *v == '\t'))
                v++;
            if (end - v >= 6 && !strncasecmp(v, "base64", 6))
                return true;
        }
    }
    return false;
}

/* Every M: and R: address of m into out, lower case. */
static void collect_maintainer_mail(const maintainers *m, strmap *out)
{
    maint_stats st;
    maintainers_stats(m, &st);
    for (unsigned id = 0; id < st.sections; id++) {
        const maint_person *people;
        size_t n = maintainers_section_people(m, id, &people);
        for (size_t i = 0; i < n; i++) {
            char *email = address_key(people[i].email);
            size_t *slot;
            if (email)
                strmap_put(out, email, &slot);
            free(email);
        }
    }
}

static void *prepare(const mail_item *it, void *arg)
{
    const prepare_context *ctx = arg;
    const trust_rules *rules = &ctx->rules;
    prepared *p = xcalloc(1, sizeof *p);
    mail_message *msg = &p->msg;
    mail_parse(msg, it->data, it->len);
    p->from_verified = trust_from_verified(rules->authserv_id, msg);
    bool maintainer = p->from_verified && from_maintainer(ctx, msg);
    /* a reply, half of list traffic, is read only for what it is recorded with, unless
       its sender may decide: then it may be a notice (patch_facts_extract_reply reads
       any other message whole, and its subject says whether it was a reply) */
    bool decides = maintainer || trust_sender_may_decide(rules, msg, NULL);
    bool author_may = p->from_verified && may_hold_pw_bot(it->data, it->len);
    if (decides || author_may)
        patch_facts_extract(msg, NULL, &p->facts);
    else
        patch_facts_extract_reply(msg, &p->facts);
    if (decides || author_may || !p->facts.subject.reply) {
        notice_trust trust;
        bool is_notice = notice_judge(rules, msg, &p->facts, NULL, NULL, &p->n, &trust);
        bool trusted = trust != NOTICE_UNTRUSTED;
        /* a bot's notice is no patch, even with the commit's diff (as annotate) */
        p->patch_mail = patch_kind_is_submission(p->facts.kind) &&
                        !(is_notice && notice_is_automated(&p->n));
        p->notice = is_notice && trusted;
        p->by_author = trust == NOTICE_AUTHORS;
        p->judge_by_thread = is_notice && !trusted &&
                             (maintainer || (author_may && p->facts.kind == PATCH_KIND_REPLY));
        if (!p->notice && !p->judge_by_thread)
            notice_free(&p->n);
    }
    if (p->patch_mail && rules->maintainers) {
        maint_match m;
        annotate_subsystems(rules->maintainers, &p->facts, (unsigned)-1, &m);
        p->sections = m.sections;
        m.sections = (string_list){0};
        maint_match_free(&m);
    }
    p->bot = bot_identify(NULL, msg, rules->authserv_id);
    p->reply = !p->patch_mail && (p->facts.kind == PATCH_KIND_REPLY || p->bot);
    if (!p->judge_by_thread)
        mail_free(msg);
    return p;
}

static void release(void *arg)
{
    prepared *p = arg;
    patch_facts_free(&p->facts);
    if (p->notice || p->judge_by_thread)
        notice_free(&p->n);
    if (p->judge_by_thread)
        mail_free(&p->msg);
    string_list_free(&p->sections);
    free(p);
}

/* Records the events of a trusted notice; an author's only while its posting is in
   the queue (notice_in_queue). Returns -1 when the index failed. */
static int take_notice(importer *im, const notice *n, const patch_facts *pf, bool by_author)
{
    int in_queue = by_author ? notice_in_queue(im->ix, n, pf, &im->err) : 1;
    if (in_queue != 1)
        return in_queue;
    int events = notice_events_record(im->ix, n, pf, &im->err);
    if (events < 0)
        return -1;
    im->n.notices++;
    im->n.events += (unsigned long)events;
    return 0;
}

/* How a reply's notice counts now that target, the patch mail its thread answers, is
   known: its sender is an M: or R: of the sections recorded for it (trust.h), or wrote
   it (notice_events.h). A notice_trust, or -1 (index). */
static int counts_in_thread(importer *im, const prepared *p, const index_record *target)
{
    string_list titles = {0};
    if (pm_index_sections(im->ix, target->msgid, &titles, &im->err) < 0)
        return -1;
    maint_match thread;
    maintainers_sections_named(im->ctx.rules.maintainers, &titles, &thread);
    notice_trust may = notice_trusted(&im->ctx.rules, &p->msg, &p->facts, &thread,
                                      target->from, &p->n);
    maint_match_free(&thread);
    string_list_free(&titles);
    return may;
}

/* Returns -1 when the index failed (the import stops), else 0. */
static int import_one(importer *im, const mail_item *it, const prepared *p)
{
    const patch_facts *pf = &p->facts;
    if (p->patch_mail && (!pf->message_id || !*pf->message_id)) {
        broken(im, it->origin, "patch mail without Message-ID");
        return 0;
    }
    im->n.messages++;
    if (p->notice && take_notice(im, &p->n, pf, p->by_author) < 0)
        return -1;
    if (p->reply) {
        index_reply_verdict v;
        int found = pm_index_record_reply(im->ix, pf, p->bot, p->from_verified, true, &v, &im->err);
        int may = found == 1 && p->judge_by_thread ? counts_in_thread(im, p, &v.target) : 0;
        if (found == 1)
            im->n.replies += !v.duplicate;
        index_reply_verdict_free(&v);
        if (found < 0 || may < 0 ||
            (may > 0 && take_notice(im, &p->n, pf, may == NOTICE_AUTHORS) < 0))
            return -1;
    }
    if (!p->patch_mail) {
        im->n.by_state[PATCH_STATE_NONE]++;
        pending_roots_hold(&im->roots, pf);
        return 0;
    }
    index_verdict v;
    if (index_batch_classify(im->ix, &im->in_batch, pf, &v, &im->err) < 0)
        return -1;
    im->n.by_state[v.state]++;
    bool record_sections = v.state != PATCH_STATE_NONE && v.state != PATCH_STATE_DUPLICATE;
    index_verdict_free(&v);
    /* the sections, for the replies to come (as annotate records them) */
    if (record_sections && p->sections.n &&
        pm_index_add_sections(im->ix, pf->message_id, &p->sections, &im->err) < 0)
        return -1;
    return pending_roots_answered(&im->roots, im->ix, pf, &im->err) < 0 ? -1 : 0;
}

static int import_source(importer *im, const char *path, const mail_source_options *opt)
{
    mail_source *src;
    if (mail_source_open(path, opt, &src, &im->err) < 0) {
        fprintf(stderr, "patchmilter import: %s\n", im->err.data);
        sb_reset(&im->err);
        return 1;
    }
    im->source_base = im->n.messages + im->n.broken;
    im->source_total = mail_source_total(src);
    /* the next messages are read, inflated and parsed on other cores meanwhile */
    mail_prefetch_stage stage = {.prepare = prepare, .release = release, .arg = &im->ctx};
    mail_prefetch *ahead = mail_prefetch_start(src, PREFETCH_BYTES, &stage);
    mail_item it;
    int rc, status = 0;
    while (status == 0 && (rc = mail_prefetch_next(ahead, &it, &im->err)) != 0) {
        if (rc < 0) {
            broken(im, it.origin, im->err.data);
            sb_reset(&im->err);
            continue;
        }
        status = import_one(im, &it, mail_prefetch_prepared(ahead));
        show_progress(im, false);
    }
    mail_prefetch_stop(ahead);
    mail_source_close(src);
    return status;
}

int cmd_import(int argc, char **argv)
{
    static const struct option options[] = {
        {"index", required_argument, NULL, 'i'},
        {"from", required_argument, NULL, 'f'},
        {"to", required_argument, NULL, 't'},
        {"maintainers", required_argument, NULL, 'm'},
        {"trusted-authserv-id", required_argument, NULL, 'a'},
        {"trusted-sender", required_argument, NULL, 'T'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    const char *index_path = NULL, *maintainers_spec = NULL;
    mail_source_options opt = {0};
    me_set trusted = {0};
    importer im = {.progress = isatty(STDERR_FILENO), .ctx = {.rules = {.senders = &trusted}}};
    int c;
    while ((c = getopt_long(argc, argv, "i:f:t:m:a:T:h", options, NULL)) != -1) {
        switch (c) {
        case 'i': index_path = optarg; break;
        case 'f': opt.from = optarg; break;
        case 't': opt.to = optarg; break;
        case 'm': maintainers_spec = optarg; break;
        case 'a': im.ctx.rules.authserv_id = optarg; break;
        case 'T':
            if (me_set_add(&trusted, optarg, &im.err) == 0)
                break;
            fprintf(stderr, "patchmilter import: --trusted-sender: %s\n", im.err.data);
            /* fall through */
        default:
            me_set_free(&trusted);
            sb_free(&im.err);
            return command_usage(&help, c == 'h');
        }
    }
    if (optind >= argc || (index_path && index_option_check("import", index_path) < 0)) {
        me_set_free(&trusted);
        sb_free(&im.err);
        return optind >= argc ? command_usage(&help, false) : 2;
    }

    maintainers *maint = NULL;
    if (maintainers_spec && maintainers_load(maintainers_spec, &maint, &im.err) < 0) {
        fprintf(stderr, "patchmilter import: maintainers: %s\n", im.err.data);
        sb_free(&im.err);
        me_set_free(&trusted);
        return 2;
    }
    if (index_option_open(index_path, &im.ix, &im.err) < 0) {
        fprintf(stderr, "patchmilter import: %s\n", im.err.data);
        sb_free(&im.err);
        me_set_free(&trusted);
        maintainers_free(maint);
        return 1;
    }
    im.ctx.rules.maintainers = maint;
    if (maint)
        collect_maintainer_mail(maint, &im.ctx.maintainer_mail);
    clock_gettime(CLOCK_MONOTONIC, &im.start);
    int status = 0;
    for (int i = optind; i < argc && status >= 0; i++)
        status |= import_source(&im, argv[i], &opt);
    if (status >= 0 && index_batch_commit(im.ix, &im.in_batch, &im.err) < 0)
        status = -1;
    bool index_failed = status < 0;
    if (index_failed) {
        fprintf(stderr, "patchmilter import: %s\n", im.err.data);
        status = 1;
    }
    show_progress(&im, true);
    const import_counts *n = &im.n;
    if (index_failed)
        printf("import stopped after reading %lu message%s: the index failed, and what was read "
               "since its last commit (at most %d patch mails) is not recorded\n",
               n->messages, n->messages == 1 ? "" : "s", INDEX_BATCH);
    else
        printf("imported %lu messages (%lu new, %lu revision, %lu resend, %lu already indexed, "
               "%lu not patch mail, %lu broken) in %.2fs\n",
               n->messages, n->by_state[PATCH_STATE_NEW], n->by_state[PATCH_STATE_REVISION],
               n->by_state[PATCH_STATE_RESEND], n->by_state[PATCH_STATE_DUPLICATE],
               n->by_state[PATCH_STATE_NONE], n->broken, seconds_since(&im.start));
    if (!index_failed && n->replies)
        printf("recorded %lu repl%s to patch mail\n", n->replies, n->replies == 1 ? "y" : "ies");
    if (!index_failed && n->notices)
        printf("recorded %lu event%s of %lu trusted notice%s\n", n->events,
               n->events == 1 ? "" : "s", n->notices, n->notices == 1 ? "" : "s");
    pm_index_close(im.ix);
    me_set_free(&trusted);
    strmap_free(&im.ctx.maintainer_mail);
    maintainers_free(maint);
    pending_roots_free(&im.roots);
    sb_free(&im.err);
    return status;
}
