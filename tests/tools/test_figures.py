# SPDX-License-Identifier: Apache-2.0
"""The README's size and line-count figures are what make size and make loc
print on this tree (tools/figures.py; `make figures` rewrites them).

Run: /usr/bin/python3 -m pytest -q tests/tools/test_figures.py
"""

import contextlib
import os
import re
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))))
BUILD = os.environ.get("MICA_BUILD", os.path.join(ROOT, "build"))
FIGURES = os.path.join(ROOT, "tools", "figures.py")


def figures(mode, readme):
    return subprocess.run([sys.executable, FIGURES, mode, readme,
                           "--build", BUILD], cwd=ROOT,
                          stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                          stderr=subprocess.STDOUT, universal_newlines=True,
                          timeout=600)


def test_readme_figures_are_current():
    proc = figures("check", os.path.join(ROOT, "README.md"))
    assert proc.returncode == 0, proc.stdout


@contextlib.contextmanager
def edited(pattern, repl):
    """A copy of the README with one figure changed, removed afterwards."""
    with open(os.path.join(ROOT, "README.md")) as f:
        text = f.read()
    new, n = re.subn(pattern, repl, text, count=1, flags=re.MULTILINE)
    assert n == 1, pattern
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "README.md")
        with open(path, "w") as f:
            f.write(new)
        yield path


def bumped(n):
    return lambda m: m.group(1) + str(int(m.group(2)) + n)


def test_check_fails_on_a_stale_figure_and_write_mends_it():
    with edited(r"^(  text +)(\d+)", bumped(8)) as path:
        proc = figures("check", path)
        assert proc.returncode == 1, proc.stdout
        assert "make size" in proc.stdout and "run make figures" in proc.stdout
        proc = figures("write", path)
        assert proc.returncode == 0, proc.stdout
        assert figures("check", path).returncode == 0


def test_check_fails_on_a_stale_line_count():
    with edited(r"^(total: )(\d+)", bumped(-1)) as path:
        proc = figures("check", path)
        assert proc.returncode == 1 and "make loc" in proc.stdout, proc.stdout


def test_the_images_line_is_not_compared():
    """Partition images are Debian's current kernel, not mica's code."""
    with edited(r"^(  images +)(\d+)", bumped(4096)) as path:
        proc = figures("check", path)
        assert proc.returncode == 0, proc.stdout
