# SPDX-License-Identifier: Apache-2.0
"""Doorbells between native partitions (configs/channels.dts, all of them
guests/chan-test, which picks its role from the channels mica says it has):
ping and pong (CPUs 0 and 1) exchange doorbells round after round, each
sleeping in WFI until the other's doorbell interrupt; hostile (CPU 2), the
reader of ping's one-way channel feed, rings and asks about every channel
id and then floods pong over channel flood; watch and phoenix share CPU 3,
and phoenix faults on purpose (a write to watch's part of their channel)
and restarts.

One boot; each test reads the part of the console it is about.
"""

import os
import re

import pytest

import mica_qemu
from test_partitions import BOOT_TIMEOUT_S, Machine

IMAGE = os.path.join(mica_qemu.BUILD, "channels", "mica.bin")
IDS = 16 + 3  # 0..15, then 16, 2^32 and 2^64-1
FEED, FLOOD = 1, 2  # channel ids: their order in configs/channels.dts
INVALID, DENIED = -3, -4
FLOOD_RINGS = 20000
REPORT_RE = (r"\[(ping|pong)\] chan-test: (?:ping: round|pong: answered) "
             r"(\d+), (?:(\d+) wake-ups by doorbell, feed|flood) doorbells "
             r"(\d+), stray (\d+)\r?\n")


@pytest.fixture(scope="module")
def run():
    """The console of one boot, up to the reports after the flood."""
    m = Machine(IMAGE, gic=3, smp=4, append="")
    m.expect(r"\[phoenix\] chan-test: phoenix: back, second life",
             BOOT_TIMEOUT_S)
    m.expect(r"\[hostile\] chan-test: hostile: flood done, (\d+) refused",
             BOOT_TIMEOUT_S)
    flood_done = len(m.log)
    # Two reports of each side after the flood: they still answer.
    for _ in range(2):
        m.expect(r"\[ping\] chan-test: ping: round \d+0000,", BOOT_TIMEOUT_S)
        m.expect(r"\[pong\] chan-test: pong: answered \d+0000,",
                 BOOT_TIMEOUT_S)
    m.expect(r"\r?\n")
    yield m.log, flood_done
    m.close()


def reports(log, who):
    return [(int(r.group(2)), r.group(3) and int(r.group(3)),
             int(r.group(4)), int(r.group(5)), r.start())
            for r in re.finditer(REPORT_RE, log) if r.group(1) == who]


def test_ping_pong_wakes_each_side_by_its_doorbell(run):
    log, _ = run
    ping, pong = reports(log, "ping"), reports(log, "pong")
    assert ping and pong, log
    # Round 1000 came: each round needs pong's doorbell-driven answer.
    assert ping[0][0] == 1000 and pong[0][0] == 1000, log
    for rounds, wakes, _, stray, _ in ping:
        # Some rounds' answers are there before ping sleeps; the rest
        # woke it from WFI.
        assert 0 < wakes <= rounds, log
        assert stray == 0, log
    assert all(r[3] == 0 for r in pong), log


def test_info_tells_each_side_its_channels_and_doorbell(run):
    log, _ = run
    seen = {(m.group(1), m.group(2)): m.groups()[2:] for m in re.finditer(
        r"\[(\w+)\] chan-test: channel \d+ ([\w-]+): side ([ab]), (\d+) "
        r"bytes, direction (\d), doorbell (\d+), peer (?:up|down)", log)}
    # configs/channels.dts: side, size, direction (1 both, 2 a-to-b), and
    # the doorbell the scenario gives that side.
    assert seen == {
        ("ping", "ping-pong"): ("a", "8192", "1", "64"),
        ("pong", "ping-pong"): ("b", "8192", "1", "64"),
        ("ping", "feed"): ("a", "8192", "2", "65"),
        ("hostile", "feed"): ("b", "8192", "2", "64"),
        ("hostile", "flood"): ("a", "8192", "1", "65"),
        ("pong", "flood"): ("b", "8192", "1", "65"),
        ("watch", "life"): ("a", "8192", "1", "64"),
        ("phoenix", "life"): ("b", "8192", "1", "64"),
    }, log


def test_foreign_and_wrong_direction_rings_are_refused(run):
    log, _ = run
    ring = re.search(r"\[hostile\] chan-test: hostile: ring((?: -?\d+){%d})"
                     % IDS, log)
    info = re.search(r"\[hostile\] chan-test: hostile: info((?: -?\d+){%d})"
                     % IDS, log)
    assert ring and info, log
    # hostile reads feed (DENIED) and is a side of flood (rung once).
    want = [INVALID] * IDS
    want[FEED], want[FLOOD] = DENIED, 0
    assert [int(x) for x in ring.group(1).split()] == want, log
    want[FEED] = 0
    assert [int(x) for x in info.group(1).split()] == want, log
    # feed's writer took one doorbell: mica's when hostile started. None
    # came from hostile's rings, before or after them.
    assert all(feed == 1 for _, _, feed, _, _ in reports(log, "ping")), log


def test_a_flood_of_rings_leaves_pong_answering_and_prints_nothing(run):
    log, flood_done = run
    assert "hostile: flood done, 0 refused" in log, log
    after = [r for r in reports(log, "pong") if r[4] > flood_done]
    before = [r for r in reports(log, "pong") if r[4] < flood_done]
    assert len(after) >= 2, log
    # pong kept answering ping through the flood.
    assert after[-1][0] > (before[-1][0] if before else 0), log
    # At most one doorbell per ring, never more. How many rings coalesce
    # into one delivery depends on how fast the host runs pong's CPU
    # against hostile's (from under 2000 to 2906 of 20000 seen), so that
    # is not asserted here; chan_test's
    # chan_ring__rings_the_peer_once_however_often checks the coalescing.
    flood_bells = after[-1][2]
    assert 1 <= flood_bells <= FLOOD_RINGS, log
    # mica printed nothing per ring: its lines are the boot's and
    # phoenix's fault and restart.
    mica_lines = [ln for ln in log.splitlines()
                  if ln.startswith("mica: ") and "partition phoenix" not in ln
                  and "starting partition" not in ln
                  and "keyboard" not in ln]
    assert len(mica_lines) <= 2, "\n".join(mica_lines)


def test_a_peer_that_stops_and_restarts_is_seen_down_then_up(run):
    log, _ = run
    watch = re.findall(r"\[watch\] chan-test: watch: peer (up|down), its "
                       r"first word (0x[0-9a-f]+)", log)
    seq = [(s, int(w, 16)) for s, w in watch]
    # phoenix up, its word written; stopped: INFO says down and its control
    # block reads 0 (mica zeroed it); back: up, with its second word.
    i = seq.index(("up", 0x1234))
    j = seq.index(("down", 0), i)
    k = seq.index(("up", 0x5678), j)
    assert i < j < k, seq
    assert "policy restart" in log and "restart 1 of 3" in log, log
