#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
"""replicate_archive: writes a public-inbox epoch's messages N times over as mbox files,
one file per replica, so that an index can be grown to N times the archive (bench_scale).

Each replica r > 0 is its own history, as a list that kept going would have it: its
Message-IDs (in Message-ID, In-Reply-To, References and lore links in the body) get the
prefix "rNNN.", its change-ids the prefix "rNNN-", its Subjects the suffix " rNNN", its
Dates move on by r * 10 years, and, unless --flood, the first added or removed line of
every file's diff gets " rNNN", so its patches have patch-ids of their own. With --flood every replica carries the same diffs (a patch sent
again and again). Replica 0 is the archive as it is. Messages are streamed: memory stays
at one message.
usage: replicate_archive.py [--flood] EPOCH_GIT_DIR N OUT_DIR
"""
import email.utils
import re
import subprocess
import sys

MSGID = re.compile(rb'<([^<>\s]+@[^<>\s]+)>')
LORE = re.compile(rb'(https?://lore\.kernel\.org/(?:r|[A-Za-z0-9._-]+)/)([^/\s<>"]+@[^/\s<>"]+)')
# the first added or removed line after each "+++ " line
CHANGED = re.compile(rb'(\n\+\+\+ [^\n]*\n(?:[^\n]*\n)*?(?:\+(?!\+\+ )|-(?!-- )))([^\n\r]*)')
CHANGE_ID = re.compile(rb'(?im)^(change-id: *)')
YEARS = 10


def messages(gitdir):
    """The epoch's messages, oldest first."""
    commits = subprocess.run(['git', '--git-dir', gitdir, 'rev-list', '--reverse', 'HEAD'],
                             check=True, capture_output=True).stdout.split()
    cat = subprocess.Popen(['git', '--git-dir', gitdir, 'cat-file', '--batch'],
                           stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    for c in commits:
        cat.stdin.write(c + b':m\n')
        cat.stdin.flush()
        head = cat.stdout.readline().split()
        if len(head) < 3 or head[1] != b'blob':
            continue
        size = int(head[2])
        data = cat.stdout.read(size)
        cat.stdout.read(1)
        yield data
    cat.stdin.close()
    cat.wait()


def shift_date(value, r):
    try:
        d = email.utils.parsedate_to_datetime(value.decode('ascii', 'replace').strip())
        return email.utils.format_datetime(d.replace(year=d.year + r * YEARS)).encode()
    except (TypeError, ValueError, OverflowError):
        return value


def replica(msg, r, flood):
    if r == 0:
        return msg
    tag = b'r%03d' % r
    split = msg.find(b'\n\n')
    head, body = (msg, b'') if split < 0 else (msg[:split + 1], msg[split + 1:])
    out, field = [], None
    for line in head.split(b'\n'):
        if line[:1] not in (b' ', b'\t'):
            field = line.split(b':', 1)[0].lower()
        if field in (b'message-id', b'in-reply-to', b'references'):
            line = MSGID.sub(lambda m: b'<' + tag + b'.' + m.group(1) + b'>', line)
        elif field == b'date' and line[:5].lower() == b'date:':
            line = b'Date: ' + shift_date(line[5:], r)
        out.append(line)
    # the Subject's last line (it may be folded) gets the suffix
    for i, line in enumerate(out):
        if line[:8].lower() == b'subject:':
            j = i
            while j + 1 < len(out) and out[j + 1][:1] in (b' ', b'\t'):
                j += 1
            out[j] = out[j].rstrip(b'\r') + b' ' + tag + (b'\r' if out[j].endswith(b'\r') else b'')
            break
    body = LORE.sub(lambda m: m.group(1) + tag + b'.' + m.group(2), body)
    body = CHANGE_ID.sub(lambda m: m.group(1) + tag + b'-', body)
    if not flood:
        body = CHANGED.sub(lambda m: m.group(1) + m.group(2) + b' ' + tag, body)
    return b'\n'.join(out) + body


def main():
    args = sys.argv[1:]
    flood = args[:1] == ['--flood']
    if flood:
        args = args[1:]
    if len(args) != 3:
        sys.exit(__doc__)
    gitdir, n, outdir = args[0], int(args[1]), args[2]
    files = [open('%s/r%03d.mbox' % (outdir, r), 'wb') for r in range(n)]
    for msg in messages(gitdir):
        for r, f in enumerate(files):
            m = replica(msg, r, flood)
            f.write(b'From replica@bench Mon Jan  1 00:00:00 2024\n')
            f.write(re.sub(rb'(?m)^(>*From )', rb'>\1', m))
            if not m.endswith(b'\n'):
                f.write(b'\n')
            f.write(b'\n')
    for f in files:
        f.close()


if __name__ == '__main__':
    main()
