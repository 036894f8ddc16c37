/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * callbacks: the libmilter callbacks of patchmilter and its filter description.
 *
 * SYNOPSIS
 *   smfi_register(pm_filter_description);
 *
 * DESCRIPTION
 *   Negotiation asks for SMFIF_ADDHDRS|SMFIF_CHGHDRS (refusing an MTA that lacks
 *   them) and skips the connect, HELO, RCPT, DATA, unknown-command and end-of-header
 *   stages; MAIL, header and body callbacks always continue and are sent without a
 *   reply when the MTA offers it.
 *   Per connection state lives only behind smfi_setpriv(); every callback accepts a
 *   NULL state. A message takes a reference on the current runtime (runtime.h) at its
 *   first callback and drops it at EOM or abort, so a reload never changes the
 *   configuration under a message in flight. A message to annotate takes the current
 *   MAINTAINERS map from the runtime's feed at EOM (maint_feed.h: the source is looked
 *   at again when due) and holds it until the message ends.
 *   The message is rebuilt from the header callbacks ("Name: value" lines, folded
 *   values' LF turned into CRLF) and the body chunks, up to MaximumMessageSize bytes;
 *   the name of every incoming copy of our fields (HeaderPrefix) is kept, and so is
 *   every other field in which a bare CR hides one of ours from a reader that ends
 *   lines there (header_append_unhidden), with its index among the copies of its
 *   name. At EOM the copies of ours are grouped by name (ignoring case, as MTAs
 *   number them) and each name's copies are deleted from the highest index down, the
 *   fields hiding one get their value without it; then the annotation's
 *   fields are inserted at index 1 (below the MTA's own Received: line) in their
 *   order. One info line per message is logged: queue id, Message-ID, kind,
 *   version, state, fields added, copies removed (or values so changed), size, and the wall-clock and CPU
 *   time spent in the callbacks for the message.
 */
#ifndef PM_CALLBACKS_H
#define PM_CALLBACKS_H

#include <stddef.h>

#include <libmilter/mfapi.h>

extern struct smfiDesc pm_filter_description;

/* How many messages have begun (first callback) and not ended (EOM, abort, close):
   the daemon lets them finish before it exits. */
size_t pm_messages_in_progress(void);

sfsistat pm_negotiate(SMFICTX *ctx, unsigned long f0, unsigned long f1, unsigned long f2,
                      unsigned long f3, unsigned long *pf0, unsigned long *pf1,
                      unsigned long *pf2, unsigned long *pf3);
sfsistat pm_envfrom(SMFICTX *ctx, char **argv);
sfsistat pm_header(SMFICTX *ctx, char *name, char *value);
sfsistat pm_body(SMFICTX *ctx, unsigned char *chunk, size_t len);
sfsistat pm_eom(SMFICTX *ctx);
sfsistat pm_abort(SMFICTX *ctx);
sfsistat pm_close(SMFICTX *ctx);

#endif
