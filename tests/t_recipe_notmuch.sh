#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# t_recipe_notmuch: the [index] lines of conf/examples/notmuch-config make the
# fields searchable: after `notmuch new` over annotated messages, searches by
# series version, kind, series id (replies included), state, subsystem and review
# find exactly the
# expected messages (for a repeated field such as X-Patch-Subsystem, notmuch
# indexes the first one only); the post-new line of the recipe tags a reply to a
# superseded version "superseded" and takes it out of the inbox, and no other.
set -u
command -v notmuch >/dev/null 2>&1 || { echo "SKIP: notmuch not installed"; exit 77; }
. "$PM_SRC/tests/recipes/lib.sh"

DB="$T/home/mail"
mkdir -p "$DB/cur" "$DB/new" "$DB/tmp"
# The duplicate (13th) is the same Message-ID as the 5th: notmuch keeps one message.
for f in "$T"/mail/*.eml; do cp "$f" "$DB/cur/$(basename "$f" .eml):2,"; done
{
  printf '[database]\npath=%s\n[user]\nname=Test\nprimary_email=test@example.org\n[new]\ntags=inbox\n' "$DB"
  grep -v '^#' "$EXAMPLES/notmuch-config"
} > "$T/home/notmuch-config"
own_home
nm() { run_unprivileged env NOTMUCH_CONFIG="$T/home/notmuch-config" notmuch "$@"; }
nm new >/dev/null 2>"$T/err" || { cat "$T/err"; fail "notmuch new"; }

expect() { # QUERY EXPECTED-MESSAGE-IDS (space separated, any order)
  local got want
  got=$(nm search --output=messages "$1" | sed 's/^id://' | sort | tr '\n' ' ')
  want=$(echo "$2" | tr ' ' '\n' | grep . | sort | tr '\n' ' ')
  [ "$got" = "$want" ] || fail "notmuch search '$1': got '$got', expected '$want'"
  echo "ok: $1"
}
V1=20261102100000.1000; V2=20261109100000.2000
expect 'PatchVersion:2 and PatchKind:patch' "$V2-1-ada@example.org $V2-2-ada@example.org"
expect 'PatchVersion:2' "$V2-0-ada@example.org $V2-1-ada@example.org $V2-2-ada@example.org review-2@example.net question-1@example.org"
expect 'PatchKind:cover' "$V1-0-ada@example.org $V2-0-ada@example.org"
series=$(sed -n 's/^X-Patch-Series: //p' "$T/mail/01-v1-0-cover.eml")
[ -n "$series" ] || fail "no X-Patch-Series in the cover letter"
# a reply carries the series of the patch it answers: the series comes with its review
expect "PatchSeries:$series" "$V1-0-ada@example.org $V1-1-ada@example.org $V1-2-ada@example.org $V2-0-ada@example.org $V2-1-ada@example.org $V2-2-ada@example.org review-2@example.net question-1@example.org"
expect 'PatchState:revision and PatchChanged:no' "$V2-2-ada@example.org"
# notmuch indexes the first field of a name only: the most specific section.
expect 'PatchSubsystem:"widget reset"' "$V1-2-ada@example.org $V2-2-ada@example.org"
expect 'PatchSubsystem:"widget drivers"' "$V1-0-ada@example.org $V1-1-ada@example.org $V2-0-ada@example.org $V2-1-ada@example.org"
expect 'PatchReview:Reviewed-by' "review-2@example.net"

# The late replies: the one to v1, which v2 supersedes, is tagged superseded and leaves
# the inbox by the post-new line the recipe gives; the one to v2 stays.
for f in "$T"/late/*.eml; do cp "$f" "$DB/cur/late-$(basename "$f" .eml):2,"; done
own_home
nm new >/dev/null 2>"$T/err" || { cat "$T/err"; fail "notmuch new (late replies)"; }
expect 'PatchSupersededVersion:2' "late-$V1-1@example.org"
if [ "$(nm config get built_with.sexp_queries)" != true ]; then
  echo "ok (skipped): this notmuch has no s-expression queries for the superseded tag"
  echo "PASS"; exit 0
fi
hook=$(sed -n 's/^#   \(notmuch tag --query=sexp .*\)$/\1/p' "$EXAMPLES/notmuch-config")
[ -n "$hook" ] || fail "notmuch-config: no post-new tag line found"
run_unprivileged env NOTMUCH_CONFIG="$T/home/notmuch-config" sh -c "$hook" || fail "post-new line: $hook"
expect 'tag:superseded' "late-$V1-1@example.org"
expect 'tag:inbox and PatchKind:reply' "review-2@example.net question-1@example.org late-$V2-1@example.org"
echo "PASS"
