/*
 * mail_prefetch: reads a mail_source ahead on a thread of its own, so that reading and
 * inflating the next messages overlaps with the caller's work on this one (import).
 *
 * SYNOPSIS
 *   mail_prefetch *pf = mail_prefetch_start(src, 8u << 20);
 *   while ((rc = mail_prefetch_next(pf, &it, &err)) != 0) ... as mail_source_next ...
 *   mail_prefetch_stop(pf);     then mail_source_close(src)
 *
 * DESCRIPTION
 *   mail_prefetch_next() returns what mail_source_next() returned, in the same order,
 *   with copies of the bytes, origin and error; it.data stays valid until the next
 *   call. At most max_bytes of messages wait in the queue (and always at least one
 *   message, whatever its size), so memory stays bounded. The source belongs to the
 *   reading thread until mail_prefetch_stop(), which may be called at any time.
 */
#ifndef PM_MAIL_PREFETCH_H
#define PM_MAIL_PREFETCH_H

#include <stddef.h>

#include "mail_source.h"
#include "strbuf.h"

typedef struct mail_prefetch mail_prefetch;

mail_prefetch *mail_prefetch_start(mail_source *src, size_t max_bytes);
int mail_prefetch_next(mail_prefetch *pf, mail_item *item, strbuf *err);
void mail_prefetch_stop(mail_prefetch *pf);

#endif
