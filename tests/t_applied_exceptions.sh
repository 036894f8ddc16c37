#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# t_applied_exceptions: an "Applied" reply that leaves parts out marks the others only.
# A series of 9 (cover and parts, shaped as Eric Biggers' "eMMC inline encryption
# support" v6 on linux-mmc) is imported, then Ulf Hansson's reply to its cover
# "Applied for next (leaving patch9 for arm soc), thanks!" (2021-01-26, Message-ID
# <CAPDyKFqLVtiYkjeQmuYOf8K8k=oQSZ18928PPHvJDiUtTw2F-g@mail.gmail.com>) from a trusted
# sender: parts 1-8 are applied to next, part 9 and the cover are not, and `series`
# says 8 of 9 parts. The same through `annotate --index`; and "Thanks, applied all but
# patch 46" (Peter Maydell's shape, qemu-devel) in a reply to a part marks all parts
# of its posting but the one named.
set -u
: "${PM_BIN:?}"
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fail=0
check() { [ "$2" = "$3" ] || { echo "FAIL: $1: expected '$2', got '$3'"; fail=1; }; }
applied_of() { "$PM_BIN" lookup --index "$1" "$2" | sed -n 's/^applied: //p' | sed 's/ (by.*//' | tr '\n' ';'; }
parts_of() { # parts_of INDEX: the applied mark of cover and parts 1..9, "0:;1:- next -;..."
  local out= p
  for p in 0 1 2 3 4 5 6 7 8 9; do out="$out$p:$(applied_of "$1" "mmc-$p@example.org" | tr -d ';')|"; done
  echo "$out"
}
state() { "$PM_BIN" series --index "$1" mmc-0@example.org | sed -n 's/^v6,.*; //p' | head -1; }

mail() { # part PART of 9 (0: the cover)
  printf 'From: Eric Biggers <ebiggers@kernel.org>\nTo: linux-mmc@vger.kernel.org\n'
  printf 'Subject: [PATCH RESEND v6 %s/9] mmc: part %s\nMessage-ID: <mmc-%s@example.org>\n' "$1" "$1" "$1"
  printf 'Date: Tue, 26 Jan 2021 00:14:5%s +0000\n' "$1"
  if [ "$1" = 0 ]; then printf '\nThe cover.\n'; return; fi
  printf 'In-Reply-To: <mmc-0@example.org>\nReferences: <mmc-0@example.org>\n\n'
  printf 'Text.\n\n---\ndiff --git a/f%s.c b/f%s.c\n--- a/f%s.c\n+++ b/f%s.c\n@@ -1 +1,2 @@\n a\n+b%s\n' \
    "$1" "$1" "$1" "$1" "$1"
}
for p in 0 1 2 3 4 5 6 7 8 9; do echo "From ebiggers Tue Jan 26 00:14:50 2021"; mail $p; echo; done > "$T/series.mbox"
reply() { # reply ID PARENT LINE
  printf 'From: Ulf Hansson <ulf.hansson@linaro.org>\nSubject: Re: [PATCH RESEND v6 0/9] eMMC inline encryption support\n'
  printf 'Message-ID: <%s@example.org>\nIn-Reply-To: <%s@example.org>\nReferences: <mmc-0@example.org>\n' "$1" "$2"
  printf 'Date: Tue, 26 Jan 2021 10:58:03 +0100\n\nOn Tue, 26 Jan 2021 Eric Biggers wrote:\n> the cover\n\n%s\n\nKind regards\nUffe\n' "$3"
}
reply ulf mmc-0 "Applied for next (leaving patch9 for arm soc), thanks!" > "$T/ulf.eml"
reply allbut mmc-3 "Thanks, applied all but patch 9 to mmc-next." > "$T/allbut.eml"

want="0:|1:- next -|2:- next -|3:- next -|4:- next -|5:- next -|6:- next -|7:- next -|8:- next -|9:|"
"$PM_BIN" import --index "$T/a.sqlite" "$T/series.mbox" > /dev/null || { echo "FAIL: import series"; fail=1; }
"$PM_BIN" import --index "$T/a.sqlite" --trusted-sender ulf.hansson@linaro.org "$T/ulf.eml" > /dev/null
check "import: parts 1-8, not 9 nor the cover" "$want" "$(parts_of "$T/a.sqlite")"
check "import: series" "applied (8 of 9 parts)" "$(state "$T/a.sqlite")"

"$PM_BIN" import --index "$T/b.sqlite" "$T/series.mbox" > /dev/null
got=$("$PM_BIN" annotate --index "$T/b.sqlite" --trusted-sender ulf.hansson@linaro.org < "$T/ulf.eml" |
      sed -n '/^$/q; s/^X-Patch-Applied: //p')
check "annotate: the reply's own field" "- next -" "$got"
check "annotate: parts 1-8, not 9 nor the cover" "$want" "$(parts_of "$T/b.sqlite")"

"$PM_BIN" import --index "$T/c.sqlite" "$T/series.mbox" > /dev/null
"$PM_BIN" import --index "$T/c.sqlite" --trusted-sender ulf.hansson@linaro.org "$T/allbut.eml" > /dev/null
check "all but patch 9, said to part 3" "${want//- next -/- mmc-next -}" "$(parts_of "$T/c.sqlite")"

[ $fail -eq 0 ] && echo "ok: parts an Applied reply leaves out are not applied, nor is its cover"
exit $fail
