# SPDX-License-Identifier: Apache-2.0
"""make loc's counter (tools/loc.py): code that mica compiles in but did not
write (Mbed TLS, under --third-party DIR) is counted in a table of its own,
not in mica's total, which stays mica's own lines.

Run: /usr/bin/python3 -m pytest -q tests/tools/test_loc.py
"""

import os
import shutil
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))))


def loc(*args):
    proc = subprocess.run([sys.executable, "tools/loc.py"] + list(args),
                          cwd=ROOT, stdout=subprocess.PIPE,
                          stderr=subprocess.STDOUT, universal_newlines=True,
                          check=False, timeout=60)
    assert proc.returncode == 0, proc.stdout
    return proc.stdout


def test_third_party_lines_are_counted_apart():
    os.makedirs(os.path.join(ROOT, "build"), exist_ok=True)
    top = tempfile.mkdtemp(prefix="loc-", dir=os.path.join(ROOT, "build"))
    rel = os.path.relpath(top, ROOT)
    try:
        os.makedirs(os.path.join(top, "ours"))
        os.makedirs(os.path.join(top, "theirs", "library"))
        with open(os.path.join(top, "ours", "a.c"), "w") as f:
            f.write("/* a comment */\nint a;\n\nint b;\nint c;\n")
        with open(os.path.join(top, "theirs", "library", "t.c"),
                  "w") as f:
            f.write("int t; // one\n/* none */\nint u;\n")
        dep = os.path.join(top, "a.d")
        with open(dep, "w") as f:
            f.write("a.o: %s/ours/a.c \\\n %s/theirs/library/t.c\n" %
                    (rel, rel))
        both = loc(dep)
        assert "total: 5 lines of C and assembly" in both, both
        assert "third-party" not in both, both
        apart = loc("--third-party", rel + "/theirs", dep)
        assert "total: 3 lines of C and assembly" in apart, apart
        assert "third-party: 2 lines of C compiled in as well (5 in all)" \
            in apart, apart
        assert rel + "/theirs " in apart, apart
    finally:
        shutil.rmtree(top, ignore_errors=True)
