# SPDX-License-Identifier: Apache-2.0
#
# Tests of the host tool micacfg, included from the top Makefile.
#
#   $(BUILD)/unit/micacfg_test   cmocka: every scenario in tests/tools/scenarios
#                                (good-*.dts pass, bad-*.dts fail with their
#                                exact error), the generated tables compiled
#                                back and compared byte for byte, guest DTBs
#   $(BUILD)/tests/fuzz_micacfg  libFuzzer: any bytes as a DTB into cfg_parse()
#                                and scenario_check()
#   $(BUILD)/unit/fuzz_run_test  runs the fuzzer for a bounded time from
#                                tests/tools/corpus and reports it as TAP
#   $(TOOLS_OUT)/pin-verdict     genuine PIN-entry verdicts on the host, from
#                                pin-entry's check.c, for test_pin_verify.py
#
# Both tests are built under AddressSanitizer and UndefinedBehaviorSanitizer,
# linked with micacfg's own sources (all but main.c) and the hypervisor's
# scenario checker and formatter. The scenarios name image fixtures built
# here, in $(TOOLS_OUT): a two-instruction AArch64 ELF, the same ELF marked
# for x86-64, a fake arm64 Image, an initramfs and a raw binary.

TOOLS_OUT := $(BUILD)/tests/tools
TOOLS_OBJ := $(TOOLS_OUT)/obj
TOOLS_FUZZ := $(BUILD)/tests/fuzz_micacfg

TOOLS_TEST_CFLAGS := -std=c11 -D_DEFAULT_SOURCE -g -O1 -Wall -Wextra -Werror \
	-Wshadow -Wmissing-prototypes -fno-omit-frame-pointer \
	-fsanitize=address,undefined -fno-sanitize-recover=all \
	-Ihyp/include $(MICACFG_ARCH_INCLUDES) -Itools/micacfg

TOOLS_LIB_SRCS := $(filter-out tools/micacfg/main.c,$(MICACFG_SRCS))
TOOLS_LIB_OBJS := $(patsubst %.c,$(TOOLS_OBJ)/%.o,$(TOOLS_LIB_SRCS))

TOOLS_DTBS := $(patsubst tests/tools/scenarios/%.dts,$(TOOLS_OUT)/%.dtb, \
	$(wildcard tests/tools/scenarios/*.dts))
TOOLS_FIXTURES := $(TOOLS_OUT)/tiny.elf $(TOOLS_OUT)/tiny-x86.elf \
	$(TOOLS_OUT)/Image $(TOOLS_OUT)/initramfs.cpio.gz $(TOOLS_OUT)/raw.bin

# The fuzz run: executions and a time cap; the runner kills a binary after
# 60 s. The count is set so the run takes 20 to 40 s on the reference
# machine (2 CPUs); the cap only guards a slower one.
TOOLS_FUZZ_RUNS ?= 2000000
TOOLS_FUZZ_MAX_S ?= 45

.PHONY: tools-test-build tools-corpus
.SECONDARY: $(TOOLS_LIB_OBJS)

tools-test-build: $(BUILD)/unit/micacfg_test $(BUILD)/unit/fuzz_run_test \
	$(TOOLS_FUZZ) $(TOOLS_DTBS) $(TOOLS_FIXTURES) $(MICACFG) \
	$(TOOLS_OUT)/pin-verdict

# The check's objects as its unit test has them (tests/unit/unit.mk).
$(UNIT_OBJ)/tests/tools/pin_verdict.o: UNIT_CFLAGS := $(UNIT_GUEST_CFLAGS)
$(UNIT_OBJ)/tests/tools/pin_verdict.o: | $(MBEDTLS_STAMP)
$(TOOLS_OUT)/pin-verdict: $(UNIT_OBJ)/tests/tools/pin_verdict.o \
		$(filter-out %/check_test.o,$(UNIT_CHECK_OBJS))
	@mkdir -p $(dir $@)
	@echo "  HOSTLD  $@"
	@$(HOSTCC) $(UNIT_GUEST_CFLAGS) $^ -o $@

$(TOOLS_OBJ)/%.o: %.c
	@mkdir -p $(dir $@)
	@echo "  HOSTCC  $<"
	@$(HOSTCC) $(TOOLS_TEST_CFLAGS) $(TOOLS_DEFINES) -MMD -MP -c $< -o $@

# The test finds everything by absolute path and runs from the repository
# root, whatever directory starts it.
$(TOOLS_OBJ)/tests/tools/micacfg_test.o: TOOLS_DEFINES := \
	-DTOOLS_ROOT='"$(CURDIR)"' -DTOOLS_OUT='"$(abspath $(TOOLS_OUT))"' \
	-DTOOLS_FIXTURES='"$(TOOLS_OUT)"' -DTOOLS_HOSTCC='"$(HOSTCC)"' \
	-DTOOLS_MICACFG='"$(abspath $(MICACFG))"' \
	-DTOOLS_ARCH_INCLUDES='"$(MICACFG_ARCH_INCLUDES)"'

$(TOOLS_OBJ)/tests/tools/fuzz_run_test.o: TOOLS_DEFINES := \
	-DFUZZ_NAME='"fuzz_micacfg"' -DFUZZ_BIN='"$(abspath $(TOOLS_FUZZ))"' \
	-DFUZZ_CORPUS='"$(CURDIR)/tests/tools/corpus"' \
	-DFUZZ_RUNS='"$(TOOLS_FUZZ_RUNS)"' -DFUZZ_MAX_S='"$(TOOLS_FUZZ_MAX_S)"'

# Their defines come from here.
$(TOOLS_OBJ)/tests/tools/micacfg_test.o \
$(TOOLS_OBJ)/tests/tools/fuzz_run_test.o: tests/tools/tools.mk

# dlopen() of the compiled tables: in libc since glibc 2.34, -ldl for older.
$(BUILD)/unit/micacfg_test: $(TOOLS_OBJ)/tests/tools/micacfg_test.o \
		$(TOOLS_LIB_OBJS)
	@mkdir -p $(dir $@)
	@echo "  HOSTLD  $@"
	@$(HOSTCC) $(TOOLS_TEST_CFLAGS) $^ -o $@ -lfdt -lcmocka -ldl

$(BUILD)/unit/fuzz_run_test: $(TOOLS_OBJ)/tests/tools/fuzz_run_test.o
	@mkdir -p $(dir $@)
	@echo "  HOSTLD  $@"
	@$(HOSTCC) $(TOOLS_TEST_CFLAGS) $^ -o $@

# libFuzzer needs clang. Sanitizer reports abort, so libFuzzer sees each one
# as a crash. libfdt is the system's, not instrumented: ASan checks what it
# reads only through the C library calls it intercepts.
$(TOOLS_FUZZ): tests/tools/fuzz_micacfg.c tools/micacfg/parse.c \
		hyp/core/scenario_check.c hyp/core/fmt.c \
		$(wildcard tools/micacfg/*.h) $(MICACFG_HEADERS) \
		hyp/include/mica/fmt.h
	@mkdir -p $(dir $@)
	@echo "  CLANG   $@"
	@clang -std=c11 -D_DEFAULT_SOURCE -g -O1 -Wall -Wextra -Werror \
		-fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
		-Ihyp/include $(MICACFG_ARCH_INCLUDES) -Itools/micacfg \
		$(filter %.c,$^) -lfdt -o $@

# Scenarios: the fixture paths are written relative to the repository root.
$(TOOLS_OUT)/%.dtb: tests/tools/scenarios/%.dts tests/tools/scenarios/scenario.dtsi
	@mkdir -p $(dir $@)
	@echo "  DTC     $<"
	@dtc -q -I dts -O dtb -o $@ $<

# A static AArch64 ELF whose one loadable segment is its code at 0x40000000
# (-N: no page-aligned headers loaded below it).
$(TOOLS_OUT)/tiny.elf: tests/tools/fixtures/tiny-aarch64.S
	@mkdir -p $(dir $@)
	@echo "  AS      $<"
	@$(CROSS_COMPILE)gcc -nostdlib -static -Wl,-Ttext=0x40000000 -Wl,-N \
		-Wl,--no-warn-rwx-segments -Wl,--build-id=none $< -o $@

# The same file with e_machine (offset 18) set to EM_X86_64 (62).
$(TOOLS_OUT)/tiny-x86.elf: $(TOOLS_OUT)/tiny.elf
	@cp $< $@
	@printf '\076\000' | dd of=$@ bs=1 seek=18 conv=notrunc status=none

# An arm64 Image header (Documentation/arch/arm64/booting.rst): text_offset
# 0, image_size 0x20000, flags 0xa (little endian, 4 KiB pages), magic
# "ARM\x64" at 56; then zeros to 8 KiB.
$(TOOLS_OUT)/Image:
	@mkdir -p $(dir $@)
	@echo "  GEN     $@"
	@{ printf 'MZ\000\000\000\000\000\000'; \
	   printf '\000\000\000\000\000\000\000\000'; \
	   printf '\000\000\002\000\000\000\000\000'; \
	   printf '\012\000\000\000\000\000\000\000'; \
	   printf '\000\000\000\000\000\000\000\000'; \
	   printf '\000\000\000\000\000\000\000\000'; \
	   printf '\000\000\000\000\000\000\000\000'; \
	   printf 'ARM\144\000\000\000\000'; } > $@
	@truncate -s 8192 $@

# Contents do not matter to micacfg, only that the file exists and its size;
# 3000 bytes, not a page multiple.
$(TOOLS_OUT)/initramfs.cpio.gz:
	@mkdir -p $(dir $@)
	@echo "  GEN     $@"
	@head -c 3000 /dev/zero > $@

# A raw binary (image/raw): any bytes; 5000 of them, not a page multiple.
$(TOOLS_OUT)/raw.bin:
	@mkdir -p $(dir $@)
	@echo "  GEN     $@"
	@yes mica-raw-image | head -c 5000 > $@

# Rewrites tests/tools/corpus from the scenarios (see tests/tools/mkcorpus.py).
tools-corpus: $(TOOLS_DTBS)
	@$(PYTHON) tests/tools/mkcorpus.py $(TOOLS_OUT) tests/tools/corpus

-include $(TOOLS_LIB_OBJS:.o=.d) $(TOOLS_OBJ)/tests/tools/micacfg_test.d \
	$(TOOLS_OBJ)/tests/tools/fuzz_run_test.d
-include $(UNIT_OBJ)/tests/tools/pin_verdict.d
