/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * series_view: what became of a series, version by version, made from the messages and
 * events the index holds (pm_index_series.h), for `patchmilter series`. Pure: no index,
 * no I/O.
 *
 * SYNOPSIS
 *   series_view v;
 *   series_view_build(&series, &v);       series stays alive while v is used
 *   for each v.versions[i], oldest first: its parts[k] ...
 *   series_state_name(&v.versions[v.asked]);
 *   series_view_free(&v);
 *
 * DESCRIPTION
 *   A version holds the messages of that version number, cover (part 0) first, then in
 *   part order, copies of a part in recording order; a patch without counter is part 1
 *   of 1. Its date is the earliest of its messages', its author the cover's, else that
 *   of its first part. It has received the distinct parts 1..total (total: the largest
 *   M of its counters) among its patches; the others are missing, kept as ranges (a
 *   hostile "1/999999" costs one range, not a million numbers); it is complete when
 *   none is.
 *   A message is superseded when a message of a later version of the series names it
 *   as its prior (the index links the newer to the older): its successor, of the lowest
 *   such version. A patch that none names (dropped from the later version, or not yet
 *   arrived) takes the successor of its posting's cover when that cover is of its own
 *   sender, as pm_index_successor decides for the headers. Its events "applied" (detail "TREE BRANCH COMMIT"), "verdict"
 *   (detail the verdict) and "review" (detail "Reviewed-by: Name <addr>", given in a
 *   reply: pm_index_replies.h) are kept, oldest first; events of other kinds are not
 *   shown.
 *   A version's state, first that holds: superseded (a later version exists:
 *   superseded_by is the next; an unchanged patch applied from the later version is
 *   applied in this one too, by patch-id), applied (an applied event on one of its
 *   messages; applied_parts counts the distinct parts 1..total with one), the latest
 *   verdict on one of its messages (by event date), else waiting.
 *   The view's title is the latest version's cover title, else that of its first part
 *   (titles are kept normalized: lower case). asked is the version the series was asked
 *   for by: that of series.msgid, else the latest.
 *   The view points into series (records and event texts); it copies only the parsed
 *   applied events.
 */
#ifndef PM_SERIES_VIEW_H
#define PM_SERIES_VIEW_H

#include <stdbool.h>
#include <stddef.h>

#include "pm_index_series.h"

typedef enum series_state {
    SERIES_WAITING,
    SERIES_VERDICT,
    SERIES_SUPERSEDED,
    SERIES_APPLIED,
} series_state;

/* An applied event's "TREE BRANCH COMMIT"; a detail that is not three words is all
   tree, with branch and commit NULL. */
typedef struct series_applied {
    char *tree;
    char *branch;
    char *commit;
} series_applied;

typedef struct series_part {
    const index_record *msg;
    int part;                      /* 0 the cover; a patch without counter: 1 */
    const index_record *successor; /* the later version's message naming msg as prior */
    series_applied *applied;
    size_t napplied;
    const char **verdicts;         /* details of its verdict events, oldest first */
    size_t nverdicts;
    const char **reviews;          /* details of its review events ("Reviewed-by: A <a>") */
    size_t nreviews;
} series_part;

typedef struct series_range {
    int from, to;
} series_range;

typedef struct series_version {
    int version;
    long long date;       /* 0 unknown */
    const char *author;   /* NULL unknown */
    int total;            /* 1 for a patch without counter */
    int received;
    series_range *missing;
    size_t nmissing;
    bool cover;
    bool complete;
    series_part *parts;
    size_t nparts;
    series_state state;
    int applied_parts;
    int superseded_by;    /* the next version, 0 for the latest */
    const char *verdict;  /* the latest verdict, NULL none */
} series_version;

typedef struct series_view {
    const char *series_id;
    const char *title;    /* NULL when no message has one */
    series_version *versions; /* oldest first, at least one when series has a message */
    size_t nversions;
    size_t asked;
    bool truncated;       /* the index holds more messages of it than were read */
} series_view;

void series_view_build(const index_series *series, series_view *out);
void series_view_free(series_view *v);
/* "applied", "superseded", "waiting", or for SERIES_VERDICT the verdict itself. */
const char *series_state_name(const series_version *v);

#endif
