# SPDX-License-Identifier: Apache-2.0
"""Issue 14's promise of a switch-over, proved from both versions' sides
and the peer's (configs/update-sides.dts): at no instant do the old and the
new version drive the same device or hold the same channel end.

ctl-loop version 1 owns QEMU's PL031 clock. Every 100 us period it checks
that the clock's match register (RTCMR) still holds the number it wrote
there last, writes the number of its next message there, rings ctl-sides
and logs that message on channel beat: its number, its version,
CNTPCT_EL0 (one counter for every partition) and what the ring answered.
In Linux's shell the update agent is handed two signed versions 2 in
turn. The first writes RTCMR as the standby, before anything else: a
standby has no device, so mica stops it on that write and discards it,
and version 1 goes on. The second boots as ctl's standby with
auto-switch, tries beat 500 times (INFO and RING of its id, and a message
whenever INFO answers) and prints what it got, then reports ready, is
switched to within the call, and prints the counter at its first message
on beat and what RTCMR held before it first wrote it; from then on it
checks RTCMR as version 1 did. A version that finds in RTCMR a number it
did not write prints a FAIL. ctl-sides reads every message in order and
prints one line: each version's numbers and times, and how many were out
of order, torn or lost.

Version 1 is stopped for the switch only while it waits for its next
period (the standby, below it on its CPU, calls READY then), so its last
write to RTCMR is its last message's number.
"""

import os
import re

import mica_qemu
from test_partitions import BOOT_TIMEOUT_S, LINUX_PROMPT
from test_partitions import machine  # noqa: F401

IMAGE = os.path.join(mica_qemu.BUILD, "update-sides", "mica.bin")
TRIES = 500  # CTL_SIDES_TRIES of ctl-loop-sides-v2 (guests/guests.mk)
INVALID_PARAMETER = -3  # include/mica/hypercall.h
UPDATE_TIMEOUT_S = 180  # Linux boots, then the agent verifies and stages
NUM = r"(\d+)"
PEER_RE = (r"\[watch\] ctl-sides: v1 {0}\.\.{0} \({0}\) to {0}; v2 "
           r"{0}\.\.{0} \({0}\) from {0}; back {0} torn {0} lost {0} "
           r"rings {0}\r\n").format(NUM)
STANDBY_RE = (r"\[ctl\+\] ctl-loop: v2 as standby: {0} tries of beat "
              r"refused, {0} answered \(INFO (-?\d+), RING (-?\d+)\) "
              r"from {0} to {0}\r\n").format(NUM)
FIRST_USE_RE = (r"\[ctl\] ctl-loop: v%d: READY answered %d; first use of "
                r"beat at (\d+), RTCMR held (\d+)\r\n")
EARLY_RE = r"\[ctl\+\] ctl-loop: v2 as standby: writing RTCMR at (\d+)\r\n"
RTCMR = 0x9010004  # the PL031's match register, in ctl's device


def found(m, pattern):
    got = re.search(pattern, m.log)
    assert got, (pattern, m.log[-6000:])
    return [int(x) for x in got.groups()]


def update(m, name, verdict, rc):
    """micactl update /updates/NAME in Linux's shell: its verdict (a
    regex) and exit status rc; returns the console from the command on."""
    start = len(m.log)
    m.send("micactl update /updates/%s; echo rc=$?\r" % name)
    m.expect(r"\[linux\] %s\r\n" % verdict, UPDATE_TIMEOUT_S)
    m.expect(r"\[linux\] rc=%d\r\n" % rc)
    m.expect(LINUX_PROMPT)
    return m.log[start:]


def test_old_and_new_version_never_drive_the_clock_or_hold_beat_at_once(
        machine):  # noqa: F811
    m = machine(IMAGE, gic=3, smp=2, append="mica.poweroff")
    m.expect(r"\[agent\] update-agent: ready on linux-agent", BOOT_TIMEOUT_S)
    m.expect(r"\[linux\] mica-linux: shell up", BOOT_TIMEOUT_S)
    m.focus(3)  # the keyboard starts with ctl, the scenario's first
    m.send("\r")
    m.expect(LINUX_PROMPT)

    # A standby that writes to the clock: stopped at once on that write,
    # discarded; version 1 never stopped.
    log = update(m, "ctl-sides-dev-early.mup",
                 r"error: version 2 of ctl did not come up \(rolled back\); "
                 r"version 1 runs", 1)
    early, = [int(x) for x in re.search(EARLY_RE, log).groups()]
    assert re.search(r"mica: partition ctl\+ vCPU 0: write outside its "
                     r"memory at 0x%x; policy stop\r\n" % RTCMR, log), log
    assert "mica: partition ctl+ stopped: fault\r\n" in log, log
    assert "FAIL" not in log, log
    assert "mica: partition ctl stopped" not in m.log, m.log[-6000:]

    update(m, "ctl-sides-v2.mup", r"ok: ctl runs version 2", 0)
    # The peer reports 100 ms after the switch: before the verdict, which
    # waits out the probation, unless the console was slow.
    if not re.search(PEER_RE, m.log):
        m.expect(PEER_RE)
    p = found(m, PEER_RE)

    # The old version's side: it ran first, and READY was not for it.
    v1_first, _ = found(m, FIRST_USE_RE % (1, -2))
    # The new version's side, as the standby: every try refused.
    refused, answered, info, ring, tried_from, tried_to = found(
        m, STANDBY_RE)
    assert (refused, answered) == (TRIES, 0)
    assert (info, ring) == (INVALID_PARAMETER, INVALID_PARAMETER)
    assert re.search(r"mica: partition ctl switched from version 1 to 2\r\n",
                     m.log), m.log[-6000:]
    # READY switched it within the call: it returned success in ctl.
    v2_first, v2_read = found(m, FIRST_USE_RE % (2, 0))
    assert v1_first < early < tried_from < tried_to < v2_first

    # The peer's side: every message of version 1, in order, then every
    # message of version 2, none lost, every ring answered.
    (a1, z1, n1, last_v1, a2, z2, n2, first_v2,
     back, torn, lost, rings_refused) = p
    assert (back, torn, lost, rings_refused) == (0, 0, 0, 0), p
    assert a1 == 1 and n1 == z1 and n2 == z2 - a2 + 1, p
    assert a2 == z1 + 1, p
    # Version 2 printed the counter of its first message: the peer read
    # that message right after version 1's last.
    assert first_v2 == v2_first, (p, v2_first)
    assert last_v1 < first_v2, p
    # Both versions ran side by side: the standby was refused while
    # version 1 still logged on beat.
    assert tried_from < last_v1, (p, tried_from)
    assert "out of order" not in m.log, m.log[-6000:]

    # The clock's side: version 2's first access found version 1's last
    # message's number, so version 1 wrote RTCMR after the early standby
    # was stopped and until its last message, and never after version 2
    # began; neither version ever found a number it had not written.
    assert v2_read == z1, (v2_read, p)
    assert re.search(r"\[ctl\] ctl-loop: v\d: FAIL", m.log) is None, \
        m.log[-6000:]
    assert "FAIL" not in m.log, m.log[-6000:]
