# SPDX-License-Identifier: Apache-2.0
#
# The Linux guest, included from the top Makefile: Debian's unmodified arm64
# kernel and a busybox initramfs, both built from Debian packages that
# guests/linux/fetch.sh downloads into $(LINUX_DIR)/debs (nothing is pinned:
# the kernel is whatever linux-image-arm64 depends on today). For the
# real-time benchmark the initramfs also holds Debian's cyclictest (rt-tests)
# with its libraries and our load generator mica-load (load.c); /init runs
# them when the kernel command line asks (mica.load=, mica.cyclictest=).
# /bin/micactl (micactl.c over libmica's ring.c, unchanged) is Linux's side
# of mica's channels. LINUX_EXTRA_FILES (SRC=/PATH), which other makefiles
# add to, go in too: the update agent's signed demo files in /updates
# (guests/update-agent/update-agent.mk).
#
#   make linux            $(LINUX_IMAGE) and $(LINUX_INITRAMFS)
#   make linux-run        boot them on bare QEMU (no hypervisor); Ctrl-A X quits
#   make linux-boot-time  virtual time to the shell, 3 boots under -icount
#
# The two files are ordinary targets, so a scenario naming them gets them
# built. This file may be included anywhere: it keeps the default goal.

linux_default_goal := $(.DEFAULT_GOAL)

LINUX_DIR := $(BUILD)/linux
LINUX_DEBS := $(LINUX_DIR)/debs
LINUX_IMAGE := $(LINUX_DIR)/Image
LINUX_INITRAMFS := $(LINUX_DIR)/initramfs.cpio.gz
# Deferred (=): QEMU and PYTHON are set after this file is included.
LINUX_QEMU_ARGS = -M virt,gic-version=3 -cpu cortex-a57 -smp 2 -m 512M \
	-nographic -nic none -kernel $(LINUX_IMAGE) -initrd $(LINUX_INITRAMFS) \
	-append "console=ttyAMA0"
LINUX_MKGUEST = $(PYTHON) guests/linux/mkguest.py
# For the guest's programs of ours: Linux user programs. cntvct.c needs no
# C library; load.c links glibc statically (libc6-dev-arm64-cross).
LINUX_CC ?= aarch64-linux-gnu-gcc
LINUX_WARN := -std=c11 -O2 -Wall -Wextra -Werror -Wshadow \
	-Wmissing-prototypes
LINUX_CFLAGS := $(LINUX_WARN) -ffreestanding -fno-stack-protector \
	-fno-asynchronous-unwind-tables -nostdlib -static -no-pie -s \
	-Wl,--build-id=none
LINUX_LIBC_CFLAGS := $(LINUX_WARN) -static -s -Wl,--build-id=none
# The file of role $(1) in $(LINUX_DEBS)/selected, for a recipe's shell.
linux_deb = $(LINUX_DEBS)/$$(sed -n 's/^$(1) //p' $(LINUX_DEBS)/selected)
# Files of Debian packages in the initramfs, as mkguest.py wants them
# (PKG:MEMBER=PATH): cyclictest, its dynamic loader and the libraries it
# needs, which mkguest.py checks are all there.
linux_multiarch := lib/aarch64-linux-gnu
LINUX_DEB_FILES = \
	"$(call linux_deb,rt-tests):./usr/bin/cyclictest=/usr/bin/cyclictest" \
	"$(call linux_deb,libc6):./$(linux_multiarch)/ld-linux-aarch64.so.1=/lib/ld-linux-aarch64.so.1" \
	$(foreach l,libc.so.6 libpthread.so.0 librt.so.1, \
	"$(call linux_deb,libc6):./$(linux_multiarch)/$(l)=/$(linux_multiarch)/$(l)") \
	"$(call linux_deb,libnuma1):./usr/$(linux_multiarch)/libnuma.so.1=/$(linux_multiarch)/libnuma.so.1"

.PHONY: linux linux-files linux-run linux-boot-time linux-fetch

linux: deps
	@$(MAKE) --no-print-directory linux-files

linux-files: $(LINUX_IMAGE) $(LINUX_INITRAMFS)
	@:

# fetch.sh runs each time the files are wanted (a phony prerequisite): it
# takes milliseconds when nothing changed, and touches `selected` only when
# Debian's current packages differ, so only then is anything rebuilt.
linux-fetch:

$(LINUX_DEBS)/selected: guests/linux/fetch.sh linux-fetch
	@guests/linux/fetch.sh $(LINUX_DEBS)

$(LINUX_IMAGE): $(LINUX_DEBS)/selected guests/linux/mkguest.py
	@$(LINUX_MKGUEST) kernel \
		"$(LINUX_DEBS)/$$(sed -n 's/^kernel //p' $<)" $@

$(LINUX_DIR)/cntvct: guests/linux/cntvct.c
	@mkdir -p $(dir $@)
	@echo "  CC      $@"
	@$(LINUX_CC) $(LINUX_CFLAGS) $< -o $@

$(LINUX_DIR)/mica-load: guests/linux/load.c
	@mkdir -p $(dir $@)
	@echo "  CC      $@"
	@$(LINUX_CC) $(LINUX_LIBC_CFLAGS) $< -o $@

# The ring's and the payment messages' code are the very files native
# partitions link (libmica.a).
MICACTL_SRCS := guests/linux/micactl.c guests/libmica/ring.c \
	guests/libmica/pay.c guests/rt-bench/stats.c
$(LINUX_DIR)/micactl: $(MICACTL_SRCS) guests/libmica/include/libmica/ring.h \
		guests/libmica/include/libmica/pay.h include/mica/channel.h \
		guests/rt-bench/stats.h
	@mkdir -p $(dir $@)
	@echo "  CC      $@"
	@$(LINUX_CC) $(LINUX_LIBC_CFLAGS) -Iguests/libmica/include -Iinclude \
		$(MICACTL_SRCS) -o $@

$(LINUX_INITRAMFS): $(LINUX_DEBS)/selected guests/linux/mkguest.py \
		guests/linux/init guests/linux/shell-up $(LINUX_DIR)/cntvct \
		$(LINUX_DIR)/mica-load $(LINUX_DIR)/micactl
	@$(LINUX_MKGUEST) initramfs \
		"$(call linux_deb,busybox-static)" guests/linux/init $@ \
		$(LINUX_DIR)/cntvct=/bin/cntvct guests/linux/shell-up=/etc/shell-up \
		$(LINUX_DIR)/mica-load=/bin/mica-load \
		$(LINUX_DIR)/micactl=/bin/micactl $(LINUX_DEB_FILES) \
		$(LINUX_EXTRA_FILES)

linux-run: deps
	@$(MAKE) --no-print-directory linux-files
	@echo "Linux on bare QEMU; 'poweroff' ends it, Ctrl-A X quits QEMU."
	$(QEMU) $(LINUX_QEMU_ARGS)

linux-boot-time: deps
	@$(MAKE) --no-print-directory linux-files
	$(PYTHON) tools/linux-boot-time.py --runs 3 -- \
		$(QEMU) $(LINUX_QEMU_ARGS)

.DEFAULT_GOAL := $(linux_default_goal)
