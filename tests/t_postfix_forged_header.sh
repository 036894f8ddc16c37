#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# t_postfix_forged_header: the attacks of tests/forged-headers.sh (a forged "X-Patch-State:
# duplicate" below a line that is no field, behind a continuation line at the top,
# after a bare CR in a field) sent through a real Postfix and the milter. Postfix's
# cleanup ends the header at a line that is no field with an empty line, and glues a
# continuation line at the top onto its own Received field; the milter removes every
# copy of our fields Postfix shows it, and what a bare CR hides inside another field.
# Then the delivered messages are read as the user's mail system reads them: Dovecot's
# sieve-test with the shipped patches.sieve files none as a duplicate, formail finds no
# forged X-Patch-State, and Python's email (a bare CR ends its lines) sees only ours.
set -u
. "$PM_SRC/tests/milter/lib.sh"
. "$PM_SRC/tests/postfix/lib.sh"
. "$PM_SRC/tests/forged-headers.sh"
pf_need swaks sieve-test formail python3 runuser
pf_add_user pmfhdr

start_milter "UMask 000"
start_postfix
mkdir -p "$T/attack"
for a in $ATTACKS; do
  # SMTP wants CR LF; a bare CR stays as it is.
  attack "$a" | sed 's/\r$//; s/$/\r/' > "$T/attack/$a.eml"
  swaks --silent 2 --server "127.0.0.1:$SMTP_PORT" --from eve@example.org --to "$TUSER@mx.test.example" \
    --data "$T/attack/$a.eml" >/dev/null 2>"$T/swaks.err" || { cat "$T/swaks.err"; fail "SMTP submission of $a"; }
done
n=$(echo $ATTACKS | wc -w)
wait_delivered "$n" 60 || fail "$(delivered_count) of $n delivered"
mkdir -p "$T/delivered"
chmod 755 "$T" "$T/delivered"
for f in $(delivered_files); do
  a=$(grep -a -o -m1 '<[a-z0-9-]*@attack.example>' "$f" | sed 's/^<//; s/@.*//')
  [ -n "$a" ] || fail "a delivered message without its Message-ID: $(head -c 300 "$f")"
  cp "$f" "$T/delivered/$a.eml"
done
chmod 644 "$T"/delivered/*
[ "$(ls "$T/delivered" | wc -l)" -eq "$n" ] || fail "not every attack delivered: $(ls "$T/delivered")"

python_sees_only_ours "$T"/delivered/*.eml || fail "Python's email sees a forged field after delivery"
echo "ok: Python's email sees only our fields"

cp "$PM_SRC/conf/examples/patches.sieve" "$T/patches.sieve"
chmod 644 "$T/patches.sieve"
for a in $ATTACKS; do
  out=$(cd "$T" && runuser -u "$TUSER" -- sieve-test "$T/patches.sieve" "$T/delivered/$a.eml" 2>&1)
  folder=$(echo "$out" | sed -n 's/.*store message in folder: //p' | head -n 1)
  case $folder in
    patches.direct|INBOX) ;;
    *) fail "patches.sieve files the delivered $a attack into ${folder:-?}: $out" ;;
  esac
  states=$(formail -c -x X-Patch-State: < "$T/delivered/$a.eml" | tr -d ' \r' | tr '\n' ' ')
  case $states in ''|'new '|'resend ') ;; *) fail "formail sees X-Patch-State: $states in $a" ;; esac
done
echo "ok: patches.sieve and formail see no forged field"
stop_milter
echo "PASS"
