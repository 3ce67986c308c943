#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
#
# Makes sure the Debian packages a make target needs are installed.
# Usage: tools/deps.sh build|test|bench
# As root it installs what is missing (non-interactively, as CI needs);
# otherwise it prints the exact apt-get line to run and fails.
# dpkg-dev: dpkg-source, which unpacks Mbed TLS's Debian source
# (hyp/lib/mbedtls/fetch.sh). python3-cryptography: tools/mica-update, which
# the build runs to make the update signing key and the signed demo images.
set -eu

build_pkgs="make gcc gcc-aarch64-linux-gnu libc6-dev-arm64-cross binutils-aarch64-linux-gnu
qemu-system-arm device-tree-compiler libfdt-dev python3 gdb-multiarch git
dpkg-dev python3-cryptography"
# u-boot-qemu: the unmodified boot loader configs/uboot.dts runs as a partition.
test_pkgs="$build_pkgs libcmocka-dev python3-pytest python3-pexpect
cppcheck clang-tidy clang-format clang libclang-rt-dev u-boot-qemu"
# make bench: the build, pexpect for tools/bench/xen.py, gnuplot for the
# PNGs (gnuplot-nox: no X).
bench_pkgs="$build_pkgs python3-pexpect gnuplot-nox"

case "${1:-build}" in
build) want=$build_pkgs ;;
test) want=$test_pkgs ;;
bench) want=$bench_pkgs ;;
*) echo "usage: $0 build|test|bench" >&2; exit 2 ;;
esac

missing=""
for p in $want; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null |
		grep -q "install ok installed"; then
		missing="$missing $p"
	fi
done
[ -z "$missing" ] && exit 0

line="apt-get install -y$missing"
if [ "$(id -u)" -ne 0 ]; then
	echo "mica: missing Debian packages:$missing" >&2
	echo "mica: install them with:  sudo $line" >&2
	exit 1
fi
echo "mica: installing missing Debian packages:$missing" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -q >&2
# shellcheck disable=SC2086
apt-get install -y -q --no-install-recommends $missing >&2
