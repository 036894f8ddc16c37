/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * role: whose desk patch mail lands on: the strongest role the reader (me.h) has for
 * it, from the MAINTAINERS sections it touches, its author and its recipients.
 *
 * SYNOPSIS
 *   maint_match r;  maintainers_match(m, ...) or annotate_subsystems(m, pf, 0, &r)
 *   string_list sections = {0};
 *   patch_role role = patch_role_of(&me, m, &r, author, &msg, &sections);
 *   ... patch_role_name(role), sections.v[i] ...
 *   string_list_free(&sections);
 *
 * DESCRIPTION
 *   Strongest first: PATCH_ROLE_MAINTAINER when an M: of a matched section is me,
 *   PATCH_ROLE_REVIEWER for an R:, PATCH_ROLE_AUTHOR when author ("Name <addr>",
 *   NULL: none) is me: the body identity (the in-body From, else the header From) of
 *   the patch mail, for a reply that of the patch mail its thread answers; PATCH_ROLE_TO and PATCH_ROLE_CC when
 *   an address of a To or Cc field is me; PATCH_ROLE_NONE otherwise (and always
 *   for an empty me). For maintainer and reviewer, sections gets the titles of the
 *   matched sections that give that role, in the match's order (most specific
 *   first); it is left empty otherwise. m and match may be NULL (no MAINTAINERS),
 *   msg may be NULL (no recipients known).
 *   patch_role_by_sections() is the first step alone: PATCH_ROLE_MAINTAINER,
 *   PATCH_ROLE_REVIEWER or PATCH_ROLE_NONE from the matched sections (m and match
 *   not NULL), with the sections behind it as above.
 */
#ifndef PM_ROLE_H
#define PM_ROLE_H

#include "maintainers.h"
#include "me.h"
#include "message.h"
#include "patch_facts.h"
#include "string_list.h"

typedef enum patch_role {
    PATCH_ROLE_NONE = 0,
    PATCH_ROLE_CC,
    PATCH_ROLE_TO,
    PATCH_ROLE_AUTHOR,
    PATCH_ROLE_REVIEWER,
    PATCH_ROLE_MAINTAINER,
} patch_role;

const char *patch_role_name(patch_role role); /* "maintainer", ...; NULL for NONE */
patch_role patch_role_by_sections(const me_set *me, const maintainers *m,
                                  const maint_match *match, string_list *sections);
patch_role patch_role_of(const me_set *me, const maintainers *m, const maint_match *match,
                         const char *author, const mail_message *msg, string_list *sections);

#endif
