#!/bin/bash
# t_patchid_corpus: for every message of the shared linux-fscrypt archive in which git
# finds a diff, the X-Patch-Id field that `patchmilter annotate --dry-run` adds must be
# the id of `git mailinfo` + `git patch-id --stable` (the first one git prints).
# Diffs with a binary file get no X-Patch-Id (no libgit2 diff hashes to git's id, see
# core/patchid.c): they are counted as refused, not failed.
# Needs $PM_SHARED (skips without it). Runs git at most twice per message (mailinfo, and
# patch-id when mailinfo found a patch) and annotate once per message with a diff, in
# two shards at once; the messages come out of the archive in one `git cat-file --batch`.
set -u
. "$(dirname "$0")/corpus-messages.sh"
corpus_require
if [ ! -x "${PM_BIN:-}" ]; then
    echo "FAIL: PM_BIN is not an executable: ${PM_BIN:-unset}"
    exit 1
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null
corpus_archive_messages "$tmp/m" || { echo "FAIL: cannot read the archive"; exit 1; }
messages=$(ls "$tmp/m" | wc -l)
# git mailinfo decodes only base64 and quoted-printable: any other message with a diff
# shows a "diff " line as it is. One grep keeps the messages that can hold a diff.
grep -l -i -e '^diff ' -e 'base64' -e 'quoted-printable' -r "$tmp/m" | sort > "$tmp/candidates"

# check_shard K: checks every message whose position is K modulo $shards; writes one
# line per message with a diff to $tmp/result.K: "pass", "refused" or "FAIL: ...".
shards=2
check_shard() {
    local k=$1 i=0 m expected out header got
    local msg="$tmp/msg.$k" patch="$tmp/patch.$k" result="$tmp/result.$k"
    : > "$result"
    while IFS= read -r m; do
        i=$((i + 1))
        [ $((i % shards)) -eq "$k" ] || continue
        git mailinfo "$msg" "$patch" < "$m" > /dev/null 2>&1 || continue
        [ -s "$patch" ] || continue
        expected=$(git patch-id --stable < "$patch")
        expected=${expected%% *}
        [ -n "$expected" ] || continue

        out=$("$PM_BIN" annotate --dry-run --index "$tmp/index.$k.sqlite" < "$m" 2> /dev/null)
        header=${out%%$'\n\n'*}
        header=${header%%$'\r\n\r\n'*}
        got=
        if [[ $header =~ (^|$'\n')X-Patch-Id:\ ([0-9a-f]{40}) ]]; then
            got=${BASH_REMATCH[2]}
        fi

        if [ "$got" = "$expected" ]; then
            echo pass
        elif [ -z "$got" ] && grep -q -e '^GIT binary patch' -e '^Binary files' "$patch"; then
            echo refused
        else
            echo "FAIL: archive message ${m##*/} $(grep -i -m1 '^message-id:' "$m"):" \
                "git patch-id $expected, X-Patch-Id ${got:-absent}"
        fi
    done < "$tmp/candidates" >> "$result"
}

for ((k = 0; k < shards; k++)); do
    check_shard "$k" &
done
wait

passed=0 failed=0 refused=0
while IFS= read -r line; do
    case $line in
    pass) passed=$((passed + 1)) ;;
    refused) refused=$((refused + 1)) ;;
    *) failed=$((failed + 1)); echo "$line" ;;
    esac
done < <(cat "$tmp"/result.*)

echo "$messages messages, $((passed + failed + refused)) with a diff: $passed passed, $failed failed, $refused refused (binary)"
[ "$failed" -eq 0 ]
