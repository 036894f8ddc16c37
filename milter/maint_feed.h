/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * maint_feed: the MAINTAINERS map the milter's messages use, kept current while the
 * daemon runs: the file or git ref (maintainers.h, SOURCES AND THREADS) is looked at
 * again at most once per MaintainersCheckInterval, and a bad or missing MAINTAINERS
 * never stops mail: its messages get the last good map, or none.
 *
 * SYNOPSIS
 *   pm_maint_feed *f = pm_maint_feed_open(cfg.maintainers, cfg.maintainers_check_interval,
 *                                         previous);      previous: NULL at start-up
 *   each message:  maintainers *m = pm_maint_feed_get(f, time(NULL));   NULL: no tags
 *                  ... annotate with m ...;  maintainers_free(m);
 *   pm_maint_feed_release(f);
 *
 * DESCRIPTION
 *   pm_maint_feed_open() loads the spec at once. When that fails the error is logged
 *   and the feed starts without a map, trying again at each due check; but when
 *   `previous` (the feed of the runtime a SIGUSR1 reload replaces) has the same spec,
 *   previous is returned instead (one more reference, the new interval applied), so a
 *   failing reload keeps the map loaded before. Never fails.
 *   pm_maint_feed_get() first looks at the source when `now` is at least the interval
 *   after the last look (or before it: the clock went back): one thread looks, the
 *   others go on with the current map; then it returns the current map with a
 *   reference for the caller (maintainers_free it), or NULL when none ever loaded.
 *   A changed source is swapped in (logged as a notice); a look that fails keeps the
 *   map. Failures are logged once per episode: the first failure after a good look
 *   (or at opening) is logged as an error, the next ones are not until a look
 *   succeeds again (logged as a notice). Thread-safe; pm_maint_feed_release() drops a
 *   reference, the last one frees the feed and its map (maps handed out stay valid).
 */
#ifndef PM_MAINT_FEED_H
#define PM_MAINT_FEED_H

#include <time.h>

#include "maintainers.h"

typedef struct pm_maint_feed pm_maint_feed;

pm_maint_feed *pm_maint_feed_open(const char *spec, unsigned interval, pm_maint_feed *previous);
maintainers *pm_maint_feed_get(pm_maint_feed *f, time_t now);
void pm_maint_feed_release(pm_maint_feed *f);

#endif
