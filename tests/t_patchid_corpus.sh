#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# t_patchid_corpus: for every message of the shared corpora (the whole linux-fscrypt
# archive and every other folder, see ../shared/corpus/SOURCES.md) in which git could
# find a diff, the X-Patch-Id field that `patchmilter annotate --dry-run` adds must be
# the id of `git mailinfo` + `git patch-id --stable` (the first one git prints), and
# there must be no X-Patch-Id where git gives no id. All must agree.
# For the small folders, many of them made to test MIME edge cases, the diff text that git
# mailinfo extracts is also checked on its own (as the body of a plain message): all must
# agree there. Where only the whole message disagrees, the body reaching patchid_compute()
# differs from mailinfo's (MIME decoding, not the patch-id): printed as NOTE and counted.
# Needs $PM_SHARED (skips without it). Runs git at most twice per message (mailinfo, and
# patch-id when mailinfo found a patch) and annotate once per candidate message, in
# two shards at once; the archive's messages come out in one `git cat-file --batch`.
set -u
. "$PM_SRC/tests/lib.sh"
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
corpus_folder_messages "$tmp/f"
messages=$(find "$tmp/m" "$tmp/f" -type f | wc -l)
# git mailinfo decodes only base64 and quoted-printable: any other message with a diff
# shows a "diff " line as it is. One grep keeps the messages that can hold a diff.
grep -l -a -i -e '^diff ' -e 'base64' -e 'quoted-printable' -r "$tmp/m" "$tmp/f" | sort > "$tmp/candidates"

# annotated_id FILE K: the X-Patch-Id that annotate adds to FILE, or nothing.
annotated_id() {
    local out header
    out=$("$PM_BIN" annotate --dry-run --index "$tmp/index.$2.sqlite" < "$1" 2> /dev/null | tr -d '\000')
    header=${out%%$'\n\n'*}
    header=${header%%$'\r\n\r\n'*}
    if [[ $header =~ (^|$'\n')X-Patch-Id:\ ([0-9a-f]{40}) ]]; then
        echo "${BASH_REMATCH[2]}"
    fi
}

# check_shard K: checks every candidate whose position is K modulo $shards; writes one
# line per candidate to $tmp/result.K: "pass" (same id), "none" (no id from either),
# "NOTE: ..." or "FAIL: ...".
shards=2
check_shard() {
    local k=$1 i=0 m expected got alone
    local msg="$tmp/msg.$k" patch="$tmp/patch.$k" result="$tmp/result.$k"
    : > "$result"
    while IFS= read -r m; do
        i=$((i + 1))
        [ $((i % shards)) -eq "$k" ] || continue
        expected=$(git_patch_id "$m" "$patch")

        got=$(annotated_id "$m" "$k")
        alone=$expected
        if [ "${m#"$tmp"/f/}" != "$m" ] && [ -s "$patch" ]; then
            { printf 'Subject: [PATCH] x\nMessage-ID: <%s.alone@example.org>\n\n' "$i"
              cat "$patch"; } > "$msg.alone"
            alone=$(annotated_id "$msg.alone" "$k")
        fi

        if [ "$alone" != "$expected" ]; then
            echo "FAIL: ${m#"$tmp"/} $(grep -a -i -m1 '^message-id:' "$m"): git patch-id" \
                "${expected:-absent}, X-Patch-Id ${alone:-absent} on mailinfo's diff alone"
        elif [ "$got" = "$expected" ]; then
            [ -n "$got" ] && echo pass || echo none
        elif [ "${m#"$tmp"/f/}" != "$m" ]; then
            echo "NOTE: ${m#"$tmp"/} $(grep -a -i -m1 '^message-id:' "$m"): git patch-id" \
                "${expected:-absent}, X-Patch-Id ${got:-absent} (body decoded otherwise than by mailinfo)"
        else
            echo "FAIL: ${m#"$tmp"/} $(grep -a -i -m1 '^message-id:' "$m"):" \
                "git patch-id ${expected:-absent}, X-Patch-Id ${got:-absent}"
        fi
    done < "$tmp/candidates" >> "$result"
}

for ((k = 0; k < shards; k++)); do
    check_shard "$k" &
done
wait

passed=0 failed=0 none=0 noted=0
while IFS= read -r line; do
    case $line in
    pass) passed=$((passed + 1)) ;;
    none) none=$((none + 1)) ;;
    NOTE*) noted=$((noted + 1)); echo "$line" ;;
    *) failed=$((failed + 1)); echo "$line" ;;
    esac
done < <(cat "$tmp"/result.*)

echo "$messages messages, $(wc -l < "$tmp/candidates") that may hold a diff:" \
     "$passed same id, $none no id from git nor us, $failed failed," \
     "$noted with a body decoded otherwise (the diff alone agrees)"
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
