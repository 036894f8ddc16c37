#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# t_annotate_superseded: a reply to a message that a later version supersedes says so
# (X-Patch-Superseded-By, X-Patch-Superseded-Version): the v1 and v2 of our widget
# series (tests/fixtures/series) are imported, then replies to v1's patch 1 and cover,
# to v2's patch 1, and to a message the index does not hold, are annotated with the
# index; a forged copy of the fields is removed; a v3 later makes v1's reply point at
# v3, and a patch v3 dropped is superseded by v3's cover; `lookup` says the same. A
# cover naming v2's joins its series only from a DKIM-verified colleague (issue 19,
# shape 7: a series taken over), never from a stranger.
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
# a v3 cover that posts patch 1 alone: v2's patch 2, dropped, is superseded by it,
# and so is v1's patch 2 (through v2's); patch 1 keeps its own counterpart
sed -e 's/\[PATCH v2 0\/2\]/[PATCH v3 0\/1]/' -e 's/20261109100000\.2000-0-ada/20261116100000.3000-0-ada/' \
  -e 's/^Date: .*/Date: Mon, 16 Nov 2026 08:59:00 +0000/' -e 's/^Changes in v2:/Changes in v3: the reset fix dropped\n&/' \
  -e 's/^- Link to v1: .*/- Link to v2: https:\/\/lore.kernel.org\/r\/20261109100000.2000-0-ada@example.org/' \
  "$S/v2-0-cover.eml" > "$T/v3-0.eml"
"$PM_BIN" import --index "$T/ix.sqlite" "$T/v3-0.eml" > /dev/null
reply v2p2 20261109100000.2000-2-ada@example.org
check "v2 patch 2, dropped in v3: by v3's cover" "<20261116100000.3000-0-ada@example.org> 3" \
  "$(field "$T/v2p2" Superseded-By) $(field "$T/v2p2" Superseded-Version)"
reply v1p2 20261102100000.1000-2-ada@example.org
check "v1 patch 2, its v2 dropped in v3: by v3's cover" "<20261116100000.3000-0-ada@example.org> 3" \
  "$(field "$T/v1p2" Superseded-By) $(field "$T/v1p2" Superseded-Version)"
reply v1p1c 20261102100000.1000-1-ada@example.org
check "v1 patch 1: still its v3 counterpart" "<20261116100000.3000-1-ada@example.org>" "$(field "$T/v1p1c" Superseded-By)"
# lookup says the same of each message
superseded() { "$PM_BIN" lookup --index "$T/ix.sqlite" "$1" | sed -n 's/^superseded-\(by\|version\): //p' | tr '\n' ' ' | sed 's/ $//'; }
check "lookup v1 patch 1" "<20261116100000.3000-1-ada@example.org> 3" "$(superseded 20261102100000.1000-1-ada@example.org)"
check "lookup v2 patch 2, dropped in v3" "<20261116100000.3000-0-ada@example.org> 3" "$(superseded 20261109100000.2000-2-ada@example.org)"
check "lookup v3 patch 1, the latest" "" "$(superseded 20261116100000.3000-1-ada@example.org)"

# a stranger's "v4" cover naming v2's cover as its earlier version (as the cover of a
# series taken over would) neither joins v2's series nor tells its readers it is superseded
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
check "a stranger's later cover supersedes nothing: v2's cover names Ada's v3" \
  "<20261116100000.3000-0-ada@example.org>" "$(field "$T/v2c" Superseded-By)"
look() { "$PM_BIN" lookup --index "$T/ix.sqlite" "$1" | sed -n "s/^$2: //p"; }
v2series=$(look 20261109100000.2000-0-ada@example.org series)
apart() { [ "$1" = "$v2series" ] && echo "in v2's series" || echo apart; }
check "a stranger's cover naming v2: a series of its own" "new apart" \
  "$(look evil-v4-0@evil.example state) $(apart "$(look evil-v4-0@evil.example series)")"

# a colleague at Ada's domain takes the series over: her cover joins it when DKIM verified
# her domain (the Authentication-Results of our border, trusted), and not otherwise
taken_over() { # taken_over MSGID [ANNOTATE-OPTION...]
  { printf 'Authentication-Results: mx.example.net; dkim=pass header.d=example.org\n'
    printf 'From: Bea Colleague <bea@example.org>\nMessage-ID: <%s>\n' "$1"
    printf 'Subject: [PATCH v3 0/2] widget: count and reset fixes\n'
    printf 'Date: Wed, 18 Nov 2026 09:00:00 +0000\n\nTaking this over from Ada.\n\n'
    printf 'v2: https://lore.kernel.org/r/20261109100000.2000-0-ada@example.org\n'; } |
    "$PM_BIN" annotate --index "$T/ix.sqlite" "${@:2}" > "$T/$1"
}
taken_over bea-unverified@example.org
check "a colleague unverified: not in v2's series" "new apart" \
  "$(field "$T/bea-unverified@example.org" State) $(apart "$(field "$T/bea-unverified@example.org" Series)")"
taken_over bea-verified@example.org --trusted-authserv-id mx.example.net
check "a colleague DKIM-verified: v3 of v2's series" "revision $v2series <20261109100000.2000-0-ada@example.org>" \
  "$(field "$T/bea-verified@example.org" State) $(field "$T/bea-verified@example.org" Series) $(field "$T/bea-verified@example.org" Prior)"

[ $fail -eq 0 ] && echo "ok: replies to superseded versions name the latest counterpart"
exit $fail
