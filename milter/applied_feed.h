/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * applied_feed: the milter's scans of its AppliedTree branches (patchmilter.conf(5)),
 * on a thread of their own, never on a message's path.
 *
 * SYNOPSIS
 *   pm_applied_feed_start();     after the first runtime is installed
 *   pm_applied_feed_stop();      before the runtime is shut down
 *
 * DESCRIPTION
 *   The thread scans every AppliedTree of the current runtime (runtime.h) into its
 *   index at once, then every AppliedCheckInterval seconds, taking the runtime anew
 *   each round, so that a reload (SIGUSR1) changes the branches and the interval from
 *   the next round on. Each scan is applied_tree_scan(): short transactions, so that
 *   mail recorded meanwhile never waits for it. A branch that cannot be scanned is
 *   logged once per failure episode (and its return as a notice); marks are logged
 *   at info level. pm_applied_feed_stop() wakes the thread, waits for the scan in
 *   progress to end and joins it. Without AppliedTree or without an index, a round
 *   does nothing.
 */
#ifndef PM_APPLIED_FEED_H
#define PM_APPLIED_FEED_H

int pm_applied_feed_start(void);
void pm_applied_feed_stop(void);

#endif
