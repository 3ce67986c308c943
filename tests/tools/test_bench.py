# SPDX-License-Identifier: Apache-2.0
"""The pure parts of tools/bench/bench.py (make bench): console parsing,
statistics, ratios, case selection, histogram bins. No QEMU.

Run: /usr/bin/python3 -m pytest -q tests/tools/test_bench.py
"""

import ctypes
import importlib.util
import os
import random
import subprocess

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))))
_spec = importlib.util.spec_from_file_location(
    "bench", os.path.join(ROOT, "tools", "bench", "bench.py"))
bench = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(bench)

FREQ = 62500000     # QEMU virt's counter: 16 instructions a tick


def rt_round(number, start, ticks, tag="[rt] ", missed=0, stray=0):
    """rt-bench's lines for one round, as guests/rt-bench/main.c prints
    them: raw lines of at most 90 characters, then the summary."""
    lines = ["rt-bench: round %d start %d" % (number, start)]
    head = "rt-bench: raw %d" % number
    line = head
    for i, v in enumerate(ticks):
        line += " %d" % v
        if i + 1 == len(ticks) or len(line) + 11 > 90:
            lines.append(line)
            line = head
    s = sorted(ticks)
    rank = (99 * len(s) + 99) // 100
    lines += ["rt-bench: samples %d min %d mean %d p99 %d max %d (ticks)" % (
        len(s), s[0], sum(s) // len(s), s[rank - 1], s[-1]),
        "rt-bench: in ns: min 0 mean 0 p99 0 max 0",
        "rt-bench: missed deadlines %d, stray interrupts %d" % (missed,
                                                                stray),
        "rt-bench: histogram, ticks [from, to): samples",
        "rt-bench:   [        32,         64):    1000 ####",
        "rt-bench: round %d end" % number]
    return [tag + l for l in lines]


def preamble(tag="[rt] "):
    return [tag + "rt-bench: timer latency, 1000 samples, deadline every "
            "100 us, 10 warm-up",
            tag + "rt-bench: GICv3, counter %d Hz, period 6250 ticks" % FREQ]


# --- tags -------------------------------------------------------------------

@pytest.mark.parametrize("line,tag,text", [
    ("[rt] rt-bench: done", "rt", "rt-bench: done"),
    ("[linux] [    0.000000] Booting Linux", "linux",
     "[    0.000000] Booting Linux"),
    ("(d1) rt-bench: done\r\n", "d1", "rt-bench: done"),
    ("(XEN) Xen version 4.17", "XEN", "Xen version 4.17"),
    ("rt-bench: done", None, "rt-bench: done"),
    ("[Not a tag] x", None, "[Not a tag] x"),
])
def test_strip_tag(line, tag, text):
    assert bench.strip_tag(line) == (tag, text)


# --- statistics -------------------------------------------------------------

@pytest.mark.parametrize("n,rank", [(1, 1), (2, 2), (99, 99), (100, 99),
                                    (101, 100), (1000, 990), (1001, 991)])
def test_p99_rank_is_ceil_of_99_percent(n, rank):
    assert bench.p99_rank(n) == rank


def test_summarise():
    s = bench.summarise([5, 1, 3] + [2] * 97)
    assert s == {"count": 100, "min": 1, "mean": (5 + 1 + 3 + 194) / 100,
                 "p99": 3, "max": 5}
    with pytest.raises(ValueError):
        bench.summarise([])


@pytest.fixture(scope="module")
def stats_c(tmp_path_factory):
    """guests/rt-bench/stats.c compiled for the host, through ctypes."""
    so = str(tmp_path_factory.mktemp("stats") / "stats.so")
    subprocess.run(["gcc", "-std=c11", "-O1", "-shared", "-fPIC", "-o", so,
                    os.path.join(ROOT, "guests", "rt-bench", "stats.c")],
                   check=True, stdin=subprocess.DEVNULL)
    lib = ctypes.CDLL(so)

    class Stats(ctypes.Structure):
        _fields_ = [(f, ctypes.c_uint32)
                    for f in ("count", "min", "mean", "p99", "max")]

    lib.stats_summarise.restype = Stats
    lib.stats_summarise.argtypes = [ctypes.POINTER(ctypes.c_uint32),
                                    ctypes.c_uint32]
    lib.stats_sort.argtypes = [ctypes.POINTER(ctypes.c_uint32),
                               ctypes.c_uint32]
    return lib


@pytest.mark.parametrize("n", [1, 2, 7, 99, 100, 101, 1000, 1234])
def test_summarise_agrees_with_stats_c(stats_c, n):
    rng = random.Random(n)
    values = [rng.choice([0, 1, 53, 54, 55, rng.randrange(1 << 20)])
              for _ in range(n)]
    arr = (ctypes.c_uint32 * n)(*values)
    stats_c.stats_sort(arr, n)
    assert list(arr) == sorted(values)
    c = stats_c.stats_summarise(arr, n)
    py = bench.summarise(values)
    assert (c.count, c.min, c.p99, c.max) == (py["count"], py["min"],
                                              py["p99"], py["max"])
    assert c.mean == int(py["mean"])    # C rounds down


def test_over_runs_median_and_range():
    runs = [{"min": 1, "mean": 2.0, "p99": 3, "max": 9},
            {"min": 1, "mean": 4.0, "p99": 5, "max": 7},
            {"min": 2, "mean": 3.0, "p99": None, "max": 8}]
    m = bench.over_runs(runs)
    assert m["min"] == (1, 1, 2)
    assert m["mean"] == (3.0, 2.0, 4.0)
    assert m["p99"] is None         # not known for every run
    assert m["max"] == (8, 7, 9)
    assert bench.fmt_cell(m["max"]) == "8 [7-9]"
    assert bench.fmt_cell((5, 5, 5)) == "5"
    assert bench.fmt_cell(None) == "-"


@pytest.mark.parametrize("value,base,want", [
    (900, 300, "3.00x"),
    (896, 0, ">56x"),       # base below the resolution of 16
    (0, 0, "~1x"),
    (None, 5, "-"),
    (5, None, "-"),
])
def test_ratio(value, base, want):
    assert bench.ratio(value, base, 16) == want


# --- rt-bench ----------------------------------------------------------------

def test_round_parsed_in_instructions():
    ticks = [55] * 990 + [53] * 5 + [60] * 4 + [72481]
    lines = preamble() + rt_round(1, 223480, ticks, missed=11)
    assert max(len(l) for l in lines if "raw" in l) <= len("[rt] ") + 90
    rounds = bench.parse_rounds("\n".join(lines))
    assert len(rounds) == 1
    r = rounds[0]
    assert (r.number, r.start, r.missed, r.stray) == (1, 223480, 11, 0)
    assert r.ticks == ticks                 # in the order taken
    assert r.resolution() == 16
    assert r.instructions()[:2] == [880, 880]
    assert bench.summarise(r.instructions())["max"] == 72481 * 16


def test_round_needs_frequency_and_whole_raw_lines():
    lines = rt_round(1, 10, [1, 2, 3])
    with pytest.raises(bench.CaseFailed, match="frequency"):
        bench.parse_rounds("\n".join(lines))
    lines = preamble() + rt_round(1, 10, list(range(100)))
    lost = [l for l in lines if "raw" not in l or "raw 1 0 " not in l]
    with pytest.raises(bench.CaseFailed, match="raw samples"):
        bench.parse_rounds("\n".join(lost))


def test_round_summary_must_agree_with_raw():
    lines = preamble() + rt_round(1, 10, [4, 5, 6])
    bad = [l.replace("max 6", "max 7") for l in lines]
    with pytest.raises(bench.CaseFailed, match="max"):
        bench.parse_rounds("\n".join(bad))


def test_round_interleaved_with_other_partitions():
    lines = preamble()
    for l in rt_round(2, 99, [7] * 50):
        lines += [l, "[linux] mica-linux:/root# "]
    rounds = bench.parse_rounds("\n".join(lines))
    assert [r.ticks for r in rounds] == [[7] * 50]


def test_round_after_load():
    text = "\n".join(
        preamble() + rt_round(1, 100, [1] * 10) +
        rt_round(2, 200, [2] * 10)[:3] +
        ["[linux] mica-load: hog running on 2 CPUs, cntvct 250"] +
        rt_round(2, 200, [2] * 10)[3:] +   # started before the load
        rt_round(3, 300, [3] * 10) + rt_round(4, 400, [4] * 10))
    load, r = bench.round_after_load(text, "hog", 2)
    assert load == ("hog", 2, 250)
    assert (r.number, r.ticks) == (3, [3] * 10)
    with pytest.raises(bench.CaseFailed, match="not 'memcpy'"):
        bench.round_after_load(text, "memcpy", 2)
    with pytest.raises(bench.CaseFailed, match="on 2 CPUs, not 1"):
        bench.round_after_load(text, "hog", 1)


def test_round_after_load_missing():
    text = "\n".join(preamble() + rt_round(1, 100, [1] * 10))
    with pytest.raises(bench.CaseFailed, match="no 'mica-load"):
        bench.round_after_load(text, "hog", 2)
    text += "\nmica-load: hog running on 1 CPU, cntvct 500"
    with pytest.raises(bench.CaseFailed, match="no whole rt-bench round"):
        bench.round_after_load(text, "hog", 1)


def test_fatal_lines():
    assert bench.fatal("mica: CPU 0 has vCPUs of linux and rt; this version "
                       "runs one vCPU per CPU")
    assert bench.fatal("mica: partition rt stopped: it powered off")
    assert bench.fatal("rt-bench: FAIL: cannot take the timer interrupt")
    assert bench.fatal("chan-bench: FAIL: pong did not answer")
    assert not bench.fatal("mica: starting partition rt")
    assert bench.KILLED_RE.match(
        "[linux] x qemu-system-aarch64: terminating on signal 15 from pid 1")
    assert bench.CPU_FAILED_RE.match(
        "[    0.004095] psci: failed to boot CPU1 (-22)")
    assert bench.CPU_FAILED_RE.match(
        "[    0.004098] CPU1: failed to boot: -22")


# --- cyclictest -------------------------------------------------------------

CYCLIC = """\
[linux] mica-linux: initramfs up
[linux] mica-cyclictest: start cntvct 60527360
[linux] mica-cyclictest: hist 4 900
[linux] mica-cyclictest: hist 5 85
[linux] mica-cyclictest: hist 7 10
[linux] mica-cyclictest: hist 44 5
[linux] mica-cyclictest: overflows 0
[linux] mica-cyclictest: min 4 avg 4 max 44 samples 1000
[linux] mica-cyclictest: done
"""


def test_cyclictest_parsed():
    c = bench.parse_cyclictest(CYCLIC)
    assert c.start == 60527360 and c.count == 1000 and c.overflows == 0
    v = c.instructions()
    assert len(v) == 1000 and v[0] == 4000 and v[-1] == 44000
    s = c.stats()
    assert s["min"] == 4000 and s["max"] == 44000
    assert s["p99"] == 7000         # the 990th smallest
    assert s["mean"] == pytest.approx(
        (900 * 4 + 85 * 5 + 10 * 7 + 5 * 44) * 1000 / 1000)


def test_cyclictest_overflows():
    text = CYCLIC.replace("[linux] mica-cyclictest: hist 7 10\n", "").replace(
        "[linux] mica-cyclictest: hist 44 5\n", "").replace(
        "overflows 0", "overflows 15").replace("max 44", "max 2500")
    c = bench.parse_cyclictest(text)
    assert c.overflows == 15 and len(c.instructions()) == 985
    s = c.stats()
    assert s["p99"] is None         # the 990th is among the overflows
    assert s["max"] == 2500000 and s["mean"] == 4000.0  # cyclictest's avg


@pytest.mark.parametrize("edit,why", [
    (("samples 1000", "samples 999"), "holds 1000 samples"),
    (("min 4 ", "min 3 "), "spans"),
    (("mica-cyclictest: done", "x"), "no complete"),
    (("[linux] mica-cyclictest: start cntvct 60527360\n", ""),
     "without a start"),
])
def test_cyclictest_inconsistent(edit, why):
    with pytest.raises(bench.CaseFailed, match=why):
        bench.parse_cyclictest(CYCLIC.replace(*edit))


# --- cases, table, histogram ------------------------------------------------

# --- round trips (guests/xen-pingpong) --------------------------------------

def pp_series(name, ticks, prog="xen-pingpong"):
    """A measurement's lines as guests/xen-pingpong/main.c prints them:
    raw lines of at most 64 characters of values, then the summary."""
    lines = []
    line = ""
    for i, v in enumerate(ticks):
        line += " %d" % v
        if i + 1 == len(ticks) or len(line) + 11 > 64:
            lines.append("%s: %s raw%s" % (prog, name, line))
            line = ""
    s = sorted(ticks)
    rank = (99 * len(s) + 99) // 100
    lines.append("%s: %s samples %d min %d mean %d p99 %d max %d (ticks)" % (
        prog, name, len(s), s[0], sum(s) // len(s), s[rank - 1], s[-1]))
    return lines


PP_HEAD = ["xen-pingpong: ping, port 10",
           "xen-pingpong: Xen 4.17, upcall PPI 31, GICv3",
           "xen-pingpong: counter %d Hz" % FREQ]


def test_series_parsed_in_instructions():
    hc = [26] * 999 + [38]
    rt = [700] * 990 + [701] * 9 + [714]
    text = "\n".join(PP_HEAD + pp_series("null-hypercall", hc) +
                     pp_series("evtchn", rt) + ["xen-pingpong: done"])
    s = bench.parse_series(text, "xen-pingpong", "evtchn")
    assert s.ticks == rt and s.resolution() == 16
    assert bench.summarise(s.instructions())["max"] == 714 * 16
    assert bench.parse_series(text, "xen-pingpong",
                              "null-hypercall").ticks == hc
    with pytest.raises(bench.CaseFailed, match="no summary"):
        bench.parse_series(text, "xen-pingpong", "doorbell")
    with pytest.raises(bench.CaseFailed, match="no summary"):
        bench.parse_series(text, "other-prog", "evtchn")


def test_series_needs_frequency_and_whole_raw_lines():
    lines = pp_series("evtchn", list(range(100)))
    with pytest.raises(bench.CaseFailed, match="frequency"):
        bench.parse_series("\n".join(lines), "xen-pingpong", "evtchn")
    lost = PP_HEAD + lines[:1] + lines[2:]
    with pytest.raises(bench.CaseFailed, match="raw samples"):
        bench.parse_series("\n".join(lost), "xen-pingpong", "evtchn")
    bad = PP_HEAD + [l.replace("mean 49", "mean 48") for l in lines]
    with pytest.raises(bench.CaseFailed, match="mean"):
        bench.parse_series("\n".join(bad), "xen-pingpong", "evtchn")


def test_xen_pingpong_cases():
    cases, added = bench.select_cases("xen+evtchn-1cpu")
    assert [c.name for c in cases] == ["xen+hypercall", "xen+evtchn-1cpu"]
    assert added == ["xen+hypercall"]
    assert bench.BY_NAME["xen+evtchn-1cpu"].bench == "round-trip"


# --- mica's channels (guests/chan-bench) ------------------------------------

CB_HEAD = ["[sender] chan-bench: counter %d Hz" % FREQ,
           "[receiver] chan-bench: counter %d Hz" % FREQ]


def cb_series(name, ticks, nbytes=None):
    """chan-bench's lines for one series, tagged as mica tags them."""
    head = [] if nbytes is None else ["chan-bench: %s bytes %d" % (name,
                                                                   nbytes)]
    return ["[sender] " + l for l in head +
            pp_series(name, ticks, prog="chan-bench")]


def test_bandwidth_parsed():
    mem = [11282] * 15 + [11283]
    stream = [21000] * 15 + [24000]
    text = "\n".join(CB_HEAD + cb_series("memcpy-65536", mem, 524288) +
                     cb_series("stream-65536", stream, 524288) +
                     ["[sender] chan-bench: done"])
    s = bench.parse_series(text, "chan-bench", "stream-65536")
    assert s.ticks == stream
    assert bench.parse_bytes(text, "chan-bench", "stream-65536") == 524288
    b = bench.bw_sample(s, 524288)
    instructions = 16 * sum(stream)
    assert b.stats["ipb"] == instructions / (16 * 524288)
    assert b.stats["bw"] == 1000 * 16 * 524288 / instructions
    assert b.values == [16 * t for t in stream]
    assert "16 samples of 524288 bytes" in b.note


def test_bandwidth_needs_its_bytes_line():
    lines = CB_HEAD + cb_series("stream-64", [100] * 16)
    with pytest.raises(bench.CaseFailed, match="no bytes line"):
        bench.parse_bytes("\n".join(lines), "chan-bench", "stream-64")
    # Another series' bytes, or one after the summary, are not its own.
    late = lines + ["[sender] chan-bench: stream-64 bytes 4096"]
    other = CB_HEAD + cb_series("memcpy-64", [1] * 16, 64) + lines
    for text in (late, other):
        with pytest.raises(bench.CaseFailed, match="no bytes line"):
            bench.parse_bytes("\n".join(text), "chan-bench", "stream-64")
    twice = CB_HEAD + ["[sender] chan-bench: stream-64 bytes 64"] + \
        cb_series("stream-64", [100] * 16, 64)
    with pytest.raises(bench.CaseFailed, match="two bytes lines"):
        bench.parse_bytes("\n".join(twice), "chan-bench", "stream-64")
    with pytest.raises(ValueError):
        bench.bandwidth(0, 100)


def test_chan_cases_add_their_floors():
    # mica+slow's own baseline comes too, for its row's ratio.
    cases, added = bench.select_cases("mica+doorbell")
    assert [c.name for c in cases] == ["bare", "mica+slow", "mica+trap",
                                       "mica+doorbell"]
    assert added == ["bare", "mica+slow", "mica+trap"]
    # A baseline's floor, and the floor's baselines.
    cases, added = bench.select_cases("mica+linux-call")
    assert added == ["bare", "mica+doorbell", "mica+slow", "mica+trap"]
    assert cases[-1].name == "mica+linux-call"
    cases, added = bench.select_cases("mica+stream-64k,mica+doorbell-1cpu")
    assert [c.name for c in cases] == ["mica+trap", "mica+doorbell-1cpu",
                                       "mica+memcpy-64k", "mica+stream-64k"]
    assert added == ["mica+memcpy-64k", "mica+trap"]
    assert bench.BY_NAME["mica+stream-64k"].bench == "bandwidth"


def test_linux_call_in_ns():
    # micactl's counter is CLOCK_MONOTONIC's ns: a value is instructions.
    ns = [25168] * 990 + [28064] * 9 + [82576]
    text = "\n".join(["[linux] micactl: counter 1000000000 Hz"] +
                     ["[linux] " + l for l in pp_series("call", ns,
                                                        prog="micactl")] +
                     ["[linux] mica-callbench: done"])
    s = bench.parse_series(text, "micactl", "call")
    assert s.instructions() == ns and s.resolution() == 1
    assert bench.CALL_DONE_RE.match("mica-callbench: done")
    assert bench.CALL_FAILED_RE.match("mica-callbench: failed, status 1")
    assert bench.BY_NAME["mica+linux-call"].baseline == "mica+doorbell"


def outcome_of(name, stats_per_run, runs=3):
    o = bench.Outcome(bench.BY_NAME[name], runs)
    for st in stats_per_run:
        o.samples.append(bench.Sample([1], st, 16, ""))
    return o


def latency(v):
    return bench.summarise([v])


def bw(nbytes, instructions):
    st = bench.summarise([instructions])
    st.update(bench.bandwidth(nbytes, instructions))
    return st


def test_doorbell_floor_is_two_trap_and_inject_paths():
    outcomes = [outcome_of("mica+slow", [latency(544)] * 3),
                outcome_of("mica+trap", [latency(624), latency(640),
                                         latency(624)]),
                outcome_of("mica+doorbell", [latency(2992)] * 3)]
    rows = bench.table_rows(outcomes)
    assert rows[3][0] == "mica+doorbell"
    # 2 x (624 + 544) = 2336
    assert rows[3][6] == "1.28x / 1.28x / 1.28x / 1.28x"
    assert rows[3][7] == "2x(mica+trap+mica+slow)"
    t = bench.target_lines(outcomes)
    assert t == ["`mica+doorbell`: a native round trip within 2x of two "
                 "trap-and-inject paths: mean 2992 / "
                 "`2x(mica+trap+mica+slow)` 2336 = 1.28x (target at most 2x): met"]
    # Without one part of the floor there is no ratio, and no verdict.
    rows = bench.table_rows(outcomes[1:])
    assert rows[2][6] == "- / - / - / -"
    assert bench.target_lines(outcomes[1:]) == [
        "`mica+doorbell`: a native round trip within 2x of two "
        "trap-and-inject paths: not measured"]


def test_bandwidth_rows_and_target():
    mem = outcome_of("mica+memcpy-64k", [bw(524288, 180000)] * 3)
    fast = outcome_of("mica+stream-64k", [bw(524288, 340000),
                                          bw(524288, 330000),
                                          bw(524288, 350000)])
    slow = outcome_of("mica+stream-64k", [bw(524288, 460000)] * 3)
    rows = bench.bw_rows([outcome_of("mica", [latency(544)] * 3), mem,
                          fast])
    assert len(rows) == 3
    assert rows[1] == ["mica+memcpy-64k", "3/3", "2913", "0.343",
                       "baseline", "mica+memcpy-64k"]
    assert rows[2] == ["mica+stream-64k", "3/3", "1542 [1498-1589]",
                       "0.648 [0.629-0.668]", "1.89x", "mica+memcpy-64k"]
    assert bench.target_lines([mem, fast])[0].endswith(
        "= 1.89x (target at most 2.5x): met")
    assert bench.target_lines([mem, slow])[0].endswith(
        "= 2.56x (target at most 2.5x): NOT met")
    # The latency table leaves them out.
    assert len(bench.table_rows([mem, fast])) == 1


def test_chan_bench_run_is_shared(tmp_path):
    env = bench.Env(str(tmp_path), str(tmp_path / "logs"))
    env.run = 2
    env.shared[("chan-stream", 2)] = "chan-bench: done"
    log = str(tmp_path / "logs" / "x-run2.log")
    assert bench.chan_bench_text(env, "chan-stream", 2, log) == \
        "chan-bench: done"
    assert open(log).read() == "chan-bench: done\n"
    env.shared[("chan-stream", 3)] = bench.CaseFailed("chan-bench: FAIL")
    env.run = 3
    for _ in range(2):
        with pytest.raises(bench.CaseFailed, match="FAIL"):
            bench.chan_bench_text(env, "chan-stream", 2, log)
    # Not run yet, and no guest: the failure says so, and is kept.
    env.run = 1
    with pytest.raises(bench.CaseFailed, match="chan-bench.elf is missing"):
        bench.chan_bench_text(env, "chan-stream", 2, log)
    assert isinstance(env.shared[("chan-stream", 1)], bench.CaseFailed)


def test_select_cases_adds_baselines():
    cases, added = bench.select_cases("mica, linux-mica")
    assert [c.name for c in cases] == ["bare", "mica", "linux-bare",
                                       "linux-mica"]
    assert added == ["bare", "linux-bare"]
    cases, added = bench.select_cases("")
    assert len(cases) == len(bench.CASES) and added == []
    with pytest.raises(ValueError, match="unknown case nope"):
        bench.select_cases("mica,nope")


def test_cyclictest_cases_on_one_cpu():
    # Bare, mica and Xen on one CPU against the bare 1-CPU baseline; the
    # 2-CPU pair against its own.
    cases, added = bench.select_cases("linux-mica-1cpu,linux-xen,linux-mica")
    assert [c.name for c in cases] == ["linux-bare-1cpu", "linux-mica-1cpu",
                                       "linux-xen", "linux-bare",
                                       "linux-mica"]
    assert sorted(added) == ["linux-bare", "linux-bare-1cpu"]
    assert all(bench.BY_NAME[n].bench == "cyclictest" for n in
               ("linux-bare-1cpu", "linux-mica-1cpu"))


def test_cyclictest_argv_cpus(monkeypatch, tmp_path):
    env = bench.Env(str(tmp_path), str(tmp_path / "logs"))
    argv = bench.bare_linux_argv(env, bench.CYCLICTEST_CMDLINE, 1)
    assert argv[argv.index("-smp") + 1] == "1" and "-nic" in argv
    assert bench.bare_linux_argv(env, "x")[argv.index("-smp") + 1] == "2"
    # Each case boots QEMU with its own CPU count and scenario.
    seen = []
    monkeypatch.setattr(bench, "cyclictest_live",
                        lambda a, log, timeout: seen.append(a) or "ok")
    monkeypatch.setattr(bench.Env, "build_scenario",
                        lambda self, s: "/b/%s/mica.bin" % s)
    monkeypatch.setattr(bench.Env, "need", lambda self, *p: None)
    for name in ("linux-bare-1cpu", "linux-mica-1cpu", "linux-bare",
                 "linux-mica"):
        assert bench.BY_NAME[name].run(env, "log") == "ok"
    smp = [a[a.index("-smp") + 1] for a in seen]
    assert smp == ["1", "1", "2", "2"]
    assert seen[1][seen[1].index("-kernel") + 1] == \
        "/b/linux-cyclictest-1cpu/mica.bin"
    assert seen[3][seen[3].index("-kernel") + 1] == \
        "/b/linux-cyclictest/mica.bin"


def test_cyclictest_scenarios_run_the_same_loops():
    for name in ("linux-cyclictest", "linux-cyclictest-1cpu"):
        dts = open(os.path.join(bench.ROOT, "configs", "bench",
                                name + ".dts")).read()
        assert 'cmdline = "%s";' % bench.CYCLICTEST_CMDLINE in dts, name
    one = open(os.path.join(bench.ROOT, "configs", "bench",
                            "linux-cyclictest-1cpu.dts")).read()
    assert "cpus = <1>;" in one and "vcpu1" not in one


def test_table_rows():
    def outcome(name, values, runs=3):
        o = bench.Outcome(bench.BY_NAME[name], runs)
        for v in values:
            o.samples.append(bench.Sample([v], bench.summarise([v]), 16, ""))
        return o

    rows = bench.table_rows([outcome("bare", [0, 0, 0]),
                             outcome("mica", [896, 880, 912]),
                             outcome("mica+shared", [])])
    assert rows[1][6] == "baseline"
    assert rows[2][:3] == ["mica", "3/3", "896 [880-912]"]
    assert rows[2][6] == ">56x / >56x / >56x / >56x"
    assert rows[3][:3] == ["mica+shared", "0/3", "not measured"]
    assert "| mica | 3/3 |" in bench.md_table(rows)


def test_histogram_bins():
    width, rows = bench.histogram([[896] * 10, [880, 896, 912]], 16)
    assert width == 16
    assert rows == [(880, [0, 1]), (896, [10, 1]), (912, [0, 1])]
    width, rows = bench.histogram([[0, 16 * 1000]], 16, bins=10)
    assert width % 16 == 0 and width * 10 >= 16 * 1000
    assert sum(sum(c) for _, c in rows) == 2


def test_results_written(tmp_path):
    def outcome(name, runs_values, error=None):
        o = bench.Outcome(bench.BY_NAME[name], 3)
        for v in runs_values:
            o.samples.append(bench.Sample(v, bench.summarise(v), 16,
                                          "round 1"))
        o.error = error
        o.failed_run = 1 if error else None
        return o

    stale = tmp_path / "mica+shared"
    stale.mkdir()
    (stale / "run1.txt").write_text("1\n")
    (tmp_path / "mica+shared.png").write_text("old")
    outcomes = [outcome("bare", [[0, 0]] * 3),
                outcome("mica", [[896, 880]] * 3),
                outcome("mica+shared", [], "mica: CPU 0 has vCPUs of linux "
                        "and rt; this version runs one vCPU per CPU\nmore")]
    for o in outcomes:
        bench.write_runs(str(tmp_path), o)
    run1 = (tmp_path / "mica" / "run1.txt").read_text().splitlines()
    assert run1[0].startswith("# mica run 1: 2 samples")
    assert run1[1:] == ["896", "880"]
    # A case not measured keeps no old figures.
    assert not stale.exists()
    assert not (tmp_path / "mica+shared.png").exists()

    bench.write_summary_dat(str(tmp_path / "summary.dat"), outcomes)
    dat = (tmp_path / "summary.dat").read_text()
    assert "mica 880 888 896 896\n" in dat
    # gnuplot's index counts only blocks with a record: an empty one too.
    assert dat.count("\n\n\n") == 4
    assert "# round-trip\nnone - - - -\n" in dat
    assert "# bandwidth\nnone - - - -\n" in dat
    assert dat.endswith("# gap\nnone - - - -\n")
    md = tmp_path / "summary.md"
    bench.write_summary_md(str(md), outcomes, bench.table_rows(outcomes),
                           "tools/bench/bench.py", ["bare"], [])
    text = md.read_text()
    assert "| mica | 3/3 | 880 | 888 | 896 | 896 |" in text
    assert "- `mica+shared` (run 1): mica: CPU 0 has vCPUs of linux and " \
        "rt; this version runs one vCPU per CPU\n" in text
    assert "- `mica`: rt-bench alone under mica " \
        "(configs/bench/rt-alone.dts). Every run: round 1." in text


def test_ctl_watch_lines_and_gap_sample():
    # ctl-watch's lines as guests/ctl-watch prints them.
    assert bench.CTL_FREQ_RE.match(
        "ctl-watch: watching beat, counter 62500000 Hz").group(1) == \
        "62500000"
    m = bench.CTL_STEADY_RE.match(
        "ctl-watch: steady: longest gap 6369 ticks over 10000 periods of v1")
    assert m.groups() == ("6369", "10000", "1")
    m = bench.CTL_GAP_RE.match(
        "ctl-watch: v1 -> v2: gap 30251 ticks (last period 19999 of v1 at "
        "248240873, then period 1 at 248271124)")
    assert m.group(1, 2, 3, 6) == ("1", "2", "30251", None)
    assert bench.CTL_GAP_RE.match(
        "ctl-watch: v1 -> v1: gap 20000 ticks (last period 7 of v1 at 1, "
        "then period 8 at 20001) stall").group(6) == " stall"
    # Ticks of the 62.5 MHz counter to instructions: 16 each.
    s = bench.gap_sample(30251, 6369, 62500000)
    assert s.values == [484016] and s.resolution == 16
    assert s.stats["max"] == 484016
    assert "6369 ticks (101904 instructions)" in s.note
    assert "stall" not in s.note
    # A stall before the switch is noted with the gap, not a failure.
    s = bench.gap_sample(30251, 6369, 62500000, 44472)
    assert s.values == [484016]
    assert "longest stall before the switch 44472 ticks (711552 " \
        "instructions)" in s.note
