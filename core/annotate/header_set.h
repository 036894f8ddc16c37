/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * header_set: the header fields patchmilter adds to a message, and the rule that
 * says which incoming fields are ours (and so removed as forged or stale copies).
 *
 * Names are stored without the prefix ("Kind", "Version"); the prefix (default
 * "X-Patch-", configurable) is put in front when the fields are written. Values are
 * made single-line without control characters, RFC 2047-encoded when not printable
 * ASCII or when they hold "=?" (a reader would decode that), and cut below 998 bytes.
 * A reader that decodes a value twice finds no control character either: a text that
 * would give one decoded once more is written so decoded, its controls dropped.
 * Order is the order of header_set_add(); a name may repeat (X-Patch-Subsystem).
 */
#ifndef PM_HEADER_SET_H
#define PM_HEADER_SET_H

#include <stdbool.h>
#include <stddef.h>

#include "strbuf.h"

#define PM_DEFAULT_PREFIX "X-Patch-"

typedef struct header_entry {
    char *name;  /* without prefix */
    char *value; /* ready to write: ASCII, single line */
} header_entry;

typedef struct header_set {
    header_entry *v;
    size_t n;
    size_t cap;
} header_set;

void header_set_add(header_set *hs, const char *name, const char *value);
void header_set_addf(header_set *hs, const char *name, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
const char *header_set_get(const header_set *hs, const char *name);
void header_set_free(header_set *hs);

/* True when a field name (len bytes) starts with prefix, ignoring case. */
bool header_name_is_ours(const char *prefix, const char *name, size_t len);
/* Appends text (len bytes, a header line or a field's value) to out, leaving out each
 * stretch that a reader ending lines at a bare CR (Python's email) takes for a field
 * of ours: from a CR not followed by LF, that the prefix follows in any case, to the
 * next CR or LF. True when it left one out. */
bool header_append_unhidden(strbuf *out, const char *text, size_t len, const char *prefix);

#endif
