#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""The Xen 4.17 baseline of the latency benchmarks: Debian's arm64 Xen on
QEMU's virt board, booted dom0less.

    python3 tools/bench/xen.py rt-bench build/guests/rt-bench.bin
    python3 tools/bench/xen.py rt-bench-linux build/guests/rt-bench-loop.bin \\
        "console=ttyAMA0 mica.load=hog"
    python3 tools/bench/xen.py linux "console=ttyAMA0 mica.cyclictest=1000"
    python3 tools/bench/xen.py pingpong build/guests/xen-pingpong.bin 2

Xen is Debian's package xen-hypervisor-4.17-arm64, fetched with
`apt-get download` into build/xen/ and unpacked there with dpkg-deb (not
installed). QEMU runs it as the board's kernel:

    qemu-system-aarch64 -M virt,virtualization=on,gic-version=3
        -cpu cortex-a57 -smp 1 -m 1G -nographic -nic none -no-reboot
        -kernel xen-4.17-arm64 -dtb <generated> -device loader,... 
        -icount shift=0,align=off,sleep=off

-smp 1: Xen hangs under -icount with two CPUs after setting up its P2M
(checked again on 2026-12-06: rt-bench alone, -smp 2, nothing after
"P2M: 4 levels ..." in 150 s; with -smp 1 the same boot takes 2 s).
The device tree is QEMU's own for that machine (-machine dumpdtb) plus, in
/chosen, Xen's command line and the boot modules, which QEMU loads at fixed
addresses (-device loader):

  - rt-bench is a dom0less domain (a /chosen node compatible "xen,domain"):
    1 vCPU, RT_MEM_KIB of RAM, Xen's emulated PL011 (vpl011), the raw image
    build/guests/<name>.bin as its kernel (an arm64 Image; libmica takes the
    GIC's and the UART's addresses from the device tree Xen gives it).
    Xen prints its console lines as "(XEN) DOM1: ..." (or "(d1) ..."); the
    text returned has that prefix stripped.
  - Alone (run_rt_bench) there is no dom0 at all: Xen 4.17 boots the
    dom0less domains only when no dom0 kernel is given ("true dom0less").
  - xen-pingpong (run_pingpong) is two dom0less domains, no dom0, joined
    by a static event channel (Xen 4.17's "xen,evtchn-v1" nodes), each
    with "xen,enhanced" = "no-xenstore" so that Xen gives it the
    /hypervisor node naming the event upcall's PPI.
  - With Linux (run_rt_bench_with_linux, run_linux), Debian's kernel and
    the busybox initramfs (make linux) are dom0 with 1 vCPU and
    DOM0_MEM of RAM, sharing the one CPU with rt-bench. Its console is
    Xen's (hvc0), so "console=ttyAMA0" in the command line given is made
    "console=hvc0"; its lines come without prefix.

Xen's command line, tuned for latency as far as Debian's build allows:
  console=dtuart dtuart=/pl011@9000000   its console on the board's PL011
  sched=credit2            Debian builds only credit and credit2 (not null
                           or RTDS, the real-time ones); credit2 is Xen's
                           default
  sched_ratelimit_us=0     lets a waking vCPU preempt at once; with the
                           default 1000 us, rt-bench beside a busy dom0 ran
                           about 10 ms late (about 1 ms with sched=credit)
  bootscrub=0              no page scrubbing in the idle loop after boot
  vwfi=native              (XEN_ARGS_ALONE: each vCPU has its CPU to itself)
                           WFI not trapped, as mica runs a vCPU alone on its
                           CPU; Xen's advice for dedicated CPUs
  vwfi=trap                (XEN_ARGS_SHARED: two domains on one CPU)
                           a vCPU in WFI gives the CPU back (Xen's default)
Each run function takes xen_args to replace the whole line.

Every run is QEMU behind pipes in a session of its own (no terminal, no
standard input), with a hard timeout; it ends when the awaited output has
come (QEMU is then killed: Xen does not power the board off when its
domains stop) or with XenError carrying the end of the console. The whole
console of each run is kept in build/xen/logs/.

Standard library plus pexpect (Debian's python3-pexpect), dtc and
qemu-system-aarch64; Debian's /usr/bin/python3.
"""

import os
import re
import shlex
import signal
import subprocess
import sys
import time

import pexpect
import pexpect.popen_spawn

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
BUILD = os.environ.get("MICA_BUILD", os.path.join(ROOT, "build"))
XEN_DIR = os.path.join(BUILD, "xen")
LOG_DIR = os.path.join(XEN_DIR, "logs")
XEN_PACKAGE = "xen-hypervisor-4.17-arm64"
XEN_IMAGE = os.path.join(XEN_DIR, "root", "boot", "xen-4.17-arm64")
LINUX_IMAGE = os.path.join(BUILD, "linux", "Image")
LINUX_INITRAMFS = os.path.join(BUILD, "linux", "initramfs.cpio.gz")
QEMU = os.environ.get("QEMU", "qemu-system-aarch64")
DTC = os.environ.get("DTC", "dtc")

MACHINE = "virt,virtualization=on,gic-version=3"
CPU = "cortex-a57"
SMP = 1
MEM = "1G"
ICOUNT = "shift=0,align=off,sleep=off"
XEN_ARGS = ("console=dtuart dtuart=/pl011@9000000 sched=credit2 "
            "sched_ratelimit_us=0 bootscrub=0")
XEN_ARGS_ALONE = XEN_ARGS + " vwfi=native"
XEN_ARGS_SHARED = XEN_ARGS + " vwfi=trap"
DOM0_MEM = "256M"           # as much as Linux has on bare QEMU
RT_MEM_KIB = 64 * 1024      # rt-bench's domain
PINGPONG_MEM_KIB = 16 * 1024  # each of xen-pingpong's two domains
PINGPONG_PORT = 10          # their static event channel's port, both sides
# Boot modules are loaded from here up, each 2 MiB aligned: above where
# QEMU puts Xen (0x40200000) and the device tree (0x48000000).
MODULE_BASE = 0x50000000
MODULE_ALIGN = 0x200000

# A dom0less domain's console line: "(XEN) DOM1: text" (Xen 4.17) or
# "(d1) text" (later Xen); found anywhere in a raw line, since Xen may print
# it in the middle of a line dom0 has not finished.
DOMAIN_RE = re.compile(r"\(XEN\) DOM(\d+): |\(d(\d+)\) ")
RT_DOMAIN = 1               # the first dom0less domain's id, dom0 or not
PING_DOMAIN = 1             # xen-pingpong's ping (pong is 2)
DONE_RE = re.compile(r"^rt-bench: done$")
PINGPONG_DONE_RE = re.compile(r"^xen-pingpong: done$")
ROUND_END_RE = re.compile(r"^rt-bench: round (\d+) end$")
LOAD_RE = re.compile(r"^mica-load: \S+ running")
SHELL_UP_RE = re.compile(r"^mica-linux: initramfs up")
CYCLICTEST_DONE_RE = re.compile(r"^mica-cyclictest: done")
# Xen's last line of its boot: the domains run from here.
XEN_BOOTED_RE = re.compile(r"\(XEN\) Freed \d+kB init memory")
# boot(nudge=True): host seconds of silence before a byte is typed, and the
# byte (not Ctrl-A, which would switch Xen's console input).
NUDGE_S = 2
NUDGE_BYTE = "\r"
# Xen's words, and the guests', that no run survives.
XEN_FATAL_RE = re.compile(r"Panic on CPU|Xen BUG at|Assertion .* failed|"
                          r"Domain \d+ crashed|d\d+v\d+ Unhandled")
GUEST_FATAL_RE = re.compile(r"^libmica: unexpected exception|^rt-bench: FAIL|"
                            r"^xen-pingpong: FAIL|^Kernel panic")


class XenError(RuntimeError):
    """A run that did not give what was awaited; says why, with the console's
    end."""


def _new_session():
    os.setsid()


def _run_quiet(argv, timeout=120, cwd=None):
    p = subprocess.run(argv, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                       stderr=subprocess.STDOUT, timeout=timeout, cwd=cwd,
                       preexec_fn=_new_session, check=False)
    return p.returncode, p.stdout.decode("utf-8", "replace")


# --- Xen itself ---------------------------------------------------------------

def ensure_xen():
    """Path of Xen's image, fetching and unpacking the package if needed."""
    if os.path.exists(XEN_IMAGE):
        return XEN_IMAGE
    os.makedirs(XEN_DIR, exist_ok=True)
    debs = [f for f in os.listdir(XEN_DIR)
            if f.startswith(XEN_PACKAGE + "_") and f.endswith(".deb")]
    if not debs:
        argv = ["apt-get", "download", XEN_PACKAGE + ":arm64"]
        rc, out = _run_quiet(argv, timeout=300, cwd=XEN_DIR)
        if rc != 0 and os.geteuid() == 0:
            # A fresh machine's package lists may not know arm64 yet.
            _run_quiet(["dpkg", "--add-architecture", "arm64"])
            _run_quiet(["apt-get", "update"], timeout=600)
            rc, out = _run_quiet(argv, timeout=300, cwd=XEN_DIR)
        if rc != 0:
            raise XenError("cannot fetch %s (%s, in %s):\n%s" % (
                XEN_PACKAGE, " ".join(argv), XEN_DIR, out.strip()))
        debs = [f for f in os.listdir(XEN_DIR)
                if f.startswith(XEN_PACKAGE + "_") and f.endswith(".deb")]
    deb = os.path.join(XEN_DIR, sorted(debs)[-1])
    rc, out = _run_quiet(["dpkg-deb", "-x", deb,
                          os.path.join(XEN_DIR, "root")])
    if rc != 0 or not os.path.exists(XEN_IMAGE):
        raise XenError("cannot unpack %s:\n%s" % (deb, out.strip()))
    return XEN_IMAGE


def _machine_argv(smp=SMP):
    return [QEMU, "-M", MACHINE, "-cpu", CPU, "-smp", str(smp), "-m", MEM,
            "-nographic", "-nic", "none", "-no-reboot"]


def base_dts(smp=SMP):
    """QEMU's own device tree for the machine with smp CPUs, as source
    text (cached)."""
    dtb = os.path.join(XEN_DIR, "virt-smp%d.dtb" % smp)
    stamp = dtb + ".argv"
    argv = _machine_argv(smp)
    argv[2] = MACHINE + ",dumpdtb=" + dtb
    key = " ".join(argv)
    os.makedirs(XEN_DIR, exist_ok=True)
    if not (os.path.exists(dtb) and os.path.exists(stamp) and
            open(stamp, encoding="utf-8").read() == key):
        rc, out = _run_quiet(argv, timeout=60)
        if rc != 0 or not os.path.exists(dtb):
            raise XenError("QEMU did not dump its device tree:\n$ %s\n%s" % (
                key, out))
        with open(stamp, "w", encoding="utf-8") as f:
            f.write(key)
    rc, out = _run_quiet([DTC, "-q", "-I", "dtb", "-O", "dts", dtb])
    if rc != 0:
        raise XenError("dtc cannot read %s:\n%s" % (dtb, out))
    return out


def _dt_string(s):
    if any(c in s for c in '"\\\n'):
        raise XenError("device-tree string with a quote, backslash or "
                       "newline: %r" % s)
    return '"%s"' % s


def _reg(addr, size):
    return "<0x%x 0x%x 0x%x 0x%x>" % (addr >> 32, addr & 0xffffffff,
                                       size >> 32, size & 0xffffffff)


class Layout:
    """Boot modules placed one after another from MODULE_BASE."""

    def __init__(self):
        self.next = MODULE_BASE
        self.loads = []            # (path, address)

    def place(self, path):
        if not os.path.exists(path):
            raise XenError("%s does not exist (make guests / make linux)" %
                           path)
        size = os.path.getsize(path)
        addr = self.next
        self.next = (addr + size + MODULE_ALIGN - 1) & ~(MODULE_ALIGN - 1)
        self.loads.append((path, addr))
        return addr, size


def _module(name, compat, addr, size, bootargs=None, indent="\t\t"):
    lines = ["%s%s@%x {" % (indent, name, addr),
             '%s\tcompatible = "multiboot,%s", "multiboot,module";' % (
                 indent, compat),
             "%s\treg = %s;" % (indent, _reg(addr, size))]
    if bootargs is not None:
        lines.append("%s\tbootargs = %s;" % (indent, _dt_string(bootargs)))
    lines.append("%s};" % indent)
    return lines


def _domain(layout, name, binary, mem_kib, bootargs=None, extra=()):
    """A dom0less domain's node in /chosen: 1 vCPU, mem_kib of RAM, Xen's
    vpl011, binary (placed in layout) as its kernel with bootargs, and the
    lines of extra (properties, sub-nodes) inside."""
    addr, size = layout.place(binary)
    return (["\t\t%s {" % name,
             '\t\t\tcompatible = "xen,domain";',
             "\t\t\t#address-cells = <2>;",
             "\t\t\t#size-cells = <2>;",
             "\t\t\tmemory = <0x0 0x%x>;" % mem_kib,
             "\t\t\tcpus = <1>;",
             "\t\t\tvpl011;"] + list(extra) +
            _module("module", "kernel", addr, size, bootargs=bootargs,
                    indent="\t\t\t") + ["\t\t};"])


def make_dtb(path, layout, xen_args, rt_bin=None, dom0=None,
             rt_mem_kib=RT_MEM_KIB, domains=(), smp=SMP):
    """Writes Xen's device tree to path (its source beside it, .dts).

    rt_bin: the native guest's raw image, a dom0less domain; dom0: None, or
    (kernel, initramfs, command line) of Linux as dom0; domains: more
    dom0less domains, each the lines _domain() gave; smp: the board's CPUs.
    """
    chosen = ["\tchosen {",
              "\t\t#address-cells = <2>;",
              "\t\t#size-cells = <2>;",
              "\t\txen,xen-bootargs = %s;" % _dt_string(xen_args)]
    if dom0 is not None:
        kernel, initramfs, cmdline = dom0
        addr, size = layout.place(kernel)
        chosen += _module("module", "kernel", addr, size, bootargs=cmdline)
        addr, size = layout.place(initramfs)
        chosen += _module("module", "ramdisk", addr, size)
    if rt_bin is not None:
        chosen += _domain(layout, "rt-bench", rt_bin, rt_mem_kib)
    for lines in domains:
        chosen += lines
    chosen.append("\t};")
    dts = base_dts(smp) + "\n/* Added by tools/bench/xen.py */\n/ {\n" + \
        "\n".join(chosen) + "\n};\n"
    with open(path + ".dts", "w", encoding="utf-8") as f:
        f.write(dts)
    rc, out = _run_quiet([DTC, "-q", "-I", "dts", "-O", "dtb", "-o", path,
                          path + ".dts"])
    if rc != 0:
        raise XenError("dtc failed on %s.dts:\n%s" % (path, out))
    return path


# --- running ------------------------------------------------------------------

class Console:
    """Xen's console, line by line: a dom0less domain's lines come out with
    their prefix stripped and their domain id, anything else (Xen's own lines,
    dom0's) as it is, with domain None."""

    def __init__(self):
        self.pending = ""          # the start of a line a domain's cut
        self.lines = []            # (domain or None, text)

    def feed_raw(self, raw):
        """Splits one raw line; returns the (domain, text) pairs it gave."""
        raw = raw.replace("\r", "")
        out = []
        m = DOMAIN_RE.search(raw)
        if m is None:
            out.append((None, self.pending + raw))
            self.pending = ""
        else:
            if m.start() > 0:
                # Another writer's unfinished line: it goes on after this.
                self.pending += raw[:m.start()]
            dom = int(m.group(1) or m.group(2))
            out.append((dom, raw[m.end():]))
        self.lines.extend(out)
        return out

    def text(self, domain="all"):
        """Lines, prefix stripped: all of them, or one domain's (None:
        Xen's and dom0's)."""
        lines = [t for d, t in self.lines if domain == "all" or d == domain]
        if self.pending:
            lines.append(self.pending)
        return "\n".join(lines) + "\n"


def _stop(child):
    if child.proc.poll() is None:
        try:
            os.killpg(child.proc.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
    try:
        child.proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        pass
    for f in (child.proc.stdin, child.proc.stdout):
        try:
            f.close()
        except OSError:
            pass


def boot(name, layout, dtb, done, timeout, xen_image=None, smp=SMP,
         nudge=False):
    """Boots Xen with the modules of layout and the device tree dtb, and
    feeds every console line to done(console, domain, text) until it returns
    True (then QEMU is killed) or QEMU exits. Returns the Console. Raises
    XenError on a timeout, an early exit or a fatal line of Xen's.

    nudge (for smp > 1): while Xen boots, each time its console has been
    silent for NUDGE_S host seconds, one byte is typed on it (NUDGE_BYTE,
    which Xen drops: there is no dom0 to take it). Under -icount QEMU 7.2's
    round-robin can leave Xen's boot on two CPUs spinning for good where one
    CPU waits for the other (bench/README.md): in setup_virt_paging()'s
    cross-CPU call, which the input gets going again, and in
    stop_machine_run() with IRQs off, which it does not, so a boot on two
    CPUs may still time out. Nothing is typed once Xen has said it finished
    booting (XEN_BOOTED_RE), before any domain measures; each is a line of
    the log ("# xen.py: nudge N")."""
    argv = _machine_argv(smp) + ["-kernel", xen_image or ensure_xen(),
                                 "-dtb", dtb]
    for path, addr in layout.loads:
        argv += ["-device", "loader,file=%s,addr=0x%x,force-raw=on" % (
            path, addr)]
    argv += ["-icount", ICOUNT]
    os.makedirs(LOG_DIR, exist_ok=True)
    log_path = os.path.join(LOG_DIR, name + ".log")
    console = Console()
    start = time.monotonic()
    child = pexpect.popen_spawn.PopenSpawn(
        argv, timeout=timeout, encoding="utf-8", codec_errors="replace",
        cwd=ROOT, preexec_fn=_new_session)
    why = None
    finished = False
    booted = not nudge
    nudges = 0
    with open(log_path, "w", encoding="utf-8") as log:
        log.write("$ %s\n" % " ".join(shlex.quote(a) for a in argv))
        try:
            while not finished:
                left = timeout - (time.monotonic() - start)
                if left <= 0:
                    raise pexpect.TIMEOUT("timeout")
                try:
                    child.expect("\n", timeout=left if booted else
                                 min(left, NUDGE_S))
                except pexpect.TIMEOUT:
                    if booted or left <= NUDGE_S:
                        raise
                    child.send(NUDGE_BYTE)
                    nudges += 1
                    log.write("# xen.py: nudge %d (%.0f s)\n" % (
                        nudges, time.monotonic() - start))
                    continue
                raw = child.before
                log.write(raw.replace("\r", "") + "\n")
                log.flush()
                for dom, text in console.feed_raw(raw):
                    if XEN_FATAL_RE.search(text) or \
                            GUEST_FATAL_RE.search(text):
                        why = "%s: %s" % (
                            "Xen" if dom is None else "domain %d" % dom,
                            text.strip())
                        break
                    if dom is None and XEN_BOOTED_RE.search(text):
                        booted = True
                    if done(console, dom, text):
                        finished = True
                        break
                if why is not None:
                    break
        except pexpect.TIMEOUT:
            why = "no result within %d s" % timeout
        except pexpect.EOF:
            if child.before:
                console.feed_raw(child.before)
                log.write(child.before)
            why = "QEMU exited first (status %s)" % child.proc.poll()
        finally:
            _stop(child)
    if why is not None:
        tail = "\n".join(log_line for log_line in
                         open(log_path, encoding="utf-8").read()
                         .splitlines()[-40:])
        raise XenError("%s; the console's end (all of it: %s):\n%s" % (
            why, log_path, tail))
    return console


def _dom0_cmdline(cmdline):
    """Linux's command line as dom0: its console is hvc0, not the PL011."""
    words = [w for w in cmdline.split() if not w.startswith("console=")]
    return " ".join(["console=hvc0"] + words)


def run_rt_bench(guest_bin, timeout=180, xen_args=XEN_ARGS_ALONE):
    """rt-bench (a native guest's .bin that ends with "rt-bench: done")
    alone under Xen, no dom0; returns its console text, prefix stripped."""
    layout = Layout()
    dtb = make_dtb(os.path.join(XEN_DIR, "rt-bench.dtb"), layout, xen_args,
                   rt_bin=guest_bin)

    def done(console, dom, text):
        return dom == RT_DOMAIN and DONE_RE.match(text) is not None

    console = boot("rt-bench", layout, dtb, done, timeout)
    return console.text(RT_DOMAIN)


def run_rt_bench_with_linux(guest_bin, linux_cmdline, timeout=600,
                            rounds_after=2, xen_args=XEN_ARGS_SHARED):
    """rt-bench (rt-bench-loop.bin: rounds for ever) as a dom0less domain
    beside Linux as dom0 on the one CPU. Ends once rounds_after whole rounds
    of rt-bench were measured after Linux started its load (the line
    "mica-load: ... running"), or, with no mica.load= on the command line,
    after Linux's shell came up: rt-bench reports a round when it ends, so
    the first round reported after that line may have begun before it and
    does not count. Returns the whole console: rt-bench's lines with their
    prefix stripped, Linux's and Xen's ("(XEN) ...") as they came, in the
    order they came.

    The two domains' virtual counters differ: Xen offsets each domain's by
    the time it was created, and dom0 comes first, so Linux's cntvct is
    ahead of rt-bench's by about the time Xen took to build dom0 (tens of
    milliseconds under -icount). Compare their lines by their order, not
    by cntvct."""
    layout = Layout()
    cmdline = _dom0_cmdline(linux_cmdline)
    xen_args = "%s dom0_mem=%s dom0_max_vcpus=1" % (xen_args, DOM0_MEM)
    dtb = make_dtb(os.path.join(XEN_DIR, "rt-bench-linux.dtb"), layout,
                   xen_args, rt_bin=guest_bin,
                   dom0=(LINUX_IMAGE, LINUX_INITRAMFS, cmdline))
    trigger = LOAD_RE if "mica.load=" in cmdline else SHELL_UP_RE
    state = {"armed": False, "ended": 0}

    def done(console, dom, text):
        if dom is None and trigger.match(text):
            state["armed"] = True
        elif dom == RT_DOMAIN and state["armed"] and \
                ROUND_END_RE.match(text):
            state["ended"] += 1
        # The first round to end after the trigger was under way before it.
        return state["ended"] > rounds_after

    console = boot("rt-bench-linux", layout, dtb, done, timeout)
    return console.text()


def run_linux(cmdline, timeout=600, xen_args=XEN_ARGS_ALONE):
    """Linux alone under Xen (dom0, 1 vCPU). Ends when cyclictest is done
    (mica.cyclictest=N) or else once the shell is up; returns the console
    text (Xen's lines start "(XEN) ")."""
    layout = Layout()
    cmdline = _dom0_cmdline(cmdline)
    xen_args = "%s dom0_mem=%s dom0_max_vcpus=1" % (xen_args, DOM0_MEM)
    dtb = make_dtb(os.path.join(XEN_DIR, "linux.dtb"), layout, xen_args,
                   dom0=(LINUX_IMAGE, LINUX_INITRAMFS, cmdline))
    until = CYCLICTEST_DONE_RE if "mica.cyclictest=" in cmdline \
        else SHELL_UP_RE

    def done(console, dom, text):
        return dom is None and until.match(text) is not None

    console = boot("linux", layout, dtb, done, timeout)
    return console.text()


def run_pingpong(guest_bin, timeout=180, cpus=1, xen_args=None):
    """xen-pingpong (guests/xen-pingpong: its .bin) as two dom0less domains,
    no dom0: "ping" (domain 1) and "pong" (domain 2), joined by a static
    event channel (Xen 4.17's "xen,evtchn-v1" nodes,
    docs/misc/arm/device-tree/booting.txt), port PINGPONG_PORT on each side.
    "xen,enhanced" = "no-xenstore" gives each domain the /hypervisor node
    that names the event upcall's PPI, without a xenstore (there is no
    dom0). Ends when ping says "xen-pingpong: done"; returns ping's console
    text, prefix stripped.

    cpus 1: both domains share the board's one CPU, vwfi=trap
    (XEN_ARGS_SHARED): a domain waiting in WFI gives the CPU to the other.
    cpus 2: a board of two CPUs, one domain on each, vwfi=native
    (XEN_ARGS_ALONE): a domain waits in WFI on its own CPU; Xen's boot is
    nudged (boot()) and still hangs in some runs (XenError then), so
    make bench does not use it. xen_args replaces the whole command
    line."""
    if cpus not in (1, 2):
        raise XenError("run_pingpong: cpus must be 1 or 2, not %r" % cpus)
    if xen_args is None:
        xen_args = XEN_ARGS_SHARED if cpus == 1 else XEN_ARGS_ALONE
    layout = Layout()
    domains = []
    for role, peer in (("ping", "pong"), ("pong", "ping")):
        evtchn = ["\t\t\txen,enhanced = \"no-xenstore\";",
                  "\t\t\t%s_evtchn: evtchn {" % role,
                  '\t\t\t\tcompatible = "xen,evtchn-v1";',
                  "\t\t\t\txen,evtchn = <%d &%s_evtchn>;" % (
                      PINGPONG_PORT, peer),
                  "\t\t\t};"]
        domains.append(_domain(layout, role, guest_bin, PINGPONG_MEM_KIB,
                               bootargs="role=%s port=%d" % (
                                   role, PINGPONG_PORT),
                               extra=evtchn))
    name = "pingpong-%dcpu" % cpus
    dtb = make_dtb(os.path.join(XEN_DIR, name + ".dtb"), layout, xen_args,
                   domains=domains, smp=cpus)

    def done(console, dom, text):
        return dom == PING_DOMAIN and PINGPONG_DONE_RE.match(text) is not None

    console = boot(name, layout, dtb, done, timeout, smp=cpus,
                   nudge=cpus > 1)
    return console.text(PING_DOMAIN)


USAGE = """usage: xen.py rt-bench GUEST.bin [TIMEOUT]
       xen.py pingpong xen-pingpong.bin CPUS [TIMEOUT]
       xen.py rt-bench-linux GUEST.bin LINUX_CMDLINE [TIMEOUT]
       xen.py linux LINUX_CMDLINE [TIMEOUT]"""


def main(argv):
    try:
        if len(argv) in (3, 4) and argv[1] == "rt-bench":
            text = run_rt_bench(argv[2], *[int(a) for a in argv[3:]])
        elif len(argv) in (4, 5) and argv[1] == "rt-bench-linux":
            text = run_rt_bench_with_linux(argv[2], argv[3],
                                           *[int(a) for a in argv[4:]])
        elif len(argv) in (4, 5) and argv[1] == "pingpong":
            text = run_pingpong(argv[2], *[int(a) for a in argv[4:]],
                                cpus=int(argv[3]))
        elif len(argv) in (3, 4) and argv[1] == "linux":
            text = run_linux(argv[2], *[int(a) for a in argv[3:]])
        else:
            print(USAGE, file=sys.stderr)
            return 2
    except XenError as e:
        print("xen.py: %s" % e, file=sys.stderr)
        return 1
    sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
