# SPDX-License-Identifier: Apache-2.0
"""Issue 14's promise of a switch-over, proved from both versions' sides
and the peer's (configs/update-sides.dts): at no instant do the old and the
new version hold the same channel end.

ctl-loop version 1 rings ctl-sides and logs a message on channel beat
every 100 us period: its number, its version, CNTPCT_EL0 (one counter for
every partition) and what the ring answered. Linux hands the signed
version 2 to the update agent, which boots it as ctl's standby with
auto-switch. Version 2 tries beat 500 times as the standby (INFO and RING
of its id, and a message whenever INFO answers) and prints what it got,
then reports ready, is switched to within the call, and prints the counter
at its first message on beat. ctl-sides reads every message in order and
prints one line: each version's numbers and times, and how many were out
of order, torn or lost.

The device part of the promise is not tested here: the scenario gives ctl
no device (the default scenario's rt has none either).
"""

import os
import re

import mica_qemu
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
                r"beat at (\d+)\r\n")


def found(m, pattern):
    got = re.search(pattern, m.log)
    assert got, (pattern, m.log[-6000:])
    return [int(x) for x in got.groups()]


def test_old_and_new_version_never_hold_beat_at_once(machine):  # noqa: F811
    m = machine(IMAGE, gic=3, smp=2, append="mica.poweroff")
    # The peer's line comes last: the partitions print in any order.
    p = [int(x) for x in m.expect(PEER_RE, UPDATE_TIMEOUT_S).groups()]
    if "mica-update: done" not in m.log:
        m.expect(r"\[linux\] mica-update: done\r\n")

    # The old version's side: it ran first, and READY was not for it.
    v1_first, = found(m, FIRST_USE_RE % (1, -2))
    # The new version's side, as the standby: every try refused.
    refused, answered, info, ring, tried_from, tried_to = found(
        m, STANDBY_RE)
    assert (refused, answered) == (TRIES, 0)
    assert (info, ring) == (INVALID_PARAMETER, INVALID_PARAMETER)
    assert re.search(r"mica: partition ctl switched from version 1 to 2\r\n",
                     m.log), m.log[-6000:]
    # READY switched it within the call: it returned success in ctl.
    v2_first, = found(m, FIRST_USE_RE % (2, 0))
    assert v1_first < tried_from < tried_to < v2_first

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
    assert "FAIL" not in m.log, m.log[-6000:]
