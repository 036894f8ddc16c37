/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * daemon: start-up and life of `patchmilter run`: socket, privileges, pid file, log,
 * then libmilter's main loop until SIGTERM, SIGHUP or SIGINT; SIGUSR1 reloads.
 *
 * SYNOPSIS
 *   pm_runtime_source src = {...};        config path and command-line overrides
 *   return pm_daemon_run(&src, foreground);   exit status
 *   return pm_daemon_check(&src);         `run -n`: 0 when the configuration is valid
 *
 * DESCRIPTION
 *   Start-up, in this order: read the configuration; refuse to run as root without
 *   UserID; apply UMask; remove a stale Unix socket (only when a connect(2) to it is
 *   refused: a live instance keeps its socket and start-up fails); open the socket;
 *   give a Unix socket to UserID; detach unless in the foreground; write PidFile;
 *   switch to UserID (supplementary groups, group, user, and check that root cannot
 *   be regained; HOME becomes the user's home directory); open the log; open the index and MAINTAINERS as that user (a
 *   MAINTAINERS that cannot be loaded is logged and looked at again while serving:
 *   mail flows without subsystem tags meanwhile); serve, libmilter's loop on a thread
 *   of its own while the main thread waits for signals. Errors before the log is open
 *   go to standard error.
 *   Stop: the messages in flight are finished first (up to five seconds; new ones may
 *   still begin meanwhile), then libmilter's listener is stopped at once (connections
 *   to the socket wake it from a poll that would otherwise last up to five seconds),
 *   the socket and pid file are removed and the index closed.
 */
#ifndef PM_DAEMON_H
#define PM_DAEMON_H

#include <stdbool.h>

#include "runtime.h"

int pm_daemon_run(const pm_runtime_source *src, bool foreground);
int pm_daemon_check(const pm_runtime_source *src);

#endif
