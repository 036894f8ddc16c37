#!/usr/bin/perl
# SPDX-License-Identifier: BSD-2-Clause
# maintainers_ref.pl MAINTAINERS PATHS: the reference test_maintainers_perl compares
# core/maintainers with: scripts/get_maintainer.pl's section choice for each path, as the
# field notes describe it (F:/X: conversion, anchored match and slash rule, `-d` adding
# the slash, X: exclusion, N: with /x, depth and ordering), run with Perl's own regex
# engine. The tree for `-d` holds exactly the directories of PATHS. Prints one line per
# path: the path, then its section titles, tab-separated, deepest first (ties in file
# order), "THE REST" only when alone.
use strict;
use warnings;

my ($maintainers, $paths_file) = @ARGV;
open(my $pf, '<', $paths_file) or die "$paths_file: $!\n";
chomp(my @paths = <$pf>);
close($pf);

my %is_dir;
for my $path (@paths) {
    my $dir = '';
    my @parts = split(m@/@, $path, -1);
    pop(@parts);
    for my $part (@parts) {
        $dir .= "$part/";
        $is_dir{$dir} = 1;
    }
}

my @lines;
open(my $mf, '<', $maintainers) or die "$maintainers: $!\n";
while (my $line = <$mf>) {
    if ($line =~ m/^([A-Z]):\s*(.*)/) {
        my ($type, $value) = ($1, $2);
        if ($type eq 'F' || $type eq 'X') {
            $value =~ s@\.@\\\.@g;
            $value =~ s/\*/\.\*/g;
            $value =~ s/\?/\./g;
            $value .= '/' if $value !~ m@/$@ && $is_dir{"$value/"};
        }
        push(@lines, [$type, $value]);
    } elsif ($line !~ m/^\s*$/) {
        chomp($line);
        push(@lines, [undef, $line]);
    }
}
close($mf);

# Sections: a run of tag lines, titled by the line before it.
my @sections;
for (my $i = 0; $i < @lines; $i++) {
    next unless defined $lines[$i][0];
    my $title = $i > 0 ? $lines[$i - 1][1] : "$lines[$i][0]:$lines[$i][1]";
    my @entries;
    while ($i < @lines && defined $lines[$i][0]) {
        my ($type, $value) = @{$lines[$i]};
        if ($type eq 'F' || $type eq 'X') {
            push(@entries, [$type, $value, qr/^$value/]);
        } elsif ($type eq 'N') {
            push(@entries, [$type, $value, qr/$value/x]);
        }
        $i++;
    }
    push(@sections, [$title, \@entries]);
}

sub file_match {
    my ($file, $value, $re) = @_;
    return 0 unless $file =~ $re;
    return 1 if substr($value, -1) eq '/';
    return ($file =~ tr@/@@) == ($value =~ tr@/@@);
}

for my $file (@paths) {
    my %depth;
    for my $s (0 .. $#sections) {
        my $entries = $sections[$s][1];
        next if grep { $_->[0] eq 'X' && file_match($file, $_->[1], $_->[2]) } @$entries;
        for my $e (@$entries) {
            my ($type, $value, $re) = @$e;
            if ($type eq 'F' && file_match($file, $value, $re)) {
                my $pd = ($value =~ tr@/@@);
                $pd++ if substr($value, -1) ne '/';
                $pd = -1 if $value =~ m/^\.\*/;
                $depth{$s} = $pd;
            } elsif ($type eq 'N' && $file =~ $re) {
                $depth{$s} = 0;
            }
        }
    }
    my @order = sort { $depth{$b} <=> $depth{$a} || $a <=> $b } keys %depth;
    my @titles = map { $sections[$_][0] } @order;
    @titles = grep { $_ ne 'THE REST' } @titles if @titles > 1;
    print(join("\t", $file, @titles), "\n");
}
