# SPDX-License-Identifier: BSD-2-Clause
# corpus-messages.sh: sourced by corpus tests. corpus_messages DIR writes every message
# of the shared corpora as one file each into DIR (mbox files split with git mailsplit,
# Maildir and single-message files copied, the fscrypt archive's blobs extracted with
# one git cat-file --batch). Sets CORPUS_ARCHIVE to the archive's git dir.
CORPUS="${PM_SHARED:-}/corpus"
CORPUS_ARCHIVE="$CORPUS/archive-linux-fscrypt/git/0.git"

corpus_require() {
    if [ -z "${PM_SHARED:-}" ] || [ ! -d "$CORPUS" ]; then
        echo "SKIP: shared corpus not found (${PM_SHARED:-unset}/corpus); it exists only in CI"
        exit 77
    fi
}

# corpus_archive_messages DIR [MAX]: the archive's messages, oldest first, as DIR/NNNNN.
corpus_archive_messages() {
    local out=$1 max=${2:-0}
    mkdir -p "$out"
    git --git-dir="$CORPUS_ARCHIVE" rev-list --reverse master |
        { if [ "$max" -gt 0 ]; then head -n "$max"; else cat; fi; } |
        sed 's/$/:m/' |
        git --git-dir="$CORPUS_ARCHIVE" cat-file --batch |
        perl -e '
            my ($dir, $n) = ($ARGV[0], 0);
            binmode STDIN;
            while (my $head = <STDIN>) {
                my ($oid, $type, $size) = split / /, $head;
                next if !defined $size;
                my $data = "";
                read(STDIN, $data, $size) == $size or die "short read";
                <STDIN>;
                open my $fh, ">", sprintf("%s/%05d", $dir, ++$n) or die;
                binmode $fh; print $fh $data; close $fh;
            }' "$out"
}

# corpus_folder_messages DIR: the small corpora, one file per message.
corpus_folder_messages() {
    local out=$1 f n=0
    mkdir -p "$out"
    for f in "$CORPUS"/patchwork-mail/* "$CORPUS"/patchwork-fuzz/* "$CORPUS"/public-inbox-t/* \
             "$CORPUS"/public-inbox-t/*/* "$CORPUS"/notmuch-lkml/cur/* "$CORPUS"/git-t/t4256/1/patch; do
        [ -f "$f" ] || continue
        n=$((n + 1)); cp "$f" "$out/single-$n"
    done
    for f in "$CORPUS"/b4-samples/*.mbox "$CORPUS"/git-t/t5100/* "$CORPUS"/git-t/t4258/mbox; do
        [ -f "$f" ] || continue
        n=$((n + 1))
        mkdir -p "$out/split-$n"
        if ! git mailsplit -o"$out/split-$n" "$f" >/dev/null 2>&1 || [ -z "$(ls "$out/split-$n")" ]; then
            cp "$f" "$out/split-$n/whole"
        fi
    done
}
