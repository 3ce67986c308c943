# SPDX-License-Identifier: Apache-2.0
"""What mica does with a board or a command line it cannot use.

A device tree it cannot run on stops boot with "mica: boot failed: <reason>"
and nothing after it (the machine stays up, halted; the test ends QEMU).
The trees are QEMU's own for the same machine, dumped and decompiled with
dtc, with one thing taken out or changed, and compiled back.

Not testable this way: a tree without PSCI, or with PSCI by "hvc". QEMU
(7.2) writes its own /psci node into any -dtb it loads, so mica always sees
the firmware QEMU provides. The same arch_board_probe() path is covered by
the missing timer and the unknown interrupt controller.

A bad mica.fault= value is refused with a clear line; boot goes on and mica
still powers off.
"""

import re
import subprocess

import pytest

import mica_qemu

SMP = 2


def remove_node(dts, path):
    """dts (as dtc prints it, one tab per level) without the node at path."""
    lines = dts.splitlines(keepends=True)
    names = [n for n in path.strip("/").split("/")]
    depth, start = 0, None
    for i, line in enumerate(lines):
        want = "\t" * (depth + 1) + names[depth] + " {"
        if line.rstrip("\n") == want:
            depth += 1
            if depth == len(names):
                start = i
                break
    assert start is not None, "no node %s in the device tree" % path
    end = lines.index("\t" * depth + "};\n", start)
    return "".join(lines[:start] + lines[end + 1:])


def set_property(dts, node, prop, value):
    """dts with `prop = value;` in the first node named `node`."""
    pattern = re.compile(r"(\n\t+%s \{\n(?:\t+[^\n]*\n)*?\t+%s = )[^;]*;" %
                         (re.escape(node), re.escape(prop)))
    new, n = pattern.subn(lambda m: m.group(1) + value + ";", dts, count=1)
    assert n == 1, "no %s in %s" % (prop, node)
    return new


@pytest.fixture(scope="module")
def qemu_dts(tmp_path_factory):
    """The device tree QEMU gives mica with -smp 2 and a GICv3, as text."""
    dtb = tmp_path_factory.mktemp("dtb") / "qemu.dtb"
    mica_qemu.dump_dtb(dtb, gic=3, smp=SMP)
    return subprocess.run(["dtc", "-q", "-I", "dtb", "-O", "dts", str(dtb)],
                          check=True, stdout=subprocess.PIPE,
                          universal_newlines=True).stdout


def compile_dts(dts, path):
    subprocess.run(["dtc", "-q", "-I", "dts", "-O", "dtb", "-o", str(path),
                    "-"], input=dts, check=True, universal_newlines=True)
    return path


def no_cpu_nodes(dts):
    for k in range(SMP):
        dts = remove_node(dts, "/cpus/cpu@%d" % k)
    return dts  # cpu-map stays: /cpus has children, none is a CPU


def boot_cpu_second(dts):
    dts = set_property(dts, "cpu@0", "reg", "<0x01>")
    return set_property(dts, "cpu@1", "reg", "<0x00>")


ARCH_PROBE_FAILED = "interrupt controller, timer or firmware not usable"
BAD_TREES = {
    # name: (edit, reason after "boot failed: ", line printed before it)
    "no-cpu-nodes": (no_cpu_nodes, "/cpus: no cpu nodes", None),
    "no-cpus-node": (lambda d: remove_node(d, "/cpus"), "no /cpus node", None),
    "same-cpu-twice": (lambda d: set_property(d, "cpu@1", "reg", "<0x00>"),
                       "/cpus: two CPUs with the same reg", None),
    "boot-cpu-not-first": (boot_cpu_second,
                           "boot CPU is not the first CPU in /cpus", None),
    "no-timer": (lambda d: remove_node(d, "/timer"), ARCH_PROBE_FAILED,
                 "mica: no arm,armv8-timer in the device tree"),
    "unknown-gic": (lambda d: set_property(d, "intc@8000000", "compatible",
                                           '"arm,gic-v9"'),
                    ARCH_PROBE_FAILED,
                    "mica: no GICv2 or GICv3 in the device tree"),
}


@pytest.mark.parametrize("name", list(BAD_TREES))
def test_bad_device_tree_fails_boot_with_a_reason(name, qemu_dts, tmp_path):
    edit, reason, before = BAD_TREES[name]
    dts = edit(qemu_dts)
    assert dts != qemu_dts
    dtb = compile_dts(dts, tmp_path / ("%s.dtb" % name))
    b = mica_qemu.boot(smp=SMP, dtb=dtb, append="mica.poweroff",
                       until=r"mica: boot failed: [^\n]*\n", linger=0.5)
    failed = b.line(r"^mica: boot failed: (.*)$")
    assert failed and failed.group(1) == reason, b.describe()
    if before is not None:
        said = b.line("^" + re.escape(before) + "$")
        assert said and said.start() < failed.start(), b.describe()
    # Boot stopped there: no banner, no power-off, QEMU still up.
    assert b.lines[-1].startswith("mica: boot failed: "), b.describe()
    assert not b.line(r"^cpus: "), b.describe()
    assert b.killed, "QEMU exited by itself\n" + b.describe()


def test_qemu_tree_unchanged_boots(qemu_dts, tmp_path):
    """The control: the dumped tree, recompiled, boots; the edits matter."""
    dtb = compile_dts(qemu_dts, tmp_path / "same.dtb")
    b = mica_qemu.boot(smp=SMP, dtb=dtb, append="mica.poweroff")
    assert b.line(r"^mica: %d of %d CPUs online, all alive" % (SMP, SMP)), \
        b.describe()
    assert b.lines[-1] == "mica: powering off" and b.status == 0, \
        b.describe()


def extra_cpu(dts):
    """dts with a third cpu node, reg 2, that QEMU's -smp 2 does not have."""
    start = dts.index("\t\tcpu@1 {\n")
    end = dts.index("\t\t};\n", start) + len("\t\t};\n")
    cpu = dts[start:end].replace("cpu@1 {", "cpu@2 {")
    cpu = re.sub(r"reg = <0x01>;", "reg = <0x02>;", cpu)
    cpu = re.sub(r"\n\t+phandle = <[^>]*>;", "", cpu)
    assert "reg = <0x02>;" in cpu
    return dts[:end] + cpu + dts[end:]


def test_cpu_that_does_not_start_is_counted_once(qemu_dts, tmp_path):
    """A CPU whose PSCI CPU_ON fails is not online, and only it is missing."""
    dtb = compile_dts(extra_cpu(qemu_dts), tmp_path / "extra-cpu.dtb")
    b = mica_qemu.boot(smp=SMP, dtb=dtb, append="mica.poweroff")
    assert b.line(r"^mica: %d of %d CPUs online \(" % (SMP, SMP + 1)), \
        b.describe()
    assert b.lines[-1] == "mica: powering off" and b.status == 0, \
        b.describe()


BAD_FAULTS = {
    "bogus@1": "selftest: unknown fault kind in bogus@1",
    "undef": "selftest: bad mica.fault=undef (want KIND@CPU)",
    "undef@12": "selftest: bad mica.fault=undef@12 (want KIND@CPU)",
    "undef@7": "selftest: CPU 7 is not online",
}


@pytest.mark.parametrize("value", list(BAD_FAULTS))
def test_bad_fault_option_is_refused_and_boot_goes_on(value):
    b = mica_qemu.boot(smp=4, append="mica.poweroff mica.fault=%s" % value)
    said = b.line("^" + re.escape(BAD_FAULTS[value]) + "$")
    assert said, b.describe()
    assert b.line(r"^mica: 4 of 4 CPUs online, all alive"), b.describe()
    for bad in ("faults on purpose", "unexpected exception", "CHECK failed",
                "stopped", "selftest: PASS", "selftest: FAIL"):
        assert bad not in b.output, b.describe()
    assert b.lines[-1] == "mica: powering off", b.describe()
    assert not b.killed and b.status == 0, b.describe()
