# SPDX-License-Identifier: Apache-2.0
"""The default scenario is built into mica and vetted again at boot.

mica checks its built-in tables with the same rules as micacfg, and checks
that they fit the board it finds; a mismatch or a corrupt table is refused
with a clear line, and mica stays up without starting anything.
"""

import os
import re
import shutil
import subprocess
import tempfile

import pytest

import mica_qemu

ROOT = mica_qemu.ROOT
IMAGE = mica_qemu.SCENARIO_IMAGE
ELF = os.path.join(mica_qemu.BUILD, "mica.elf")


def boot(**kw):
    kw.setdefault("image", IMAGE)
    kw.setdefault("mem", "1G")
    kw.setdefault("gic", 3)
    kw.setdefault("smp", 4)
    return mica_qemu.boot(**kw)


def test_default_scenario_is_vetted_and_summarised():
    # The partitions then run on (Linux, PIN entry, the update agent): stop
    # once they start.
    b = boot(until=r"mica: starting partition agent")
    assert b.line(r'^scenario "default": 4 partitions, 3 channels, 2 rights; '
                  r'images \d+ KiB at 0x40600000$'), b.describe()
    assert b.line(r"^partition linux: guest OS, 2 vCPUs from CPU 0, "
                  r"262144 KiB of memory, 0 devices, image \d+ KiB$"), \
        b.describe()
    assert b.line(r"^partition rt: native, 1 vCPU from CPU 2, 2048 KiB"), \
        b.describe()
    assert b.line(r"^partition pin: native, 1 vCPU from CPU 3, 2048 KiB"), \
        b.describe()
    assert b.line(r"^partition agent: native, 1 vCPU from CPU 3, 2048 KiB"), \
        b.describe()
    assert "not starting the scenario" not in b.output, b.describe()
    for name in ("linux", "rt", "pin", "agent"):
        assert "mica: starting partition %s" % name in b.lines, b.describe()


@pytest.mark.parametrize("kw,reason", [
    (dict(gic=2), "mica: scenario does not fit the board: built for GICv3, "
                  "the board has GICv2"),
    (dict(smp=2), "mica: scenario needs 4 CPUs, the board has 2"),
    (dict(mem="512M"), "mica: scenario needs RAM 0x40000000-0x7fffffff, "
                       "which this board does not have"),
], ids=["gicv2", "2-cpus", "512M"])
def test_scenario_refused_on_another_board(kw, reason):
    b = boot(**kw)
    assert reason in b.lines, b.describe()
    assert "mica: not starting the scenario" in b.lines, b.describe()
    assert not b.line(r"^partition "), b.describe()
    assert b.lines[-1] == "mica: powering off", b.describe()


def _offsetof(member):
    """offsetof(struct scenario, member), from the header mica is built with."""
    with tempfile.TemporaryDirectory() as d:
        src = os.path.join(d, "o.c")
        exe = os.path.join(d, "o")
        with open(src, "w") as f:
            f.write('#include <stddef.h>\n#include <stdio.h>\n'
                    '#include "mica/scenario.h"\n'
                    'int main(void) { printf("%%zu\\n", '
                    'offsetof(struct scenario, %s)); return 0; }\n' % member)
        # The port's headers too: mica/scenario.h includes its section.
        subprocess.run(["cc", "-I", os.path.join(ROOT, "hyp/include"),
                        "-I", os.path.join(ROOT, "hyp/arch/aarch64/include"),
                        src, "-o", exe], check=True)
        return int(subprocess.run([exe], check=True, capture_output=True,
                                  text=True).stdout)


def _symbol(name):
    out = subprocess.run(["aarch64-linux-gnu-nm", ELF], check=True,
                         capture_output=True, text=True).stdout
    m = re.search(r"^([0-9a-f]+) \S %s$" % re.escape(name), out, re.M)
    assert m, "no %s in %s" % (name, ELF)
    return int(m.group(1), 16)


def test_corrupt_tables_are_refused_at_boot(tmp_path):
    """A table that micacfg would never write (9 partitions) is refused."""
    load = _symbol("_start")
    at = _symbol("mica_scenario") - load + _offsetof("partition_count")
    bad = tmp_path / "mica-corrupt.bin"
    shutil.copy(IMAGE, bad)
    with open(bad, "r+b") as f:
        f.seek(at)
        assert int.from_bytes(f.read(4), "little") == 4
        f.seek(at)
        f.write((9).to_bytes(4, "little"))
    b = boot(image=str(bad))
    assert ("mica: scenario rejected: /partitions: 9 partitions; 1 to 8 "
            "allowed") in b.lines, b.describe()
    assert "mica: not starting the scenario" in b.lines, b.describe()
    assert b.lines[-1] == "mica: powering off", b.describe()
