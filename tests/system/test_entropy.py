# SPDX-License-Identifier: Apache-2.0
"""Every start of a guest OS gets its own random seed (hyp/core/entropy.c):
Linux under mica reports `random: crng init done` at 0 s at its first boot
and again after it restarted itself (reboot -f: PSCI SYSTEM_RESET, which
mica answers by reloading the partition), because each load's device tree
carries a fresh /chosen/rng-seed drawn from mica's DRBG. Without a seed
from the boot loader (QEMU's dtb-randomness=off) mica says so and Linux
gets none: nothing predictable is passed off as a seed.
"""

import os
import re

import pexpect.popen_spawn

import mica_qemu
from test_partitions import BOOT_TIMEOUT_S, LINUX_PROMPT, STEP_TIMEOUT_S
from test_partitions import Machine

CRNG_AT_0 = r"\[linux\] \[\s*0\.0+\] random: crng init done"


class SeedMachine(Machine):
    """The default scenario, optionally with QEMU's board options."""

    # pylint: disable-next=super-init-not-called
    def __init__(self, extra_machine=""):
        image = mica_qemu.SCENARIO_IMAGE
        if not os.path.exists(image):
            raise AssertionError("%s does not exist: run make test-builds"
                                 % image)
        argv = mica_qemu.qemu_argv(cpu="cortex-a57", gic=3, smp=4,
                                   append="", mem="1G", image=image,
                                   extra_machine=extra_machine)
        self.child = pexpect.popen_spawn.PopenSpawn(
            argv, timeout=STEP_TIMEOUT_S, encoding="utf-8",
            codec_errors="replace", cwd=mica_qemu.ROOT,
            preexec_fn=os.setsid)
        self.log = ""


def linux_up(m):
    """Waits for Linux's shell; the console since the last wait."""
    start = len(m.log)
    m.expect(r"\[linux\] mica-linux: shell up", BOOT_TIMEOUT_S)
    m.expect(LINUX_PROMPT)
    return m.log[start:]


def test_linux_is_seeded_at_boot_and_after_each_restart():
    m = SeedMachine()
    try:
        first = linux_up(m)
        assert re.search(CRNG_AT_0, first), first
        for n in (1, 2):
            m.send("reboot -f\r")
            m.expect(r"mica: partition linux asked to reset")
            again = linux_up(m)
            # Seeded from its first instant again, not after seconds of
            # jitter entropy: the restart brought a seed of its own.
            assert re.search(CRNG_AT_0, again), "restart %d:\n%s" % (
                n, again)
        # Linux answers; no other partition was restarted (pin-entry
        # started once, at boot; rt-bench powers off after its round).
        m.linux("echo alive-$((6*7))", r"\[linux\] alive-42")
        assert not re.search(r"mica: partition (?!linux )\S+ stopped: "
                             r"restarting", m.log), m.log
        assert m.log.count("[pin] pin-entry: ready") == 1, m.log
    finally:
        m.close()


def test_no_boot_loader_seed_means_no_guest_seed():
    m = SeedMachine(extra_machine=",dtb-randomness=off")
    try:
        m.expect(r"mica: the boot loader gave no /chosen/rng-seed: "
                 r"no guest OS gets a seed", BOOT_TIMEOUT_S)
        first = linux_up(m)
        # No seed, so no CRNG ready at 0 s: mica passed none off as one.
        assert not re.search(CRNG_AT_0, first), first
    finally:
        m.close()
