#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# t_patchid_mutations: mail-mangled diffs against git. Takes the patchid fixtures and
# up to 40 diffs of the shared fscrypt archive (when $PM_SHARED has it), applies 1 to 3
# random mutations to each copy (drop, duplicate or re-space a line, CRLF on some or all
# lines, a line wrapped, a context line's space lost, hunk counts changed, text or a
# signature or another diff appended), wraps it in a message and checks that the
# X-Patch-Id of `patchmilter annotate --dry-run` is the id of `git mailinfo` +
# `git patch-id --stable` on that message, or that both give none. 200 cases, a fixed
# random seed (PATCHID_MUTATION_SEED to change it), two shards at once.
set -u
. "$PM_SRC/tests/lib.sh"
if [ ! -x "${PM_BIN:-}" ] || [ ! -d "${PM_FIXTURES:-}/patchid" ]; then
    echo "FAIL: PM_BIN or PM_FIXTURES not set: ${PM_BIN:-unset} ${PM_FIXTURES:-unset}"
    exit 1
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null

mkdir -p "$tmp/src" "$tmp/cases"
cp "$PM_FIXTURES"/patchid/*.patch "$tmp/src/"
. "$(dirname "$0")/corpus-messages.sh"
if [ -n "${PM_SHARED:-}" ] && [ -d "$CORPUS_ARCHIVE" ]; then
    corpus_archive_messages "$tmp/archive" 800
    grep -l -a '^diff --git' -r "$tmp/archive" | sort | head -n 40 | while read -r m; do
        sed -n '/^$/,$p' "$m" > "$tmp/src/archive-${m##*/}"
    done
fi

python3 - "$tmp/src" "$tmp/cases" "${PATCHID_MUTATION_SEED:-23}" <<'PY'
import os, random, re, sys
src, out, seed = sys.argv[1], sys.argv[2], int(sys.argv[3])
rng = random.Random(seed)
bodies = [open(os.path.join(src, f), 'rb').read() for f in sorted(os.listdir(src))]

def drop(lines):
    if lines: del lines[rng.randrange(len(lines))]
def duplicate(lines):
    if lines:
        i = rng.randrange(len(lines)); lines.insert(i, lines[i])
def respace(lines):
    if lines:
        i = rng.randrange(len(lines)); l = lines[i]
        j = rng.randrange(len(l) + 1)
        lines[i] = l[:j] + rng.choice([b' ', b'\t', b'  ', b'']) + l[j:].lstrip(b' ' if rng.random() < .5 else b'')
def crlf_all(lines):
    lines[:] = [l + b'\r' for l in lines]
def crlf_some(lines):
    for i in range(len(lines)):
        if rng.random() < .3: lines[i] += b'\r'
def wrap(lines):
    long = [i for i, l in enumerate(lines) if len(l) > 20]
    if long:
        i = rng.choice(long); l = lines[i]
        spaces = [m.start() for m in re.finditer(b' ', l)]
        j = rng.choice(spaces) if spaces and rng.random() < .7 else rng.randrange(1, len(l))
        lines[i:i + 1] = [l[:j], l[j:]]
def lose_space(lines):
    ctx = [i for i, l in enumerate(lines) if l.startswith(b' ')]
    if ctx:
        i = rng.choice(ctx); lines[i] = lines[i][1:]
def counts(lines):
    hh = [i for i, l in enumerate(lines) if l.startswith(b'@@ -')]
    if hh:
        i = rng.choice(hh)
        lines[i] = re.sub(rb'\d+', lambda m: str(max(0, int(m.group()) + rng.randint(-2, 2))).encode(), lines[i], count=rng.randint(1, 4))
def trailing(lines):
    lines.extend(rng.choice([[b'', b'Thanks,', b'Dev'], [b'-- ', b'2.39.5', b''], [b'> quoted', b''],
                             [b'diff --git a/z b/z', b'--- a/z', b'+++ b/z', b'@@ -1 +1 @@', b'-p', b'+q']]))
def no_newline(lines):
    if lines: lines.insert(rng.randrange(len(lines) + 1), b'\\ No newline at end of file')

mutations = [drop, duplicate, respace, crlf_all, crlf_some, wrap, lose_space, counts, trailing, no_newline]
for n in range(200):
    body = bodies[n % len(bodies)]
    if b'\n\n' in body[:4096] and not body.startswith(b'\n'):
        body = body.split(b'\n\n', 1)[1] if body.startswith((b'From ', b'Subject:')) else body
    lines = body.split(b'\n')
    for m in rng.sample(mutations, rng.randint(1, 3)):
        m(lines)
    with open(os.path.join(out, '%03d' % n), 'wb') as f:
        f.write(b'From: Dev <dev@example.org>\nSubject: [PATCH] mutation %d\n'
                b'Date: Mon, 7 Dec 2026 04:00:00 +0000\nMessage-ID: <m%d@example.org>\n'
                b'Content-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: 8bit\n\n' % (n, n))
        f.write(b'\n'.join(lines))
PY

shards=2
check_shard() {
    local k=$1 i=0 m expected out header got
    local patch="$tmp/patch.$k"
    for m in "$tmp"/cases/*; do
        i=$((i + 1))
        [ $((i % shards)) -eq "$k" ] || continue
        expected=$(git_patch_id "$m" "$patch")
        out=$("$PM_BIN" annotate --dry-run --index "$tmp/index.$k.sqlite" < "$m" 2> /dev/null)
        header=${out%%$'\n\n'*}
        got=
        if [[ $header =~ (^|$'\n')X-Patch-Id:\ ([0-9a-f]{40}) ]]; then
            got=${BASH_REMATCH[2]}
        fi
        if [ "$got" = "$expected" ]; then
            [ -n "$got" ] && echo pass || echo none
        else
            cp "$m" "$tmp/failed-${m##*/}"
            echo "FAIL: case ${m##*/}: git patch-id ${expected:-absent}, X-Patch-Id ${got:-absent}"
        fi
    done > "$tmp/result.$k"
}
for ((k = 0; k < shards; k++)); do
    check_shard "$k" &
done
wait

passed=$(cat "$tmp"/result.* | grep -c '^pass$')
none=$(cat "$tmp"/result.* | grep -c '^none$')
grep -h '^FAIL' "$tmp"/result.*
failed=$(cat "$tmp"/result.* | grep -c '^FAIL')
if [ "$failed" -gt 0 ] && [ -n "${PATCHID_MUTATION_KEEP:-}" ]; then
    mkdir -p "$PATCHID_MUTATION_KEEP" && cp "$tmp"/failed-* "$PATCHID_MUTATION_KEEP/"
fi
echo "$(ls "$tmp/cases" | wc -l) mutated diffs from $(ls "$tmp/src" | wc -l) sources:" \
     "$passed same id, $none no id from git nor us, $failed failed"
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
