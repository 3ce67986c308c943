#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""Linux's boot to its shell on bare QEMU and under mica, in instructions.

Boots Debian's kernel (build/linux) on bare QEMU with 2 CPUs, then the same
kernel and initramfs as mica's partition `linux` (2 vCPUs) in
configs/linux-only.dts (build/linux-only/mica.bin), each --runs times under
-icount shift=0,align=off,sleep=off, where one nanosecond of virtual time is
one instruction. The figure is the guest's own count of virtual time from
machine reset to its first shell prompt (it includes mica's boot and the
copy of the images under mica); prints median, range and the ratio.
"""

import argparse
import importlib.util
import os
import statistics
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
spec = importlib.util.spec_from_file_location(
    "linux_boot_time", os.path.join(HERE, "linux-boot-time.py"))
lbt = importlib.util.module_from_spec(spec)
spec.loader.exec_module(lbt)


def measure(argv, runs, timeout):
    argv = argv + ["-icount", lbt.DEFAULT_ICOUNT]
    values = []
    for k in range(runs):
        try:
            values.append(lbt.one_run(argv, timeout)["reset"])
        except lbt.Failed as e:
            sys.exit("boot-compare: run %d failed: %s" % (k + 1, e))
    return values


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--mica", default="build/linux-only/mica.bin")
    ap.add_argument("--timeout", type=float, default=300)
    a = ap.parse_args()
    # The same CPUs and memory as mica's partition: 2 CPUs, 256 MiB.
    bare = lbt.bare_argv()
    bare[bare.index("-m") + 1] = "256M"
    mica = [lbt.QEMU, "-M", "virt,virtualization=on,gic-version=3",
            "-cpu", "cortex-a57", "-smp", "4", "-m", "1G", "-nographic", "-nic", "none",
            "-no-reboot", "-kernel", a.mica, "-append", "mica.poweroff"]
    rows = [("bare QEMU", measure(bare, a.runs, a.timeout)),
            ("mica", measure(mica, a.runs, a.timeout))]
    base = statistics.median(rows[0][1])
    print("Linux reset to shell, virtual time under -icount shift=0 "
          "(1 ns = 1 instruction), %d runs" % a.runs)
    print("%-10s %14s %29s %7s" % ("", "median (s)", "range (s)", "ratio"))
    for name, v in rows:
        med = statistics.median(v)
        print("%-10s %14.6f %14.6f - %12.6f %6.2fx" % (
            name, med, min(v), max(v), med / base))


if __name__ == "__main__":
    main()
