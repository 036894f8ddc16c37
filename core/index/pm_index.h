/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * pm_index: the local index of patch mail seen before, and the verdict on a new
 * message: new series, revision, resend or duplicate, with the prior version.
 *
 * SYNOPSIS
 *   pm_index *ix; strbuf err = STRBUF_INIT;
 *   if (pm_index_open(location, &ix, &err) < 0) ... err.data says why ...
 *   index_verdict v;
 *   pm_index_classify(ix, &facts, true, &v, &err);   true: record the message
 *   ... v.state, v.series_id, v.prior_msgid, v.prior_version, v.changed ...
 *   index_verdict_free(&v);
 *   pm_index_close(ix);
 *
 *   pm_index_begin(ix, &err); ... many pm_index_classify() ...; pm_index_commit(ix, &err);
 *
 * DESCRIPTION
 *   location is a file path (SQLite, WAL mode; created with its schema when absent,
 *   migrated when older) or a postgresql:// or postgres:// URI (PostgreSQL: one database
 *   shared by several hosts; same schema and migrations; the connection is made when
 *   first needed and again after it was lost, so opening does not need the server up).
 *   A pm_index may be used by many threads; each call is one transaction, unless a
 *   batch is open (pm_index_begin): then every call, from any thread, joins the batch
 *   until pm_index_commit. Another process may write the same index at the same time
 *   (SQLite writers wait for each other; on PostgreSQL, a classification that raced
 *   another writer is run again, so a Message-ID is recorded once and a series keeps
 *   one id, and after three lost races it makes other writers wait, as a batch does).
 *   Classification only considers messages of kind patch, cover or pull; other kinds
 *   get state PATCH_STATE_NONE and are not recorded here (replies are kept apart:
 *   pm_index_replies.h), nor is a message without a Message-ID.
 *
 *   The verdict: a message already recorded under its Message-ID is a duplicate and
 *   gets the series and prior recorded for it, when it is the same message (same
 *   patch-id, or same subject, header From and Date). Otherwise its
 *   Message-ID is in conflict: it is classified from nothing of the first (as if the
 *   first did not exist, in a series of its own unless linked) and not recorded.
 *   Any other message is put with the other messages of its posting (cover and patches of
 *   one version: In-Reply-To/References to each other, or same sender, version and total
 *   within an hour) and linked to a series by, strongest first: the change-id trailer;
 *   Message-IDs of earlier versions named in the text (of the same sender: "see v2 of X's
 *   series" links nothing); In-Reply-To/References to another version; then, only for a
 *   posting whose series holds nothing else yet, same body author and normalized title
 *   (within a year), else same patch-id (a series may carry another's patch). The other
 *   way round too, for versions recorded before their predecessors; two series found to be
 *   one are merged, keeping the older id, and the merge is noted so that pm_index_unlink
 *   can undo it. Corrections by hand (pm_index_link, pm_index_unlink) are remembered
 *   apart from the messages and made again when a message they name, or one answering
 *   it, is recorded; the verdict then tells what they made of it.
 *   Identity: every link but the posting's own (same header From) counts only when the
 *   message it leads to is from the same sender (the header From address, or the
 *   DKIM-verified domain in patch_facts.dkim_domain when the caller trusts one), or from a
 *   series that sender has posted in before (the lineage of its postings): an in-body
 *   From:, a change-id, a title, a named Message-ID or a thread anyone can copy, so a
 *   stranger's message neither joins nor merges another's series, nor becomes the prior or
 *   the resent copy of another's message. One exception, a series taken over by another
 *   sender: a cover naming, as its earlier version, a cover of a lower version with the
 *   same title links to it when DKIM verified a domain for this message (the caller
 *   trusts its Authentication-Results) and both header From addresses are at that domain
 *   or below it (a colleague at the same company); unverified, or verified for another
 *   domain, the link is no evidence and the cover starts a series of its own. The prior version is the highest version below
 *   this one in the series; the counterpart in it is, for a cover, its cover (or the named
 *   Message-ID even if unknown: then unchecked, it does not make the message a revision on
 *   its own), for a patch, the patch of a lower version it names (a single patch revised
 *   without cover: "v1: <link>"; of several, the highest version), else the patch with the
 *   same title, else with the same patch-id,
 *   never one by position alone; of several, the prior posting as the list saw it: for
 *   a cover (a series split or merged), the cover with the same title, else a close one,
 *   then the one whose posting holds the priors of most of this posting's patches; then
 *   from the same header sender, then one that came through a list (List-Id), then one
 *   from a posting that holds most of its parts (not a stray copy), then the last posted
 *   before this message (a series may restart at v1). When candidates as good differ on
 *   the patch-id, changed is unknown.
 *   A patch with no such counterpart that was retitled is paired, within the posting
 *   the patches of its posting recorded before it have their priors in, with the patch
 *   none of them took whose title is close (the same after the subsystem prefix, or an
 *   edit distance of at most a quarter of the longer), the same position breaking ties,
 *   only when one stands out; a later patch of its posting whose prior has its very
 *   title takes that prior back. Else a patch missing from the nearest lower version
 *   (dropped there, a version the list carried in part, a series merged into this one)
 *   gets its author's latest patch with the same title, else the same patch-id, at any
 *   lower version of the series, posted before it.
 *   A cover recorded without prior (it came before its patches) gets one when a patch of
 *   its posting links to a lower version whose patch answers its thread root directly,
 *   a message the index does not hold (a v1 cover that states no version is no patch
 *   mail): that root, of the prior's version; of two such roots (a posting continuing
 *   two merged series), the one most of the posting's patches have their priors under
 *   so far. Its state stays as recorded.
 *   State resend: a RESEND subject, or the same patch-id (a cover: the same title) in
 *   the same version under another Message-ID, in another posting or its own (prior
 *   then names that copy).
 *   When an earlier version arrives after a later one, the later version's messages
 *   that had no prior get this one as prior (a cover only when posted after this one);
 *   their state stays as recorded. A patch arriving so also becomes the prior of its
 *   author's patches with its title at any higher version, posted after it, whose prior
 *   is missing or of a lower version than its own (a patch dropped in between, shape 1
 *   imported newest first); and, taken by none by its title, of the next version's
 *   retitled patch without prior whose title is close to its own, in the posting its
 *   siblings' counterparts have them as prior in, when one stands out (shape 3).
 *   Every lookup a classification makes weighs at most the 500 newest matching messages
 *   (INDEX_SQL_MAX_ROWS), so a patch, title or sender repeated without end costs each
 *   later message no more than 500 copies do; and it reads at most 16 series or
 *   postings whole (whether the sender posted in a series, whether a posting is
 *   complete): a flood of one title, patch-id or change-id in as many series counts
 *   as no evidence beyond those.
 *   Functions return 0 on success and -1 on error with a message in err.
 */
#ifndef PM_INDEX_H
#define PM_INDEX_H

#include <stdbool.h>

#include <stddef.h>

#include "patch_facts.h"
#include "strbuf.h"

typedef struct pm_index pm_index;

typedef enum patch_state {
    PATCH_STATE_NONE = 0,
    PATCH_STATE_NEW,
    PATCH_STATE_REVISION,
    PATCH_STATE_RESEND,
    PATCH_STATE_DUPLICATE,
} patch_state;

typedef struct index_verdict {
    patch_state state;
    char *series_id;   /* stable id of the series; NULL for NONE, and for a message
                          without Message-ID that joins no recorded series */
    char *prior_msgid; /* Message-ID (no brackets) of the counterpart in the prior version */
    int prior_version; /* 0 when unknown */
    int changed;       /* -1 unknown/not applicable, 0 same patch-id as prior, 1 changed */
    int version;       /* the version recorded: the subject's, or for a patch whose subject
                          names none, that of the cover it answers; 0 for NONE */
} index_verdict;

int pm_index_open(const char *location, pm_index **out, strbuf *err);
/* For commands that only read: an SQLite index is opened read-only, so that it works
   on a file the user cannot write, and fails when the file is absent or older than
   this program (never creating nor migrating it). */
int pm_index_open_readonly(const char *location, pm_index **out, strbuf *err);
void pm_index_close(pm_index *ix);
int pm_index_classify(pm_index *ix, const patch_facts *pf, bool record, index_verdict *out,
                      strbuf *err);
void index_verdict_free(index_verdict *v);
const char *patch_state_name(patch_state s); /* "new", "revision", ...; NULL for NONE */
/* True for a PostgreSQL location that carries a password: it must not be given on a
   command line, where ps shows it (a password file, ~/.pgpass or PGPASSFILE, keeps it). */
bool pm_index_location_has_password(const char *location);

/* Opens a batch: one transaction for many calls (import). */
int pm_index_begin(pm_index *ix, strbuf *err);
/* Commits the open batch. */
int pm_index_commit(pm_index *ix, strbuf *err);
/* Has fn told when the index's database server becomes unreachable (down, why: one
   call per outage) and when it is back (down false). Never called for SQLite. */
typedef void pm_index_status_fn(void *arg, bool down, const char *why);
void pm_index_on_status(pm_index *ix, pm_index_status_fn *fn, void *arg);
/* Number of recorded messages, -1 on error. */
long long pm_index_count(pm_index *ix, strbuf *err);
/*
 * A message as the index recorded it. It keeps the verdict it got when first recorded
 * (never PATCH_STATE_DUPLICATE; a state this program does not know reads as
 * PATCH_STATE_NEW, a kind as PATCH_KIND_NONE); its series and prior are as the index
 * holds them now (a later message may merge two series or give it its prior).
 */
typedef struct index_record {
    char *msgid;       /* no brackets */
    patch_kind kind;   /* PATCH_KIND_PATCH, PATCH_KIND_COVER or PATCH_KIND_PULL */
    patch_state state;
    char *series_id;
    char *posting;     /* shared by the cover and patches of one posting of one version */
    int version;
    int part;
    int total;         /* 0: the subject has no counter */
    char *title;       /* normalized: lower case, white space collapsed */
    char *author;      /* body identity, else the header From */
    char *from;        /* header From */
    char *sender;      /* identity for linking: a DKIM-verified domain, else the header
                          From address; NULL when recorded by a version without it */
    long long date;    /* UTC seconds, 0 unknown */
    char *list_id;
    char *patch_id;
    char *change_id;
    char *in_reply_to;
    char *prior_links; /* Message-IDs of earlier versions named in the text, space separated */
    char *prior_msgid; /* the counterpart in the prior version */
    int prior_version; /* 0 unknown */
    int changed;       /* -1 unknown, 0 same patch-id as prior, 1 changed */
} index_record;

typedef struct index_records {
    index_record *v;
    size_t n, cap;
} index_records;

void index_record_free(index_record *r);
void index_records_free(index_records *rs);

/*
 * Appends to out what the index holds for key: a Message-ID (with or without
 * brackets), a patch-id (its 500 newest copies) or a series id (in version and part
 * order). Returns the number of messages found, -1 on error.
 */
int pm_index_lookup(pm_index *ix, const char *key, index_records *out, strbuf *err);
/*
 * pm_index_recorded fills *out with the record of msgid (no brackets) and returns 1,
 * returns 0 when it is not recorded, -1 on error; index_record_free(out) after 1.
 * pm_index_recorded_between appends the records dated in [since, until) in recording
 * order and returns their number, -1 on error.
 */
int pm_index_recorded(pm_index *ix, const char *msgid, index_record *out, strbuf *err);
/*
 * pm_index_titled fills *out with the patch (kind PATCH_KIND_PATCH) recorded last whose
 * title is title normalized (lower case, white space collapsed: as index_record.title)
 * and whose date is in [since, until], of the INDEX_SQL_MAX_ROWS (500) recorded last
 * with that title. Returns 1 (index_record_free(out) then), 0 when there is none, -1 on
 * error.
 */
int pm_index_titled(pm_index *ix, const char *title, long long since, long long until,
                    index_record *out, strbuf *err);
/*
 * pm_index_successor fills *out with the latest version that supersedes msgid (no
 * brackets): the newest message of a higher version from the same sender (identity:
 * index_row.sender) naming it as prior,
 * then the same for that one, at most PM_SUCCESSOR_HOPS times (v1 -> v2 -> v3 gives
 * v3). A patch that no later version names (dropped from it) is superseded by what
 * supersedes its posting's cover: its thread root, a cover of its version from the
 * same sender. Returns 1 (index_record_free(out) then), 0 when no later version names
 * it, -1 on error.
 */
#define PM_SUCCESSOR_HOPS 8
int pm_index_successor(pm_index *ix, const char *msgid, index_record *out, strbuf *err);
/*
 * pm_index_unlink undoes the merges of series that msgid's arrival caused (msgid with
 * or without brackets), a link by hand (pm_index_link) among them: every message they
 * moved goes back to the series it was in, unless a later merge moved it on, the
 * messages of msgid's posting are put in msgid's series (those that came after a link
 * joined the linked series), and a message so moved, or of msgid's posting, whose prior
 * is now in another series than its own has none. Appends the messages moved, as they were before, to out and
 * returns their number, -1 on error. When it moved any, or undid a link by hand, it is
 * remembered: when msgid is recorded again (the messages imported anew), the merges its
 * arrival causes are undone again, and no link by hand of it is made.
 *
 * pm_index_link links newer to older by hand (each with or without brackets), for a
 * later version the rules missed (another list, no thread, a new title): the series of
 * newer merges into older's (noted as a merge newer caused, which pm_index_unlink
 * undoes), newer gets older as its prior (changed by patch-id when both are patches),
 * and the other messages of newer's posting get their counterparts in that series as
 * a classification gives them (by title, ...). The link is remembered: when newer or
 * older is recorded again, it is made again. Appends the messages of newer's posting,
 * as they are then, to out and returns their number; -1 on error, when either is not
 * in the index, when they are one message, or when older's version is not below
 * newer's.
 */
int pm_index_unlink(pm_index *ix, const char *msgid, index_records *out, strbuf *err);
int pm_index_link(pm_index *ix, const char *newer, const char *older, index_records *out,
                  strbuf *err);
long long pm_index_recorded_between(pm_index *ix, long long since, long long until,
                                    index_records *out, strbuf *err);

/*
 * Events: what became of a message after it was recorded. An event is a kind
 * ("applied"), a detail ("TREE BRANCH COMMIT"), its evidence (how it was learned:
 * "link" for a commit's Link:/Message-ID: trailer, "patch-id" for the same diff, or
 * the Message-ID of a notice) and a date; the same kind and detail is kept once per
 * message. pm_index_add_event() records one (msgid without brackets; values of at most
 * INDEX_EVENT_MAX bytes each, longer ones are refused); pm_index_events() appends the
 * first 64 events of msgid, oldest first, to out (index_events_free). Both return 0,
 * or -1 with err.
 * pm_index_scan_tip() gives where the last scan of a source (a "REPO:REF" string)
 * ended (a malloc'd commit id, or NULL when never scanned); pm_index_set_scan_tip()
 * records it.
 */
#define INDEX_EVENT_MAX 512

typedef struct index_event {
    char *kind;
    char *detail;
    char *evidence;
    long long date;
} index_event;

typedef struct index_events {
    index_event *v;
    size_t n, cap;
} index_events;

int pm_index_add_event(pm_index *ix, const char *msgid, const char *kind, const char *detail,
                       const char *evidence, long long date, strbuf *err);
int pm_index_events(pm_index *ix, const char *msgid, index_events *out, strbuf *err);
void index_events_free(index_events *e);
/* Appends the newest messages of a posting (index_record.posting: the cover and
   patches of one posting of one version) to out; returns their number, -1 on error. */
int pm_index_posting(pm_index *ix, const char *posting, index_records *out, strbuf *err);
int pm_index_scan_tip(pm_index *ix, const char *source, char **tip, strbuf *err);
int pm_index_set_scan_tip(pm_index *ix, const char *source, const char *tip, strbuf *err);

#endif
