/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * pmlog: the daemon's log, to syslog(3) or to standard error.
 *
 * SYNOPSIS
 *   pm_log_open(true, LOG_MAIL);         or pm_log_open(false, 0) for stderr
 *   pm_log(LOG_INFO, "%s: kind=%s", qid, kind);
 *   pm_log_close();
 *
 * DESCRIPTION
 *   Before pm_log_open() messages go to standard error. On standard error each line
 *   is "patchmilter[PID]: LEVEL: message", written with one write(2) so lines from
 *   several threads do not interleave. Safe to call from any thread.
 */
#ifndef PM_PMLOG_H
#define PM_PMLOG_H

#include <stdbool.h>

void pm_log_open(bool use_syslog, int facility);
void pm_log_close(void);
void pm_log(int priority, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
