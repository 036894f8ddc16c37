/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * auth_results: what an Authentication-Results field (RFC 8601) of our own border
 * says about DKIM.
 *
 * auth_results_dkim_domain() looks at the first Authentication-Results field whose
 * authserv-id is `authserv_id` (case-insensitive; our MTA, or a milter before us such
 * as OpenDKIM, puts its field above those that came with the message) and returns the
 * signing domain of its first "dkim=pass" result (header.d=, else the domain of
 * header.i=), in lower case; free it. NULL when there is no such field or result, or
 * the domain is not a plain host name. Fields claiming another authserv-id are not
 * read: anyone can write one. The MTA should remove fields that claim its own id from
 * incoming mail (RFC 8601, section 5), as OpenDMARC expects.
 * auth_results_dkim_pass_for() says whether that same field holds a "dkim=pass"
 * result whose signing domain is `domain` or a domain above it (a pass for
 * kernel.org covers lists.kernel.org), in any case.
 * Every pass is linear in the field's length.
 */
#ifndef PM_AUTH_RESULTS_H
#define PM_AUTH_RESULTS_H

#include <stdbool.h>

#include "message.h"

char *auth_results_dkim_domain(const mail_message *msg, const char *authserv_id);
bool auth_results_dkim_pass_for(const mail_message *msg, const char *authserv_id,
                                const char *domain);

#endif
