#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# t_recipe_procmail: the procmail recipes of conf/examples deliver annotated
# messages, as an unprivileged user, into a Maildir: each lands in the Maildir++
# folder the recipe's comment promises, with the X-Label fields it promises, and
# what no recipe takes reaches $DEFAULT; a reply to a superseded version goes into
# .patches.superseded/ with both recipes. procmailrc (the default) keeps a series,
# all its versions, in the folder of its list; procmailrc-by-subsystem files by
# MAINTAINERS section and version; procmailrc-annotate runs `patchmilter annotate`
# as a filter on mail as it came (no milter, no Me: nothing is for-me) and files it
# as procmailrc does.
# With Linux's MAINTAINERS in ../shared: every section title gives a folder name of
# letters, digits, "-" and "_" only.
set -u
for tool in procmail formail; do
  command -v "$tool" >/dev/null 2>&1 || { echo "SKIP: $tool not installed"; exit 77; }
done
. "$PM_SRC/tests/recipes/lib.sh"

# The user may not reach the build tree (a checkout under /root): a copy of the command.
mkdir -p "$T/bin" && cp "$PM_BIN" "$T/bin/patchmilter" && chmod 755 "$T/bin" "$T/bin/patchmilter"
MD="$T/home/Maildir"

# deliver RC DIR: delivers every message of DIR with RC into a new $MD, then prints
# name|folder|labels for each (found by Message-ID; the 13th message of $T/mail is a
# second copy of the 5th, told apart by the X-Patch-State the recipe tests' annotation
# gave it).
deliver() {
  local rc=$1 dir=$2 f name id state hit cand folder labels
  rm -rf "$MD"; mkdir -p "$MD/new" "$MD/cur" "$MD/tmp"
  sed "s|/usr/share/doc/patchmilter/examples/|$T/home/|; s|/usr/sbin/patchmilter|$T/bin/patchmilter|" "$EXAMPLES/$rc" > "$T/home/$rc"
  : > "$T/home/procmail.log"
  own_home
  for f in "$dir"/*.eml; do
    run_unprivileged env PATCHMILTER_INDEX="$T/home/filter.sqlite" \
      procmail -p MAILDIR="$MD" DEFAULT="$MD/" LOGFILE="$T/home/procmail.log" "$T/home/$rc" < "$f" \
      || { cat "$T/home/procmail.log"; fail "procmail $rc on $(basename "$f")"; }
  done
  for f in "$dir"/*.eml; do
    name=$(basename "$f" .eml)
    id=$(grep -m1 -i '^Message-ID:' "$f")
    state=$(grep -s -m1 '^X-Patch-State:' "$T/mail/$name.eml")
    hit=""
    while IFS= read -r cand; do
      if grep -qixF "$id" "$cand" && { [ -z "$state" ] || grep -qxF "$state" "$cand"; }; then hit=$cand; break; fi
    done < <(find "$MD" -path '*/new/*' -type f | sort)
    [ -n "$hit" ] || { cat "$T/home/procmail.log"; fail "$rc: $name was not delivered"; }
    folder=$(dirname "$(dirname "$hit")"); folder=${folder#"$MD"}; folder=${folder#/}
    [ -z "$folder" ] && folder=INBOX
    labels=$(grep '^X-Label:' "$hit" | sed 's/^X-Label: //' | tr '\n' ' ' | sed 's/ $//')
    echo "$name|$folder|$labels"
  done
  total=$(find "$MD" -path '*/new/*' -type f | wc -l)
  sent=$(find "$dir" -name '*.eml' | wc -l)
  [ "$total" -eq "$sent" ] || fail "$rc: $total messages delivered, $sent sent"
}

cat > "$T/want-list" <<'EOF'
01-v1-0-cover|.patches.widget-devel|v1
02-v1-1|.patches.widget-devel|v1
03-v1-2|.patches.widget-devel|v1
04-v2-0-cover|.patches.widget-devel|v2 revision
05-v2-1|.patches.widget-devel|v2 revision
06-v2-2|.patches.widget-devel|v2 revision unchanged
07-single|.patches.direct|v1
08-resend|.patches.direct|v1 resend unchanged
09-forged|.patches.netdev|v1
10-nonpatch|INBOX|
11-reply-question|INBOX|
12-reply-reviewed|.patches.review|
13-v2-1|.patches.duplicates|
EOF
# The fixtures are annotated for Me = the widget maintainer: that series is for-me.
sed 's/^\(0[1-6]-[^|]*\)|\.patches\.widget-devel|/\1|.for-me|/' "$T/want-list" > "$T/want-me"
grep -q '^06-v2-2|.for-me|v2 revision unchanged$' "$T/want-me" || fail "want-me not made"
deliver procmailrc "$T/listed" > "$T/got" || { cat "$T/got"; exit 1; }
diff -u "$T/want-me" "$T/got" || { cat "$T/home/procmail.log"; fail "procmailrc: deliveries differ from the expected ones"; }
echo "ok: procmailrc files what you maintain in .for-me, keeps other series in their list's folder"

deliver procmailrc-by-subsystem "$T/mail" > "$T/got" || { cat "$T/got"; exit 1; }
cat > "$T/want" <<'EOF'
01-v1-0-cover|.patches.widget_drivers.v1|
02-v1-1|.patches.widget_drivers.v1|
03-v1-2|.patches.widget_reset.v1|
04-v2-0-cover|.patches.widget_drivers.v2|revision
05-v2-1|.patches.widget_drivers.v2|revision
06-v2-2|.patches.widget_reset.v2|revision unchanged
07-single|.patches.list_helpers.v1|
08-resend|.patches.list_helpers.v1|resend unchanged
09-forged|.patches.networking_general.v1|
10-nonpatch|INBOX|
11-reply-question|INBOX|
12-reply-reviewed|.patches.review|
13-v2-1|.patches.duplicates|
EOF
diff -u "$T/want" "$T/got" || { cat "$T/home/procmail.log"; fail "procmailrc-by-subsystem: deliveries differ from the expected ones"; }
echo "ok: procmailrc-by-subsystem files by section and version"

# A reply to v1 once v2 is out: filed aside; the same reply to v2 is not.
printf '%s\n' "20261102100000.1000-1|.patches.superseded|" "20261109100000.2000-1|INBOX|" > "$T/want"
for rc in procmailrc procmailrc-by-subsystem; do
  deliver "$rc" "$T/late" > "$T/got" || { cat "$T/got"; exit 1; }
  diff -u "$T/want" "$T/got" || { cat "$T/home/procmail.log"; fail "$rc: replies to superseded versions"; }
  echo "ok: $rc files replies to a superseded version aside"
done

# The same mail as it came from the lists, before any annotation.
mkdir -p "$T/raw"
for f in "$T"/listed/*.eml; do
  name=$(basename "$f" .eml); src=$(echo $MESSAGES | tr ' ' '\n' | sed -n "$((10#${name%%-*}))p")
  { grep -m1 '^List-Id:' "$f"; cat "$FIX/$src.eml"; } > "$T/raw/$name.eml"
done
cp "$EXAMPLES/procmailrc" "$T/home/procmailrc"
deliver procmailrc-annotate "$T/raw" > "$T/got" || { cat "$T/got"; exit 1; }
diff -u "$T/want-list" "$T/got" || { cat "$T/home/procmail.log"; fail "procmailrc-annotate: deliveries differ from the expected ones"; }
grep -q '^X-Patch-Series: ' "$MD/.patches.widget-devel/new/"* || fail "procmailrc-annotate: no X-Patch-Series"
echo "ok: procmailrc-annotate annotates and files as procmailrc"

if [ ! -f "$REAL_MAINTAINERS" ]; then
  echo "ok (skipped): no $REAL_MAINTAINERS for the real titles"
  echo "PASS"; exit 0
fi
# Every real title through procmailrc-by-subsystem's naming command (the backquoted one),
# in one run: its tr keeps the newlines between titles, which it otherwise never sees.
real_titles > "$T/titles"
cmd=$(sed -n 's/^    { PATCH_SUBSYSTEM=`\(.*\)` }$/\1/p' "$EXAMPLES/procmailrc-by-subsystem")
[ -n "$cmd" ] || fail "procmailrc-by-subsystem: no naming command found"
cmd=${cmd//\'a-z0-9-\'/\'a-z0-9-\\n\'}
cmd=${cmd//printf \'%s\' \"\$MATCH\"/cat \"\$T/titles\"}
case $cmd in cat*a-z0-9-\\n*) ;; *) fail "procmailrc-by-subsystem: naming command not as expected: $cmd" ;; esac
T=$T sh -c "$cmd" > "$T/names" || fail "naming command: $cmd"
[ "$(wc -l < "$T/names")" -eq "$(wc -l < "$T/titles")" ] || fail "a title gave no name"
bad=$(grep -v '^[a-z0-9-]\+\(_[a-z0-9-]\+\)*$' "$T/names" | head -n 5)
[ -z "$bad" ] || fail "procmailrc-by-subsystem: folder names with other characters: $bad"
echo "ok: procmailrc-by-subsystem names the $(wc -l < "$T/titles") real titles with letters, digits, - and _"
echo "PASS"
