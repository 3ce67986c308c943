#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""Section sizes of the hypervisor image, from `size -A`.

Usage: tools/size.py SIZE ELF     (e.g. aarch64-linux-gnu-size build/mica.elf)

Prints text, rodata, data, bss and stacks in bytes and KiB, then what the
boot loader copies (text + rodata + data) and the total the image occupies
in memory before its page pool. Any other allocated section is listed under
its own name rather than hidden; debug sections (address 0) are left out.
Standard library only.
"""

import subprocess
import sys

ROWS = [(".text", "text"), (".rodata", "rodata"), (".data", "data"),
        (".bss", "bss"), (".stacks", "stacks")]
LOADED = {".text", ".rodata", ".data"}


def sections(size_tool, elf):
    out = subprocess.run([size_tool, "-A", elf], check=True,
                         stdout=subprocess.PIPE,
                         universal_newlines=True).stdout
    found = []
    for line in out.splitlines():
        parts = line.split()
        if len(parts) != 3 or not parts[0].startswith("."):
            continue
        name, size, addr = parts[0], int(parts[1], 0), int(parts[2], 0)
        if addr == 0:  # not allocated: debug info and the like
            continue
        found.append((name, size))
    return found


def kib(n):
    return "%.1f" % (n / 1024)


def main(argv):
    if len(argv) != 3:
        sys.stderr.write("usage: %s SIZE-TOOL ELF\n" % argv[0])
        return 2
    found = dict(sections(argv[1], argv[2]))
    if ".text" not in found:
        sys.stderr.write("%s: no .text section in %s\n" % (argv[0], argv[2]))
        return 1
    # The scenario's partition images ride after the hypervisor in its image
    # file; they are the partitions' code, not the hypervisor's.
    payload = found.pop(".payload", 0)
    loaded = sum(found.get(name, 0) for name in LOADED)
    total = sum(found.values())
    rows = [(label, found.pop(name, 0)) for name, label in ROWS]
    rows += sorted(found.items())  # anything unexpected, by name

    print("%s:" % argv[2])
    print("  %-10s %10s %10s" % ("section", "bytes", "KiB"))
    for label, size in rows:
        print("  %-10s %10d %10s" % (label, size, kib(size)))
    print("  %s" % ("-" * 32))
    print("  %-10s %10d %10s   text + rodata + data: what is loaded" % (
        "loaded", loaded, kib(loaded)))
    print("  %-10s %10d %10s   all of the above: the hypervisor in memory "
          "(sections unpadded)" % ("total", total, kib(total)))
    print("  %-10s %10d %10s   partition images of the scenario, copied "
          "out at boot" % ("images", payload, kib(payload)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
