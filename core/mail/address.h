/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * address: mail addresses and dates as they appear in header fields.
 *
 * address_normalize() turns a decoded From value ("A U Thor <a@x.org>",
 * "\"Thor, A\" <a@x.org>", "a@x.org (A U Thor)", "a@x.org") into "Name <addr>", or
 * "addr" when there is no name; the address part is lower-cased in its domain only.
 * address_email() returns just the address (free both results); address_key() the
 * same in lower case, NULL when a value (or NULL) holds none: the one form people
 * are compared by. address_domain()
 * points into an address at the part after '@' (or "" when there is none).
 * address_list_emails() adds the address of each mailbox of an address list (a To or
 * Cc value: commas inside quotes, angle brackets and comments do not split) to out.
 * address_pattern_match() compares an address with a pattern as a whole, ignoring
 * case; a '*' in the pattern stands for any run of characters ("*@example.org",
 * "syzbot+*@syzkaller.appspotmail.com"). Its time is bounded by the product of the
 * two lengths.
 * mail_date_parse() reads an RFC 5322 date (lenient: optional day name, 2- or 4-digit
 * years, missing seconds, named or numeric zones) and returns the UTC time, or 0.
 */
#ifndef PM_ADDRESS_H
#define PM_ADDRESS_H

#include <stdbool.h>
#include <time.h>

#include "string_list.h"

char *address_normalize(const char *from);
char *address_email(const char *from);
char *address_key(const char *from);
const char *address_domain(const char *email);
void address_list_emails(const char *list, string_list *out);
bool address_pattern_match(const char *pattern, const char *email);
time_t mail_date_parse(const char *value);

#endif
