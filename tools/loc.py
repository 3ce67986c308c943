#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""Lines of C and assembly compiled into the hypervisor.

Usage: tools/loc.py DEPFILE...     (the compiler's .d files of the build,
                                    e.g. build/hyp/core/main.c.d and
                                    build/linker.ld.d; `make loc` passes them)

Reads every source and header the build actually compiled from the make
dependency files the compiler wrote (-MMD -MP), so that nothing unbuilt is
counted and no header is missed. Files outside the repository (the cross
compiler's stddef.h and such) are left out. A line counts when something is
left on it after /* */ and // comments are removed (comments inside string
and character literals are not comments); blank lines do not count. The
same rules hold for .S files, which go through the C preprocessor.

A directory among the arguments stands for every .d file under it.
Prints per-directory totals, then:
  total: N lines of C and assembly compiled into the hypervisor
Standard library only.
"""

import collections
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ASM = (".S", ".s")
C = (".c", ".h")


def dep_files(args):
    for a in args:
        if os.path.isdir(a):
            for d, _, files in sorted(os.walk(a)):
                for f in sorted(files):
                    if f.endswith(".d"):
                        yield os.path.join(d, f)
        else:
            yield a


def prerequisites(path):
    """Every prerequisite named in one make dependency file."""
    with open(path, encoding="utf-8") as f:
        text = f.read().replace("\\\n", " ")
    deps = []
    for line in text.splitlines():
        if ":" not in line:
            continue
        # "target: prereq prereq"; -MP adds "header:" lines with none.
        _, _, rest = line.partition(": ")
        if not rest and line.rstrip().endswith(":"):
            continue
        # Make escapes spaces in names as "\ ".
        words = rest.replace("\\ ", "\0").split()
        deps += [w.replace("\0", " ") for w in words]
    return deps


def code_lines(text):
    """Lines with something left once comments are gone."""
    count = 0
    state = "code"   # code, block (/* */), string, char
    has_code = False
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        nxt = text[i + 1] if i + 1 < n else ""
        if c == "\n":
            count += has_code
            has_code = False
            if state in ("string", "char"):
                state = "code"  # unterminated literal: ends with the line
            i += 1
            continue
        if state == "block":
            if c == "*" and nxt == "/":
                state = "code"
                i += 2
            else:
                i += 1
            continue
        if state in ("string", "char"):
            has_code = True
            if c == "\\":
                # An escape; a backslash-newline continues the literal.
                if nxt == "\n":
                    count += 1
                    has_code = True
                i += 2
                continue
            if (state == "string" and c == '"') or \
                    (state == "char" and c == "'"):
                state = "code"
            i += 1
            continue
        # state == "code"
        if c == "/" and nxt == "*":
            state = "block"
            i += 2
            continue
        if c == "/" and nxt == "/":
            # To the end of the line; a backslash-newline would continue it
            # (as in C), which no file here relies on.
            while i < n and text[i] != "\n":
                i += 1
            continue
        if c == '"':
            state = "string"
        elif c == "'":
            state = "char"
        if not c.isspace():
            has_code = True
        i += 1
    count += has_code
    return count


def group_of(rel):
    """hyp/core, hyp/arch/aarch64, hyp/platform/qemu-virt, include, ..."""
    parts = rel.split("/")
    if len(parts) >= 4 and parts[0] == "hyp" and \
            parts[1] in ("arch", "platform"):
        return "/".join(parts[:3])
    if len(parts) >= 3:
        return "/".join(parts[:2])
    return parts[0] if len(parts) > 1 else "."


def main(argv):
    deps = list(dep_files(argv[1:]))
    if not deps:
        sys.stderr.write("usage: %s DEPFILE... (the build's .d files)\n"
                         % argv[0])
        return 2
    files = set()
    for d in deps:
        for p in prerequisites(d):
            full = os.path.realpath(os.path.join(ROOT, p))
            if not full.startswith(ROOT + os.sep):
                continue  # a system or compiler header
            if full.endswith(C + ASM) and os.path.isfile(full):
                files.add(os.path.relpath(full, ROOT))
    if not files:
        sys.stderr.write("%s: no sources found in %d dependency files\n"
                         % (argv[0], len(deps)))
        return 1

    groups = collections.OrderedDict()
    for rel in sorted(files, key=lambda r: (group_of(r), r)):
        with open(os.path.join(ROOT, rel), encoding="utf-8") as f:
            n = code_lines(f.read())
        g = groups.setdefault(group_of(rel), {"files": 0, "c": 0, "asm": 0})
        g["files"] += 1
        g["asm" if rel.endswith(ASM) else "c"] += n

    print("%-26s %6s %8s %8s %8s" % ("directory", "files", "C", "asm",
                                     "lines"))
    tot = {"files": 0, "c": 0, "asm": 0}
    for name, g in groups.items():
        print("%-26s %6d %8d %8d %8d" % (name, g["files"], g["c"], g["asm"],
                                         g["c"] + g["asm"]))
        for k in tot:
            tot[k] += g[k]
    print("%-26s %6d %8d %8d %8d" % ("(all)", tot["files"], tot["c"],
                                     tot["asm"], tot["c"] + tot["asm"]))
    print("total: %d lines of C and assembly compiled into the hypervisor"
          % (tot["c"] + tot["asm"]))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
