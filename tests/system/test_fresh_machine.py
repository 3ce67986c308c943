# SPDX-License-Identifier: Apache-2.0
"""What a fresh Debian 12 machine has, and what the suite must not need.

tools/deps.sh installs QEMU without recommends, so Debian's ipxe-qemu (the
boot ROMs of QEMU's network cards) is absent on a fresh machine, and a QEMU
that creates the virt board's default network card stops at once with
`failed to find romfile "efi-virtio.rom"`. Nothing here needs a network
card: every QEMU command passes `-nic none`. These tests run the suite's own
command lines with ipxe's ROM folder hidden (a private mount namespace with
an empty folder over it), so a machine where ipxe-qemu was installed by hand
cannot hide the mistake again.
"""

import os
import subprocess
import tempfile

import pytest

import linux_shell
import mica_qemu

IPXE_ROMS = "/usr/lib/ipxe/qemu"
# A QEMU that lacks a ROM fails while it creates the board, well within
# this; one that is still running after it has started the guest.
START_S = 5


def _started_without_roms(argv):
    """Runs argv with IPXE_ROMS hidden; returns (ok, what QEMU printed)."""
    with tempfile.TemporaryDirectory() as empty:
        script = ('[ -d "$1" ] && { mount --bind "$2" "$1" || exit 97; }; '
                  'shift 2; exec "$@"')
        cmd = ["unshare", "-m", "--propagation", "private", "sh", "-c",
               script, "sh", IPXE_ROMS, empty] + argv
        proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL,
                                stdout=subprocess.PIPE,
                                stderr=subprocess.STDOUT,
                                start_new_session=True, cwd=mica_qemu.ROOT)
        try:
            out, _ = proc.communicate(timeout=START_S)
            running = False
        except subprocess.TimeoutExpired:
            proc.kill()
            out, _ = proc.communicate()
            running = True
    text = out.decode("utf-8", "replace")
    if proc.returncode == 97:
        pytest.fail("could not hide %s (mount --bind failed)" % IPXE_ROMS)
    return (running or proc.returncode == 0) and "romfile" not in text, text


def _make_qemu_argv():
    out = subprocess.run(["make", "-s", "--no-print-directory",
                          "print-qemu-argv"], cwd=mica_qemu.ROOT,
                         capture_output=True, text=True, check=True)
    return out.stdout.split()


@pytest.mark.parametrize("name", ["make run", "mica_qemu", "linux bare"])
def test_qemu_starts_without_network_card_roms(name):
    argv = {"make run": _make_qemu_argv,
            "mica_qemu": lambda: mica_qemu.qemu_argv(),
            "linux bare": lambda: linux_shell.bare_argv()}[name]()
    ok, text = _started_without_roms(argv)
    assert ok, "%s: QEMU needs a file of ipxe-qemu:\n$ %s\n%s" % (
        name, " ".join(argv), text)


def _tracked(*patterns):
    out = subprocess.run(["git", "ls-files"] + list(patterns),
                         cwd=mica_qemu.ROOT, capture_output=True, text=True,
                         check=True)
    return out.stdout.split()


def test_every_qemu_command_line_has_no_network_card():
    """Each QEMU command line in the tree (the -nographic ones) says -nic
    none, tools and benchmarks included, which the test above cannot
    start one by one."""
    missing = []
    for path in _tracked("*.py", "*.mk", "Makefile"):
        with open(os.path.join(mica_qemu.ROOT, path)) as f:
            for n, line in enumerate(f, 1):
                if "-nographic" in line and "-nic" not in line:
                    missing.append("%s:%d: %s" % (path, n, line.strip()))
    assert not missing, "QEMU without -nic none:\n" + "\n".join(missing)
