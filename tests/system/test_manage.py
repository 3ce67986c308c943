# SPDX-License-Identifier: Apache-2.0
"""Management hypercalls (configs/manage.dts, four copies of
guests/mgmt-test on four CPUs, which pick their role from what mica tells
them): agent may stop, start and restart worker, only stop peer, and start,
stage into and wipe victim; peer, which holds no right, rings victim over
their channel.

agent tries every refusal (its own id, an id out of range, a right it
lacks), stops, starts and restarts worker while peer keeps running,
stages 4 KiB of its own memory into victim's image slot, then wipes
victim and tries to start it again. The statuses are
include/mica/hypercall.h's: 0 success, -2 not required, -3 invalid
parameter, -4 denied, -5 peer down.

One boot; each test reads the part of the console it is about.
"""

import os
import re

import pytest

import mica_qemu
from test_partitions import BOOT_TIMEOUT_S, Machine

IMAGE = os.path.join(mica_qemu.BUILD, "manage", "mica.bin")
AGENT, WORKER, VICTIM, PEER = 0, 1, 2, 3  # their order in the scenario
OK, NOT_REQUIRED, INVALID, DENIED, PEER_DOWN = 0, -2, -3, -4, -5
RUNNING, STOPPED, WIPED = 1, 2, 3  # MICA_PART_*
STAGED = 1  # MICA_STANDBY_STAGED
# victim's 2 MiB of RAM, its 2 MiB standby copy, two 1 MiB image slots and
# its 4 KiB part of the channel.
WIPED_KIB = 2048 + 2048 + 2 * 1024 + 4


@pytest.fixture(scope="module")
def run():
    """The console of one boot, up to the agent's last line."""
    m = Machine(IMAGE, gic=3, smp=4, append="")
    m.expect(r"\[agent\] mgmt: agent: done", BOOT_TIMEOUT_S)
    # The worker still runs after it all.
    m.expect(r"\[worker\] mgmt: worker: tick \d+", BOOT_TIMEOUT_S)
    yield m.log
    m.close()


def line(log, pattern):
    r = re.search(pattern, log)
    assert r, "no %r in:\n%s" % (pattern, log)
    return r


def test_find_names_only_partitions_the_caller_manages(run):
    r = line(run, r"\[agent\] mgmt: agent: worker (-?\d+), victim (-?\d+), "
             r"peer (-?\d+), self (-?\d+), nobody (-?\d+)")
    assert [int(x) for x in r.groups()] == [WORKER, VICTIM, PEER, INVALID,
                                            INVALID]
    # peer holds no right: agent is as unknown to it as any id.
    r = line(run, r"\[peer\] mgmt: peer: stop 0 (-?\d+), find agent (-?\d+), "
             r"stage 2 (-?\d+)")
    assert [int(x) for x in r.groups()] == [INVALID, INVALID, INVALID]


def test_every_refusal_has_its_status_and_changes_nothing(run):
    r = line(run, r"\[agent\] mgmt: agent: refusals " + r" ".join(
        [r"(-?\d+)"] * 6))
    # own id, id 8, id 2^32: invalid; start or restart of peer (stop
    # only), wipe of worker (start and stop only): denied.
    assert [int(x) for x in r.groups()] == [INVALID, INVALID, INVALID,
                                            DENIED, DENIED, DENIED]
    # Nothing was stopped by them: the first stop line is worker's.
    stops = re.findall(r"mica: partition (\S+) stopped: (.*?)\r?\n", run)
    assert stops[0] == ("worker", "asked by agent"), stops
    assert "mica: partition agent stopped" not in run
    assert "mica: partition peer stopped" not in run


def test_query_tells_state_and_version(run):
    r = line(run, r"\[agent\] mgmt: agent: query worker (-?\d+): state "
             r"(\d+) version (\d+) standby (\d+) flags (\d+)")
    assert [int(x) for x in r.groups()] == [OK, RUNNING, 3, 0, 0]


def test_stop_start_restart_by_the_right_holder(run):
    r = line(run, r"\[agent\] mgmt: agent: stop worker (-?\d+), again "
             r"(-?\d+), state (\d+)")
    assert [int(x) for x in r.groups()] == [OK, NOT_REQUIRED, STOPPED]
    r = line(run, r"\[agent\] mgmt: agent: start worker (-?\d+), running "
             r"(\d)")
    assert [int(x) for x in r.groups()] == [OK, 1]
    r = line(run, r"\[agent\] mgmt: agent: restart worker (-?\d+), running "
             r"(\d)")
    assert [int(x) for x in r.groups()] == [OK, 1]
    # Booted, started, restarted: three lives, each from a scrubbed load.
    assert run.count("[worker] mgmt: worker: up") == 3, run
    assert run.count("mica: partition worker started by agent") == 2, run
    stop = run.index("mica: partition worker stopped: asked by agent")
    start = run.index("mica: partition worker started by agent")
    # Silent while stopped; the peer rang on, untouched.
    assert "[worker]" not in run[stop:start], run[stop:start]
    assert "mica: partition peer" not in run


def test_stage_copies_only_from_the_callers_own_memory(run):
    r = line(run, r"\[agent\] mgmt: agent: stage (-?\d+) (-?\d+) (-?\d+) "
             r"(-?\d+), standby (\d+)")
    # Its own RAM: staged; an address of no region of it, an offset past
    # the 1 MiB slot, more than MICA_STAGE_CHUNK: invalid.
    assert [int(x) for x in r.groups()] == [OK, INVALID, INVALID, INVALID,
                                            STAGED]


def test_wipe_scrubs_reads_back_and_takes_the_channel_down(run):
    r = line(run, r"\[agent\] mgmt: agent: wipe victim (-?\d+) after (\d+) "
             r"calls, state (\d+)")
    status, calls, state = (int(x) for x in r.groups())
    assert (status, state) == (OK, WIPED)
    # A chunk (64 KiB) a call: never the whole of it in one call.
    assert calls > WIPED_KIB // 64, calls
    assert ("mica: partition victim stopped: wiped by agent" in run), run
    assert ("mica: partition victim wiped: %d KiB scrubbed and read back "
            "as zero" % WIPED_KIB) in run, run
    assert "[victim] mgmt: victim: memory filled" in run
    # Its peer saw it up, then down: the ring refused, the flag clear.
    r = re.findall(r"\[peer\] mgmt: peer: ring (-?\d+), peer up (\d)", run)
    assert [(int(a), int(b)) for a, b in r] == [(OK, 1), (PEER_DOWN, 0)], r
    # Never again: no start, nothing more to wipe.
    r = line(run, r"\[agent\] mgmt: agent: wiped victim: start (-?\d+), "
             r"wipe (-?\d+)")
    assert [int(x) for x in r.groups()] == [DENIED, NOT_REQUIRED]
    assert "[victim]" not in run[run.index("wiped by agent"):]
