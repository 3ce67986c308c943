#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""mica's one test runner: host unit tests, static analysis, QEMU system tests.

Usage: tools/run-tests.py --build DIR [--only unit|static|system]

Groups:
  unit    every executable DIR/unit/*_test, run with CMOCKA_MESSAGE_OUTPUT=TAP;
          each TAP "ok"/"not ok" line is a case. A binary that crashes, exits
          non-zero with no failing case, times out, or prints no TAP plan is
          one more failure, named after the binary. No binaries at all is a
          failure too: unit tests that were not built did not pass.
  static  cppcheck and clang-tidy (config: .clang-tidy) on every C file of the
          hypervisor (HYP_SRCS in the Makefile, with its own -I/-D flags);
          each tool on each file is a case, and a finding fails it. One more
          case, tools/arch-names.py: the core names no architecture; and
          tools/format.py: every C file is as .clang-format formats it.
  system  pytest on tests/system (QEMU boots), tests/tools/test_bench.py,
          test_build_deps.py, test_loc.py, test_figures.py (the README's
          figures), test_arch_names.py, test_format.py, test_pin_verify.py
          and test_pin_provision.py, counted from its JUnit XML.
          Collecting nothing is a failure.

A skipped case counts as failed: on a machine set up by tools/deps.sh nothing
has a reason to skip, and a skip would hide a test that did not run.

The last line printed is "N passed, N failed". The exit status is 0 only if
nothing failed and at least one case ran. Standard library only; run with
Debian's /usr/bin/python3.
"""

import argparse
import concurrent.futures
import glob
import os
import re
import shlex
import subprocess
import sys
import time
import xml.etree.ElementTree as ET

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PYTHON = "/usr/bin/python3"
UNIT_TIMEOUT_S = 60
STATIC_TIMEOUT_S = 300
# Generous: the system suite takes well under a minute; each boot has its
# own hard timeout inside the tests, this only guards against pytest itself.
SYSTEM_TIMEOUT_S = 900
GROUPS = ("unit", "static", "system")


class Result:
    """The outcome of one group: cases that passed, cases that failed."""

    def __init__(self, group):
        self.group = group
        self.passed = []
        self.failed = []  # (name, details)

    def ok(self, name):
        self.passed.append(name)

    def fail(self, name, details=""):
        self.failed.append((name, details))


def say(msg=""):
    print(msg, flush=True)


def indent(text, prefix="    "):
    return "".join(prefix + line + "\n" for line in text.rstrip().splitlines())


def tail(text, lines=40):
    kept = text.rstrip().splitlines()
    if len(kept) > lines:
        kept = ["[... %d lines cut ...]" % (len(kept) - lines)] + kept[-lines:]
    return "\n".join(kept)


# --- unit -----------------------------------------------------------------

PLAN_RE = re.compile(r"^1\.\.(\d+)\s*$")
CASE_RE = re.compile(r"^(not )?ok (\d+)(?: - (.*?)| # SKIP\s*(.*?))?\s*$")


def run_unit_binary(path):
    """Runs one cmocka binary; returns (cases, binary_failure, output).

    cases: list of (status, name, details), status "ok", "fail" or "skip".
    binary_failure: None, or why the binary as a whole failed.
    """
    env = dict(os.environ, CMOCKA_MESSAGE_OUTPUT="TAP")
    try:
        proc = subprocess.run([path], cwd=ROOT, env=env,
                              stdin=subprocess.DEVNULL,
                              stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT,
                              timeout=UNIT_TIMEOUT_S)
        out = proc.stdout.decode("utf-8", "replace")
        rc = proc.returncode
    except subprocess.TimeoutExpired as e:
        out = (e.output or b"").decode("utf-8", "replace")
        return [], "timed out after %d s" % UNIT_TIMEOUT_S, out
    except OSError as e:
        return [], "cannot run: %s" % e, ""

    planned = 0
    plans = 0
    cases = []
    for line in out.splitlines():
        m = PLAN_RE.match(line)
        if m:
            plans += 1
            planned += int(m.group(1))
            continue
        m = CASE_RE.match(line)
        if m:
            if m.group(4) is not None:
                cases.append(["skip", m.group(4), ""])
            else:
                cases.append(["fail" if m.group(1) else "ok",
                              m.group(3) or "test %s" % m.group(2), ""])
            continue
        if line.startswith("# ") and cases and cases[-1][0] == "fail" and \
                not re.match(r"^# (not )?ok - ", line):
            cases[-1][2] += line[2:] + "\n"

    failing = sum(1 for c in cases if c[0] != "ok")
    why = None
    if rc < 0:
        why = "killed by signal %d" % -rc
    elif plans == 0:
        why = "printed no TAP plan (exit status %d)" % rc
    elif len(cases) != planned:
        why = "planned %d cases but reported %d (crashed?), exit status %d" % (
            planned, len(cases), rc)
    elif rc != 0 and failing == 0:
        why = "exit status %d with no failing case" % rc
    return cases, why, out


def group_unit(build):
    res = Result("unit")
    pattern = os.path.join(build, "unit", "*_test")
    bins = sorted(p for p in glob.glob(pattern)
                  if os.path.isfile(p) and os.access(p, os.X_OK))
    if not bins:
        res.fail("unit: no test binaries",
                 "nothing matches %s; the unit tests were not built "
                 "(make unit-build)" % pattern)
        return res
    with concurrent.futures.ThreadPoolExecutor(os.cpu_count() or 2) as ex:
        runs = list(ex.map(run_unit_binary, bins))
    for path, (cases, why, out) in zip(bins, runs):
        name = os.path.basename(path)
        bad = 0
        for status, case, details in cases:
            full = "%s: %s" % (name, case)
            if status == "ok":
                res.ok(full)
            elif status == "skip":
                bad += 1
                res.fail(full, "skipped (a skip counts as a failure)")
            else:
                bad += 1
                res.fail(full, details)
        if why is not None:
            res.fail("%s: the binary" % name,
                     "%s\n--- output ---\n%s" % (why, tail(out)))
        elif bad > 0:
            # Sanitizer reports and the like go with the last failing case.
            last, details = res.failed[-1]
            res.failed[-1] = (last, details.rstrip("\n") +
                              "\n--- output of %s ---\n%s" % (name,
                                                              tail(out)))
        say("  %-32s %3d passed, %3d failed%s" % (
            name, len(cases) - bad, bad,
            "" if why is None else "; and the binary: " + why))
    return res


# --- static ---------------------------------------------------------------

def make_print(target):
    """One value from the Makefile, so that the analysers see the build."""
    proc = subprocess.run(["make", "--no-print-directory", "-s", target],
                          cwd=ROOT, stdin=subprocess.DEVNULL,
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          universal_newlines=True, check=False)
    if proc.returncode != 0:
        raise RuntimeError("make %s failed:\n%s" % (target, proc.stderr))
    lines = proc.stdout.strip().splitlines()
    return lines[-1] if lines else ""


def run_tool(argv):
    try:
        proc = subprocess.run(argv, cwd=ROOT, stdin=subprocess.DEVNULL,
                              stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT,
                              timeout=STATIC_TIMEOUT_S)
    except subprocess.TimeoutExpired:
        return 1, "timed out after %d s" % STATIC_TIMEOUT_S
    except OSError as e:
        return 1, "cannot run %s: %s" % (argv[0], e)
    return proc.returncode, proc.stdout.decode("utf-8", "replace")


FINDING_RE = re.compile(r":\d+:\d+: (warning|error|style|performance|"
                        r"portability|information):")


def check_cppcheck(path, cflags):
    ppflags = [f for f in cflags if f.startswith(("-I", "-D", "-U"))]
    argv = ["cppcheck", "-q", "--enable=warning,style,performance,portability",
            "--error-exitcode=1", "--inline-suppr", "--std=c11",
            "--platform=unix64"] + ppflags + [path]
    rc, out = run_tool(argv)
    findings = [l for l in out.splitlines() if FINDING_RE.search(l)]
    return rc == 0 and not findings, out


def check_clang_tidy(path, cflags, triple):
    # The build's own flags (clang accepts every one of them for aarch64),
    # with clang's target for the cross compiler's triple.
    argv = ["clang-tidy", "-quiet", "--config-file=.clang-tidy", path, "--",
            "--target=" + triple] + cflags
    rc, out = run_tool(argv)
    # "N warnings generated." counts what the config filtered out: noise.
    out = "\n".join(l for l in out.splitlines()
                    if not re.match(r"^\d+ warnings? (and \d+ errors? )?"
                                    r"generated\.$", l) and
                    not l.startswith(("Suppressed ", "Use -header-filter",
                                      "Use -system-headers")))
    findings = [l for l in out.splitlines() if FINDING_RE.search(l)]
    return rc == 0 and not findings, out


def check_format():
    """One C style: every C file as .clang-format has it (tools/format.py)."""
    rc, out = run_tool([PYTHON, "tools/format.py"])
    return rc == 0, out


def check_arch_names():
    """../shared/style.md rule 1: the core names no architecture."""
    rc, out = run_tool([PYTHON, "tools/arch-names.py"])
    return rc == 0, out


def group_static(build):
    res = Result("static")
    del build  # the analysers read sources, not the build
    try:
        srcs = make_print("print-hyp-srcs").split()
        cflags = shlex.split(make_print("print-hyp-cflags"))
        triple = make_print("print-cross-compile").rstrip("-") or \
            "aarch64-linux-gnu"
    except RuntimeError as e:
        res.fail("static: hypervisor sources from the Makefile", str(e))
        return res
    csrcs = [s for s in srcs if s.endswith(".c")]
    if not csrcs:
        res.fail("static: hypervisor sources from the Makefile",
                 "make print-hyp-srcs listed no C files")
        return res
    say("  %d C files of the hypervisor (assembly is not analysed)" %
        len(csrcs))
    jobs = []
    for src in csrcs:
        jobs.append(("cppcheck " + src, check_cppcheck, (src, cflags)))
        jobs.append(("clang-tidy " + src, check_clang_tidy,
                     (src, cflags, triple)))
    jobs.append(("arch-names hyp/core hyp/include/mica", check_arch_names,
                 ()))
    jobs.append(("clang-format", check_format, ()))
    with concurrent.futures.ThreadPoolExecutor(os.cpu_count() or 2) as ex:
        futs = [(name, ex.submit(fn, *args)) for name, fn, args in jobs]
        for name, fut in futs:
            ok, out = fut.result()
            if ok:
                res.ok(name)
            else:
                res.fail(name, out.strip() or "failed with no output")
    return res


# --- system ---------------------------------------------------------------

def group_system(build):
    res = Result("system")
    xml = os.path.join(build, "system.xml")
    if os.path.exists(xml):
        os.unlink(xml)
    argv = [PYTHON, "-m", "pytest", "tests/system", "tests/tools/test_bench.py",
            "tests/tools/test_build_deps.py", "tests/tools/test_loc.py",
            "tests/tools/test_figures.py", "tests/tools/test_arch_names.py",
            "tests/tools/test_format.py", "tests/tools/test_pin_verify.py",
            "tests/tools/test_pin_provision.py",
            "tests/tools/test_mica_update.py",
            "-q",
            "-p", "no:cacheprovider", "--junitxml=" + xml]
    env = dict(os.environ, MICA_BUILD=os.path.abspath(build),
               PYTHONDONTWRITEBYTECODE="1")
    say("  " + " ".join(argv))
    try:
        # pytest's own report goes straight to our output as it runs.
        proc = subprocess.run(argv, cwd=ROOT, env=env,
                              stdin=subprocess.DEVNULL,
                              timeout=SYSTEM_TIMEOUT_S)
        rc = proc.returncode
    except subprocess.TimeoutExpired:
        res.fail("system: pytest", "timed out after %d s" % SYSTEM_TIMEOUT_S)
        return res
    except OSError as e:
        res.fail("system: pytest", "cannot run: %s" % e)
        return res
    if not os.path.exists(xml):
        res.fail("system: pytest",
                 "exit status %d and no report %s" % (rc, xml))
        return res
    try:
        root = ET.parse(xml).getroot()
    except ET.ParseError as e:
        res.fail("system: pytest", "unreadable report %s: %s" % (xml, e))
        return res
    cases = list(root.iter("testcase"))
    for tc in cases:
        name = "%s::%s" % (tc.get("classname", "?"), tc.get("name", "?"))
        bad = [c for c in tc if c.tag in ("failure", "error", "skipped")]
        if not bad:
            res.ok(name)
            continue
        details = []
        for c in bad:
            what = "skipped (a skip counts as a failure)" \
                if c.tag == "skipped" else c.tag
            # pytest printed the whole story above; the gist is enough here.
            msg = c.get("message", "").splitlines()
            gist = "\n".join(msg[:4])
            if len(msg) > 4:
                gist += "\n[... %d more lines in pytest's report above]" % (
                    len(msg) - 4)
            details.append("%s: %s" % (what, gist))
        res.fail(name, "\n".join(details))
    # Errors outside any test case (collection errors) and an empty run.
    suite_errors = sum(int(s.get("errors", "0"))
                       for s in root.iter("testsuite"))
    case_errors = sum(1 for tc in cases for c in tc if c.tag == "error")
    if suite_errors > case_errors:
        res.fail("system: pytest", "%d errors outside test cases"
                 % (suite_errors - case_errors))
    if not cases:
        res.fail("system: pytest", "collected no tests (exit status %d)" % rc)
    elif rc != 0 and not res.failed:
        res.fail("system: pytest", "exit status %d with every case passed"
                 % rc)
    return res


# --- main -----------------------------------------------------------------

def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--build", default="build", help="build directory")
    ap.add_argument("--only", choices=GROUPS, help="run one group")
    args = ap.parse_args()
    os.chdir(ROOT)
    build = args.build

    results = []
    for group in GROUPS:
        if args.only is not None and group != args.only:
            continue
        say("=== %s" % group)
        start = time.monotonic()
        res = {"unit": group_unit, "static": group_static,
               "system": group_system}[group](build)
        res.seconds = time.monotonic() - start
        for name, details in res.failed:
            say("FAIL %s" % name)
            if details:
                say(indent(details))
        say("--- %s: %d passed, %d failed (%.1f s)" % (
            group, len(res.passed), len(res.failed), res.seconds))
        results.append(res)

    passed = sum(len(r.passed) for r in results)
    failed = sum(len(r.failed) for r in results)
    say("")
    say("=== summary")
    for r in results:
        say("  %-7s %4d passed, %4d failed  %6.1f s%s" % (
            r.group, len(r.passed), len(r.failed), r.seconds,
            "" if not r.failed else "   <-- " + ", ".join(
                n for n, _ in r.failed[:3]) +
            (" ..." if len(r.failed) > 3 else "")))
    say("%d passed, %d failed" % (passed, failed))
    return 0 if failed == 0 and passed > 0 else 1


if __name__ == "__main__":
    sys.exit(main())
