# SPDX-License-Identifier: Apache-2.0
"""The build: an object is compiled again when a header it includes
changes, however BUILD is spelled. make names the targets of the
dependency files (-MMD) as spelled when they were written; a build
directory built as BUILD=build/x and later as BUILD=/abs/build/x (as
tools/bench/bench.py spells it) lost its header dependencies, and mica
linked a vpsci.c.o that still had struct vcpu without its scheduler
fields: it read vcpu_count at the old offset (0) and refused Linux's
PSCI CPU_ON with INVALID_PARAMETERS.

Run: /usr/bin/python3 -m pytest -q tests/tools/test_build_deps.py
"""

import os
import shutil
import subprocess
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))))
MAKE = os.environ.get("MAKE", "make")
HEADER = "hyp/include/mica/vm.h"


def make(build, *args):
    proc = subprocess.run(
        [MAKE, "--no-print-directory", "SCENARIO=none", "BUILD=" + build]
        + list(args), cwd=ROOT, stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
        universal_newlines=True, check=False, timeout=600)
    assert proc.returncode == 0, proc.stdout[-3000:]
    return proc.stdout


def test_header_change_rebuilds_whatever_the_spelling():
    os.makedirs(os.path.join(ROOT, "build"), exist_ok=True)
    top = tempfile.mkdtemp(prefix="deps-", dir=os.path.join(ROOT, "build"))
    rel = os.path.relpath(top, ROOT)
    try:
        make(rel, "all")  # built once as a relative path
        users = sorted(
            os.path.relpath(os.path.join(d, f), top)[:-len(".d")] + ".o"
            for d, _, files in os.walk(top) for f in files
            if f.endswith(".c.d") and HEADER in
            open(os.path.join(d, f), encoding="utf-8").read())
        assert "hyp/arch/aarch64/vpsci.c.o" in users
        for spelling in (rel, top, "./" + rel + "/", rel + "//"):
            # What make would do if HEADER changed (-W), doing nothing (-n).
            plan = make(spelling, "-n", "-W", HEADER, "all")
            missed = [o for o in users if "-o %s/%s" % (rel, o) not in
                      plan and "-o %s/%s" % (top, o) not in plan]
            assert missed == [], "BUILD=%s: %s changed, not rebuilt: %s" % (
                spelling, HEADER, " ".join(missed))
    finally:
        shutil.rmtree(top, ignore_errors=True)
