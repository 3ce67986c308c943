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


def test_tcb_counts_what_the_link_took_part_by_part():
    os.makedirs(os.path.join(ROOT, "build"), exist_ok=True)
    top = tempfile.mkdtemp(prefix="loc-", dir=os.path.join(ROOT, "build"))
    rel = os.path.relpath(top, ROOT)

    def write(name, text):
        with open(os.path.join(top, name), "w") as f:
            f.write(text)

    try:
        write("hyp.c", "int h;\nint i;\n")
        write("hyp.d", "hyp.o: %s/hyp.c %s/shared.h\n" % (rel, rel))
        write("shared.h", "int s;\n")
        # lib: two archive members, one taken by the link, one not.
        write("lib1.c", "int l1;\n/* no */\nint l2;\n")
        write("lib1.d", "lib1.o: %s/lib1.c %s/shared.h\n" % (rel, rel))
        write("lib2.c", "int never;\n")
        write("lib2.d", "lib2.o: %s/lib2.c\n" % rel)
        write("app.S", "nop\nnop\n")
        write("app.d", "app.o: %s/app.S %s/shared.h\n" % (rel, rel))
        write("map", "Archive member included to satisfy reference by "
              "file (symbol)\n\n%s/lib.a(lib1.o)\n"
              "                              %s/app.o (l1)\n\n"
              "LOAD %s/app.o\nLOAD %s/lib.a\n" % (rel, rel, rel, rel))
        plain = loc(rel + "/hyp.d")
        out = loc(rel + "/hyp.d", "--tcb", "app", rel + "/map",
                  "--tcb-part", "lib", "%s/lib1.o %s/lib2.o" % (rel, rel),
                  "--tcb-part", "app", rel + "/app.o")
        # The hypervisor's figures are as without --tcb.
        assert out.startswith(plain), out
        rows = out[len(plain):]
        assert "app's trusted computing base" in rows, rows
        # mica: hyp.c + shared.h; lib: lib1.c + shared.h (not lib2.c);
        # app: app.S + shared.h, shared.h counted in each part.
        assert "\nmica                            2        3        0        3" \
            in rows, rows
        assert "\nlib                             2        3        0        3" \
            in rows, rows
        assert "\napp                             2        1        2        3" \
            in rows, rows
        assert "tcb: 9 lines of C and assembly in app's trusted computing " \
            "base" in rows, rows
        assert "tcb: 9 of them this repository's, 0 third-party" in rows, \
            rows
        # With lib1.c's directory third-party: its 2 lines in lib's part
        # (shared.h stays ours) are counted apart, the total unchanged.
        os.makedirs(os.path.join(top, "tp"))
        os.rename(os.path.join(top, "lib1.c"),
                  os.path.join(top, "tp", "lib1.c"))
        write("lib1.d", "lib1.o: %s/tp/lib1.c %s/shared.h\n" % (rel, rel))
        out = loc("--third-party", rel + "/tp", rel + "/hyp.d", "--tcb",
                  "app", rel + "/map", "--tcb-part", "lib",
                  "%s/lib1.o %s/lib2.o" % (rel, rel),
                  "--tcb-part", "app", rel + "/app.o")
        assert "tcb: 9 lines of C and assembly in app's trusted computing " \
            "base" in out, out
        assert "tcb: 7 of them this repository's, 2 third-party (whole " \
            "files under %s/tp)" % rel in out, out
        # A part none of whose objects was linked is an error, not a 0.
        proc = subprocess.run(
            [sys.executable, "tools/loc.py", rel + "/hyp.d", "--tcb", "app",
             rel + "/map", "--tcb-part", "lib", rel + "/lib2.o"], cwd=ROOT,
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
            universal_newlines=True, check=False, timeout=60)
        assert proc.returncode == 1, proc.stdout
        assert "no object of part lib was linked" in proc.stdout
    finally:
        shutil.rmtree(top, ignore_errors=True)
