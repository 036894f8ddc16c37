/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * cmd_lookup: `patchmilter lookup --index FILE|URI KEY`: shows what the index holds for
 * a Message-ID, a patch-id or a series id: one block of "name: value" lines per
 * message, blocks separated by an empty line, a series in version and part order;
 * after a message's verdict, the latest version that supersedes it ("superseded-by:
 * <MSGID>", "superseded-version: N", as X-Patch-Superseded-By), one line per event of it ("applied: TREE BRANCH COMMIT
 * (by EVIDENCE)") and per reply recorded to it ("reply: <MSGID> FROM"). A reply's
 * Message-ID shows what the index keeps of the reply (pm_index_replies.h): the patch
 * mail it answers, its parent, From, date, bot and review trailer names.
 * Values came from mail: bytes a terminal could act on are shown as \xNN.
 * Exit 0 when something was found, 1 when nothing, 2 on usage or error.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "commands.h"
#include "pm_index.h"
#include "pm_index_replies.h"
#include "text.h"

static const command_help help = {
    .name = "lookup",
    .synopsis = "patchmilter lookup [--index FILE|URI] <message-id|patch-id|series-id>",
    .summary = "Shows what the index holds for a Message-ID, a patch-id or a series id.",
    .options = INDEX_OPTION_HELP HELP_OPTION_HELP,
};

/* One "name: value" line; `brackets` puts the value in <> as a Message-ID is written. */
static void field(strbuf *out, const char *name, const char *value, bool brackets)
{
    sb_addf(out, "%s: %s", name, brackets ? "<" : "");
    text_add_visible(out, value);
    sb_adds(out, brackets ? ">\n" : "\n");
}

/* Its events, one line each. */
static void describe_events(pm_index *ix, const char *msgid, strbuf *out, strbuf *err)
{
    index_events events = {0};
    if (pm_index_events(ix, msgid, &events, err) < 0)
        sb_adds(out, "events: (unreadable)\n");
    for (size_t i = 0; i < events.n; i++) {
        text_add_visible(out, events.v[i].kind);
        sb_adds(out, ": ");
        text_add_visible(out, events.v[i].detail);
        sb_adds(out, " (by ");
        text_add_visible(out, events.v[i].evidence);
        sb_adds(out, ")\n");
    }
    index_events_free(&events);
}

/* "superseded-by: <MSGID>" and "superseded-version: N": the latest version that
   supersedes msgid, by the rule of the X-Patch-Superseded-By header (pm_index_successor). */
static void describe_successor(pm_index *ix, const char *msgid, strbuf *out, strbuf *err)
{
    index_record next = {0};
    int found = pm_index_successor(ix, msgid, &next, err);
    if (found < 0)
        sb_adds(out, "superseded-by: (unreadable)\n");
    if (found == 1) {
        field(out, "superseded-by", next.msgid, true);
        sb_addf(out, "superseded-version: %d\n", next.version);
        index_record_free(&next);
    }
}

/* "reply: <msgid> FROM" for each reply recorded to msgid, newest first. */
static void describe_replies(pm_index *ix, const char *msgid, strbuf *out, strbuf *err)
{
    index_replies replies = {0};
    if (pm_index_replies_to(ix, msgid, &replies, err) < 0)
        sb_adds(out, "replies: (unreadable)\n");
    for (size_t i = 0; i < replies.n; i++) {
        if (index_reply_is_root(&replies.v[i]))
            continue; /* the root the patch answers, no reply */
        sb_adds(out, "reply: <");
        text_add_visible(out, replies.v[i].msgid);
        sb_adds(out, "> ");
        text_add_visible(out, replies.v[i].from);
        sb_adds(out, "\n");
    }
    index_replies_free(&replies);
}

static void date_line(long long date, strbuf *out)
{
    char when[64];
    time_t t = (time_t)date;
    struct tm tm;
    if (date && gmtime_r(&t, &tm) && strftime(when, sizeof when, "%Y-%m-%d %H:%M:%S UTC", &tm))
        sb_addf(out, "date: %s\n", when);
}

/* A reply's block, or a root's (no parent: an untagged message a patch answers):
   what the index keeps of it. */
static void describe_reply(const index_reply *r, strbuf *out)
{
    field(out, "message-id", r->msgid, true);
    bool root = index_reply_is_root(r);
    sb_adds(out, root ? "kind: root\n" : "kind: reply\n");
    field(out, root ? "answered-by" : "answers", r->target, true);
    if (*r->parent && !root)
        field(out, "in-reply-to", r->parent, true);
    field(out, "from", r->from, false);
    date_line(r->date, out);
    if (r->bot)
        field(out, "bot", r->bot, false);
    if (r->review)
        field(out, "review", r->review, false);
}

/* One message's block; a field the index does not know is left out. */
static void describe(const index_record *r, strbuf *out)
{
    if (out->len)
        sb_addc(out, '\n');
    field(out, "message-id", r->msgid, true);
    field(out, "series", r->series_id, false);
    sb_addf(out, "kind: %s\n", patch_kind_name(r->kind));
    sb_addf(out, "version: %d\n", r->version);
    if (r->total)
        sb_addf(out, "part: %d/%d\n", r->part, r->total);
    field(out, "title", r->title, false);
    if (r->author)
        field(out, "author", r->author, false);
    if (r->from && !(r->author && !strcmp(r->from, r->author)))
        field(out, "from", r->from, false);
    if (r->sender)
        field(out, "sender", r->sender, false);
    date_line(r->date, out);
    if (r->list_id)
        field(out, "list", r->list_id, false);
    if (r->patch_id)
        field(out, "patch-id", r->patch_id, false);
    if (r->change_id)
        field(out, "change-id", r->change_id, false);
    if (r->in_reply_to)
        field(out, "in-reply-to", r->in_reply_to, true);
    if (r->prior_links)
        field(out, "names-earlier", r->prior_links, false);
    sb_addf(out, "state: %s\n", patch_state_name(r->state));
    if (r->prior_msgid)
        field(out, "prior", r->prior_msgid, true);
    if (r->prior_version)
        sb_addf(out, "prior-version: %d\n", r->prior_version);
    if (r->changed >= 0)
        sb_addf(out, "changed: %s\n", r->changed ? "yes" : "no");
}

int cmd_lookup(int argc, char **argv)
{
    static const struct option options[] = {
        {"index", required_argument, NULL, 'i'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    const char *index_path = NULL;
    int c;
    while ((c = getopt_long(argc, argv, "i:h", options, NULL)) != -1) {
        switch (c) {
        case 'i': index_path = optarg; break;
        default: return command_usage(&help, c == 'h');
        }
    }
    if (optind + 1 != argc)
        return command_usage(&help, false);
    if (index_path && index_option_check("lookup", index_path) < 0)
        return 2;
    pm_index *ix;
    strbuf out = STRBUF_INIT, err = STRBUF_INIT;
    int status = 2;
    if (index_option_open_readonly("lookup", index_path, &ix) == 0) {
        index_records found = {0};
        int n = pm_index_lookup(ix, argv[optind], &found, &err);
        for (size_t i = 0; i < found.n; i++) {
            describe(&found.v[i], &out);
            describe_successor(ix, found.v[i].msgid, &out, &err);
            describe_events(ix, found.v[i].msgid, &out, &err);
            describe_replies(ix, found.v[i].msgid, &out, &err);
        }
        index_records_free(&found);
        if (n == 0) { /* a reply in a thread of patch mail */
            index_replies reply = {0};
            n = (int)pm_index_reply(ix, argv[optind], &reply, &err);
            for (size_t i = 0; i < reply.n; i++)
                describe_reply(&reply.v[i], &out);
            index_replies_free(&reply);
        }
        if (n < 0)
            fprintf(stderr, "patchmilter lookup: %s\n", err.data);
        else if (n == 0)
            fprintf(stderr, "patchmilter lookup: %s: not in the index\n", argv[optind]);
        else
            fwrite(out.data, 1, out.len, stdout);
        status = n < 0 ? 2 : n == 0 ? 1 : 0;
        pm_index_close(ix);
    }
    sb_free(&out);
    sb_free(&err);
    return status;
}
