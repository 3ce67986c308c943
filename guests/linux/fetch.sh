#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
#
# Fetches the Debian arm64 packages the Linux guest is built from: the kernel
# package that linux-image-arm64 depends on today (nothing is pinned, so a
# Debian update is followed), busybox-static, and for the real-time
# benchmark rt-tests (cyclictest) with the libraries it runs on: libc6
# (the dynamic loader, libc, libpthread, librt) and libnuma1.
# Usage: guests/linux/fetch.sh DIR
#
# The .debs land in DIR, and DIR/selected names them, one "ROLE FILE" a
# line: "kernel FILE", then "PACKAGE FILE" for each other package
# ("busybox-static FILE", "rt-tests FILE", ...); that file is rewritten
# only when the choice changes, so make rebuilds only then. Other .debs in
# DIR (older versions) are deleted.
#
# Quick when done: the choice is kept with a fingerprint of apt's arm64
# package lists, and apt is not asked again until those lists change
# (apt-cache takes a second a call where apt keeps no cache, as here).
#
# As root it adds the arm64 architecture to dpkg and runs apt-get update
# when needed, asking nothing (CI has no terminal). Otherwise it prints the
# exact commands to run and fails; apt-get download itself needs no root.
# A download that fails (the lists name a version the mirror has dropped) is
# retried once after apt-get update.
set -eu

[ $# -eq 1 ] || { echo "usage: $0 DIR" >&2; exit 2; }
debs=$1
lists=/var/lib/apt/lists
meta=linux-image-arm64
# Taken as they are, at their candidate version.
pkgs='busybox-static rt-tests libc6 libnuma1'

say() { echo "linux: $*" >&2; }

# Stops, printing the commands $2, unless we are root.
as_root() {
	if [ "$(id -u)" -ne 0 ]; then
		say "$1; run:"
		say "  $2"
		exit 1
	fi
}

updated=no
update() {
	as_root "apt's arm64 package lists are missing or out of date" \
		"sudo apt-get update"
	say "apt-get update"
	apt-get update -q >&2
	updated=yes
}

# apt's arm64 package lists: their names, sizes and times, summed up.
lists_sum() {
	# shellcheck disable=SC2012 # apt names them; the listing is the point
	ls -ln --full-time "$lists"/*_binary-arm64_Packages* 2>/dev/null | cksum
}

# The candidate Version of package $1 in apt-cache show's output $2.
version_of() {
	echo "$2" | awk -v p="$1" '
		$1 == "Package:" { pkg = $2 }
		$1 == "Version:" && pkg == p { print $2; exit }'
}

# The name apt-get download gives package $1 at version $2.
deb_name() {
	echo "${1}_$(echo "$2" | sed 's/:/%3a/g')_arm64.deb"
}

mkdir -p "$debs"

if ! dpkg --print-foreign-architectures | grep -qx arm64; then
	as_root "dpkg does not know the arm64 architecture yet" \
		"sudo dpkg --add-architecture arm64 && sudo apt-get update"
	say "dpkg --add-architecture arm64"
	dpkg --add-architecture arm64
	update
fi

# Fast path: the lists are those of last time and its packages are here.
if [ -f "$debs/selected" ] && [ -f "$debs/lists.sum" ] &&
	[ "$(lists_sum)" = "$(cat "$debs/lists.sum")" ]; then
	have=yes
	for p in kernel $pkgs; do
		grep -q "^$p " "$debs/selected" || have=no
	done
	while read -r _ file; do
		[ -f "$debs/$file" ] || have=no
	done <"$debs/selected"
	[ $have = yes ] && exit 0
fi

while :; do
	# The metapackage depends on the real, ABI-named package, e.g.
	# "Depends: linux-image-6.1.0-56-arm64 (= 6.1.192-2)".
	# shellcheck disable=SC2020 # both separators become newlines
	kernel=$(apt-cache show --no-all-versions $meta:arm64 2>/dev/null |
		sed -n 's/^Depends: //p' | tr '|,' '\n\n' |
		sed -n 's/^ *\(linux-image-[^ ]*\).*/\1/p' | head -n 1)
	if [ -z "$kernel" ]; then
		[ $updated = no ] || { say "cannot resolve $meta:arm64"; exit 1; }
		update
		continue
	fi
	args="$kernel:arm64"
	for p in $pkgs; do
		args="$args $p:arm64"
	done
	# shellcheck disable=SC2086
	shown=$(apt-cache show --no-all-versions $args 2>/dev/null || true)
	# "ROLE FILE" lines, and the downloads missing.
	choice=""
	want=""
	missing=""
	for p in kernel $pkgs; do
		name=$p
		[ "$p" = kernel ] && name=$kernel
		ver=$(version_of "$name" "$shown")
		if [ -z "$ver" ]; then
			missing="$missing $name"
			continue
		fi
		deb=$(deb_name "$name" "$ver")
		choice="$choice$p $deb
"
		[ -f "$debs/$deb" ] || want="$want $name:arm64=$ver"
	done
	if [ -n "$missing" ]; then
		[ $updated = no ] || { say "cannot resolve$missing"; exit 1; }
		update
		continue
	fi
	[ -z "$want" ] && break
	say "downloading$want"
	# Into a folder of its own first, so that an interrupted download leaves
	# no file that looks complete. As root apt would drop to its _apt user,
	# who may not write here.
	rm -rf "$debs/partial"
	mkdir "$debs/partial"
	# shellcheck disable=SC2086
	if (cd "$debs/partial" && apt-get download -q \
		-o APT::Sandbox::User="$(id -un)" $want >&2); then
		mv "$debs"/partial/*.deb "$debs/"
		rmdir "$debs/partial"
		echo "$choice" | while read -r _ file; do
			[ -z "$file" ] || [ -f "$debs/$file" ] ||
				{ say "apt-get download gave no $file"; exit 1; }
		done || exit 1
		break
	fi
	if [ $updated = no ] && [ "$(id -u)" -eq 0 ]; then
		update
		continue
	fi
	say "download failed; apt's lists may be out of date: run"
	say "  sudo apt-get update"
	exit 1
done

printf '%s' "$choice" >"$debs/selected.new"
for f in "$debs"/*.deb; do
	awk -v f="${f##*/}" '$2 == f { n++ } END { exit n == 0 }' \
		"$debs/selected.new" || rm -f "$f"
done

if cmp -s "$debs/selected.new" "$debs/selected"; then
	rm -f "$debs/selected.new"
else
	mv "$debs/selected.new" "$debs/selected"
fi
lists_sum >"$debs/lists.sum"
