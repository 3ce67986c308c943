# SPDX-License-Identifier: Apache-2.0
"""The payment processor's verifier, tools/pin-verify, against verdicts made
by pin-entry's own C code (check.c through the host driver
$(BUILD)/tests/tools/pin-verdict, which make test-builds builds): a good
verdict is accepted once; a forged one, an altered one, one for another
request and a replayed one are each refused with exit status 1 and say why,
and leave the verifier's state as it was.

Run: /usr/bin/python3 -m pytest -q tests/tools/test_pin_verify.py
"""

import hashlib
import hmac
import json
import os
import subprocess
import sys
import tempfile

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))))
BUILD = os.environ.get("MICA_BUILD", os.path.join(ROOT, "build"))
DRIVER = os.path.join(BUILD, "tests", "tools", "pin-verdict")
VERIFY = os.path.join(ROOT, "tools", "pin-verify")
KEY = bytes(range(0x40, 0x60))


@pytest.fixture
def tmp():
    with tempfile.TemporaryDirectory() as d:
        with open(os.path.join(d, "key"), "w") as f:
            f.write(KEY.hex() + "\n")
        yield d


def verdicts(tmp, session, outcome, rid, cents, cur="EUR", count=1,
             key="key"):
    """Genuine verdicts from the C side, as bytes."""
    assert os.path.exists(DRIVER), \
        "%s is missing: run make test-builds" % DRIVER
    out = subprocess.run([DRIVER, os.path.join(tmp, key), "%x" % session,
                          outcome, str(rid), str(cents), cur, str(count)],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                         universal_newlines=True, check=True, timeout=30)
    lines = out.stdout.split()
    assert len(lines) == count, out
    return [bytes.fromhex(l) for l in lines]


def verify(tmp, verdict, rid, amount, *extra):
    text = verdict.hex() if isinstance(verdict, bytes) else verdict
    proc = subprocess.run(
        [sys.executable, VERIFY, "--key", os.path.join(tmp, "key"),
         "--state", os.path.join(tmp, "state"), "--id", str(rid),
         "--amount", amount] + list(extra) + [text],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
        universal_newlines=True, timeout=30)
    return proc.returncode, proc.stdout


def state(tmp):
    try:
        with open(os.path.join(tmp, "state")) as f:
            return f.read()
    except FileNotFoundError:
        return None


def refused(tmp, kind, verdict, rid, amount, *extra):
    """Verifies, expecting refusal of this kind and no change of state."""
    before = state(tmp)
    rc, out = verify(tmp, verdict, rid, amount, *extra)
    assert rc == 1, out
    assert out.startswith("pin-verify: %s: " % kind), out
    assert state(tmp) == before
    return out


def remac(body):
    """A verdict whose MAC is right for its body: made with the key."""
    return body + hmac.new(KEY, body, hashlib.sha256).digest()


def test_genuine_verdict_is_accepted_and_recorded(tmp):
    v, = verdicts(tmp, 0xcafe0001, "approved", 42, 1250)
    rc, out = verify(tmp, v, 42, "12.50", "--currency", "eur")
    assert rc == 0, out
    assert out == ("pin-verify: AUTHENTIC: approved: request 42, 12.50 EUR "
                   "(session cafe0001, counter 1)\n")
    st = json.loads(state(tmp))
    assert st == {"sessions": {"cafe0001": 1}, "approved": [42]}


def test_every_outcome_is_described(tmp):
    d, = verdicts(tmp, 1, "denied", 7, 5, "USD")
    assert verify(tmp, d, 7, "0.05") == (0, (
        "pin-verify: AUTHENTIC: denied (2 tries left): request 7, "
        "0.05 USD (session 00000001, counter 1)\n"))
    lk, = verdicts(tmp, 2, "locked", 8, 99999999)
    assert verify(tmp, lk, 8, "999999.99") == (0, (
        "pin-verify: AUTHENTIC: locked: request 8, 999999.99 EUR "
        "(session 00000002, counter 1)\n"))
    rf, = verdicts(tmp, 3, "refused", 9, 1)
    assert verify(tmp, rf, 9, "0.01") == (0, (
        "pin-verify: AUTHENTIC: refused (bad amount): request 9 "
        "(session 00000003, counter 1)\n"))


def test_made_up_verdict_is_forged(tmp):
    # Linux's own verdict: the right format, a key it guessed.
    with open(os.path.join(tmp, "other"), "w") as f:
        f.write(bytes(32).hex() + "\n")
    v, = verdicts(tmp, 0xcafe0001, "approved", 42, 1250, key="other")
    out = refused(tmp, "FORGED", v, 42, "12.50")
    assert "the MAC does not match" in out
    # Or no MAC at all.
    refused(tmp, "FORGED", v[:40] + bytes(32), 42, "12.50")


def test_altered_fields_are_forged(tmp):
    v, = verdicts(tmp, 0xcafe0001, "denied", 42, 1250)
    body = bytearray(v)
    body[16] = 0x01  # amount 12.50 -> 10.25
    refused(tmp, "FORGED", bytes(body), 42, "10.25")
    body = bytearray(v)
    body[4] = 1  # denied -> approved
    refused(tmp, "FORGED", bytes(body), 42, "12.50")
    body = bytearray(v)
    body[8] ^= 1  # another request id
    refused(tmp, "FORGED", bytes(body), 43, "12.50")
    body = bytearray(v)
    body[32] = 9  # a later counter, to dodge the replay check
    refused(tmp, "FORGED", bytes(body), 42, "12.50")
    # The genuine one is still good: none of those touched the state.
    assert verify(tmp, v, 42, "12.50")[0] == 0


def test_genuine_verdict_for_another_request_is_a_mismatch(tmp):
    v, = verdicts(tmp, 0xcafe0001, "approved", 42, 100)
    out = refused(tmp, "MISMATCH", v, 42, "12.50")
    assert "the verdict is for 1.00 EUR, not 12.50 EUR" in out
    out = refused(tmp, "MISMATCH", v, 43, "1.00")
    assert "the verdict is for request 42, not 43" in out
    out = refused(tmp, "MISMATCH", v, 42, "1", "--currency", "USD")
    assert "in EUR, not USD" in out


def test_replayed_verdict_is_refused(tmp):
    v1, v2, v3 = verdicts(tmp, 0xcafe0001, "denied", 42, 1250, count=3)
    assert verify(tmp, v1, 42, "12.50")[0] == 0
    out = refused(tmp, "REPLAYED", v1, 42, "12.50")
    assert "session cafe0001 counter 1 was seen" in out
    assert verify(tmp, v3, 42, "12.50")[0] == 0
    # An older one, never shown before, comes too late.
    refused(tmp, "REPLAYED", v2, 42, "12.50")


def test_restart_of_pin_entry_is_a_new_session_not_a_replay(tmp):
    old = verdicts(tmp, 0x1111, "denied", 42, 1250, count=2)
    assert verify(tmp, old[1], 42, "12.50")[0] == 0
    # pin-entry restarted: counters from 1 again, under a new session.
    new, = verdicts(tmp, 0x2222, "approved", 42, 1250)
    assert verify(tmp, new, 42, "12.50")[0] == 0
    # The old session is remembered all the same.
    refused(tmp, "REPLAYED", old[0], 42, "12.50")
    refused(tmp, "REPLAYED", old[1], 42, "12.50")


def test_request_is_approved_once(tmp):
    a1, a2 = verdicts(tmp, 5, "approved", 42, 1250, count=2)
    assert verify(tmp, a1, 42, "12.50")[0] == 0
    out = refused(tmp, "REPLAYED", a2, 42, "12.50")
    assert "request 42 was approved before" in out


def test_malformed_input_is_refused(tmp):
    v, = verdicts(tmp, 5, "approved", 42, 1250)
    refused(tmp, "MALFORMED", "not hex", 42, "12.50")
    refused(tmp, "MALFORMED", v[:71], 42, "12.50")
    refused(tmp, "MALFORMED", v + b"\0", 42, "12.50")
    # Authentic (the key signed it) but a field pay.c would refuse.
    out = refused(tmp, "MALFORMED", remac(b"MPV1" + v[4:28] + v[28:32] +
                                          bytes(8)), 42, "12.50")
    assert "counter 0" in out
    # Hex as micactl or a person may space it is fine.
    spaced = " ".join(v.hex()[i:i + 8] for i in range(0, 144, 8))
    assert verify(tmp, spaced, 42, "12.50")[0] == 0


def test_bad_usage_is_not_a_verdict(tmp):
    v, = verdicts(tmp, 5, "approved", 42, 1250)
    assert verify(tmp, v, 42, "12.505")[0] == 2
    assert verify(tmp, v, "x", "12.50")[0] == 2
    os.unlink(os.path.join(tmp, "key"))
    assert verify(tmp, v, 42, "12.50")[0] == 2
    assert state(tmp) is None
