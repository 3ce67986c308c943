# SPDX-License-Identifier: Apache-2.0
"""Drives the Linux guest's busybox shell on a QEMU console, for tests.

The guest is guests/linux/ (`make linux`): Debian's arm64 kernel and a
busybox initramfs whose /init prints MARKER and starts a shell with the
prompt "mica-linux:DIR# ". Shell.run() types one command and returns the
lines it printed, without the echo of the command, the prompt, the
terminal queries busybox's line editor sends ("\\x1b[6n") or kernel
messages that landed in between (they start with a printk time stamp).

QEMU runs the way mica_qemu runs it: behind pipes, in a session of its own,
never touching the caller's terminal, every wait bounded; a wait that runs
out raises mica_qemu.BootTimeout with the whole console so far.
"""

import os
import re
import subprocess
import time

import pexpect
import pexpect.popen_spawn

import mica_qemu

LINUX_DIR = os.path.join(mica_qemu.BUILD, "linux")
IMAGE = os.path.join(LINUX_DIR, "Image")
INITRAMFS = os.path.join(LINUX_DIR, "initramfs.cpio.gz")
MARKER = "mica-linux: initramfs up"
PROMPT = r"mica-linux:[^\r\n]*# "
# Linux boots to the shell in about 2 s on QEMU (TCG); a slow CI machine
# gets generous room, a hang still ends the test.
BOOT_TIMEOUT_S = 90
COMMAND_TIMEOUT_S = 20

_ESCAPE_RE = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")
_PRINTK_RE = re.compile(r"^\[\s*\d+\.\d+\] ")


def bare_argv(smp=2, cpu="cortex-a57", gic=3, mem="512M", machine_extra="",
              append="console=ttyAMA0"):
    """QEMU booting the guest with no hypervisor (as `make linux-run`)."""
    for f in (IMAGE, INITRAMFS):
        if not os.path.exists(f):
            raise AssertionError("%s does not exist: run make linux first"
                                 % f)
    return [mica_qemu.QEMU, "-M", "virt,gic-version=%d%s" % (gic,
                                                             machine_extra),
            "-cpu", cpu, "-smp", str(smp), "-m", mem, "-nographic", "-nic", "none",
            "-no-reboot", "-kernel", IMAGE, "-initrd", INITRAMFS,
            "-append", append]


class Shell:
    """One QEMU running the guest. Use as a context manager: leaving it
    kills QEMU if it is still up."""

    def __init__(self, argv):
        self.argv = argv
        self.seen = []
        self.start = time.monotonic()
        self.child = pexpect.popen_spawn.PopenSpawn(
            argv, timeout=COMMAND_TIMEOUT_S, encoding="utf-8",
            codec_errors="replace", cwd=mica_qemu.ROOT,
            preexec_fn=mica_qemu._new_session)
        self.status = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def console(self):
        """Everything QEMU printed so far, "\\r\\n" made "\\n"."""
        return "".join(self.seen).replace("\r\n", "\n")

    def describe(self):
        return "$ %s\n(%.1f s)\n--- console ---\n%s" % (
            " ".join(self.argv), time.monotonic() - self.start,
            self.console())

    def expect(self, pattern, timeout=COMMAND_TIMEOUT_S):
        """Waits for the regex pattern; returns the text before it."""
        try:
            self.child.expect(pattern, timeout=timeout)
        except pexpect.TIMEOUT:
            self._collect()
            self.close()
            raise mica_qemu.BootTimeout(
                "no %r within %d s; QEMU was killed.\n%s" % (
                    pattern, timeout, self.describe()))
        except pexpect.EOF:
            self._collect()
            self.close()
            raise AssertionError("QEMU exited while waiting for %r.\n%s" % (
                pattern, self.describe()))
        before = self.child.before
        self._collect()
        return before

    def wait_for_shell(self, timeout=BOOT_TIMEOUT_S):
        """Waits for MARKER, then for the first prompt."""
        self.expect(re.escape(MARKER), timeout=timeout)
        self.expect(PROMPT)

    def run(self, command):
        """Types command (one short line) at the prompt; returns its output
        lines once the next prompt appears."""
        self.child.sendline(command)
        text = _ESCAPE_RE.sub("", self.expect(PROMPT)).replace("\r", "")
        lines = text.split("\n")
        # The terminal echoes what was typed.
        while lines and command not in lines[0]:
            lines.pop(0)
        return [ln for ln in lines[1:]
                if ln.strip() and not _PRINTK_RE.match(ln)]

    def send(self, command):
        """Types command without waiting for a prompt (e.g. poweroff)."""
        self.child.sendline(command)

    def wait_exit(self, timeout=COMMAND_TIMEOUT_S):
        """Waits for QEMU to exit by itself; returns its exit status."""
        try:
            self.child.expect(pexpect.EOF, timeout=timeout)
        except pexpect.TIMEOUT:
            self._collect()
            self.close()
            raise mica_qemu.BootTimeout(
                "QEMU did not exit within %d s; it was killed.\n%s" % (
                    timeout, self.describe()))
        self._collect()
        try:
            self.status = self.child.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.close()
            raise mica_qemu.BootTimeout(
                "QEMU closed its output but did not exit.\n"
                + self.describe())
        mica_qemu._close(self.child)
        return self.status

    def close(self):
        if self.child.proc.poll() is None:
            mica_qemu._stop(self.child)
        mica_qemu._close(self.child)

    def _collect(self):
        self.seen.append(self.child.before or "")
        if isinstance(self.child.after, str):
            self.seen.append(self.child.after)
