/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * mail_prefetch: reads a mail_source ahead on a thread of its own, so that reading and
 * inflating the next messages overlaps with the caller's work on this one (import);
 * optionally also prepares each message (parses it, say) on a second thread, so that
 * this work too overlaps with the caller's (an import waiting on a database server).
 *
 * SYNOPSIS
 *   mail_prefetch *pf = mail_prefetch_start(src, 8u << 20, NULL);
 *   while ((rc = mail_prefetch_next(pf, &it, &err)) != 0) ... as mail_source_next ...
 *   mail_prefetch_stop(pf);     then mail_source_close(src)
 *
 *   mail_prefetch_stage stage = {.prepare = parse, .release = free_parsed, .arg = ctx};
 *   pf = mail_prefetch_start(src, 8u << 20, &stage);
 *   while ((rc = mail_prefetch_next(pf, &it, &err)) > 0) ... mail_prefetch_prepared(pf) ...
 *
 * DESCRIPTION
 *   mail_prefetch_next() returns what mail_source_next() returned, in the same order,
 *   with copies of the bytes, origin and error; it.data stays valid until the next
 *   call. With a stage, each message read (rc 1) is handed to stage->prepare on the
 *   preparing thread, one at a time and in order; what it returns is the message's
 *   mail_prefetch_prepared() (NULL for an unreadable message or without a stage),
 *   valid until the next call, when stage->release is called on it. The item that
 *   prepare sees (and may keep pointers into) is the one the caller later gets.
 *   Each queue between two threads holds at most max_bytes of messages (and always
 *   at least one message, whatever its size), so memory stays bounded. The source
 *   belongs to the reading thread until mail_prefetch_stop(), which may be called at
 *   any time and releases what was read or prepared but not taken.
 */
#ifndef PM_MAIL_PREFETCH_H
#define PM_MAIL_PREFETCH_H

#include <stddef.h>

#include "mail_source.h"
#include "strbuf.h"

typedef struct mail_prefetch_stage {
    void *(*prepare)(const mail_item *item, void *arg);
    void (*release)(void *prepared);
    void *arg;
} mail_prefetch_stage;

typedef struct mail_prefetch mail_prefetch;

/* stage: NULL, or copied (its arg must outlive the prefetch). */
mail_prefetch *mail_prefetch_start(mail_source *src, size_t max_bytes,
                                   const mail_prefetch_stage *stage);
int mail_prefetch_next(mail_prefetch *pf, mail_item *item, strbuf *err);
void *mail_prefetch_prepared(const mail_prefetch *pf);
void mail_prefetch_stop(mail_prefetch *pf);

#endif
