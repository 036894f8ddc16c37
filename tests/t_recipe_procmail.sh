#!/bin/bash
# t_recipe_procmail: conf/examples/procmailrc delivers annotated messages, as an
# unprivileged user, into a Maildir: each lands in the Maildir++ folder the
# recipe's comment promises, revisions, resends and unchanged diffs carry their
# X-Label, and what no recipe takes reaches $DEFAULT.
set -u
for tool in procmail formail; do
  command -v "$tool" >/dev/null 2>&1 || { echo "SKIP: $tool not installed"; exit 77; }
done
. "$PM_SRC/tests/recipes/lib.sh"

MD="$T/home/Maildir"
mkdir -p "$MD/new" "$MD/cur" "$MD/tmp"
cp "$EXAMPLES/procmailrc" "$T/home/patches.rc"
own_home
for f in "$T"/mail/*.eml; do
  run_unprivileged procmail -p MAILDIR="$MD" DEFAULT="$MD/" LOGFILE="$T/home/procmail.log" \
    "$T/home/patches.rc" < "$f" || { cat "$T/home/procmail.log"; fail "procmail on $(basename "$f")"; }
done

# Where each message landed (by Message-ID) and its X-Label values.
: > "$T/got"
for f in "$T"/mail/*.eml; do
  name=$(basename "$f" .eml)
  id=$(grep -m1 -i '^Message-ID:' "$f")
  # The 13th message is a second copy of the 5th: tell them apart by their State.
  state=$(grep -m1 '^X-Patch-State:' "$f")
  hit=""
  while IFS= read -r cand; do
    if grep -qixF "$id" "$cand" && { [ -z "$state" ] || grep -qxF "$state" "$cand"; }; then hit=$cand; break; fi
  done < <(find "$MD" -path '*/new/*' -type f | sort)
  [ -n "$hit" ] || fail "$name was not delivered"
  folder=$(dirname "$(dirname "$hit")"); folder=${folder#"$MD"}; folder=${folder#/}
  [ -z "$folder" ] && folder=INBOX
  labels=$(grep '^X-Label:' "$hit" | sed 's/^X-Label: //' | tr '\n' ' ' | sed 's/ $//')
  echo "$name|$folder|$labels" >> "$T/got"
done

cat > "$T/want" <<'EOF2'
01-v1-0-cover|.patches.widget_drivers.v1|
02-v1-1|.patches.widget_drivers.v1|
03-v1-2|.patches.widget_reset.v1|
04-v2-0-cover|.patches.widget_drivers.v2|revision
05-v2-1|.patches.widget_drivers.v2|revision
06-v2-2|.patches.widget_reset.v2|revision unchanged
07-single|.patches.list_helpers.v1|
08-resend|.patches.list_helpers.v1|resend unchanged
09-forged|.patches.networking_[general].v1|
10-nonpatch|INBOX|
11-reply-question|INBOX|
12-reply-reviewed|.patches.review|
13-v2-1|.patches.duplicates|
EOF2
diff -u "$T/want" "$T/got" || { cat "$T/home/procmail.log"; fail "procmail deliveries differ from the expected ones"; }
total=$(find "$MD" -path '*/new/*' -type f | wc -l)
[ "$total" -eq 13 ] || fail "$total messages delivered, 13 sent"
echo "PASS"
