# SPDX-License-Identifier: Apache-2.0
#
# mica: build, run, test and measure. `make help` lists the targets.
# Every target that needs host tools first runs tools/deps.sh, which installs
# what is missing from Debian's packages (as root) or says what to install.

ARCH ?= aarch64
PLAT ?= qemu-virt
BUILD ?= build
# One spelling of the build directory, relative to this one when inside it:
# make matches the targets of the dependency files (-MMD) by name, so objects
# written under build/x would not see header changes when built again as
# /abs/build/x (or build/x/), and stale ones would be linked.
override BUILD := $(patsubst $(CURDIR)/%,%,$(abspath $(BUILD)))

.DEFAULT_GOAL := all

include hyp/arch/$(ARCH)/arch.mk
include hyp/platform/$(PLAT)/platform.mk
include hyp/core/core.mk
include hyp/lib/mbedtls/mbedtls.mk
include guests/linux/linux.mk
include guests/guests.mk

CC := $(CROSS_COMPILE)gcc
OBJCOPY := $(CROSS_COMPILE)objcopy
SIZE := $(CROSS_COMPILE)size
HOSTCC ?= gcc
PYTHON ?= /usr/bin/python3

GIT_REV := $(shell git describe --always --dirty 2>/dev/null || echo unknown)

HYP_SRCS := $(CORE_SRCS) $(ARCH_SRCS) $(PLAT_SRCS)
HYP_OBJS := $(patsubst %,$(BUILD)/%.o,$(HYP_SRCS)) $(MBEDTLS_OBJS)

# --- scenario -------------------------------------------------------------
# SCENARIO is the system to build, a device-tree source in configs/ (see
# docs/scenario.md), or `none`: the hypervisor alone, for bringing up and
# testing a board. micacfg checks it and generates the hypervisor's tables
# (compiled in) and the payload of partition images (appended to the image).
SCENARIO ?= configs/default.dts
SCN_DIR := $(BUILD)/scenario
include tools/micacfg/micacfg.mk

ifeq ($(SCENARIO),none)
$(SCN_DIR)/tables.c $(SCN_DIR)/payload.bin &: $(MICACFG) | $(SCN_DIR)/
	@$(MICACFG) none --out $(SCN_DIR)
else
# Its sources: the file and those it /include/s (one level, as configs/
# does), so that a change to either rebuilds the image.
SCENARIO_SRCS := $(SCENARIO) $(addprefix $(dir $(SCENARIO)),$(shell sed -nE \
	's|^/include/[[:space:]]*"([^"]+)".*|\1|p' $(SCENARIO) 2>/dev/null))
# The images they name: built first if the build knows how, else they must
# exist (micacfg says which is missing, naming the node). Those outside the
# tree (a Debian package's, such as U-Boot's) only once they exist: make
# would stop at a missing one before micacfg could name it.
SCENARIO_IMAGES := $(foreach f,$(sort $(shell sed -nE \
	's/^[^/]*(kernel|initramfs|elf|raw)[[:space:]]*=[[:space:]]*"([^"]+)".*/\2/p' \
	$(SCENARIO_SRCS) 2>/dev/null)),$(if $(filter /%,$(f)),$(wildcard $(f)),$(f)))
$(SCN_DIR)/scenario.dtb: $(SCENARIO_SRCS) | $(SCN_DIR)/
	@echo "  DTC     $<"
	@dtc -I dts -O dtb -o $@ $<

$(SCN_DIR)/tables.c $(SCN_DIR)/payload.bin &: $(SCN_DIR)/scenario.dtb \
		$(MICACFG) $(SCENARIO_IMAGES)
	@echo "  MICACFG $(SCENARIO)"
	@$(MICACFG) gen $< --source $(SCENARIO) --out $(SCN_DIR)
endif

# A build directory remembers its scenario: another one rebuilds the tables.
$(SCN_DIR)/name: FORCE | $(SCN_DIR)/
	@echo "$(SCENARIO)" | cmp -s - $@ || echo "$(SCENARIO)" > $@
$(SCN_DIR)/tables.c: $(SCN_DIR)/name

$(SCN_DIR)/:
	@mkdir -p $@

HYP_OBJS += $(SCN_DIR)/tables.o $(SCN_DIR)/payload.o

$(SCN_DIR)/tables.o: $(SCN_DIR)/tables.c
	@echo "  CC      $<"
	@$(CC) $(HYP_CFLAGS) -MMD -MP -c $< -o $@

$(SCN_DIR)/payload.o: hyp/arch/$(ARCH)/payload.S $(SCN_DIR)/payload.bin
	@echo "  AS      $< ($(SCN_DIR)/payload.bin)"
	@$(CC) $(HYP_CFLAGS) -D__ASSEMBLY__ \
		-DMICA_PAYLOAD='"$(SCN_DIR)/payload.bin"' -MMD -MP -c $< -o $@

scenario-info: deps $(SCN_DIR)/scenario.dtb $(MICACFG)
	@$(MICACFG) info $(SCN_DIR)/scenario.dtb --source $(SCENARIO)

scenario-check: deps $(SCN_DIR)/scenario.dtb $(MICACFG)
	@$(MICACFG) check $(SCN_DIR)/scenario.dtb --source $(SCENARIO)
HYP_INCLUDES := -Ihyp/include -Ihyp/arch/$(ARCH)/include -Ihyp/arch/$(ARCH) \
	-Iinclude
HYP_DEFINES := -DPLAT_LOAD_ADDR=$(PLAT_LOAD_ADDR) \
	-DPLAT_MEM_SIZE=$(PLAT_MEM_SIZE) -DPLAT_EARLY_UART=$(PLAT_EARLY_UART)
HYP_CFLAGS := -std=c11 -ffreestanding -fno-common -fno-pie -fno-pic \
	-fno-stack-protector -fno-omit-frame-pointer -O2 -g \
	-Wall -Wextra -Werror -Wshadow -Wmissing-prototypes \
	-Wstrict-prototypes -Wvla $(ARCH_CFLAGS) $(HYP_INCLUDES) $(HYP_DEFINES) \
	$(MBEDTLS_INCLUDES)
HYP_LDFLAGS := -nostdlib -static -no-pie -Wl,--build-id=none \
	-Wl,-z,noexecstack -Wl,-z,max-page-size=4096 -Wl,--fatal-warnings

MICA_ELF := $(BUILD)/mica.elf
MICA_BIN := $(BUILD)/mica.bin

# QEMU: the board mica is built for, and the matrix the system tests cover.
QEMU ?= qemu-system-aarch64
QEMU_CPU ?= cortex-a53
GIC ?= 3
SMP ?= 4
MEM ?= 1G
APPEND ?=
QEMU_ARGS = -M virt,virtualization=on,gic-version=$(GIC) -cpu $(QEMU_CPU) \
	-smp $(SMP) -m $(MEM) -nographic -nic none -no-reboot -kernel $(MICA_BIN) \
	$(if $(APPEND),-append "$(APPEND)")

.PHONY: FORCE bench figures format boot-compare boot-time test-builds scenario-info scenario-check all deps deps-test run debug test unit system static size loc clean \
	help print-hyp-srcs print-hyp-cflags print-cross-compile print-qemu-argv

all: $(MICA_BIN)

help:
	@echo "make            build $(MICA_BIN)"
	@echo "make run        build and boot in QEMU (GIC=$(GIC) SMP=$(SMP) QEMU_CPU=$(QEMU_CPU)); quit with Ctrl-A X"
	@echo "make test       every test: host unit tests, static analysis, QEMU system tests"
	@echo "make debug      boot halted under QEMU's gdb stub"
	@echo "make size       section sizes of the hypervisor image"
	@echo "make loc        lines of C and assembly compiled into the hypervisor,"
	@echo "                and into pin-entry's trusted computing base"
	@echo "make figures    the README's size and lines blocks from make size and make loc"
	@echo "make boot-time  mica's boot in instructions (QEMU -icount)"
	@echo "make boot-compare   Linux's boot to shell, bare QEMU vs mica (instructions)"
	@echo "make bench      interrupt latency, bare QEMU vs mica vs Xen, into bench/results"
	@echo "                (BENCH_RUNS=3, BENCH_CASES=bare,mica,...: see bench/README.md)"
	@echo "make scenario-info SCENARIO=configs/x.dts   the scenario as tables"
	@echo "make linux      fetch Debian's arm64 kernel, build the busybox initramfs"
	@echo "make linux-run  boot that Linux on bare QEMU (no hypervisor)"
	@echo "make linux-boot-time   Linux's boot to shell on bare QEMU, in instructions"
	@echo "make guests     native partitions (rt-bench, pin-entry, libmica-test)"

deps:
	@tools/deps.sh build

deps-test:
	@tools/deps.sh test

$(BUILD)/%.c.o: %.c
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	@$(CC) $(HYP_CFLAGS) -DMICA_GIT='"$(GIT_REV)"' -MMD -MP -c $< -o $@

# GCC must not turn the loops of memset and memcpy back into calls to
# themselves.
$(BUILD)/hyp/core/string.c.o: HYP_CFLAGS += -fno-tree-loop-distribute-patterns

# The entropy module includes Mbed TLS's headers: fetched first.
$(BUILD)/hyp/core/entropy.c.o: | $(MBEDTLS_STAMP)

$(BUILD)/%.S.o: %.S
	@mkdir -p $(dir $@)
	@echo "  AS      $<"
	@$(CC) $(HYP_CFLAGS) -D__ASSEMBLY__ -MMD -MP -c $< -o $@

$(BUILD)/linker.ld: hyp/arch/$(ARCH)/linker.ld.S
	@mkdir -p $(dir $@)
	@$(CC) -E -P -x c $(HYP_INCLUDES) $(HYP_DEFINES) -MMD -MP -MT $@ \
		-MF $@.d $< -o $@

$(MICA_ELF): $(HYP_OBJS) $(BUILD)/linker.ld
	@echo "  LD      $@"
	@$(CC) $(HYP_CFLAGS) $(HYP_LDFLAGS) -T $(BUILD)/linker.ld $(HYP_OBJS) \
		-lgcc -o $@

$(MICA_BIN): $(MICA_ELF)
	@echo "  IMAGE   $@"
	@$(OBJCOPY) -O binary $< $@

-include $(HYP_OBJS:.o=.d) $(BUILD)/linker.ld.d

# Build first under the deps check; then boot.
run: deps
	@$(MAKE) --no-print-directory all
	$(QEMU) $(QEMU_ARGS)

debug: deps
	@$(MAKE) --no-print-directory all
	@echo "QEMU is halted in its boot stub, before mica's first instruction,"
	@echo "waiting for gdb on :1234. In another terminal:"
	@echo "  gdb-multiarch $(MICA_ELF) -ex 'target remote :1234' -ex 'break _start' -ex continue"
	@echo "Quit QEMU with Ctrl-A X."
	$(QEMU) $(QEMU_ARGS) -s -S

# --- tests --------------------------------------------------------------

include tests/unit/unit.mk
include tests/tools/tools.mk
include tests/libmica/libmica.mk

# The board tests boot the hypervisor alone (SCENARIO=none) on every CPU
# count and GIC; the scenario tests boot the default scenario and these,
# each built from configs/NAME.dts into $(BUILD)/NAME (the GICv2 default
# scenario into $(BUILD)/gicv2).
TEST_SCENARIOS := hostile shared uboot conform restart vgic vgic-gicv2 \
	channels vgpio micactl direct manage ctl update-sides
test-builds:
	@$(MAKE) --no-print-directory all guests linux-files unit-build \
		tools-test-build
	@$(MAKE) --no-print-directory SCENARIO=none BUILD=$(BUILD)/none all
	@$(MAKE) --no-print-directory SCENARIO=configs/default-gicv2.dts \
		BUILD=$(BUILD)/gicv2 all
	@set -e; for s in $(TEST_SCENARIOS); do \
		$(MAKE) --no-print-directory SCENARIO=configs/$$s.dts \
			BUILD=$(BUILD)/$$s all; \
	done

test: deps-test
	@$(MAKE) --no-print-directory test-builds
	$(PYTHON) tools/run-tests.py --build $(BUILD)

unit: deps-test
	@$(MAKE) --no-print-directory unit-build
	$(PYTHON) tools/run-tests.py --build $(BUILD) --only unit

system: deps-test
	@$(MAKE) --no-print-directory test-builds
	$(PYTHON) tools/run-tests.py --build $(BUILD) --only system

static: deps-test $(MBEDTLS_STAMP)
	$(PYTHON) tools/run-tests.py --build $(BUILD) --only static

# For tools/run-tests.py: the sources and the preprocessor flags of the
# hypervisor build, so the analysers see exactly what the compiler sees.
print-hyp-srcs:
	@echo $(HYP_SRCS)

print-hyp-cflags:
	@echo $(HYP_CFLAGS)

print-cross-compile:
	@echo $(CROSS_COMPILE)

# For tests/system/test_fresh_machine.py: the command `make run` starts.
print-qemu-argv:
	@echo $(QEMU) $(QEMU_ARGS)

# --- figures --------------------------------------------------------------

size: deps
	@$(MAKE) --no-print-directory all
	@$(PYTHON) tools/size.py $(SIZE) $(MICA_ELF)

# Then pin-entry's trusted computing base: mica, and what of libmica,
# pin-entry's own files and Mbed TLS its link took.
loc: deps
	@$(MAKE) --no-print-directory all $(GUEST_OUT)/pin-entry.elf
	@$(PYTHON) tools/loc.py --third-party $(MBEDTLS_SRC) $(HYP_OBJS:.o=.d) \
		$(BUILD)/linker.ld.d --tcb pin-entry \
		$(GUEST_OUT)/pin-entry.elf.map \
		--tcb-part libmica '$(LIBMICA_START) $(LIBMICA_OBJS)' \
		--tcb-part pin-entry \
			'$(call guest_objs,pin-entry) $(PIN_PROVISION_OBJ)' \
		--tcb-part 'pin-entry: Mbed TLS' '$(GUEST_MBEDTLS_OBJS)'

# The README's size and lines blocks rewritten from make size and make loc
# (make test fails when they are stale: tests/tools/test_figures.py).
figures: deps
	@$(PYTHON) tools/figures.py write README.md --build $(BUILD)

# Every C file as .clang-format has it (make test checks: tools/format.py).
format: deps-test
	@$(PYTHON) tools/format.py --fix

# mica's boot, first instruction to all CPUs online, in instructions.
boot-time: deps
	@$(MAKE) --no-print-directory SCENARIO=none BUILD=$(BUILD)/none all
	@$(PYTHON) tools/mica-boot-time.py --image $(BUILD)/none/mica.bin

# Linux to its shell on bare QEMU and under mica, in instructions.
boot-compare: deps
	@$(MAKE) --no-print-directory linux-files
	@$(MAKE) --no-print-directory SCENARIO=configs/linux-only.dts \
		BUILD=$(BUILD)/linux-only all
	@$(PYTHON) tools/boot-compare.py --mica $(BUILD)/linux-only/mica.bin

# Real-time latency (rt-bench, Linux's cyclictest) on bare QEMU, under mica
# and under Xen, in instructions; writes bench/results (bench/README.md).
# bench.py builds each case's scenario itself (configs/bench), so that one
# that does not build fails its case only.
BENCH_RUNS ?= 3
BENCH_CASES ?=
bench:
	@tools/deps.sh bench
	@$(MAKE) --no-print-directory guests linux-files
	@$(PYTHON) tools/bench/bench.py --runs $(BENCH_RUNS) --build $(BUILD) \
		$(if $(BENCH_CASES),--cases "$(BENCH_CASES)")

clean:
	rm -rf $(BUILD)
