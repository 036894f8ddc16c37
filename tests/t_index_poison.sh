#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# t_index_poison: strangers cannot steer the index (issue 18): import, annotate and
# lookup on small messages written here. A stranger's patch that squats the Message-ID
# of a real cover does not make that cover a duplicate nor give it its series; a
# stranger's "v5" with the author's in-body From: copied does not make the real v5 a
# resend of it; a merge of two series by their sender is undone by `unlink`; with a
# trusted authserv-id, the DKIM-verified domain is the sender's identity.
set -u
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fail=0
check() { # check DESCRIPTION EXPECTED ACTUAL
    if [ "$2" != "$3" ]; then
        echo "FAIL: $1: expected '$2', got '$3'"
        fail=1
    fi
}
field() { "$PM_BIN" lookup --index "$1" "$2" | sed -n "s/^$3: //p" | head -1; }
hdr() { sed -n "s/^X-Patch-$2: //p" "$1" | head -1; }

# mail FILE FROM MSGID SUBJECT DATE [BODY-FROM] [EXTRA-HEADER] [TRAILER]: a patch mail
mail() {
    {
        printf 'From: %s\nTo: list@example.org\nSubject: %s\nDate: %s\nMessage-ID: <%s>\n' \
            "$2" "$4" "$5" "$3"
        [ -n "${7:-}" ] && printf '%s\n' "$7"
        printf '\n'
        [ -n "${6:-}" ] && printf 'From: %s\n\n' "$6"
        printf 'Add frob to the widgets.\n\n'
        [ -n "${8:-}" ] && printf '%s\n' "$8"
        printf 'Signed-off-by: Alice <alice@example.org>\n---\n a.c | 1 +\n\n'
        printf 'diff --git a/a.c b/a.c\nindex 1111111..2222222 100644\n--- a/a.c\n+++ b/a.c\n'
        printf '@@ -1 +1,2 @@\n x\n+%s\n' "${9:-y}"
    } > "$1"
}
mbox() { # mbox OUT FILES...: an mbox of the messages
    local out=$1; shift
    for f in "$@"; do printf 'From nobody Mon Jan  1 00:00:00 2024\n'; cat "$f"; printf '\n'; done > "$out"
}
ALICE="Alice <alice@example.org>" MALLORY="Mallory <mallory@example.net>"

# --- a squatted Message-ID
mail "$T/squat" "$MALLORY" real-cover@example.org "[PATCH] net: unrelated" \
    "Mon, 1 Jan 2024 10:00:00 +0000" "" "" "" z
cat > "$T/cover" <<'MSG'
From: Alice <alice@example.org>
Subject: [PATCH 0/2] add widgets
Date: Tue, 2 Jan 2024 10:00:00 +0000
Message-ID: <real-cover@example.org>

Widgets, at last.

Alice (2):
  widgets: core
  widgets: use

 a.c | 2 ++
 1 file changed, 2 insertions(+)
MSG
mbox "$T/squat.mbox" "$T/squat"
"$PM_BIN" import --index "$T/a.sqlite" "$T/squat.mbox" >/dev/null
"$PM_BIN" annotate --index "$T/a.sqlite" < "$T/cover" > "$T/cover.out"
check "squatted: the real cover's state" "new" "$(hdr "$T/cover.out" State)"
series=$(hdr "$T/cover.out" Series)
[ -n "$series" ] && [ "$series" != "$(field "$T/a.sqlite" real-cover@example.org series)" ] ||
    { echo "FAIL: squatted: the real cover got the squatter's series"; fail=1; }
check "squatted: the squatter keeps the record" "net: unrelated" \
    "$(field "$T/a.sqlite" real-cover@example.org title)"

# --- a stranger's fake next version, with the author's in-body From: copied
mail "$T/v4" "$ALICE" v4@example.org "[PATCH v4] widgets: add frob" "Mon, 1 Jan 2024 10:00:00 +0000"
mail "$T/fake" "$MALLORY" fake-v5@example.net "[PATCH v5] widgets: add frob" \
    "Tue, 2 Jan 2024 10:00:00 +0000" "$ALICE"
mail "$T/v5" "$ALICE" v5@example.org "[PATCH v5] widgets: add frob" "Wed, 3 Jan 2024 10:00:00 +0000"
mbox "$T/fake.mbox" "$T/v4" "$T/fake" "$T/v5"
"$PM_BIN" import --index "$T/b.sqlite" "$T/fake.mbox" >/dev/null
check "fake v5: the real v5's state" "revision" "$(field "$T/b.sqlite" v5@example.org state)"
check "fake v5: the real v5's prior" "<v4@example.org>" "$(field "$T/b.sqlite" v5@example.org prior)"
[ "$(field "$T/b.sqlite" fake-v5@example.net series)" != "$(field "$T/b.sqlite" v4@example.org series)" ] ||
    { echo "FAIL: fake v5 joined the author's series"; fail=1; }

# --- a merge by the sender of both series, undone by unlink
mail "$T/s1" "$ALICE" s1@example.org "[PATCH] widgets: core" "Mon, 1 Jan 2024 10:00:00 +0000" \
    "" "" "change-id: 20240101-widgets-0123456789ab" 1
mail "$T/s2" "$ALICE" s2@example.org "[PATCH] gadgets: core" "Mon, 1 Jan 2024 11:00:00 +0000" "" "" "" 2
mail "$T/both" "$ALICE" both@example.org "[PATCH v2] gadgets: core" \
    "Tue, 2 Jan 2024 10:00:00 +0000" "" "In-Reply-To: <s2@example.org>" \
    "change-id: 20240101-widgets-0123456789ab" 3
mbox "$T/merge.mbox" "$T/s1" "$T/s2" "$T/both"
"$PM_BIN" import --index "$T/c.sqlite" "$T/merge.mbox" >/dev/null
check "merged" "$(field "$T/c.sqlite" s1@example.org series)" "$(field "$T/c.sqlite" s2@example.org series)"
out=$("$PM_BIN" unlink --index "$T/c.sqlite" "<both@example.org>")
check "unlink exit" "0" "$?"
check "unlink lists the message moved back" "<s2@example.org>" "${out%% *}"
[ "$(field "$T/c.sqlite" s1@example.org series)" != "$(field "$T/c.sqlite" s2@example.org series)" ] ||
    { echo "FAIL: unlink left the series merged"; fail=1; }
"$PM_BIN" unlink --index "$T/c.sqlite" both@example.org >/dev/null 2>&1
check "unlink again exits 1" "1" "$?"

# --- with a trusted authserv-id, the DKIM domain is the identity: a forged From: of the
# author without the signature does not follow her v1; her v2 from another address does
AR="Authentication-Results: mx.example.net; dkim=pass header.d=example.org header.s=k"
mail "$T/d1" "$ALICE" d1@example.org "[PATCH] widgets: add frob" "Mon, 1 Jan 2024 10:00:00 +0000" \
    "" "$AR"
mail "$T/d-forged" "$ALICE" forged@example.net "[PATCH v2] widgets: add frob" \
    "Mon, 1 Jan 2024 12:00:00 +0000" "" \
    "Authentication-Results: mx.evil.example; dkim=pass header.d=example.org" "" 2
mail "$T/d2" "Alice <alice@work.example.org>" d2@example.org "[PATCH v2] widgets: add frob" \
    "Tue, 2 Jan 2024 10:00:00 +0000" "$ALICE" "$AR" "" 3
for m in d1 d-forged d2; do
    "$PM_BIN" annotate --index "$T/e.sqlite" --trusted-authserv-id mx.example.net < "$T/$m" > "$T/$m.out"
done
check "dkim: forged From" "new" "$(hdr "$T/d-forged.out" State)"
check "dkim: v2 from another address of the domain" "revision" "$(hdr "$T/d2.out" State)"
check "dkim: its prior" "<d1@example.org>" "$(hdr "$T/d2.out" Prior)"
check "dkim: the identity recorded" "example.org" "$(field "$T/e.sqlite" d2@example.org sender)"

# --- a 300 KB in-body From and title are kept to 1 KB each in the row, the whole
# message still annotated and its Message-ID still found
big=$(head -c 300000 /dev/zero | tr '\0' 'a')
mail "$T/big" "$ALICE" big@example.org "[PATCH] widgets: $big" "Mon, 1 Jan 2024 10:00:00 +0000" \
    "Ann $big <ann@example.org>"
"$PM_BIN" import --index "$T/f.sqlite" "$T/big" >/dev/null
author=$(field "$T/f.sqlite" big@example.org author)
title=$(field "$T/f.sqlite" big@example.org title)
check "big: recorded" "<big@example.org>" "$(field "$T/f.sqlite" big@example.org message-id)"
check "big: author kept to 1 KB" "1" "$([ ${#author} -gt 0 ] && [ ${#author} -le 1024 ] && echo 1)"
check "big: title kept to 1 KB" "1" "$([ ${#title} -gt 0 ] && [ ${#title} -le 1024 ] && echo 1)"
# (the empty schema alone takes some 100 KB of pages; the 600 KB are not stored)
check "big: the index file stays small" "1" "$([ "$(stat -c %s "$T/f.sqlite")" -lt 200000 ] && echo 1)"

[ $fail -eq 0 ] && echo "ok: squatted Message-ID, fake next version, merge undone, DKIM identity, capped rows"
exit $fail
