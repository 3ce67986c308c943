#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""Writes the fuzzer's seed corpus (tests/tools/corpus) from the scenarios.

Usage: tests/tools/mkcorpus.py BUILD_TOOLS_DIR CORPUS_DIR
(run by `make tools-corpus`, which compiles the scenarios first).

The seeds: the good scenarios and a spread of bad ones (one or two a
section), compiled; the good one cut at a few lengths and with single bits
flipped (fixed seed, so the corpus is reproducible); a blob whose nodes
carry phandles that refer to each other in a cycle; blobs with the largest
cell values everywhere a number goes; and the two blobs behind bugs found
while fuzzing (a property length that wraps, a misaligned structure block,
an old format version). Every file is a plain DTB or
a damaged one; the whole stays well under 200 KB.
"""

import os
import random
import struct
import subprocess
import sys

SCENARIOS = os.path.join(os.path.dirname(os.path.abspath(__file__)),
                         "scenarios")

COMPILED = [
    "good", "good-gic2", "good-budget-100", "good-escapes", "good-raw",
    "bad-root-unknown-prop", "bad-duplicate-memory", "bad-board-memory-odd",
    "bad-board-reserved-5", "bad-partition-duplicate", "bad-partitions-9",
    "bad-vcpu-order", "bad-vcpus-9", "bad-vcpu-priority-3-bytes",
    "bad-vcpu-overcommit", "bad-region-overlap", "bad-region-wraps",
    "bad-region-shared-one-side", "bad-regions-9", "bad-devices-9",
    "bad-device-page-shared", "bad-device-irqs-5", "bad-image-native-kernel",
    "bad-channel-one-end", "bad-channel-self", "bad-channels-17",
    "bad-channel-doorbell-taken", "bad-right-unknown-allow", "bad-rights-17",
    "bad-right-self",
]

# Changes to scenario.dtsi compiled only into the corpus.
EXTRA = {
    # Partitions that name each other through phandles: A -> B -> C -> A.
    "phandle-cycle": """
&linux { interrupt-parent = <&rt>; };
&rt { interrupt-parent = <&pin>; };
&pin { interrupt-parent = <&linux>; };
""",
    # Only the phandle properties dtc writes, which the parser skips.
    "phandle-only": """
&linux_vcpu0 { phandle = <1>; };
&rt_vcpu0 { phandle = <2>; linux,phandle = <2>; };
&pin_vcpu0 { phandle = <3>; };
""",
    "huge-board": """
&board {
	memory = <0xffffffff 0xfffff000 0xffffffff 0xffffffff>;
	hypervisor = <0xffffffff 0xffffffff 0xffffffff 0xffffffff>;
	cpus = <0xffffffff>;
	gic = <0xffffffff>;
	reserved = <0xffffffff 0xffffffff 0xffffffff 0xffffffff>;
};
""",
    "huge-vcpus": """
&rt_vcpu0 { cpu = <0xffffffff>; priority = <0xffffffff>;
	    budget-us = <0xffffffff>; period-us = <0xffffffff>; };
&pin_vcpu0 { cpu = <2>; priority = <99>;
	     budget-us = <0xffffffff>; period-us = <0xffffffff>; };
""",
    "huge-memory": """
&pin_ram { ipa = <0xffffffff 0xfffff000>; size = <0xffffffff 0xfffff000>;
	   pa = <0xffffffff 0xfffff000>; };
&linux_shm { size = <0xffffffff 0xffffffff>; };
""",
    "huge-devices": """
&rt_gpio { mmio = <0xffffffff 0xffffffff 0xffffffff 0xffffffff>;
	   irqs = <0xffffffff 0xffffffff 0 0xffffffff>; };
""",
    "huge-channels": """
&ch_linux_rt { size = <0xffffffff 0xfffff000>;
	       ipa = <0xffffffff 0xffffffff 0xffffffff 0xffffffff>;
	       doorbells = <0xffffffff 0xffffffff>; };
""",
}


def dtc(source):
    return subprocess.run(
        ["dtc", "-q", "-I", "dts", "-O", "dtb", "-i", SCENARIOS, "-o", "-",
         "-"], input=source.encode(), stdout=subprocess.PIPE,
        check=True).stdout


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    built, out = sys.argv[1:]
    os.makedirs(out, exist_ok=True)
    for name in os.listdir(out):
        os.unlink(os.path.join(out, name))

    def write(name, data):
        with open(os.path.join(out, name), "wb") as f:
            f.write(data)

    for name in COMPILED:
        with open(os.path.join(built, name + ".dtb"), "rb") as f:
            write(name + ".dtb", f.read())
    for name, change in EXTRA.items():
        write(name + ".dtb",
              dtc('/dts-v1/;\n/include/ "scenario.dtsi"\n' + change))

    with open(os.path.join(built, "good.dtb"), "rb") as f:
        good = f.read()
    for n in (0, 8, 40, 56, len(good) // 4, len(good) // 2, len(good) - 1):
        write("cut-%d.dtb" % n, good[:n])
    # A property length of 2^32 - 12, which sent libfdt 1.6.1's tag walk
    # back to the same tag forever, and the structure block moved off its
    # 4-byte alignment (libfdt accepts it; cells must then be read bytewise).
    off_struct, off_strings = struct.unpack(">II", good[8:16])
    at = off_struct
    while struct.unpack(">I", good[at:at + 4])[0] != 3:  # FDT_PROP
        at += 4
    wraps = bytearray(good)
    wraps[at + 4:at + 8] = struct.pack(">I", 0xfffffff4)
    write("prop-len-wraps.dtb", bytes(wraps))
    moved = bytearray(good[:off_struct] + b"\0" + good[off_struct:])
    moved[4:16] = struct.pack(">III", len(good) + 1, off_struct + 1,
                              off_strings + 1)
    write("misaligned-struct.dtb", bytes(moved))
    # Version 10 (node names were full paths): libfdt 1.6.1's
    # fdt_check_full() dereferences NULL on its root node.
    old = bytearray(good)
    old[20:28] = struct.pack(">II", 10, 2)
    write("version-10.dtb", bytes(old))

    rng = random.Random(1)
    for i in range(12):
        bit = rng.randrange(len(good) * 8)
        flipped = bytearray(good)
        flipped[bit // 8] ^= 1 << (bit % 8)
        write("flip-%d.dtb" % bit, bytes(flipped))


if __name__ == "__main__":
    main()
