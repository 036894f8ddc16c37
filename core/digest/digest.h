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
 *
 *   An entry is Exist when its state is resend or duplicate: it is listed once as
 *   "Exist: <subject>" and counted nowhere else. Contributors and domains count the
 *   other patches and cover letters (not pull requests) by body identity (author).
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
    long long date;    /* UTC seconds, 0 unknown */
    int version;
    int part;
    int total;
    char *prior_msgid;
    int prior_version;
    int changed;       /* -1 unknown, 0 same diff as the prior version, 1 changed */
    char *text;        /* commit message or cover text with diffstat; NULL unknown */
    string_list subsystems;
} digest_entry;

typedef struct digest digest;

typedef struct digest_meta {
    const char *name;  /* NULL: List-Id */
    const char *first; /* NULL: dates */
    const char *last;
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
    char *heading; /* "<name> mailing list update from <first> to <last>" */
    digest_count *domains;
    size_t ndomains;
    digest_count *contributors;
    size_t ncontributors;
    digest_series *series;
    size_t nseries;
    digest_block *blocks;
    size_t nblocks;
} digest_report;

digest *digest_new(void);
/* A new zeroed entry (changed = -1) at the end of the archive order; owned by d. */
digest_entry *digest_add(digest *d);
size_t digest_size(const digest *d);
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
/* Who wrote a message: the patch's author (in-body From, else the header From), and
   "(sent by SENDER)" after it when the header From is another address. */
void digest_add_author(const digest_entry *e, strbuf *out);
/* The text report, appended to out; control characters but tab and newline dropped. */
void digest_render_text(const digest_report *r, strbuf *out);

#endif
