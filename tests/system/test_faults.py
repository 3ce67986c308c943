# SPDX-License-Identifier: Apache-2.0
"""Fault containment: a CPU that faults in the hypervisor stops alone.

mica.fault=KIND@CPU makes that CPU fault on purpose after boot. The test
reads the report (what the exception was, where, on which CPU), checks that
the faulting CPU stopped and that the self-test saw every other CPU keep
taking interrupts ("selftest: PASS"), and that mica then powers off.
With a single CPU there is nobody left to power off: the report appears and
QEMU stays up until the test ends it.
"""

import re

import pytest

import mica_qemu
from mica_qemu import PAGE

UNMAPPED_ADDRESS = 0x1000  # hyp/core/selftest.c faults on this page

# kind -> (exception class, the report's EC text) or None for a CHECK().
KINDS = {
    "undef": (0x00, r"unknown reason \(undefined instruction\)"),
    "dabort": (0x25, r"data abort at EL2, translation fault \(level \d\)"),
    "wtext": (0x25, r"data abort at EL2, permission fault \(level \d\), "
                    r"on a write"),
    "xdata": (0x21, r"instruction abort at EL2, permission fault "
                    r"\(level \d\)"),
    "check": None,
}
SMP = 4


def check_report(b, kind, k):
    """The report of `kind` on CPU k; returns it (None for a CHECK)."""
    regions = mica_qemu.check_memory_map(b)
    found = mica_qemu.reports(b.output)
    if KINDS[kind] is None:
        assert found == [], "a CHECK() must not look like an exception\n" + \
            b.describe()
        check = r"^mica: CHECK failed at hyp/core/selftest\.c:\d+: \S"
        assert b.line(check), b.describe()
        return None

    assert len(found) == 1, "want exactly one report\n" + b.describe()
    r = found[0]
    ec, ec_text = KINDS[kind]
    assert (r.cpu, r.hwid) == (k, k), b.describe()
    assert (r.type, r.origin) == ("synchronous", "current EL with SP_EL2"), \
        b.describe()
    assert r.ec == ec and re.fullmatch(ec_text, r.ec_text), b.describe()
    assert r.esr >> 26 == ec, "ESR's class is not the EC printed\n" + \
        b.describe()
    assert sorted(r.regs) == list(range(31)), "x0..x30 not all printed\n" + \
        b.describe()

    text, data = regions["text"], regions["data"]
    if kind == "xdata":
        # The fetch itself faults: the PC is the data address.
        assert r.far == r.elr and r.elr in data, b.describe()
    else:
        assert r.elr in text, "ELR not in mica's code\n" + b.describe()
    if kind == "dabort":
        assert r.far == UNMAPPED_ADDRESS, b.describe()
    if kind == "wtext":
        assert r.far == text.start, b.describe()

    # SP lies on CPU k's own stack, above its guard page.
    stacks = regions["stacks"]
    slot = int(re.match(r"(\d+) KiB", stacks.note).group(1)) * 1024 + PAGE
    low = stacks.start + k * slot + PAGE
    assert low <= r.sp < stacks.start + (k + 1) * slot, \
        "SP 0x%x is not on CPU %d's stack\n%s" % (r.sp, k, b.describe())
    return r


def check_stopped(b, kind, k, watcher):
    out = b.output
    assert b.line(r"^mica: %d of %d CPUs online, all alive" % (SMP, SMP)
                  if watcher is not None else
                  r"^mica: 1 of 1 CPUs online, all alive"), b.describe()
    will = b.line(r"^selftest: CPU %d will fault \(%s@%d\), CPU %d watches$"
                  % (k, kind, k, k if watcher is None else watcher))
    assert will, b.describe()
    now = b.line(r"^selftest: CPU %d faults on purpose now$" % k)
    stopped = b.line(r"^mica: CPU %d stopped; the other CPUs keep running$"
                     % k)
    assert now and stopped, b.describe()
    what = b.line(r"^mica: (unexpected exception on CPU|CHECK failed at)")
    assert what and now.start() < what.start() < stopped.start(), \
        "report not between the fault and the stop\n" + b.describe()
    assert out.count(" stopped; the other CPUs keep running") == 1, \
        "another CPU stopped too\n" + b.describe()


@pytest.mark.parametrize("k", [0, 2], ids=["cpu0", "cpu2"])
@pytest.mark.parametrize("kind", list(KINDS))
def test_fault_is_contained(kind, k):
    b = mica_qemu.boot(smp=SMP, append="mica.poweroff mica.fault=%s@%d"
                       % (kind, k))
    watcher = 1 if k == 0 else 0
    check_report(b, kind, k)
    check_stopped(b, kind, k, watcher)
    passed = b.line(r"^selftest: PASS: CPU %d stopped after its fault; the "
                    r"other %d CPUs still take interrupts$" % (k, SMP - 1))
    assert passed, b.describe()
    assert "selftest: FAIL" not in b.output, b.describe()
    assert b.lines[-1] == "mica: powering off", b.describe()
    assert not b.killed and b.status == 0, \
        "QEMU did not exit 0 by itself\n" + b.describe()


@pytest.mark.parametrize("kind", list(KINDS))
def test_fault_on_the_only_cpu_stops_it(kind):
    # Nobody is left to watch or to power off: QEMU must still be up after
    # the report (a second's grace), and then the test ends it.
    b = mica_qemu.boot(smp=1, append="mica.poweroff mica.fault=%s@0" % kind,
                       until=r"mica: CPU 0 stopped[^\n]*\n", linger=1.0)
    check_report(b, kind, 0)
    check_stopped(b, kind, 0, None)
    assert b.killed, "QEMU exited by itself\n" + b.describe()
    assert "selftest: PASS" not in b.output, b.describe()
    assert "powering off" not in b.output, b.describe()
