# SPDX-License-Identifier: BSD-2-Clause
# patches-by-subsystem.sieve: sort patch mail on the fields patchmilter adds
# (patchmilter(8)), one folder per MAINTAINERS section and version. A series that
# touches several sections, and each version of it, lands in several folders:
# patches.sieve (the default) keeps a series together. For Dovecot Pigeonhole (dovecot-sieve) or any Sieve implementation with these
# extensions. Install as the user's active script (e.g. ~/sieve/patches.sieve and
# `ln -s sieve/patches.sieve ~/.dovecot.sieve`); try it first with
#   sieve-test ~/sieve/patches.sieve message.eml
# (a dry run: it prints the folder and flags it would use).
#
#   patches.superseded               replies to a version a later one supersedes
#                                    (X-Patch-Superseded-By)
#   patches.review                   replies that give a Reviewed-by
#   patches.duplicates               second copies of a message already seen
#   patches.<subsystem>.v<version>   patches, cover letters and pull requests, by
#                                    their most specific MAINTAINERS section (lower
#                                    case, "/" and "." as "_": "/" is not allowed in
#                                    a mailbox name and "." separates levels), e.g.
#                                    "patches.widget reset.v2", "patches.kernel
#                                    virtual machine for s390 (kvm_s390).v1";
#                                    patches.other.v<version> without a section
# Flags: $Revision on a later version of a series, $Unchanged when its diff is
# the same as in the prior version (already reviewed), $Resend on a resend.
# Everything else (discussion, non-patch mail) stays in INBOX.
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
    # The first X-Patch-Subsystem field is the most specific section.
    set "subsystem" "other";
    if header :matches "X-Patch-Subsystem" "*" { set :lower "subsystem" "${1}"; }
    # Sieve cannot replace in a loop: each line replaces one "/" or ".", four
    # of each (the most any title of Linux's MAINTAINERS has); more is "other".
    if string :matches "${subsystem}" "*/*" { set "subsystem" "${1}_${2}"; }
    if string :matches "${subsystem}" "*/*" { set "subsystem" "${1}_${2}"; }
    if string :matches "${subsystem}" "*/*" { set "subsystem" "${1}_${2}"; }
    if string :matches "${subsystem}" "*/*" { set "subsystem" "${1}_${2}"; }
    if string :matches "${subsystem}" "*.*" { set "subsystem" "${1}_${2}"; }
    if string :matches "${subsystem}" "*.*" { set "subsystem" "${1}_${2}"; }
    if string :matches "${subsystem}" "*.*" { set "subsystem" "${1}_${2}"; }
    if string :matches "${subsystem}" "*.*" { set "subsystem" "${1}_${2}"; }
    if string :contains "${subsystem}" ["/", "."] { set "subsystem" "other"; }
    fileinto :create "patches.${subsystem}.v${version}";
    stop;
}
