#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""Writes fuzz_ring's seed corpus (tests/libmica/corpus).

Usage: tests/libmica/mkcorpus.py CORPUS_DIR

Each seed is a script in fuzz_ring.c's input format: one shape byte, then
operations. They start the fuzzer from the states that matter: traffic
both ways and round the data area's end, each one-way shape from each
side, a peer that stops and restarts, a side that starts over or
attaches, and each kind of lie a hostile peer tells (any word, a record
header, a prod, a cons). Deterministic: the same files every run.
"""

import os
import struct
import sys


def shape(direction=0, size=0, a_is_b=0, a_first=0):
    return bytes([direction | size << 2 | a_is_b << 4 | a_first << 5])


def a_send(n):
    return bytes([0]) + struct.pack("<H", n)


def a_recv(n):
    return bytes([1]) + struct.pack("<H", n)


def a_send_wait(n):
    return bytes([2]) + struct.pack("<H", n)


def a_recv_wait(n):
    return bytes([3]) + struct.pack("<H", n)


A_INIT = bytes([4])
A_ATTACH = bytes([5])


def b(op, arg=b""):
    return bytes([0x80, op]) + arg


def b_send(n):
    return b(0, struct.pack("<H", n))


def b_recv(n):
    return b(1, struct.pack("<H", n))


B_STOP = b(2)
B_START = b(3)


def b_word(index, value):
    return b(4, struct.pack("<HQ", index, value))


def b_nudge(index, delta):
    return b(5, struct.pack("<Bb", index, delta))


def b_header(length, xor=0):
    return b(6, struct.pack("<IB", length, xor))


def b_prod(delta):
    return b(7, struct.pack("<h", delta))


def b_cons(delta):
    return b(8, struct.pack("<h", delta))


def traffic(rounds, big=300, small=5):
    out = b""
    for i in range(rounds):
        out += b_send(big + i) + a_recv(8000) + a_send(small + i) + \
            b_recv(8000)
    return out


SEEDS = {
    "both-traffic": shape() + traffic(30),
    "both-wrap-large": shape(size=1) + traffic(6, big=3000),
    "both-full": shape() + b_send(1000) * 5 + a_recv(10) +
    a_recv(8000) * 5 + a_recv_wait(8000),
    "both-blocking": shape(a_first=1) + a_recv_wait(100) + b_send(50) +
    a_recv_wait(100) + a_send(3000) + a_send_wait(3000),
    "a-to-b-writer": shape(direction=1, size=1) + a_send(2000) * 6 +
    b_recv(8000) * 3 + a_send_wait(5000),
    "a-to-b-reader": shape(direction=1, size=2, a_is_b=1) +
    b_send(1500) * 6 + a_recv(8000) * 6,
    "b-to-a-odd-size": shape(direction=2, size=3) + traffic(10, big=100),
    "restart-peer": shape() + b_send(100) + B_STOP + a_recv(200) +
    B_START + a_recv(200) + b_send(100) + a_recv(200) + a_send(10),
    "restart-self": shape() + traffic(3) + A_INIT + a_send(100) * 3 +
    b_recv(200) + A_ATTACH + a_send(50) + b_recv(100),
    "lie-word": shape() + b_send(64) + b_word(1, 2**64 - 8) + a_recv(100),
    "lie-header": shape() + b_send(64) + b_header(9000) + a_recv(8999),
    "lie-check": shape() + b_send(64) + b_header(64, 1) + a_recv(100),
    "lie-prod": shape() + b_send(16) + b_prod(4096) + a_recv(5000) +
    b_prod(-8) + a_recv(10),
    "lie-cons": shape() + a_send(100) + b_cons(-8) + a_send(10) +
    b_cons(4000) + a_send(10),
    "lie-epoch": shape() + b_send(8) + b_nudge(0, 0) + b_word(0, 0x676e726d |
                                                             7 << 32) +
    a_recv(10) + a_recv(10),
}


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    for name, data in sorted(SEEDS.items()):
        with open(os.path.join(out, name), "wb") as f:
            f.write(data)


if __name__ == "__main__":
    main()
