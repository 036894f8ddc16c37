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
 *   author's, so it may name two); the Message-ID of a recorded root (pm_index_replies.h:
 *   an untagged message a patch answers), naming the series of that patch.
 *   s.records holds the messages of the series in recording order: the 2000 recorded
 *   last, and s.truncated tells that the series holds more. s.events[i] holds the
 *   events of s.records.v[i] (pm_index.h), oldest first; of the whole series, the first
 *   8192 by date are read. Every read is bounded, so that a series flooded with copies
 *   costs no more than those. The reads are not one snapshot: a message recorded
 *   meanwhile may or may not be there.
 *   A posting of the series without a cover letter gets the one it was sent with
 *   without a patch tag, when the index recorded it as a root (pm_index_replies.h) and
 *   its patches are counted parts k/N of one N from the root's address that all answer
 *   it directly (In-Reply-To): appended to s.records after the messages, as a record of
 *   kind cover, part 0, of the patches' series, posting, state and total, of the
 *   version the root's subject states at its end (subject_take_title_version), else
 *   theirs (the patches then take it, as those of a cover the index knows by its stated
 *   version do), with its title (normalized as the index keeps titles), From and date,
 *   and its events.
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
