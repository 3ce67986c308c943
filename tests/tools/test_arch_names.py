# SPDX-License-Identifier: Apache-2.0
"""The check that the core names no architecture (tools/arch-names.py, run
in make test's static group): it finds each kind of name it promises to, in
code and comments, names file:line, allows what its comment allows, and
passes on this tree.

Run: /usr/bin/python3 -m pytest -q tests/tools/test_arch_names.py
"""

import os
import shutil
import subprocess
import sys
import tempfile

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))))


def arch_names(root):
    proc = subprocess.run([sys.executable, "tools/arch-names.py", "--root",
                           root], cwd=ROOT, stdout=subprocess.PIPE,
                          stderr=subprocess.STDOUT, universal_newlines=True,
                          check=False, timeout=60)
    return proc.returncode, proc.stdout


@pytest.fixture
def tree():
    """A scratch repository with an empty core, removed afterwards."""
    top = tempfile.mkdtemp(prefix="arch-names-")
    os.makedirs(os.path.join(top, "hyp", "core"))
    os.makedirs(os.path.join(top, "hyp", "include", "mica"))
    try:
        yield top
    finally:
        shutil.rmtree(top)


def write(top, rel, text):
    with open(os.path.join(top, rel), "w") as f:
        f.write(text)


def test_this_tree_names_no_architecture():
    rc, out = arch_names(ROOT)
    assert rc == 0, out


@pytest.mark.parametrize("line", [
    "/* on AArch64, the GIC's list registers */",
    "int x; // arm64 Image",
    "/* SPIs 32 to 1019 */",
    "#define Y 1 /* an INTID */",
    "/* running at EL2 */",
    "/* PSCI CPU_ON */",
    "/* SMCCC fast calls */",
    "/* a vGIC */",
    "/* its MPIDR */",
    "/* designer ARM */",
    "/* as on Arm */",
    "/* on RISC-V */",
    "const char *s = \"x86_64\";",
    "#ifdef __aarch64__",
    "#if defined(__riscv)",
])
def test_each_kind_of_name_is_found_with_its_file_and_line(tree, line):
    write(tree, "hyp/core/a.c", "int a;\n" + line + "\n")
    rc, out = arch_names(tree)
    assert rc == 1, out
    assert "hyp/core/a.c:2: " in out, out


def test_headers_of_the_core_are_scanned(tree):
    write(tree, "hyp/include/mica/a.h", "/* the GICD */\n")
    rc, out = arch_names(tree)
    assert rc == 1 and "hyp/include/mica/a.h:1: " in out, out


@pytest.mark.parametrize("line", [
    "static void arm(uint64_t when); /* arming a timer is allowed */",
    "/* an emulated PL011 on the AMBA bus */",
    "#include \"arch/vgic.h\"",
    "arch_vgic_inject(v, irq);",
    "uint32_t spin; /* words that merely contain a name: smcx, gicky */",
    "#ifdef MICA_DEBUG",
])
def test_what_is_allowed_passes(tree, line):
    write(tree, "hyp/core/a.c", line + "\n")
    rc, out = arch_names(tree)
    assert rc == 0, out
