# SPDX-License-Identifier: Apache-2.0
"""mica boots on every CPU model, GIC version and CPU count it supports.

Each configuration of the matrix is one boot with mica.poweroff: the banner
must describe the machine QEMU emulates, every CPU must come online and take
timer interrupts, the memory map must be sane, and mica must power the
machine off by itself (PSCI SYSTEM_OFF, QEMU exits with status 0).
"""

import concurrent.futures

import pytest

import mica_qemu

CPUS = {"cortex-a53": "Cortex-A53", "cortex-a57": "Cortex-A57",
        "cortex-a72": "Cortex-A72"}
MATRIX = [(cpu, gic, smp) for cpu in CPUS for gic in (2, 3)
          for smp in (1, 2, 3, 4)]
# Boots run two at a time: each is well under a second of mostly idle vCPUs.
PARALLEL_BOOTS = 2


@pytest.fixture(scope="module")
def matrix_boots(request):
    """Boots every selected configuration in a small thread pool, once."""
    wanted = [item.callspec.params["cfg"] for item in request.session.items
              if getattr(item, "originalname", "") == "test_boot_matrix" and
              hasattr(item, "callspec")]
    with concurrent.futures.ThreadPoolExecutor(PARALLEL_BOOTS) as pool:
        futures = {cfg: pool.submit(mica_qemu.boot, cpu=cfg[0], gic=cfg[1],
                                    smp=cfg[2], append="mica.poweroff")
                   for cfg in wanted}
        yield lambda cfg: futures[cfg].result()


@pytest.mark.parametrize("cfg", MATRIX,
                         ids=["%s-gicv%d-smp%d" % c for c in MATRIX])
def test_boot_matrix(cfg, matrix_boots):
    cpu, gic, smp = cfg
    b = matrix_boots(cfg)
    out = b.output

    assert b.line(r"^mica \S+ \(\S+\): tiny real-time hypervisor, "
                  r"running at EL2$"), b.describe()
    cpus = b.line(r"^cpus: (\d+) x Arm (Cortex-A\d+) r\d+p\d+, (GICv\d), "
                  r"timer \d+\.\d{3} MHz$")
    assert cpus, "no 'cpus:' line\n" + b.describe()
    assert (int(cpus.group(1)), cpus.group(2), cpus.group(3)) == \
        (smp, CPUS[cpu], "GICv%d" % gic), b.describe()
    for k in range(smp):
        assert b.line(r"^cpu %d: hwid 0x%x, online, \d+ timer interrupts$"
                      % (k, k)), "CPU %d not online\n%s" % (k, b.describe())
    assert not b.line(r"^cpu %d:" % smp), \
        "more CPUs than -smp %d\n%s" % (smp, b.describe())
    assert b.line(r"^mica: %d of %d CPUs online, all alive" % (smp, smp)), \
        b.describe()
    mica_qemu.check_memory_map(b)
    assert b.line(r"^boot: \d+ us \(\d+ counter ticks\) from entry to all "
                  r"CPUs online"), b.describe()

    for bad in ("unexpected exception", "CHECK failed", "boot failed",
                "FAIL", "NOT online"):
        assert bad not in out, b.describe()
    assert b.lines[-1] == "mica: powering off", b.describe()
    assert not b.killed and b.status == 0, \
        "QEMU did not exit 0 by itself\n" + b.describe()
