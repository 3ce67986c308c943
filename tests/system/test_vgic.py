# SPDX-License-Identifier: Apache-2.0
"""Attacks on the virtual GIC by a native partition (guests/hostile), on
configs/vgic.dts (GICv3) and configs/vgic-gicv2.dts (GICv2): three copies
of hostile, `attacker` on CPU 0 (with two vCPUs it never starts, on CPUs
1 and 2), `victim` on CPU 1 and `control` on CPU 2.

- More active and pending interrupts than list registers (SPIs 32-63 all
  active and pending) must not livelock the vCPU in exits: it counts to
  100,000.
- The virtual timer's interrupt follows the timer's level: latched while
  disabled at the GIC, it is gone once the timer is off or masked
  (CNTV_CTL_EL0.IMASK), and comes while the timer is still on; ended with
  the timer unchanged, it comes again; mica never sets IMASK.
- GICv3: the timer's fast path (hyp/arch/aarch64/vectors.S) is taken, and
  keeps the guest's masks: ended with the timer still high while the
  priority mask holds it back, the interrupt does not come until the mask
  opens; ended while disabled at the GIC, it does not come. QEMU's trace
  of the fast path's last block (-d exec,nochain -dfilter) counts its
  runs.
- GICv3: 20,000 SGIs to the attacker's never-started vCPU 1 must not
  disturb CPU 1, where the victim runs: QEMU's log of exceptions (-d int)
  must show no more physical interrupts taken on CPU 1 than on CPU 2.
"""

import os
import re
import subprocess
import tempfile

import pexpect.popen_spawn
import pytest

import mica_qemu
from test_partitions import BOOT_TIMEOUT_S, STEP_TIMEOUT_S, Machine

IMAGES = {3: os.path.join(mica_qemu.BUILD, "vgic", "mica.bin"),
          2: os.path.join(mica_qemu.BUILD, "vgic-gicv2", "mica.bin")}
ATTACKER, VICTIM, CONTROL = 1, 2, 3
# Interrupts CPU 1 may take beyond CPU 2's: neither has a periodic tick,
# the attack made thousands.
IRQ_MARGIN = 50
# mica's own interrupts are FIQs on GICv3 (group 0), a direct vCPU's IRQs:
# count both.
IRQ_RE = re.compile(r"^Taking exception [56] \[(?:IRQ|FIQ)\] on CPU (\d+)",
                    re.M)


class LoggedMachine(Machine):
    """Machine with a QEMU log in a file: exceptions taken (-d int), or
    what debug asks for."""

    def __init__(self, image, gic, log, debug=("-d", "int")):  # pylint: disable=super-init-not-called
        self.qemu_log = log
        argv = mica_qemu.qemu_argv(cpu="cortex-a57", gic=gic, smp=3,
                                   append="mica.poweroff", mem="1G",
                                   image=image) + list(debug) + ["-D", log]
        self.child = pexpect.popen_spawn.PopenSpawn(
            argv, timeout=STEP_TIMEOUT_S, encoding="utf-8",
            codec_errors="replace", cwd=mica_qemu.ROOT,
            preexec_fn=os.setsid)


@pytest.fixture
def vgic_machine():
    machines = []
    tmp = tempfile.TemporaryDirectory()

    def start(gic, log=False, debug=("-d", "int")):
        if log:
            m = LoggedMachine(IMAGES[gic], gic, os.path.join(tmp.name, "q"),
                              list(debug))
        else:
            m = Machine(IMAGES[gic], gic=gic, smp=3, append="mica.poweroff")
        machines.append(m)
        # Wait for each partition by name: when lines interleave, the
        # console shows a cut line again whole, so one partition's line
        # can appear twice before another's.
        for name in ("attacker", "victim", "control"):
            if "[%s] hostile: ready" % name not in m.log:
                m.expect(r"\[%s\] hostile: ready" % name, BOOT_TIMEOUT_S)
        return m

    yield start
    for m in machines:
        m.close()
    tmp.cleanup()


def attack(m, who, key, answer):
    m.focus(who)
    m.send(key)
    return m.expect(answer)


def no_faults(m):
    assert "must not happen" not in m.log, m.log
    assert not re.search(r"unexpected exception|CHECK failed|stopped",
                         m.log), m.log


@pytest.mark.parametrize("gic", [3, 2], ids=["gicv3", "gicv2"])
def test_more_active_interrupts_than_list_registers_do_not_livelock(
        vgic_machine, gic):
    m = vgic_machine(gic)
    got = attack(m, ATTACKER, "l",
                 r"\[attacker\] hostile: counted to 100000 in (\d+) ticks "
                 r"with SPIs 32-63 active and pending")
    m.expect(r"\[attacker\] hostile: still running")
    # It runs again afterwards, and so do the others.
    attack(m, ATTACKER, "h", r"\[attacker\] hostile: unknown hypercall "
                             r"returned -1")
    attack(m, VICTIM, "h", r"\[victim\] hostile: unknown hypercall returned")
    no_faults(m)
    assert int(got.group(1)) > 0


@pytest.mark.parametrize("gic", [3, 2], ids=["gicv3", "gicv2"])
def test_timer_interrupt_follows_the_timer_level(vgic_machine, gic):
    m = vgic_machine(gic)
    attack(m, ATTACKER, "t", r"\[attacker\] hostile: (timer off|the timer)"
                             r"[^\r\n]*\r\n[\s\S]*hostile: still running")
    assert "[attacker] hostile: timer off: no interrupt" in m.log, m.log
    assert "[attacker] hostile: timer on: interrupt 27\r" in m.log, m.log
    assert "[attacker] hostile: timer masked: no interrupt\r" in m.log, m.log
    assert ("[attacker] hostile: timer ended, still high: came again, "
            "IMASK clear\r") in m.log, m.log
    # Again: nothing was left behind by the first round.
    m.send("t")
    m.expect(r"\[attacker\] hostile: timer ended, still high: [^\r\n]*"
             r"\r\n")
    for line in ("timer off: no interrupt", "timer on: interrupt 27\r",
                 "timer masked: no interrupt",
                 "timer ended, still high: came again, IMASK clear"):
        assert m.log.count("[attacker] hostile: " + line) == 2, (line, m.log)
    no_faults(m)


def symbol(elf, name):
    """The address of symbol name in elf, by nm."""
    out = subprocess.run(["nm", elf], check=True, capture_output=True,
                         text=True).stdout
    found = re.search(r"^([0-9a-f]+) \w %s$" % re.escape(name), out, re.M)
    assert found, "no %s in %s" % (name, elf)
    return int(found.group(1), 16)


def test_timer_fast_path_is_taken_and_keeps_the_guests_masks(vgic_machine):
    done = symbol(os.path.join(mica_qemu.BUILD, "vgic", "mica.elf"),
                  "vtimer_fast_done")
    m = vgic_machine(3, log=True,
                     debug=("-d", "exec,nochain", "-dfilter",
                            "0x%x+4" % done))
    attack(m, ATTACKER, "T", r"\[attacker\] hostile: timer fast path: "
                             r"[^\r\n]*\r\n")
    assert ("[attacker] hostile: timer fast path: held back by the "
            "priority mask, came when it opened, not while disabled\r"
            ) in m.log, m.log
    m.expect(r"\[attacker\] hostile: still running")
    attack(m, VICTIM, "h", r"\[victim\] hostile: unknown hypercall returned")
    no_faults(m)
    m.close()
    with open(m.qemu_log, errors="replace") as f:
        runs = len(re.findall(r"^Trace \d+: 0x[0-9a-f]+ \[[0-9a-f]+/0*%x/"
                              % done, f.read(), re.M))
    print("fast path runs: %d" % runs)
    assert runs >= 1, "the timer's fast path never ran"


def test_sgis_to_an_off_vcpu_leave_its_cpu_alone(vgic_machine):
    m = vgic_machine(3, log=True)
    attack(m, ATTACKER, "k", r"\[attacker\] hostile: sent SGI 1 to vCPU 1 "
                             r"20000 times\r\n")
    m.expect(r"\[attacker\] hostile: still running")
    # The victim still answers, and so does the control.
    attack(m, VICTIM, "h", r"\[victim\] hostile: unknown hypercall returned")
    attack(m, CONTROL, "h", r"\[control\] hostile: unknown hypercall "
                            r"returned")
    no_faults(m)
    m.close()
    with open(m.qemu_log, errors="replace") as f:
        irqs = [0, 0, 0]
        for cpu in IRQ_RE.findall(f.read()):
            irqs[int(cpu)] += 1
    print("physical IRQs by CPU: %s" % irqs)
    assert irqs[1] <= irqs[2] + IRQ_MARGIN, \
        "physical IRQs by CPU: %s (the victim's CPU is 1, the control's 2)" \
        % irqs
