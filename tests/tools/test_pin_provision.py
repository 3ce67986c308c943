# SPDX-License-Identifier: Apache-2.0
"""pin-entry's provisioning, tools/pin-provision: the C file holds a salt,
the iteration count and the PBKDF2-HMAC-SHA256 hash of the PIN, never the
PIN; the key file holds the same verdict key; a second run with the same PIN
changes nothing (make rebuilds nothing), another PIN gets a new salt and key;
a malformed PIN is refused.

Run: /usr/bin/python3 -m pytest -q tests/tools/test_pin_provision.py
"""

import hashlib
import os
import re
import stat
import subprocess
import sys
import tempfile

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))))
TOOL = os.path.join(ROOT, "tools", "pin-provision")


@pytest.fixture
def tmp():
    with tempfile.TemporaryDirectory() as d:
        yield d


def provision(tmp, pin, iterations=1000):
    env = dict(os.environ, MICA_PIN=pin)
    return subprocess.run(
        [sys.executable, TOOL, "--iterations", str(iterations),
         "--c", os.path.join(tmp, "p.c"), "--key", os.path.join(tmp, "k")],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
        universal_newlines=True, timeout=30)


def fields(tmp):
    with open(os.path.join(tmp, "p.c")) as f:
        text = f.read()
    got = {}
    for name in ("salt", "hash", "key"):
        m = re.search(r"\.%s = \{ ([0-9a-fx, ]*) \}" % name, text)
        got[name] = bytes(int(x, 16) for x in m.group(1).split(", "))
    got["iterations"] = int(re.search(r"\.iterations = (\d+)u",
                                      text).group(1))
    with open(os.path.join(tmp, "k")) as f:
        got["keyfile"] = bytes.fromhex(f.read().strip())
    got["text"] = text
    return got


def test_hash_not_pin_and_one_key(tmp):
    assert provision(tmp, "4711").returncode == 0
    f = fields(tmp)
    assert len(f["salt"]) == 16 and len(f["key"]) == 32
    assert f["iterations"] == 1000
    assert f["hash"] == hashlib.pbkdf2_hmac("sha256", b"4711", f["salt"],
                                            1000)
    assert f["keyfile"] == f["key"]
    assert "4711" not in f["text"]
    assert "const struct check_provision pin_provision" in f["text"]
    for name in ("p.c", "k"):
        mode = os.stat(os.path.join(tmp, name)).st_mode
        assert stat.S_IMODE(mode) == 0o600, name


def test_same_pin_changes_nothing(tmp):
    assert provision(tmp, "4711").returncode == 0
    before = fields(tmp)
    mtimes = [os.stat(os.path.join(tmp, n)).st_mtime_ns for n in ("p.c", "k")]
    proc = provision(tmp, "4711")
    assert proc.returncode == 0 and proc.stdout == "", proc.stdout
    assert fields(tmp) == before
    assert [os.stat(os.path.join(tmp, n)).st_mtime_ns
            for n in ("p.c", "k")] == mtimes


def test_another_pin_or_count_is_provisioned_afresh(tmp):
    assert provision(tmp, "4711").returncode == 0
    first = fields(tmp)
    assert provision(tmp, "4712").returncode == 0
    second = fields(tmp)
    assert second["salt"] != first["salt"] and second["key"] != first["key"]
    assert second["hash"] == hashlib.pbkdf2_hmac("sha256", b"4712",
                                                 second["salt"], 1000)
    assert provision(tmp, "4712", 2000).returncode == 0
    assert fields(tmp)["iterations"] == 2000
    # A key file that lost its key is written again, with the C file.
    with open(os.path.join(tmp, "k"), "w") as f:
        f.write("00\n")
    assert provision(tmp, "4712", 2000).returncode == 0
    third = fields(tmp)
    assert third["keyfile"] == third["key"]


@pytest.mark.parametrize("pin", ["", "123", "12345", "12a4", " 1234"])
def test_malformed_pin_is_refused(tmp, pin):
    proc = provision(tmp, pin)
    assert proc.returncode == 2
    assert "the PIN must be 4 digits" in proc.stdout
    assert not os.path.exists(os.path.join(tmp, "p.c"))


def test_too_few_iterations_are_refused(tmp):
    assert provision(tmp, "4711", 999).returncode == 2
