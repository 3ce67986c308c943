#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""make bench: interrupt latency, round trips and streaming on bare QEMU,
under mica and under Xen.

Usage: tools/bench/bench.py [--runs N] [--cases A,B,...] [--build DIR]
                            [--out DIR] [--list]

Runs every case (or those of --cases) --runs times (default 3), each in
QEMU with -icount shift=0,align=off,sleep=off, where virtual time counts
executed instructions: one nanosecond is one instruction, and one tick of
the 62.5 MHz virtual counter is 16 of them. Four benchmarks:

  rt-bench     guests/rt-bench: the lateness of the timer interrupt's vector
               in a native partition, 1000 samples (one round). Baseline:
               `bare`, the same ELF on bare QEMU; for mica's cases with
               Linux busy on other CPUs, `bare+memcpy` and `bare+hog`: the
               same kind of load on bare QEMU's other CPUs (rt-bench-KIND.elf,
               guests/rt-bench/load.h). Resolution: one counter tick (16
               instructions); a value v means v to v + 15.
  cyclictest   guests/linux's `mica.cyclictest=N`: Linux's timer wake-up
               latency, as a histogram in microseconds (1000 instructions).
               Baselines: `linux-bare-1cpu` (for `linux-mica-1cpu` and
               `linux-xen`, all on one CPU) and `linux-bare` (for
               `linux-mica`, on two), the same kernel on bare QEMU.
  round-trip   guests/xen-pingpong: an event sent from one Xen domain to
               another and answered, 1000 of them timed with the virtual
               counter, the two domains on Xen's one CPU
               (`xen+evtchn-1cpu`); baseline `xen+hypercall`, a null
               hypercall and back, timed the same way in the same guest.
               guests/chan-bench: the same under mica, a doorbell rung
               from one native partition to another and answered, on two
               CPUs (`mica+doorbell`, against the floor of two trap-and-
               inject paths: 2 x (`mica+trap` + `mica`)) and on one
               (`mica+doorbell-1cpu`, vs `mica+trap`, a null hypercall).
               guests/linux's `mica.callbench=echo`: Linux's micactl
               calling a native echo, 1000 calls timed in ns of
               CLOCK_MONOTONIC (`mica+linux-call`, vs `mica+doorbell`).
               Resolution: one counter tick.
  bandwidth    guests/chan-bench: 8 MiB streamed one way from one native
               partition to another through libmica's ring, in messages
               of 64 B, 4 KiB or 64 KiB (`mica+stream-*`), in bytes per
               1000 instructions of both CPUs; baseline `mica+memcpy-*`,
               libmica's memcpy of the same size inside the sender, timed
               in the same QEMU run. 16 samples of 512 KiB each.

Each case's ratio is to its baseline measured in the same invocation (a
baseline that was not asked for is added; a floor made of several cases
adds them all). Cases that read the same guest's figures share its QEMU
run: run k of each reads run k's console. Prints a table of min, mean,
p99 and max in instructions (the median over the runs, and their range),
one of bandwidths, and the issue's targets, and writes into --out
(default bench/results):

  <case>/run<k>.txt   the samples of run k, one a line, in instructions
  <case>.png          their histogram (gnuplot, tools/bench/hist.gp)
  overview.png        every case side by side (tools/bench/overview.gp)
  summary.md          the table, the QEMU version, the date, the command
  summary.dat         the table's medians, for overview.png

A case that cannot be measured (a scenario mica refuses, a guest that is
not built yet, Xen missing) is reported as failed with the reason, and its
old results are removed; nothing is estimated. Full consoles are kept in
<build>/bench/logs. The exit status is 1 if any case failed.

QEMU runs behind pipes, in a session of its own, with a hard timeout; its
standard input is a pipe nobody writes. Standard library only (plus gnuplot
for the pictures); run with Debian's /usr/bin/python3.
"""

import argparse
import collections
import datetime
import importlib.util
import os
import queue
import re
import shlex
import signal
import statistics
import subprocess
import sys
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
QEMU = os.environ.get("QEMU", "qemu-system-aarch64")
MAKE = os.environ.get("MAKE", "make")
ICOUNT = "shift=0,align=off,sleep=off"
NS_PER_S = 1000000000
# mica.cyclictest=N: the loops Linux's cyclictest runs (also in
# configs/bench/linux-cyclictest*.dts, which must say the same).
CYCLICTEST_LOOPS = 1000
CYCLICTEST_CMDLINE = "console=ttyAMA0 mica.cyclictest=%d" % CYCLICTEST_LOOPS
US = 1000   # instructions in a microsecond under -icount shift=0

# Host seconds a run may take: QEMU that has not produced its figure by
# then is killed and the run fails.
TIMEOUT_RT_S = 60           # rt-bench alone, bare or under mica
TIMEOUT_RT_LOAD_S = 300     # rt-bench with its own load on bare QEMU
TIMEOUT_LINUX_S = 400       # anything that boots Linux first


class CaseFailed(Exception):
    """A run that gave no figure; the message says why. killed: QEMU was
    ended by a signal from someone else (another tool's pkill), which says
    nothing about the case: the run is tried again."""

    def __init__(self, msg, killed=False):
        super().__init__(msg)
        self.killed = killed


# --- parsing ----------------------------------------------------------------

# Under mica each partition's line starts "[name] "; under Xen a domain's
# may start "(d1) ", and Xen's own lines "(XEN) ".
TAG_RE = re.compile(r"^(?:\[([a-z0-9-]+)\] |\((d\d+|XEN)\) )")


def strip_tag(line):
    """(tag, text): the console line without its partition's tag."""
    line = line.rstrip("\r\n")
    m = TAG_RE.match(line)
    if m:
        return m.group(1) or m.group(2), line[m.end():]
    return None, line


RT_FREQ_RE = re.compile(r"^rt-bench: GICv\d+, counter (\d+) Hz, period "
                        r"(\d+) ticks$")
RT_START_RE = re.compile(r"^rt-bench: round (\d+) start (\d+)$")
RT_RAW_RE = re.compile(r"^rt-bench: raw (\d+)((?: \d+)+)$")
RT_STATS_RE = re.compile(r"^rt-bench: samples (\d+) min (\d+) mean (\d+) "
                         r"p99 (\d+) max (\d+) \(ticks\)$")
RT_MISSED_RE = re.compile(r"^rt-bench: missed deadlines (\d+), stray "
                          r"interrupts (\d+)$")
RT_END_RE = re.compile(r"^rt-bench: round (\d+) end$")
LOAD_RE = re.compile(r"^mica-load: (\S+) running on (\d+) CPUs?, cntvct "
                     r"(\d+)")


class Round:
    """One complete rt-bench round: its samples in ticks, as taken."""

    def __init__(self, number, start, ticks, freq, missed, stray):
        self.number = number
        self.start = start          # CNTVCT of the round's first deadline
        self.ticks = ticks
        self.freq = freq
        self.missed = missed
        self.stray = stray

    def instructions(self):
        """The samples in instructions (ns under -icount shift=0)."""
        return [t * NS_PER_S // self.freq for t in self.ticks]

    def resolution(self):
        return NS_PER_S // self.freq


class RtBenchParser:
    """Reads rt-bench's lines (tags stripped) and returns its rounds.

    feed() returns a Round when a round's "end" line arrives and the round
    is whole: a start line, raw samples as many as the summary counts, and
    a summary that agrees with them (so that a line lost or cut on the way
    is an error, not a wrong figure). Anything inconsistent raises
    CaseFailed.
    """

    def __init__(self):
        self.freq = None
        self._reset()

    def _reset(self):
        self.number = None
        self.start = None
        self.raw = []
        self.stats = None
        self.missed = None

    def feed(self, text):
        m = RT_FREQ_RE.match(text)
        if m:
            self.freq = int(m.group(1))
            return None
        m = RT_START_RE.match(text)
        if m:
            self._reset()
            self.number, self.start = int(m.group(1)), int(m.group(2))
            return None
        if self.number is None:
            return None
        m = RT_RAW_RE.match(text)
        if m:
            if int(m.group(1)) != self.number:
                raise CaseFailed("rt-bench: raw line of round %s inside "
                                 "round %d" % (m.group(1), self.number))
            self.raw.extend(int(v) for v in m.group(2).split())
            return None
        m = RT_STATS_RE.match(text)
        if m:
            self.stats = [int(v) for v in m.groups()]
            return None
        m = RT_MISSED_RE.match(text)
        if m:
            self.missed = (int(m.group(1)), int(m.group(2)))
            return None
        m = RT_END_RE.match(text)
        if m:
            if int(m.group(1)) != self.number:
                raise CaseFailed("rt-bench: end of round %s inside round %d"
                                 % (m.group(1), self.number))
            r = self._finish()
            self._reset()
            return r
        return None

    def _finish(self):
        where = "rt-bench round %d" % self.number
        if self.freq is None:
            raise CaseFailed("%s: no counter frequency line" % where)
        if self.stats is None or self.missed is None:
            raise CaseFailed("%s: no summary" % where)
        check_summary(where, self.raw, self.stats)
        return Round(self.number, self.start, list(self.raw), self.freq,
                     self.missed[0], self.missed[1])


def check_summary(where, raw, stats):
    """CaseFailed unless the summary a guest printed, stats = [count, min,
    mean, p99, max], agrees with its raw samples: so that a line lost or
    cut on the way is an error, not a wrong figure."""
    count, lo, mean, p99_, hi = stats
    if len(raw) != count:
        raise CaseFailed("%s: %d raw samples, the summary says %d" % (
            where, len(raw), count))
    got = summarise(raw)
    want = {"min": lo, "p99": p99_, "max": hi}
    for key, value in want.items():
        if got[key] != value:
            raise CaseFailed("%s: %s of the raw samples is %d, the "
                             "summary says %d" % (where, key, got[key],
                                                  value))
    if sum(raw) // count != mean:
        raise CaseFailed("%s: mean of the raw samples is %d, the summary"
                         " says %d" % (where, sum(raw) // count, mean))


def parse_rounds(text):
    """Every whole rt-bench round in a console text."""
    p = RtBenchParser()
    rounds = []
    for line in text.splitlines():
        r = p.feed(strip_tag(line)[1])
        if r is not None:
            rounds.append(r)
    return rounds


def parse_load(text):
    """(kind, cpus, cntvct) of the mica-load line, or None."""
    m = LOAD_RE.match(text)
    if m:
        return m.group(1), int(m.group(2)), int(m.group(3))
    return None


def check_load(load, kind, cpus):
    """CaseFailed unless the load line says kind on cpus CPUs."""
    if load[0] != kind:
        raise CaseFailed("Linux runs load %r, not %r" % (load[0], kind))
    if load[1] != cpus:
        raise CaseFailed("Linux runs its load on %d CPU%s, not %d (did a "
                         "vCPU fail to start?)" % (
                             load[1], "" if load[1] == 1 else "s", cpus))


def round_after_load(text, kind, cpus):
    """From a whole console text: the load's line (kind on cpus CPUs) and
    the first whole round that started after it, as (load, round);
    CaseFailed if there is none."""
    load = None
    p = RtBenchParser()
    for line in text.splitlines():
        _, t = strip_tag(line)
        if load is None:
            load = parse_load(t)
            if load is not None:
                check_load(load, kind, cpus)
        r = p.feed(t)
        if r is not None and load is not None and r.start > load[2]:
            return load, r
    if load is None:
        raise CaseFailed("no 'mica-load: %s running ...' line" % kind)
    raise CaseFailed("no whole rt-bench round started after the load")


# Round trips between two partitions or domains (guests/xen-pingpong), one
# series of samples per measurement NAME, in counter ticks:
#   PROG: counter F Hz
#   PROG: NAME raw v v ...          (as many lines as it takes)
#   PROG: NAME samples N min A mean B p99 C max D (ticks)
PP_FREQ_RE = re.compile(r"^([a-z0-9-]+): counter (\d+) Hz$")
PP_RAW_RE = re.compile(r"^([a-z0-9-]+): ([a-z0-9-]+) raw((?: \d+)+)$")
PP_STATS_RE = re.compile(r"^([a-z0-9-]+): ([a-z0-9-]+) samples (\d+) min "
                         r"(\d+) mean (\d+) p99 (\d+) max (\d+) "
                         r"\(ticks\)$")
# A bandwidth series (guests/chan-bench) says first how many bytes each of
# its samples moved:
#   PROG: NAME bytes B
PP_BYTES_RE = re.compile(r"^([a-z0-9-]+): ([a-z0-9-]+) bytes (\d+)$")


class Series:
    """One measurement's samples in counter ticks, as taken."""

    def __init__(self, name, ticks, freq):
        self.name = name
        self.ticks = ticks
        self.freq = freq

    def instructions(self):
        """The samples in instructions (ns under -icount shift=0)."""
        return [t * NS_PER_S // self.freq for t in self.ticks]

    def resolution(self):
        return NS_PER_S // self.freq


def parse_series(text, prog, name):
    """Series name of program prog in a console text (tags stripped), the
    first whose summary agrees with its raw lines; CaseFailed if there is
    none or it is inconsistent."""
    freq = None
    raw = []
    where = "%s %s" % (prog, name)
    for line in text.splitlines():
        _, t = strip_tag(line)
        m = PP_FREQ_RE.match(t)
        if m and m.group(1) == prog:
            freq = int(m.group(2))
            continue
        m = PP_RAW_RE.match(t)
        if m and m.group(1) == prog and m.group(2) == name:
            raw.extend(int(v) for v in m.group(3).split())
            continue
        m = PP_STATS_RE.match(t)
        if m and m.group(1) == prog and m.group(2) == name:
            if freq is None:
                raise CaseFailed("%s: no counter frequency line" % where)
            check_summary(where, raw, [int(v) for v in m.groups()[2:]])
            return Series(name, raw, freq)
    raise CaseFailed("%s: no summary line" % where)


def parse_bytes(text, prog, name):
    """The bytes each sample of series name moved (its "bytes" line, which
    must come once, before the series); CaseFailed if there is none."""
    got = None
    for line in text.splitlines():
        _, t = strip_tag(line)
        m = PP_BYTES_RE.match(t)
        if m and m.group(1) == prog and m.group(2) == name:
            if got is not None:
                raise CaseFailed("%s %s: two bytes lines" % (prog, name))
            got = int(m.group(3))
        m = PP_STATS_RE.match(t)
        if m and m.group(1) == prog and m.group(2) == name:
            break
    if not got:
        raise CaseFailed("%s %s: no bytes line before its summary" % (
            prog, name))
    return got


CT_START_RE = re.compile(r"^mica-cyclictest: start cntvct (\d+)")
CT_HIST_RE = re.compile(r"^mica-cyclictest: hist (\d+) (\d+)$")
CT_OVER_RE = re.compile(r"^mica-cyclictest: overflows (\d+)$")
CT_SUM_RE = re.compile(r"^mica-cyclictest: min (\d+) avg (\d+) max (\d+) "
                       r"samples (\d+)$")
CT_DONE_RE = re.compile(r"^mica-cyclictest: done$")


class Cyclic:
    """Linux's cyclictest result: a histogram in microseconds."""

    def __init__(self, start, hist, overflows, lo, avg, hi, count):
        self.start = start
        self.hist = hist            # [(us, count)], ascending
        self.overflows = overflows  # samples beyond the histogram
        self.min_us, self.avg_us, self.max_us = lo, avg, hi
        self.count = count

    def instructions(self):
        """The histogram's samples in instructions, ascending; overflows,
        whose values the histogram does not hold, are not among them."""
        out = []
        for us, n in self.hist:
            out.extend([us * US] * n)
        return out

    def stats(self):
        """min, mean, p99, max in instructions; p99 is None when it falls
        among the overflows."""
        v = self.instructions()
        rank = p99_rank(self.count)
        return {"count": self.count, "min": self.min_us * US,
                "mean": (sum(v) / len(v) if v and not self.overflows
                         else float(self.avg_us * US)),
                "p99": v[rank - 1] if rank <= len(v) else None,
                "max": self.max_us * US}


class CyclictestParser:
    """Reads mica-cyclictest's lines; feed() returns a Cyclic at "done"."""

    def __init__(self):
        self.start = None
        self.hist = []
        self.overflows = None
        self.summary = None

    def feed(self, text):
        m = CT_START_RE.match(text)
        if m:
            self.__init__()
            self.start = int(m.group(1))
            return None
        m = CT_HIST_RE.match(text)
        if m:
            self.hist.append((int(m.group(1)), int(m.group(2))))
            return None
        m = CT_OVER_RE.match(text)
        if m:
            self.overflows = int(m.group(1))
            return None
        m = CT_SUM_RE.match(text)
        if m:
            self.summary = [int(v) for v in m.groups()]
            return None
        if CT_DONE_RE.match(text):
            return self._finish()
        return None

    def _finish(self):
        if self.start is None:
            raise CaseFailed("mica-cyclictest: done without a start line")
        if self.summary is None:
            raise CaseFailed("mica-cyclictest: no min/avg/max line")
        lo, avg, hi, count = self.summary
        hist = sorted(self.hist)
        over = self.overflows or 0
        if any(n <= 0 for _, n in hist) or \
                len({us for us, _ in hist}) != len(hist):
            raise CaseFailed("mica-cyclictest: malformed histogram")
        if sum(n for _, n in hist) + over != count:
            raise CaseFailed("mica-cyclictest: histogram holds %d samples "
                             "and %d overflows, the summary says %d" % (
                                 sum(n for _, n in hist), over, count))
        if count == 0:
            raise CaseFailed("mica-cyclictest: no samples")
        if hist and (hist[0][0] != lo or (not over and hist[-1][0] != hi)):
            raise CaseFailed("mica-cyclictest: min/max %d/%d us, the "
                             "histogram spans %d..%d us" % (
                                 lo, hi, hist[0][0], hist[-1][0]))
        return Cyclic(self.start, hist, over, lo, avg, hi, count)


def parse_cyclictest(text):
    """The cyclictest result in a console text; CaseFailed if none."""
    p = CyclictestParser()
    for line in text.splitlines():
        r = p.feed(strip_tag(line)[1])
        if r is not None:
            return r
    raise CaseFailed("no complete mica-cyclictest block (start ... done)")


# --- statistics -------------------------------------------------------------

def p99_rank(n):
    """The rank (1..n) of the 99th percentile: ceil(0.99 n), as
    guests/rt-bench/stats.c computes it."""
    return (99 * n + 99) // 100


def summarise(values):
    """count, min, mean (exact), p99 (nearest rank), max of values."""
    if not values:
        raise ValueError("no samples")
    v = sorted(values)
    return {"count": len(v), "min": v[0], "mean": sum(v) / len(v),
            "p99": v[p99_rank(len(v)) - 1], "max": v[-1]}


METRICS = ("min", "mean", "p99", "max")
# A bandwidth run's figures: bytes per 1000 instructions, instructions per
# byte, both over all its samples.
BW_METRICS = ("bw", "ipb")


def bandwidth(nbytes, instructions):
    """{"bw": bytes per 1000 instructions, "ipb": instructions per byte}
    of nbytes moved in that many instructions."""
    if nbytes <= 0 or instructions <= 0:
        raise ValueError("no bytes or no instructions")
    return {"bw": 1000 * nbytes / instructions,
            "ipb": instructions / nbytes}


def over_runs(stats, keys=METRICS):
    """For each metric: (median, low, high) over the runs' stats; None
    where a run has no value for it."""
    out = {}
    for key in keys:
        vals = [s[key] for s in stats]
        if not vals or any(v is None for v in vals):
            out[key] = None
        else:
            out[key] = (statistics.median(vals), min(vals), max(vals))
    return out


def ratio(value, base, resolution):
    """value over base, as text. A base of 0 is below the resolution: the
    true ratio is then above value / resolution, shown as '>Nx'."""
    if value is None or base is None:
        return "-"
    if base > 0:
        return "%.2fx" % (value / base)
    if value == 0:
        return "~1x"
    return ">%.0fx" % (value / resolution)


def fmt_num(v):
    if v is None:
        return "-"
    return "%d" % round(v)


def fmt_cell(m, fmt=fmt_num):
    """'median [low-high]', or the one value when all runs agree."""
    if m is None:
        return "-"
    med, lo, hi = m
    if lo == hi:
        return fmt(med)
    return "%s [%s-%s]" % (fmt(med), fmt(lo), fmt(hi))


# --- QEMU -------------------------------------------------------------------

class Qemu:
    """One QEMU behind pipes, in a session of its own; its console as lines.

    Its standard input is a pipe that is never written: not the caller's
    terminal, and not at end of file either (Linux's shell would read
    end of file over and over and flood the console)."""

    def __init__(self, argv, log_path):
        self.argv = argv
        self.tail = collections.deque(maxlen=60)
        self.lines = queue.Queue()
        os.makedirs(os.path.dirname(log_path), exist_ok=True)
        self.log = open(log_path, "w", encoding="utf-8")
        self.log.write("$ %s\n" % " ".join(shlex.quote(a) for a in argv))
        self.log.flush()
        self.proc = subprocess.Popen(
            argv, cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT, start_new_session=True)
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self):
        fd = self.proc.stdout.fileno()
        pending = b""
        while True:
            try:
                data = os.read(fd, 65536)
            except OSError:
                data = b""
            if not data:
                if pending:
                    self.lines.put(pending.decode("utf-8", "replace"))
                self.lines.put(None)
                return
            pending += data
            *whole, pending = pending.split(b"\n")
            for raw in whole:
                self.lines.put(raw.decode("utf-8", "replace").rstrip("\r"))

    def next_line(self, deadline):
        """The next console line; None once QEMU has exited. Raises
        CaseFailed at the deadline (time.monotonic())."""
        left = deadline - time.monotonic()
        if left <= 0:
            raise CaseFailed("timed out")
        try:
            line = self.lines.get(timeout=left)
        except queue.Empty:
            raise CaseFailed("timed out") from None
        if line is not None:
            self.tail.append(line)
            self.log.write(line + "\n")
        return line

    def close(self):
        if self.proc.poll() is None:
            try:
                os.killpg(self.proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        self.proc.wait()
        self.reader.join(timeout=5)
        for f in (self.proc.stdin, self.proc.stdout):
            try:
                f.close()
            except OSError:
                pass
        # What the reader put after the last next_line() goes to the log.
        while True:
            try:
                line = self.lines.get_nowait()
            except queue.Empty:
                break
            if line is not None:
                self.tail.append(line)
                self.log.write(line + "\n")
        self.log.close()

    def describe(self, lines=25):
        t = list(self.tail)[-lines:]
        return "--- last %d console lines ---\n%s" % (len(t), "\n".join(t))


# Lines that end a run at once: mica refusing the scenario or stopping a
# partition, a guest reporting a failure.
FATAL_RES = [
    re.compile(r"^mica: boot failed.*"),
    # mica from before its scheduler, refusing vCPUs that share a CPU.
    re.compile(r"^mica: .*this version runs one vCPU per CPU.*"),
    re.compile(r"^mica: scenario needs .*"),
    re.compile(r"^mica: not starting the scenario.*"),
    re.compile(r"^mica: partition \S+ stopped.*"),
    re.compile(r"^libmica: unexpected exception.*"),
    re.compile(r"^rt-bench: FAIL.*"),
    re.compile(r"^chan-bench: FAIL.*"),
    re.compile(r"^Kernel panic.*"),
]


# A restart's stop, which ends a run unless the case restarts on purpose.
RESTART_STOP_RE = re.compile(r"^mica: partition \S+ stopped: restarting$")


def fatal(text, restarts_ok=False):
    if restarts_ok and RESTART_STOP_RE.match(text):
        return None
    for r in FATAL_RES:
        if r.match(text):
            return text
    return None


class Watch:
    """A run's hard deadline, which its line handler may bring forward."""

    def __init__(self, timeout):
        self.timeout = timeout
        self.end = time.monotonic() + timeout
        self.deadline = self.end
        self.why = "no result within %d s" % timeout

    def reset(self):
        """Back to the run's own deadline."""
        self.deadline = self.end
        self.why = "no result within %d s" % self.timeout

    def limit(self, seconds, why):
        """Fail with why unless the result comes within seconds (host)."""
        if time.monotonic() + seconds < self.deadline:
            self.deadline = time.monotonic() + seconds
            self.why = why


def drive(argv, log_path, timeout, on_line, restarts_ok=False):
    """Runs QEMU and gives on_line(tag, text, watch) each console line until
    it returns something other than None, which drive() returns; then kills
    QEMU. CaseFailed when QEMU exits first, prints a fatal line (a
    partition's restart is one unless restarts_ok) or the watch's deadline
    passes, with the console's tail."""
    q = Qemu(argv, log_path)
    watch = Watch(timeout)
    try:
        while True:
            try:
                line = q.next_line(watch.deadline)
            except CaseFailed:
                raise CaseFailed("%s\n%s" % (watch.why, q.describe())) \
                    from None
            if line is None:
                status = q.proc.wait()
                killed = status < 0 or any(KILLED_RE.match(t)
                                           for t in q.tail)
                raise CaseFailed("QEMU %s before the result\n%s" % (
                    "was killed from outside (status %d)" % status
                    if killed else "exited (status %d)" % status,
                    q.describe()), killed=killed)
            tag, text = strip_tag(line)
            if fatal(text, restarts_ok):
                raise CaseFailed("%s\n%s" % (text, q.describe()))
            try:
                got = on_line(tag, text, watch)
            except CaseFailed as e:
                raise CaseFailed("%s\n%s" % (e, q.describe())) from None
            if got is not None:
                return got
    finally:
        q.close()


# QEMU's last words when a signal from another process ends it.
KILLED_RE = re.compile(r".*qemu-system-\w+: terminating on signal \d+")
# Runs of a case tried again after such a kill, at most.
KILLED_RETRIES = 2

# Linux's word for a vCPU that did not start.
CPU_FAILED_RE = re.compile(r"^\[\s*\d+\.\d+\] (psci: failed to boot CPU|"
                           r"CPU\d+: failed to)")

# Linux's last line before its shell (guests/linux/shell-up).
SHELL_UP_RE = re.compile(r"^mica-linux: shell up ")
# After the shell is up: how long a load or cyclictest may take to say it
# started, in rt-bench rounds (about 0.1 s of virtual time each) and in
# host seconds.
LOAD_GRACE_ROUNDS = 30
GRACE_S = 60


# --- the cases --------------------------------------------------------------

class Env:
    """Paths and settings every case needs."""

    def __init__(self, build, log_dir):
        self.build = build
        self.log_dir = log_dir
        self.xen = None
        self.xen_error = None
        self.built = {}      # scenario -> None (ok) or error text
        self.run = 0         # the run number of the case being run
        self.shared = {}     # (scenario, run) -> console text or failure

    def guest(self, name):
        return os.path.join(self.build, "guests", name)

    def linux(self, name):
        return os.path.join(self.build, "linux", name)

    def scenario_image(self, scenario):
        return os.path.join(self.build, "bench", scenario, "mica.bin")

    def need(self, *paths):
        for p in paths:
            if not os.path.exists(p):
                raise CaseFailed("%s is missing (not built yet?)" %
                                 os.path.relpath(p, ROOT))

    def build_scenario(self, scenario):
        """make SCENARIO=configs/bench/X.dts BUILD=<build>/bench/X all,
        once; CaseFailed with make's output if it fails."""
        if scenario not in self.built:
            argv = [MAKE, "--no-print-directory",
                    "SCENARIO=configs/bench/%s.dts" % scenario,
                    "BUILD=%s" % os.path.join(self.build, "bench", scenario),
                    "all"]
            say("  building %s: %s" % (scenario, " ".join(argv)))
            proc = subprocess.run(argv, cwd=ROOT, stdin=subprocess.DEVNULL,
                                  stdout=subprocess.PIPE,
                                  stderr=subprocess.STDOUT,
                                  universal_newlines=True, check=False)
            self.built[scenario] = None if proc.returncode == 0 else \
                "building configs/bench/%s.dts failed:\n%s" % (
                    scenario, "\n".join(proc.stdout.splitlines()[-15:]))
        if self.built[scenario] is not None:
            raise CaseFailed(self.built[scenario])
        return self.scenario_image(scenario)

    def xen_module(self):
        """tools/bench/xen.py, imported once; CaseFailed if it cannot be."""
        if self.xen is None and self.xen_error is None:
            path = os.path.join(HERE, "xen.py")
            if not os.path.exists(path):
                self.xen_error = "tools/bench/xen.py does not exist yet"
            else:
                try:
                    spec = importlib.util.spec_from_file_location("xen", path)
                    mod = importlib.util.module_from_spec(spec)
                    spec.loader.exec_module(mod)
                    self.xen = mod
                except Exception as e:  # any failure: the case says why
                    self.xen_error = "importing tools/bench/xen.py failed: " \
                        "%s: %s" % (type(e).__name__, e)
        if self.xen_error is not None:
            raise CaseFailed(self.xen_error)
        return self.xen


def bare_rt_argv(elf, cpus=1):
    return [QEMU, "-M", "virt,gic-version=3", "-cpu", "cortex-a57",
            "-smp", str(cpus), "-m", "256M", "-nographic", "-nic", "none", "-no-reboot",
            "-kernel", elf, "-icount", ICOUNT]


def mica_argv(image, cpus):
    return [QEMU, "-M", "virt,virtualization=on,gic-version=3",
            "-cpu", "cortex-a57", "-smp", str(cpus), "-m", "1G",
            "-nographic", "-nic", "none", "-no-reboot", "-kernel", image,
            "-append", "mica.poweroff", "-icount", ICOUNT]


def bare_linux_argv(env, cmdline, cpus=2):
    return [QEMU, "-M", "virt,gic-version=3", "-cpu", "cortex-a57",
            "-smp", str(cpus), "-m", "256M", "-nographic", "-nic", "none", "-no-reboot",
            "-kernel", env.linux("Image"),
            "-initrd", env.linux("initramfs.cpio.gz"),
            "-append", cmdline, "-icount", ICOUNT]


class Sample:
    """What one run measured: samples in instructions and its stats."""

    def __init__(self, values, stats, resolution, note):
        self.values = values
        self.stats = stats
        self.resolution = resolution
        self.note = note


def rt_sample(r, note):
    v = r.instructions()
    note = "round %d, start cntvct %d, missed deadlines %d, stray " \
        "interrupts %d%s" % (r.number, r.start, r.missed, r.stray,
                             "; " + note if note else "")
    return Sample(v, summarise(v), r.resolution(), note)


def first_round(argv, log_path, timeout):
    """rt-bench's first whole round, then QEMU is killed."""
    p = RtBenchParser()
    return drive(argv, log_path, timeout, lambda tag, t, w: p.feed(t))


def round_after_load_live(argv, log_path, timeout, kind, cpus):
    """The first whole round that started after Linux's load did, which
    must run on cpus CPUs."""
    p = RtBenchParser()
    state = {"load": None, "shell": False, "rounds": 0, "cpu_errors": []}
    why = "Linux's shell is up but no 'mica-load: %s running' line " \
        "came (does guests/linux know mica.load=%s yet?)" % (kind, kind)

    def on_line(tag, text, watch):
        if state["load"] is None:
            if CPU_FAILED_RE.match(text):
                state["cpu_errors"].append(text)
            load = parse_load(text)
            if load is not None:
                try:
                    check_load(load, kind, cpus)
                except CaseFailed as e:
                    raise CaseFailed("\n".join([str(e)] +
                                                state["cpu_errors"])) \
                        from None
                state["load"] = load
                watch.reset()
            elif SHELL_UP_RE.match(text):
                state["shell"] = True
                watch.limit(GRACE_S, why)
        r = p.feed(text)
        if r is None:
            return None
        if state["load"] is not None and r.start > state["load"][2]:
            return state["load"], r
        if state["shell"] and state["load"] is None:
            state["rounds"] += 1
            if state["rounds"] >= LOAD_GRACE_ROUNDS:
                raise CaseFailed(why)
        return None

    return drive(argv, log_path, timeout, on_line)


def run_bare(env, log):
    elf = env.guest("rt-bench.elf")
    env.need(elf)
    return rt_sample(first_round(bare_rt_argv(elf), log, TIMEOUT_RT_S), "")


# rt-bench-KIND.elf's line before its round (guests/rt-bench/load.c).
BARE_LOAD_RE = re.compile(r"^rt-bench: load (\S+) on CPUs 1-(\d+), tick "
                          r"every (\d+) us; measuring on CPU 0$")
# CPUs of the cases with a load beside rt-bench: rt-bench on CPU 0, the
# load on CPU 1 (bare: rt-bench's own; mica: a 1-vCPU Linux, rt-linux-*.dts).
# Not rt-bench after the busy CPUs: under -icount QEMU's round-robin then
# holds its interrupt until their next timer event (bench/README.md).
BARE_LOAD_CPUS = 2
MICA_LOAD_CPUS = 2


def round_after_bare_load(argv, log_path, timeout, kind, cpus):
    """(load line, first round) of rt-bench-KIND.elf, which must say its
    load runs on every CPU but CPU 0, before the round."""
    p = RtBenchParser()
    state = {"load": None}

    def on_line(tag, text, watch):
        m = BARE_LOAD_RE.match(text)
        if m:
            if m.group(1) != kind or int(m.group(2)) != cpus - 1:
                raise CaseFailed("rt-bench runs %r, not %s on CPUs 1-%d" % (
                    text, kind, cpus - 1))
            state["load"] = m
        r = p.feed(text)
        if r is None:
            return None
        if state["load"] is None:
            raise CaseFailed("rt-bench measured without its load line")
        return state["load"], r

    return drive(argv, log_path, timeout, on_line)


def make_bare_load(kind):
    def run(env, log):
        elf = env.guest("rt-bench-%s.elf" % kind)
        env.need(elf)
        m, r = round_after_bare_load(bare_rt_argv(elf, BARE_LOAD_CPUS), log,
                                     TIMEOUT_RT_LOAD_S, kind, BARE_LOAD_CPUS)
        return rt_sample(r, "load %s on CPUs 1-%s, tick every %s us" % (
            m.group(1), m.group(2), m.group(3)))
    return run


def run_mica(env, log, scenario="rt-alone"):
    image = env.build_scenario(scenario)
    return rt_sample(first_round(mica_argv(image, 1), log, TIMEOUT_RT_S),
                     "")


def run_mica_direct(env, log):
    return run_mica(env, log, "rt-alone-direct")


def run_mica_slow(env, log):
    return run_mica(env, log, "rt-alone-slow")


def load_note(load):
    kind, cpus, start = load
    return "load %s on %d CPU%s from cntvct %d" % (
        kind, cpus, "" if cpus == 1 else "s", start)


def make_mica_linux(kind, suffix=""):
    def run(env, log):
        env.need(env.guest("rt-bench-loop.elf"))
        image = env.build_scenario("rt-linux-" + kind + suffix)
        load, r = round_after_load_live(mica_argv(image, MICA_LOAD_CPUS),
                                        log, TIMEOUT_LINUX_S, kind, 1)
        return rt_sample(r, load_note(load))
    return run


def run_mica_pin_flood(env, log):
    env.need(env.guest("rt-bench-loop.elf"))
    env.need(env.guest("pin-entry.elf"))
    image = env.build_scenario("rt-linux-pinflood")
    load, r = round_after_load_live(mica_argv(image, MICA_LOAD_CPUS), log,
                                    TIMEOUT_LINUX_S, "pinflood", 1)
    return rt_sample(r, load_note(load))


# ctl-watch's lines (guests/ctl-watch): the counter's rate, ctl-loop's own
# longest gap between two periods while it runs undisturbed, and the gap
# across a new incarnation of it (a restart, or a switch to a new version).
CTL_FREQ_RE = re.compile(r"^ctl-watch: watching beat, counter (\d+) Hz$")
CTL_STEADY_RE = re.compile(r"^ctl-watch: steady: longest gap (\d+) ticks "
                           r"over (\d+) periods of v(\d+)$")
CTL_GAP_RE = re.compile(r"^ctl-watch: v(\d+) -> v(\d+): gap (\d+) ticks "
                        r"\(last period (\d+) of v\d+ at \d+, then period "
                        r"(\d+) at \d+\)( stall)?$")


def ctl_gap_live(argv, log_path, timeout, versions):
    """(gap, steady gap, freq, longest stall) of the first new incarnation
    of ctl-loop that ctl-watch reports, which must go from versions[0] to
    versions[1]. A stall before it (ctl-loop's own gap of more than two
    periods: beside a booting Linux, QEMU's turns under -icount, see
    bench/README.md) does not end the run; the longest is noted."""
    state = {"freq": None, "steady": None, "stall": None}

    def on_line(tag, text, watch):
        del watch
        if tag != "watch":
            return None
        m = CTL_FREQ_RE.match(text)
        if m:
            state["freq"] = int(m.group(1))
        m = CTL_STEADY_RE.match(text)
        if m and state["steady"] is None:
            state["steady"] = int(m.group(1))
        m = CTL_GAP_RE.match(text)
        if not m:
            return None
        if m.group(6):
            state["stall"] = max(state["stall"] or 0, int(m.group(3)))
            return None
        if (int(m.group(1)), int(m.group(2))) != versions:
            raise CaseFailed("ctl-watch saw %s, not v%d -> v%d" % (
                text, versions[0], versions[1]))
        if state["freq"] is None or state["steady"] is None:
            raise CaseFailed("ctl-watch reported a gap before its counter "
                             "rate and its steady gap: %s" % text)
        return int(m.group(3)), state["steady"], state["freq"], \
            state["stall"]

    return drive(argv, log_path, timeout, on_line, restarts_ok=True)


def gap_sample(gap, steady, freq, stall=None):
    """One run's gap in instructions (1 ns each under -icount shift=0)."""
    v = [gap * 1000000000 // freq]
    note = "gap %d ticks; ctl-loop's longest period before it %d ticks " \
        "(%d instructions)" % (gap, steady, steady * 1000000000 // freq)
    if stall is not None:
        note += "; its longest stall before the switch %d ticks (%d " \
            "instructions)" % (stall, stall * 1000000000 // freq)
    return Sample(v, summarise(v), 1000000000 // freq, note)


def run_ctl_restart(env, log):
    env.need(env.guest("ctl-loop-crash.elf"), env.guest("ctl-watch.elf"))
    image = env.build_scenario("ctl-restart")
    return gap_sample(*ctl_gap_live(mica_argv(image, 1), log, TIMEOUT_RT_S,
                                    (1, 1)))


def run_ctl_switch(env, log):
    env.need(env.guest("ctl-loop-v1.elf"), env.guest("ctl-watch.elf"),
             env.guest("update-agent.elf"), env.linux("Image"),
             env.linux("initramfs.cpio.gz"))
    image = env.build_scenario("ctl-switch")
    return gap_sample(*ctl_gap_live(mica_argv(image, 2), log,
                                    TIMEOUT_LINUX_S, (1, 2)))


def run_mica_shared(env, log):
    env.need(env.guest("rt-bench-loop.elf"))
    image = env.build_scenario("rt-shared")
    load, r = round_after_load_live(mica_argv(image, 1), log,
                                    TIMEOUT_LINUX_S, "hog", 1)
    return rt_sample(r, load_note(load))


# vCPUs of the Linux that xen.py runs beside rt-bench: dom0 with one vCPU
# on the board's one CPU (Xen hangs under -icount with two), so that case
# compares with mica+shared.
LINUX_XEN_CPUS = 1


def save_text(log, text):
    os.makedirs(os.path.dirname(log), exist_ok=True)
    with open(log, "w", encoding="utf-8") as f:
        f.write(text)


def call_xen(log, fn, *args):
    """Runs one function of xen.py; its console text is the log."""
    try:
        text = fn(*args)
    except CaseFailed:
        raise
    except Exception as e:  # xen.py's failure is the case's reason
        killed = re.search(r"terminating on signal|status -\d+", str(e))
        raise CaseFailed("xen.py: %s: %s" % (type(e).__name__, e),
                         killed=bool(killed)) from None
    if not isinstance(text, str):
        raise CaseFailed("xen.py returned %r, not the console text" %
                         type(text).__name__)
    save_text(log, text)
    return text


def run_xen(env, log):
    xen = env.xen_module()
    binary = env.guest("rt-bench.bin")
    env.need(binary)
    text = call_xen(log, xen.run_rt_bench, binary, TIMEOUT_RT_S * 3)
    rounds = parse_rounds(text)
    if not rounds:
        raise CaseFailed("no whole rt-bench round in Xen's console")
    return rt_sample(rounds[0], "")


def run_xen_linux_hog(env, log):
    xen = env.xen_module()
    binary = env.guest("rt-bench-loop.bin")
    env.need(binary)
    text = call_xen(log, xen.run_rt_bench_with_linux, binary,
                    "console=ttyAMA0 mica.load=hog", TIMEOUT_LINUX_S)
    load, r = round_after_load(text, "hog", LINUX_XEN_CPUS)
    # Xen gives each domain its own CNTVOFF, from its creation: rt-bench's
    # domain, created after dom0, counts behind it, so "started after the
    # load" holds all the more.
    return rt_sample(r, load_note(load))


# guests/xen-pingpong's measurements, the case each gives.
XEN_PINGPONG = "xen-pingpong"


def series_sample(series, note):
    v = series.instructions()
    return Sample(v, summarise(v), series.resolution(), note)


def make_xen_pingpong(name, note):
    """A run of xen-pingpong with its two domains on Xen's one CPU (Xen's
    boot on two under -icount is not reliable: bench/README.md), giving
    measurement name."""
    def run(env, log):
        xen = env.xen_module()
        binary = env.guest(XEN_PINGPONG + ".bin")
        env.need(binary)
        text = call_xen(log, xen.run_pingpong, binary, TIMEOUT_RT_S * 3, 1)
        return series_sample(parse_series(text, XEN_PINGPONG, name), note)
    return run


# guests/chan-bench under mica (configs/bench/chan-*.dts): its lines, its
# last line, and how long a run may take on the host.
CHAN_BENCH = "chan-bench"
CHAN_DONE_RE = re.compile(r"^chan-bench: done$")
TIMEOUT_CHAN_S = 180


def chan_bench_text(env, scenario, cpus, log):
    """The console (tags stripped) of run env.run of chan-bench in
    configs/bench/<scenario>.dts on cpus CPUs, up to its "done" line. QEMU
    runs once per scenario and run number: every case that reads its
    figures gets the same console, so a floor and what it is the floor of
    come from the same run. The first case's log holds the console, the
    others' a copy. A failure is every such case's; a QEMU killed from
    outside is run again."""
    key = (scenario, env.run)
    if key in env.shared:
        got = env.shared[key]
        if isinstance(got, CaseFailed):
            raise CaseFailed(str(got))
        save_text(log, got + "\n")
        return got
    lines = []

    def on_line(tag, text, watch):
        lines.append(text)
        return "\n".join(lines) if CHAN_DONE_RE.match(text) else None

    try:
        env.need(env.guest(CHAN_BENCH + ".elf"))
        image = env.build_scenario(scenario)
        text = drive(mica_argv(image, cpus), log, TIMEOUT_CHAN_S, on_line)
    except CaseFailed as e:
        if not e.killed:
            env.shared[key] = e
        raise
    env.shared[key] = text
    return text


def make_chan_round_trip(scenario, cpus, name, note):
    """A case reading chan-bench's series name (in ticks) from scenario."""
    def run(env, log):
        text = chan_bench_text(env, scenario, cpus, log)
        return series_sample(parse_series(text, CHAN_BENCH, name), note)
    return run


def bw_sample(series, nbytes):
    """A bandwidth run: its samples in instructions, each nbytes moved."""
    v = series.instructions()
    stats = summarise(v)
    stats.update(bandwidth(nbytes * len(v), sum(v)))
    note = "%d samples of %d bytes, %d instructions in all" % (
        len(v), nbytes, sum(v))
    return Sample(v, stats, series.resolution(), note)


def make_chan_stream(name):
    """A case reading chan-bench's bandwidth series name (memcpy-N or
    stream-N) from configs/bench/chan-stream.dts."""
    def run(env, log):
        text = chan_bench_text(env, "chan-stream", 2, log)
        return bw_sample(parse_series(text, CHAN_BENCH, name),
                         parse_bytes(text, CHAN_BENCH, name))
    return run


# Linux's side (guests/linux/init, mica.callbench=CHANNEL): micactl's
# series "call" in ns, then one of these.
CALL_DONE_RE = re.compile(r"^mica-callbench: done$")
CALL_FAILED_RE = re.compile(r"^mica-callbench: failed.*")


def run_linux_call(env, log):
    """Linux times 1000 calls through micactl's path to chan-peer's echo
    (configs/bench/linux-call.dts); micactl prints them in ns of
    CLOCK_MONOTONIC ("counter 1000000000 Hz"), which under mica reads the
    62.5 MHz virtual counter: the values step by 16."""
    env.need(env.linux("Image"), env.linux("initramfs.cpio.gz"),
             env.guest("chan-peer.elf"))
    image = env.build_scenario("linux-call")
    lines = []
    why = "Linux's shell is up but no 'mica-callbench: done' line came " \
        "(does guests/linux know mica.callbench= yet?)"

    def on_line(tag, text, watch):
        lines.append(text)
        if CALL_FAILED_RE.match(text):
            raise CaseFailed(text)
        if SHELL_UP_RE.match(text):
            raise CaseFailed(why)
        return "\n".join(lines) if CALL_DONE_RE.match(text) else None

    text = drive(mica_argv(image, 2), log, TIMEOUT_LINUX_S, on_line)
    return series_sample(parse_series(text, "micactl", "call"),
                         "1000 calls after 10")


def cyclic_sample(c):
    v = c.instructions()
    note = "start cntvct %d, %d samples, %d overflows" % (
        c.start, c.count, c.overflows)
    return Sample(v, c.stats(), US, note)


def cyclictest_live(argv, log, timeout):
    p = CyclictestParser()
    why = "Linux's shell is up but cyclictest printed nothing (does " \
        "guests/linux know mica.cyclictest=N yet?)"

    def on_line(tag, text, watch):
        if SHELL_UP_RE.match(text) and p.start is None:
            watch.limit(GRACE_S, why)
        r = p.feed(text)
        if CT_START_RE.match(text):
            watch.reset()
        return r

    return cyclic_sample(drive(argv, log, timeout, on_line))


def make_linux_bare(cpus):
    def run(env, log):
        env.need(env.linux("Image"), env.linux("initramfs.cpio.gz"))
        return cyclictest_live(bare_linux_argv(env, CYCLICTEST_CMDLINE, cpus),
                               log, TIMEOUT_LINUX_S)
    return run


def make_linux_mica(scenario, cpus):
    def run(env, log):
        image = env.build_scenario(scenario)
        return cyclictest_live(mica_argv(image, cpus), log, TIMEOUT_LINUX_S)
    return run


def run_linux_xen(env, log):
    xen = env.xen_module()
    text = call_xen(log, xen.run_linux, CYCLICTEST_CMDLINE, TIMEOUT_LINUX_S)
    return cyclic_sample(parse_cyclictest(text))


Case = collections.namedtuple("Case", "name bench baseline run what")
# The benchmarks, in the order of summary.dat's blocks and overview.png's
# panels.
BENCHES = ("rt-bench", "cyclictest", "round-trip", "bandwidth", "gap")

# Baselines made of several cases: name -> (the cases, how each metric's
# median combines). A round trip of doorbells between two CPUs holds two
# trap-and-inject paths: each a trap to EL2 (mica+trap's null hypercall)
# and an interrupt injected into the other CPU's partition through the
# vGIC model (mica+slow's timer interrupt: a trap from a physical interrupt
# and an injection; mica's own takes the timer's fast path, which a
# doorbell never does).
FLOORS = {
    "2x(mica+trap+mica+slow)": (("mica+trap", "mica+slow"),
                                lambda trap, irq: 2 * (trap + irq)),
}

# Issue 12's targets: (case, metric, at most this ratio to its baseline,
# what it says).
TARGETS = [
    ("mica+doorbell", "mean", 2.0,
     "a native round trip within 2x of two trap-and-inject paths"),
    ("mica+stream-64k", "ipb", 2.5,
     "64 KiB streaming within 1.25x of memcpy's instructions for the "
     "ring's 2 copies a byte (sender in, receiver out): 2.5x memcpy's"),
]

CASES = [
    Case("bare", "rt-bench", "bare", run_bare,
         "rt-bench.elf on bare QEMU, 1 CPU"),
    Case("bare+hog", "rt-bench", "bare+hog", make_bare_load("hog"),
         "rt-bench-hog.elf on bare QEMU, 2 CPUs: rt-bench on CPU 0, a "
         "hog loop and a 250 Hz tick on CPU 1"),
    Case("bare+memcpy", "rt-bench", "bare+memcpy", make_bare_load("memcpy"),
         "rt-bench-memcpy.elf on bare QEMU, 2 CPUs: rt-bench on CPU 0, a "
         "memory copy and a 250 Hz tick on CPU 1"),
    Case("mica", "rt-bench", "bare", run_mica,
         "rt-bench alone under mica (configs/bench/rt-alone.dts)"),
    Case("mica+slow", "rt-bench", "bare", run_mica_slow,
         "rt-bench alone under mica, every timer interrupt through the "
         "slow path (configs/bench/rt-alone-slow.dts)"),
    Case("mica+linux-hog", "rt-bench", "bare+hog", make_mica_linux("hog"),
         "rt-bench on CPU 0, 1-vCPU Linux on CPU 1 running mica.load=hog"),
    Case("mica+linux-memcpy", "rt-bench", "bare+memcpy",
         make_mica_linux("memcpy"),
         "rt-bench on CPU 0, 1-vCPU Linux on CPU 1 running mica.load=memcpy"),
    Case("mica+direct", "rt-bench", "bare", run_mica_direct,
         "rt-bench alone under mica, its vCPU direct (configs/bench/"
         "rt-alone-direct.dts, docs/direct.md)"),
    Case("mica+direct+linux-hog", "rt-bench", "bare+hog",
         make_mica_linux("hog", "-direct"),
         "mica+linux-hog with rt-bench's vCPU direct"),
    Case("mica+direct+linux-memcpy", "rt-bench", "bare+memcpy",
         make_mica_linux("memcpy", "-direct"),
         "mica+linux-memcpy with rt-bench's vCPU direct"),
    Case("mica+linux-timer", "rt-bench", "bare", make_mica_linux("timer"),
         "rt-bench on CPU 0, 1-vCPU Linux on CPU 1 running mica.load=timer"),
    Case("mica+pin-flood", "rt-bench", "bare+hog", run_mica_pin_flood,
         "rt-bench on CPU 0 while 1-vCPU Linux floods pin-entry with "
         "malformed requests, both on CPU 1 (configs/bench/"
         "rt-linux-pinflood.dts)"),
    Case("mica+shared", "rt-bench", "bare", run_mica_shared,
         "rt-bench (prio 90) and 1-vCPU Linux (prio 10, hog) on CPU 0"),
    Case("xen", "rt-bench", "bare", run_xen,
         "rt-bench.bin alone under Xen 4.17, dom0less, 1 CPU "
         "(tools/bench/xen.py)"),
    Case("xen+linux-hog", "rt-bench", "bare", run_xen_linux_hog,
         "rt-bench and 1-vCPU dom0 Linux running mica.load=hog sharing the "
         "one CPU under Xen 4.17 (credit2)"),
    Case("mica+trap", "round-trip", "mica+trap",
         make_chan_round_trip("chan-pingpong", 2, "trap", "1000 calls"),
         "a null hypercall (MICA_HC_VERSION) to EL2 and back, in ping of "
         "configs/bench/chan-pingpong.dts (guests/chan-bench)"),
    Case("mica+doorbell", "round-trip", "2x(mica+trap+mica+slow)",
         make_chan_round_trip("chan-pingpong", 2, "doorbell",
                              "1000 round trips after 10"),
         "doorbell ping-pong between two native partitions, ping on CPU 0, "
         "pong on CPU 1: MICA_HC_CHANNEL_RING, the peer's doorbell in WFI, "
         "its ring back (configs/bench/chan-pingpong.dts)"),
    Case("mica+doorbell-1cpu", "round-trip", "mica+trap",
         make_chan_round_trip("chan-pingpong-1cpu", 1, "doorbell",
                              "1000 round trips after 10"),
         "the same ping-pong with both partitions on CPU 0 (ping above "
         "pong): two partition switches a round trip "
         "(configs/bench/chan-pingpong-1cpu.dts)"),
    Case("mica+linux-call", "round-trip", "mica+doorbell", run_linux_call,
         "request/response from Linux (1 vCPU, CPU 0) to a native echo "
         "(chan-peer, CPU 1) through micactl's path: ring in /dev/mem, "
         "doorbells through the emulated PL061 and the GPIO character "
         "device (configs/bench/linux-call.dts)"),
    Case("xen+hypercall", "round-trip", "xen+hypercall",
         make_xen_pingpong("null-hypercall", "1000 calls"),
         "a null hypercall (XENVER_version) and back, in a dom0less domain "
         "of Xen 4.17 (guests/xen-pingpong)"),
    Case("xen+evtchn-1cpu", "round-trip", "xen+hypercall",
         make_xen_pingpong("evtchn", "1000 round trips after 10"),
         "event-channel ping-pong between two dom0less domains sharing Xen "
         "4.17's one CPU: EVTCHNOP_send, the peer's upcall, its send back, "
         "two domain switches (guests/xen-pingpong)"),
    Case("linux-bare-1cpu", "cyclictest", "linux-bare-1cpu",
         make_linux_bare(1), "Linux's cyclictest on bare QEMU, 1 CPU"),
    Case("linux-mica-1cpu", "cyclictest", "linux-bare-1cpu",
         make_linux_mica("linux-cyclictest-1cpu", 1),
         "the same, Linux (1 vCPU) alone under mica on a board of 1 CPU "
         "(linux-cyclictest-1cpu.dts)"),
    Case("linux-xen", "cyclictest", "linux-bare-1cpu", run_linux_xen,
         "the same as dom0 under Xen 4.17, 1 vCPU, 1 CPU "
         "(tools/bench/xen.py)"),
    Case("linux-bare", "cyclictest", "linux-bare", make_linux_bare(2),
         "Linux's cyclictest on bare QEMU, 2 CPUs"),
    Case("linux-mica", "cyclictest", "linux-bare",
         make_linux_mica("linux-cyclictest", 2),
         "the same, Linux (2 vCPUs) alone under mica (linux-cyclictest.dts)"),
    Case("mica+ctl-restart", "gap", "mica+ctl-restart", run_ctl_restart,
         "the longest gap in a 100 us control loop's periods across a "
         "stop-and-restart by its fault policy (ctl-loop, watched by "
         "ctl-watch on its CPU: configs/bench/ctl-restart.dts)"),
    Case("mica+ctl-switch", "gap", "mica+ctl-restart", run_ctl_switch,
         "the same across a live update from version 1 to 2: Linux hands "
         "the signed image to the update agent, which stages it; the "
         "standby boots below version 1 and mica switches when it is ready "
         "(configs/bench/ctl-switch.dts)"),
]
# Streaming (configs/bench/chan-stream.dts): each message size and its
# floor, libmica's memcpy of that size in the sender.
for _label, _size in (("64", 64), ("4k", 4096), ("64k", 65536)):
    CASES.append(Case(
        "mica+memcpy-" + _label, "bandwidth", "mica+memcpy-" + _label,
        make_chan_stream("memcpy-%d" % _size),
        "libmica's memcpy (hyp/core/string.c) of %d bytes at a time, 8 "
        "MiB, inside the sender of configs/bench/chan-stream.dts" % _size))
    CASES.append(Case(
        "mica+stream-" + _label, "bandwidth", "mica+memcpy-" + _label,
        make_chan_stream("stream-%d" % _size),
        "8 MiB in %d-byte messages from the sender (CPU 0) to the "
        "receiver (CPU 1) through libmica's ring, blocking, until the "
        "receiver has counted them (configs/bench/chan-stream.dts)" % _size))
BY_NAME = {c.name: c for c in CASES}


def baselines_of(case):
    """The cases case's baseline is made of: itself, or a floor's."""
    if case.baseline in FLOORS:
        return FLOORS[case.baseline][0]
    return (case.baseline,)


def select_cases(spec):
    """The cases named in spec (comma-separated; empty: all), in CASES'
    order, with the baselines of each added, and theirs; (cases, added
    baselines).
    ValueError for an unknown name."""
    names = [n.strip() for n in (spec or "").split(",") if n.strip()]
    if not names:
        return list(CASES), []
    unknown = [n for n in names if n not in BY_NAME]
    if unknown:
        raise ValueError("unknown case%s %s; the cases are: %s" % (
            "s" if len(unknown) > 1 else "", ", ".join(unknown),
            ", ".join(c.name for c in CASES)))
    want = set(names)
    # A baseline's own baselines too (mica+linux-call's mica+doorbell has
    # its floor); each pass adds one level, at most every case.
    for _ in CASES:
        more = {b for n in want for b in baselines_of(BY_NAME[n])} - want
        if not more:
            break
        want |= more
    added = sorted(want - set(names))
    return [c for c in CASES if c.name in want], added


# --- results ----------------------------------------------------------------

class Outcome:
    def __init__(self, case, runs):
        self.case = case
        self.runs = runs
        self.samples = []
        self.error = None           # why the case failed, or None
        self.failed_run = None

    @property
    def ok(self):
        return self.error is None and len(self.samples) == self.runs

    def summary(self, keys=METRICS):
        return over_runs([s.stats for s in self.samples], keys)

    def resolution(self):
        return self.samples[0].resolution if self.samples else 1


def say(msg=""):
    print(msg, flush=True)


def run_once(env, case, k, retries):
    """One run of case: a Sample, or CaseFailed. A run whose QEMU someone
    else killed is tried again while retries[0] > 0."""
    log = os.path.join(env.log_dir, "%s-run%d.log" % (case.name, k))
    env.run = k
    while True:
        try:
            return case.run(env, log)
        except CaseFailed as e:
            if not e.killed or retries[0] == 0:
                raise
            retries[0] -= 1
            say("  %-18s run %d: QEMU was killed from outside; again" % (
                case.name, k))


def run_case(env, case, runs):
    """Every run of case; stops at the first that fails."""
    out = Outcome(case, runs)
    retries = [KILLED_RETRIES]
    for k in range(1, runs + 1):
        t0 = time.monotonic()
        try:
            s = run_once(env, case, k, retries)
        except CaseFailed as e:
            out.error = str(e)
            out.failed_run = k
            say("  %-18s run %d: FAILED (%.0f s): %s" % (
                case.name, k, time.monotonic() - t0,
                str(e).splitlines()[0]))
            break
        out.samples.append(s)
        st = s.stats
        if case.bench == "bandwidth":
            say("  %-18s run %d: %.1f bytes / 1000 instructions, %.3f "
                "instructions / byte  (%.0f s; %s)" % (
                    case.name, k, st["bw"], st["ipb"],
                    time.monotonic() - t0, s.note))
            continue
        say("  %-18s run %d: min %s mean %s p99 %s max %s  (%.0f s; %s)" % (
            case.name, k, fmt_num(st["min"]), fmt_num(st["mean"]),
            fmt_num(st["p99"]), fmt_num(st["max"]),
            time.monotonic() - t0, s.note))
    return out


def baseline_summary(name, by_name, keys=METRICS):
    """The medians of baseline name (a case or a floor of FLOORS) among
    the outcomes by_name, as {metric: (median,)} (a metric None where
    one is missing), and its resolution; (None, 1) if a case it needs was
    not measured."""
    parts, combine = FLOORS.get(name, ((name,), lambda v: v))
    outs = [by_name.get(p) for p in parts]
    if any(o is None or not o.samples for o in outs):
        return None, 1
    sums = [o.summary(keys) for o in outs]
    out = {}
    for key in keys:
        vals = [m[key] for m in sums]
        out[key] = None if any(v is None for v in vals) else \
            (combine(*[v[0] for v in vals]),)
    return out, min(o.resolution() for o in outs)


def table_rows(outcomes):
    """Rows of the latency table: header, then one per case (not the
    bandwidth cases: bw_rows)."""
    base = {o.case.name: o for o in outcomes}
    rows = [["case", "runs", "min", "mean", "p99", "max",
             "ratio min / mean / p99 / max", "vs"]]
    for o in outcomes:
        if o.case.bench == "bandwidth":
            continue
        runs = "%d/%d" % (len(o.samples), o.runs)
        if not o.samples:
            rows.append([o.case.name, runs, "not measured", "", "", "", "",
                         ""])
            continue
        m = o.summary()
        bm, resolution = baseline_summary(o.case.baseline, base)
        ratios = []
        if o.case.name == o.case.baseline:
            rows.append([o.case.name + ("" if o.ok else " (FAILED)"), runs] +
                        [fmt_cell(m[k]) for k in METRICS] +
                        ["baseline", o.case.baseline])
            continue
        for key in METRICS:
            if bm is None or m[key] is None or bm[key] is None:
                ratios.append("-")
            else:
                ratios.append(ratio(m[key][0], bm[key][0], resolution))
        rows.append([o.case.name + ("" if o.ok else " (FAILED)"), runs] +
                    [fmt_cell(m[k]) for k in METRICS] +
                    [" / ".join(ratios), o.case.baseline])
    return rows


def fmt_ipb(v):
    return "%.3f" % v


def bw_rows(outcomes):
    """Rows of the bandwidth table: header, then one per bandwidth case;
    the ratio is of instructions per byte, to the baseline's."""
    base = {o.case.name: o for o in outcomes}
    rows = [["case", "runs", "bytes / 1000 instructions",
             "instructions / byte", "ratio", "vs"]]
    for o in outcomes:
        if o.case.bench != "bandwidth":
            continue
        runs = "%d/%d" % (len(o.samples), o.runs)
        name = o.case.name + ("" if o.ok else " (FAILED)")
        if not o.samples:
            rows.append([o.case.name, runs, "not measured", "", "", ""])
            continue
        m = o.summary(BW_METRICS)
        cells = [name, runs, fmt_cell(m["bw"]), fmt_cell(m["ipb"], fmt_ipb)]
        if o.case.name == o.case.baseline:
            rows.append(cells + ["baseline", o.case.baseline])
            continue
        bm, _ = baseline_summary(o.case.baseline, base, BW_METRICS)
        rows.append(cells + [
            "-" if bm is None else "%.2fx" % (m["ipb"][0] / bm["ipb"][0]),
            o.case.baseline])
    return rows


def target_lines(outcomes):
    """Issue 12's targets for the cases measured: one line each, saying
    the ratio (of medians) and whether it is met."""
    base = {o.case.name: o for o in outcomes}
    lines = []
    for name, key, limit, what in TARGETS:
        o = base.get(name)
        if o is None:
            continue
        keys = BW_METRICS if key in BW_METRICS else METRICS
        bm, _ = baseline_summary(o.case.baseline, base, keys)
        m = o.summary(keys) if o.samples else None
        if m is None or bm is None or m[key] is None or bm[key] is None:
            lines.append("`%s`: %s: not measured" % (name, what))
            continue
        r = m[key][0] / bm[key][0]
        lines.append("`%s`: %s: %s %s / `%s` %s = %.2fx (target at most "
                     "%.2gx): %s" % (
                         name, what, key,
                         (fmt_ipb if keys == BW_METRICS else fmt_num)(
                             m[key][0]),
                         o.case.baseline,
                         (fmt_ipb if keys == BW_METRICS else fmt_num)(
                             bm[key][0]),
                         r, limit, "met" if r <= limit else "NOT met"))
    return lines


def text_table(rows):
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    return "\n".join("  ".join(c.ljust(w) for c, w in zip(r, widths))
                     .rstrip() for r in rows)


def md_table(rows):
    out = ["| " + " | ".join(rows[0]) + " |",
           "|" + "|".join(" --- " for _ in rows[0]) + "|"]
    for r in rows[1:]:
        out.append("| " + " | ".join(c or " " for c in r) + " |")
    return "\n".join(out)


def write_runs(out_dir, o):
    """<out>/<case>/run<k>.txt; old files of the case go first."""
    d = os.path.join(out_dir, o.case.name)
    if os.path.isdir(d):
        for f in os.listdir(d):
            if re.match(r"^run\d+\.txt$", f):
                os.unlink(os.path.join(d, f))
    png = os.path.join(out_dir, o.case.name + ".png")
    if os.path.exists(png):
        os.unlink(png)
    if not o.samples:
        if os.path.isdir(d) and not os.listdir(d):
            os.rmdir(d)
        return []
    os.makedirs(d, exist_ok=True)
    files = []
    for k, s in enumerate(o.samples, 1):
        path = os.path.join(d, "run%d.txt" % k)
        with open(path, "w", encoding="utf-8") as f:
            f.write("# %s run %d: %d samples, %s in instructions "
                    "(resolution %d); %s\n" % (
                        o.case.name, k, len(s.values),
                        "each sample's work" if o.case.bench == "bandwidth"
                        else "latency", s.resolution, s.note))
            for v in s.values:
                f.write("%d\n" % v)
        files.append(path)
    return files


def histogram(values_per_run, resolution, bins=60):
    """Common bins for several runs: (width, [(low, [count per run])]).
    Linear, a multiple of the resolution wide, about `bins` of them."""
    allv = [v for vs in values_per_run for v in vs]
    lo, hi = min(allv), max(allv)
    width = resolution
    span = hi - lo + resolution
    if span / width > bins:
        width = -(-span // (bins * resolution)) * resolution
    start = lo - lo % width
    rows = {}
    for k, vs in enumerate(values_per_run):
        for v in vs:
            b = start + (v - start) // width * width
            rows.setdefault(b, [0] * len(values_per_run))[k] += 1
    return width, sorted(rows.items())


def gnuplot(script, variables):
    """Runs a gnuplot script with -e variables; error text or None."""
    args = "; ".join("%s=%s" % (k, gp_value(v)) for k, v in
                     variables.items())
    try:
        proc = subprocess.run(["gnuplot", "-e", args, script], cwd=ROOT,
                              stdin=subprocess.DEVNULL,
                              stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT,
                              universal_newlines=True, timeout=60,
                              check=False)
    except (OSError, subprocess.TimeoutExpired) as e:
        return "gnuplot: %s" % e
    if proc.returncode != 0:
        return "gnuplot %s failed:\n%s" % (script, proc.stdout.strip())
    return None


def gp_value(v):
    if isinstance(v, str):
        return "'%s'" % v.replace("'", "''")
    return str(v)


def plot_case(out_dir, plot_dir, o):
    """<out>/<case>.png: the histogram of every run; error text or None."""
    width, rows = histogram([s.values for s in o.samples], o.resolution())
    dat = os.path.join(plot_dir, o.case.name + ".dat")
    os.makedirs(plot_dir, exist_ok=True)
    with open(dat, "w", encoding="utf-8") as f:
        f.write("# bin-low %s\n" % " ".join(
            "run%d" % k for k in range(1, len(o.samples) + 1)))
        for low, counts in rows:
            f.write("%d %s\n" % (low, " ".join(str(c) for c in counts)))
    m = o.summary()
    title = "%s: %s, %d run%s, bins of %d instructions" % (
        o.case.name, "instructions per sample" if o.case.bench ==
        "bandwidth" else o.case.bench + " latency", len(o.samples),
        "" if len(o.samples) == 1 else "s", width)
    sub = "median of the runs: %s (instructions)" % "  ".join(
        "%s %s" % (key, "-" if m[key] is None else fmt_num(m[key][0]))
        for key in METRICS)
    return gnuplot(os.path.join(HERE, "hist.gp"), {
        "datafile": dat, "outfile": os.path.join(out_dir,
                                                 o.case.name + ".png"),
        "runs": len(o.samples), "binw": width,
        "xmin": rows[0][0] - width, "xmax": rows[-1][0] + 2 * width,
        "plottitle": title,
        "subtitle": sub})


def write_summary_dat(path, outcomes):
    """The medians, one block per benchmark (gnuplot's index 0 to 3); the
    bandwidth block's second column is bytes per 1000 instructions."""
    with open(path, "w", encoding="utf-8") as f:
        f.write("# case min mean p99 max (median over runs, instructions; "
                "- where not measured); bandwidth: case bytes/1000 "
                "instructions - - -\n")
        for k, bench in enumerate(BENCHES):
            if k:
                f.write("\n\n")
            f.write("# %s\n" % bench)
            rows = [o for o in outcomes if o.case.bench == bench and
                    o.samples]
            for o in rows:
                if bench == "bandwidth":
                    f.write("%s %d - - -\n" % (o.case.name, round(
                        o.summary(BW_METRICS)["bw"][0])))
                    continue
                m = o.summary()
                f.write("%s %s\n" % (o.case.name, " ".join(
                    "-" if m[key] is None else "%d" % round(m[key][0])
                    for key in METRICS)))
            if not rows:
                # gnuplot counts a block only if it has a record; this
                # one is never drawn (overview.gp's n_* are 0 for it).
                f.write("none - - - -\n")


def qemu_version():
    try:
        out = subprocess.run([QEMU, "--version"], stdin=subprocess.DEVNULL,
                             stdout=subprocess.PIPE, universal_newlines=True,
                             timeout=30, check=False).stdout
        return out.splitlines()[0].strip()
    except (OSError, subprocess.TimeoutExpired, IndexError):
        return "unknown"


def git_rev():
    try:
        return subprocess.run(["git", "describe", "--always", "--dirty"],
                              cwd=ROOT, stdin=subprocess.DEVNULL,
                              stdout=subprocess.PIPE,
                              stderr=subprocess.DEVNULL,
                              universal_newlines=True, timeout=30,
                              check=False).stdout.strip() or "unknown"
    except (OSError, subprocess.TimeoutExpired):
        return "unknown"


def write_summary_md(path, outcomes, rows, command, added, plot_errors,
                     brows=(), targets=()):
    failed = [o for o in outcomes if not o.ok]
    lines = [
        "# Benchmark results",
        "",
        "Written by `tools/bench/bench.py` (`make bench`); do not edit.",
        "",
        "- date: %s" % datetime.datetime.now().astimezone().strftime(
            "%Y-%m-%d %H:%M %Z"),
        "- command: `%s`" % command,
        "- mica: %s" % git_rev(),
        "- QEMU: %s, `-icount %s` (1 ns of virtual time = 1 instruction)"
        % (qemu_version(), ICOUNT),
        "",
        "Latency in instructions: the median over the runs, [lowest-highest"
        "] when they differ; the ratio is to the case in `vs`, measured in "
        "the same invocation. rt-bench counts in ticks of the 62.5 MHz "
        "counter, 16 instructions each: a value v means v to v + 15, and a "
        "baseline of 0 gives the ratio as a bound (`>Nx`: above value / 16)."
        " cyclictest counts in microseconds (1000 instructions); round trips"
        " in counter ticks, as rt-bench.",
        "",
        md_table(rows),
        "",
    ]
    if len(brows) > 1:
        lines += [
            "Bandwidth: bytes moved per 1000 instructions of every CPU "
            "(under -icount the virtual clock counts both sides' work), "
            "and instructions per byte, over all of a run's samples; the "
            "median over the runs, [lowest-highest] when they differ; the "
            "ratio is of instructions per byte, to the case in `vs` "
            "measured in the same QEMU run.",
            "",
            md_table(brows),
            ""]
    if targets:
        lines += ["## Targets (issue 12)", ""] + [
            "- %s" % t for t in targets] + [""]
    if added:
        lines += ["Baselines added to the cases asked for: %s." %
                  ", ".join(added), ""]
    if failed:
        lines += ["## Not measured", ""]
        for o in failed:
            reason = (o.error or "not run").splitlines()
            lines.append("- `%s` (run %s): %s" % (
                o.case.name, o.failed_run or "-", reason[0]))
        lines.append("")
    lines += ["## Cases", ""]
    for o in outcomes:
        notes = [s.note for s in o.samples]
        if not notes:
            runs = ""
        elif len(set(notes)) == 1:
            runs = " %s: %s." % ("Every run" if len(notes) > 1 else "Run",
                                 notes[0])
        else:
            runs = " Runs: %s." % "; ".join(
                "%d: %s" % (k, n) for k, n in enumerate(notes, 1))
        lines.append("- `%s`: %s.%s" % (o.case.name, o.case.what, runs))
    lines.append("")
    lines += ["Samples: `<case>/run<k>.txt`; histograms: `<case>.png`; all "
              "cases: `overview.png` (from `summary.dat`).", ""]
    if plot_errors:
        lines += ["## Pictures not drawn", ""] + [
            "- %s" % e.splitlines()[0] for e in plot_errors] + [""]
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(lines))


def _stop(signum, frame):
    # Leaves through the finally blocks, which kill QEMU.
    raise SystemExit(128 + signum)


def main():
    ap = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0],
        formatter_class=argparse.RawDescriptionHelpFormatter, epilog="cases: "
        + ", ".join(c.name for c in CASES))
    ap.add_argument("--runs", type=int, default=3,
                    help="runs of each case (default %(default)s, at least 3"
                    " for a figure)")
    ap.add_argument("--cases", default="",
                    help="comma-separated cases (default: all)")
    ap.add_argument("--build", default=os.environ.get(
        "MICA_BUILD", os.path.join(ROOT, "build")), help="build directory")
    ap.add_argument("--out", default=os.path.join(ROOT, "bench", "results"),
                    help="results directory (default bench/results)")
    ap.add_argument("--list", action="store_true", help="list the cases")
    a = ap.parse_args()
    if a.list:
        for c in CASES:
            say("%-18s %-10s vs %-10s %s" % (c.name, c.bench, c.baseline,
                                             c.what))
        return 0
    if a.runs < 1:
        ap.error("--runs must be at least 1")
    try:
        cases, added = select_cases(a.cases)
    except ValueError as e:
        ap.error(str(e))
    signal.signal(signal.SIGTERM, _stop)
    build = os.path.abspath(a.build)
    env = Env(build, os.path.join(build, "bench", "logs"))
    command = " ".join(shlex.quote(x) for x in
                       ["tools/bench/bench.py"] + sys.argv[1:])

    say("bench: %d case%s x %d runs, -icount %s; consoles in %s" % (
        len(cases), "" if len(cases) == 1 else "s", a.runs, ICOUNT,
        os.path.relpath(env.log_dir, ROOT)))
    if added:
        say("bench: baseline%s added: %s" % (
            "" if len(added) == 1 else "s", ", ".join(added)))
    outcomes = []
    for c in cases:
        say("%s: %s" % (c.name, c.what))
        outcomes.append(run_case(env, c, a.runs))

    os.makedirs(a.out, exist_ok=True)
    plot_dir = os.path.join(build, "bench", "plot")
    plot_errors = []
    for o in outcomes:
        write_runs(a.out, o)
        if o.samples:
            err = plot_case(a.out, plot_dir, o)
            if err:
                plot_errors.append("%s.png: %s" % (o.case.name, err))
    dat = os.path.join(a.out, "summary.dat")
    write_summary_dat(dat, outcomes)
    overview = os.path.join(a.out, "overview.png")
    if os.path.exists(overview):
        os.unlink(overview)
    if any(o.samples for o in outcomes):
        err = gnuplot(os.path.join(HERE, "overview.gp"), {
            "datafile": dat, "outfile": overview,
            "n_rt": sum(1 for o in outcomes
                        if o.samples and o.case.bench == "rt-bench"),
            "n_ct": sum(1 for o in outcomes
                        if o.samples and o.case.bench == "cyclictest"),
            "n_rtt": sum(1 for o in outcomes
                         if o.samples and o.case.bench == "round-trip"),
            "n_bw": sum(1 for o in outcomes
                        if o.samples and o.case.bench == "bandwidth"),
            "plottitle": "mica bench in instructions (median of %d "
                         "runs), -icount shift=0" % a.runs})
        if err:
            plot_errors.append("overview.png: %s" % err)
    rows = table_rows(outcomes)
    brows = bw_rows(outcomes)
    targets = target_lines(outcomes)
    write_summary_md(os.path.join(a.out, "summary.md"), outcomes, rows,
                     command, added, plot_errors, brows, targets)

    say("")
    say("Latency in instructions (-icount shift=0: 1 ns = 1 instruction); "
        "median of the runs [range]; ratio to `vs` of this invocation")
    say(text_table(rows))
    if len(brows) > 1:
        say("")
        say("Bandwidth (both CPUs' instructions); ratio of instructions per "
            "byte to `vs`")
        say(text_table(brows))
    if targets:
        say("")
        for t in targets:
            say("target: " + t.replace("`", ""))
    failed = [o for o in outcomes if not o.ok]
    for o in failed:
        say("")
        say("FAILED %s (run %s):" % (o.case.name, o.failed_run))
        for line in (o.error or "").splitlines():
            say("    " + line)
    for e in plot_errors:
        say("picture not drawn: " + e)
    say("")
    say("bench: %d of %d cases measured; results in %s" % (
        len(outcomes) - len(failed), len(outcomes),
        os.path.relpath(a.out, ROOT)))
    return 1 if failed or plot_errors else 0


if __name__ == "__main__":
    sys.exit(main())
