#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""mica's own boot time, in instructions.

Boots the hypervisor alone (build/none/mica.bin) under
-icount shift=0,align=off,sleep=off, where virtual time advances one
nanosecond per executed instruction, and reads the banner's "boot:" line:
counter ticks from mica's first instruction until every CPU is online
(62.5 MHz counter: 16 instructions a tick). Runs each case --runs times and
prints the median and the range.

  tools/mica-boot-time.py [--runs 3] [--image build/none/mica.bin]
"""

import argparse
import re
import statistics
import subprocess
import sys

CASES = [("cortex-a53", 3, 1), ("cortex-a53", 3, 4), ("cortex-a53", 2, 4)]


def one(image, cpu, gic, smp):
    argv = ["qemu-system-aarch64", "-M",
            "virt,virtualization=on,gic-version=%d" % gic, "-cpu", cpu,
            "-smp", str(smp), "-m", "512M", "-nographic", "-nic", "none", "-no-reboot",
            "-icount", "shift=0,align=off,sleep=off", "-kernel", image,
            "-append", "mica.poweroff"]
    out = subprocess.run(argv, stdin=subprocess.DEVNULL, capture_output=True,
                         text=True, timeout=60).stdout
    m = re.search(r"^boot: \d+ us \((\d+) counter ticks\)", out, re.M)
    if not m:
        sys.exit("no boot: line from %s\n%s" % (" ".join(argv), out))
    return int(m.group(1)) * 16


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--image", default="build/none/mica.bin")
    a = ap.parse_args()
    print("mica boot, first instruction to all CPUs online, under "
          "-icount shift=0 (instructions, %d runs)" % a.runs)
    print("%-12s %4s %4s %12s %25s" % ("cpu", "gic", "smp", "median",
                                         "range"))
    for cpu, gic, smp in CASES:
        v = [one(a.image, cpu, gic, smp) for _ in range(a.runs)]
        print("%-12s %4d %4d %12d %12d - %10d" % (
            cpu, gic, smp, statistics.median(v), min(v), max(v)))


if __name__ == "__main__":
    main()
