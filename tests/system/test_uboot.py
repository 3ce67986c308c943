# SPDX-License-Identifier: Apache-2.0
"""Another guest boots as it would on the board: Debian's U-Boot for QEMU's
arm64 virt board (package u-boot-qemu), unmodified, as a partition of mica
beside pin-entry (configs/uboot.dts, built by make test-builds into
build/uboot). U-Boot is a raw binary (image/raw, load) that finds its
device tree at the start of RAM (image/dtb) and its environment in QEMU's
flash, passed through as devices without interrupts.

The keyboard starts with U-Boot, the first partition. The test stops its
autoboot, runs bdinfo (the RAM and flash the scenario gives it), sleep 1
(its timer counts real seconds) and reset (PSCI SYSTEM_RESET): U-Boot comes
back, its partition alone restarted, and pin-entry still answers. And on a
machine without u-boot-qemu, the build names the missing file and node.
"""

import os
import re
import subprocess
import time

import mica_qemu
from test_partitions import BOOT_TIMEOUT_S, machine  # noqa: F401

IMAGE = os.path.join(mica_qemu.BUILD, "uboot", "mica.bin")
BANNER = r"\[uboot\] U-Boot 20\d\d\.\d\d"
AUTOBOOT = r"\[uboot\] Hit any key to stop autoboot"
PROMPT = r"\[uboot\] => "


def to_prompt(m):
    """Waits for U-Boot's banner, stops its autoboot, waits for its prompt."""
    m.expect(BANNER, BOOT_TIMEOUT_S)
    m.expect(AUTOBOOT, BOOT_TIMEOUT_S)
    m.send(" ")
    m.expect(PROMPT)


def test_uboot_runs_bdinfo_sleep_and_reset_beside_a_native_partition(
        machine):  # noqa: F811
    m = machine(IMAGE, smp=2)
    m.expect(r"mica: keyboard -> uboot")
    to_prompt(m)
    # It probed the flash and read its environment there (empty: the
    # default one), through the pages passed through to it.
    assert re.search(r"\[uboot\] Flash: 64 MiB", m.log), m.log
    assert "[uboot] Loading Environment from Flash" in m.log, m.log

    # bdinfo: its RAM is the scenario's 128 MiB at 0x40000000, its flash at 0.
    m.send("bdinfo\r")
    m.expect(r"\[uboot\] -> start\s+= 0x0*40000000\r\n"
             r"\[uboot\] -> size\s+= 0x0*8000000\r\n")
    m.expect(r"\[uboot\] flashstart\s+= 0x0+\r\n")
    m.expect(PROMPT)

    # sleep 1 takes a second: its counter runs at the board's rate.
    m.send("sleep 1")
    start = time.monotonic()
    m.send("\r")
    m.expect(PROMPT)
    took = time.monotonic() - start
    assert 0.9 <= took < 10, took

    # reset: PSCI SYSTEM_RESET restarts this partition only, and U-Boot
    # comes back from its image, to its prompt.
    m.send("reset\r")
    m.expect(r"\[uboot\] resetting \.\.\.")
    m.expect(r"mica: partition uboot asked to reset")
    to_prompt(m)
    m.send("echo uboot-is-back\r")
    m.expect(r"\[uboot\] uboot-is-back\r\n")
    m.expect(PROMPT)

    # pin-entry ran on meanwhile and still takes its keyboard.
    m.focus(2)
    m.send("4711\r")
    m.expect(r"\[pin\] [^\r\n]*4 digits typed, not checked")
    # Nothing U-Boot did was a fault; nothing stopped.
    assert not re.search(r"mica: partition \S+ vCPU \d+:", m.log), m.log
    assert "stopped: restarting" in m.log and \
        "mica: partition pin stopped" not in m.log, m.log


def test_a_missing_uboot_binary_is_named_by_micacfg(tmp_path):
    """Without u-boot-qemu, building the scenario ends with micacfg's line
    naming the image node and the file, not make's 'No rule to make
    target' for a path outside the tree."""
    src = open(os.path.join(mica_qemu.ROOT, "configs", "uboot.dts")).read()
    missing = str(tmp_path / "no-u-boot.bin")
    scenario = tmp_path / "uboot-missing.dts"
    scenario.write_text(src.replace("/usr/lib/u-boot/qemu_arm64/u-boot.bin",
                                    missing))
    build = tmp_path / "build"
    proc = subprocess.run(
        ["make", "--no-print-directory", "SCENARIO=%s" % scenario,
         "BUILD=%s" % build, "%s/scenario/tables.c" % build],
        cwd=mica_qemu.ROOT, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT, universal_newlines=True, timeout=300)
    assert proc.returncode != 0, proc.stdout
    assert "%s: /partitions/uboot/image: raw file \"%s\": No such file or " \
        "directory\n" % (scenario, missing) in proc.stdout, proc.stdout
    assert "No rule to make target" not in proc.stdout, proc.stdout
