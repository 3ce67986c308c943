# SPDX-License-Identifier: Apache-2.0
"""tools/format.py: the style check make test runs fails on a file that
clang-format would change, names it, and passes on formatted files."""

import os
import shutil
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))))
FORMAT = os.path.join(ROOT, "tools", "format.py")


def repo(tmp_path, files):
    shutil.copy(os.path.join(ROOT, ".clang-format"), tmp_path)
    for name, text in files.items():
        p = tmp_path / name
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(text)
    subprocess.run(["git", "init", "-q"], cwd=tmp_path, check=True)
    subprocess.run(["git", "add", "."], cwd=tmp_path, check=True)
    return subprocess.run([sys.executable, FORMAT, "--root", str(tmp_path)],
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          universal_newlines=True)


GOOD = "int f(int a)\n{\n\tif (a > 0) {\n\t\treturn a;\n\t}\n\treturn 0;\n}\n"


def test_formatted_files_pass(tmp_path):
    r = repo(tmp_path, {"a.c": GOOD, "inc/b.h": "#define B 1\n"})
    assert r.returncode == 0, r.stdout + r.stderr


def test_a_misformatted_file_fails_and_is_named(tmp_path):
    r = repo(tmp_path, {"a.c": GOOD,
                        "hyp/x.c": "int g(int a) {\n  return a;\n}\n"})
    assert r.returncode == 1
    assert r.stdout.split() == ["hyp/x.c"]


def test_mbedtls_shims_are_left_out(tmp_path):
    r = repo(tmp_path, {"a.c": GOOD,
                        "hyp/lib/mbedtls/include/x.h": "int   y ;\n"})
    assert r.returncode == 0, r.stdout + r.stderr

