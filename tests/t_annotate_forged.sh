#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# t_annotate_forged: patch mail whose header block hides a forged "X-Patch-State:
# duplicate" and "X-Patch-Kind: reply" from a parser that stops at the first line
# that is no field (8-bit, NUL or control byte in a name, no colon, ": value", a
# UTF-8 byte order mark, a diff with no empty line before it), behind a continuation
# line at the very top, or after a bare CR inside a field. `patchmilter annotate`
# ends the header where it ends it (an empty line there, as Postfix's cleanup writes
# one) and removes what a reader splitting lines at a bare CR takes for our fields.
# Then the shipped recipes read the result as a user's mail system would: Dovecot's
# sieve-test with patches.sieve, procmail with procmailrc-annotate (annotate as the
# filter) on the mail as it came, and Python's email parser (which also splits lines
# at a bare CR); none of them may file the patch as a duplicate or see a forged field.
set -u
for tool in sieve-test procmail formail python3; do
  command -v "$tool" >/dev/null 2>&1 || { echo "SKIP: $tool not installed"; exit 77; }
done
. "$PM_SRC/tests/recipes/lib.sh"
. "$PM_SRC/tests/forged-headers.sh"

mkdir -p "$T/attack" "$T/raw"
for a in $ATTACKS; do
  attack "$a" > "$T/raw/$a.eml"
  "$PM_BIN" annotate --index "$T/attack.sqlite" < "$T/raw/$a.eml" > "$T/attack/$a.eml" 2>"$T/err" \
    || { cat "$T/err"; fail "annotate $a"; }
done
chmod 644 "$T"/attack/* "$T"/raw/*

# Python's email: the X-Patch- fields it sees are ours, each once, none forged.
python_sees_only_ours "$T"/attack/*.eml || fail "Python's email sees a forged field"
echo "ok: Python's email sees only our fields"

# Dovecot's Sieve with the shipped patches.sieve.
cp "$EXAMPLES/patches.sieve" "$T/home/"
own_home
for a in $ATTACKS; do
  run_unprivileged sieve-test "$T/home/patches.sieve" "$T/attack/$a.eml" >"$T/out" 2>&1 \
    || { cat "$T/out"; fail "sieve-test on $a"; }
  folder=$(sed -n 's/.*store message in folder: //p' "$T/out" | head -n 1)
  case $folder in
    patches.duplicates|patches.review) fail "patches.sieve files the $a attack into $folder" ;;
    patches.direct|INBOX) ;;
    *) cat "$T/out"; fail "patches.sieve: $a in $folder" ;;
  esac
done
echo "ok: patches.sieve files no attack as a duplicate"

# procmail: procmailrc-annotate runs annotate as the filter on the mail as it came.
mkdir -p "$T/bin" && cp "$PM_BIN" "$T/bin/patchmilter" && chmod 755 "$T/bin" "$T/bin/patchmilter"
sed "s|/usr/sbin/patchmilter|$T/bin/patchmilter|; s|/usr/share/doc/patchmilter/examples/|$T/home/|" \
  "$EXAMPLES/procmailrc-annotate" > "$T/home/procmailrc-annotate"
cp "$EXAMPLES/procmailrc" "$T/home/procmailrc"
MD="$T/home/Maildir"
mkdir -p "$MD/new" "$MD/cur" "$MD/tmp"
own_home
for a in $ATTACKS; do
  run_unprivileged env PATCHMILTER_INDEX="$T/home/filter.sqlite" \
    procmail -p MAILDIR="$MD" DEFAULT="$MD/" LOGFILE="$T/home/procmail.log" "$T/home/procmailrc-annotate" \
    < "$T/raw/$a.eml" || { cat "$T/home/procmail.log"; fail "procmail on $a"; }
done
[ "$(find "$MD" -path '*/new/*' -type f | wc -l)" -eq "$(echo $ATTACKS | wc -w)" ] || fail "not every attack delivered"
filed=$(find "$MD/.patches.duplicates" "$MD/.patches.review" -path '*/new/*' -type f 2>/dev/null)
[ -z "$filed" ] || fail "procmailrc files attacks away: $(grep -h '^Subject:' $filed | tr '\r\n' '  ')"
for f in $(find "$MD" -path '*/new/*' -type f); do
  states=$(formail -c -x X-Patch-State: < "$f" | tr -d ' \r' | tr '\n' ' ')
  case $states in ''|'new '|'resend ') ;; *) fail "formail sees X-Patch-State: $states in $(grep -m1 '^Subject:' "$f")" ;; esac
done
echo "ok: procmailrc-annotate files no attack as a duplicate"
echo "PASS"
