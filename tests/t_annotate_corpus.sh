#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-2-Clause
# Every message of the small shared corpora (patchwork, public-inbox, notmuch, b4, git)
# goes through `patchmilter annotate` with exit 0, and the output without X-Patch-*
# fields equals the input without them, byte for byte (but for the empty line written
# where the header ends at a line that is no field); at most one Kind is written.
# (The 7,548 archive messages take the same check in-process: test_annotate_corpus.)
set -euo pipefail
. "$(dirname "$0")/corpus-messages.sh"
corpus_require
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
corpus_folder_messages "$tmp/msgs"
find "$tmp/msgs" -type f | sort > "$tmp/list"
echo "messages: $(wc -l < "$tmp/list")"

perl -e '
    use strict; use warnings;
    my ($bin, $index, $list) = @ARGV;
    # The message without fields named X-Patch-* (and their continuation lines),
    # looking only at the header block, and with an empty line (in the line ending
    # of its first line) where the header ends at a line that is not empty, as
    # annotate writes one.
    sub strip_ours {
        my ($m) = @_;
        my $eol = $m =~ /\A[^\n]*\r\n/ ? "\r\n" : "\n";
        my $out = ""; my $in_header = 1; my $skipping = 0; my $first = 1;
        for my $line (split /(?<=\n)/, $m) {
            if ($in_header) {
                if ($first && $line =~ /^From /) { $out .= $line; $first = 0; next; }
                $first = 0;
                if ($line =~ /^\r?\n\z/) { $in_header = 0; $out .= $line; next; }
                if ($line =~ /^[ \t]/) { $out .= $line unless $skipping; next; }
                if ($line =~ /^[\x21-\x39\x3b-\x7e]+[ \t]*:/) {
                    $skipping = ($line =~ /^x-patch-/i) ? 1 : 0;
                    $out .= $line unless $skipping; next;
                }
                $in_header = 0;
                $out .= $eol;
            }
            $out .= $line;
        }
        return $out;
    }
    my ($pass, $fail, $patchmail) = (0, 0, 0);
    open my $lf, "<", $list or die;
    while (my $file = <$lf>) {
        chomp $file;
        open my $fh, "<:raw", $file or die; local $/; my $in = <$fh>; close $fh;
        my $out = `"$bin" annotate --dry-run --index "$index" < "$file"`;
        my $rc = $? >> 8;
        my $ok = $rc == 0 && strip_ours($out) eq strip_ours($in);
        my ($head) = split /\r?\n\r?\n/, $out, 2;
        $head //= "";
        my $kinds = () = $head =~ /^X-Patch-Kind:/mg;
        $ok &&= $kinds <= 1;
        $patchmail++ if $kinds;
        if ($ok) { $pass++ } else { $fail++; print "FAIL: $file (exit $rc)\n"; }
    }
    print "patch mail: $patchmail\n";
    print "$pass passed, $fail failed\n";
    exit($fail ? 1 : 0);
' "$PM_BIN" "$tmp/index.sqlite" "$tmp/list"
