/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * digest: the mailing list report of `patchmilter digest`: who sent patches, the
 * series of the period with their state against earlier versions, and the commit
 * messages. Pure: the caller feeds classified messages in archive order; rendering
 * as text is here, as HTML in digest_html.h.
 *
 * SYNOPSIS
 *   digest *d = digest_new();
 *   for each patch, cover or pull request, in archive order:
 *       digest_entry *e = digest_add(d);     zeroed; fill it, strings xstrdup'ed
 *       e->msgid = ...; e->state = ...; ...
 *   digest_report r;
 *   digest_build(d, &(digest_meta){.name = "KVM"}, &r);
 *   digest_render_text(&r, &out);
 *   digest_report_free(&r);
 *   digest_free(d);
 *
 * DESCRIPTION
 *   Entries: msgid, kind (patch, cover, pull), state as recorded in the index
 *   (new, revision, resend; duplicate for a copy), grp (the posting: cover
 *   and patches of one version) and the rest as the index and patch_facts give them.
 *   An entry whose msgid was added before is a copy: digest_build treats it as state
 *   duplicate, whatever it was given.
 *   An entry of kind PATCH_KIND_NONE is a root: a message with no patch tag nor
 *   reply prefix that answers nothing (msgid, subject, title, from, author, date, text, and the version
 *   its subject states at its end, subject_take_title_version, else 0). digest_build
 *   makes it the cover letter (part 0) of the posting whose patches answer it, as lists
 *   send covers without "[PATCH]" (untagged_cover.h): when the patches (not copies)
 *   whose in_reply_to is its msgid, and those of their posting (grp), are the same
 *   counted parts k/N of one N from the root's address, and that posting has no cover
 *   entry. It takes their grp, series_id, state, total, prior and, when it states none,
 *   their version, and heads the series with its title and date. A root that is no
 *   cover is dropped (digest_size() counts it no more).
 *
 *   An entry is Exist when its state is resend or duplicate: it is listed once as
 *   "Exist: <subject>" and counted nowhere else. Contributors and domains count the
 *   other patches and cover letters (not pull requests) by body identity (author),
 *   people only: an entry with a bot is left out. A line after them counts the
 *   messages from bots (digest_note_bot), by bot.
 *   Replies (digest_add_reply) count for the series of the first entry they name:
 *   reviews (review trailers from people other than the reader), bots' replies by bot
 *   (the series' patch list line ends "-- bots: NAME N, ..."), and whether the reader
 *   replied. A series is superseded by a later one of this report naming it as prior.
 *   With meta.me, two sections come first: "Waiting on you" (series for_me, not
 *   by_me, not superseded, without a reply of the reader's) and "Your series" (series
 *   by_me: their reviews, bots, and the version superseding them).
 *   Lifecycle: each series' life is the first that holds of superseded (a later
 *   series of the report, else an entry's successor from the index), applied (an
 *   entry's applied event), changes requested (the latest verdict of its entries, by
 *   verdict_date), incomplete (fewer parts than announced, its cover letter dated
 *   DIGEST_INCOMPLETE_AFTER or more before the end; a series seen without its cover,
 *   as a list gets the parts of a wider one it was copied on, is not), waiting (no reply from a
 *   person but its author, by the address of the head's author or sender, and posted
 *   meta.stale_days or more before the end), else open. The end is meta.end, else the
 *   newest date of the entries and replies. reviewers names (display name, else
 *   address) the senders of people's replies giving review trailers, the reader's
 *   included. The text's "Series lifecycle" lists the series by life, first subsystem,
 *   then order, under "TITLE (N)" headings of the lives that have any: the patch list
 *   line, then "posted DAY LINK", "b4 am MSGID" (b4 pr for a pull request), the
 *   reviewers, "verdict: V", "superseded by vN LINK" and "applied: TREE BRANCH COMMIT
 *   [LINK]" lines (a link: link_base + Message-ID, commit_base + COMMIT).
 *   The top lists keep DIGEST_TOP names, most first, ties by name (bytewise).
 *   Series are postings (grp) in order of their first message. A series' state is
 *   "revision" when one of its messages is a revision (prior version: the highest
 *   named), else "new" when one is new, else "resend"; `changed` counts its counted
 *   patches whose diff changed since the prior version or that have no counterpart
 *   there. In the commit messages, each series shows its cover letter and its
 *   lowest-numbered counted patch in full ("New:"), except that the cover letter of a
 *   single-patch series is "Skip:" when its patch is shown in full in the report. A
 *   "New:" block is headed by the series title (its head's), then the whole subject.
 *   Other patches of a series are only in the patch list.
 *
 *   Header: "<name> mailing list update from <first> to <last>"; name is meta.name,
 *   else the first List-Id, else "patch"; first/last are meta.first/meta.last when
 *   set (what the user gave: the commits of a git range, or the days asked of the
 *   index), else the dates (UTC, YYYY-MM-DD) of the oldest
 *   and newest dated entries.
 */
#ifndef PM_DIGEST_H
#define PM_DIGEST_H

#include <stdbool.h>
#include <stddef.h>

#include "patch_facts.h"
#include "pm_index.h"
#include "strbuf.h"
#include "string_list.h"

#define DIGEST_TOP 15
#define DIGEST_STALE_DAYS 7
#define DIGEST_INCOMPLETE_AFTER (24 * 60 * 60) /* parts missing this long after the cover */

/* Where a series stands, in the order the lifecycle sections list them. */
typedef enum digest_life {
    DIGEST_LIFE_APPLIED,
    DIGEST_LIFE_SUPERSEDED,
    DIGEST_LIFE_CHANGES_REQUESTED,
    DIGEST_LIFE_INCOMPLETE,
    DIGEST_LIFE_WAITING,
    DIGEST_LIFE_OPEN,
} digest_life;
#define DIGEST_LIVES (DIGEST_LIFE_OPEN + 1)

typedef struct digest_entry {
    char *msgid;
    patch_kind kind;   /* PATCH_KIND_PATCH, _COVER or _PULL */
    patch_state state; /* PATCH_STATE_NEW, _REVISION, _RESEND or _DUPLICATE */
    char *grp;         /* posting id; NULL: the entry is a posting of its own */
    char *series_id;
    char *subject;     /* whole subject, unfolded */
    char *title;       /* the subject's title */
    char *from;        /* header From */
    char *author;      /* body identity */
    char *list_id;
    char *in_reply_to; /* NULL: none (a patch's, to find an untagged cover) */
    long long date;    /* UTC seconds, 0 unknown */
    int version;
    int part;
    int total;
    char *prior_msgid;
    int prior_version;
    int changed;       /* -1 unknown, 0 same diff as the prior version, 1 changed */
    char *text;        /* commit message or cover text with diffstat; NULL unknown */
    string_list subsystems;
    char *bot;         /* the bot that sent it (bots.h); NULL: a person */
    bool for_me;       /* the reader maintains or reviews a section it touches */
    bool by_me;        /* the reader wrote or sent it */
    /* What the index learned of it later (events, later versions): */
    string_list applied;    /* details of its "applied" events, "TREE BRANCH COMMIT" */
    char *verdict;          /* its latest verdict ("changes-requested", ...); NULL none */
    long long verdict_date;
    char *successor_msgid;  /* the latest version superseding it; NULL none known */
    int successor_version;
} digest_entry;

/* A reply (digest_add_reply); the strings are copied. */
typedef struct digest_reply {
    const string_list *parents; /* its In-Reply-To, then References, nearest first */
    const char *from;           /* header From; NULL unknown */
    const char *bot;            /* the bot that sent it; NULL: a person */
    long long date;             /* UTC seconds, 0 unknown */
    bool from_me;               /* the reader sent it */
    bool review;                /* it gives review trailers (Reviewed-by, Acked-by, ...) */
} digest_reply;

typedef struct digest digest;

typedef struct digest_meta {
    const char *name;  /* NULL: List-Id */
    const char *first; /* NULL: dates */
    const char *last;
    bool me;           /* render "Waiting on you" and "Your series" first */
    long long end;     /* the report's end, UTC seconds; 0: the newest date it holds */
    int stale_days;    /* Waiting for review after this many days; 0: DIGEST_STALE_DAYS */
    const char *link_base;   /* thread links: link_base + Message-ID; NULL: none */
    const char *commit_base; /* commit links: commit_base + commit; NULL: none */
} digest_meta;

typedef struct digest_count {
    char *name;
    unsigned n;
} digest_count;

typedef struct digest_series {
    const digest_entry *head; /* the cover letter, else the first patch */
    patch_state state;        /* PATCH_STATE_NEW, _REVISION or _RESEND */
    int version;
    unsigned parts;           /* distinct patch numbers received */
    int total;                /* announced number of patches (parts when unknown) */
    bool pull;
    int prior_version;        /* 0 unknown */
    const char *prior_msgid;  /* the prior version's counterpart of head (or of a patch) */
    long prior_series;        /* index of the prior version's series in this report, or -1 */
    unsigned counted;         /* its patches that are not Exist */
    unsigned changed;         /* of those, changed or new since the prior version */
    string_list subsystems;   /* in order of first mention */
    bool for_me;              /* one of its messages is for_me (and not from a bot) */
    bool by_me;               /* one of its messages is by_me */
    bool replied_by_me;       /* a reply of the reader's to one of its messages */
    unsigned reviews;         /* replies of people (not the reader) giving review trailers */
    digest_count *bots;       /* bots' replies to it, by bot, most first */
    size_t nbots;
    long superseded_by;       /* the series in this report naming it as prior, or -1 */
    const char *successor_msgid; /* else the latest later version the index knows */
    int successor_version;
    long long date;           /* of its first dated message; 0 unknown */
    string_list applied;      /* its messages' applied details, each once */
    const char *verdict;      /* the latest verdict on one of its messages */
    string_list reviewers;    /* names of the people giving review trailers, each once */
    unsigned replies;         /* replies of people but its author */
    digest_life life;
} digest_series;

typedef enum digest_block_kind {
    DIGEST_NEW,
    DIGEST_EXIST,
    DIGEST_SKIP,
} digest_block_kind;

typedef struct digest_block {
    digest_block_kind kind;
    const digest_entry *entry;
    size_t series; /* index into series */
} digest_block;

typedef struct digest_report {
    bool me;       /* meta.me */
    const char *link_base, *commit_base; /* meta's */
    int stale_days;
    char *heading; /* "<name> mailing list update from <first> to <last>" */
    digest_count *domains;
    size_t ndomains;
    digest_count *contributors;
    size_t ncontributors;
    unsigned bot_messages;    /* messages from bots (digest_note_bot) */
    digest_count *bots;       /* by bot, most first (at most DIGEST_TOP) */
    size_t nbots;
    digest_series *series;
    size_t nseries;
    size_t *by_life;          /* series indices by life, first subsystem, then order */
    digest_block *blocks;
    size_t nblocks;
} digest_report;

digest *digest_new(void);
/* A new zeroed entry (changed = -1) at the end of the archive order; owned by d. */
digest_entry *digest_add(digest *d);
size_t digest_size(const digest *d);
/* A message from the bot `name`, of any kind: counted in the report's bot line. */
void digest_note_bot(digest *d, const char *name);
/* A reply to one of the messages reply->parents (the first that is an entry links it
   to a series). */
void digest_add_reply(digest *d, const digest_reply *reply);
digest_entry *digest_entry_at(digest *d, size_t i);
void digest_free(digest *d);

/*
 * The report over d's entries; r points into d, which must outlive it. Sets the state
 * of copies (msgid added before) to "duplicate".
 */
void digest_build(digest *d, const digest_meta *meta, digest_report *r);
void digest_report_free(digest_report *r);

/* "revision of v3", "new", "resend" (written to out). */
void digest_series_state(const digest_series *s, strbuf *out);
/*
 * The patch list line of a series, without newline: "v2 3/3 TITLE -- AUTHOR -- STATE
 * [, N of M changed] [-- SUBSYSTEMS]": version, patches received / announced ("pull"
 * for a pull request), the change count for a revision of which patches arrived, up
 * to 3 subsystems and "(+K)" for the others.
 */
void digest_series_line(const digest_series *s, strbuf *out);
/* Whether a series waits on the reader: for_me, not by_me, not superseded in the
   report, and without a reply of the reader's. */
bool digest_series_waits_on_reader(const digest_series *s);
/* What became of a series of the reader's, without newline: "N reviews[, bots: NAME N,
   ...][, superseded by vM]". */
void digest_series_fate(const digest_report *r, const digest_series *s, strbuf *out);
/* Who wrote a message: the patch's author (in-body From, else the header From), and
   "(sent by SENDER)" after it when the header From is another address. */
void digest_add_author(const digest_entry *e, strbuf *out);
/* "Applied", "Superseded", "Changes requested", "Incomplete", "Waiting for review",
   "Open". */
const char *digest_life_title(digest_life life);
/* A date as its UTC day, "YYYY-MM-DD"; "?" unknown. */
void digest_add_day(long long t, strbuf *out);
/* A Message-ID as a URL path segment (percent-encoded but for unreserved characters). */
void digest_add_url_msgid(strbuf *out, const char *msgid);
/* "b4 am MSGID" ("b4 pr MSGID" for a pull request), the Message-ID single-quoted for
   the shell unless it is only letters, digits and "-._@+=%,:/". */
void digest_add_b4_command(const char *msgid, bool pull, strbuf *out);
/* "reviewed by NAME, ...", else "no review yet, N replies", else "no reply yet". */
void digest_series_reviewers(const digest_series *s, strbuf *out);
/* The Message-ID of the version superseding s (the series of the report, else the
   index's latest) and its number in *version; NULL: none. */
const char *digest_series_successor(const digest_report *r, const digest_series *s,
                                    int *version);
/* The COMMIT of an applied detail "TREE BRANCH COMMIT" (its last word); NULL: none. */
const char *digest_applied_commit(const char *detail);
/* The text report, appended to out; control characters but tab and newline dropped. */
void digest_render_text(const digest_report *r, strbuf *out);

#endif
