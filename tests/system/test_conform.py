# SPDX-License-Identifier: Apache-2.0
"""What the architecture promises to a partition's EL1 code, checked by
guests/conform on bare QEMU (where every promise holds) and under mica
(configs/conform.dts: the same guest twice on one CPU, `conform` with
fault policy stop, then `conform-log` with policy log):

- FP/SIMD registers keep what the partition wrote while the other copy,
  on the same CPU, writes its own (both ways: each checks after the
  other wrote; mica switches them lazily, on the first access's trap);
- a trapped 16-bit Thumb instruction at AArch32 EL0 steps over 2 bytes and
  its IT block goes on (ESR_EL2.IL);
- the PMU is all there or all undefined, as the ID registers say (mica
  hides it: PMUVer 0, every register undefined); DebugVer stays >= v8;
- SVE and SME instructions run if the ID registers say so, else are
  undefined (mica hides both: it traps them and does not switch them);
- the EL1 physical timer works, or all its registers are undefined (mica:
  undefined, never read-as-zero);
- a BRK is taken at EL1 with its comment in the ESR, also on a CPU the
  vCPU shares (where mica traps the debug registers);
- a load from, or a jump to, an address where nothing is raises a
  synchronous external abort (FSC 0x10) with FAR the address: under mica
  with no line and whatever the policy, since the scenario gives that
  address to nobody;
- a load from memory that is another's: external abort on bare QEMU, the
  partition's policy under mica (stop: stopped; log: the same abort).
"""

import os
import re

import pexpect
import pexpect.popen_spawn
import pytest

import mica_qemu

CHECKS = ("fp", "thumb", "pmu", "sve", "ptimer", "brk", "abort", "fetch")
# QEMU's max CPU has SVE and SME, which mica hides (CPTR_EL2 traps them).
CPUS = ["cortex-a53", "cortex-a57", "max"]
IMAGE = os.path.join(mica_qemu.BUILD, "conform", "mica.bin")
ELF = os.path.join(mica_qemu.BUILD, "guests", "conform.elf")
TIMEOUT_S = 60


def run(argv):
    """QEMU behind pipes until it exits; everything it printed."""
    child = pexpect.popen_spawn.PopenSpawn(
        argv, timeout=TIMEOUT_S, encoding="utf-8", codec_errors="replace",
        cwd=mica_qemu.ROOT, preexec_fn=os.setsid)
    try:
        child.expect(pexpect.EOF)
    except pexpect.TIMEOUT:
        child.kill(9)
        raise AssertionError("QEMU did not end within %d s:\n%s" % (
            TIMEOUT_S, child.before))
    finally:
        child.proc.wait()
    return (child.before or "").replace("\r\n", "\n")


def results(text, tag=""):
    """{check: (ok, detail)} from the guest's lines (with its tag)."""
    found = {}
    for m in re.finditer(r"^%sconform: (\w+): (ok \((.*)\)|FAIL: (.*))$"
                         % re.escape(tag), text, re.M):
        found[m.group(1)] = (m.group(2).startswith("ok"),
                             m.group(3) or m.group(4))
    return found


@pytest.mark.parametrize("cpu", CPUS)
def test_conform_on_bare_qemu(cpu):
    if not os.path.exists(ELF):
        raise AssertionError("%s does not exist: run make guests" % ELF)
    out = run([mica_qemu.QEMU, "-M", "virt,gic-version=3", "-cpu", cpu,
               "-m", "128M", "-nographic", "-nic", "none", "-no-reboot",
               "-kernel", ELF])
    got = results(out)
    for check in CHECKS + ("foreign",):
        assert got.get(check, (False,))[0], (check, out)
    assert got["ptimer"][1] == "works", out
    assert got["pmu"][1] == "PMUv3, all there", out
    assert got["thumb"][1] == "2 bytes a store, IT block", out
    assert got["sve"][1] == ("SVE there" if cpu == "max" else
                             "no SVE, no SME, undefined"), out
    assert "conform: done, 0 failed" in out, out


@pytest.mark.parametrize("cpu", CPUS)
def test_conform_under_mica(cpu):
    if not os.path.exists(IMAGE):
        raise AssertionError("%s does not exist: run make test-builds"
                             % IMAGE)
    out = run(mica_qemu.qemu_argv(cpu=cpu, smp=1, mem="1G", image=IMAGE))
    for name in ("conform", "conform-log"):
        got = results(out, "[%s] " % name)
        for check in CHECKS:
            assert got.get(check, (False,))[0], (name, check, out)
        assert got["ptimer"][1] == "undefined, all 6 accesses", out
        assert got["pmu"][1] == "no PMU, all undefined", out
        assert got["thumb"][1] == "2 bytes a store, IT block", out
        assert got["sve"][1] == "no SVE, no SME, undefined", out
        assert "[%s] conform: done, 0 failed" % name in out, out
    # An address given to nobody is the guest's business: no line, no
    # policy; memory that is another's is not.
    assert "0xc000000" not in "".join(
        line for line in out.splitlines() if line.startswith("mica:")), out
    assert ("mica: partition conform vCPU 0: read outside its memory at "
            "0x50000000; policy stop\nmica: partition conform stopped: "
            "fault\n") in out, out
    assert "[conform-log] conform: foreign: ok (synchronous external " \
           "abort)" in out, out
    assert "mica: every partition has stopped; powering off" in out, out
