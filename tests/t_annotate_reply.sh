#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# t_annotate_reply: a reply inherits from the patch mail its thread answers, as the
# index recorded it: X-Patch-Series (a reply to a reply too), X-Patch-For and
# X-Patch-For-Sections from the sections recorded for that patch (the reader a
# reviewer there, a maintainer, or only in the reply's Cc), X-Patch-State: duplicate
# for a copy delivered again; a reply in a thread without patch mail gets none of
# them. An "Applied" or pw-bot verdict in a reply counts from an M: or R: of those
# sections (with TrustedAuthservID only with our DKIM pass), never from a stranger. A
# Reviewed-by given on v1 of a patch comes back as X-Patch-Prior-Review on its
# unchanged v2. The widget series of tests/fixtures/series, annotated as the milter
# would (recording, with a MAINTAINERS of our own).
set -u
: "${PM_BIN:?}" "${PM_SRC:?}"
S="$PM_SRC/tests/fixtures/series"
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fail=0
check() { [ "$2" = "$3" ] || { echo "FAIL: $1: expected '$2', got '$3'"; fail=1; }; }
field() { sed -n "/^\$/q; s/^X-Patch-$2: //p" "$1" | tr '\n' ';' | sed 's/;$//'; }
cat > "$T/MAINTAINERS" <<'M'
WIDGET DRIVER
M:	Ada Dev <ada@example.org>
R:	Rex Viewer <rex@example.org>
S:	Maintained
F:	drivers/widget/
M
annotate() { "$PM_BIN" annotate --index "$T/ix.sqlite" --maintainers "$T/MAINTAINERS" "$@"; }
for f in v1-0-cover v1-1 v1-2; do annotate --me rex@example.org < "$S/$f.eml" > "$T/$f"; done
check "the patch: reviewer" "reviewer" "$(field "$T/v1-1" For)"
series=$(field "$T/v1-1" Series)
[ -n "$series" ] || { echo "FAIL: no series on the patch"; fail=1; }

reply() { # reply ID PARENT REFERENCES [EXTRA-HEADER] [BODY]
  printf 'From: Rae Writer <rae@example.org>\nSubject: Re: [PATCH 1/2] widget: fix the count\n'
  printf 'Message-ID: <%s>\nIn-Reply-To: <%s>\nReferences: %s\n' "$1" "$2" "$3"
  printf 'Date: Tue, 3 Nov 2026 10:00:00 +0000\n'
  [ -n "${4:-}" ] && printf '%s\n' "$4"
  printf '\n> quoted\n\n%s\n' "${5:-Looks fine.}"
}
V1=20261102100000.1000
reply r1@example.org "$V1-1-ada@example.org" "<$V1-0-ada@example.org> <$V1-1-ada@example.org>" > "$T/r1.eml"
annotate --me rex@example.org < "$T/r1.eml" > "$T/r1"
check "reply: series of its patch" "$series" "$(field "$T/r1" Series)"
check "reply: the reviewer's role inherited" "reviewer" "$(field "$T/r1" For)"
check "reply: the section behind it" "WIDGET DRIVER" "$(field "$T/r1" For-Sections)"
check "reply: no state" "" "$(field "$T/r1" State)"
reply r2@example.org r1@example.org "<$V1-0-ada@example.org> <$V1-1-ada@example.org> <r1@example.org>" |
  annotate --me ada@example.org > "$T/r2"
check "reply to the reply: series" "$series" "$(field "$T/r2" Series)"
check "reply to the reply: the maintainer's role" "maintainer" "$(field "$T/r2" For)"
annotate --me rex@example.org < "$T/r1.eml" > "$T/r1-again"
check "the same reply again (a second list): duplicate" "duplicate" "$(field "$T/r1-again" State)"
check "the copy keeps its series" "$series" "$(field "$T/r1-again" Series)"
reply r3@example.org "$V1-1-ada@example.org" "<$V1-1-ada@example.org>" "Cc: Zed <zed@example.org>" |
  annotate --me zed@example.org > "$T/r3"
check "reply: only in Cc" "cc" "$(field "$T/r3" For)"
check "reply: no sections for cc" "" "$(field "$T/r3" For-Sections)"
reply c1@example.org "elsewhere@example.org" "<elsewhere@example.org>" | annotate --me rex@example.org > "$T/c1"
check "a thread without patch mail: no series" "" "$(field "$T/c1" Series)"
check "a thread without patch mail: no role" "" "$(field "$T/c1" For)"

# who may decide: an M: or R: of the sections recorded for the thread's patch
reply_from() { # FROM ID PARENT BODY
  printf 'From: %s\nSubject: Re: [PATCH 1/2] widget: fix the count\nMessage-ID: <%s>\n' "$1" "$2"
  printf 'In-Reply-To: <%s>\nReferences: <%s>\nDate: Wed, 4 Nov 2026 10:00:00 +0000\n\n' "$3" "$3"
  printf '> quoted\n\n%s\n' "$4"
}
reply_from "Mallory <mallory@evil.example>" m1@evil.example "$V1-1-ada@example.org" "Applied to main, thanks!" |
  annotate > "$T/m1"
check "a stranger's Applied: nothing" "" "$(field "$T/m1" Applied)"
reply_from "Rex Viewer <rex@example.org>" x1@example.org "$V1-1-ada@example.org" "pw-bot: cr" |
  annotate > "$T/x1"
check "the section's reviewer's verdict" "changes-requested" "$(field "$T/x1" Verdict)"
reply_from "Ada Dev <ada@example.org>" a1@example.org "$V1-1-ada@example.org" "Applied to main, thanks!" |
  annotate > "$T/a1"
check "the section's maintainer's Applied" "- main -" "$(field "$T/a1" Applied)"
check "recorded as an event of the patch" "1" \
  "$("$PM_BIN" lookup --index "$T/ix.sqlite" "$V1-1-ada@example.org" | grep -c '^applied: - main - (by a1@example.org)')"
# with TrustedAuthservID, the maintainer's reply counts only with our DKIM pass
reply_from "Ada Dev <ada@example.org>" a2@example.org "$V1-2-ada@example.org" "Applied to next, thanks!" |
  sed '1i Authentication-Results: mx.example.net; dkim=pass header.d=example.org' |
  annotate --trusted-authserv-id mx.example.net > "$T/a2"
check "maintainer with our DKIM pass" "- next -" "$(field "$T/a2" Applied)"
reply_from "Ada Dev <ada@example.org>" a3@example.org "$V1-0-ada@example.org" "Applied to next, thanks!" |
  sed '1i Authentication-Results: other.example; dkim=pass header.d=example.org' |
  annotate --trusted-authserv-id mx.example.net > "$T/a3"
check "maintainer with another's Authentication-Results: nothing" "" "$(field "$T/a3" Applied)"
check "... and no event" "0" "$("$PM_BIN" lookup --index "$T/ix.sqlite" "$V1-0-ada@example.org" | grep -c '^applied:')"

# a review of v1's patch 2 comes back on v2's patch 2, which did not change
reply r4@example.org "$V1-2-ada@example.org" "<$V1-2-ada@example.org>" "" \
  "Reviewed-by: Rae Writer <rae@example.org>" | annotate > /dev/null
for f in v2-0-cover v2-1 v2-2; do annotate < "$S/$f.eml" > "$T/$f"; done
check "v2 patch 2: unchanged" "no" "$(field "$T/v2-2" Changed)"
check "v2 patch 2: the review v1 received" "Reviewed-by: Rae Writer <rae@example.org>" "$(field "$T/v2-2" Prior-Review)"
check "v2 patch 1 (changed): none" "" "$(field "$T/v2-1" Prior-Review)"
# patchmilter series names who reviewed each part
check "series: the review on v1's part 2" "1" \
  "$("$PM_BIN" series --index "$T/ix.sqlite" "$V1-2-ada@example.org" | grep -c "^  2/2 <$V1-2-ada@example.org>.*; Reviewed-by: Rae Writer <rae@example.org>$")"
check "series --json: reviews" "1" \
  "$("$PM_BIN" series --index "$T/ix.sqlite" --json "$V1-2-ada@example.org" | grep -c '"reviews":\["Reviewed-by: Rae Writer <rae@example.org>"\]')"
# a forged copy of the field is removed
sed 's/^Subject:/X-Patch-Prior-Review: Reviewed-by: Linus\nSubject:/' "$S/v2-1.eml" | annotate --dry-run > "$T/forged"
check "forged Prior-Review removed" "" "$(field "$T/forged" Prior-Review)"

[ $fail -eq 0 ] && echo "ok: replies inherit series and role; duplicates; prior review"
exit $fail
