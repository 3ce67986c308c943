# SPDX-License-Identifier: Apache-2.0
"""The update tool, tools/mica-update (docs/update.md): keys are made once
and never overwritten; an image and a wipe command round-trip with every
field where the format puts it, signed over the SHA-256 of the header or
body (checked here with the cryptography package directly, not through the
tool); an ELF is flattened as micacfg loads it; inspect prints every field
and catches each kind of tampering; the C header holds the key's point.

Run: /usr/bin/python3 -m pytest -q tests/tools/test_mica_update.py
"""

import hashlib
import os
import stat
import struct
import subprocess
import sys
import tempfile

import pytest
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, utils

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))))
TOOL = os.path.join(ROOT, "tools", "mica-update")


def run(*args):
    return subprocess.run([sys.executable, TOOL] + list(args),
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                          universal_newlines=True, timeout=60)


@pytest.fixture(scope="module")
def keys():
    with tempfile.TemporaryDirectory() as d:
        k = os.path.join(d, "k")
        other = os.path.join(d, "other")
        assert run("keygen", k).returncode == 0
        assert run("keygen", other).returncode == 0
        yield d, k, other


@pytest.fixture
def tmp():
    with tempfile.TemporaryDirectory() as d:
        yield d


def tiny_elf(path):
    """A static AArch64 ELF: code at 0x40000000, data with a .bss tail at
    0x40002010 (not page aligned), entry 0x40000008."""
    code = bytes(range(1, 25))
    data = b"DATA" * 4
    phoff = 64
    seg0, seg1 = 0x1000, 0x2000
    eh = struct.pack("<4sBBBB8xHHIQQQIHHHHHH", b"\x7fELF", 2, 1, 1, 0, 2, 183,
                     1, 0x40000008, phoff, 0, 0, 64, 56, 2, 64, 0, 0)
    ph0 = struct.pack("<IIQQQQQQ", 1, 5, seg0, 0x40000000, 0x40000000,
                      len(code), len(code), 0x1000)
    ph1 = struct.pack("<IIQQQQQQ", 1, 6, seg1, 0x40002010, 0x40002010,
                      len(data), len(data) + 0x1800, 0x1000)
    img = bytearray(seg1 + len(data))
    img[0:64] = eh
    img[phoff:phoff + 56] = ph0
    img[phoff + 56:phoff + 112] = ph1
    img[seg0:seg0 + len(code)] = code
    img[seg1:seg1 + len(data)] = data
    with open(path, "wb") as f:
        f.write(img)
    flat = bytearray(0x4000)  # 0x40000000 .. 0x40003810 rounded up
    flat[0:len(code)] = code
    flat[0x2010:0x2010 + len(data)] = data
    return bytes(flat)


def check_sig(pubfile, signed, sig):
    with open(pubfile, "rb") as f:
        pub = serialization.load_pem_public_key(f.read())
    der = utils.encode_dss_signature(int.from_bytes(sig[:32], "big"),
                                     int.from_bytes(sig[32:], "big"))
    try:
        pub.verify(der, signed, ec.ECDSA(hashes.SHA256()))
        return True
    except Exception:  # InvalidSignature
        return False


def read(path):
    with open(path, "rb") as f:
        return f.read()


def test_keygen_writes_a_private_and_a_public_key_once(keys):
    d, k, _ = keys
    assert stat.S_IMODE(os.stat(k).st_mode) == 0o600
    assert b"PRIVATE KEY" in read(k) and b"PUBLIC KEY" in read(k + ".pub")
    before = read(k)
    r = run("keygen", k)
    assert r.returncode == 1 and "never overwritten" in r.stdout
    assert read(k) == before


def test_image_from_elf_round_trips(keys, tmp):
    _, k, _ = keys
    elf = os.path.join(tmp, "t.elf")
    flat = tiny_elf(elf)
    out = os.path.join(tmp, "t.mup")
    r = run("sign", "--key", k, "--target", "rt", "--version", "7",
            "--elf", elf, "-o", out)
    assert r.returncode == 0, r.stdout
    img = read(out)
    assert len(img) == 128 + 64 + len(flat)
    assert img[0:4] == b"MUP1"
    assert struct.unpack_from("<I", img, 4)[0] == 1
    assert img[8:24] == b"rt".ljust(16, b"\0")
    assert struct.unpack_from("<QQQQ", img, 24) == (
        7, 0x40000000, 0x40000008, len(flat))
    assert img[56:88] == hashlib.sha256(flat).digest()
    assert img[88:128] == bytes(40)
    assert img[192:] == flat
    assert check_sig(k + ".pub", img[:128], img[128:192])
    r = run("inspect", out, "--pub", k + ".pub")
    assert r.returncode == 0, r.stdout
    for want in ("update image, %d bytes" % len(img), "format       1",
                 "target       \"rt\"", "version      7",
                 "load         0x40000000", "entry        0x40000008",
                 "payload      %d bytes" % len(flat),
                 "%s (matches the payload)" % hashlib.sha256(flat).hexdigest(),
                 "reserved     zero", "r " + img[128:160].hex(),
                 "s " + img[160:192].hex(), "signature VALID"):
        assert want in r.stdout, (want, r.stdout)


def test_image_from_bin_takes_load_and_entry(keys, tmp):
    _, k, _ = keys
    b = os.path.join(tmp, "p.bin")
    with open(b, "wb") as f:
        f.write(b"\x11" * 100)
    out = os.path.join(tmp, "p.mup")
    assert run("sign", "--key", k, "--target", "pin", "--version", "3",
               "--bin", b, "-o", out).returncode != 0  # no --load, --entry
    r = run("sign", "--key", k, "--target", "pin", "--version", "3", "--bin",
            b, "--load", "0x40100000", "--entry", "0x40100010", "-o", out)
    assert r.returncode == 0, r.stdout
    img = read(out)
    assert struct.unpack_from("<QQQQ", img, 24) == (3, 0x40100000,
                                                     0x40100010, 100)
    assert img[192:] == b"\x11" * 100


def test_wipe_command_round_trips(keys, tmp):
    _, k, _ = keys
    out = os.path.join(tmp, "w.mwp")
    r = run("wipe", "--key", k, "--target", "rt", "--nonce", "42", "-o", out)
    assert r.returncode == 0, r.stdout
    w = read(out)
    assert len(w) == 128
    assert w[0:4] == b"MWP1" and struct.unpack_from("<I", w, 4)[0] == 1
    assert w[8:24] == b"rt".ljust(16, b"\0")
    assert struct.unpack_from("<Q", w, 24)[0] == 42
    assert w[32:64] == bytes(32)
    assert check_sig(k + ".pub", w[:64], w[64:])
    r = run("inspect", out, "--pub", k)  # the private key's public half
    assert r.returncode == 0, r.stdout
    for want in ("wipe command, 128 bytes", "target       \"rt\"",
                 "nonce        42", "signature VALID"):
        assert want in r.stdout, (want, r.stdout)


def signed_image(k, tmp):
    elf = os.path.join(tmp, "t.elf")
    tiny_elf(elf)
    out = os.path.join(tmp, "t.mup")
    assert run("sign", "--key", k, "--target", "rt", "--version", "2",
               "--elf", elf, "-o", out).returncode == 0
    return read(out)


def inspect_bytes(tmp, data, pub):
    path = os.path.join(tmp, "x")
    with open(path, "wb") as f:
        f.write(data)
    return run("inspect", path, "--pub", pub)


@pytest.mark.parametrize("offset,what", [
    (8, "target"), (24, "version"), (32, "load"), (56, "payload hash"),
    (100, "reserved"), (130, "r"), (170, "s")])
def test_inspect_catches_a_changed_header_or_signature(keys, tmp, offset,
                                                       what):
    _, k, _ = keys
    img = bytearray(signed_image(k, tmp))
    img[offset] ^= 0x01
    r = inspect_bytes(tmp, img, k + ".pub")
    assert r.returncode == 1, (what, r.stdout)
    assert "signature INVALID" in r.stdout, (what, r.stdout)


def test_inspect_catches_a_changed_payload(keys, tmp):
    _, k, _ = keys
    img = bytearray(signed_image(k, tmp))
    img[200] ^= 0x80
    r = inspect_bytes(tmp, img, k + ".pub")
    assert r.returncode == 1
    assert "signature VALID" in r.stdout  # the header is intact
    assert "MISMATCH" in r.stdout


def test_inspect_catches_truncation_and_other_keys(keys, tmp):
    _, k, other = keys
    img = signed_image(k, tmp)
    r = inspect_bytes(tmp, img[:-1], k + ".pub")
    assert r.returncode == 1 and "truncated" in r.stdout
    r = inspect_bytes(tmp, img[:150], k + ".pub")
    assert r.returncode == 1 and "truncated" in r.stdout
    r = inspect_bytes(tmp, img + b"\0", k + ".pub")
    assert r.returncode == 1 and "trailing bytes" in r.stdout
    r = inspect_bytes(tmp, img, other + ".pub")
    assert r.returncode == 1 and "signature INVALID" in r.stdout
    r = inspect_bytes(tmp, b"garbage" * 40, k + ".pub")
    assert r.returncode == 1 and "neither" in r.stdout
    r = run("wipe", "--key", k, "--target", "rt", "--nonce", "1", "-o",
            os.path.join(tmp, "w"))
    w = bytearray(read(os.path.join(tmp, "w")))
    w[24] ^= 2  # the nonce
    r = inspect_bytes(tmp, w, k + ".pub")
    assert r.returncode == 1 and "signature INVALID" in r.stdout


def test_bad_target_names_are_refused(keys, tmp):
    _, k, _ = keys
    for name in ("", "a" * 17, "a b", "x\u00e9"):
        r = run("wipe", "--key", k, "--target", name, "--nonce", "1", "-o",
                os.path.join(tmp, "w"))
        assert r.returncode == 1 and "not a partition name" in r.stdout
    assert not os.path.exists(os.path.join(tmp, "w"))


def test_pubkey_header_holds_the_point_and_is_kept(keys, tmp):
    _, k, _ = keys
    h = os.path.join(tmp, "pub.h")
    assert run("pubkey", k, "--c", h).returncode == 0
    with open(k + ".pub", "rb") as f:
        pt = serialization.load_pem_public_key(f.read()).public_bytes(
            serialization.Encoding.X962,
            serialization.PublicFormat.UncompressedPoint)
    text = read(h).decode()
    got = bytes(int(x, 16) for x in
                text.split("{", 1)[1].split("}")[0].replace("\\", "")
                .replace(",", " ").split())
    assert got == pt and len(got) == 65 and got[0] == 4
    os.utime(h, (1, 1))
    assert run("pubkey", k + ".pub", "--c", h).returncode == 0
    assert os.stat(h).st_mtime == 1  # unchanged: make rebuilds nothing
