# SPDX-License-Identifier: Apache-2.0
"""The README's size and line-count figures are what make size and make loc
print on this tree (tools/figures.py; `make figures` rewrites them).

Run: /usr/bin/python3 -m pytest -q tests/tools/test_figures.py
"""

import os
import re
import shutil
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


def edited(pattern, repl):
    """A copy of the README with one figure changed."""
    with open(os.path.join(ROOT, "README.md")) as f:
        text = f.read()
    new, n = re.subn(pattern, repl, text, count=1, flags=re.MULTILINE)
    assert n == 1, pattern
    tmp = tempfile.mkdtemp()
    path = os.path.join(tmp, "README.md")
    with open(path, "w") as f:
        f.write(new)
    return tmp, path


def test_check_fails_on_a_stale_figure_and_write_mends_it():
    tmp, path = edited(r"^(  text +)(\d+)", lambda m: m.group(1) + str(
        int(m.group(2)) + 8))
    try:
        proc = figures("check", path)
        assert proc.returncode == 1, proc.stdout
        assert "make size" in proc.stdout and "run make figures" in proc.stdout
        proc = figures("write", path)
        assert proc.returncode == 0, proc.stdout
        assert figures("check", path).returncode == 0
    finally:
        shutil.rmtree(tmp)


def test_check_fails_on_a_stale_line_count():
    tmp, path = edited(r"^(total: )(\d+)", lambda m: m.group(1) + str(
        int(m.group(2)) - 1))
    try:
        proc = figures("check", path)
        assert proc.returncode == 1 and "make loc" in proc.stdout, proc.stdout
    finally:
        shutil.rmtree(tmp)


def test_the_images_line_is_not_compared():
    """Partition images are Debian's current kernel, not mica's code."""
    tmp, path = edited(r"^(  images +)(\d+)", lambda m: m.group(1) + str(
        int(m.group(2)) + 4096))
    try:
        proc = figures("check", path)
        assert proc.returncode == 0, proc.stdout
    finally:
        shutil.rmtree(tmp)
