# SPDX-License-Identifier: BSD-2-Clause
# patches.sieve: sort patch mail on the fields patchmilter adds (patchmilter(8)),
# keeping each series in one place: one folder per mailing list, every patch, cover
# letter and pull request of a series (and all its versions) together in the folder
# of the list it came through, the version as a keyword. For Dovecot Pigeonhole
# (dovecot-sieve) or any Sieve implementation with these extensions. Install as the
# user's active script (e.g. ~/sieve/patches.sieve and
# `ln -s sieve/patches.sieve ~/.dovecot.sieve`); try it first with
#   sieve-test ~/sieve/patches.sieve message.eml
# (a dry run: it prints the folder and flags it would use).
#
#   for-me                patches, cover letters and pull requests you maintain
#                         (X-Patch-For: maintainer: you are an M: of a MAINTAINERS
#                         section they touch; needs Me in patchmilter.conf)
#   patches.superseded    replies to a version a later one supersedes
#                         (X-Patch-Superseded-By: a review of v1 when v2 is out)
#   patches.review        replies that give a Reviewed-by
#   patches.duplicates    second copies of a message already seen (the same patch
#                         sent to two lists you read is filed once, under the
#                         list whose copy came first)
#   patches.<list>        other patches, cover letters and pull requests by the list in
#                         their List-Id, its first label in lower case ("<netdev.
#                         vger.kernel.org>" is patches.netdev)
#   patches.direct        those that came to you without a list
# Keywords: $v<version> ($v1, $v2, ...; a version is also a search away:
# X-Patch-Version), $Revision on a later version of a series, $Unchanged when its
# diff is the same as in the prior version (already reviewed), $Resend on a
# resend. Every message of a series, in every version, carries the same
# X-Patch-Series: search on it to see one series.
# Everything else (discussion, non-patch mail) stays in INBOX.
# patches-by-subsystem.sieve files by MAINTAINERS section and version instead.
# With another HeaderPrefix in patchmilter.conf, change "X-Patch-" below.
require ["fileinto", "mailbox", "variables", "imap4flags"];

if allof (header :is "X-Patch-Kind" "reply", exists "X-Patch-Superseded-By") {
    fileinto :create "patches.superseded";
    stop;
}

if allof (header :is "X-Patch-Kind" "reply",
          header :contains "X-Patch-Review" "Reviewed-by") {
    fileinto :create "patches.review";
    stop;
}

if header :is "X-Patch-State" "duplicate" {
    fileinto :create "patches.duplicates";
    stop;
}

if header :is "X-Patch-Kind" ["patch", "cover", "pull"] {
    if header :is "X-Patch-State" "revision" { addflag "$Revision"; }
    if header :is "X-Patch-State" "resend" { addflag "$Resend"; }
    if header :is "X-Patch-Changed" "no" { addflag "$Unchanged"; }
    set "version" "1";
    if header :matches "X-Patch-Version" "*" { set "version" "${1}"; }
    addflag "$v${version}";

    if header :is "X-Patch-For" "maintainer" {
        fileinto :create "for-me";
        stop;
    }

    # The list's identifier is a host name: its first label has no "." and no
    # "/", which a mailbox name cannot hold.
    set "list" "direct";
    if header :matches "List-Id" "*<*>*" { set :lower "list" "${2}"; }
    if string :matches "${list}" "*.*" { set "list" "${1}"; }
    if string :matches "${list}" ["", "*/*"] { set "list" "direct"; }
    fileinto :create "patches.${list}";
    stop;
}
