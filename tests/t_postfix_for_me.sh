#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# t_postfix_for_me: X-Patch-For and X-Patch-Bot through a real Postfix and the milter
# (Me and Bot in patchmilter.conf, a MAINTAINERS of our own), delivered by procmail with
# the shipped conf/examples/procmailrc: the patch to the files Me maintains lands in
# .for-me/, a patch to other files in its list folder even when its sender forged
# "X-Patch-For: maintainer", a configured bot's reply is named and gets no Review, and
# a person's reply to the patch (with an index) inherits its For and Series.
set -u
. "$PM_SRC/tests/milter/lib.sh"
. "$PM_SRC/tests/postfix/lib.sh"
pf_need swaks procmail formail
pf_add_user pmforme

FIX="$PM_SRC/tests/fixtures"
cp "$FIX/recipes/MAINTAINERS" "$T/MAINTAINERS"; chmod 644 "$T/MAINTAINERS"
install -d -m 777 "$T/db"
start_milter "UMask 000" "Maintainers $T/MAINTAINERS" "Me Ada Maintainer <ADAM@example.org>" \
  "Me rexm@example.org" "Bot nipa nipa+*@example.org" "Index $T/db/index.sqlite"
install -d -o "$TUSER" "$MAILDIR" "$MAILDIR/new" "$MAILDIR/cur" "$MAILDIR/tmp"
install -o "$TUSER" -m 644 "$PM_SRC/conf/examples/procmailrc" "$THOME/patches.procmailrc"
printf 'MAILDIR=$HOME/Maildir\nDEFAULT=$HOME/Maildir/\nINCLUDERC=$HOME/patches.procmailrc\n' > "$THOME/.procmailrc"
chown "$TUSER" "$THOME/.procmailrc"; chmod 644 "$THOME/.procmailrc"
start_postfix --mailbox-command '/usr/bin/procmail -a "$EXTENSION"'

send() { # FILE: one message to the test user
  swaks --silent 2 --server "127.0.0.1:$SMTP_PORT" --from dev@example.org --to "$TUSER@mx.test.example" \
    --data "$1" >"$T/swaks.err" 2>&1 || { cat "$T/swaks.err"; fail "SMTP submission of $1"; }
}
# The single patch (lib/list.c, Bob's section) with a forged For, as a list copy.
{ printf 'List-Id: <lib-devel.lists.example.org>\nX-Patch-For: maintainer\n'; cat "$FIX/series/single.eml"; } > "$T/forged.eml"
cat > "$T/bot.eml" <<'MAIL'
From: NIPA <nipa+checks@example.org>
Subject: Re: [PATCH 1/2] widget: fix the count
Message-ID: <nipa-1@example.org>
In-Reply-To: <20261102100000.1000-1-ada@example.org>

> +	count++;

Acked-by: NIPA <nipa+checks@example.org>
MAIL
# A person's reply to the widget patch, sent after it: it inherits the patch's role.
cat > "$T/reply.eml" <<'MAIL'
From: Rae <rae@example.org>
Subject: Re: [PATCH 1/2] widget: fix the count
Message-ID: <rae-1@example.org>
In-Reply-To: <20261102100000.1000-1-ada@example.org>
References: <20261102100000.1000-0-ada@example.org> <20261102100000.1000-1-ada@example.org>

> +	count++;

Why count here?
MAIL
send "$FIX/series/v1-1.eml"
send "$T/forged.eml"
send "$T/bot.eml"
wait_delivered 3 30 || fail "not delivered"
send "$T/reply.eml"
wait_delivered 4 30 || fail "the reply was not delivered"

# find_by_id ID: the delivered file holding Message-ID <ID>.
find_by_id() { grep -l -i -x -F "Message-ID: <$1>" $(delivered_files) | head -n 1; }
mine=$(find_by_id 20261102100000.1000-1-ada@example.org)
case "$mine" in "$MAILDIR/.for-me/new/"*) ;; *) fail "the widget patch went to ${mine#"$MAILDIR"/}, not .for-me/: $(grep "^X-Patch-" "$mine")" ;; esac
grep -q '^X-Patch-For: maintainer$' "$mine" || fail "no X-Patch-For: maintainer"
[ "$(grep -c '^X-Patch-For-Sections:' "$mine")" -eq 1 ] && grep -q '^X-Patch-For-Sections: WIDGET DRIVERS$' "$mine" \
  || fail "For-Sections: $(grep '^X-Patch-For' "$mine")"
echo "ok: the patch you maintain is filed in .for-me/ through Postfix"

other=$(find_by_id 20261110090000.3000-1-bob@example.org)
case "$other" in "$MAILDIR/.patches.lib-devel/new/"*) ;; *) fail "the forged patch went to ${other#"$MAILDIR"/}" ;; esac
grep -qi '^X-Patch-For' "$other" && fail "a forged X-Patch-For survived"
echo "ok: a forged X-Patch-For is removed and files nothing"

bot=$(find_by_id nipa-1@example.org)
grep -q '^X-Patch-Bot: nipa$' "$bot" || fail "no X-Patch-Bot: nipa: $(grep '^X-Patch-' "$bot")"
grep -q '^X-Patch-Review' "$bot" && fail "a bot's reply got X-Patch-Review"
echo "ok: a configured bot is named and its reply is no review"

reply=$(find_by_id rae-1@example.org)
grep -q '^X-Patch-For: maintainer$' "$reply" || fail "the reply did not inherit For: $(grep '^X-Patch-' "$reply")"
grep -q '^X-Patch-For-Sections: WIDGET DRIVERS$' "$reply" || fail "the reply's For-Sections: $(grep '^X-Patch-For' "$reply")"
[ "$(sed -n 's/^X-Patch-Series: //p' "$reply")" = "$(sed -n 's/^X-Patch-Series: //p' "$mine")" ] ||
  fail "the reply's series is not its patch's"
echo "ok: a reply inherits the role and series of the patch it answers, through Postfix"
stop_milter
echo "PASS"
