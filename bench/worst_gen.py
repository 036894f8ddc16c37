#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
"""worst_gen.py FAMILY BYTES: writes to stdout a patch mail of about BYTES bytes made
to cost the most in one stage of the extraction: the worst input known for that stage,
repeated. `worst_gen.py list` prints the families. bench_worst.sh times them.

Each family is a header, a repeated unit (in the body unless said otherwise) and an
end; the unit is what makes a pass over the text expensive if that pass is not
linear. Output is deterministic, LF line ends."""
import sys

HEAD = ("From: Dev <dev@example.org>\nTo: list@example.org\n"
        "Date: Tue, 24 Nov 2026 10:00:00 +0000\nMessage-ID: <worst@example.org>\n")
DIFF = ("---\ndiff --git a/x.c b/x.c\nindex 1111111..2222222 100644\n--- a/x.c\n+++ b/x.c\n"
        "@@ -1,2 +1,2 @@\n context\n-old\n+new\n")
PATCH = "Subject: [PATCH v2 1/2] x: y\n\n"

# name: (header and start of the body, repeated unit, end), stage it aims at
FAMILIES = {
    # trailers.c: prior-version links, a footnote line cited by no line
    "footnotes": (HEAD + PATCH, "[1] http://x/a@b\n", DIFF),
    # trailers.c: prior-version links, every line a different Message-ID
    "priors": (HEAD + PATCH, "v2: https://x/{n}@b\n", DIFF),
    # trailers.c: lines citing footnotes, "[" everywhere
    "citations": (HEAD + PATCH + "[1] https://x/a@b\n", "v2 [1][2][3][4][5][6][7][8][9]\n", DIFF),
    # rfc2047.c, mailinfo.c: an in-body From of unterminated encoded words
    "inbody-2047": (HEAD + PATCH + "From: ", "=?x?q?a", "\n\n" + DIFF),
    # rfc2047.c: a Subject of unterminated encoded words (one long header field)
    "subject-2047": (HEAD + "Subject: [PATCH] ", "=?x?q?a", "\n\n" + DIFF),
    # rfc2047.c, codec.c: a Subject of many good encoded words, iconv each
    "subject-words": (HEAD + "Subject: [PATCH] ", "=?iso-8859-1?q?a=E9?= ", "\n\n" + DIFF),
    # subject.c: bracket groups
    "subject-groups": (HEAD + "Subject: ", "[PATCH v2 1/3]", " x\n\n" + DIFF),
    # trailers.c: a reply's loose review lines, each searched for a 60 KB sender address
    "review": ("From: " + "a" * 60000 + "b@example.org\nTo: list@example.org\n"
               "Message-ID: <worst@example.org>\nSubject: Re: [PATCH] x\n\n",
               "Reviewed by: " + "a" * 100000 + "\n", ""),
    # trailers.c: trailer lines
    "trailers": (HEAD + PATCH, "Signed-off-by: Dev <dev@example.org>\n", DIFF),
    # mailinfo.c: scissors lines, each followed by an in-body header search
    "scissors": (HEAD + PATCH, "-- >8 --\n\n", DIFF),
    # mailinfo.c: dash rules after a short note
    "dashes": (HEAD + PATCH + "note\n", "----\n\n", DIFF),
    # diff_files.c: diffstat lines of a cover letter
    "diffstat": (HEAD + "Subject: [PATCH v2 0/2] cover\n\n", " dir/{a => b}/f | 1 +\n",
                 " 1 file changed\n"),
    # diff_files.c: one "diff --git" line of many " b/" (the split of its two paths)
    "gitline": (HEAD + PATCH + "---\ndiff --git a/", " b/x", "\n--- a/x\n+++ b/x\n@@ -1 +1 @@\n-a\n+b\n"),
    # diff_files.c: "--- " lines, each a lookahead for a unified header
    "dashlines": (HEAD + PATCH, "--- a\n", DIFF),
    # diff_files.c, patchid.c: a diff of many files
    "files": (HEAD + PATCH + "---\n", "diff --git a/f b/f\n--- a/f\n+++ b/f\n@@ -1 +1 @@\n-a\n+b\n", ""),
    # patchid.c: one hunk of many lines
    "hunk": (HEAD + PATCH + "---\ndiff --git a/f b/f\n--- a/f\n+++ b/f\n@@ -1,1 +1,999999 @@\n",
             "+ a b\tc  d\n", ""),
    # mime.c: many parts, none a diff
    "parts": (HEAD + "Subject: [PATCH] x\nMIME-Version: 1.0\n"
              "Content-Type: multipart/mixed; boundary=\"B\"\n\n",
              "--B\nContent-Type: text/plain\n\nx\n", "--B--\n"),
    # codec.c, mime.c: a quoted-printable body of '=' that are no escapes
    "qp": (HEAD + PATCH.replace("\n\n", "\nContent-Transfer-Encoding: quoted-printable\n\n"),
           "= =x =\n", DIFF),
    # mime.c: format=flowed, every line flowed
    "flowed": (HEAD + PATCH.replace("\n\n", "\nContent-Type: text/plain; format=flowed\n\n"),
               "a \n", DIFF),
    # patch_facts.c: quoted lines and a References header of many ids
    "references": (HEAD + "References: ", "<a@b> ", "\nSubject: [PATCH] x\n\n" + DIFF),
    # one line of 'v' and "http" (mentions_version, the URL search)
    "longline": (HEAD + PATCH, "v1 http", "\n" + DIFF),
}


def main():
    if sys.argv[1] == "list":
        print("\n".join(FAMILIES))
        return
    family, size = sys.argv[1], int(sys.argv[2])
    head, unit, end = FAMILIES[family]
    out = []
    n = len(head) + len(end)
    i = 0
    while n < size:
        u = unit.format(n=i) if "{n}" in unit else unit
        out.append(u)
        n += len(u)
        i += 1
    sys.stdout.write(head + "".join(out) + end)


main()
