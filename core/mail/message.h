/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * message: one RFC 5322 message split into its header fields and its body.
 *
 * SYNOPSIS
 *   mail_message msg;
 *   mail_parse(&msg, raw, len);          never fails: any bytes make some message
 *   const char *subj = mail_get(&msg, "Subject");      unfolded raw value or NULL
 *   char *decoded = mail_get_decoded(&msg, "Subject"); RFC 2047 decoded UTF-8 (free it)
 *   mail_free(&msg);
 *
 * DESCRIPTION
 *   The parser does not copy the raw bytes: fields and body are offsets into `raw`,
 *   which must outlive the message. A first line "From " (mbox envelope) is kept apart
 *   as the envelope. A field is a line "name: value" (the name is printable ASCII
 *   without ':'; white space before the colon is tolerated) with its continuation
 *   lines (starting with space or tab). The header block ends at an empty line, or at
 *   the first line that is neither a field nor a continuation (it is then the first
 *   line of the body, as Postfix treats it, and body_start == header_end): a header
 *   that begins with a continuation line is empty. A bare CR (not before LF) does not
 *   end a line here. NUL bytes are dropped from values; 8-bit
 *   bytes are kept as they are.
 *   Each field's `value` is unfolded (line breaks before white space removed) and
 *   trimmed. `crlf` is true when the first line ends with CRLF.
 */
#ifndef PM_MESSAGE_H
#define PM_MESSAGE_H

#include <stdbool.h>
#include <stddef.h>

typedef struct mail_field {
    size_t start;    /* offset of the field's first byte in raw */
    size_t end;      /* offset just past the field's last line ending */
    size_t name_len; /* the name is raw + start, name_len bytes */
    char *value;     /* unfolded, trimmed, NUL-free copy of the value (in msg->values) */
} mail_field;

typedef struct mail_message {
    const char *raw;
    size_t raw_len;
    size_t header_start; /* offset of the first field (after an mbox "From " line) */
    size_t header_end;   /* offset just past the last field */
    size_t body_start;   /* offset of the body (after the empty separator line) */
    mail_field *fields;
    size_t nfields;
    size_t fields_cap;
    char *values; /* the fields' values, one after another: one allocation */
    bool crlf;
} mail_message;

void mail_parse(mail_message *msg, const char *raw, size_t len);
void mail_free(mail_message *msg);

/* True when the field's name equals `name`, ignoring case. */
bool mail_field_is(const mail_message *msg, const mail_field *f, const char *name);
/* The unfolded value of the first field called `name`, or NULL. */
const char *mail_get(const mail_message *msg, const char *name);
/* The first field's value with RFC 2047 words decoded to UTF-8; NULL if absent. Free it. */
char *mail_get_decoded(const mail_message *msg, const char *name);

#endif
