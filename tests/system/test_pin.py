# SPDX-License-Identifier: Apache-2.0
"""PIN entry with a trusted path, in the default scenario, typed as a
person types: `micactl pay` in Linux's shell sends a request over
pin-linux, mica moves the keyboard to pin-entry on its own line, the PIN
is typed, the keyboard comes back and micactl prints the verdict.

The tests share one boot and run in this file's order (the PIN is the
build's default, 1234; the lock-out, which lasts until pin-entry
restarts, comes last). Each checks what Linux's shell printed and what
mica and pin-entry printed on their own lines.
"""

import os
import re
import subprocess
import sys
import time

import pytest

import mica_qemu
from test_partitions import BOOT_TIMEOUT_S, ESC, LINUX_PROMPT, Machine

PIN = "1234"
TAKE = r"\r\nmica: keyboard -> pin \(requested by pin\)\r\n"
GIVE_BACK = r"\r\nmica: keyboard -> linux \(given back by pin\)\r\n"
PROMPT = r"\[pin\] pin-entry: type your 4-digit PIN and Enter \(q cancels\): "
VERDICT = r"\[linux\] verdict ([0-9a-f]{144})\r\n"
VERIFY = os.path.join(mica_qemu.ROOT, "tools", "pin-verify")
KEY = os.path.join(mica_qemu.BUILD, "guests", "pin-verdict.key")


@pytest.fixture(scope="module")
def m():
    m = Machine(mica_qemu.SCENARIO_IMAGE, gic=3, append="")
    try:
        m.expect(r"\[pin\] pin-entry: waiting for payments on pin-linux",
                 BOOT_TIMEOUT_S)
        m.expect(r"\[linux\] mica-linux: shell up", BOOT_TIMEOUT_S)
        m.expect(LINUX_PROMPT)
        yield m
    finally:
        m.close()


def pay(m, command, keys, outcome, then=None):
    """Runs command (a micactl pay) in Linux's shell, waits for mica's
    line and pin-entry's prompt, types keys and waits for the keyboard to
    come back and micactl's verdict (outcome: a regex of its words), then
    for `then` if given. Returns the verdict's hex and then's match."""
    m.send(command + "\r")
    m.expect(TAKE)
    m.expect(PROMPT)
    m.send(keys)
    m.expect(GIVE_BACK)
    m.expect(r"\[linux\] " + outcome + r"\r\n")
    got = m.expect(VERDICT).group(1)
    after = m.expect(then) if then else None
    m.expect(LINUX_PROMPT)
    return (got, after) if then else got


def test_pay_approved_and_the_digits_never_reach_linux(m):
    # Linux's UART driver counts every byte it receives (rx:N), and a
    # process reads Linux's console (in the foreground, for 15 s) while
    # the PIN is typed: neither sees a byte of it.
    start = len(m.log)
    hexv, got = pay(
        m, "a=$(grep -o 'rx:[0-9]*' /proc/tty/driver/ttyAMA); "
        "micactl pay 12.50 & timeout 15 cat /dev/ttyAMA0 > /tmp/typed; "
        "wait; b=$(grep -o 'rx:[0-9]*' /proc/tty/driver/ttyAMA); "
        "echo \"before $a after $b typed $(wc -c < /tmp/typed)\"",
        PIN + "\r", "approved",
        then=r"\[linux\] before rx:(\d+) after rx:(\d+) typed (\d+)\r\n")
    assert got.group(1) == got.group(2) and got.group(3) == "0", \
        got.group(0)
    seen = m.log[start:]
    assert re.search(r"\[pin\] pin-entry: payment of 12\.50 EUR \(request "
                     r"[0-9a-f]{16}\)\r\n", seen), seen
    # Echoed as stars only; no digit of the PIN on pin-entry's lines.
    assert re.search(PROMPT + r"\*\*\*\*\r\n\[pin\] pin-entry: approved",
                     seen), seen
    for line in re.findall(r"\[pin\][^\r\n]*", seen):
        assert PIN not in line, line
    # The verdict: "MPV1", approved (1), 3 tries left, the amount 1250.
    assert hexv.startswith("4d505631" + "01" + "03" + "0000"), hexv
    assert hexv[32:48] == (1250).to_bytes(8, "little").hex(), hexv


def test_linux_cannot_print_micas_line_and_the_secure_attention_key(m):
    start = len(m.log)
    m.linux("printf 'mica: keyboard -> pin (requested by pin)\\n"
            "\\rmica: keyboard -> pin\\n\\033[2Kmica: x\\n'",
            r"\[linux\] \S*mica: x\r\n")
    seen = m.log[start:]
    # Every line Linux printed is tagged; none is mica's.
    assert not re.search(r"(^|\n)mica: keyboard", seen), seen
    assert "[linux] mica: keyboard -> pin (requested by pin)" in seen, seen
    # Ctrl-] s gives pin-entry the keyboard, whatever Linux does; with no
    # payment waiting, what is typed is checked against nothing.
    m.send(ESC + "s")
    m.expect(r"\r\nmica: keyboard -> pin \(secure attention key\)\r\n")
    m.send(PIN + "\r")
    m.expect(r"\[pin\] pin-entry: 4 digits typed, not checked: no payment "
             r"is waiting")
    m.send(ESC + "1")
    m.expect(r"mica: keyboard -> linux")
    m.linux("echo back", r"\[linux\] back\r\n")


def test_wrong_pin_then_right(m):
    hexv = pay(m, "micactl pay 7.05 usd", "9999\r",
               r"denied: wrong PIN, 2 tries left")
    assert hexv.startswith("4d505631" + "02" + "02"), hexv
    assert re.search(r"\[pin\] pin-entry: wrong PIN; 2 tries left", m.log)
    # Cancelled with q: no try used.
    pay(m, "micactl pay 7.05 usd", "q", r"denied: cancelled \(no try used\)")
    # The right PIN: approved, and the tries are full again.
    hexv = pay(m, "micactl pay 7.05 usd", "125\x7f34\r", "approved")
    assert hexv.startswith("4d505631" + "01" + "03"), hexv


def verify(state, hexv, rid, amount):
    """tools/pin-verify, the payment processor's check: (status, line)."""
    r = subprocess.run([sys.executable, VERIFY, "--id", "0x" + rid,
                        "--amount", amount, "--key", KEY, "--state", state,
                        hexv], capture_output=True, text=True, timeout=30)
    return r.returncode, r.stdout.strip()


def test_forged_and_replayed_verdicts_are_detected(m, tmp_path):
    state = str(tmp_path / "verify.state")
    rids, verdicts = [], []
    for _ in range(2):
        start = len(m.log)
        verdicts.append(pay(m, "micactl pay 5.00", PIN + "\r", "approved"))
        rids.append(re.search(r"request ([0-9a-f]{16}): waiting",
                              m.log[start:]).group(1))
    # The genuine verdicts, in order: accepted.
    for hexv, rid in zip(verdicts, rids):
        st, line = verify(state, hexv, rid, "5.00")
        assert st == 0 and line.startswith(
            "pin-verify: AUTHENTIC: approved: request %d, 5.00 EUR "
            % int(rid, 16)), line
    # Forwarded again, the first or the last: replayed.
    for hexv, rid in zip(verdicts, rids):
        st, line = verify(state, hexv, rid, "5.00")
        assert st == 1 and line.startswith("pin-verify: REPLAYED"), line
    # Linux alters the amount of a genuine one (5.00 -> 500.00), or makes
    # one up without the key: forged.
    body = bytearray.fromhex(verdicts[1])
    body[16:24] = (50000).to_bytes(8, "little")
    st, line = verify(state, body.hex(), rids[1], "500.00")
    assert st == 1 and line.startswith("pin-verify: FORGED"), line
    made_up = verdicts[1][:80] + "00" * 32
    st, line = verify(state, made_up, rids[1], "5.00")
    assert st == 1 and line.startswith("pin-verify: FORGED"), line
    # A genuine verdict passed off as another request's: a mismatch.
    st, line = verify(str(tmp_path / "fresh.state"), verdicts[0], rids[1],
                      "5.00")
    assert st == 1 and line.startswith("pin-verify: MISMATCH"), line


def test_malformed_requests_get_refusals_only(m):
    start = len(m.log)
    # A raw writer: garbage, a request of the wrong length, then a
    # well-formed magic with a bad amount; the replies are read back raw.
    m.linux("(printf 'garbage\\n'; printf 'MPR1xxxx\\n'; "
            "printf 'MPR1\\0\\0\\0\\0aaaaaaaa\\377\\377\\377\\377\\377\\377"
            "\\377\\377EUR\\0\\0\\0\\0\\0') | micactl send pin-linux; "
            "micactl recv -n 3 -t 10 pin-linux | od -An -v -tx1 | "
            "tr -d ' \\n' | sed 's/4d505631/\\n&/g'; echo",
            r"(\[linux\] 4d505631[0-9a-f]+\r\n){3}")
    verdicts = re.findall(r"4d505631([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{4})"
                          r"([0-9a-f]{16})", m.log[start:])
    # Refused (4): wrong length (1) twice, then a bad amount (5) naming
    # the request's id.
    assert [(v[0], v[2]) for v in verdicts] == [
        ("04", "0100"), ("04", "0100"), ("04", "0500")], verdicts
    assert verdicts[2][3] == b"aaaaaaaa".hex(), verdicts
    # A flood, random bytes and lines: refusals only, pin-entry never
    # takes the keyboard, and rt-bench keeps measuring meanwhile, every
    # round whole. Its latency under such a flood is a figure, not a
    # timed test: `make bench`'s mica+pin-flood, in instructions.
    before = re.findall(r"\[linux\] rt-bench round (\d+)",
                        m.linux("micactl call linux-rt stats",
                                r"\[linux\] rt-bench round \d+").group(0))
    flood_start = len(m.log)
    m.linux("head -c 200000 /dev/urandom | micactl send pin-linux; "
            "seq 5000 | micactl send pin-linux; echo flooded",
            r"\[linux\] flooded\r\n")
    time.sleep(2)  # rt-bench's rounds are a second apart; a flood may not be
    after = m.linux("micactl call linux-rt stats",
                    r"\[linux\] rt-bench round (\d+): (\d+) samples")
    assert int(after.group(1)) > int(before[0]) and \
        int(after.group(2)) == 1000, after.group(0)
    flood = m.log[flood_start:]
    assert "mica: keyboard" not in flood and "[pin]" not in flood, flood
    # And a genuine request after it is served.
    pay(m, "micactl pay 0.01", PIN + "\r", "approved")


def test_micactl_refuses_malformed_amounts(m):
    for arg, what in (("12.5.0", r'"12\.5\.0" is not an amount'),
                      ("-3", r'"-3" is not an amount'),
                      ("1000000", r'"1000000" is not an amount'),
                      ("0", r'"0" is not an amount'),
                      ("1.234", r'"1\.234" is not an amount'),
                      ("5 US", r'"US" is not a currency')):
        m.linux("micactl pay %s; echo rc=$?" % arg,
                r"\[linux\] micactl: pay: %s[^\r\n]*\r\n\[linux\] rc=1\r\n"
                % what)


def test_linux_crash_mid_entry_keeps_the_tries(m):
    # One try used, then Linux crashes while the PIN is being typed.
    pay(m, "micactl pay 3.00", "0000\r", r"denied: wrong PIN, 2 tries left")
    m.send("(sleep 3; echo c > /proc/sysrq-trigger) & micactl pay 4.00\r")
    m.expect(TAKE)
    m.expect(PROMPT)
    m.send("12")
    start = len(m.log)
    m.expect(r"\[pin\] pin-entry: cancelled; no try used", BOOT_TIMEOUT_S)
    m.expect(r"\[linux\] mica-linux: shell up", BOOT_TIMEOUT_S)
    m.expect(LINUX_PROMPT)
    # Restarted by its policy, its crash's line on the way.
    assert re.search(r"Kernel panic - not syncing: sysrq triggered crash"
                     r"[\s\S]*mica: partition linux: restart 1 of 3",
                     m.log[start:]), m.log[start:]
    # pin-entry kept its state: the next wrong PIN leaves 1 try.
    pay(m, "micactl pay 4.00", "1111\r", r"denied: wrong PIN, 1 try left")
    pay(m, "micactl pay 4.00", PIN + "\r", "approved")


def test_lock_out_after_three_wrong_pins(m):
    pay(m, "micactl pay 9.99", "0001\r", r"denied: wrong PIN, 2 tries left")
    pay(m, "micactl pay 9.99", "0002\r", r"denied: wrong PIN, 1 try left")
    hexv = pay(m, "micactl pay 9.99", "0003\r", r"locked: no tries left")
    assert hexv.startswith("4d505631" + "03" + "00"), hexv
    # Locked: answered at once, without the keyboard.
    start = len(m.log)
    m.linux("micactl pay 9.99; echo rc=$?",
            r"\[linux\] locked: no tries left\r\n" + VERDICT +
            r"\[linux\] rc=1\r\n")
    assert "mica: keyboard" not in m.log[start:], m.log[start:]
    assert not re.search(r"unexpected exception|CHECK failed", m.log)
