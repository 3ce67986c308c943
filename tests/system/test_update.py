# SPDX-License-Identifier: Apache-2.0
"""Field updates and remote wipe in the default scenario (docs/update.md):
`micactl update FILE` and `micactl wipe FILE` in Linux's shell hand the
signed files the build put in /updates to the update agent over
linux-agent, and print its verdict.

The tests share one boot and run in this file's order: refusals the
agent decides alone (garbage, truncated, oversized, a bad signature, a
flood of junk), the update of rt to version 2 (its standby and
switch-over, ABI 0.5), versions 3 that never report ready, fault as
they start, or fault in their probation after the switch (each rolled
back to 2), those that need mica's management calls (wrong
target, downgrade, tampered payload), then the wipe and its replay, last
since rt is gone after it. Each refusal is checked in
Linux's shell (the line, exit status 1), on the agent's console line, and
by rt-bench still answering on its channel.
"""

import os
import re

import pytest

import mica_qemu
from test_partitions import BOOT_TIMEOUT_S, LINUX_PROMPT, Machine

HYPERCALL_H = os.path.join(mica_qemu.ROOT, "include", "mica", "hypercall.h")
STATS_RE = (r"\[linux\] rt-bench round (\d+): (\d+) samples, latency "
            r"min (\d+) ns")
UPDATE_TIMEOUT_S = 90


def abi_minor():
    with open(HYPERCALL_H, encoding="utf-8") as f:
        return int(re.search(r"#define MICA_HC_ABI_MINOR (\d+)",
                             f.read()).group(1))


# The standby and the switch-over are ABI 0.5.
assert abi_minor() == 5, "test_update.py is written for ABI 0.5"


@pytest.fixture(scope="module")
def m():
    m = Machine(mica_qemu.SCENARIO_IMAGE, gic=3, append="")
    try:
        m.expect(r"\[agent\] update-agent: ready on linux-agent, key "
                 r"[0-9a-f]{16}\r\n", BOOT_TIMEOUT_S)
        m.expect(r"\[linux\] mica-linux: shell up", BOOT_TIMEOUT_S)
        m.expect(LINUX_PROMPT)
        yield m
    finally:
        m.close()


def agent(m, command, verdict, rc, timeout=UPDATE_TIMEOUT_S):
    """Runs command (a micactl update or wipe) in Linux's shell; waits for
    the agent's verdict (a regex) in the shell with exit status rc. The
    agent's "ok: ready" before a transfer is no verdict: never printed."""
    start = len(m.log)
    m.send(command + "; echo rc=$?\r")
    got = m.expect(r"\[linux\] (%s)\r\n" % verdict, timeout)
    m.expect(r"\[linux\] rc=%d\r\n" % rc)
    m.expect(LINUX_PROMPT)
    assert "ok: ready" not in m.log[start:], m.log[start:]
    return got


def assert_rt_runs(m):
    m.linux("micactl call -t 10 linux-rt stats", STATS_RE)


def assert_agent_said(m, verdict):
    assert re.search(r"\[agent\] update-agent: %s\r\n" % verdict, m.log), \
        m.log[-3000:]


def test_the_signed_files_are_in_the_initramfs(m):
    m.linux("echo $(ls /updates)",
            r"\[linux\] ctl-sides-dev-early\.mup ctl-sides-v2\.mup "
            r"ctl-v2\.mup pin-v2\.mup rt-v1\.mup "
            r"rt-v2-badsig\.mup rt-v2-tampered\.mup rt-v2\.mup "
            r"rt-v3-crash\.mup rt-v3-late-crash\.mup rt-v3-noready\.mup "
            r"wipe-pin-1\.mwp "
            r"wipe-rt-1\.mwp\r\n")


def test_a_bad_signature_is_refused(m):
    verdict = r"error: bad signature; nothing changed"
    agent(m, "micactl update /updates/rt-v2-badsig.mup", verdict, 1)
    assert_agent_said(m, verdict)
    assert_rt_runs(m)


def test_garbage_truncated_and_oversized_files_are_refused(m):
    agent(m, "head -c 3000 /dev/urandom | sed 's/^/x/' > /tmp/g; "
          "micactl update /tmp/g",
          r"error: not an update image \(no MUP1 magic\)", 1)
    agent(m, "head -c 100 /updates/rt-v2.mup > /tmp/t; micactl update /tmp/t",
          r"error: truncated: 100 bytes, an image's header and signature "
          r"take 192", 1)
    # Refused when announced: nothing is sent after.
    agent(m, "dd if=/dev/zero of=/tmp/big bs=1024 count=1100 2>/dev/null; "
          "micactl update /tmp/big",
          r"error: an image of 1126400 bytes; the agent takes 1 to 1048576",
          1)
    agent(m, "micactl update /nonexistent", r"micactl: /nonexistent: "
          r"No such file or directory", 1)
    assert_rt_runs(m)


def test_a_forged_wipe_command_is_refused(m):
    agent(m, "cp /updates/wipe-rt-1.mwp /tmp/w; "
          "printf '\\001' | dd of=/tmp/w bs=1 seek=100 conv=notrunc "
          "2>/dev/null; micactl wipe /tmp/w",
          r"error: bad signature; nothing wiped", 1)
    agent(m, "head -c 64 /updates/wipe-rt-1.mwp > /tmp/w; micactl wipe /tmp/w",
          r"error: a wipe command is 128 bytes, not 64", 1)
    assert_rt_runs(m)


def test_a_flood_of_junk_costs_nothing(m):
    """5000 messages that are no request: each gets a refusal (dropped
    once Linux's part of the ring is full), and the agent goes on; 40
    orders that fail at once (UEND with no transfer) get 40 refusals but
    fewer lines on the console (16 at once, then one a second; the tests
    before used a few)."""
    m.linux("yes junk | head -n 5000 | micactl send -t 30 linux-agent; "
            "echo rc=$?", r"\[linux\] rc=0\r\n")
    start = len(m.log)
    m.linux("for i in $(seq 40); do printf 'UEND\\0\\0\\0\\0\\n'; done "
            "| micactl send -t 30 linux-agent; echo rc=$?",
            r"\[linux\] rc=0\r\n")
    agent(m, "micactl update /updates/rt-v2-badsig.mup",
          r"error: bad signature; nothing changed", 1)
    lines = m.log[start:].count("[agent] update-agent: error: no transfer")
    assert 8 <= lines <= 20, m.log[start:]
    assert_rt_runs(m)


def test_a_tampered_payload_is_refused(m):
    agent(m, "micactl update /updates/rt-v2-tampered.mup",
          r"error: payload hash mismatch \(tampered or corrupt\)", 1)
    assert_rt_runs(m)


def test_a_wrong_target_is_refused(m):
    agent(m, "micactl update /updates/pin-v2.mup",
          r"error: target \"pin\" is not a partition this agent may manage",
          1)
    agent(m, "micactl wipe /updates/wipe-pin-1.mwp",
          r"error: target \"pin\" is not a partition this agent may manage",
          1)
    assert_rt_runs(m)


def test_the_update_switches_rt_to_v2(m):
    start = len(m.log)
    agent(m, "micactl update /updates/rt-v2.mup", r"ok: rt runs version 2", 0)
    log = m.log[start:]
    # Booted beside version 1 as the standby [rt+], reported ready, and
    # was switched to: its console is rt's from then on.
    for line in (r"mica: partition rt: version 2 boots as rt\+ ",
                 r"\[rt\+\] rt-bench: version 2\r\n",
                 r"mica: partition rt: version 2 \(rt\+\) reported ready",
                 r"mica: partition rt switched from version 1 to 2\r\n"):
        assert re.search(line, log), (line, log[-3000:])
    # READY returned success to the new version, switched to in the call.
    assert re.search(r"\[rt\] rt-bench: reported ready\r\n",
                     m.log[start:]), m.log[start:][-3000:]
    # The new version serves Linux on version 1's channel.
    assert_rt_runs(m)
    # The same image again is no longer an upgrade.
    agent(m, "micactl update /updates/rt-v2.mup",
          r"error: version 2 is not above rt's running version 2 "
          r"\(downgrade refused\)", 1)


def test_a_version_that_never_reports_ready_is_discarded(m):
    # Version 3 boots as rt+ but never calls READY: at its deadline (5 s,
    # checked as the agent polls) mica discards it; version 2 never
    # stopped.
    start = len(m.log)
    agent(m, "micactl update /updates/rt-v3-noready.mup",
          r"error: version 3 of rt did not come up \(rolled back\); "
          r"version 2 runs", 1)
    log = m.log[start:]
    assert re.search(r"\[rt\+\] rt-bench: version 3\r\n", log), log[-3000:]
    assert re.search(r"mica: partition rt\+ stopped: no ready report within "
                     r"5000 ms; discarded\r\n", log), log[-3000:]
    assert "reported ready" not in log, log[-3000:]
    assert "mica: partition rt stopped" not in log, log[-3000:]
    assert_rt_runs(m)


def test_a_version_that_faults_at_start_is_discarded(m):
    start = len(m.log)
    agent(m, "micactl update /updates/rt-v3-crash.mup",
          r"error: version 3 of rt did not come up \(rolled back\); "
          r"version 2 runs", 1)
    log = m.log[start:]
    assert re.search(r"mica: partition rt\+ vCPU 0: [^\r]* at 0x40400000; "
                     r"policy stop\r\n", log), log[-3000:]
    assert re.search(r"mica: partition rt\+ stopped: fault\r\n", log), \
        log[-3000:]
    assert "mica: partition rt stopped" not in log, log[-3000:]
    assert_rt_runs(m)
    # Version 2 still runs: a good version 3 would be an upgrade still.
    m.linux("micactl call -t 10 linux-rt stats", STATS_RE)


def test_a_version_that_faults_in_probation_is_rolled_back(m):
    # Version 3 reports ready, is switched to, then faults 300 ms later,
    # within rt's 1000 ms probation: mica restarts version 2 from the image
    # slot it kept, instead of rt's fault policy; the agent waits out the
    # probation and says so.
    start = len(m.log)
    agent(m, "micactl update /updates/rt-v3-late-crash.mup",
          r"error: version 3 of rt failed in probation \(rolled back\); "
          r"version 2 runs", 1)
    log = m.log[start:]
    back = re.search(r"mica: partition rt stopped: version 3 faulted \(vCPU "
                     r"0: [^\r]* at 0x40400000\) in probation; version 2 "
                     r"restarts\r\n", log)
    assert back, log[-3000:]
    for line in (r"mica: partition rt switched from version 2 to 3\r\n",
                 r"\[rt\] rt-bench: reported ready\r\n"):
        assert re.search(line, log[:back.start()]), (line, log[-3000:])
    # Version 2 again, from its start; no fault policy acted.
    assert re.search(r"\[rt\] rt-bench: version 2\r\n", log[back.end():]), \
        log[-3000:]
    assert "policy" not in log, log[-3000:]
    # It serves Linux on its channel again once its first round is
    # measured, as after any restart, and mica says version 2 runs.
    serving = r"\[rt\] rt-bench: serving linux-rt"
    if not re.search(serving, m.log[start + back.end():]):
        m.expect(serving)
    assert_rt_runs(m)
    assert "mica: partition linux" not in m.log[start:], m.log[-3000:]
    agent(m, "micactl update /updates/rt-v2.mup",
          r"error: version 2 is not above rt's running version 2 "
          r"\(downgrade refused\)", 1)


def test_a_downgrade_is_refused(m):
    agent(m, "micactl update /updates/rt-v1.mup",
          r"error: version 1 is not above rt's running version 2 "
          r"\(downgrade refused\)", 1)
    assert_rt_runs(m)


def test_a_wipe_is_done_once_and_not_replayed(m):
    agent(m, "micactl wipe /updates/wipe-rt-1.mwp",
          r"ok: rt wiped \(nonce 1\)", 0)
    agent(m, "micactl wipe /updates/wipe-rt-1.mwp",
          r"error: nonce 1 is not above the last accepted \(1\): a replay, "
          r"refused", 1)
    # Everything else keeps running: Linux's shell and the agent answer.
    agent(m, "micactl update /updates/rt-v2-badsig.mup",
          r"error: bad signature; nothing changed", 1)
