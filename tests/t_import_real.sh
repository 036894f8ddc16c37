#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# Real revised series: in the b4 samples (a partial re-roll: v3 of patch 2 in reply to
# v2) and in the fscrypt archive (covers "[PATCH 0/N] T" followed by "[PATCH v2 0/M] T"
# from the same sender), the v2 cover and patches must point at the v1 messages, both
# when the archive is imported in order and when its second half comes first.
# The expected links are worked out here from the headers alone (subject, sender,
# In-Reply-To), not by the index.
set -u
SHARED=${PM_SHARED:-}
B4="$SHARED/corpus/b4-samples"
G="$SHARED/corpus/archive-linux-fscrypt/git/0.git"
if [ ! -d "$B4" ] || [ ! -d "$G" ]; then
    echo "SKIP: ../shared corpora absent"
    exit 77
fi
command -v git >/dev/null || { echo "SKIP: git absent"; exit 77; }
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fail=0
prior_of() { "$PM_BIN" lookup --index "$1" "$2" | sed -n 's/^prior: <\(.*\)>$/\1/p'; }
# verify INDEX EXPECTATIONS LABEL: each line "msgid expected-prior"
verify() {
    local n=0 bad=0 msgid want got
    while read -r msgid want; do
        n=$((n + 1))
        got=$(prior_of "$1" "$msgid")
        if [ "$got" != "$want" ]; then
            echo "FAIL: $3: prior of <$msgid> is <$got>, expected <$want>"
            bad=$((bad + 1))
        fi
    done < "$2"
    echo "$3: $((n - bad))/$n links right"
    [ "$n" -gt 0 ] && [ "$bad" -eq 0 ] || fail=1
}

# --- b4 sample: partial re-roll, in file order and reversed (a Maildir named backwards)
mbox="$B4/trailers-followup-partial-reroll.mbox"
printf '%s %s\n' patch-v3-2-message@example.com patch-2-message@example.com > "$T/b4.expect"
"$PM_BIN" import --index "$T/b4.sqlite" "$mbox" >/dev/null
verify "$T/b4.sqlite" "$T/b4.expect" "b4 partial re-roll"
mkdir -p "$T/b4rev/cur"
awk -v dir="$T/b4rev/cur" '/^From /{n++; f = sprintf("%s/%03d", dir, 100 - n); next} n {print > f}' "$mbox"
"$PM_BIN" import --index "$T/b4rev.sqlite" "$T/b4rev" >/dev/null
verify "$T/b4rev.sqlite" "$T/b4.expect" "b4 partial re-roll, reversed"

# --- fscrypt archive
git --git-dir="$G" log --reverse --format='%H%x09%ae%x09%s' > "$T/commits"
# v1/v2 cover pairs by sender and title, and the patches after each cover with its
# sender and counter form: "pair c1 c2" then "v1 pair commit title" / "v2 pair commit title"
awk -F'\t' '
function title(s) { sub(/^\[PATCH( v2)? [0-9]+\/[0-9]+\] /, "", s); return s }
{ commit[NR] = $1; who[NR] = $2; subj[NR] = $3 }
$3 ~ /^\[PATCH 0\/[0-9]+\] / { v1[$2 "|" title($3)] = NR }
$3 ~ /^\[PATCH v2 0\/[0-9]+\] / { k = $2 "|" title($3); if (k in v1) pair[++npairs] = v1[k] " " NR }
END {
    for (p = 1; p <= npairs; p++) {
        split(pair[p], ends, " ")
        print "pair", p, commit[ends[1]], commit[ends[2]]
        for (v = 1; v <= 2; v++) {
            c = ends[v]; total = subj[c]; sub(/^.*0\//, "", total); sub(/\].*$/, "", total)
            form = v == 1 ? "^\\[PATCH [0-9]+/" total "\\] " : "^\\[PATCH v2 [0-9]+/" total "\\] "
            for (i = c + 1; i <= NR && i <= c + 300; i++)
                if (who[i] == who[c] && subj[i] ~ form)
                    print "v" v, p, commit[i], title(subj[i])
        }
    }
}' "$T/commits" > "$T/plan"
# Message-ID and In-Reply-To of every commit the plan names
awk '$1 == "pair" {print $3; print $4} $1 ~ /^v/ {print $3}' "$T/plan" > "$T/commits-wanted"
while read -r c; do
    git --git-dir="$G" cat-file blob "$c:m" | awk -v c="$c" '
        /^\r?$/ { exit }
        /^[ \t]/ { if (last) { v = $0; gsub(/[ \t\r<>]/, "", v); if (val[last] == "") val[last] = v }; next }
        { last = "" }
        tolower($0) ~ /^message-id:/ { v = substr($0, 12); gsub(/[ \t\r<>]/, "", v); val["m"] = v; last = "m" }
        tolower($0) ~ /^in-reply-to:/ { v = substr($0, 13); sub(/>.*/, "", v); gsub(/[ \t\r<]/, "", v); val["i"] = v; last = "i" }
        END { print c, (val["m"] == "" ? "-" : val["m"]), (val["i"] == "" ? "-" : val["i"]) }'
done < "$T/commits-wanted" > "$T/ids"
# expectations: v2 cover -> v1 cover; v2 patch (in reply to the v2 cover) -> the v1 patch
# of the same title (in reply to the v1 cover), when exactly one has that title
awk '
NR == FNR { mid[$1] = $2; irt[$1] = $3; next }
$1 == "pair" { c1[$2] = $3; c2[$2] = $4; print mid[$4], mid[$3]; next }
{ t = $0; sub(/^v[12] [0-9]+ [0-9a-f]+ /, "", t); k = $2 SUBSEP t }
$1 == "v1" && irt[$3] == mid[c1[$2]] { n1[k]++; p1[k] = mid[$3] }
$1 == "v2" && irt[$3] == mid[c2[$2]] { n2[k]++; p2[k] = mid[$3] }
END { for (k in n2) if (n2[k] == 1 && n1[k] == 1) print p2[k], p1[k] }' "$T/ids" "$T/plan" |
    sort -u > "$T/fscrypt.expect"
pairs=$(grep -c '^pair' "$T/plan")
echo "fscrypt: $pairs v1/v2 pairs, $(wc -l < "$T/fscrypt.expect") expected links"
[ "$pairs" -ge 10 ] || { echo "FAIL: too few v1/v2 pairs found in the archive"; fail=1; }

"$PM_BIN" import --index "$T/fwd.sqlite" "$G" >/dev/null
verify "$T/fwd.sqlite" "$T/fscrypt.expect" "fscrypt in order"
mid=$(sed -n "$(( $(wc -l < "$T/commits") / 2 ))p" "$T/commits" | cut -f1)
"$PM_BIN" import --index "$T/split.sqlite" --from "$mid" "$G" >/dev/null
"$PM_BIN" import --index "$T/split.sqlite" --to "$mid" "$G" >/dev/null
verify "$T/split.sqlite" "$T/fscrypt.expect" "fscrypt, second half first"
exit $fail
