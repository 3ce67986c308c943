#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""Boot time of the Linux guest to its shell, in QEMU's virtual time.

Usage: tools/linux-boot-time.py [--runs N] [--icount SPEC] [--timeout S]
                                [-- QEMU ARGV...]

Boots the guest of guests/linux/ (`make linux`) N times (default 3) with
the QEMU command line given after `--` (default: bare QEMU, as
`make linux-run`), adds `-icount SPEC` (default shift=0,align=off,sleep=off:
virtual time advances one nanosecond per instruction, and an idle guest
skips to its next timer at once; `--icount none` adds nothing) and prints
a table, then the median and range of each column:

  reset->shell   time from machine reset to the shell's first prompt: the
                 generic timer's virtual count over its frequency, read by
                 the guest's /bin/cntvct. The headline figure: it includes
                 everything before the kernel's clock starts, and will
                 include a hypervisor's boot as long as that leaves CNTVOFF
                 at 0.
  uptime         /proc/uptime at the same moment: time since the kernel
                 started its timekeeping (10 ms resolution).
  /init          printk time stamp of "Run /init as init process", when
                 the kernel prints it (not with `quiet`).
  host           wall-clock seconds from starting QEMU to that prompt.

The guest reads both clocks itself, just before its first prompt, and
prints "mica-linux: shell up S s after reset (uptime U s)" (see
guests/linux/shell-up). Nothing is typed until then: with sleep=off,
virtual time races ahead while the shell waits for input, so a reading
typed in after the prompt would be late by however long the host took.

Standard library only; run with Debian's /usr/bin/python3.
"""

import argparse
import os
import re
import signal
import statistics
import subprocess
import sys
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BUILD = os.environ.get("MICA_BUILD", os.path.join(ROOT, "build"))
QEMU = os.environ.get("QEMU", "qemu-system-aarch64")
DEFAULT_ICOUNT = "shift=0,align=off,sleep=off"
# Under mica the partition's lines start with its tag, "[linux] ".
TAG = r"(?:\[[a-z0-9-]+\] )?"
RUN_INIT_RE = re.compile(r"^" + TAG + r"\[\s*(\d+\.\d+)\] Run /init as init "
                         r"process", re.MULTILINE)
VERSION_RE = re.compile(r"Linux version (\S+)")
SHELL_UP_RE = re.compile(r"^" + TAG + r"mica-linux: shell up (\d+\.\d+) s after "
                         r"reset \(uptime (\d+\.\d+) s\)", re.MULTILINE)


def bare_argv():
    linux = os.path.join(BUILD, "linux")
    return [QEMU, "-M", "virt,gic-version=3", "-cpu", "cortex-a57",
            "-smp", "2", "-m", "512M", "-nographic", "-nic", "none",
            "-kernel", os.path.join(linux, "Image"),
            "-initrd", os.path.join(linux, "initramfs.cpio.gz"),
            "-append", "console=ttyAMA0"]


class Failed(Exception):
    """A run that gave no figure; carries the console."""


class Console:
    """QEMU behind pipes, in a session of its own (no terminal needed)."""

    def __init__(self, argv):
        self.argv = argv
        self.text = ""
        self.cond = threading.Condition()
        self.start = time.monotonic()
        self.proc = subprocess.Popen(
            argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT, start_new_session=True)
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self):
        fd = self.proc.stdout.fileno()
        while True:
            data = os.read(fd, 4096)
            with self.cond:
                if not data:
                    self.text += "\0"   # end of output
                    self.cond.notify_all()
                    return
                self.text += data.decode("utf-8", "replace").replace(
                    "\r\n", "\n")
                self.cond.notify_all()

    def wait_for(self, regex, deadline):
        """The first match of regex, once it has been printed."""
        with self.cond:
            while True:
                m = regex.search(self.text)
                if m:
                    return m
                left = deadline - time.monotonic()
                if self.text.endswith("\0"):
                    raise Failed("QEMU exited before printing %r"
                                 % regex.pattern)
                if left <= 0:
                    raise Failed("no %r in time" % regex.pattern)
                self.cond.wait(left)

    def type(self, line):
        self.proc.stdin.write(line.encode() + b"\n")
        self.proc.stdin.flush()

    def finish(self, deadline):
        """Waits for QEMU to exit; kills it at the deadline."""
        try:
            self.proc.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait()
        self.reader.join(timeout=5)


def one_run(argv, timeout):
    """Boots once; returns a dict of figures."""
    con = Console(argv)
    deadline = time.monotonic() + timeout
    try:
        up = con.wait_for(SHELL_UP_RE, deadline)
        host_s = time.monotonic() - con.start
        con.type("poweroff -f")
        run_init = RUN_INIT_RE.search(con.text)
        version = VERSION_RE.search(con.text)
        return {"reset": float(up.group(1)), "uptime": float(up.group(2)),
                "init": float(run_init.group(1)) if run_init else None,
                "host": host_s,
                "kernel": version.group(1) if version else "?"}
    except Failed as e:
        raise Failed("%s\n$ %s\n--- console ---\n%s" % (
            e, " ".join(argv), con.text.rstrip("\0")))
    finally:
        con.finish(time.monotonic() + 30)


COLUMNS = [("reset->shell", "reset", "%.6f"), ("uptime", "uptime", "%.2f"),
           ("/init", "init", "%.6f"), ("host", "host", "%.1f")]


def cell(fmt, values):
    values = [v for v in values if v is not None]
    if not values:
        return "-"
    lo, hi = min(values), max(values)
    return fmt % lo if lo == hi else "%s-%s" % (fmt % lo, fmt % hi)


def table(runs):
    """The runs, their median and their range; times in seconds."""
    rows = [["run"] + ["%s (s)" % c[0] for c in COLUMNS]]
    for k, r in enumerate(runs, 1):
        rows.append([str(k)] + [cell(fmt, [r[key]])
                                for _, key, fmt in COLUMNS])
    med = ["median"]
    for _, key, fmt in COLUMNS:
        values = [r[key] for r in runs if r[key] is not None]
        med.append(fmt % statistics.median(values) if values else "-")
    rows.append(med)
    rows.append(["range"] + [cell(fmt, [r[key] for r in runs])
                             for _, key, fmt in COLUMNS])
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    return "\n".join("  ".join(c.rjust(w) if i else c.ljust(w)
                               for i, (c, w) in enumerate(zip(row, widths)))
                     for row in rows)


def _stop(signum, frame):
    # Leaves through the finally blocks, which kill QEMU.
    raise SystemExit(128 + signum)


def main():
    ap = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0],
        formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--icount", default=DEFAULT_ICOUNT,
                    help="QEMU -icount option, or 'none' (default %(default)s)")
    ap.add_argument("--timeout", type=float, default=300,
                    help="seconds a boot may take (default %(default)s)")
    ap.add_argument("qemu", nargs=argparse.REMAINDER,
                    help="-- then the QEMU command line (default: bare QEMU)")
    args = ap.parse_args()
    argv = args.qemu[1:] if args.qemu[:1] == ["--"] else args.qemu
    if not argv:
        argv = bare_argv()
    if args.icount != "none" and "-icount" not in argv:
        argv = argv + ["-icount", args.icount]
    if args.runs < 1:
        ap.error("--runs must be at least 1")
    signal.signal(signal.SIGTERM, _stop)

    print("$ %s" % " ".join(argv), flush=True)
    runs = []
    for k in range(args.runs):
        try:
            runs.append(one_run(argv, args.timeout))
        except Failed as e:
            sys.exit("linux-boot-time: run %d failed: %s" % (k + 1, e))
    print("Linux %s, %d runs; virtual time to the first shell prompt"
          % (runs[0]["kernel"], len(runs)))
    print(table(runs))


if __name__ == "__main__":
    main()
