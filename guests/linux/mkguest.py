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
  mkguest.py initramfs DEB INIT OUT [FILE=PATH | PKG:MEMBER=PATH ...]
      OUT is a gzipped (stored: GZIP_LEVEL) newc cpio archive: the
      static busybox of DEB as /bin/busybox (/bin/sh links to it), the
      script INIT as /init, the folders the script mounts on,
      /dev/console, which the kernel opens for /init before any devtmpfs
      exists, each host FILE as the executable PATH, and each file MEMBER
      of the .deb PKG (as dpkg-deb names it: "./usr/bin/cyclictest"; a
      symbolic link in the package is followed) as the executable PATH.
      Folders are made as needed.
      Every dynamically linked ELF file in the archive is then checked:
      its program interpreter must be in the archive, and each library it
      needs (DT_NEEDED) in one of the folders the dynamic loader searches
      (LIB_DIRS); otherwise nothing is written.

The archive is written here rather than by cpio(1) so that /dev/console and
root ownership need neither root nor fakeroot; every time stamp is 0, so
the same inputs give the same bytes. Output appears atomically (written
beside OUT, then renamed), so an interrupted build leaves no half file that
make would take as done. Standard library only; dpkg-deb reads the .debs.
"""

import gzip
import io
import os
import posixpath
import stat
import struct
import subprocess
import sys
import tarfile

IMAGE_MAGIC_OFFSET = 56
IMAGE_MAGIC = b"ARM\x64"
GZIP_MAGIC = b"\x1f\x8b"
# The initramfs is gzip (its name says so, and the scenarios name it), but
# stored, not compressed: the kernel unpacks it at boot, and under -icount
# (one instruction a nanosecond) inflating its 4.5 MiB from level 9 cost
# 69 ms of the 0.98 s to the shell, stored 2 ms. The bigger file costs
# little: QEMU loads it, and mica copies it a word at a time.
GZIP_LEVEL = 0
# Where Debian's arm64 dynamic loader looks for libraries when there is no
# /etc/ld.so.cache (there is none in the initramfs).
LIB_DIRS = ("lib/aarch64-linux-gnu", "usr/lib/aarch64-linux-gnu", "lib",
            "usr/lib")


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


class Deb:
    """The files of a .deb's data, read whole (for small packages)."""

    def __init__(self, deb):
        self.deb = deb
        data = subprocess.run(["dpkg-deb", "--fsys-tarfile", deb],
                              stdout=subprocess.PIPE, stdin=subprocess.DEVNULL,
                              check=True).stdout
        self.tar = tarfile.open(fileobj=io.BytesIO(data), mode="r:")

    def read(self, name):
        """The bytes of member NAME ("./lib/x"), through symbolic links."""
        for _ in range(16):
            try:
                info = self.tar.getmember(name)
            except KeyError:
                die("%s: no %s in the package" % (self.deb, name))
            if info.issym():
                name = "./" + posixpath.normpath(posixpath.join(
                    posixpath.dirname(name), info.linkname)).lstrip("/")
                continue
            if not info.isfile():
                die("%s: %s is not a file" % (self.deb, name))
            return self.tar.extractfile(info).read()
        die("%s: %s: too many symbolic links" % (self.deb, name))
        return None


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
        # name: (mode, data), to check the archive and refuse duplicates.
        self.entries = {}

    def add(self, name, mode, data=b"", rdev=(0, 0)):
        if name in self.entries:
            die("%s twice in the archive" % name)
        self.entries[name] = (mode, data)
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

    def parents(self, name):
        """Adds the folders above NAME that are not there yet."""
        parts = name.split("/")[:-1]
        for k in range(1, len(parts) + 1):
            d = "/".join(parts[:k])
            if d not in self.entries:
                self.dir(d)

    def resolve(self, name):
        """NAME with symbolic links in the archive followed, or None."""
        for _ in range(16):
            entry = self.entries.get(name)
            if entry is None or not stat.S_ISLNK(entry[0]):
                return name if entry is not None else None
            name = posixpath.normpath(posixpath.join(
                posixpath.dirname(name), entry[1].decode())).lstrip("/")
        return None

    def finish(self):
        self.add("TRAILER!!!", 0)
        return bytes(self.out)

    def _pad(self):
        self.out += b"\0" * (-len(self.out) % 4)


def elf_dynamic(data):
    """(interpreter, [needed libraries]) of a 64-bit little-endian ELF
    file, (None, []) for a static one, None if DATA is no such ELF."""
    if data[:6] != b"\x7fELF\x02\x01":
        return None
    phoff, shoff = struct.unpack_from("<QQ", data, 0x20)
    phentsize, phnum, shentsize, shnum = struct.unpack_from(
        "<HHHH", data, 0x36)
    interp = None
    for k in range(phnum):
        p_type, _, p_offset, _, _, p_filesz = struct.unpack_from(
            "<IIQQQQ", data, phoff + k * phentsize)
        if p_type == 3:  # PT_INTERP
            interp = data[p_offset:p_offset + p_filesz].rstrip(b"\0")
            interp = interp.decode()
    needed = []
    sections = [struct.unpack_from("<IIQQQQIIQQ", data, shoff + k * shentsize)
                for k in range(shnum)]
    for sh in sections:
        if sh[1] != 6:  # SHT_DYNAMIC
            continue
        strtab = sections[sh[6]][4]  # its sh_link's sh_offset
        for off in range(sh[4], sh[4] + sh[5], 16):
            tag, val = struct.unpack_from("<qQ", data, off)
            if tag == 0:  # DT_NULL
                break
            if tag == 1:  # DT_NEEDED
                end = data.index(b"\0", strtab + val)
                needed.append(data[strtab + val:end].decode())
    return interp, needed


def check_dynamic(a):
    """Stops unless every dynamic ELF file in archive A finds its loader
    and libraries there."""
    for name, (mode, data) in sorted(a.entries.items()):
        if not stat.S_ISREG(mode):
            continue
        dyn = elf_dynamic(data)
        if dyn is None:
            continue
        interp, needed = dyn
        if interp is not None and a.resolve(interp.lstrip("/")) is None:
            die("/%s: its loader %s is not in the archive" % (name, interp))
        for lib in needed:
            if not any(a.resolve(d + "/" + lib) for d in LIB_DIRS):
                die("/%s needs %s, which is not in /%s" % (
                    name, lib, ", /".join(LIB_DIRS)))


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
    debs = {}
    for extra in extras:
        src, sep, dst = extra.rpartition("=")
        if not sep or not dst.startswith("/"):
            die("%r: want FILE=/PATH or PKG.deb:./MEMBER=/PATH" % extra)
        pkg, sep, member = src.partition(".deb:./")
        if sep:
            pkg += ".deb"
            if pkg not in debs:
                debs[pkg] = Deb(pkg)
            data = debs[pkg].read("./" + member)
        else:
            with open(src, "rb") as f:
                data = f.read()
        a.parents(dst.lstrip("/"))
        a.file(dst.lstrip("/"), data)
    check_dynamic(a)
    cpio = a.finish()
    write_atomically(out, gzip.compress(cpio, compresslevel=GZIP_LEVEL,
                                        mtime=0))
    print("  CPIO    %s (%d KiB, %d KiB unpacked)" % (
        out, os.path.getsize(out) // 1024, len(cpio) // 1024))


def main(argv):
    if len(argv) == 4 and argv[1] == "kernel":
        kernel(argv[2], argv[3])
    elif len(argv) >= 5 and argv[1] == "initramfs":
        initramfs(argv[2], argv[3], argv[4], argv[5:])
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main(sys.argv)
