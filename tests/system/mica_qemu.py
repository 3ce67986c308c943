# SPDX-License-Identifier: Apache-2.0
"""Boots mica in QEMU for the system tests and reads what it prints.

QEMU runs behind pipes (pexpect's PopenSpawn), in a session of its own: it
never sees the caller's terminal, and works when there is none (CI runs with
no standard input at all). Every boot has a hard timeout; a QEMU that hangs
raises BootTimeout carrying everything it printed, so a hang is a test
failure, never a skip.

Parsers for the banner and the fault report live here too, so that the tests
state facts ("CPU 2 stopped") rather than regular expressions.
"""

import os
import re
import signal
import subprocess
import time

import pexpect
import pexpect.popen_spawn

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))))
BUILD = os.environ.get("MICA_BUILD", os.path.join(ROOT, "build"))
# The hypervisor alone (make SCENARIO=none BUILD=build/none): what the board
# tests boot, on every CPU count and GIC version.
IMAGE = os.path.join(BUILD, "none", "mica.bin")
# The hypervisor with the default scenario (configs/default.dts).
SCENARIO_IMAGE = os.path.join(BUILD, "mica.bin")
QEMU = os.environ.get("QEMU", "qemu-system-aarch64")
# A boot takes well under a second; 30 s means QEMU or mica hangs.
BOOT_TIMEOUT_S = 30
PAGE = 4096
MEM_MIB = 512
REGIONS = [("text", "r-x"), ("rodata", "r--"), ("data", "rw-"),
           ("bss", "rw-"), ("stacks", "rw-"), ("free", "rw-")]


class BootTimeout(AssertionError):
    """QEMU neither exited nor printed what was awaited in time."""


class Boot:
    """One finished QEMU run."""

    def __init__(self, argv, output, status, killed, seconds):
        self.argv = argv
        self.output = output      # console text, "\r\n" made "\n"
        self.status = status      # exit status; None when we killed QEMU
        self.killed = killed      # True when QEMU was still up and we ended it
        self.seconds = seconds

    @property
    def lines(self):
        return self.output.splitlines()

    def describe(self):
        """The command and the console, for assertion messages."""
        return "$ %s\n(exit status %s%s, %.1f s)\n--- console ---\n%s" % (
            " ".join(self.argv), self.status,
            ", killed by the test" if self.killed else "", self.seconds,
            self.output)

    def line(self, pattern):
        """The first match of a regex anchored at a line's start, or None."""
        return re.search(pattern, self.output, re.MULTILINE)


def qemu_argv(cpu="cortex-a53", gic=3, smp=4, append="mica.poweroff",
              dtb=None, mem="%dM" % MEM_MIB, extra_machine="", image=None):
    """The QEMU command line that boots mica on QEMU's virt board."""
    machine = "virt,virtualization=on,gic-version=%s%s" % (gic, extra_machine)
    argv = [QEMU, "-M", machine, "-cpu", cpu, "-smp", str(smp), "-m", mem,
            "-nographic", "-nic", "none", "-no-reboot", "-kernel", image or IMAGE]
    if append:
        argv += ["-append", append]
    if dtb is not None:
        argv += ["-dtb", str(dtb)]
    return argv


def _new_session():
    # Away from the caller's terminal: no job-control signals, no /dev/tty.
    os.setsid()


def boot(cpu="cortex-a53", gic=3, smp=4, append="mica.poweroff", dtb=None,
         until=None, linger=1.0, timeout=BOOT_TIMEOUT_S, image=None,
         mem="%dM" % MEM_MIB):
    """Boots mica and returns a Boot.

    With until=None, waits for QEMU to exit by itself (mica powers off).
    With until=REGEX, waits for REGEX on the console, keeps reading for
    `linger` seconds more (so that the test sees whatever follows, and that
    QEMU stayed up), then kills QEMU: for runs that end with a CPU parked for
    good. Either wait longer than `timeout` seconds raises BootTimeout.
    """
    image = image or IMAGE
    if not os.path.exists(image):
        raise AssertionError("%s does not exist: run make first" % image)
    argv = qemu_argv(cpu=cpu, gic=gic, smp=smp, append=append, dtb=dtb,
                     image=image, mem=mem)
    start = time.monotonic()
    child = pexpect.popen_spawn.PopenSpawn(
        argv, timeout=timeout, encoding="utf-8", codec_errors="replace",
        cwd=ROOT, preexec_fn=_new_session)
    seen = []
    killed = False

    def collect():
        seen.append(child.before or "")
        if isinstance(child.after, str):
            seen.append(child.after)

    def text():
        return "".join(seen).replace("\r\n", "\n")

    try:
        if until is None:
            child.expect(pexpect.EOF, timeout=timeout)
            collect()
        else:
            child.expect(until, timeout=timeout)
            collect()
            try:
                child.expect(pexpect.EOF, timeout=linger)
                collect()
            except pexpect.TIMEOUT:
                collect()
                killed = True
    except pexpect.TIMEOUT:
        collect()
        _stop(child)
        raise BootTimeout(
            "QEMU did not %s within %d s; it was killed.\n$ %s\n"
            "--- console ---\n%s" % (
                "exit" if until is None else "print %r" % until, timeout,
                " ".join(argv), text()))
    except pexpect.EOF:
        # QEMU exited before printing what was awaited.
        collect()
    if killed:
        _stop(child)
        status = None
    else:
        try:
            status = child.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            _stop(child)
            raise BootTimeout("QEMU closed its output but did not exit.\n"
                              "$ %s\n--- console ---\n%s" % (
                                  " ".join(argv), text()))
    _close(child)
    return Boot(argv, text(), status, killed, time.monotonic() - start)


def _stop(child):
    if child.proc.poll() is None:
        try:
            child.kill(signal.SIGKILL)
        except ProcessLookupError:
            pass
    child.proc.wait()


def _close(child):
    for f in (child.proc.stdin, child.proc.stdout):
        try:
            f.close()
        except OSError:
            pass


def dump_dtb(path, gic=3, smp=2, cpu="cortex-a53"):
    """Writes the device tree QEMU would give mica for this machine."""
    argv = qemu_argv(cpu=cpu, gic=gic, smp=smp, append=None,
                     extra_machine=",dumpdtb=%s" % path)
    subprocess.run(argv, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                   stderr=subprocess.STDOUT, check=True, timeout=30,
                   preexec_fn=_new_session)


# --- the banner -------------------------------------------------------------

REGION_RE = re.compile(
    r"^  (?P<name>\w+)\s+0x(?P<start>[0-9a-f]+)-0x(?P<last>[0-9a-f]+)\s+"
    r"(?P<kib>\d+) KiB  (?P<perms>[r-][w-][x-])(?:  (?P<note>.*))?$",
    re.MULTILINE)


class Region:
    def __init__(self, m):
        self.name = m.group("name")
        self.start = int(m.group("start"), 16)
        self.end = int(m.group("last"), 16) + 1   # exclusive
        self.kib = int(m.group("kib"))
        self.perms = m.group("perms")
        self.note = m.group("note") or ""

    def __contains__(self, addr):
        return self.start <= addr < self.end

    def __repr__(self):
        return "%s 0x%x-0x%x %s" % (self.name, self.start, self.end - 1,
                                    self.perms)


def memory_map(output):
    """The banner's memory map: a list of Region, in the order printed."""
    return [Region(m) for m in REGION_RE.finditer(output)]


def check_memory_map(b):
    """Asserts the banner's memory map is sane; returns {name: Region}.

    Sane: the six regions in order with their permissions, page aligned,
    non-empty, increasing and non-overlapping, sizes as printed, from the
    hypervisor's base to its end, inside RAM; stacks a whole number of
    per-CPU slots; the page pool's pages fit in the free region.
    """
    out = b.output
    hyp = b.line(r"^hypervisor memory: (\d+) KiB at 0x([0-9a-f]+)$")
    assert hyp, "no 'hypervisor memory:' line\n" + b.describe()
    hyp_size = int(hyp.group(1)) * 1024
    hyp_base = int(hyp.group(2), 16)
    ram = b.line(r"^ram: 0x([0-9a-f]+)-0x([0-9a-f]+) \((\d+) MiB\)$")
    assert ram, "no 'ram:' line\n" + b.describe()
    ram_start, ram_end = int(ram.group(1), 16), int(ram.group(2), 16) + 1
    assert ram_end - ram_start == int(ram.group(3)) << 20 == MEM_MIB << 20, \
        b.describe()

    printed = memory_map(out)
    assert [(r.name, r.perms) for r in printed] == REGIONS, \
        "memory map lines missing, repeated or out of order\n" + b.describe()
    regions = {r.name: r for r in printed}
    prev_end = hyp_base
    for r in printed:
        assert r.start % PAGE == 0 and r.end % PAGE == 0, \
            "%r is not page aligned\n%s" % (r, b.describe())
        assert r.start < r.end, "%r is empty\n%s" % (r, b.describe())
        assert r.start >= prev_end, \
            "%r overlaps or precedes the region before it\n%s" % (
                r, b.describe())
        assert r.kib * 1024 == r.end - r.start, \
            "%r: printed size %d KiB is wrong\n%s" % (r, r.kib, b.describe())
        prev_end = r.end
    assert regions["text"].start == hyp_base, b.describe()
    assert regions["free"].end == hyp_base + hyp_size, b.describe()
    assert ram_start <= hyp_base and hyp_base + hyp_size <= ram_end, \
        "the hypervisor is not inside RAM\n" + b.describe()

    # Stacks: one slot per CPU the build supports, guard page below each.
    stacks = regions["stacks"]
    per_cpu = re.match(r"(\d+) KiB per CPU, guard page below each",
                       stacks.note)
    assert per_cpu, b.describe()
    slot = int(per_cpu.group(1)) * 1024 + PAGE
    assert (stacks.end - stacks.start) % slot == 0, b.describe()
    # The page pool: what is left of it fits in the free region.
    pool = re.match(r"page pool, (\d+) of (\d+) pages free",
                    regions["free"].note)
    assert pool, b.describe()
    free, total = int(pool.group(1)), int(pool.group(2))
    room = regions["free"].end - regions["free"].start
    assert 0 < free <= total and total * PAGE <= room, b.describe()
    return regions


# --- the fault report -------------------------------------------------------

REPORT_RE = re.compile(
    r"^mica: unexpected exception on CPU (?P<cpu>-?\d+) \(hwid 0x(?P<hwid>"
    r"[0-9a-f]+)\): (?P<type>[^,]+), (?P<from>.+)\n"
    r"  EC 0x(?P<ec>[0-9a-f]{2}): (?P<ec_text>.+)\n"
    r"  ESR 0x(?P<esr>[0-9a-f]{16})  FAR 0x(?P<far>[0-9a-f]{16})\n"
    r"  ELR 0x(?P<elr>[0-9a-f]{16})  SPSR 0x(?P<spsr>[0-9a-f]{16})  "
    r"SP 0x(?P<sp>[0-9a-f]{16})\n"
    r"(?P<regs>(?:  x\d.*\n){11})",
    re.MULTILINE)
XREG_RE = re.compile(r"x(\d+)\s+0x([0-9a-f]{16})")


class Report:
    """One "unexpected exception" report."""

    def __init__(self, m):
        self.cpu = int(m.group("cpu"))
        self.hwid = int(m.group("hwid"), 16)
        self.type = m.group("type")
        self.origin = m.group("from")
        self.ec = int(m.group("ec"), 16)
        self.ec_text = m.group("ec_text")
        self.esr = int(m.group("esr"), 16)
        self.far = int(m.group("far"), 16)
        self.elr = int(m.group("elr"), 16)
        self.spsr = int(m.group("spsr"), 16)
        self.sp = int(m.group("sp"), 16)
        self.regs = {int(n): int(v, 16)
                     for n, v in XREG_RE.findall(m.group("regs"))}


def reports(output):
    """Every exception report on the console, in order."""
    return [Report(m) for m in REPORT_RE.finditer(output)]
