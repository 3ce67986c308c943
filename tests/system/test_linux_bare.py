# SPDX-License-Identifier: Apache-2.0
"""The Linux guest boots on bare QEMU, with no hypervisor.

This is the reference the same guest is held to under mica
(test_partitions.py): Debian's unmodified arm64 kernel, entered at EL1 as
mica enters it, reaches the busybox shell, sees both CPUs, takes timer
interrupts and powers the machine off. It needs build/linux/ (`make linux`)
and builds nothing.

One boot serves every case; they run in file order and the last powers
off. A case that fails leaves QEMU to the fixture, which kills it.
"""

import re

import pytest

import linux_shell

SMP = 2


@pytest.fixture(scope="module")
def shell():
    with linux_shell.Shell(linux_shell.bare_argv(smp=SMP)) as sh:
        sh.wait_for_shell()
        yield sh


def test_boots_at_el1_to_the_shell(shell):
    out = shell.console()
    assert re.search(r"Booting Linux on physical CPU", out), shell.describe()
    # Bare QEMU without virtualization=on starts the kernel at EL1, as
    # mica will.
    assert re.search(r"CPU: All CPU\(s\) started at EL1", out), \
        shell.describe()
    assert "Run /init as init process" in out, shell.describe()
    # The boot-time line tools/linux-boot-time.py reads: the guest could
    # read the generic timer's count at EL0.
    assert re.search(r"^mica-linux: shell up \d+\.\d{6} s after reset "
                     r"\(uptime \d+\.\d+ s\)$", out, re.MULTILINE), \
        shell.describe()
    assert not re.search(r"Kernel panic|Oops|BUG:", out), shell.describe()


def test_sees_every_cpu(shell):
    lines = shell.run("cat /proc/cpuinfo | grep -c processor")
    assert lines == [str(SMP)], "%r\n%s" % (lines, shell.describe())


def _timer_counts(shell):
    lines = [ln for ln in shell.run("cat /proc/interrupts")
             if "arch_timer" in ln]
    assert len(lines) == 1, \
        "no single arch_timer line: %r\n%s" % (lines, shell.describe())
    # " 11:        347        320     GICv3  27 Level     arch_timer"
    fields = lines[0].split()
    return [int(n) for n in fields[1:1 + SMP]]


def test_arch_timer_ticks(shell):
    before = _timer_counts(shell)
    # The sleep arms a timer, so at least one interrupt must arrive even
    # on a tickless idle system.
    shell.run("sleep 1")
    after = _timer_counts(shell)
    assert all(n > 0 for n in before), \
        "a CPU took no timer interrupt: %r" % before
    assert all(a >= b for a, b in zip(after, before)), (before, after)
    assert sum(after) > sum(before), \
        "arch_timer counts did not grow: %r then %r\n%s" % (
            before, after, shell.describe())


def test_poweroff_ends_qemu(shell):
    # Plain poweroff signals PID 1 (our /init), which runs poweroff -f:
    # PSCI SYSTEM_OFF, and QEMU exits by itself with status 0.
    shell.send("poweroff")
    status = shell.wait_exit()
    assert "reboot: Power down" in shell.console(), shell.describe()
    assert status == 0, shell.describe()
