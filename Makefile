# SPDX-License-Identifier: Apache-2.0
#
# mica: build, run, test and measure. `make help` lists the targets.
# Every target that needs host tools first runs tools/deps.sh, which installs
# what is missing from Debian's packages (as root) or says what to install.

ARCH ?= aarch64
PLAT ?= qemu-virt
BUILD ?= build

include hyp/arch/$(ARCH)/arch.mk
include hyp/platform/$(PLAT)/platform.mk
include hyp/core/core.mk

CC := $(CROSS_COMPILE)gcc
OBJCOPY := $(CROSS_COMPILE)objcopy
SIZE := $(CROSS_COMPILE)size
HOSTCC ?= gcc
PYTHON ?= /usr/bin/python3

GIT_REV := $(shell git describe --always --dirty 2>/dev/null || echo unknown)

HYP_SRCS := $(CORE_SRCS) $(ARCH_SRCS) $(PLAT_SRCS)
HYP_OBJS := $(patsubst %,$(BUILD)/%.o,$(HYP_SRCS))
HYP_INCLUDES := -Ihyp/include -Ihyp/arch/$(ARCH)/include -Ihyp/arch/$(ARCH) \
	-Iinclude
HYP_DEFINES := -DPLAT_LOAD_ADDR=$(PLAT_LOAD_ADDR) \
	-DPLAT_MEM_SIZE=$(PLAT_MEM_SIZE) -DPLAT_EARLY_UART=$(PLAT_EARLY_UART)
HYP_CFLAGS := -std=c11 -ffreestanding -fno-common -fno-pie -fno-pic \
	-fno-stack-protector -fno-omit-frame-pointer -O2 -g \
	-Wall -Wextra -Werror -Wshadow -Wmissing-prototypes \
	-Wstrict-prototypes -Wvla $(ARCH_CFLAGS) $(HYP_INCLUDES) $(HYP_DEFINES)
HYP_LDFLAGS := -nostdlib -static -no-pie -Wl,--build-id=none \
	-Wl,-z,noexecstack -Wl,-z,max-page-size=4096 -Wl,--fatal-warnings

MICA_ELF := $(BUILD)/mica.elf
MICA_BIN := $(BUILD)/mica.bin

# QEMU: the board mica is built for, and the matrix the system tests cover.
QEMU ?= qemu-system-aarch64
QEMU_CPU ?= cortex-a53
GIC ?= 3
SMP ?= 4
MEM ?= 512M
APPEND ?=
QEMU_ARGS = -M virt,virtualization=on,gic-version=$(GIC) -cpu $(QEMU_CPU) \
	-smp $(SMP) -m $(MEM) -nographic -no-reboot -kernel $(MICA_BIN) \
	$(if $(APPEND),-append "$(APPEND)")

.PHONY: all deps deps-test run debug test unit system static size loc clean \
	help print-hyp-srcs print-hyp-cflags print-cross-compile

all: $(MICA_BIN)

help:
	@echo "make            build $(MICA_BIN)"
	@echo "make run        build and boot in QEMU (GIC=$(GIC) SMP=$(SMP) QEMU_CPU=$(QEMU_CPU)); quit with Ctrl-A X"
	@echo "make test       every test: host unit tests, static analysis, QEMU system tests"
	@echo "make debug      boot halted under QEMU's gdb stub"
	@echo "make size       section sizes of the hypervisor image"
	@echo "make loc        lines of C and assembly compiled into the hypervisor"

deps:
	@tools/deps.sh build

deps-test:
	@tools/deps.sh test

$(BUILD)/%.c.o: %.c
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	@$(CC) $(HYP_CFLAGS) -DMICA_GIT='"$(GIT_REV)"' -MMD -MP -c $< -o $@

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

test: deps-test
	@$(MAKE) --no-print-directory all unit-build
	$(PYTHON) tools/run-tests.py --build $(BUILD)

unit: deps-test
	@$(MAKE) --no-print-directory unit-build
	$(PYTHON) tools/run-tests.py --build $(BUILD) --only unit

system: deps-test
	@$(MAKE) --no-print-directory all
	$(PYTHON) tools/run-tests.py --build $(BUILD) --only system

static: deps-test
	$(PYTHON) tools/run-tests.py --build $(BUILD) --only static

# For tools/run-tests.py: the sources and the preprocessor flags of the
# hypervisor build, so the analysers see exactly what the compiler sees.
print-hyp-srcs:
	@echo $(HYP_SRCS)

print-hyp-cflags:
	@echo $(HYP_CFLAGS)

print-cross-compile:
	@echo $(CROSS_COMPILE)

# --- figures --------------------------------------------------------------

size: deps
	@$(MAKE) --no-print-directory all
	@$(PYTHON) tools/size.py $(SIZE) $(MICA_ELF)

loc: deps
	@$(MAKE) --no-print-directory all
	@$(PYTHON) tools/loc.py $(HYP_OBJS:.o=.d) $(BUILD)/linker.ld.d

clean:
	rm -rf $(BUILD)
