# SPDX-License-Identifier: Apache-2.0
"""Native partitions (guests/, built on libmica) on bare QEMU, no hypervisor.

Each ELF is booted the way QEMU boots any ELF with -kernel: loaded at its
addresses and entered at EL1 with the MMU off, on the virt board with
GICv2 and with GICv3. The same ELFs run as mica partitions in the other
system tests; these runs are their baseline. Build them with `make guests`.

- rt-bench takes its timer interrupts and prints consistent statistics,
  then powers off by itself; under -icount its latency is below two ticks.
- pin-entry echoes '*' for digits (never a digit), takes 4 digits (with
  no payment waiting, it checks them against nothing and says so),
  refuses other entries with a clear message, and powers off on 'q'.
- xen-pingpong (make bench's Xen round trips) reads its role and port
  from the command line, refuses a malformed one, and stops, saying so,
  where there is no Xen (no /hypervisor node), before any hypercall.
- libmica-test makes libmica's defensive paths run: the HVC that is
  undefined without EL2 answers NOT_SUPPORTED, and an undefined
  instruction, a bad load or an interrupt nobody handles each end in a
  report and a power-off. Entered at EL2 instead of EL1, libmica says so
  and halts. libmica's ring, as built for partitions, carries messages
  from and into buffers at every alignment (QEMU does not fault unaligned
  accesses to Device memory, so this is not a check of alignment).

QEMU runs behind pipes with a hard timeout, as in mica_qemu.py; a hang is a
failure carrying everything QEMU printed.
"""

import os
import re
import signal
import time

import pexpect
import pexpect.popen_spawn
import pytest

import mica_qemu

GUESTS = os.path.join(mica_qemu.BUILD, "guests")
TIMEOUT_S = 30
ICOUNT = "shift=0,align=off,sleep=off"
GICS = [2, 3]

STATS_RE = re.compile(
    r"^rt-bench: samples (\d+) min (\d+) mean (\d+) p99 (\d+) max (\d+) "
    r"\(ticks\)$", re.MULTILINE)
HIST_RE = re.compile(r"^rt-bench:   \[\s*(\d+),\s*(\d+)\):\s+(\d+) #*$",
                     re.MULTILINE)
REPORT_RE = re.compile(
    r"^libmica: unexpected exception: (?P<type>[^,]+), (?P<origin>.+)\n"
    r"  EC 0x(?P<ec>[0-9a-f]{2}): (?P<ec_text>.+)\n"
    r"  ESR 0x(?P<esr>[0-9a-f]{16})  ELR 0x(?P<elr>[0-9a-f]{16})\n"
    r"  FAR 0x(?P<far>[0-9a-f]{16})  SPSR 0x(?P<spsr>[0-9a-f]{16})$",
    re.MULTILINE)


def _new_session():
    os.setsid()


class Guest:
    """One QEMU running one native ELF; talk to it, then finish()."""

    def __init__(self, name, gic, icount=False, machine="", append=None):
        # With a command line: the raw image, which QEMU boots as an arm64
        # Image, passing its device tree (and the line in it) in x0.
        path = os.path.join(GUESTS, name + (".elf" if append is None
                                             else ".bin"))
        if not os.path.exists(path):
            raise AssertionError("%s does not exist: run make guests" % path)
        self.argv = [mica_qemu.QEMU, "-M",
                     "virt,gic-version=%d%s" % (gic, machine),
                     "-cpu", "cortex-a57", "-m", "128M", "-nographic", "-nic", "none",
                     "-no-reboot", "-kernel", path]
        if append is not None:
            self.argv += ["-append", append]
        if icount:
            self.argv += ["-icount", ICOUNT]
        self.seen = []
        self.status = None
        self.start = time.monotonic()
        self.child = pexpect.popen_spawn.PopenSpawn(
            self.argv, timeout=TIMEOUT_S, encoding="utf-8",
            codec_errors="replace", cwd=mica_qemu.ROOT,
            preexec_fn=_new_session)

    @property
    def output(self):
        return "".join(self.seen).replace("\r\n", "\n")

    def describe(self):
        return "$ %s\n(exit status %s, %.1f s)\n--- console ---\n%s" % (
            " ".join(self.argv), self.status,
            time.monotonic() - self.start, self.output)

    def _collect(self):
        self.seen.append(self.child.before or "")
        if isinstance(self.child.after, str):
            self.seen.append(self.child.after)

    def expect(self, pattern):
        """Waits for pattern (a regex) and returns the match."""
        try:
            self.child.expect(pattern)
        except pexpect.TIMEOUT:
            self._collect()
            self.kill()
            raise mica_qemu.BootTimeout(
                "no %r within %d s\n%s" % (pattern, TIMEOUT_S,
                                           self.describe()))
        except pexpect.EOF:
            self._collect()
            self.wait()
            raise AssertionError("QEMU exited before printing %r\n%s" % (
                pattern, self.describe()))
        self._collect()
        return self.child.match

    def send(self, text):
        self.child.send(text)

    def finish(self):
        """Waits for QEMU to exit by itself; returns the console text."""
        try:
            self.child.expect(pexpect.EOF)
        except pexpect.TIMEOUT:
            self._collect()
            self.kill()
            raise mica_qemu.BootTimeout("QEMU did not exit within %d s\n%s"
                                        % (TIMEOUT_S, self.describe()))
        self._collect()
        self.wait()
        return self.output

    def wait(self):
        self.status = self.child.proc.wait(timeout=10)

    def kill(self):
        if self.child.proc.poll() is None:
            try:
                self.child.kill(signal.SIGKILL)
            except ProcessLookupError:
                pass
        self.child.proc.wait()
        for f in (self.child.proc.stdin, self.child.proc.stdout):
            try:
                f.close()
            except OSError:
                pass


@pytest.fixture
def guest():
    """Starts guests; kills any still running when the test ends."""
    started = []

    def start(name, gic, icount=False, machine="", append=None):
        g = Guest(name, gic, icount, machine, append)
        started.append(g)
        return g

    yield start
    for g in started:
        g.kill()


def no_report(g):
    assert "libmica:" not in g.output, \
        "libmica reported a problem\n" + g.describe()


# --- rt-bench -----------------------------------------------------------

@pytest.mark.parametrize("icount", [False, True], ids=["wallclock", "icount"])
@pytest.mark.parametrize("gic", GICS)
def test_rt_bench_measures_and_powers_off(guest, gic, icount):
    g = guest("rt-bench", gic, icount)
    out = g.finish()
    assert g.status == 0, g.describe()
    no_report(g)
    want = re.search(r"^rt-bench: timer latency, (\d+) samples", out,
                     re.MULTILINE)
    assert want, g.describe()
    n_want = int(want.group(1))
    # Without EL2 the hypercall is undefined: libmica answers for it.
    assert re.search(r"^rt-bench: no mica \(MICA_HC_VERSION: -1\)$", out,
                     re.MULTILINE), g.describe()
    assert re.search(r"^rt-bench: GICv%d, counter \d+ Hz, period \d+ ticks$"
                     % gic, out, re.MULTILINE), g.describe()

    stats = STATS_RE.findall(out)
    assert len(stats) == 1, "want one statistics line\n" + g.describe()
    n, lo, mean, p99, hi = (int(v) for v in stats[0])
    assert n == n_want, g.describe()
    # A few large samples (a busy host, without icount) can put the mean
    # above the 99th percentile: only both within [min, max] is certain.
    assert lo <= mean <= hi and lo <= p99 <= hi, \
        "want min <= mean, p99 <= max\n" + g.describe()

    # The histogram holds every sample, and its ends hold min and max.
    hist = [(int(a), int(b), int(c)) for a, b, c in HIST_RE.findall(out)]
    assert hist, g.describe()
    assert sum(c for _, _, c in hist) == n, g.describe()
    assert hist[0][0] <= lo < hist[0][1] and hist[0][2] > 0, g.describe()
    assert hist[-1][0] <= hi < hist[-1][1] and hist[-1][2] > 0, \
        g.describe()
    ours = [l for l in out.splitlines() if l.startswith("rt-bench:")]
    assert ours[-1] == "rt-bench: done", g.describe()

    if icount:
        # Virtual time counts instructions (1 tick = 16 of them): bare
        # QEMU wakes from WFI into the vector, whose third instruction
        # reads the count, within the tick the deadline falls in.
        assert hi <= 2, "bare latency under -icount\n" + g.describe()


# --- pin-entry ----------------------------------------------------------

@pytest.mark.parametrize("gic", GICS)
def test_pin_entry_accepts_refuses_and_quits(guest, gic):
    g = guest("pin-entry", gic)
    g.expect(r"pin-entry: ready\r?\n")
    after_ready = len(g.output)
    g.expect(r"PIN: ")
    g.send("5678")
    g.expect(r"\*\*\*\*")
    g.send("\r")
    g.expect(r"pin-entry: 4 digits typed, not checked: no payment is "
             r"waiting\r?\nPIN: ")
    g.send("907\r")
    g.expect(r"\*\*\*\r?\npin-entry: PIN rejected: 3 digits, need 4\r?\n"
             r"PIN: ")
    g.send("q")
    g.expect(r"pin-entry: quit")
    out = g.finish()
    assert g.status == 0, g.describe()
    no_report(g)
    typed = set("5678907")
    shown = out[after_ready:]
    assert not typed & set(shown), \
        "a typed digit was echoed\n" + g.describe()


def test_pin_entry_edits_and_refusals(guest):
    g = guest("pin-entry", 3)
    g.expect(r"PIN: ")
    # Too long; the 5th digit still shows a '*'.
    g.send("12345\r")
    g.expect(r"\*{5}\r?\npin-entry: PIN rejected: more than 4 digits\r?\n"
             r"PIN: ")
    # A non-digit clears the entry, with one message for "xyz".
    g.send("12xyz")
    g.expect(r"\*\*\r?\npin-entry: not a digit, entry cleared; type 4 "
             r"digits and Enter, or q to quit\r?\nPIN: ")
    # Enter right after is quiet; then backspace takes a digit back.
    g.send("\r12\x7f345\r")
    g.expect(r"\*\*\x08 \x08\*\*\*\r?\npin-entry: 4 digits typed, "
             r"not checked: no payment is waiting\r?\nPIN: ")
    # CR LF is one Enter: an empty entry, refused once.
    g.send("\r\n")
    g.expect(r"pin-entry: PIN rejected: 0 digits, need 4\r?\nPIN: ")
    g.send("Q")
    out = g.finish()
    assert g.status == 0, g.describe()
    no_report(g)
    assert out.count("entry cleared") == 1, g.describe()
    assert out.count("0 digits") == 1, g.describe()


# --- libmica's defensive paths ------------------------------------------

def test_libmica_hypercall_is_safe_without_el2(guest):
    g = guest("libmica-test", 3)
    g.expect(r"libmica-test: ready")
    g.send("v")
    m = g.expect(r"libmica-test: hc version (-?\d+), under mica: (\w+), "
                 r"psci version 0x([0-9a-f]+), six-argument call (-?\d+)"
                 r"\r?\n")
    assert int(m.group(1)) == -1, g.describe()    # NOT_SUPPORTED
    assert m.group(2) == "no", g.describe()
    assert int(m.group(3), 16) >= 0x10000, g.describe()  # PSCI 1.0 or later
    assert int(m.group(4)) == -1, g.describe()    # mica_smccc_hvc6 too
    g.send("q")
    g.finish()
    assert g.status == 0, g.describe()
    no_report(g)


def test_libmica_ring_runs_on_device_memory(guest):
    g = guest("libmica-test", 3)
    g.expect(r"libmica-test: ready")
    g.send("r")
    m = g.expect(r"libmica-test: ring: 3000 messages, (\d+) bytes, ok\r?\n")
    # 8 + round_up((i * 37) % 301, 8) bytes each, the empty first one too.
    assert int(m.group(1)) == sum(8 + ((i * 37 % 301 + 7) & ~7)
                                  for i in range(3000)), g.describe()
    g.send("q")
    g.finish()
    assert g.status == 0, g.describe()
    assert "FAIL" not in g.output, g.describe()
    no_report(g)


def report(g):
    found = [m.groupdict() for m in REPORT_RE.finditer(g.output)]
    assert len(found) == 1, "want exactly one report\n" + g.describe()
    r = found[0]
    assert r["type"] == "synchronous", g.describe()
    assert r["origin"] == "current EL with SP_EL1", g.describe()
    return {k: (int(v, 16) if k in ("ec", "esr", "elr", "far", "spsr")
                else v) for k, v in r.items()}


def test_libmica_reports_undefined_instruction(guest):
    g = guest("libmica-test", 3)
    g.expect(r"libmica-test: ready")
    g.send("u")
    at = int(g.expect(r"udf at 0x([0-9a-f]+)\r?\n").group(1), 16)
    g.finish()
    assert g.status == 0, "a fault must power off\n" + g.describe()
    r = report(g)
    # Not mistaken for the HVC fix-up, which has the same class.
    assert r["ec"] == 0x00, g.describe()
    assert r["elr"] == at, g.describe()
    assert "FAIL" not in g.output, g.describe()


def test_libmica_reports_data_abort(guest):
    g = guest("libmica-test", 3)
    g.expect(r"libmica-test: ready")
    g.send("a")
    addr = int(g.expect(r"load from 0x([0-9a-f]+)\r?\n").group(1), 16)
    g.finish()
    assert g.status == 0, "a fault must power off\n" + g.describe()
    r = report(g)
    assert r["ec"] == 0x25, g.describe()
    assert r["ec_text"] == "data abort at EL1", g.describe()
    assert r["far"] == addr, g.describe()
    assert r["esr"] & 0x3f <= 0x03, "want an address size fault\n" + \
        g.describe()
    assert "FAIL" not in g.output, g.describe()


@pytest.mark.parametrize("gic", GICS)
def test_libmica_stops_on_unhandled_irq(guest, gic):
    g = guest("libmica-test", gic)
    g.expect(r"libmica-test: ready")
    g.send("i")
    g.expect(r"libmica: IRQ 27 with no handler")
    g.finish()
    assert g.status == 0, g.describe()
    assert "FAIL" not in g.output, g.describe()


def test_libmica_refuses_to_run_at_el2(guest):
    # With virtualization=on QEMU enters the ELF at EL2, where a native
    # partition's vectors and PSCI conduit are wrong: it must stop, saying
    # why, and stay stopped (there is nobody to power off through).
    g = guest("rt-bench", 3, machine=",virtualization=on")
    g.expect(r"libmica: entered at EL2; native partitions run at EL1\. "
             r"Halting\.\r?\n")
    try:
        g.child.expect(pexpect.EOF, timeout=1.0)
        g._collect()
        raise AssertionError("QEMU exited; the CPU should halt\n" +
                             g.describe())
    except pexpect.TIMEOUT:
        g._collect()
    assert "rt-bench:" not in g.output, g.describe()


# --- xen-pingpong (make bench runs it under Xen: tools/bench/xen.py) ------

NOT_XEN = "xen-pingpong: FAIL: not under Xen (no /hypervisor node naming " \
    "a PPI)\n"


@pytest.mark.parametrize("args,role,port", [
    ("role=pong port=4095", "pong", 4095),
    ("console=ttyAMA0 port=7  role=ping", "ping", 7)])
def test_xen_pingpong_reads_its_command_line(guest, args, role, port):
    g = guest("xen-pingpong", 3, append=args)
    out = g.finish()
    assert g.status == 0, g.describe()
    assert "xen-pingpong: %s, port %d\n" % (role, port) in out, g.describe()
    # Stopped before its first hypercall, which would trap here.
    assert out.endswith(NOT_XEN), g.describe()
    no_report(g)


@pytest.mark.parametrize("args", [
    "role=ping", "port=10", "role=pung port=10", "role=pingpong port=10",
    "role=ping port=0", "role=ping port=4096", "role=ping port=1x",
    "role=ping port="])
def test_xen_pingpong_refuses_a_bad_command_line(guest, args):
    g = guest("xen-pingpong", 3, append=args)
    out = g.finish()
    assert g.status == 0, g.describe()
    assert "xen-pingpong: FAIL: command line '%s' lacks role=ping|pong or " \
        "port=1..4095\n" % args in out, g.describe()
    assert NOT_XEN not in out, g.describe()
    no_report(g)


def test_xen_pingpong_needs_a_device_tree(guest):
    g = guest("xen-pingpong", 3)        # the ELF: entered with x0 = 0
    out = g.finish()
    assert g.status == 0, g.describe()
    assert "xen-pingpong: FAIL: no device tree\n" in out, g.describe()
    no_report(g)
