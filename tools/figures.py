#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""The README's size and line-count figures, made by the commands they cite.

Usage: tools/figures.py write|check README [--build DIR]

Each figure block in the README is a fenced block right after a marker line
`<!-- figures: make TARGET -->`; TARGET is `size` or `loc`. `write` runs
`make -s TARGET` (the default scenario, in --build) and puts its output in
the block; `check` runs the same and fails, showing the difference, when a
block no longer matches: so `make test` fails once the code has grown and
the README still shows the old figures (`make figures` rewrites them).

One line is not compared: `images` in make size's output is the size of
the partition images, mostly Debian's current arm64 kernel, which changes
with Debian's updates and not with mica. Standard library only.
"""

import argparse
import difflib
import os
import re
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TARGETS = ("size", "loc")
MARKER_RE = re.compile(r"^<!-- figures: make (\w+) -->\n```\n(.*?)```\n",
                       re.MULTILINE | re.DOTALL)
UNCOMPARED_RE = re.compile(r"^\s*images\s")


def run(target, build):
    # Built first, so that make's own lines are not taken for the figures.
    subprocess.run(["make", "-s", "--no-print-directory", "BUILD=" + build,
                    "all"], cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    out = subprocess.run(["make", "-s", "--no-print-directory",
                          "BUILD=" + build, target], cwd=ROOT, check=True,
                         stdout=subprocess.PIPE, universal_newlines=True)
    return out.stdout


def compared(text):
    return [l for l in text.splitlines() if not UNCOMPARED_RE.match(l)]


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("mode", choices=("write", "check"))
    ap.add_argument("readme")
    ap.add_argument("--build", default="build")
    a = ap.parse_args()
    with open(a.readme) as f:
        text = f.read()
    blocks = {m.group(1): m for m in MARKER_RE.finditer(text)}
    missing = [t for t in TARGETS if t not in blocks]
    if missing:
        sys.stderr.write("%s: no block marked <!-- figures: make %s -->\n"
                         % (a.readme, missing[0]))
        return 1
    stale = []
    for target in TARGETS:
        now = run(target, a.build)
        old = blocks[target].group(2)
        if compared(now) == compared(old):
            continue
        stale.append(target)
        if a.mode == "check":
            sys.stdout.writelines(difflib.unified_diff(
                old.splitlines(True), now.splitlines(True),
                "README: make " + target, "make " + target + " now"))
        text = text.replace(blocks[target].group(0),
                            "<!-- figures: make %s -->\n```\n%s```\n"
                            % (target, now), 1)
    if a.mode == "write":
        with open(a.readme, "w") as f:
            f.write(text)
        print("%s: %s" % (a.readme, "rewrote " + ", ".join(stale)
                          if stale else "figures already current"))
        return 0
    if stale:
        print("%s: the figures of make %s are stale: run make figures"
              % (a.readme, " and make ".join(stale)))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
