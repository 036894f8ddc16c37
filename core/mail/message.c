/* SPDX-License-Identifier: BSD-2-Clause */
/* message: RFC 5322 header/body split with unfolding (see message.h). */
#include "message.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "rfc2047.h"
#include "xalloc.h"

/* Offset just past the line starting at pos (past its LF), or len. */
static size_t line_end(const char *raw, size_t len, size_t pos)
{
    const char *nl = memchr(raw + pos, '\n', len - pos);
    return nl ? (size_t)(nl - raw) + 1 : len;
}

static bool is_blank_line(const char *raw, size_t pos, size_t end)
{
    size_t n = end - pos;
    return n == 0 || (n == 1 && raw[pos] == '\n') || (n == 2 && raw[pos] == '\r' && raw[pos + 1] == '\n');
}

/* Length of the field name at pos when the line is "name[ \t]*:", else 0. */
static size_t field_name_len(const char *raw, size_t pos, size_t end, size_t *colon)
{
    size_t i = pos;
    while (i < end && (unsigned char)raw[i] > 32 && (unsigned char)raw[i] < 127 && raw[i] != ':')
        i++;
    size_t name_end = i;
    if (name_end == pos)
        return 0;
    while (i < end && (raw[i] == ' ' || raw[i] == '\t'))
        i++;
    if (i >= end || raw[i] != ':')
        return 0;
    *colon = i;
    return name_end - pos;
}

/* The offset of the first CR, LF or NUL in raw[from, to), or to: the line end first,
   then the others before it (a memchr each, not a test of every byte). */
static size_t next_break(const char *raw, size_t from, size_t to)
{
    static const char breaks[] = {'\n', '\r', '\0'};
    size_t stop = to;
    for (size_t k = 0; k < sizeof breaks; k++) {
        const char *b = memchr(raw + from, breaks[k], stop - from);
        if (b)
            stop = (size_t)(b - raw);
    }
    return stop;
}

/* Writes the unfolded, trimmed, NUL-free copy of raw[from, to) and a NUL at out (room for
   to - from + 1 bytes); returns its length. */
static size_t unfold(const char *raw, size_t from, size_t to, char *out)
{
    size_t n = 0;
    for (size_t i = from; i < to;) {
        size_t stop = next_break(raw, i, to);
        memcpy(out + n, raw + i, stop - i);
        n += stop - i;
        i = stop + 1; /* the break is left out */
    }
    while (n && (out[n - 1] == ' ' || out[n - 1] == '\t'))
        n--;
    size_t lead = 0;
    while (lead < n && (out[lead] == ' ' || out[lead] == '\t'))
        lead++;
    memmove(out, out + lead, n - lead);
    n -= lead;
    out[n] = '\0';
    return n;
}

static void add_field(mail_message *msg, size_t start, size_t name_len, size_t end)
{
    msg->fields = xgrow(msg->fields, sizeof *msg->fields, msg->nfields + 1, &msg->fields_cap);
    msg->fields[msg->nfields++] = (mail_field){.start = start, .end = end, .name_len = name_len};
}

/* Unfolds the values of all fields into one allocation, msg->values: a message's
   fields (dozens on list mail) cost one malloc, not one each. */
static void copy_values(mail_message *msg)
{
    size_t room = 0;
    for (size_t i = 0; i < msg->nfields; i++)
        room += msg->fields[i].end - msg->fields[i].start + 1;
    char *out = msg->values = room ? xmalloc(room) : NULL;
    for (size_t i = 0; i < msg->nfields; i++) {
        mail_field *f = &msg->fields[i];
        /* the name holds no ':', so the first after it ends "name[ \t]*:" */
        const char *name_end = msg->raw + f->start + f->name_len;
        const char *colon = memchr(name_end, ':', f->end - f->start - f->name_len);
        f->value = out;
        out += unfold(msg->raw, (size_t)(colon - msg->raw) + 1, f->end, out) + 1;
    }
}

void mail_parse(mail_message *msg, const char *raw, size_t len)
{
    memset(msg, 0, sizeof *msg);
    msg->raw = raw;
    msg->raw_len = len;
    size_t pos = 0;
    size_t first_end = line_end(raw, len, 0);
    msg->crlf = first_end >= 2 && raw[first_end - 1] == '\n' && raw[first_end - 2] == '\r';
    if (len >= 5 && !memcmp(raw, "From ", 5))
        pos = first_end;
    msg->header_start = pos;
    msg->header_end = pos;

    while (pos < len) {
        size_t end = line_end(raw, len, pos);
        if (is_blank_line(raw, pos, end)) {
            msg->header_end = pos;
            msg->body_start = end;
            copy_values(msg);
            return;
        }
        size_t colon = 0;
        size_t name_len = field_name_len(raw, pos, end, &colon);
        if (!name_len)
            break; /* not a field: the body starts here */
        size_t start = pos;
        pos = end;
        while (pos < len && (raw[pos] == ' ' || raw[pos] == '\t')) {
            size_t cont_end = line_end(raw, len, pos);
            pos = cont_end;
        }
        add_field(msg, start, name_len, pos);
    }
    msg->header_end = pos;
    msg->body_start = pos;
    copy_values(msg);
}

void mail_free(mail_message *msg)
{
    free(msg->values);
    free(msg->fields);
    memset(msg, 0, sizeof *msg);
}

bool mail_field_is(const mail_message *msg, const mail_field *f, const char *name)
{
    size_t n = strlen(name);
    return f->name_len == n && !strncasecmp(msg->raw + f->start, name, n);
}

const char *mail_get(const mail_message *msg, const char *name)
{
    for (size_t i = 0; i < msg->nfields; i++)
        if (mail_field_is(msg, &msg->fields[i], name))
            return msg->fields[i].value;
    return NULL;
}

char *mail_get_decoded(const mail_message *msg, const char *name)
{
    const char *v = mail_get(msg, name);
    return v ? rfc2047_decode(v) : NULL;
}
