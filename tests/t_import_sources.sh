#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# t_import_sources: import reads a Maildir++ root with its folders (.NAME/cur, as the
# shipped recipes make them), and refuses a git repository that is not a public-inbox
# archive (exit 1, saying what it is not) instead of importing 0 messages. Progress on
# a terminal gives the total and a percentage for a Maildir and a git epoch.
set -u
. "$PM_SRC/tests/lib.sh"
need git
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
F="$PM_FIXTURES/import/widgets-v2"

# the fixture Maildir's messages, spread over INBOX and two Maildir++ folders
mkdir -p "$T/md/cur" "$T/md/new" "$T/md/tmp" "$T/md/.patches.widgets/cur" "$T/md/.patches.v2/new"
files=("$F"/cur/* "$F"/new/*)
n=0
for f in "${files[@]}"; do
  [ -f "$f" ] || continue
  case $((n % 3)) in
    0) cp "$f" "$T/md/cur/" ;;
    1) cp "$f" "$T/md/.patches.widgets/cur/" ;;
    2) cp "$f" "$T/md/.patches.v2/new/" ;;
  esac
  n=$((n + 1))
done
[ "$n" -ge 3 ] || fail "fixture has $n messages"
expected=$("$PM_BIN" import --index "$T/a.sqlite" "$F") || fail "import of the fixture"
got=$("$PM_BIN" import --index "$T/b.sqlite" "$T/md") || fail "import of the Maildir++ root"
[ "${got% in *}" = "${expected% in *}" ] || fail "Maildir++ root: '$got', expected '$expected'"

# a git repository of code: not a public-inbox archive
export GIT_AUTHOR_NAME=t GIT_AUTHOR_EMAIL=t@example.org GIT_COMMITTER_NAME=t \
  GIT_COMMITTER_EMAIL=t@example.org GIT_CONFIG_NOSYSTEM=1 HOME="$T"
git init -q "$T/code"
echo 'int main(void) { return 0; }' > "$T/code/main.c"
git -C "$T/code" add main.c && git -C "$T/code" commit -qm "first" || fail "git commit"
git clone -q --bare "$T/code" "$T/code.git" || fail "git clone"
out=$("$PM_BIN" import --index "$T/c.sqlite" "$T/code.git" 2>&1); rc=$?
[ $rc -eq 1 ] || fail "import of a code repository: exit $rc ($out)"
grep -qF "$T/code.git is a git repository, not a public-inbox archive" <<<"$out" ||
  fail "import of a code repository says: $out"

# progress on a terminal (script(1) gives it one): "N of TOTAL messages (P%)"
need script
epoch="$T/inbox/git/0.git"
git init -q --bare "$epoch"
head=""
for f in "$F"/cur/*; do
  blob=$(git --git-dir="$epoch" hash-object -w "$f")
  tree=$(printf '100644 blob %s\tm\n' "$blob" | git --git-dir="$epoch" mktree)
  head=$(git --git-dir="$epoch" commit-tree "$tree" ${head:+-p "$head"} -m m)
done
git --git-dir="$epoch" update-ref refs/heads/master "$head"
for src in "$F" "$epoch"; do
  script -qec "'$PM_BIN' import --index '$T/p.sqlite' '$src'" /dev/null > "$T/tty" 2>&1
  tr '\r' '\n' < "$T/tty" | grep -q "^importing: 3 of 3 messages (100%), " ||
    fail "progress of $src on a terminal: $(tr '\r' '\n' < "$T/tty")"
done
echo "ok: Maildir++ folders imported; a code repository is not a public-inbox archive; progress gives totals"
