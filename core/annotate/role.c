/* SPDX-License-Identifier: BSD-2-Clause */
/* role: the reader's strongest role for a patch mail (see role.h). */
#include "role.h"

#include <stdlib.h>

#include "address.h"

const char *patch_role_name(patch_role role)
{
    switch (role) {
    case PATCH_ROLE_MAINTAINER: return "maintainer";
    case PATCH_ROLE_REVIEWER: return "reviewer";
    case PATCH_ROLE_AUTHOR: return "author";
    case PATCH_ROLE_TO: return "to";
    case PATCH_ROLE_CC: return "cc";
    case PATCH_ROLE_NONE: break;
    }
    return NULL;
}

/* The role me has in section id: maintainer, reviewer or none. */
static patch_role section_role(const me_set *me, const maintainers *m, unsigned id)
{
    const maint_person *people;
    size_t n = maintainers_section_people(m, id, &people);
    patch_role role = PATCH_ROLE_NONE;
    for (size_t i = 0; i < n && role != PATCH_ROLE_MAINTAINER; i++)
        if (me_set_has(me, people[i].email))
            role = people[i].role == 'M' ? PATCH_ROLE_MAINTAINER : PATCH_ROLE_REVIEWER;
    return role;
}

patch_role patch_role_by_sections(const me_set *me, const maintainers *m,
                                   const maint_match *match, string_list *sections)
{
    patch_role best = PATCH_ROLE_NONE;
    for (size_t i = 0; i < match->sections.n; i++) {
        patch_role role = section_role(me, m, match->ids[i]);
        if (role == PATCH_ROLE_NONE || role < best)
            continue;
        if (role > best) {
            string_list_free(sections);
            best = role;
        }
        string_list_add(sections, match->sections.v[i]);
    }
    return best;
}

static bool one_is_me(const me_set *me, const char *address_text)
{
    char *email = address_email(address_text);
    bool mine = me_set_has(me, email);
    free(email);
    return mine;
}

/* Whether a field called name (any of them) lists an address of me. */
static bool recipient_is_me(const me_set *me, const mail_message *msg, const char *name)
{
    bool mine = false;
    for (size_t i = 0; i < msg->nfields && !mine; i++) {
        if (!mail_field_is(msg, &msg->fields[i], name) ||
            !me_set_may_be_in(me, msg->fields[i].value))
            continue;
        string_list emails = {0};
        address_list_emails(msg->fields[i].value, &emails);
        for (size_t j = 0; j < emails.n && !mine; j++)
            mine = me_set_has(me, emails.v[j]);
        string_list_free(&emails);
    }
    return mine;
}

patch_role patch_role_of(const me_set *me, const maintainers *m, const maint_match *match,
                         const char *author, const mail_message *msg, string_list *sections)
{
    if (!me || !me->patterns.n)
        return PATCH_ROLE_NONE;
    if (m && match) {
        patch_role role = patch_role_by_sections(me, m, match, sections);
        if (role != PATCH_ROLE_NONE)
            return role;
    }
    if (author && one_is_me(me, author))
        return PATCH_ROLE_AUTHOR;
    if (msg && recipient_is_me(me, msg, "To"))
        return PATCH_ROLE_TO;
    if (msg && recipient_is_me(me, msg, "Cc"))
        return PATCH_ROLE_CC;
    return PATCH_ROLE_NONE;
}
