# SPDX-License-Identifier: Apache-2.0
"""Partitions side by side on mica: Debian's unmodified Linux with 2 vCPUs,
the real-time partition and the PIN-entry partition (the default scenario),
on GICv3 and GICv2; and a hostile partition whose attacks are contained
while Linux keeps answering (configs/hostile.dts).

Every boot runs QEMU behind pipes with hard timeouts; the keyboard moves
between partitions with mica's escape key, Ctrl-] then the partition's
number (1 = first in the scenario).
"""

import os
import re
import time

import pexpect
import pexpect.popen_spawn
import pytest

import mica_qemu

ESC = "\x1d"  # Ctrl-]
BOOT_TIMEOUT_S = 120
STEP_TIMEOUT_S = 30
LINUX_PROMPT = r"mica-linux:[^\r\n]*# "


class Machine:
    """QEMU running one mica image; the console as one growing text."""

    def __init__(self, image, gic=3, smp=4, cpu="cortex-a57", append="",
                 icount=False):
        if not os.path.exists(image):
            raise AssertionError("%s does not exist: run make test-builds"
                                 % image)
        argv = mica_qemu.qemu_argv(cpu=cpu, gic=gic, smp=smp, append=append,
                                   mem="1G", image=image)
        if icount:
            # Virtual time counts instructions: order is deterministic.
            argv += ["-icount", "shift=0,align=off,sleep=off"]
        self.child = pexpect.popen_spawn.PopenSpawn(
            argv, timeout=STEP_TIMEOUT_S, encoding="utf-8",
            codec_errors="replace", cwd=mica_qemu.ROOT,
            preexec_fn=os.setsid)

    def text(self):
        return self.child.before or ""

    def expect(self, pattern, timeout=STEP_TIMEOUT_S):
        try:
            self.child.expect(pattern, timeout=timeout)
        except (pexpect.TIMEOUT, pexpect.EOF):
            raise AssertionError("waited %d s for %r; console:\n%s" % (
                timeout, pattern, self.log[-6000:] + (self.child.before or "")))
        after = self.child.after
        self.log += (self.child.before or "") + \
            (after if isinstance(after, str) else "")
        return self.child.match

    log = ""

    def send(self, s):
        # Slowly: a real UART has a 32-byte FIFO and so does QEMU's.
        for ch in s:
            self.child.send(ch)
            time.sleep(0.003)

    def focus(self, n):
        self.send(ESC + str(n))
        self.expect(r"mica: keyboard -> \S+")

    def linux(self, command, expect):
        self.send(command + "\r")
        m = self.expect(expect)
        self.expect(LINUX_PROMPT)
        return m

    def close(self):
        try:
            self.child.kill(9)
        except OSError:
            pass
        self.child.wait()


@pytest.fixture
def machine(request):
    machines = []

    def start(*args, **kw):
        m = Machine(*args, **kw)
        machines.append(m)
        return m

    yield start
    for m in machines:
        m.close()


def boot_default(machine, image, gic):
    m = machine(image, gic=gic, append="mica.poweroff")
    m.expect(r"mica: starting partition linux", BOOT_TIMEOUT_S)
    m.expect(r"\[pin\] pin-entry: ready", BOOT_TIMEOUT_S)
    m.expect(r"\[linux\] mica-linux: shell up", BOOT_TIMEOUT_S)
    m.expect(LINUX_PROMPT)
    return m


@pytest.mark.parametrize("image,gic", [
    (mica_qemu.SCENARIO_IMAGE, 3),
    (os.path.join(mica_qemu.BUILD, "gicv2", "mica.bin"), 2),
], ids=["gicv3", "gicv2"])
def test_linux_and_native_partitions_side_by_side(machine, image, gic):
    m = boot_default(machine, image, gic)
    assert re.search(r"\[rt\] rt-bench: under mica, ABI 0\.5", m.log), m.log
    assert re.search(r"\[rt\] rt-bench: GICv%d" % gic, m.log), m.log
    # Linux sees its 2 vCPUs, started through mica's PSCI, at EL1.
    assert "[linux] [" in m.log and "CPU: All CPU(s) started at EL1" in m.log
    # QEMU's boot seed reached Linux (mica's device tree for it): its CRNG
    # is ready from its first instant, not after seconds of slow syscalls.
    assert re.search(r"\[linux\] \[\s*0\.0+\] random: crng init done",
                     m.log), m.log
    m.linux("grep -c ^processor /proc/cpuinfo", r"\r\n\[linux\] 2\r\n")
    # Its timer ticks: the arch_timer counts grow between two reads.
    counts = []
    for _ in range(2):
        got = m.linux("grep arch_timer /proc/interrupts",
                      r"\[linux\]\s+\d+:\s+(\d+)\s+(\d+)\s[^\r\n]*"
                      r"arch_timer")
        counts.append((int(got.group(1)), int(got.group(2))))
        time.sleep(0.5)
    # Both vCPUs take timer interrupts, and more of them over time.
    assert all(c > 0 for c in counts[0]), counts
    assert counts[1][0] > counts[0][0] and counts[1][1] > counts[0][1], counts
    # A command typed into Linux's console runs.
    m.linux("echo $((6*7))-from-linux", r"\[linux\] 42-from-linux")
    # A pasted line (sent at once, not typed) arrives whole.
    m.child.send("v=" + "m" * 600 + "; echo len=${#v}\r")
    m.expect(r"\[linux\] len=600\r\n")
    m.expect(LINUX_PROMPT)

    # The keyboard moves to pin-entry (third partition); Linux does not see
    # the PIN, and the PIN's digits are never echoed.
    m.focus(3)
    m.send("4711\r")
    m.expect(r"\[pin\] [^\r\n]*4 digits typed, not checked")
    assert "4711" not in m.log.split("keyboard -> pin")[-1], m.log
    m.send("12\r")
    m.expect(r"\[pin\] [^\r\n]*(too short|rejected|4 digits)")

    # Back to Linux, which kept running meanwhile.
    m.focus(1)
    m.linux("echo back", r"\[linux\] back\r\n")

    # poweroff in Linux ends that partition, not the machine.
    m.send("poweroff\r")
    m.expect(r"mica: partition linux stopped: it powered off")
    m.focus(3)
    m.send("q")
    m.expect(r"mica: partition pin stopped: it powered off")
    # rt-bench, after its printed round, serves Linux's channel for good
    # (test_micactl.py): it is still running, so mica.poweroff waits.
    assert re.search(r"\[rt\] rt-bench: serving linux-rt", m.log), m.log
    assert "mica: partition rt stopped" not in m.log, m.log
    got = m.child.expect([r"mica: partition rt stopped",
                          r"every partition has stopped", pexpect.TIMEOUT],
                         timeout=2)
    assert got == 2, m.log + (m.child.before or "")


def test_linux_user_fault_is_linuxs_business(machine):
    """A process that writes Linux's read-only channel or reads where
    nothing is gets a bus error from Linux (mica hands the stage-2 fault
    from EL0 back as a synchronous external abort); Linux, whose policy is
    restart, carries on and mica prints nothing."""
    m = boot_default(machine, mica_qemu.SCENARIO_IMAGE, 3)
    for cmd in ("devmem 0x50010000 32 0xdeadbeef", "devmem 0x60000000"):
        m.linux(cmd + "; echo rc=$?",
                r"\[linux\] Bus error\r\n\[linux\] rc=135\r\n")
    m.linux("echo linux-alive", r"\[linux\] linux-alive\r\n")
    assert not re.search(r"^mica: partition linux", m.log, re.M), m.log
    assert not re.search(r"^mica: .*restart", m.log, re.M), m.log


def test_hostile_partition_is_contained(machine):
    image = os.path.join(mica_qemu.BUILD, "hostile", "mica.bin")
    m = machine(image, gic=3, smp=5)
    m.expect(r"\[hostile\] hostile: ready", BOOT_TIMEOUT_S)
    m.expect(r"\[linux\] mica-linux: shell up", BOOT_TIMEOUT_S)
    m.expect(LINUX_PROMPT)

    def attack(who, key, answer):
        m.focus(who)
        m.send(key)
        got = m.expect(answer)
        m.focus(1)
        m.linux("echo linux-alive", r"\[linux\] linux-alive\r\n")
        return got

    # Calls refused with a status, and writes the vGIC ignores: survived.
    attack(2, "h", r"\[hostile\] hostile: unknown hypercall returned -1\r\n")
    attack(2, "y", r"\[hostile\] hostile: keyboard take returned -4\r\n")
    assert "(requested by" not in m.log, m.log
    attack(2, "p", r"\[hostile\] hostile: CPU_ON of vCPU 5 returned -2\r\n")
    attack(2, "g", r"\[hostile\] hostile: wrote the GIC distributor\r\n"
                   r"\[hostile\] hostile: still running")
    # Stray accesses: contained by the fault policy (restart), each with one
    # clear line naming the partition, the fault and the address.
    attack(2, "r", r"mica: partition hostile vCPU 0: read outside its memory "
                   r"at 0x42800000; policy restart[\s\S]*restart 1 of 3"
                   r"[\s\S]*\[hostile\] hostile: ready")
    attack(2, "w", r"mica: partition hostile vCPU 0: write outside its memory "
                   r"at 0x42800000; policy restart[\s\S]*restart 2 of 3"
                   r"[\s\S]*\[hostile\] hostile: ready")
    attack(2, "m", r"mica: partition hostile vCPU 0: access to device memory "
                   r"without syndrome at 0x9000000; policy restart[\s\S]*"
                   r"restart 3 of 3[\s\S]*\[hostile\] hostile: ready")
    # Past its restart limit (the default, 3 in 60 s) it stays stopped.
    attack(2, "x", r"mica: partition hostile vCPU 0: instruction fetch outside "
                   r"its memory at 0x42800000; policy restart\r\n"
                   r"mica: partition hostile stopped: restart limit reached "
                   r"\(3 in 60000 ms\)")
    # A forbidden SMC with policy log: reported, and handed to the partition
    # as an undefined instruction, which its runtime reports before it ends.
    attack(4, "s", r"mica: partition hostile-log vCPU 0: forbidden SMC at "
                   r"0xc2000000; policy log[\s\S]*mica: partition hostile-log "
                   r"stopped: it powered off")
    # The partition's runtime reported the undefined instruction it got.
    assert re.search(r"\[hostile-log\] libmica: unexpected exception", m.log)
    assert "must not happen" not in m.log, m.log
    # mica itself never faulted.
    assert not re.search(r"^mica: unexpected exception", m.log, re.M), m.log


def test_passed_through_device_reaches_its_owner(machine):
    """rtc-owner owns QEMU's PL031: its registers are mapped into rtc-owner
    alone, and each match interrupt is forwarded to it (masked at the GIC
    until rtc-owner ends it), three times in a row."""
    image = os.path.join(mica_qemu.BUILD, "hostile", "mica.bin")
    m = machine(image, gic=3, smp=5)
    m.expect(r"\[rtc-owner\] rtc-owner: PL031 id 0x31, time \d+ s",
             BOOT_TIMEOUT_S)
    for n in (1, 2, 3):
        m.expect(r"\[rtc-owner\] rtc-owner: match interrupt %d at \d+ s" % n)
    m.expect(r"\[rtc-owner\] rtc-owner: 3 interrupts from the PL031, done")
    m.expect(r"mica: partition rtc-owner stopped: it powered off")
    assert "unexpected interrupt" not in m.log, m.log
