#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""The core names no architecture (../shared/style.md, rule 1).

Usage: tools/arch-names.py [--root DIR]

Scans every file under hyp/core and hyp/include/mica (code, strings and
comments alike: a comment "on Arm, the GIC's ..." in the core is still the
core naming an architecture) for the names of architectures and of their
parts, and for an #if/#ifdef on an architecture's macro. Prints each hit as
file:line: text and exits 1 if there is one, 0 if there is none.

What counts as a name: an architecture (AArch64, AArch32, arm64, ARMv8,
Arm/ARM as a word, RISC-V, x86), its interrupt controller and its ids (GIC,
vGIC, GICD/GICR/GICC/GICH, ICH/ICC registers, INTID, SPI/PPI/SGI/LPI), its
privilege levels (EL0 to EL3), its call instructions and firmware interfaces
(HVC, SMC, SMCCC, PSCI) and its CPU ids (MPIDR). "arm" in lower case is the
verb (arming a timer) and is allowed; "Arm" and "ARM" are not.

Allowed on purpose:
- PL011 and AMBA: a device and its bus, not an architecture; the core's
  virtual console emulates a PL011 for any guest, and a RISC-V board can
  have one.
- The arch interface's own names, "arch/<name>.h" and arch_<name>: that
  interface is the boundary (hyp/include/arch may name ports in examples);
  what its headers are called is decided there, not in the core.

What it does not catch: an architecture's constant written as a bare
number (such as 1020), or a name spelled in a way not listed here.
"""

import argparse
import os
import re
import sys

SCOPE = ("hyp/core", "hyp/include/mica")

WORDS = re.compile(
    r"(?<![A-Za-z0-9_])("
    r"aarch(?:32|64)|arm(?:32|64)|armv[0-9]+[a-z0-9.-]*|"
    r"risc-?v|rv(?:32|64)[a-z]*|x86(?:[_-]64)?|amd64|i386|"
    r"v?gic(?:v[0-9])?|gic[dcrhv]|ich|icc|intids?|"
    r"spis?|ppis?|sgis?|lpis?|el[0-3]|hvcs?|smcs?|smccc|psci|mpidr"
    r")(?![A-Za-z0-9_])", re.IGNORECASE)
# Case matters here: "arm" is also an English verb.
ARM = re.compile(r"(?<![A-Za-z0-9_])(Arm|ARM)(?![A-Za-z0-9_])")
IFDEF = re.compile(
    r"^\s*#\s*(?:if|ifdef|ifndef|elif)\b.*("
    r"__aarch64__|__arm__|__arm64__|__riscv|__x86_64__|__i386__|"
    r"CONFIG_ARCH_\w*|ARCH_AARCH64|ARCH_ARM\w*|ARCH_RISCV\w*|ARCH_X86\w*)")
# The arch interface's names: removed before the line is looked at.
INTERFACE = re.compile(r'"arch/\w+\.h"|<arch/\w+\.h>|\barch_\w+')


def hits_in(path, rel):
    out = []
    with open(path, encoding="utf-8", errors="replace") as f:
        for n, line in enumerate(f, 1):
            text = line.rstrip("\n")
            if IFDEF.search(text):
                out.append("%s:%d: %s" % (rel, n, text.strip()))
                continue
            bare = INTERFACE.sub(" ", text)
            if WORDS.search(bare) or ARM.search(bare):
                out.append("%s:%d: %s" % (rel, n, text.strip()))
    return out


def scan(root):
    hits = []
    for top in SCOPE:
        base = os.path.join(root, top)
        for d, dirs, files in os.walk(base):
            dirs.sort()
            for name in sorted(files):
                path = os.path.join(d, name)
                hits += hits_in(path, os.path.relpath(path, root))
    return hits


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--root", default=os.path.dirname(
        os.path.dirname(os.path.abspath(__file__))),
        help="the repository to scan (default: this one)")
    args = ap.parse_args()
    missing = [t for t in SCOPE
               if not os.path.isdir(os.path.join(args.root, t))]
    if missing:
        print("arch-names: no %s under %s" % (", ".join(missing), args.root))
        return 1
    hits = scan(args.root)
    for h in hits:
        print(h)
    if hits:
        print("arch-names: %d line(s) of the core name an architecture; "
              "move them behind hyp/include/arch" % len(hits))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
