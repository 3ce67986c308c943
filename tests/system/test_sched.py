# SPDX-License-Identifier: Apache-2.0
"""vCPUs sharing physical CPUs (configs/shared.dts, 2 CPUs): Linux's two
vCPUs at priority 10, each on a CPU with a native partition of higher
priority (rt-bench 90 on CPU 0, pin-entry 80 on CPU 1).

Runs under -icount (virtual time = instructions), so the order of events
does not depend on the host's load: rt-bench must finish its round of
timer deadlines while Linux, on the same CPU, is still booting, and Linux
must still boot, answer and power off, with every WFI trapped (rt-bench
then serves Linux's channel, measuring a silent round every second).
"""

import os
import re

import pexpect

import mica_qemu
from test_partitions import BOOT_TIMEOUT_S, LINUX_PROMPT, machine  # noqa: F401

SHARED_IMAGE = os.path.join(mica_qemu.BUILD, "shared", "mica.bin")


def test_higher_priority_vcpu_runs_first_on_a_shared_cpu(machine):  # noqa: F811
    m = machine(SHARED_IMAGE, gic=3, smp=2, append="mica.poweroff",
                icount=True)
    # rt-bench preempts Linux's boot on CPU 0: its whole round (1010
    # deadlines, 100 us apart) ends long before Linux's shell.
    m.expect(r"\[rt\] rt-bench: samples 1000 min \d+ mean \d+ p99 \d+ "
             r"max \d+ \(ticks\)", BOOT_TIMEOUT_S)
    assert "shell up" not in m.log, m.log
    m.expect(r"\[rt\] rt-bench: done", BOOT_TIMEOUT_S)
    m.expect(r"\[linux\] mica-linux: shell up", BOOT_TIMEOUT_S)
    m.expect(LINUX_PROMPT)
    # Linux on two shared CPUs: both vCPUs up, both take timer interrupts
    # (each wait is a trapped WFI that its timer or an IPI must end).
    m.linux("grep -c ^processor /proc/cpuinfo", r"\r\n\[linux\] 2\r\n")
    got = m.linux("grep arch_timer /proc/interrupts",
                  r"\[linux\]\s+\d+:\s+(\d+)\s+(\d+)\s[^\r\n]*arch_timer")
    assert int(got.group(1)) > 0 and int(got.group(2)) > 0, got.group(0)
    # Work that needs both vCPUs and cross-vCPU wake-ups finishes.
    m.linux("for i in 1 2 3 4; do (echo $((i*i)) > /tmp/$i) & done; "
            "wait; cat /tmp/1 /tmp/2 /tmp/3 /tmp/4 | tr '\\n' ' '; echo",
            r"\[linux\] 1 4 9 16 \r\n")
    # pin-entry shares CPU 1 with Linux's vCPU 1 and takes its keys.
    m.focus(3)
    m.send("4711\r")
    m.expect(r"\[pin\] [^\r\n]*4 digits typed, not checked")
    m.focus(1)
    m.linux("echo back", r"\[linux\] back\r\n")
    m.send("poweroff\r")
    m.expect(r"mica: partition linux stopped: it powered off")
    m.focus(3)
    m.send("q")
    m.expect(r"mica: partition pin stopped: it powered off")
    # rt-bench serves the channel to Linux after its round, for good
    # (test_micactl.py): the machine stays on for it.
    assert "rt-bench: serving linux-rt" in m.log, m.log
    got = m.child.expect([r"every partition has stopped", pexpect.TIMEOUT],
                         timeout=2)
    assert got == 1, m.log + (m.child.before or "")
    assert not re.search(r"unexpected exception|CHECK failed", m.log), m.log
