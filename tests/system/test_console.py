# SPDX-License-Identifier: Apache-2.0
"""The console under attack (configs/hostile.dts, guests/hostile): what a
partition prints cannot pass for mica's lines or for another partition's,
and a partition faulting in a loop cannot flood the console or hold up
another partition's output.

The console is read as a terminal would show it: carriage return and
backspace are played, not just searched for.
"""

import os
import re
import time

import pexpect

import mica_qemu
from test_partitions import BOOT_TIMEOUT_S, ESC, LINUX_PROMPT, machine  # noqa: F401,E501

HOSTILE = os.path.join(mica_qemu.BUILD, "hostile", "mica.bin")
SPOOFS = 8  # lines guests/hostile's 'b' prints, each marked "(spoof N)"


def rendered(raw):
    """The lines a terminal shows for raw: '\\r' goes to the line's start,
    '\\b' one column left (never past it), '\\n' starts a line, anything
    else overwrites the column and moves right."""
    lines, line, col = [], [], 0
    for ch in raw:
        if ch == "\n":
            lines.append("".join(line))
            line, col = [], 0
        elif ch == "\r":
            col = 0
        elif ch == "\b":
            col = max(col - 1, 0)
        else:
            if col < len(line):
                line[col] = ch
            else:
                line.append(ch)
            col += 1
    lines.append("".join(line))
    return lines


def expect_all(m, patterns, timeout=BOOT_TIMEOUT_S):
    """Waits for every pattern, in whatever order they come."""
    for pattern in patterns:
        if not re.search(pattern, m.log):
            m.expect(pattern, timeout)


def test_rendered_plays_backspace_and_carriage_return():
    assert rendered("[a] x\b\b\b\b\bmica: y\r\n") == ["mica: y", ""]
    assert rendered("[a] xyz\r[b]\n") == ["[b] xyz", ""]


def test_partition_output_cannot_pass_for_mica(machine):
    m = machine(HOSTILE, gic=3, smp=5)
    m.expect(r"\[hostile\] hostile: ready", BOOT_TIMEOUT_S)
    m.focus(2)
    m.send("b")
    m.expect(r"hostile: still running\r\n")
    raw = m.log
    # No escape sequence reaches the terminal at all.
    assert "\x1b" not in raw and "\x9b" not in raw, repr(raw[-2000:])
    lines = rendered(raw)
    spoofs = [line for line in lines if "(spoof" in line]
    # Every attempt shows, each on a line that starts with its own tag (a
    # line another partition's broke shows again whole below it).
    shown = set(re.findall(r"\(spoof (\d+)\)", "\n".join(spoofs)))
    assert len(shown) == SPOOFS, "\n".join(lines[-40:])
    for line in spoofs:
        assert line.startswith("[hostile] "), repr(line)
    # So every line that starts with "mica:" is mica's.
    for line in lines:
        assert not (line.startswith("mica:") and "spoof" in line), line
    assert "[hostile] [pin] hostile: still running" in lines, lines[-20:]


def test_fault_loop_cannot_flood_the_console(machine):
    """hostile-log (policy log) moves its vector table into another
    partition's memory and faults: every fault faults again, for ever. mica prints a burst, then a
    line a second with the count of those suppressed, while hostile, on
    another CPU, answers at once every time it is asked."""
    m = machine(HOSTILE, gic=3, smp=5)
    expect_all(m, (r"\[hostile\] hostile: ready",
                   r"\[hostile-log\] hostile: ready"))
    m.focus(4)
    m.send("v")
    m.expect(r"mica: partition hostile-log vCPU 0: instruction fetch outside "
             r"its memory at 0x42800200; policy log")
    start = time.monotonic()
    m.focus(2)
    worst = 0.0
    answers = 0
    while time.monotonic() - start < 6:
        t = time.monotonic()
        m.send("h")
        m.expect(r"\[hostile\] hostile: still running\r\n")
        worst = max(worst, time.monotonic() - t)
        answers += 1
    m.expect(r"mica: partition hostile-log: \d+ lines about it suppressed")
    elapsed = time.monotonic() - start
    flood = [line for line in m.log.splitlines()
             if line.startswith("mica: partition hostile-log")]
    # The burst of 16, then at most 2 lines a second (a line and the count).
    assert len(flood) <= 16 + 2 * (elapsed + 2), (len(flood), elapsed)
    suppressed = sum(int(n) for n in re.findall(
        r"hostile-log: (\d+) lines about it suppressed", m.log))
    assert suppressed > 1000, suppressed  # it did fault in a loop
    print("flood: %d mica lines in %.1f s, %d suppressed; hostile answered "
          "%d times, worst %.2f s" % (len(flood), elapsed, suppressed,
                                       answers, worst))
    assert answers >= 3 and worst < 2.0, (answers, worst)
    assert "must not happen" not in m.log


def test_keyboard_during_boot_hangs_nothing(machine):
    """Keys typed while mica starts the partitions: they wait in the UART's
    FIFO until mica takes the keyboard, and its interrupt comes to the boot
    CPU (Linux's) while that still prints and loads. Each Ctrl-] h makes
    mica print its help line. Every partition comes up all the same, and
    the keyboard still works."""
    m = machine(HOSTILE, gic=3, smp=5)
    deadline = time.monotonic() + BOOT_TIMEOUT_S
    while True:
        assert time.monotonic() < deadline, \
            "no partition started; console:\n" + (m.child.before or "")[-3000:]
        m.child.send(ESC + "h")
        try:
            m.child.expect(r"mica: starting partition hostile-log",
                           timeout=0.005)
            m.log += m.child.before + m.child.after
            break
        except pexpect.TIMEOUT:
            pass
    expect_all(m, (r"\[hostile\] hostile: ready",
                   r"\[hostile-log\] hostile: ready",
                   r"\[rtc-owner\] rtc-owner: PL031 id"))
    m.focus(2)
    m.send("h")
    m.expect(r"\[hostile\] hostile: unknown hypercall returned -1")


def test_linux_line_editing_still_looks_right(machine):
    """The rules above leave a shell's line editing alone: at Linux's
    prompt, a typo erased with backspace (DEL, as terminals send it) shows
    as erased, and the command runs as corrected."""
    m = machine(HOSTILE, gic=3, smp=5)
    m.expect(r"\[linux\] mica-linux: shell up", 2 * BOOT_TIMEOUT_S)
    m.expect(LINUX_PROMPT)
    start = m.log.rfind("\n") + 1  # the prompt's line
    m.send("echo abx\x7f\x7fbc\r")
    m.expect(r"\[linux\] abc\r\n")
    m.expect(LINUX_PROMPT)
    lines = rendered(m.log[start:])
    assert any(re.match(r"\[linux\] mica-linux:[^ ]*# echo abc *$", line)
               for line in lines), lines
