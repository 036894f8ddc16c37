/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * trailers: what the lines of a commit message or a reply say about a patch: its
 * trailers, the review trailers a reply gives, and links to earlier versions.
 *
 * SYNOPSIS
 *   trailer *t;
 *   size_t n = trailers_parse(text, len, &t);
 *   char *change_id = trailers_change_id(t, n);
 *   trailers_free(t, n);
 *   char *review = trailers_review(text, len, "Name <addr>");
 *   trailers_prior_links(text, len, own_msgid, &prior_msgids);
 *   trailers_posting_msgids(commit_message, len, &postings);
 *
 * DESCRIPTION
 *   trailers_parse(): every line of text[0, len) that starts with a known trailer
 *   name and a colon (Signed-off-by, Reviewed-by, Acked-by, Tested-by, Fixes, Link,
 *   Cc, b4's change-id, ...; names ignore case), in order; name as written, value
 *   without surrounding white space. Returns the count; *out is NULL when none.
 *   trailers_change_id(): the first non-empty change-id value (a copy), or NULL.
 *   trailers_review(): for a reply, the review trailer names it carries, in the
 *   order "Reviewed-by, Acked-by, Tested-by, Nacked-by": trailer lines of its own
 *   text (quoted lines start with '>' and never count), and indented or "Acked by:"
 *   ones whose value names the sender `from` (address, or a display name of 4 or
 *   more bytes); none below "-----Original Message-----" or a rule of underscores.
 *   NULL when there is none.
 *   trailers_prior_links(): Message-IDs of earlier versions named in the text, added
 *   to out unless there already or equal to self: URLs with a Message-ID on lines
 *   that speak of a version (b4's "Link to v5: https://.../<msgid>", "v2:
 *   https://lore.kernel.org/r/<msgid>", footnotes "[1] https://..." cited by such a
 *   line); not trailer lines, nor "based on", "depends on", "prerequisite"; without
 *   angle brackets. Only a valid msg-id is taken (printable ASCII, one '@' with text
 *   on both sides, no '<' '>', at most 250 bytes once percent-decoded), and at most
 *   PRIOR_LINKS_MAX of them: one pass over the lines, and at most one more for
 *   the footnotes, read only as far as the first citation of each.
 *   trailers_posting_msgids(): for a commit message, the Message-IDs of the postings
 *   it was applied from: "Link: URL" trailers whose URL holds a Message-ID (as
 *   lore.kernel.org/r/<id>, lore.kernel.org/<list>/<id>/ and patch.msgid.link/<id>
 *   do; a URL without one, such as a bug tracker's, names none) and "Message-ID: <id>"
 *   trailers; valid msg-ids only (as above), each once, at most POSTING_LINKS_MAX,
 *   one pass over the lines.
 *   All strings are UTF-8 and the caller's to free.
 */
#ifndef PM_TRAILERS_H
#define PM_TRAILERS_H

#include <stddef.h>

#include "string_list.h"

#define PRIOR_LINKS_MAX 16
#define POSTING_LINKS_MAX 16

typedef struct trailer {
    char *name;  /* as written, e.g. "Reviewed-by" */
    char *value;
} trailer;

size_t trailers_parse(const char *text, size_t len, trailer **out);
char *trailers_change_id(const trailer *trailers, size_t n);
void trailers_free(trailer *trailers, size_t n);
char *trailers_review(const char *text, size_t len, const char *from);
void trailers_prior_links(const char *text, size_t len, const char *self, string_list *out);
void trailers_posting_msgids(const char *text, size_t len, string_list *out);

#endif
