# SPDX-License-Identifier: Apache-2.0
#
# Native partitions, included from the top Makefile: libmica (guests/libmica,
# a freestanding runtime for code that runs on mica with no OS) and the
# partitions built on it, each a static ELF linked at 0x40000000 that runs
# at EL1 both on bare QEMU (-kernel) and as a mica partition, and its raw
# copy <name>.bin, an arm64 Image that QEMU's -kernel and Xen load at the
# start of RAM (libmica then takes its devices from the device tree).
#
#   make guests      $(GUEST_ELFS) and the test partitions $(GUEST_TEST_ELFS),
#                    each with its .bin, and rt-bench-loop.elf/.bin: rt-bench
#                    built with RT_BENCH_ROUNDS=0 (measures in rounds for
#                    ever; tools/bench/xen.py runs it beside a loaded Linux),
#                    and rt-bench-memcpy.elf, rt-bench-hog.elf: rt-bench
#                    (one round) that loads the board's other CPUs and
#                    measures on the last (RT_BENCH_LOAD; make bench's
#                    bare+memcpy and bare+hog, bare QEMU only)
#
# A partition is a folder guests/<name>/ of C files, named in NATIVE_GUESTS;
# it links with libmica's start.o first, then its own objects, then
# libmica.a, and the link map <name>.elf.map says which of libmica's
# objects it took (make loc counts pin-entry's). Always aarch64, whatever
# ARCH the hypervisor is built for.
# rt-bench's knobs: make guests RT_BENCH_SAMPLES=5000 (also
# RT_BENCH_PERIOD_US, RT_BENCH_WARMUP); changing one rebuilds it.

# Included before the top Makefile's first target: keep that one the default.
guests_saved_goal := $(.DEFAULT_GOAL)

GUEST_CROSS_COMPILE ?= aarch64-linux-gnu-
GUEST_CC := $(GUEST_CROSS_COMPILE)gcc
GUEST_AR := $(GUEST_CROSS_COMPILE)ar
GUEST_OUT := $(BUILD)/guests
GUEST_OBJ := $(GUEST_OUT)/obj

NATIVE_GUESTS := rt-bench pin-entry xen-pingpong chan-bench update-agent
NATIVE_TEST_GUESTS := libmica-test hostile rtc-owner conform reset-loop \
	chan-test bell chan-peer ctl-watch mgmt-test \
	ctl-sides
GUEST_ELFS := $(patsubst %,$(GUEST_OUT)/%.elf,$(NATIVE_GUESTS))
GUEST_TEST_ELFS := $(patsubst %,$(GUEST_OUT)/%.elf,$(NATIVE_TEST_GUESTS))
RT_BENCH_LOOP_ELF := $(GUEST_OUT)/rt-bench-loop.elf
# rt-bench-<kind>.elf: RT_BENCH_LOAD=<number> (guests/rt-bench/load.h).
RT_BENCH_LOADS := memcpy:1 hog:2
RT_BENCH_LOAD_ELFS := $(foreach l,$(RT_BENCH_LOADS), \
	$(GUEST_OUT)/rt-bench-$(word 1,$(subst :, ,$(l))).elf)
GUEST_BINS := $(patsubst %.elf,%.bin,$(GUEST_ELFS) $(GUEST_TEST_ELFS) \
	$(RT_BENCH_LOOP_ELF))

RT_BENCH_SAMPLES ?= 1000
RT_BENCH_PERIOD_US ?= 100
RT_BENCH_WARMUP ?= 10

# MMU off: every access is to Device memory, so no unaligned accesses; no
# FP/SIMD (CPACR_EL1 leaves it trapped, and mica need not switch it).
GUEST_CFLAGS := -std=c11 -ffreestanding -nostdlib -fno-common -fno-pie \
	-fno-pic -fno-stack-protector -fno-omit-frame-pointer -O2 -g \
	-march=armv8-a -mgeneral-regs-only -mstrict-align \
	-mno-outline-atomics -Wall -Wextra -Werror -Wshadow \
	-Wmissing-prototypes -Wstrict-prototypes -Wvla \
	-Iguests/libmica/include -Iguests/libmica -Iinclude
GUEST_LDFLAGS := -nostdlib -static -no-pie -Wl,--build-id=none \
	-Wl,-z,noexecstack -Wl,-z,max-page-size=4096 -Wl,--fatal-warnings \
	-T guests/libmica/link.ld

# libmica, with the hypervisor's own formatter, string functions and
# device-tree reader (hyp/core/fmt.c, string.c, dtb.c): one copy of each,
# freestanding.
LIBMICA_SRCS := \
	guests/libmica/vectors.S \
	guests/libmica/smccc.S \
	guests/libmica/smccc6.S \
	guests/libmica/board.c \
	guests/libmica/channel.c \
	guests/libmica/console.c \
	guests/libmica/exception.c \
	guests/libmica/gic.c \
	guests/libmica/hc.c \
	guests/libmica/part.c \
	guests/libmica/pay.c \
	guests/libmica/psci.c \
	guests/libmica/ring.c \
	guests/libmica/timer.c \
	hyp/core/dtb.c \
	hyp/core/fmt.c \
	hyp/core/string.c
LIBMICA_START := $(GUEST_OBJ)/guests/libmica/start.o
LIBMICA_OBJS := $(patsubst %,$(GUEST_OBJ)/%.o,$(basename $(LIBMICA_SRCS)))
LIBMICA_A := $(GUEST_OUT)/libmica.a

guest_objs = $(patsubst %.c,$(GUEST_OBJ)/%.o,$(wildcard guests/$(1)/*.c))
# guests/bench-report: the benchmarks' console report, linked by the
# partitions that name it in <name>_EXTRA_OBJS (not a partition itself).
GUEST_ALL_OBJS := $(foreach g,$(NATIVE_GUESTS) $(NATIVE_TEST_GUESTS), \
	$(call guest_objs,$(g))) $(call guest_objs,bench-report)
GUEST_C_OBJS := $(patsubst %.c,$(GUEST_OBJ)/%.o, \
	$(filter %.c,$(LIBMICA_SRCS))) $(GUEST_ALL_OBJS)
GUEST_S_OBJS := $(patsubst %.S,$(GUEST_OBJ)/%.o, \
	$(filter %.S,$(LIBMICA_SRCS))) $(LIBMICA_START)

# rt-bench-loop: rt-bench's sources again, in an object folder of their own.
RT_BENCH_LOOP_OBJ := $(GUEST_OBJ)/rt-bench-loop
RT_BENCH_LOOP_OBJS := $(patsubst %.c,$(RT_BENCH_LOOP_OBJ)/%.o, \
	$(wildcard guests/rt-bench/*.c))

.PHONY: guests guests-force

guests: $(GUEST_ELFS) $(GUEST_TEST_ELFS) $(RT_BENCH_LOOP_ELF) $(GUEST_BINS) \
	$(RT_BENCH_LOAD_ELFS) $(GUEST_OUT)/rt-bench-slow.elf

# fmt.c and dtb.c, and the console and board code that call them, see the
# hypervisor's headers, after ours, and so do xen-pingpong, which reads its
# command line from the device tree, chan-peer, which formats replies, and
# chan-bench, whose floor is libmica's memcpy; nothing else in a partition
# does.
$(GUEST_OBJ)/hyp/core/fmt.o $(GUEST_OBJ)/hyp/core/dtb.o \
$(GUEST_OBJ)/guests/libmica/console.o $(GUEST_OBJ)/guests/libmica/board.o \
$(GUEST_OBJ)/guests/xen-pingpong/main.o $(GUEST_OBJ)/guests/chan-peer/main.o \
$(GUEST_OBJ)/guests/chan-bench/main.o: \
	GUEST_EXTRA_CFLAGS := -idirafter hyp/include
# A partition's objects from elsewhere: <name>_EXTRA_OBJS.
xen-pingpong_EXTRA_OBJS := $(GUEST_OBJ)/guests/rt-bench/stats.o \
	$(GUEST_OBJ)/guests/bench-report/report.o
chan-bench_EXTRA_OBJS := $(GUEST_OBJ)/guests/rt-bench/stats.o \
	$(GUEST_OBJ)/guests/bench-report/report.o
# Mbed TLS for partitions that use it, and pin-entry's and update-agent's
# builds beyond their C files (their Mbed TLS, pin-entry's provisioning,
# the agent's key and the demo's signed images).
# rt-bench-<name>.elf: rt-bench's sources again, in obj/rt-bench-<name>/,
# with the knobs and RT_BENCH_<name>_DEFINES (the bench's loads below, the
# update's versions in update-agent.mk).
define rt_bench_variant
RT_BENCH_$(1)_OBJS := $$(patsubst %.c,$$(GUEST_OBJ)/rt-bench-$(1)/%.o, \
	$$(wildcard guests/rt-bench/*.c))
$$(RT_BENCH_$(1)_OBJS): GUEST_EXTRA_CFLAGS = $$(RT_BENCH_DEFINES) \
	$$(RT_BENCH_$(1)_DEFINES)
$$(RT_BENCH_$(1)_OBJS): $$(GUEST_OUT)/rt-bench.defines
$$(RT_BENCH_$(1)_OBJS): $$(GUEST_OBJ)/rt-bench-$(1)/%.o: %.c guests/guests.mk
	@mkdir -p $$(dir $$@)
	@echo "  CC      $$< ($(1))"
	@$$(GUEST_CC) $$(GUEST_CFLAGS) $$(GUEST_EXTRA_CFLAGS) -MMD -MP -c $$< -o $$@
$$(GUEST_OUT)/rt-bench-$(1).elf: $$(LIBMICA_START) $$(RT_BENCH_$(1)_OBJS) \
		$$(LIBMICA_A) guests/libmica/link.ld
	@echo "  LD      $$@"
	@$$(GUEST_CC) $$(GUEST_CFLAGS) $$(GUEST_LDFLAGS) $$(LIBMICA_START) \
		$$(RT_BENCH_$(1)_OBJS) $$(LIBMICA_A) -lgcc -o $$@
-include $$(RT_BENCH_$(1)_OBJS:.o=.d)
endef
include guests/mbedtls/mbedtls.mk
include guests/pin-entry/pin-entry.mk
include guests/update-agent/update-agent.mk
# Keep GCC from compiling memset's loop into a call to memset.
$(GUEST_OBJ)/hyp/core/string.o: \
	GUEST_EXTRA_CFLAGS := -idirafter hyp/include \
		-fno-tree-loop-distribute-patterns

RT_BENCH_DEFINES := -DRT_BENCH_SAMPLES=$(RT_BENCH_SAMPLES) \
	-DRT_BENCH_PERIOD_US=$(RT_BENCH_PERIOD_US) \
	-DRT_BENCH_WARMUP=$(RT_BENCH_WARMUP)
$(GUEST_OBJ)/guests/rt-bench/main.o: GUEST_EXTRA_CFLAGS := $(RT_BENCH_DEFINES)
$(GUEST_OBJ)/guests/rt-bench/main.o: $(GUEST_OUT)/rt-bench.defines
RT_BENCH_LOOP_DEFINES := $(RT_BENCH_DEFINES) -DRT_BENCH_ROUNDS=0
$(RT_BENCH_LOOP_OBJS): GUEST_EXTRA_CFLAGS := $(RT_BENCH_LOOP_DEFINES)
$(RT_BENCH_LOOP_OBJS): $(GUEST_OUT)/rt-bench-loop.defines

# Rewritten only when the knobs change, so that changing one rebuilds.
$(GUEST_OUT)/rt-bench.defines: guests-force
	@mkdir -p $(dir $@)
	@echo '$(RT_BENCH_DEFINES)' | cmp -s - $@ || \
		echo '$(RT_BENCH_DEFINES)' > $@
$(GUEST_OUT)/rt-bench-loop.defines: guests-force
	@mkdir -p $(dir $@)
	@echo '$(RT_BENCH_LOOP_DEFINES)' | cmp -s - $@ || \
		echo '$(RT_BENCH_LOOP_DEFINES)' > $@

$(GUEST_C_OBJS): $(GUEST_OBJ)/%.o: %.c guests/guests.mk
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	@$(GUEST_CC) $(GUEST_CFLAGS) $(GUEST_EXTRA_CFLAGS) -MMD -MP -c $< -o $@

$(RT_BENCH_LOOP_OBJS): $(RT_BENCH_LOOP_OBJ)/%.o: %.c guests/guests.mk
	@mkdir -p $(dir $@)
	@echo "  CC      $< (loop)"
	@$(GUEST_CC) $(GUEST_CFLAGS) $(GUEST_EXTRA_CFLAGS) -MMD -MP -c $< -o $@

$(GUEST_S_OBJS): $(GUEST_OBJ)/%.o: %.S guests/guests.mk
	@mkdir -p $(dir $@)
	@echo "  AS      $<"
	@$(GUEST_CC) $(GUEST_CFLAGS) -D__ASSEMBLY__ -MMD -MP -c $< -o $@

$(LIBMICA_A): $(LIBMICA_OBJS)
	@echo "  AR      $@"
	@rm -f $@
	@$(GUEST_AR) rcs $@ $^

# One link rule per partition; <name>_LDFLAGS adds to its link.
define guest_elf
$(GUEST_OUT)/$(1).elf: $(LIBMICA_START) $(call guest_objs,$(1)) \
		$($(1)_EXTRA_OBJS) $(LIBMICA_A) guests/libmica/link.ld
	@echo "  LD      $$@"
	@$(GUEST_CC) $(GUEST_CFLAGS) $(GUEST_LDFLAGS) $($(1)_LDFLAGS) \
		$(LIBMICA_START) \
		$(call guest_objs,$(1)) $($(1)_EXTRA_OBJS) $(LIBMICA_A) -lgcc \
		-Wl,-Map=$$@.map -o $$@
endef
$(foreach g,$(NATIVE_GUESTS) $(NATIVE_TEST_GUESTS), \
	$(eval $(call guest_elf,$(g))))

$(RT_BENCH_LOOP_ELF): $(LIBMICA_START) $(RT_BENCH_LOOP_OBJS) $(LIBMICA_A) \
		guests/libmica/link.ld
	@echo "  LD      $@"
	@$(GUEST_CC) $(GUEST_CFLAGS) $(GUEST_LDFLAGS) $(LIBMICA_START) \
		$(RT_BENCH_LOOP_OBJS) $(LIBMICA_A) -lgcc -o $@

# rt-bench-<kind>.elf: rt-bench's sources in obj/rt-bench-<kind>/, with
# the knobs and RT_BENCH_LOAD=<number>.
$(foreach l,$(RT_BENCH_LOADS),$(eval RT_BENCH_$(word 1,$(subst :, ,$(l)))_DEFINES \
	:= -DRT_BENCH_LOAD=$(word 2,$(subst :, ,$(l)))))
$(foreach l,$(RT_BENCH_LOADS),$(eval $(call rt_bench_variant,$(word 1,$(subst \
	:, ,$(l))))))
# rt-bench-slow.elf: the bench's mica+slow (RT_BENCH_SLOW_PATH).
RT_BENCH_slow_DEFINES := -DRT_BENCH_SLOW_PATH=1
$(eval $(call rt_bench_variant,slow))

# ctl-loop-<variant>.elf: guests/ctl-loop's one source in
# obj/ctl-loop-<variant>/ with CTL_LOOP_<variant>_DEFINES: the two versions
# a live update goes between, and a first version that faults on purpose
# after 20000 periods (2 s), for the stop-and-restart it is compared with;
# and the versions of test_update_sides.py, which log every message for
# ctl-sides and drive the PL031: version 2 trying the channel as the
# standby first, and a version 2 that writes to the PL031 as the standby.
CTL_LOOP_VARIANTS := v1 v2 crash sides-v1 sides-v2 sides-dev-early
CTL_LOOP_v1_DEFINES := -DCTL_VERSION=1
CTL_LOOP_v2_DEFINES := -DCTL_VERSION=2
CTL_LOOP_crash_DEFINES := -DCTL_VERSION=1 -DCTL_CRASH_AFTER=20000
CTL_LOOP_sides-v1_DEFINES := -DCTL_VERSION=1 -DCTL_SIDES=1
CTL_LOOP_sides-v2_DEFINES := -DCTL_VERSION=2 -DCTL_SIDES=1 \
	-DCTL_SIDES_TRIES=500
CTL_LOOP_sides-dev-early_DEFINES := -DCTL_VERSION=2 -DCTL_SIDES=1 \
	-DCTL_SIDES_DEV_EARLY=1
CTL_LOOP_ELFS := $(patsubst %,$(GUEST_OUT)/ctl-loop-%.elf,$(CTL_LOOP_VARIANTS))
define ctl_loop_elf
CTL_LOOP_$(1)_OBJ := $$(GUEST_OBJ)/ctl-loop-$(1)/guests/ctl-loop/main.o
$$(CTL_LOOP_$(1)_OBJ): guests/ctl-loop/main.c guests/guests.mk
	@mkdir -p $$(dir $$@)
	@echo "  CC      $$< ($(1))"
	@$$(GUEST_CC) $$(GUEST_CFLAGS) $$(CTL_LOOP_$(1)_DEFINES) -MMD -MP -c \
		$$< -o $$@
$$(GUEST_OUT)/ctl-loop-$(1).elf: $$(LIBMICA_START) $$(CTL_LOOP_$(1)_OBJ) \
		$$(LIBMICA_A) guests/libmica/link.ld
	@echo "  LD      $$@"
	@$$(GUEST_CC) $$(GUEST_CFLAGS) $$(GUEST_LDFLAGS) $$(LIBMICA_START) \
		$$(CTL_LOOP_$(1)_OBJ) $$(LIBMICA_A) -lgcc -o $$@
-include $$(CTL_LOOP_$(1)_OBJ:.o=.d)
endef
$(foreach v,$(CTL_LOOP_VARIANTS),$(eval $(call ctl_loop_elf,$(v))))
guests: $(CTL_LOOP_ELFS)

# The raw image: from the Image header at 0x40000000 to the end of .data.
$(GUEST_BINS): %.bin: %.elf
	@echo "  OBJCOPY $@"
	@$(GUEST_CROSS_COMPILE)objcopy -O binary $< $@

-include $(GUEST_C_OBJS:.o=.d) $(GUEST_S_OBJS:.o=.d) \
	$(RT_BENCH_LOOP_OBJS:.o=.d)

.DEFAULT_GOAL := $(guests_saved_goal)
