#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""Builds the Linux guest's two files from Debian's arm64 packages.

Usage:
  mkguest.py kernel DEB OUT
      OUT is the kernel of the linux-image .deb DEB, unmodified: Debian's
      /boot/vmlinuz-*, gunzipped if it is gzipped. Debian 12's signed
      arm64 kernel is not: it is the raw Image, which is also the EFI PE
      binary that was signed. Either way OUT must be an arm64 Image (magic
      "ARM\\x64" at offset 56).
  mkguest.py initramfs DEB INIT OUT [FILE=PATH ...]
      OUT is a gzipped newc cpio archive: the static busybox of DEB as
      /bin/busybox (/bin/sh links to it), the script INIT as /init, the
      folders the script mounts on, /dev/console, which the kernel opens
      for /init before any devtmpfs exists, and each host FILE as the
      executable PATH.

The archive is written here rather than by cpio(1) so that /dev/console and
root ownership need neither root nor fakeroot; every time stamp is 0, so
the same inputs give the same bytes. Output appears atomically (written
beside OUT, then renamed), so an interrupted build leaves no half file that
make would take as done. Standard library only; dpkg-deb reads the .debs.
"""

import gzip
import os
import stat
import subprocess
import sys
import tarfile

IMAGE_MAGIC_OFFSET = 56
IMAGE_MAGIC = b"ARM\x64"
GZIP_MAGIC = b"\x1f\x8b"


def die(msg):
    sys.exit("mkguest: %s" % msg)


def deb_member(deb, want):
    """The bytes of the first file in DEB's data for which want(name) holds,
    and its name ("./boot/vmlinuz-6.1.0-56-arm64"). Stops reading there:
    the kernel comes before the 350 MB of modules."""
    proc = subprocess.Popen(["dpkg-deb", "--fsys-tarfile", deb],
                            stdout=subprocess.PIPE, stdin=subprocess.DEVNULL)
    found = None
    try:
        with tarfile.open(fileobj=proc.stdout, mode="r|") as tar:
            for info in tar:
                if info.isfile() and want(info.name):
                    found = (info.name, tar.extractfile(info).read())
                    break
    finally:
        # Left early on purpose: dpkg-deb then dies of a broken pipe.
        proc.kill()
        proc.wait()
    if found is None:
        die("%s: no such file in the package" % deb)
    return found


def write_atomically(path, data, mode=0o644):
    tmp = path + ".tmp"
    with open(tmp, "wb") as f:
        f.write(data)
    os.chmod(tmp, mode)
    os.replace(tmp, path)


def kernel(deb, out):
    name, data = deb_member(
        deb, lambda n: n.startswith("./boot/vmlinuz-"))
    if data[:2] == GZIP_MAGIC:
        data = gzip.decompress(data)
    magic = data[IMAGE_MAGIC_OFFSET:IMAGE_MAGIC_OFFSET + len(IMAGE_MAGIC)]
    if magic != IMAGE_MAGIC:
        die("%s in %s is not an arm64 Image (bytes 56-59 are %r)" % (
            name, deb, magic))
    write_atomically(out, data)
    print("  KERNEL  %s (%s, %d KiB)" % (out, name[len("./boot/"):],
                                        len(data) // 1024))


class Newc:
    """A cpio archive in the "newc" format the kernel unpacks
    (Documentation/driver-api/early-userspace/buffer-format.rst)."""

    def __init__(self):
        self.out = bytearray()
        self.ino = 0

    def add(self, name, mode, data=b"", rdev=(0, 0)):
        self.ino += 1
        nlink = 2 if stat.S_ISDIR(mode) else 1
        fields = (self.ino, mode, 0, 0, nlink, 0, len(data), 0, 0,
                  rdev[0], rdev[1], len(name) + 1, 0)
        self.out += b"070701" + b"".join(b"%08x" % v for v in fields)
        self.out += name.encode() + b"\0"
        self._pad()
        self.out += data
        self._pad()

    def dir(self, name):
        self.add(name, stat.S_IFDIR | 0o755)

    def file(self, name, data, perm=0o755):
        self.add(name, stat.S_IFREG | perm, data)

    def symlink(self, name, target):
        self.add(name, stat.S_IFLNK | 0o777, target.encode())

    def chardev(self, name, major, minor, perm=0o600):
        self.add(name, stat.S_IFCHR | perm, rdev=(major, minor))

    def finish(self):
        self.add("TRAILER!!!", 0)
        return bytes(self.out)

    def _pad(self):
        self.out += b"\0" * (-len(self.out) % 4)


def initramfs(deb, init, out, extras):
    _, busybox = deb_member(deb, lambda n: n == "./bin/busybox")
    with open(init, "rb") as f:
        script = f.read()
    a = Newc()
    for d in ("bin", "sbin", "usr", "usr/bin", "usr/sbin", "dev", "proc",
              "sys", "tmp", "root", "etc"):
        a.dir(d)
    a.chardev("dev/console", 5, 1)
    a.file("bin/busybox", busybox)
    a.symlink("bin/sh", "busybox")
    a.file("init", script)
    for extra in extras:
        src, sep, dst = extra.partition("=")
        if not sep or not dst.startswith("/"):
            die("%r: want FILE=/PATH" % extra)
        with open(src, "rb") as f:
            a.file(dst.lstrip("/"), f.read())
    write_atomically(out, gzip.compress(a.finish(), mtime=0))
    print("  CPIO    %s (busybox %d KiB)" % (out, len(busybox) // 1024))


def main(argv):
    if len(argv) == 4 and argv[1] == "kernel":
        kernel(argv[2], argv[3])
    elif len(argv) >= 5 and argv[1] == "initramfs":
        initramfs(argv[2], argv[3], argv[4], argv[5:])
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main(sys.argv)
