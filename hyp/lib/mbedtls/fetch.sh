#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
#
# Fetches the source of Debian's Mbed TLS (bookworm: the 2.28 LTS branch),
# from which the hypervisor compiles its DRBG (hyp/lib/mbedtls/mbedtls.mk)
# and native partitions their PIN check (guests/mbedtls/mbedtls.mk).
# Usage: hyp/lib/mbedtls/fetch.sh DIR
#
# The source, with Debian's patches applied, is unpacked into DIR/src, and
# DIR/version names it ("mbedtls 2.28.3-1"). Quick when done: once
# DIR/version exists nothing is asked again (rm -r DIR to follow an
# update). Only a 2.28 release is taken: the build's configuration header
# (config.h) is written for that branch's options.
#
# apt-get source needs a deb-src line: if apt has none, as root this adds
# /etc/apt/sources.list.d/mica-deb-src.sources (bookworm's main) and runs
# apt-get update, asking nothing; otherwise it prints the commands and fails.
set -eu

[ $# -eq 1 ] || { echo "usage: $0 DIR" >&2; exit 2; }
dir=$1
list=/etc/apt/sources.list.d/mica-deb-src.sources

say() { echo "mbedtls: $*" >&2; }

[ -f "$dir/version" ] && [ -f "$dir/src/library/hmac_drbg.c" ] && exit 0

if ! command -v dpkg-source >/dev/null; then
	say "dpkg-source is missing: run  sudo apt-get install dpkg-dev"
	exit 1
fi

# Does apt know the source package? (apt-cache showsrc reads deb-src lists.)
known() { apt-cache showsrc mbedtls 2>/dev/null | grep -q '^Version: 2\.28\.'; }

if ! known; then
	if [ "$(id -u)" -ne 0 ]; then
		say "apt has no deb-src line for mbedtls; run:"
		say "  sudo sh -c 'printf \"Types: deb-src\\nURIs: http://deb.debian.org/debian\\nSuites: bookworm\\nComponents: main\\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\\n\" > $list && apt-get update'"
		exit 1
	fi
	if [ ! -f "$list" ]; then
		say "adding $list (bookworm deb-src)"
		printf '%s\n' 'Types: deb-src' 'URIs: http://deb.debian.org/debian' \
			'Suites: bookworm' 'Components: main' \
			'Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg' \
			>"$list"
	fi
	say "apt-get update"
	apt-get update -q >&2
	known || { say "apt knows no mbedtls 2.28 source package"; exit 1; }
fi

ver=$(apt-cache showsrc mbedtls | awk '$1 == "Version:" && $2 ~ /^2\.28\./ {
	print $2; exit }')
# Into a folder of its own first: an interrupted fetch leaves nothing that
# looks complete. As root apt would drop to its _apt user, who may not
# write here.
rm -rf "$dir/src" "$dir/partial" "$dir/version"
mkdir -p "$dir/partial"
say "apt-get source mbedtls=$ver"
(cd "$dir/partial" && apt-get source -q --download-only \
	-o APT::Sandbox::User="$(id -un)" "mbedtls=$ver" >&2)
dsc=$(ls "$dir"/partial/mbedtls_*.dsc)
dpkg-source -q -x "$dsc" "$dir/partial/src" >&2
mv "$dir/partial/src" "$dir/src"
rm -rf "$dir/partial"
echo "mbedtls $ver" >"$dir/version"
