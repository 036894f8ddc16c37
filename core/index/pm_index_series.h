/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * pm_index_series: a whole series as the index holds it, with what became of each of
 * its messages, for `patchmilter series` (series_view.h makes versions of it).
 *
 * SYNOPSIS
 *   index_series s = {0};
 *   int found = pm_index_series(ix, key, &s, &err);    1, 0 not found, -1 error
 *   ... s.series_id, s.records.v[i] and its events s.events[i], s.truncated ...
 *   index_series_free(&s);
 *
 * DESCRIPTION
 *   key names the series by, first to last: a Message-ID (with or without <>) of one
 *   of its messages (s.msgid is then that Message-ID, without <>); a series id; a b4
 *   change-id (the series of the message recorded last with that change-id, of the 500
 *   recorded last: a copied change-id in another's series is never merged into the
 *   author's, so it may name two).
 *   s.records holds the messages of the series in recording order: the 2000 recorded
 *   last, and s.truncated tells that the series holds more. s.events[i] holds the
 *   events of s.records.v[i] (pm_index.h), oldest first; of the whole series, the first
 *   8192 by date are read. Every read is bounded, so that a series flooded with copies
 *   costs no more than those. The reads are not one snapshot: a message recorded
 *   meanwhile may or may not be there.
 */
#ifndef PM_INDEX_SERIES_H
#define PM_INDEX_SERIES_H

#include <stdbool.h>

#include "pm_index.h"
#include "strbuf.h"

typedef struct index_series {
    char *series_id;
    char *msgid;            /* the message key named, NULL when key was no Message-ID */
    index_records records;  /* recording order */
    index_events *events;   /* records.n entries */
    bool truncated;
} index_series;

int pm_index_series(pm_index *ix, const char *key, index_series *out, strbuf *err);
void index_series_free(index_series *s);

#endif
