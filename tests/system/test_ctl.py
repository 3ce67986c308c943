# SPDX-License-Identifier: Apache-2.0
"""ctl-loop and ctl-watch, the pair the bench's mica+ctl-* cases measure
with (configs/ctl.dts): ctl-loop (100 us period) and ctl-watch below it on
CPU 0, a 1-vCPU Linux booting on CPU 1.

Under -icount QEMU runs the CPUs in turn, and each of ctl-loop's timer
writes hands the turn to the busy CPU up to the new deadline
(bench/README.md): ctl-loop keeps its periods but reaches its WFI only
after its deadline, so ctl-watch, which runs only while ctl-loop waits,
did not run for milliseconds and once reported that as a stall of
ctl-loop ("v1 -> v1: gap 496117 ticks ... stall" 67 ms after boot, in
mica+ctl-switch). The gaps ctl-watch reports are ctl-loop's own now.
"""

import os

import mica_qemu
from test_partitions import BOOT_TIMEOUT_S, machine  # noqa: F401

CTL_IMAGE = os.path.join(mica_qemu.BUILD, "ctl", "mica.bin")
STEADY_RE = (r"\[watch\] ctl-watch: steady: longest gap (\d+) ticks "
             r"over 10000 periods of v1")


def test_ctl_watch_reports_ctl_loops_own_gaps_beside_a_busy_cpu(
        machine):  # noqa: F811
    m = machine(CTL_IMAGE, gic=3, smp=2, append="mica.poweroff",
                icount=True)
    m.expect(r"\[watch\] ctl-watch: watching beat, counter 62500000 Hz",
             BOOT_TIMEOUT_S)
    # 10000 periods: one second of virtual time while Linux boots.
    steady = int(m.expect(STEADY_RE, BOOT_TIMEOUT_S).group(1))
    assert "stall" not in m.log, m.log
    assert "ctl-watch: v1" not in m.log, m.log
    # At most two periods (6250 ticks each) between two in a row.
    assert 6250 <= steady <= 2 * 6250, m.log
