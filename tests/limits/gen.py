#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
"""gen.py CASE SCALE: writes to stdout a patch mail that stresses one limit, sized by
SCALE (1 = the size the limits test uses; the benchmark also runs 0.1 and 10).

Cases: headers (SCALE x 64 KiB of header fields), line (a Subject and a body line of
SCALE x 1 MiB), parts (SCALE x 10,000 MIME parts), depth (SCALE x 100 nested
multiparts), big (a diff of SCALE x 200 MB), files (a diff touching SCALE x 100,000
files). Output is deterministic and uses CRLF-free LF line ends."""
import sys

HEAD = ("From: Dev <dev@example.org>\n"
        "To: list@example.org\n"
        "Date: Tue, 24 Nov 2026 10:00:00 +0000\n"
        "Message-ID: <limits-{case}-{scale}@example.org>\n")
COMMIT = "Fix the thing.\n\nSigned-off-by: Dev <dev@example.org>\n---\n"


def hunk(path, n):
    return ("diff --git a/{p} b/{p}\nindex 1111111..2222222 100644\n--- a/{p}\n+++ b/{p}\n"
            "@@ -1,2 +1,2 @@\n context {n}\n-old line {n}\n+new line {n}\n").format(p=path, n=n)


def main():
    case, scale = sys.argv[1], float(sys.argv[2])
    out = sys.stdout
    w = out.write
    w(HEAD.format(case=case, scale=sys.argv[2]))
    if case == "headers":
        n = int(65536 * scale) // 40 + 1
        for i in range(n):
            w("X-Filler-%06d: %s\n" % (i, "v" * 22))
        w("Subject: [PATCH v2 1/1] many header fields\n\n" + COMMIT + hunk("a/b.c", 1))
    elif case == "line":
        n = int((1 << 20) * scale) + 17
        w("Subject: [PATCH v3] " + "long subject " * (n // 13) + "\n\n")
        w(COMMIT + hunk("x.c", 1) + "+" + "y" * n + "\n")
    elif case == "parts":
        n = int(10000 * scale)
        w("Subject: [PATCH v4 2/3] many parts\nMIME-Version: 1.0\n"
          "Content-Type: multipart/mixed; boundary=\"B\"\n\n")
        for i in range(n):
            w("--B\nContent-Type: text/plain\n\npart %d\n" % i)
        w("--B\nContent-Type: text/x-patch\n\n" + COMMIT + hunk("p.c", 1) + "--B--\n")
    elif case == "depth":
        n = int(100 * scale)
        w("Subject: [PATCH v5] deep nesting\nMIME-Version: 1.0\n"
          "Content-Type: multipart/mixed; boundary=\"D0\"\n\n")
        for i in range(1, n + 1):
            w("--D%d\nContent-Type: multipart/mixed; boundary=\"D%d\"\n\n" % (i - 1, i))
        w("--D%d\nContent-Type: text/plain\n\n" % n + COMMIT + hunk("d.c", 1))
        for i in range(n, -1, -1):
            w("--D%d--\n" % i)
    elif case == "big":
        target = int(200e6 * scale)
        w("Subject: [PATCH v6 1/2] a very big patch\n\n" + COMMIT)
        line = "+" + "z" * 78 + "\n"
        w("diff --git a/big.c b/big.c\nnew file mode 100644\nindex 0000000..3333333\n"
          "--- /dev/null\n+++ b/big.c\n")
        nlines = target // len(line)
        w("@@ -0,0 +1,%d @@\n" % nlines)
        block = line * 1000
        for _ in range(nlines // 1000):
            w(block)
        w(line * (nlines % 1000))
    elif case == "files":
        n = int(100000 * scale)
        w("Subject: [PATCH v7 3/3] touch many files\n\n" + COMMIT)
        for i in range(n):
            w(hunk("dir%03d/file%06d.c" % (i % 997, i), i))
    else:
        sys.exit("unknown case " + case)


main()
