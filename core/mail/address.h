/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * address: mail addresses and dates as they appear in header fields.
 *
 * address_normalize() turns a decoded From value ("A U Thor <a@x.org>",
 * "\"Thor, A\" <a@x.org>", "a@x.org (A U Thor)", "a@x.org") into "Name <addr>", or
 * "addr" when there is no name; the address part is lower-cased in its domain only.
 * address_email() returns just the address (free both results). address_domain()
 * points into an address at the part after '@' (or "" when there is none).
 * mail_date_parse() reads an RFC 5322 date (lenient: optional day name, 2- or 4-digit
 * years, missing seconds, named or numeric zones) and returns the UTC time, or 0.
 */
#ifndef PM_ADDRESS_H
#define PM_ADDRESS_H

#include <time.h>

char *address_normalize(const char *from);
char *address_email(const char *from);
const char *address_domain(const char *email);
time_t mail_date_parse(const char *value);

#endif
