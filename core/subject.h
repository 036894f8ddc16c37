/*
 * subject: the subject grammar of patch mailing lists.
 *
 * SYNOPSIS
 *   subject_info si;
 *   subject_parse(decoded_unfolded_subject, &si);
 *   ... si.version, si.part, si.total, si.title ...
 *   subject_info_free(&si);
 *
 * DESCRIPTION
 *   Input is a decoded (RFC 2047), unfolded subject in UTF-8. Recognized, in any
 *   order at the start: reply/forward prefixes (Re:, RE:, re:, AW:, SV:, Fwd:, FW:,
 *   Fw:, repeated, also "Re[2]:"), and bracket groups. A bracket group is a patch
 *   group when it holds PATCH (any case, also PATCHv3), RFC, RESEND, a version
 *   (v3, V3) or a counter (2/7, 02/23, "1 of 2"); [GIT PULL], [git pull], [GIT PULL v2]
 *   and [GIT] mark a pull request. Other bracket groups ([f2fs-dev], [syzbot],
 *   [bug report], [linux-next:master]) are list or topic tags: they do not make a
 *   message patch mail and do not go into `tags`.
 *   `tags` lists the other tokens of the patch groups in order, comma separated, no
 *   duplicates (net-next, 5.10, AUTOSEL, fsverity-utils, "XRT Alveo"), with RFC and
 *   RESEND in upper case; NULL when there are none.
 *   `title` is what follows the prefixes and groups, white space collapsed.
 *   Never fails; unknown forms leave patch == false.
 */
#ifndef PM_SUBJECT_H
#define PM_SUBJECT_H

#include <stdbool.h>

typedef struct subject_info {
    bool reply;   /* a reply or forward prefix came before the groups */
    bool patch;   /* a patch group was found */
    bool pull;    /* a pull-request group was found */
    bool rfc;
    bool resend;
    int version;  /* 1 when the subject names none */
    int part;     /* K of K/M, 0 when there is no counter */
    int total;    /* M of K/M, 0 when there is no counter */
    char *tags;   /* see above; NULL if none */
    char *title;  /* never NULL */
} subject_info;

void subject_parse(const char *subject, subject_info *out);
void subject_info_free(subject_info *si);

#endif
