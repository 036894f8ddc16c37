#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# t_import_maintainers: `import --maintainers` records the MAINTAINERS sections of each
# patch mail, as annotate does, and an "Applied" or pw-bot verdict in a reply of an
# archive then counts when its sender is an M: or R: of the sections of the patch its
# thread answers (with --trusted-authserv-id only with our DKIM pass), never from a
# stranger or from an M: of another section. Without --maintainers, none counts. The
# widget series of tests/fixtures/series, with replies of our own, as one mbox.
set -u
: "${PM_BIN:?}" "${PM_SRC:?}"
S="$PM_SRC/tests/fixtures/series"
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fail=0
check() { [ "$2" = "$3" ] || { echo "FAIL: $1: expected '$2', got '$3'"; fail=1; }; }
cat > "$T/MAINTAINERS" <<'M'
WIDGET DRIVER
M:	Ada Dev <ada@example.org>
R:	Rex Viewer <rex@example.org>
S:	Maintained
F:	drivers/widget/

GADGET DRIVER
M:	Gil Other <gil@example.org>
S:	Maintained
F:	drivers/gadget/
M
V1=20261102100000.1000
reply() { # FROM ID PARENT BODY [HEADER]
  printf 'From: %s\nSubject: Re: [PATCH 1/2] widget: fix the count\nMessage-ID: <%s>\n' "$1" "$2"
  printf 'In-Reply-To: <%s>\nReferences: <%s>\nDate: Wed, 4 Nov 2026 10:00:00 +0000\n' "$3" "$3"
  [ -n "${5:-}" ] && printf '%s\n' "$5"
  printf '\n> quoted\n\n%s\n' "$4"
}
{
  for f in v1-0-cover v1-1 v1-2; do echo "From mbox Mon Nov  2 10:00:00 2026"; cat "$S/$f.eml"; echo; done
  for r in \
    "Mallory <mallory@evil.example>|m1@evil.example|$V1-1-ada@example.org|Applied to main, thanks!" \
    "Gil Other <gil@example.org>|g1@example.org|$V1-1-ada@example.org|Applied to gadgets, thanks!" \
    "Rex Viewer <rex@example.org>|x1@example.org|$V1-2-ada@example.org|pw-bot: cr" \
    "Ada Dev <ada@example.org>|a1@example.org|$V1-1-ada@example.org|Applied to main, thanks!"; do
    IFS='|' read -r from id parent body <<<"$r"
    echo "From mbox Wed Nov  4 10:00:00 2026"; reply "$from" "$id" "$parent" "$body"; echo
  done
} > "$T/list.mbox"
lookup() { "$PM_BIN" lookup --index "$1" "$2"; }

"$PM_BIN" import --index "$T/plain.sqlite" "$T/list.mbox" > "$T/plain.out" || { echo "FAIL: import"; exit 1; }
check "without --maintainers: no Applied" "0" "$(lookup "$T/plain.sqlite" "$V1-1-ada@example.org" | grep -c '^applied:')"
check "without --maintainers: no verdict" "0" "$(lookup "$T/plain.sqlite" "$V1-2-ada@example.org" | grep -c '^verdict:')"

"$PM_BIN" import --index "$T/m.sqlite" --maintainers "$T/MAINTAINERS" "$T/list.mbox" > "$T/m.out" ||
  { echo "FAIL: import --maintainers"; cat "$T/m.out"; exit 1; }
check "the section's maintainer's Applied, once" "1" \
  "$(lookup "$T/m.sqlite" "$V1-1-ada@example.org" | grep -c '^applied: ')"
check "... by the maintainer" "1" \
  "$(lookup "$T/m.sqlite" "$V1-1-ada@example.org" | grep -c '^applied: - main - (by a1@example.org)')"
check "the stranger's and another section's M: count nothing" "0" \
  "$(lookup "$T/m.sqlite" "$V1-1-ada@example.org" | grep -Ec 'by (m1@evil|g1@)')"
check "the section's reviewer's pw-bot: cr" "1" \
  "$(lookup "$T/m.sqlite" "$V1-2-ada@example.org" | grep -c '^verdict: changes-requested')"
grep -q "^recorded 2 events of 2 trusted notices" "$T/m.out" ||
  { echo "FAIL: summary: $(cat "$T/m.out")"; fail=1; }
# the sections are recorded: a reply annotated later inherits the reviewer's role
reply "Rae Writer <rae@example.org>" r9@example.org "$V1-1-ada@example.org" "Looks fine." |
  "$PM_BIN" annotate --index "$T/m.sqlite" --maintainers "$T/MAINTAINERS" --me rex@example.org > "$T/r9"
check "a later reply: the sections import recorded" "WIDGET DRIVER" \
  "$(sed -n '/^$/q; s/^X-Patch-For-Sections: //p' "$T/r9")"

# with --trusted-authserv-id, only with our DKIM pass for the maintainer's domain
{
  for f in v1-0-cover v1-1 v1-2; do echo "From mbox Mon Nov  2 10:00:00 2026"; cat "$S/$f.eml"; echo; done
  echo "From mbox Wed Nov  4 10:00:00 2026"
  reply "Ada Dev <ada@example.org>" a2@example.org "$V1-1-ada@example.org" "Applied to next, thanks!" \
    "Authentication-Results: other.example; dkim=pass header.d=example.org"; echo
  echo "From mbox Wed Nov  4 10:00:00 2026"
  reply "Ada Dev <ada@example.org>" a3@example.org "$V1-2-ada@example.org" "Applied to next, thanks!" \
    "Authentication-Results: mx.example.net; dkim=pass header.d=example.org"; echo
} > "$T/dkim.mbox"
"$PM_BIN" import --index "$T/d.sqlite" --maintainers "$T/MAINTAINERS" \
  --trusted-authserv-id mx.example.net "$T/dkim.mbox" > /dev/null || { echo "FAIL: import (DKIM)"; exit 1; }
check "another host's Authentication-Results: nothing" "0" \
  "$(lookup "$T/d.sqlite" "$V1-1-ada@example.org" | grep -c '^applied:')"
check "our DKIM pass: the maintainer's Applied" "1" \
  "$(lookup "$T/d.sqlite" "$V1-2-ada@example.org" | grep -c '^applied: - next - (by a3@example.org)')"

"$PM_BIN" import --index "$T/x.sqlite" --maintainers "$T/missing" "$T/list.mbox" > /dev/null 2> "$T/err"
rc=$?
check "a MAINTAINERS that cannot be read: exit 2" "2" "$rc"
grep -q "patchmilter import: maintainers: " "$T/err" || { echo "FAIL: message: $(cat "$T/err")"; fail=1; }

[ $fail -eq 0 ] && echo "ok: import --maintainers records sections; M:/R: of them decide"
exit $fail
