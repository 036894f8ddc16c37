/* SPDX-License-Identifier: BSD-2-Clause */
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
 *   Input is a decoded (RFC 2047), unfolded subject in UTF-8; NULL counts as "".
 *   The start of the subject is a run of these, in any order:
 *   - reply/forward prefixes: Re:, RE:, re:, AW:, SV:, VS:, Antw:, Odp:, Fwd:, FW:,
 *     Fw:, WG:, TR:, RV:, 回复:, 答复: and the like, repeated, with odd spacing
 *     ("Re :", "Re:[PATCH"), counted ("Re[2]:", "Re^2:"), full-width colon; and,
 *     as b4 does, any word of two or three letters with a colon right before a
 *     bracket group ("Ref: [PATCH");
 *   - bracket groups: "[f2fs-dev] [PATCH v3 2/4]", "[RESEND][PATCH 1/2]"; brackets
 *     nested in a group are flattened ("[PATCH v2 [net-next]]"); a group that is
 *     never closed is title;
 *   - b4's "(subset)" note before a group, and the forward wrappers of mutt
 *     "[user@host: <subject>]" and old Thunderbird "[Fwd: <subject>]" (their
 *     closing ']' is dropped from the title).
 *   Reply prefixes count only before the first patch or pull group, so that
 *   "[PATCH] fw: load firmware" keeps "fw:" in its title. A colon right after
 *   a group ("[Patch]: Fix ...", "Re: [External] : Re: [PATCH]") is dropped.
 *
 *   A group's tokens are separated by white space or commas ("[net,v2,1/2]").
 *   A group is a pull group when it holds PULL (any case: [GIT PULL], [git pull],
 *   [GIT PULL v2], [PULL 0/5], [pull-request], [GIT-PULL]) or is just [GIT]; a title
 *   starting with "pull-request:" also makes `pull` true (netdev's trees write
 *   "pull-request: wireless-next-2024-03-04"). Otherwise it is a
 *   patch group when it holds PATCH, PATCHES or PATCHSET (any case), or RFC,
 *   RESEND, a version or a counter while holding no report or announcement word
 *   (ANNOUNCE, ANN, BUG, REGRESSION, syzbot). Keywords may be glued to what
 *   follows: PATCHv3, PATCH-v3, PATCH1/8, RFCv2, RFC/PATCH, PATCH/RFC.
 *   Other groups ([f2fs-dev], [syzbot], [bug report], [linux-next:master],
 *   [stable]) are list or topic tags: they do not make a message patch mail, and
 *   go into `tags` only when they come after a patch or pull group ("[PATCH][next]",
 *   "[PATCH v2] [net-next]": tree names).
 *   In patch and pull groups: a version is v3, V3, -v3 or v3a (v0 and v5.10 are
 *   not versions); a counter is K/M (2/7, 02/23, 012/345) or "K of M", with
 *   M >= 1 and K <= M (0/M is a cover letter); the first version and the first
 *   counter win. Numbers have at most six digits. When no group names a version,
 *   "(v2)" in the title of a patch or pull gives it (patchwork's rule).
 *
 *   `tags` lists the other tokens of the patch and pull groups in order, comma
 *   separated, without duplicates (compared ignoring case): tree and project names
 *   (net-next, -next, 5.10, 6.1.y, AUTOSEL, fsverity-utils), RFC and RESEND in
 *   upper case, malformed counters (20/19). Words written one after another make
 *   one tag ("XRT Alveo"); a number, a marker or a comma ends it. At most 16 tags
 *   of at most 64 bytes each are kept; NULL when there are none.
 *   `title` is what follows the prefixes and groups, with white space (and
 *   control characters) collapsed to single spaces and trimmed.
 *   `tags` and `title` are valid UTF-8: invalid bytes become U+FFFD.
 *
 *   Never fails; unknown forms leave patch == false. Runs in time linear in the
 *   length of the subject, whatever its brackets. *out is overwritten (not freed).
 *   subject_info_free() frees the strings and may be called twice.
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
    bool versioned; /* the subject names the version */
    int part;     /* K of K/M, 0 when there is no counter */
    int total;    /* M of K/M, 0 when there is no counter */
    char *tags;   /* see above; NULL if none */
    char *title;  /* never NULL */
} subject_info;

void subject_parse(const char *subject, subject_info *out);
/* The version a title ends with, " v2", " (v2)" or " [v2]", which is then cut from the
   title; 0 (title as it was) when there is none. For a cover letter whose subject has no
   patch group ("move foo above the block layer v2"). */
int subject_take_title_version(subject_info *si);
void subject_info_free(subject_info *si);

#endif
