#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-2-Clause
# `patchmilter digest --me` on an mbox of our own fixtures (a widget series in two
# versions, a single patch, a review, a test robot's reply and a tip-bot2 commit
# notice) with a small MAINTAINERS: "Waiting on you" lists the latest version of a
# series you maintain until you reply to it, "Your series" tells its author what
# became of it (reviews, bots, superseded), and bots are counted apart from the
# contributors.
set -euo pipefail
: "${PM_BIN:?}" "${PM_SRC:?}"
FIX="$PM_SRC/tests/fixtures"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

# Shaped as the kernel test robot's replies and tip-bot2's notices on the kernel lists.
cat > "$tmp/robot.eml" <<'MAIL'
From: kernel test robot <lkp@intel.com>
To: Ada Dev <ada@example.org>
Subject: Re: [PATCH v2 1/2] widget: fix the count
Message-ID: <202611091200.AbCdEf-lkp@intel.com>
In-Reply-To: <20261109100000.2000-1-ada@example.org>
Date: Mon, 9 Nov 2026 12:00:00 +0000

Hi Ada,

kernel test robot noticed the following build warnings:

> +	count++;

Reported-by: kernel test robot <lkp@intel.com>
MAIL
cat > "$tmp/tip.eml" <<'MAIL'
From: tip-bot2 for Ada Dev <tip-bot2@linutronix.de>
To: linux-tip-commits@vger.kernel.org
Subject: [tip: x86/urgent] widget: fix the count
Message-ID: <176300000000.1.tip-bot2@tip-bot2>
Date: Tue, 10 Nov 2026 09:00:00 +0000

The following commit has been merged into the x86/urgent branch of tip:

Commit-ID:     0123456789abcdef0123456789abcdef01234567

widget: fix the count
---
 drivers/widget/count.c | 1 +
 1 file changed, 1 insertion(+)

diff --git a/drivers/widget/count.c b/drivers/widget/count.c
--- a/drivers/widget/count.c
+++ b/drivers/widget/count.c
@@ -1 +1,2 @@
 a
+b
MAIL
cat > "$tmp/answer.eml" <<'MAIL'
From: Ada Maintainer <ADAM@example.org>
Subject: Re: [PATCH v2 0/2] widget: count and reset fixes
Message-ID: <answer-1@example.org>
In-Reply-To: <20261109100000.2000-0-ada@example.org>
Date: Wed, 11 Nov 2026 09:00:00 +0000

> widget: count and reset fixes

Looks fine, queued.
MAIL

# mbox FILE...: the messages as one mbox.
mbox() {
  local f
  for f in "$@"; do
    printf 'From mbox@example.org Thu Jan  1 00:00:00 1970\n'
    sed 's/^\(>*From \)/>\1/' "$f"
    printf '\n'
  done
}
S="$FIX/series"
mbox "$S/v1-0-cover.eml" "$S/v1-1.eml" "$S/v1-2.eml" "$S/v2-0-cover.eml" "$S/v2-1.eml" \
  "$S/v2-2.eml" "$S/single.eml" "$FIX/recipes/reply-reviewed.eml" "$tmp/robot.eml" \
  "$tmp/tip.eml" > "$tmp/list.mbox"
{ cat "$tmp/list.mbox"; mbox "$tmp/answer.eml"; } > "$tmp/answered.mbox"

digest() { # MBOX ME...: the text digest of MBOX for those Me
  local box=$1; shift
  local args=() me
  for me in "$@"; do args+=(--me "$me"); done
  rm -f "$tmp/ix.sqlite"
  "$PM_BIN" digest --index "$tmp/ix.sqlite" --maintainers "$FIX/recipes/MAINTAINERS" \
    "${args[@]}" "$box"
}
# section NAME < report: the lines of one "===== NAME =====" section.
section() { awk -v name="===== $1 =====" '$0 == name { on = 1; next } on && /^(=====|Top 15)/ { exit } on && NF'; }

# Ada the maintainer (M: WIDGET DRIVERS): the v2 series waits on her, v1 is superseded.
digest "$tmp/list.mbox" "Ada Maintainer <adam@example.org>" > "$tmp/out"
section "Waiting on you" < "$tmp/out" > "$tmp/got"
cat > "$tmp/want" <<'TXT'
v2 2/2 widget: count and reset fixes -- Ada Dev <ada@example.org> -- revision of v1, 1 of 2 changed -- WIDGET DRIVERS, WIDGET RESET -- bots: kernel-test-robot 1
TXT
diff -u "$tmp/want" "$tmp/got" || fail "Waiting on you"
[ "$(section "Your series" < "$tmp/out")" = "(none)" ] || fail "Your series of the maintainer"
echo "ok: the latest version of a series you maintain waits on you"

# Once she answered it, nothing waits.
digest "$tmp/answered.mbox" "adam@example.org" > "$tmp/out"
[ "$(section "Waiting on you" < "$tmp/out")" = "(nothing)" ] || { cat "$tmp/out"; fail "answered series still waiting"; }
echo "ok: a series you answered no longer waits on you"

# Ada the author: what became of her series.
digest "$tmp/list.mbox" "ada@EXAMPLE.org" > "$tmp/out"
section "Your series" < "$tmp/out" > "$tmp/got"
cat > "$tmp/want" <<'TXT'
v1 2/2 widget: count and reset fixes -- Ada Dev <ada@example.org> -- new -- WIDGET DRIVERS, WIDGET RESET
    0 reviews, superseded by v2
v2 2/2 widget: count and reset fixes -- Ada Dev <ada@example.org> -- revision of v1, 1 of 2 changed -- WIDGET DRIVERS, WIDGET RESET -- bots: kernel-test-robot 1
    1 review, bots: kernel-test-robot 1
TXT
diff -u "$tmp/want" "$tmp/got" || fail "Your series"
[ "$(section "Waiting on you" < "$tmp/out")" = "(nothing)" ] || fail "your own series waits on you"
echo "ok: Your series: reviews, bots and the version that superseded it"

# Bots are no contributors; one line counts their messages.
grep -q 'tip-bot2\|linutronix' <(sed -n '/^Top 15 contributor Email domains/,/^Messages from bots/p' "$tmp/out" | grep -v '^Messages') \
  && fail "a bot counted as a contributor"
grep -qx 'Messages from bots: 2 (kernel-test-robot 1, tip-bot2 1)' "$tmp/out" || { cat "$tmp/out"; fail "bot line"; }
# The HTML page holds the same sections and bot line, and is well-formed.
"$PM_BIN" digest --index "$tmp/ixh.sqlite" --maintainers "$FIX/recipes/MAINTAINERS" \
  --me ada@example.org --format html "$tmp/list.mbox" > "$tmp/out.html"
xmllint --noout "$tmp/out.html" || fail "HTML page with --me is not well-formed"
xp() { xmllint --xpath "$1" "$tmp/out.html"; }
[ "$(xp "count(//section[@id='yours']/ul/li)")" = 2 ] || fail "HTML: Your series"
[ "$(xp "normalize-space(//section[@id='yours']/ul/li[2]/span[@class='fate'])")" = \
  "1 review, bots: kernel-test-robot 1" ] || fail "HTML: what became of v2"
[ "$(xp "string(//section[@id='yours']/ul/li[1]/a/@href)")" = "#s0" ] || fail "HTML: link to the row"
[ "$(xp "normalize-space(//section[@id='waiting'])")" = "Waiting on you (nothing)" ] || fail "HTML: waiting"
[ "$(xp "normalize-space(//p[@id='bots'])")" = "Messages from bots: 2 (kernel-test-robot 1, tip-bot2 1)" ] ||
  fail "HTML: bot line"
[ "$(xp "normalize-space(//tr[@id='s1']/td[last()])")" = "kernel-test-robot 1" ] || fail "HTML: bots of v2"
echo "ok: the HTML page has the reader's sections and the bots"
# Without --me the report has no sections of the reader's.
digest "$tmp/list.mbox" > "$tmp/out"
grep -q 'Waiting on you\|Your series' "$tmp/out" && fail "reader's sections without --me"
"$PM_BIN" digest --index "$tmp/ixh2.sqlite" --format html "$tmp/list.mbox" | grep -q 'id="waiting"\|id="yours"' &&
  fail "reader's HTML sections without --me"
echo "ok: bots counted apart from the contributors"
# From the index alone (the digest above recorded the list): the bots' replies in
# threads of patch mail are counted, by bot and per series; tip-bot2's notice, in no
# thread, is not known to the index.
"$PM_BIN" digest --index "$tmp/ix.sqlite" --since 2026-11-01 --until 2026-11-30 > "$tmp/out"
grep -qx 'Messages from bots: 1 (kernel-test-robot 1)' "$tmp/out" || { cat "$tmp/out"; fail "index: bot line"; }
grep -q '^v2 2/2 widget: count and reset fixes .* -- bots: kernel-test-robot 1$' "$tmp/out" ||
  { cat "$tmp/out"; fail "index: bots of v2"; }
echo "ok: the index's digest counts the bots' replies"
echo "PASS"
