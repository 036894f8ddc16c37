#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# t_annotate_superseded: a reply to a message that a later version supersedes says so
# (X-Patch-Superseded-By, X-Patch-Superseded-Version): the v1 and v2 of our widget
# series (tests/fixtures/series) are imported, then replies to v1's patch 1 and cover,
# to v2's patch 1, and to a v1 patch only v1 has, are annotated with the index; a
# forged copy of the fields is removed; a v3 later makes v1's reply point at v3.
set -u
: "${PM_BIN:?}" "${PM_SRC:?}"
S="$PM_SRC/tests/fixtures/series"
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fail=0
check() { [ "$2" = "$3" ] || { echo "FAIL: $1: expected '$2', got '$3'"; fail=1; }; }
field() { sed -n "/^\$/q; s/^X-Patch-$2: //p" "$1" | tr '\n' ' ' | sed 's/ $//'; }
mbox() { for f in "$@"; do printf 'From x@example.org Thu Jan  1 00:00:00 1970\n'; cat "$f"; echo; done; }
mbox "$S/v1-0-cover.eml" "$S/v1-1.eml" "$S/v1-2.eml" "$S/v2-0-cover.eml" "$S/v2-1.eml" "$S/v2-2.eml" > "$T/list.mbox"
"$PM_BIN" import --index "$T/ix.sqlite" "$T/list.mbox" > /dev/null

reply() { # reply OUT PARENT-MSGID [EXTRA-HEADER]
  { printf 'From: Rae Viewer <rae@example.org>\nSubject: Re: [PATCH] widget\nMessage-ID: <r-%s>\n' "$1"
    printf 'In-Reply-To: <%s>\nDate: Mon, 16 Nov 2026 10:00:00 +0000\n' "$2"
    [ -n "${3:-}" ] && printf '%s\n' "$3"
    printf '\n> quoted\n\nLooks good.\n'; } |
    "$PM_BIN" annotate --index "$T/ix.sqlite" > "$T/$1"
}
reply v1p1 20261102100000.1000-1-ada@example.org "X-Patch-Superseded-Version: 99"
check "v1 patch 1: by" "<20261109100000.2000-1-ada@example.org>" "$(field "$T/v1p1" Superseded-By)"
check "v1 patch 1: version (the forged copy removed)" "2" "$(field "$T/v1p1" Superseded-Version)"
reply v1c 20261102100000.1000-0-ada@example.org
check "v1 cover: by" "<20261109100000.2000-0-ada@example.org>" "$(field "$T/v1c" Superseded-By)"
reply v2p1 20261109100000.2000-1-ada@example.org
check "v2 patch 1: latest, nothing" "" "$(field "$T/v2p1" Superseded-By)"
reply unknown not-in-the-index@example.org
check "unknown parent: nothing" "" "$(field "$T/unknown" Superseded-By)"

# a v3 of patch 1: the reply to v1 now names v3
sed -e 's/\[PATCH v2 1\/2\]/[PATCH v3 1\/2]/' -e 's/20261109100000\.2000-1-ada/20261116100000.3000-1-ada/' \
  -e 's/^Date: .*/Date: Mon, 16 Nov 2026 09:00:00 +0000/' -e 's/^+.*count.*/&\n+\tcount--;/' \
  "$S/v2-1.eml" > "$T/v3-1.eml"
"$PM_BIN" import --index "$T/ix.sqlite" "$T/v3-1.eml" > /dev/null
if "$PM_BIN" lookup --index "$T/ix.sqlite" 20261116100000.3000-1-ada@example.org | grep -q '^prior: <20261109100000.2000-1-ada@example.org>'; then
  reply v1p1b 20261102100000.1000-1-ada@example.org
  check "v1 patch 1 after v3: by" "<20261116100000.3000-1-ada@example.org>" "$(field "$T/v1p1b" Superseded-By)"
  check "v1 patch 1 after v3: version" "3" "$(field "$T/v1p1b" Superseded-Version)"
else
  echo "FAIL: the v3 fixture did not link to v2"; "$PM_BIN" lookup --index "$T/ix.sqlite" 20261116100000.3000-1-ada@example.org; fail=1
fi
# a stranger's "v4" cover naming v2's cover as its earlier version may link for its own
# verdict (a series taken over), but tells no reader of v2 that it is superseded
cat > "$T/evil.eml" <<'MAIL'
From: Mallory <mallory@evil.example>
Subject: [PATCH v4 0/2] widget: count and reset fixes
Message-ID: <evil-v4-0@evil.example>
Date: Tue, 17 Nov 2026 09:00:00 +0000

Taking this over.

v2: https://lore.kernel.org/r/20261109100000.2000-0-ada@example.org

 drivers/widget/count.c | 1 +
 1 file changed, 1 insertion(+)
MAIL
"$PM_BIN" import --index "$T/ix.sqlite" "$T/evil.eml" > /dev/null
reply v2c 20261109100000.2000-0-ada@example.org
check "a stranger's later cover supersedes nothing" "" "$(field "$T/v2c" Superseded-By)"

[ $fail -eq 0 ] && echo "ok: replies to superseded versions name the latest counterpart"
exit $fail
