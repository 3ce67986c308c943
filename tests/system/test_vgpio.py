# SPDX-License-Identifier: Apache-2.0
"""Linux's doorbells through its own drivers (configs/vgpio.dts): Debian's
unmodified kernel probes an emulated PL061 for each of its channels
(linux-bell both ways, bell-linux one way, Linux reading) and, through the
sysfs GPIO interface of busybox's shell, rings the native peer bell
(doorbell-out), is rung by it (doorbell-in's rising edges, counted in
/proc/interrupts), and follows bell's state on peer-up: 1 while it runs,
1 again after its first fault restarts it, 0 (and an edge) once its second
fault stops it. A ring in a direction Linux may not send reaches nobody,
and junk written to every register of a PL061 harms nobody: bell keeps
answering, PIN entry its keyboard, mica prints nothing.
"""

import os
import re
import time

import mica_qemu
from test_partitions import (  # noqa: F401
    BOOT_TIMEOUT_S, LINUX_PROMPT, STEP_TIMEOUT_S, machine)

IMAGE = os.path.join(mica_qemu.BUILD, "vgpio", "mica.bin")
BOTH = "9100000.gpio"  # linux-bell, channel 0: Linux is side a
ONE_WAY = "9101000.gpio"  # bell-linux, channel 1: Linux only reads
IN, OUT, PEER = 0, 1, 2  # the lines
IRQ_RE = re.compile(r"\[linux\] irq (\S+) (\d+) (\d+)\r\n")


def boot(machine):  # noqa: F811
    m = machine(IMAGE, gic=3, smp=3)
    m.expect(r"\[bell\] bell: up", BOOT_TIMEOUT_S)
    m.expect(r"\[linux\] mica-linux: shell up", BOOT_TIMEOUT_S)
    m.expect(LINUX_PROMPT)
    return m


def base(m, chip):
    """The first GPIO number of chip, as its pl061 driver registered it."""
    got = m.linux("echo base=$(cat /sys/bus/amba/devices/%s/gpio/"
                  "gpiochip*/base)" % chip, r"\[linux\] base=(\d+)\r\n")
    return int(got.group(1))


def irqs(m):
    """{(chip, line): interrupts taken} of the lines sysfs asked edges of."""
    m.send("awk '/gpiolib/ {print \"irq\", $3, $4, $2}' /proc/interrupts;"
           " echo irqs-done\r")
    start = len(m.log)
    m.expect(r"\[linux\] irqs-done\r\n")
    m.expect(LINUX_PROMPT)
    return {(c, int(line)): int(n)
            for c, line, n in IRQ_RE.findall(m.log[start:])}


def wait_irqs(m, chip, line, at_least):
    """Waits (bounded) until the line has taken at_least interrupts."""
    deadline = time.monotonic() + STEP_TIMEOUT_S
    while True:
        n = irqs(m).get((chip, line), 0)
        if n >= at_least or time.monotonic() > deadline:
            return n
        time.sleep(0.3)


def value(m, gpio):
    got = m.linux("echo value=$(cat gpio%d/value)" % gpio,
                  r"\[linux\] value=(\d)\r\n")
    return int(got.group(1))


def long_run(m, command, marker):
    """Runs command, which ends by echoing marker, with minutes to do it."""
    m.send(command + "\r")
    m.expect(r"\[linux\] %s\r\n" % marker, 4 * BOOT_TIMEOUT_S)
    m.expect(LINUX_PROMPT)


def sync(m):
    """Waits for Linux's prompt after what was expected last, wherever
    that came in the output of both partitions."""
    sync.n += 1
    m.linux("echo sync-%d" % sync.n, r"\[linux\] sync-%d\r\n" % sync.n)


sync.n = 0


def ring(m, gpio, n, *then):
    """Sets doorbell-out at gpio: bell reports its n-th doorbell; then the
    patterns in then, or else bell's statuses of its rings back."""
    m.send("echo 1 > gpio%d/value\r" % gpio)
    m.expect(r"\[bell\] bell: doorbell %d on linux-bell\r\n" % n)
    statuses = None
    for pattern in then:
        m.expect(pattern)
    if not then:
        statuses = m.expect(r"\[bell\] bell: rang linux-bell (-?\d+), "
                            r"bell-linux (-?\d+)").groups()
    sync(m)
    return statuses


def test_linux_rings_and_is_rung_through_its_pl061(machine):  # noqa: F811
    m = boot(machine)
    both, one_way = base(m, BOTH), base(m, ONE_WAY)
    # The binding's line names reach gpiolib.
    m.linux("mount -t debugfs none /sys/kernel/debug; "
            "grep -c -e doorbell-in -e doorbell-out -e peer-up "
            "/sys/kernel/debug/gpio", r"\[linux\] 6\r\n")
    m.linux("cd /sys/class/gpio; for g in %d %d %d %d %d %d; do "
            "echo $g > export; done; echo exported"
            % (both + IN, both + OUT, both + PEER, one_way + IN,
               one_way + OUT, one_way + PEER), r"\[linux\] exported\r\n")
    m.linux("echo rising > gpio%d/edge; echo both > gpio%d/edge; "
            "echo rising > gpio%d/edge; echo out > gpio%d/direction; "
            "echo out > gpio%d/direction; echo set"
            % (both + IN, both + PEER, one_way + IN, both + OUT,
               one_way + OUT), r"\[linux\] set\r\n")
    assert value(m, both + PEER) == 1
    assert value(m, one_way + PEER) == 1
    before = irqs(m)
    assert before.get((BOTH, IN)) == 0, before
    assert before.get((ONE_WAY, IN)) == 0, before

    # Linux rings bell; bell's rings back raise doorbell-in on both chips
    # (bell writes bell-linux, so it may ring it).
    assert ring(m, both + OUT, 1) == ("0", "0"), m.log[-2000:]
    assert wait_irqs(m, BOTH, IN, 1) == 1
    assert wait_irqs(m, ONE_WAY, IN, 1) == 1
    # Each write that sets doorbell-out rings again (it reads back 0).
    assert value(m, both + OUT) == 0
    ring(m, both + OUT, 2)
    assert wait_irqs(m, BOTH, IN, 2) == 2
    # Linux only reads bell-linux: its doorbell-out there rings nobody.
    m.linux("echo 1 > gpio%d/value" % (one_way + OUT), r"")
    assert ring(m, both + OUT, 3) == ("0", "0")
    assert "on bell-linux" not in m.log, m.log

    # A hostile Linux: its driver let go of bell-linux's PL061, junk of
    # every width into every register, then the driver takes it again.
    m.linux("for g in %d %d %d; do echo $g > unexport; done; "
            "echo %s > /sys/bus/amba/drivers/pl061_gpio/unbind; echo unbound"
            % (one_way + IN, one_way + OUT, one_way + PEER, ONE_WAY),
            r"\[linux\] unbound\r\n")
    long_run(m, "o=0; while [ $o -lt 4096 ]; do devmem $((0x9101000 + o)) "
             "32 0xffffffff; o=$((o + 4)); done; echo junk32", "junk32")
    long_run(m, "o=0; while [ $o -lt 4096 ]; do devmem $((0x9101000 + o)) "
             "64 0xa5a5a5a5a5a5a5a5 && devmem $((0x9101000 + o)) 64 "
             ">/dev/null; o=$((o + 8)); done; echo junk64", "junk64")
    long_run(m, "o=1024; while [ $o -lt 1088 ]; do devmem $((0x9101000 + o)) "
             "8 0x5a; devmem $((0x9101000 + o)) 16 0xffff; o=$((o + 1)); "
             "done; echo junk8", "junk8")
    m.linux("echo %s > /sys/bus/amba/drivers/pl061_gpio/bind; echo bound"
            % ONE_WAY, r"\[linux\] bound\r\n")
    one_way = base(m, ONE_WAY)
    m.linux("echo %d > export; echo exported" % (one_way + PEER),
            r"\[linux\] exported\r\n")
    assert ring(m, both + OUT, 4) == ("0", "0")
    m.focus(3)
    m.send("4711\r")
    m.expect(r"\[pin\] [^\r\n]*4 digits typed, not checked")
    m.focus(1)
    assert "on bell-linux" not in m.log, m.log
    assert not re.search(r"^mica: partition (linux|pin)", m.log, re.M), m.log

    # bell's first fault restarts it (its policy): mica rings Linux at the
    # stop and at the start, and peer-up reads 1 again.
    rung = irqs(m)[(BOTH, IN)]
    m.linux("devmem 0x50000008 64 0xdead00000001", r"")
    ring(m, both + OUT, 5, r"\[bell\] bell: faulting as asked",
         r"mica: partition bell vCPU 0: [^\r\n]*; policy restart",
         r"\[bell\] bell: up")
    assert wait_irqs(m, BOTH, IN, rung + 1) > rung
    assert value(m, both + PEER) == 1
    # Its second fault stops it: peer-up falls to 0, an edge Linux takes.
    time.sleep(0.5)
    edges = irqs(m)[(BOTH, PEER)]
    m.linux("devmem 0x50000008 64 0xdead00000002", r"")
    ring(m, both + OUT, 1, r"\[bell\] bell: faulting as asked",
         r"mica: partition bell stopped: restart limit reached")
    assert value(m, both + PEER) == 0
    assert value(m, one_way + PEER) == 0
    assert wait_irqs(m, BOTH, PEER, edges + 1) > edges
    # Ringing a stopped peer reaches nobody; Linux runs on.
    m.linux("echo 1 > gpio%d/value; echo linux-alive" % (both + OUT),
            r"\[linux\] linux-alive\r\n")
    assert not re.search(r"^mica: partition (linux|pin)", m.log, re.M), m.log
    assert not re.search(r"^mica: unexpected exception", m.log, re.M), m.log
