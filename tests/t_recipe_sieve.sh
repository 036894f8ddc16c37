#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# t_recipe_sieve: the Sieve recipes of conf/examples under Dovecot's sieve-test (dry
# run, as an unprivileged user) on annotated messages: each lands in the folder and
# gets the flags the script's comment promises (the fixtures are annotated for Me =
# the widget maintainer: patches.sieve files the widget series in for-me). patches.sieve (the default) keeps a
# series, all its versions, in the folder of its list; patches-by-subsystem.sieve
# files by MAINTAINERS section and version. The forged copy of a patch is filed by
# patchmilter's own fields, not by the forged "X-Patch-State: duplicate".
# With Linux's MAINTAINERS in ../shared: every section title (patches-by-subsystem)
# and every list (patches.sieve) gives the folder promised, a valid mailbox name
# with no level of its own (sieve-filter over all of them), and Dovecot really
# stores a message under each title with a character a name may not hold or that
# separates levels ("/", ".").
set -u
for tool in sieve-test sieve-filter; do
  command -v "$tool" >/dev/null 2>&1 || { echo "SKIP: $tool (dovecot-sieve) not installed"; exit 77; }
done
. "$PM_SRC/tests/recipes/lib.sh"

# sieve-test saves the compiled script beside it: give it copies it may write next to.
cp "$EXAMPLES/patches.sieve" "$EXAMPLES/patches-by-subsystem.sieve" "$T/home/"
own_home

# actions SCRIPT DIR: one line per message of DIR: name|folder|flags.
actions() {
  local f
  for f in "$2"/*.eml; do
    run_unprivileged sieve-test "$T/home/$1" "$f" >"$T/out" 2>"$T/err" \
      || { cat "$T/out" "$T/err"; fail "sieve-test $1 on $(basename "$f")"; }
    awk -v name="$(basename "$f" .eml)" '
      /store message in folder: / && folder == "" { folder = $0; sub(/.*store message in folder: /, "", folder) }
      /add IMAP flags: / { flags = $0; sub(/.*add IMAP flags: /, "", flags) }
      END { printf "%s|%s|%s\n", name, folder, flags }' "$T/out"
  done
}

actions patches.sieve "$T/listed" > "$T/got"
cat > "$T/want" <<'EOF'
01-v1-0-cover|for-me|$v1
02-v1-1|for-me|$v1
03-v1-2|for-me|$v1
04-v2-0-cover|for-me|$Revision $v2
05-v2-1|for-me|$Revision $v2
06-v2-2|for-me|$Revision $Unchanged $v2
07-single|patches.direct|$v1
08-resend|patches.direct|$Resend $Unchanged $v1
09-forged|patches.netdev|$v1
10-nonpatch|INBOX|
11-reply-question|INBOX|
12-reply-reviewed|patches.review|
13-v2-1|patches.duplicates|
EOF
diff -u "$T/want" "$T/got" || fail "patches.sieve: actions differ from the expected ones"
echo "ok: patches.sieve files what you maintain in for-me, keeps other series in their list's folder"

# A reply to v1 once v2 is out: filed aside; the same reply to v2 is not.
printf '%s\n' "20261102100000.1000-1|patches.superseded|" "20261109100000.2000-1|INBOX|" > "$T/want"
for script in patches.sieve patches-by-subsystem.sieve; do
  actions "$script" "$T/late" > "$T/got"
  diff -u "$T/want" "$T/got" || fail "$script: replies to superseded versions"
  echo "ok: $script files replies to a superseded version aside"
done

# Without For (another reader, no Me): the widget series stays in its list's folder.
mkdir -p "$T/not-mine"
for f in "$T"/listed/0[1-6]-*.eml; do
  grep -v '^X-Patch-For' "$f" > "$T/not-mine/$(basename "$f")"
done
actions patches.sieve "$T/not-mine" | cut -d'|' -f2 | sort -u > "$T/got"
[ "$(cat "$T/got")" = patches.widget-devel ] || fail "patches.sieve: without For, filed in $(cat "$T/got")"
echo "ok: patches.sieve keeps a series that is not yours in its list's folder"

actions patches-by-subsystem.sieve "$T/mail" > "$T/got"
cat > "$T/want" <<'EOF'
01-v1-0-cover|patches.widget drivers.v1|
02-v1-1|patches.widget drivers.v1|
03-v1-2|patches.widget reset.v1|
04-v2-0-cover|patches.widget drivers.v2|$Revision
05-v2-1|patches.widget drivers.v2|$Revision
06-v2-2|patches.widget reset.v2|$Revision $Unchanged
07-single|patches.list helpers.v1|
08-resend|patches.list helpers.v1|$Resend $Unchanged
09-forged|patches.networking [general].v1|
10-nonpatch|INBOX|
11-reply-question|INBOX|
12-reply-reviewed|patches.review|
13-v2-1|patches.duplicates|
EOF
diff -u "$T/want" "$T/got" || fail "patches-by-subsystem.sieve: actions differ from the expected ones"
echo "ok: patches-by-subsystem.sieve files by section and version"

if [ ! -f "$REAL_MAINTAINERS" ]; then
  echo "ok (skipped): no $REAL_MAINTAINERS for the real titles and lists"
  echo "PASS"; exit 0
fi

# real_run SCRIPT FIELD VALUES_FILE [-e]: one message per line of VALUES_FILE, with
# "FIELD: value", into a Maildir's INBOX, through sieve-filter with SCRIPT (-e: for
# real, into that Maildir); prints value|folder per message, in file order.
real_run() {
  local script=$1 name=$2 values=$3 execute=${4:-} md="$T/home/real" i=0
  rm -rf "$md"; mkdir -p "$md/cur" "$md/new" "$md/tmp"
  while IFS= read -r v; do
    i=$((i + 1))
    printf 'From: a@example.org\nMessage-ID: <%d@real>\nSubject: [PATCH] x\nX-Patch-Kind: patch\nX-Patch-Version: 1\n%s: %s\n\nbody\n' \
      "$i" "$name" "$v" > "$md/new/$i.eml"
  done < "$values"
  own_home
  run_unprivileged sieve-filter $execute -o "mail_location=maildir:$md" -o mail_fsync=never \
    "$T/home/$script" INBOX >"$T/filter.out" 2>&1 || { tail -n 20 "$T/filter.out"; fail "sieve-filter $script"; }
  # A dry run names the folder under the message's ID; a real one logs where it stored.
  awk '/^  ID: +<[0-9]+@real>/ { id = $2; gsub(/[<>]|@real/, "", id) }
       /store message in folder: / { f = $0; sub(/.*store message in folder: /, "", f); folder[id] = f }
       /msgid=<[0-9]+@real>: fileinto action: stored mail into mailbox / {
         id = $0; sub(/.*msgid=</, "", id); sub(/@real>.*/, "", id)
         f = $0; sub(/^[^\x27]*\x27/, "", f); sub(/\x27\.?$/, "", f); folder[id] = f }
       END { for (id in folder) print id "|" folder[id] }' "$T/filter.out" | sort -n > "$T/filed"
  cut -d'|' -f2- "$T/filed" > "$T/folders"
  [ "$(wc -l < "$T/filed")" -eq "$i" ] || fail "$script: $(wc -l < "$T/filed") of $i messages filed"
}

real_titles > "$T/titles"
real_run patches-by-subsystem.sieve X-Patch-Subsystem "$T/titles"
awk '{ t = tolower($0); gsub(/[\/.]/, "_", t); print "patches." t ".v1" }' "$T/titles" > "$T/want"
diff -u "$T/want" "$T/folders" > "$T/diff" || { head -n 20 "$T/diff"; fail "patches-by-subsystem.sieve: real titles filed elsewhere"; }
echo "ok: patches-by-subsystem.sieve on the $(wc -l < "$T/titles") titles of the real MAINTAINERS"

grep '[/.]' "$T/titles" > "$T/odd"
real_run patches-by-subsystem.sieve X-Patch-Subsystem "$T/odd" -e
grep -E 'error|failed' "$T/filter.out" | head -n 5 | grep . && fail "Dovecot refused a folder of patches-by-subsystem.sieve"
awk '{ t = tolower($0); gsub(/[\/.]/, "_", t); print "patches." t ".v1" }' "$T/odd" > "$T/want"
diff -u "$T/want" "$T/folders" > "$T/diff" || { head -n 20 "$T/diff"; fail "Dovecot stored real titles elsewhere"; }
echo "ok: Dovecot stores the $(wc -l < "$T/odd") titles with \"/\" or \".\" where promised"

real_lists | awk '{ id = $0; sub(/@/, ".", id); print "Some list <" id ">" }' > "$T/lists"
real_run patches.sieve List-Id "$T/lists"
awk -F'[<>]' '{ split($2, label, "."); print "patches." tolower(label[1]) }' "$T/lists" > "$T/want"
diff -u "$T/want" "$T/folders" > "$T/diff" || { head -n 20 "$T/diff"; fail "patches.sieve: real lists filed elsewhere"; }
echo "ok: patches.sieve on the $(wc -l < "$T/lists") lists of the real MAINTAINERS"
echo "PASS"
