#!/bin/bash
# t_recipe_sieve: conf/examples/patches.sieve under Dovecot's sieve-test (dry run,
# as an unprivileged user) on annotated messages: each lands in the folder and gets
# the flags the script's comment promises. The forged copy of a patch is filed by
# patchmilter's own fields, not by the forged "X-Patch-State: duplicate".
set -u
command -v sieve-test >/dev/null 2>&1 || { echo "SKIP: sieve-test (dovecot-sieve) not installed"; exit 77; }
. "$PM_SRC/tests/recipes/lib.sh"

# sieve-test saves the compiled script beside it: give it a copy it may write next to.
cp "$EXAMPLES/patches.sieve" "$T/home/"
own_home

: > "$T/got"
for f in "$T"/mail/*.eml; do
  run_unprivileged sieve-test "$T/home/patches.sieve" "$f" >"$T/out" 2>"$T/err" \
    || { cat "$T/out" "$T/err"; fail "sieve-test on $(basename "$f")"; }
  awk -v name="$(basename "$f" .eml)" '
    /store message in folder: / && folder == "" { folder = $0; sub(/.*store message in folder: /, "", folder) }
    /add IMAP flags: / { flags = $0; sub(/.*add IMAP flags: /, "", flags) }
    END { printf "%s|%s|%s\n", name, folder, flags }' "$T/out" >> "$T/got"
done

cat > "$T/want" <<'EOF2'
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
EOF2
diff -u "$T/want" "$T/got" || fail "sieve-test actions differ from the expected ones"
echo "PASS"
