#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""mica's one C style: every C file and header of ours as clang-format leaves it.

Usage: tools/format.py [--fix] [--root DIR]

Checks (or with --fix, rewrites) every tracked *.c and *.h under DIR (the
repository by default) against DIR/.clang-format, with Debian 12's
clang-format (14). Mbed TLS's few C library shims (hyp/lib/mbedtls/include/)
are left out: they mirror the C library's headers. Prints the files that
differ, one a line, and exits 1 if there is any; 0 when all are formatted.
`make test` runs the check (static group of tools/run-tests.py); `make
format` runs --fix.
"""

import argparse
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SKIP = ("hyp/lib/mbedtls/include/",)


def c_files(root):
    out = subprocess.run(["git", "ls-files", "-z", "*.c", "*.h"], cwd=root,
                         stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                         check=True).stdout.decode()
    return [f for f in out.split("\0") if f and not f.startswith(SKIP)]


def unformatted(root, files):
    bad = []
    for f in files:
        with open(os.path.join(root, f), "rb") as fh:
            text = fh.read()
        done = subprocess.run(["clang-format", "--style=file",
                               "--assume-filename=" + f],
                              cwd=root, input=text, stdout=subprocess.PIPE,
                              check=True).stdout
        if done != text:
            bad.append(f)
    return bad


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--fix", action="store_true")
    ap.add_argument("--root", default=ROOT)
    args = ap.parse_args()
    files = c_files(args.root)
    if not files:
        print("format: no C files under %s" % args.root, file=sys.stderr)
        return 1
    if args.fix:
        subprocess.run(["clang-format", "-i", "--style=file"] + files,
                       cwd=args.root, check=True)
        return 0
    bad = unformatted(args.root, files)
    for f in bad:
        print(f)
    if bad:
        print("format: %d of %d files differ from .clang-format; "
              "make format fixes them" % (len(bad), len(files)),
              file=sys.stderr)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
