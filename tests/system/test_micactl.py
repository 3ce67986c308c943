# SPDX-License-Identifier: Apache-2.0
"""Linux's side of mica's channels: micactl in Linux's shell against a
native peer (configs/micactl.dts: the test partition svc, chan-peer,
with the channels echo both ways, feed to Linux and sink from Linux), and
the demo of the default scenario (rt-bench answering
`micactl call linux-rt stats`).

The channels tests share one boot and run in this file's order; the last
ones restart the peer, reboot Linux and stop the peer for good. Each
checks what micactl printed in Linux's shell and, where it matters, what
the peer counted or printed on its own console.
"""

import os
import re
import time

import pytest

import mica_qemu
from test_partitions import BOOT_TIMEOUT_S, LINUX_PROMPT, Machine

CHANNELS_IMAGE = os.path.join(mica_qemu.BUILD, "micactl", "mica.bin")
# Parts of a 16 KiB channel (include/mica/channel.h): both ways 8 KiB
# each, one way 12 KiB for the writer; a part's data area is its size
# less the 64-byte control block; the largest message is that less the
# 8-byte record header.
ECHO_MAX = 8192 - 64 - 8
SINK_MAX = 12288 - 64 - 8
STATS_RE = (r"\[linux\] rt-bench round (\d+): (\d+) samples, latency "
            r"min (\d+) ns, mean (\d+) ns, max (\d+) ns\r\n")


@pytest.fixture(scope="module")
def svc():
    m = Machine(CHANNELS_IMAGE, gic=3, smp=4, append="")
    try:
        m.expect(r"\[svc\] chan-peer: ready", BOOT_TIMEOUT_S)
        m.expect(r"\[linux\] mica-linux: shell up", BOOT_TIMEOUT_S)
        m.expect(LINUX_PROMPT)
        yield m
    finally:
        m.close()


def run(m, command, expect):
    """Types command into Linux's shell, waits for expect (a regex over
    the console, lines tagged "[linux] ") and the next prompt."""
    return m.linux(command, expect)


def test_channels_lists_linuxs_channels(svc):
    m = svc
    run(m, "micactl channels",
        r"\[linux\] CHANNEL +PEER +SIZE +DIRECTION +PEER-STATE\r\n"
        r"(\[linux\] .*\r\n){3}")
    rows = re.findall(r"\[linux\] (\w+) +(\w+) +(\d+) +(\w+) +(\S+)\r\n",
                      m.log.split("micactl channels")[-1])
    assert sorted(rows) == [("echo", "svc", "16384", "both", "up"),
                            ("feed", "svc", "16384", "receive", "up"),
                            ("sink", "svc", "16384", "send", "up")], rows


def test_call_gets_the_peers_reply(svc):
    run(svc, "micactl call echo hello-svc; echo rc=$?",
        r"\[linux\] hello-svc\r\n\[linux\] rc=0\r\n")
    # The largest message both ways, and a zero-length one.
    run(svc, "v=$(head -c %d /dev/zero | tr '\\0' y); "
        "micactl call echo $v | wc -c" % ECHO_MAX,
        r"\[linux\] %d\r\n" % (ECHO_MAX + 1))
    run(svc, "micactl call echo ''; echo rc=$?", r"\[linux\] rc=0\r\n")


def test_bench_times_calls_to_the_echo(svc):
    """micactl bench, make bench's mica+linux-call (tools/bench/bench.py
    parses its lines: tests/tools/test_bench.py): as many raw samples as
    asked, a summary that agrees with them, and a reply that is not the
    message (chan-peer answers "count" with its sink's count) is an error,
    with no figures."""
    m = svc
    got = run(m, "micactl -n 20 bench echo hi; echo rc=$?",
              r"\[linux\] micactl: call samples 20 min (\d+) mean (\d+) "
              r"p99 (\d+) max (\d+) \(ticks\)\r\n\[linux\] rc=0\r\n")
    out = m.log.split("micactl -n 20 bench echo hi")[-1]
    assert "[linux] micactl: counter 1000000000 Hz\r\n" in out
    raw = [int(v) for line in re.findall(r"\[linux\] micactl: call raw"
                                         r"((?: \d+)+)\r\n", out)
           for v in line.split()]
    assert len(raw) == 20
    lo, mean, p99, hi = (int(v) for v in got.groups())
    assert (lo, mean, hi) == (min(raw), sum(raw) // 20, max(raw))
    assert p99 == max(raw) and lo > 0
    run(m, "micactl -n 5 bench echo count; echo rc=$?",
        r"\[linux\] micactl: echo: call 0: the reply is not the message\r\n"
        r"\[linux\] rc=1\r\n")
    assert "micactl: call samples" not in \
        m.log.split("micactl -n 5 bench echo count")[-1]


def test_recv_takes_a_stream_from_the_peer(svc):
    # 1000 messages through a 12 KiB part: it fills and wraps many times;
    # the peer, whose reader (Linux) never rings, looks for room by its
    # timer.
    run(svc, "micactl recv -n 1000 -t 30 feed > /tmp/feed & "
        "micactl call -t 60 echo 'feed 1000'; wait; "
        "wc -l < /tmp/feed; sed -n '1p;$p' /tmp/feed",
        r"\[linux\] fed 1000\r\n\[linux\] 1000\r\n"
        r"\[linux\] feed 1/1000\r\n\[linux\] feed 1000/1000\r\n")


def test_send_streams_to_the_peer(svc):
    run(svc, "seq 1 3000 | micactl send -t 30 sink; echo rc=$?",
        r"\[linux\] rc=0\r\n")
    run(svc, "micactl call echo count",
        r"\[linux\] sink: 3000 messages, last 3000, bad 0\r\n")


@pytest.mark.parametrize("command,error", [
    ("micactl call nope hi",
     r"micactl: nope: no such channel; Linux has:\r\n"
     r"(\[linux\]   \w+ \(with svc\)\r\n){3}"),
    ("echo x | micactl send feed",
     r"micactl: feed: Linux may only receive on this channel "
     r"\(svc sends\)\r\n"),
    ("micactl recv sink",
     r"micactl: sink: Linux may only send on this channel "
     r"\(svc receives\)\r\n"),
    ("micactl call feed hi",
     r"micactl: feed: a call needs a channel both ways"),
    ("head -c %d /dev/zero | tr '\\0' x | micactl send sink" % (SINK_MAX + 1),
     r"micactl: sink: a message of %d bytes is too large: the largest "
     r"is %d\r\n" % (SINK_MAX + 1, SINK_MAX)),
    ("micactl call -t 1 echo mute",
     r"micactl: echo: no reply from svc within 1 s\r\n"),
    ("micactl recv -t 1 feed",
     r"micactl: feed: no message within 1 s\r\n"),
    ("micactl recv -t 3 feed & sleep 1; micactl recv -t 1 feed",
     r"micactl: feed: in use by another micactl"),
    ("micactl bogus", r"usage: micactl"),
], ids=["unknown", "send-on-receive", "recv-on-send", "call-one-way",
        "too-large", "no-reply", "recv-timeout", "two-at-once", "usage"])
def test_errors_are_clear(svc, command, error):
    m = svc
    run(m, command + "; echo rc=$?; wait",
        r"\[linux\] " + error + r"[\s\S]*\[linux\] rc=[12]\r\n")


def test_micactl_h_documents_the_commands(svc):
    run(svc, "micactl -h; echo rc=$?",
        r"channels[\s\S]*send CHANNEL[\s\S]*recv CHANNEL[\s\S]*"
        r"call CHANNEL MESSAGE[\s\S]*\[linux\] rc=0\r\n")


def test_peer_restart_mid_stream(svc):
    """The peer restarts (its fault policy) while Linux streams to it:
    Linux says the peer stopped and came back, drops what was in flight,
    and finishes the stream without restarting anything itself."""
    m = svc
    m.send("(i=0; while [ $i -lt 60 ]; do i=$((i+1)); echo $i; "
           "sleep 0.1; done | micactl send -t 30 sink; "
           "echo send-rc=$?) &\r")
    m.expect(LINUX_PROMPT)
    time.sleep(2)
    start = len(m.log)
    run(m, "micactl call -t 2 echo crash; echo rc=$?", r"\[linux\] rc=1\r\n")
    m.expect(r"send-rc=(\d+)\r\n", BOOT_TIMEOUT_S)
    log = m.log[start:]
    # mica restarts svc by its policy; Linux's sender says, once each and
    # in this order, that svc stopped and that a new incarnation took over,
    # and finishes.
    assert m.child.match.group(1) == "0", log
    crash = re.search(r"mica: partition svc vCPU 0: [^\r\n]*; policy "
                      r"restart", log)
    assert crash and "[svc] chan-peer: ready" in log[crash.end():], log
    # (The background job's lines and the prompt may share a line.)
    down = "micactl: sink: peer svc is not running"
    reset = ("micactl: sink: peer svc restarted (peer reset): messages in "
             "flight were dropped")
    assert log.count(down) == 1 and log.count(reset) == 1, log
    assert log.index(down) < log.index(reset), log
    got = run(m, "micactl call echo count",
              r"\[linux\] sink: (\d+) messages, last (\d+), bad 0\r\n")
    # The new incarnation counted the stream's tail, up to its end.
    assert 0 < int(got.group(1)) < 60 and got.group(2) == "60", \
        got.group(0)
    # Calls go on with the new incarnation.
    run(m, "micactl call echo after-restart",
        r"\[linux\] after-restart\r\n")


def test_a_corrupt_ring_is_an_error(svc):
    # The peer writes a record header whose check is wrong.
    run(svc, "micactl call echo corrupt; echo rc=$?",
        r"\[linux\] micactl: echo: the ring is corrupt: peer svc wrote "
        r"values that break the protocol\r\n\[linux\] rc=1\r\n")
    # It stays so for every run until a side starts afresh: Linux's reboot
    # (next test).
    run(svc, "micactl call echo again; echo rc=$?",
        r"\[linux\] micactl: echo: the ring is corrupt[^\r\n]*\r\n"
        r"\[linux\] rc=1\r\n")


def test_linux_reboot_the_peer_recovers(svc):
    m = svc
    m.send("reboot\r")
    m.expect(r"\[svc\] chan-peer: echo: linux down\r\n", BOOT_TIMEOUT_S)
    m.expect(r"\[linux\] mica-linux: shell up", BOOT_TIMEOUT_S)
    m.expect(LINUX_PROMPT)
    # Linux's new incarnation starts after the corrupt record the peer left
    # (test_a_corrupt_ring_is_an_error): calls work again.
    run(m, "micactl call echo after-reboot",
        r"\[linux\] after-reboot\r\n")
    assert re.search(r"\[svc\] chan-peer: echo: linux up \(peer reset\)",
                     m.log.split("echo: linux down")[-1]), m.log[-3000:]


def test_stopped_peer_is_reported(svc):
    m = svc
    run(m, "micactl call echo off; echo rc=$?", r"\[linux\] rc=1\r\n")
    assert "mica: partition svc stopped: it powered off" in m.log, m.log
    for command in ("micactl call echo hi", "seq 3 | micactl send sink",
                    "micactl recv feed"):
        name = command.split()[-1] if "call" not in command else "echo"
        run(m, command + "; echo rc=$?",
            r"\[linux\] micactl: %s: peer svc is not running\r\n"
            r"\[linux\] rc=1\r\n" % name)
    run(m, "micactl channels", r"\[linux\] echo +svc +16384 +both +down\r\n")
    assert not re.search(r"unexpected exception|CHECK failed", m.log), m.log


def test_demo_stats_from_rt_bench():
    """The default scenario: rt-bench answers Linux with the figures of
    its latest round, which go on changing while it measures."""
    m = Machine(mica_qemu.SCENARIO_IMAGE, gic=3, append="")
    try:
        m.expect(r"\[rt\] rt-bench: serving linux-rt", BOOT_TIMEOUT_S)
        m.expect(r"\[linux\] mica-linux: shell up", BOOT_TIMEOUT_S)
        m.expect(LINUX_PROMPT)
        run(m, "micactl channels",
            r"\[linux\] linux-rt +rt +65536 +both +up\r\n"
            r"\[linux\] pin-linux +pin +16384 +both +up\r\n")
        first = run(m, "micactl call linux-rt stats", STATS_RE)
        time.sleep(3)
        second = run(m, "micactl call linux-rt stats", STATS_RE)
        for got in (first, second):
            rnd, n, lo, mean, hi = (int(x) for x in got.groups())
            # Under TCG on a busy host a sample may be milliseconds late,
            # never a whole second.
            assert n == 1000 and 0 < lo <= mean <= hi < 1000000000, \
                got.group(0)
        # Rounds go on (one about every second) and their figures change.
        assert int(second.group(1)) > int(first.group(1)), m.log[-2000:]
        assert second.groups()[2:] != first.groups()[2:], m.log[-2000:]
        run(m, "micactl call linux-rt hello",
            r"\[linux\] rt-bench: unknown request; try: stats\r\n")
        assert not re.search(r"unexpected exception|CHECK failed",
                             m.log), m.log
    finally:
        m.close()
