#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""Lines of C and assembly compiled into the hypervisor.

Usage: tools/loc.py [--third-party DIR]... DEPFILE...
                     [--tcb NAME MAP --tcb-part PART "OBJ..."...]
                     (the compiler's .d files of the build, e.g.
                     build/hyp/core/main.c.d and build/linker.ld.d; `make loc`
                     passes them, and Mbed TLS's source folder as third-party)

Reads every source and header the build actually compiled from the make
dependency files the compiler wrote (-MMD -MP), so that nothing unbuilt is
counted and no header is missed. Files outside the repository (the cross
compiler's stddef.h and such) are left out. A line counts when something is
left on it after /* */ and // comments are removed (comments inside string
and character literals are not comments); blank lines do not count. The
same rules hold for .S files, which go through the C preprocessor.

A directory among the arguments stands for every .d file under it.
Files under a --third-party DIR (code mica compiles in but did not write:
Mbed TLS) are counted apart, so that mica's own figure stays its own.
Prints per-directory totals, then:
  total: N lines of C and assembly compiled into the hypervisor
and, with third-party files, their table and:
  third-party: M lines of C compiled in as well (N + M in all)

With --tcb, it goes on to the trusted computing base of partition NAME:
the hypervisor (N, and M, a row per third-party DIR), then each
PART, the objects OBJ (one argument, separated by spaces) of that part
that NAME's link map MAP (ld -Map) shows were linked into it, directly or
as archive members (found by name: an archive's members must have
distinct names), each object's sources and headers read from its .d file
beside it. A file compiled into two parts (hyp/core/fmt.c, in the
hypervisor and in libmica) is counted in each, as it is in each image:
  tcb: T lines of C and assembly in NAME's trusted computing base
  tcb: O of them this repository's, X third-party (whole files under DIR)
(a part's files under a --third-party DIR count as third-party there too).
Standard library only.
"""

import collections
import os
import re
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


def split(files):
    """(C lines, assembly lines) of files."""
    c = asm = 0
    for f in files:
        with open(f, encoding="utf-8") as fh:
            n = code_lines(fh.read())
        if f.endswith(ASM):
            asm += n
        else:
            c += n
    return c, asm


def table(files, group):
    """Prints per-group lines of files (real paths); returns their total."""
    groups = collections.OrderedDict()
    for full in sorted(files, key=lambda r: (group(r), r)):
        with open(full, encoding="utf-8") as f:
            n = code_lines(f.read())
        g = groups.setdefault(group(full), {"files": 0, "c": 0, "asm": 0})
        g["files"] += 1
        g["asm" if full.endswith(ASM) else "c"] += n
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
    return tot["c"] + tot["asm"]


def sources(deps, third, files, theirs):
    """Adds the repository's sources the .d files deps name to files, and
    those under a third-party directory to theirs (path -> directory)."""
    for d in deps:
        for p in prerequisites(d):
            full = os.path.realpath(os.path.join(ROOT, p))
            if not full.endswith(C + ASM) or not os.path.isfile(full):
                continue
            top = [t for t in third if full.startswith(t + os.sep)]
            if top:
                theirs[full] = os.path.relpath(top[0], ROOT)
            elif full.startswith(ROOT + os.sep):
                files.add(full)
            # else a system or compiler header


def linked(map_path):
    """(objects, archive members) a GNU ld link map says were linked."""
    objs, members = set(), set()
    with open(map_path, encoding="utf-8") as f:
        for line in f:
            m = re.match(r"^LOAD (\S+\.o)$", line)
            if m:
                objs.add(os.path.realpath(os.path.join(ROOT, m.group(1))))
            m = re.match(r"^\S+\.a\(([^()]+\.o)\)", line)
            if m:
                members.add(m.group(1))
    return objs, members


def under(full, third):
    """Whether file full lies in one of the third-party directories."""
    return any(full.startswith(t + os.sep) for t in third)


def tcb(name, map_path, parts, hyp, third):
    """Prints the TCB table of partition name; returns its total. hyp's
    rows are (part, files, C, asm, third-party lines)."""
    objs, members = linked(map_path)
    rows = list(hyp)
    for part, part_objs in parts:
        files = set()
        for o in part_objs.split():
            full = os.path.realpath(os.path.join(ROOT, o))
            if full not in objs and os.path.basename(o) not in members:
                continue  # in the archive, but not linked into this one
            dep = os.path.join(ROOT, os.path.splitext(o)[0] + ".d")
            if not os.path.isfile(dep):
                raise OSError("%s: no dependency file beside it" % o)
            # No third-party split: whoever wrote it, it is trusted.
            sources([dep], [], files, {})
        if not files:
            raise OSError("%s: no object of part %s was linked" %
                          (map_path, part))
        theirs = [f for f in files if under(f, third)]
        rows.append((part, len(files)) + split(files) +
                    (sum(split(theirs)),))
    print("\n%s's trusted computing base (lines compiled into each part):"
          % name)
    print("%-26s %6s %8s %8s %8s" % ("part", "files", "C", "asm", "lines"))
    tot = [0, 0, 0, 0]
    for part, nfiles, c, asm, ext in rows:
        print("%-26s %6d %8d %8d %8d" % (part, nfiles, c, asm, c + asm))
        tot = [tot[0] + nfiles, tot[1] + c, tot[2] + asm, tot[3] + ext]
    print("%-26s %6d %8d %8d %8d" % ("(all)", tot[0], tot[1], tot[2],
                                     tot[1] + tot[2]))
    print("tcb: %d lines of C and assembly in %s's trusted computing base"
          % (tot[1] + tot[2], name))
    # Third-party files count whole, though a configuration compiles only
    # part of each: the split says how much of the figure is whose.
    print("tcb: %d of them this repository's, %d third-party (whole files "
          "under %s)" % (tot[1] + tot[2] - tot[3], tot[3],
                         ", ".join(os.path.relpath(t, ROOT) for t in third)
                         or "no third-party directory"))
    return tot[1] + tot[2]


def main(argv):
    args = argv[1:]
    third = []
    while len(args) >= 2 and args[0] == "--third-party":
        third.append(os.path.realpath(os.path.join(ROOT, args[1])))
        args = args[2:]
    tcb_args = None
    if "--tcb" in args:
        i = args.index("--tcb")
        args, tcb_args = args[:i], args[i + 1:]
    deps = list(dep_files(args))
    parts = []
    if tcb_args is not None:
        rest = tcb_args[2:]
        while len(rest) >= 3 and rest[0] == "--tcb-part":
            parts.append((rest[1], rest[2]))
            rest = rest[3:]
        if len(tcb_args) < 2 or rest or not parts:
            deps = []  # usage
    if not deps:
        sys.stderr.write("usage: %s [--third-party DIR]... DEPFILE... "
                         "[--tcb NAME MAP --tcb-part PART \"OBJ...\"...] "
                         "(the build's .d files)\n" % argv[0])
        return 2
    files = set()
    theirs = {}
    sources(deps, third, files, theirs)
    if not files:
        sys.stderr.write("%s: no sources found in %d dependency files\n"
                         % (argv[0], len(deps)))
        return 1

    ours = table(files, lambda f: group_of(os.path.relpath(f, ROOT)))
    print("total: %d lines of C and assembly compiled into the hypervisor"
          % ours)
    extra = 0
    if theirs:
        print("\nthird-party code compiled in (not counted above):")
        extra = table(theirs, lambda f: theirs[f])
        print("third-party: %d lines of C compiled in as well (%d in all)"
              % (extra, ours + extra))
    if tcb_args is not None:
        hyp = [("mica", len(files)) + split(files) + (0,)]
        for top in sorted(set(theirs.values())):
            mine = [f for f in theirs if theirs[f] == top]
            hyp.append(("mica: " + top, len(mine)) + split(mine) +
                       (sum(split(mine)),))
        try:
            tcb(tcb_args[0], tcb_args[1], parts, hyp, third)
        except OSError as e:
            sys.stderr.write("%s: %s\n" % (argv[0], e))
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
