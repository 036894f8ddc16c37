#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# t_notice_events: what a trusted notice says is recorded as events on the postings it
# concerns. A small series (cover and parts 1, 2 and 3 of hch's 9, with the Message-IDs
# the b4 ty sample of tests/fixtures/notices answers) is imported, then that b4 ty from
# a trusted sender: `lookup` shows parts 1 and 2 applied with the commits named next to
# them, part 3 nothing, the cover nothing (parts 1, 2 and 9 of 9 are not the whole
# series); imported before the series, the notice is kept on the message it answers
# and shows on the cover once it is imported; the same through `annotate --index`.
# An untrusted sender's copy, and one with a forged Authentication-Results under
# --trusted-authserv-id, record nothing. A later reply to part 1, a duplicate and a
# resend of it get X-Patch-Applied from the index, a forged one removed. akpm's
# mm-commits notices, which name a patch by its title (and by a Link: line in the patch
# they carry, when it has one), mark the newest patch of that title of the year up to
# the notice. tip-bot2's notice, which
# carries the commit's diff, is not imported as a patch. The same on PostgreSQL when
# available.
set -u
: "${PM_BIN:?}" "${PM_SRC:?}" "${PM_FIXTURES:?}"
T=$(mktemp -d)
trap 'type stop_pg >/dev/null 2>&1 && stop_pg; rm -rf "$T"' EXIT
N=$PM_FIXTURES/notices
fail=0
check() { [ "$2" = "$3" ] || { echo "FAIL: $1: expected '$2', got '$3'"; fail=1; }; }
fields() { sed -n '/^$/q; /^X-Patch-/p'; }

ID=20260109060813.2226714
TY=176816139201.218180.16174213874094266429.b4-ty@kernel.dk
C1=c22756a9978e8f5917ff41cf17fc8db00d09e776
C2=bc26e2efa2c5bb9289fa894834446840dea0bc31
C9=bb8e2019ad613dd023a59bf91d1768018d17e09b
# patch PART of the series (0: the cover), Message-ID $ID-(PART+1)-hch@lst.de
mail() {
  local part=$1 title=$2
  printf 'From: Christoph Hellwig <hch@lst.de>\nTo: linux-fscrypt@vger.kernel.org\n'
  printf 'Subject: [PATCH %s/9] %s\nMessage-ID: <%s-%s-hch@lst.de>\n' "$part" "$title" "$ID" $((part + 1))
  printf 'Date: Fri, 09 Jan 2026 07:07:4%s +0100\n' "$part"
  if [ "$part" = 0 ]; then printf '\nThe cover.\n'; return; fi
  printf 'In-Reply-To: <%s-1-hch@lst.de>\nReferences: <%s-1-hch@lst.de>\n\n' "$ID" "$ID"
  printf 'Text.\n\n---\ndiff --git a/f%s.c b/f%s.c\n--- a/f%s.c\n+++ b/f%s.c\n@@ -1 +1,2 @@\n a\n+b%s\n' \
    "$part" "$part" "$part" "$part" "$part"
}
mail 0 "move blk-crypto-fallback to sit above the block layer v5" > "$T/part0.eml"
mail 1 "fscrypt: pass a real sector_t to fscrypt_zeroout_range_inline_crypt" > "$T/part1.eml"
mail 2 "fscrypt: keep multiple bios in flight in fscrypt_zeroout_range_inline_crypt" > "$T/part2.eml"
mail 3 "fscrypt: a part the notice does not name" > "$T/part3.eml"
for p in 0 1 2 3; do echo "From hch Fri Jan  9 07:07:40 2026"; cat "$T/part$p.eml"; echo; done > "$T/series.mbox"
sed 's/^From: Jens Axboe <axboe@kernel.dk>/From: Mallory <mallory@example.net>/' "$N/b4-ty.eml" > "$T/forged-ty.eml"
{ printf 'Authentication-Results: mx.evil.example; dkim=pass header.d=kernel.dk\n'; cat "$N/b4-ty.eml"; } > "$T/forged-ar.eml"
sed "s/^Message-ID: <$ID-2-hch@lst.de>/Message-ID: <resend-2@lst.de>/; s/^Subject: \[PATCH/Subject: [PATCH RESEND/
     s/^In-Reply-To:.*/In-Reply-To: <resend-1@lst.de>/; s/^References:.*/References: <resend-1@lst.de>/" "$T/part1.eml" > "$T/resend.eml"
# the resend's own cover, which states the version its patches have (v5, at the end of its title)
sed "s/^Message-ID: <$ID-1-hch@lst.de>/Message-ID: <resend-1@lst.de>/; s/^Subject: \[PATCH/Subject: [PATCH RESEND/" \
  "$T/part0.eml" > "$T/resend-cover.eml"
printf 'From: Reader <r@example.org>\nSubject: Re: [PATCH 1/9] fscrypt: pass a real sector_t\nMessage-ID: <reply-1@example.org>\nIn-Reply-To: <%s-2-hch@lst.de>\nX-Patch-Applied: forged\n\n> quoted\nThanks.\n' "$ID" > "$T/reply.eml"

applied_of() { "$PM_BIN" lookup --index "$1" "$2" | sed -n 's/^applied: //p' | sort | tr '\n' ';'; }

run_on() { # run_on INDEX-A INDEX-B LABEL
  local a=$1 b=$2 l=$3
  "$PM_BIN" import --index "$a" "$T/series.mbox" > /dev/null || { echo "FAIL: $l: import series"; fail=1; }
  "$PM_BIN" import --index "$a" "$T/forged-ty.eml" --trusted-sender axboe@kernel.dk > /dev/null
  "$PM_BIN" import --index "$a" "$T/forged-ar.eml" --trusted-sender axboe@kernel.dk \
    --trusted-authserv-id mx.example.net > /dev/null
  check "$l: forged notices record nothing" "" "$(applied_of "$a" "$ID-1-hch@lst.de")"
  out=$("$PM_BIN" import --index "$a" --trusted-sender axboe@kernel.dk "$N/b4-ty.eml" | tail -1)
  check "$l: import summary" "recorded 2 events of 1 trusted notice" "$out"
  check "$l: part 1" "- - $C1 (by $TY);" "$(applied_of "$a" "$ID-2-hch@lst.de")"
  check "$l: part 2" "- - $C2 (by $TY);" "$(applied_of "$a" "$ID-3-hch@lst.de")"
  check "$l: part 3" "" "$(applied_of "$a" "$ID-4-hch@lst.de")"
  check "$l: cover (parts 1, 2 and 9 of 9: not the whole series)" "" "$(applied_of "$a" "$ID-1-hch@lst.de")"

  got=$("$PM_BIN" annotate --index "$a" < "$T/reply.eml" | fields | tr '\n' ';')
  series=$("$PM_BIN" lookup --index "$a" "$ID-2-hch@lst.de" | sed -n 's/^series[: ]*//p' | head -1)
  check "$l: reply" "X-Patch-Kind: reply;X-Patch-Version: 1;X-Patch-Part: 1/9;X-Patch-Series: $series;X-Patch-Author: Reader <r@example.org>;X-Patch-Applied: - - c22756a9978e;" "$got"
  got=$("$PM_BIN" annotate --index "$a" < "$T/part1.eml" | fields | grep -E 'State|Applied' | tr '\n' ';')
  check "$l: duplicate" "X-Patch-State: duplicate;X-Patch-Applied: - - c22756a9978e;" "$got"
  "$PM_BIN" import --index "$a" "$T/resend-cover.eml" > /dev/null
  got=$("$PM_BIN" annotate --dry-run --index "$a" < "$T/resend.eml" | fields | grep -E 'State|Applied' | tr '\n' ';')
  check "$l: resend" "X-Patch-State: resend;X-Patch-Applied: - - c22756a9978e;" "$got"

  # the notice first, its series later
  "$PM_BIN" import --index "$b" --trusted-sender axboe@kernel.dk "$N/b4-ty.eml" > /dev/null
  "$PM_BIN" import --index "$b" "$T/series.mbox" > /dev/null
  check "$l: notice before its series" "- - $C9 (by $TY);- - $C2 (by $TY);- - $C1 (by $TY);" \
    "$(applied_of "$b" "$ID-1-hch@lst.de")"
  "$PM_BIN" import --index "$b" "$N/tip-bot2.eml" > /dev/null # trusted or not
  "$PM_BIN" lookup --index "$b" "157390508358.12247.6103605725902471507.tip-bot2@tip-bot2" > /dev/null &&
    { echo "FAIL: $l: tip-bot2's notice imported as a patch"; fail=1; }
}

run_on "$T/a.sqlite" "$T/b.sqlite" sqlite

# akpm's mm-commits notices name the patch by its title (a Link: line in the patch
# below, when there is one, names it better): with no Link, the patch of that title
# recorded last, posted in the year up to the notice, gets the event; an older copy,
# one from over a year before and one posted after the notice do not.
titled() { # titled MSGID DATE SUBJECT: one message of an mbox
  printf 'From ada Mon Jan  1 00:00:00 2026\nFrom: Ada Dev <ada@example.org>\nTo: linux-mm@kvack.org\n'
  printf 'Subject: %s\nMessage-ID: <%s>\nDate: %s\n\n' "$3" "$1" "$2"
  printf 'Text.\n\n---\ndiff --git a/w.c b/w.c\n--- a/w.c\n+++ b/w.c\n@@ -1 +1,2 @@\n a\n+%s\n\n' "$1"
}
titled w-2024@example.org "Mon, 4 Nov 2024 10:00:00 +0000" "[PATCH] widget: fix the count" > "$T/mm-old.mbox"
{
  cat "$T/mm-old.mbox"
  titled w-v1@example.org "Wed, 1 Oct 2025 10:00:00 +0000" "[PATCH] widget: fix the count"
  titled 20251101100000.1-ada@example.org "Sat, 1 Nov 2025 10:00:00 +0000" "[PATCH v2] widget:  Fix the count"
  titled w-v3@example.org "Thu, 20 Nov 2025 10:00:00 +0000" "[PATCH v3] widget: fix the count"
  titled foo@example.org "Wed, 5 Nov 2025 10:00:00 +0000" "[PATCH] mm/foo: fix the bar"
  titled hmm@example.org "Thu, 16 Mar 2017 10:00:00 +0000" "[PATCH 3/9] mm/hmm/devmem: device memory hotplug using ZONE_DEVICE"
} > "$T/mm.mbox"
MM=20251111040112
sed "/^Link:/d; s/^Message-ID: <$MM.5E6F7A8B@/Message-ID: <$MM.title@/" "$N/mm-commits-added-branch.eml" > "$T/mm-title.eml"
events_of() { "$PM_BIN" lookup --index "$1" "$2" 2>/dev/null | sed -n 's/^\(applied\|verdict\): //p' | tr '\n' ';'; }
mm_import() { # mm_import INDEX MBOX NOTICE...
  local ix=$1 mbox=$2; shift 2
  "$PM_BIN" import --index "$ix" "$mbox" > /dev/null || { echo "FAIL: import $mbox"; fail=1; }
  for f in "$@"; do "$PM_BIN" import --index "$ix" --trusted-sender akpm@linux-foundation.org "$f" > /dev/null; done
}
mm_import "$T/mm.sqlite" "$T/mm.mbox" "$N/mm-commits-added-branch.eml" "$N/mm-commits-removed.eml" "$N/mm-commits-added.eml"
check "mm-commits: by its Link" "mm mm-nonmm-unstable - (by $MM.5E6F7A8B@smtp.kernel.org);" \
  "$(events_of "$T/mm.sqlite" 20251101100000.1-ada@example.org)"
check "mm-commits: removed, to-be-updated, by title" "changes-requested (by $MM.0A1B2C3D@smtp.kernel.org);" \
  "$(events_of "$T/mm.sqlite" foo@example.org)"
check "mm-commits: added to the -mm tree (2017), by title" "mm - - (by 58d1a3f2.example.akpm@linux-foundation.org);" \
  "$(events_of "$T/mm.sqlite" hmm@example.org)"
mm_import "$T/mm-title.sqlite" "$T/mm.mbox" "$T/mm-title.eml"
check "mm-commits: the newest of the title" "mm mm-nonmm-unstable - (by $MM.title@smtp.kernel.org);" \
  "$(events_of "$T/mm-title.sqlite" 20251101100000.1-ada@example.org)"
for other in w-2024@example.org w-v1@example.org w-v3@example.org; do
  check "mm-commits: not $other" "" "$(events_of "$T/mm-title.sqlite" "$other")"
done
mm_import "$T/mm-old.sqlite" "$T/mm-old.mbox" "$T/mm-title.eml"
check "mm-commits: not a patch of over a year before" "" "$(events_of "$T/mm-old.sqlite" w-2024@example.org)"
"$PM_BIN" import --index "$T/mm-untrusted.sqlite" "$T/mm.mbox" "$N/mm-commits-removed.eml" > /dev/null
check "mm-commits: untrusted" "" "$(events_of "$T/mm-untrusted.sqlite" foo@example.org)"

# the milter's path: annotate records what the notice says, once trusted
"$PM_BIN" import --index "$T/c.sqlite" "$T/series.mbox" > /dev/null
"$PM_BIN" annotate --index "$T/c.sqlite" < "$N/b4-ty.eml" > /dev/null
check "annotate: untrusted" "" "$(applied_of "$T/c.sqlite" "$ID-2-hch@lst.de")"
"$PM_BIN" annotate --index "$T/c.sqlite" --trusted-sender axboe@kernel.dk < "$N/b4-ty.eml" | fields > "$T/out"
grep -q "^X-Patch-Applied: - - c22756a9978e$" "$T/out" || { cat "$T/out"; echo "FAIL: annotate: notice fields"; fail=1; }
check "annotate: trusted" "- - $C1 (by $TY);" "$(applied_of "$T/c.sqlite" "$ID-2-hch@lst.de")"

. "$PM_SRC/tests/pg/lib.sh"
if pg_available; then
  start_pg "$T/pg"
  pg_as "$PG_BINDIR/createdb" -h "$PG_DIR/sock" -p "$PG_PORT" -U patchmilter second
  run_on "$PG_URI" "${PG_URI/\/patchmilter\?//second?}" postgresql
  pg_as "$PG_BINDIR/createdb" -h "$PG_DIR/sock" -p "$PG_PORT" -U patchmilter third
  mm_import "${PG_URI/\/patchmilter\?//third?}" "$T/mm.mbox" "$T/mm-title.eml"
  check "postgresql: mm-commits: the newest of the title" "mm mm-nonmm-unstable - (by $MM.title@smtp.kernel.org);" \
    "$(events_of "${PG_URI/\/patchmilter\?//third?}" 20251101100000.1-ada@example.org)"
  check "postgresql: mm-commits: not after the notice" "" "$(events_of "${PG_URI/\/patchmilter\?//third?}" w-v3@example.org)"
else
  echo "SKIP (PostgreSQL part): $PG_WHY"
fi
[ $fail -eq 0 ] && echo "ok: trusted notices recorded as events, before or after their series; replies carry them"
exit $fail
