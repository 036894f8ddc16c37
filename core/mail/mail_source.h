/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * mail_source: the messages of a mail store, one after the other, as raw bytes with
 * a label saying where each came from. Stores: an mbox file (mboxrd or mboxo; a
 * file without "From " lines is one message), a Maildir (cur/ and new/, and those of
 * its Maildir++ folders .NAME/, in name order), a public-inbox git epoch (a bare repository such as inbox/git/0.git, each
 * commit's blob `m` being one message, oldest first) or a public-inbox inbox
 * directory holding git/N.git epochs (in N order).
 *
 * SYNOPSIS
 *   mail_source *src; mail_item it; strbuf err = STRBUF_INIT;
 *   mail_source_options opt = {.from = NULL, .to = NULL};
 *   if (mail_source_open(path, &opt, &src, &err) < 0) ... err.data ...
 *   int rc;
 *   while ((rc = mail_source_next(src, &it, &err)) != 0)
 *       if (rc > 0) ... it.data, it.len, it.origin ...
 *       else ... one message could not be read: err.data, it.origin; go on ...
 *   mail_source_close(src);
 *
 * DESCRIPTION
 *   it.data stays valid until the next call. Memory stays bounded whatever the size
 *   of the store: mbox files are mapped and released as they are read, git objects
 *   are read one at a time (libgit2 caches and pack windows are limited), and a
 *   message larger than MAIL_SOURCE_MAX_MESSAGE is reported as unreadable.
 *   opt.from / opt.to (git only) select the commits after `from` up to `to`
 *   (revisions as git understands them; `to` defaults to HEAD). In an inbox with
 *   several epochs, epochs before the one holding `from` and after the one holding
 *   `to` are skipped. A `from` that is not an ancestor of `to` is an error, and so is a
 *   git repository whose newest commit holds no message (not a public-inbox archive).
 */
#ifndef PM_MAIL_SOURCE_H
#define PM_MAIL_SOURCE_H

#include <stddef.h>

#include "strbuf.h"

#define MAIL_SOURCE_MAX_MESSAGE (32u << 20)

typedef struct mail_source mail_source;

typedef struct mail_source_options {
    const char *from; /* git: start after this commit; NULL: from the first */
    const char *to;   /* git: stop after this commit; NULL: HEAD */
} mail_source_options;

typedef struct mail_item {
    const char *data;
    size_t len;
    const char *origin; /* "FILE:N" (mbox), "DIR/cur/NAME" or "DIR/.F/cur/NAME" (Maildir), "EPOCH:COMMIT" (git) */
} mail_item;

int mail_source_open(const char *path, const mail_source_options *opt, mail_source **out,
                     strbuf *err);
/* 1: a message; 0: no more; -1: one message could not be read (err says why). */
int mail_source_next(mail_source *src, mail_item *item, strbuf *err);
void mail_source_close(mail_source *src);
/* How many messages the source holds, when it knows at open: a Maildir's files, the
   commits of a git epoch (the only one, or the last one --to reaches); else 0. */
unsigned long mail_source_total(const mail_source *src);
/* "mbox", "maildir" or "public-inbox" */
const char *mail_source_kind(const mail_source *src);

#endif
