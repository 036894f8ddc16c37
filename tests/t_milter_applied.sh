#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# t_milter_applied: the milter scans its AppliedTree branches on its own thread: a
# patch applied with a Link: trailer before start-up is marked at once, one applied
# while it runs is marked within AppliedCheckInterval (1 s here), both logged; a
# branch that cannot be read is logged once, not every round, and mail still flows.
set -u
. "$PM_SRC/tests/milter/lib.sh"
need git
G() { git -C "$T/run/widget" -c safe.directory='*' -c user.name="Ada Dev" \
        -c user.email=ada@example.org -c init.defaultBranch=main -c core.hooksPath=/dev/null "$@"; }
give() { [ -n "$RUN_AS" ] && chown -R "$RUN_AS" "$T/run"; return 0; }

mkdir -p "$T/run/widget" "$T/mail"
G init -q .
printf 'a\nb\nc\n' > "$T/run/widget/count.c"; printf 'x\n' > "$T/run/widget/reset.c"
G add -A; G commit -q -m "widget: base"
G checkout -q -b topic
printf 'a\nB\nc\n' > "$T/run/widget/count.c"; G commit -q -a -m "widget: fix the count"
printf 'y\n' >> "$T/run/widget/reset.c"; G commit -q -a -m "widget: reset on open"
G format-patch -q --thread -o "$T/mail" main >/dev/null
msgid() { sed -n 's/^Message-I[dD]: <\(.*\)>$/\1/p' "$1" | head -1; }
p1=$(msgid "$T"/mail/0001-*.patch); p2=$(msgid "$T"/mail/0002-*.patch)
for f in "$T"/mail/*.patch; do cat "$f"; echo; done > "$T/list.mbox"
"$PM_BIN" import --index "$T/run/index.sqlite" "$T/list.mbox" >/dev/null
G checkout -q main
G am -q "$T"/mail/0001-*.patch
G commit -q --amend --no-edit --trailer "Link: https://lore.kernel.org/r/$p1"
give

applied() { "$PM_BIN" lookup --index "$T/run/index.sqlite" "$1" 2>/dev/null | grep -c '^applied: widget main'; }
wait_applied() { # MSGID: up to 10 s
  for _ in $(seq 1 100); do [ "$(applied "$1")" = 1 ] && return 0; sleep 0.1; done
  fail_with_logs "<$1> not marked applied" "$T/milter.log"
}
start_milter "Index $T/run/index.sqlite" "AppliedTree $T/run/widget:main" \
  "AppliedTree $T/run/no-such-repo:main" "AppliedCheckInterval 1"
wait_applied "$p1"
[ "$(applied "$p2")" = 0 ] || fail_with_logs "<$p2> marked before it was applied" "$T/milter.log"
echo "ok: a branch applied before start-up is scanned at once"

G am -q "$T"/mail/0002-*.patch
give
wait_applied "$p2"
echo "ok: a patch applied while the milter runs is marked within the interval"
sleep 2.2 # two more rounds
run_lua subjects.lua
stop_milter
grep -q "AppliedTree $T/run/widget:main: 2 commits, 1 messages applied (1 by Link, 0 by patch-id)" "$T/milter.log" ||
  fail_with_logs "first scan not logged" "$T/milter.log"
grep -q "AppliedTree $T/run/widget:main: 1 commits, 1 messages applied (0 by Link, 1 by patch-id)" "$T/milter.log" ||
  fail_with_logs "second scan not logged" "$T/milter.log"
[ "$(grep -c "AppliedTree $T/run/no-such-repo:main: .*trying again" "$T/milter.log")" = 1 ] ||
  fail_with_logs "an unreadable branch is not logged exactly once" "$T/milter.log"
echo "ok: scans logged; an unreadable branch logged once"
