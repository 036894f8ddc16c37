#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-2-Clause
# t_layering: core/ is a library below the milter and the command. Fails when a file
# anywhere under core/ includes a header of milter/ or cli/ or <libmilter/...>, and
# when the modules of core/ include each other in a cycle (such as message -> rfc2047
# -> mime -> message before codec.c took the decoders out of mime.c).
# A module is a .c and the .h of the same name in the same folder; NAME_impl.h is
# the private header of module NAME. An include "x.h" is looked up next to the
# including file, then from core/, then by its file name anywhere under core/, so
# the check holds when files move into subfolders of core/.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
need python3
src=${PM_SRC:-$(cd "$(dirname "$0")/.." && pwd)}

python3 - "$src" <<'EOF'
import os, re, sys

root = sys.argv[1]
core = os.path.join(root, "core")
include = re.compile(r'^\s*#\s*include\s*([<"])([^>"]+)[>"]')


def files_under(top):
    for d, _, names in os.walk(top):
        for n in names:
            if n.endswith((".c", ".h")):
                yield os.path.normpath(os.path.join(d, n))


core_files = sorted(files_under(core))
by_name = {}
for f in core_files:
    by_name.setdefault(os.path.basename(f), []).append(f)
outside = {}  # header file name -> a file of milter/ or cli/ that has it
for wing in ("milter", "cli"):
    for f in files_under(os.path.join(root, wing)):
        outside.setdefault(os.path.basename(f), f)


def module(path):
    stem = os.path.splitext(os.path.relpath(path, core))[0]
    return stem[: -len("_impl")] if stem.endswith("_impl") else stem


def resolve(including, name):
    for base in (os.path.dirname(including), core):
        p = os.path.normpath(os.path.join(base, name))
        if os.path.isfile(p):
            return p
    found = by_name.get(os.path.basename(name), [])
    return found[0] if len(found) == 1 else None


failures = []
edges = {}
for f in core_files:
    rel = os.path.relpath(f, root)
    with open(f, encoding="utf-8", errors="replace") as fh:
        for n, line in enumerate(fh, 1):
            m = include.match(line)
            if not m:
                continue
            bracket, name = m.groups()
            where = "%s:%d: #include %s" % (rel, n, m.group(0).split("include", 1)[1].strip())
            if name.startswith("libmilter/") or name == "mfapi.h":
                failures.append(where + ": libmilter in core")
                continue
            if bracket == "<":
                continue
            target = resolve(f, name)
            if target is None or not target.startswith(core + os.sep):
                wing = target or outside.get(os.path.basename(name))
                if wing:
                    failures.append(where + ": a header of " + os.path.relpath(wing, root))
                continue
            a, b = module(f), module(target)
            if a != b:
                edges.setdefault(a, {}).setdefault(b, where)

# Depth-first search for a cycle among the modules.
state = {}
stack = []


def visit(a):
    state[a] = "open"
    stack.append(a)
    for b in sorted(edges.get(a, {})):
        if state.get(b) == "open":
            loop = stack[stack.index(b):] + [b]
            failures.append("include cycle: " + " -> ".join(loop))
            for x, y in zip(loop, loop[1:]):
                failures.append("  " + edges[x][y])
        elif b not in state:
            visit(b)
    stack.pop()
    state[a] = "done"


for a in sorted(edges):
    if a not in state:
        visit(a)

print("core files: %d, modules that include others: %d" % (len(core_files), len(edges)))
for line in failures:
    print("FAIL: " + line)
sys.exit(1 if failures else 0)
EOF
