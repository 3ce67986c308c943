# SPDX-License-Identifier: Apache-2.0
#
# Host unit tests (cmocka), included from the top Makefile. Each
# tests/unit/<name>_test.c becomes $(BUILD)/unit/<name>_test, linked with the
# core modules compiled for the host, the fake port (hyp/arch/fake) and the
# real AArch64 table-entry encoder and vGIC model (pure C; the fake port
# also takes the AArch64 interrupt-specifier decoding and scenario section,
# header-only), all under AddressSanitizer and UndefinedBehaviorSanitizer.
# These come from one archive, so a test links only the modules it
# reaches; every core file is still compiled for the host, which keeps the
# core free of architecture code. Two are not: selftest.c (faults on
# purpose, which the host cannot take and go on from) and string.c (tests
# take the string functions from the host's C library). Test device trees are built next to the binaries: ours from
# tests/unit/data/*.dts with dtc, and QEMU's own for GICv2 and GICv3.
# Fixtures several tests share are the other tests/unit/*.c (helpers): in
# the same archive, so a test links those it uses.

UNIT_OUT := $(BUILD)/unit
UNIT_OBJ := $(UNIT_OUT)/obj
HOSTAR ?= ar

UNIT_CFLAGS := -std=c11 -Wall -Wextra -Werror -g -O1 \
	-fsanitize=address,undefined -fno-sanitize-recover=all \
	-fno-omit-frame-pointer -Wshadow -Wstrict-prototypes -Wvla -pthread \
	-Ihyp/include -Ihyp/arch/fake/include -Iinclude $(MBEDTLS_INCLUDES) \
	$(MBEDTLS_CONFIG)

UNIT_LIB_SRCS := \
	$(filter-out hyp/core/selftest.c hyp/core/string.c,$(CORE_SRCS)) \
	$(wildcard hyp/arch/fake/*.c) \
	hyp/arch/aarch64/pgtable.c \
	hyp/arch/aarch64/vgic_dist.c \
	hyp/arch/aarch64/vgic_lr.c \
	hyp/arch/aarch64/vgic_redist.c
UNIT_MBEDTLS_OBJS := $(patsubst %,$(UNIT_OBJ)/mbedtls/%.o,$(MBEDTLS_FILES))
UNIT_HELPERS := $(filter-out %_test.c,$(wildcard tests/unit/*.c))
UNIT_HELPER_OBJS := $(patsubst %.c,$(UNIT_OBJ)/%.o,$(UNIT_HELPERS))
UNIT_LIB_OBJS := $(patsubst %.c,$(UNIT_OBJ)/%.o,$(UNIT_LIB_SRCS)) \
	$(UNIT_MBEDTLS_OBJS) $(UNIT_HELPER_OBJS)
UNIT_LIB := $(UNIT_OUT)/libmica-host.a

UNIT_TESTS := $(patsubst tests/unit/%.c,%,$(wildcard tests/unit/*_test.c))
UNIT_BINS := $(addprefix $(UNIT_OUT)/,$(UNIT_TESTS))
UNIT_TEST_OBJS := $(patsubst %,$(UNIT_OBJ)/tests/unit/%.o,$(UNIT_TESTS))

# The board QEMU boots mica on (see QEMU_ARGS); dumpdtb exits at once.
UNIT_QEMU_BOARD = -cpu cortex-a53 -smp 4 -m 512M -nographic -nic none
UNIT_CMDLINE := mica.poweroff mica.fault=check@1 console=ttyAMA0

# Tests find their data by absolute path, whatever directory runs them.
$(UNIT_TEST_OBJS) $(UNIT_HELPER_OBJS): UNIT_TEST_DEFINES := \
	-DUNIT_DATA_DIR='"$(abspath $(UNIT_OUT))"' \
	-DUNIT_CMDLINE='"$(UNIT_CMDLINE)"'

# The AArch64 vGIC model (pure C) and its test see the port's own vGIC
# state types and private header; -iquote puts those before the fake port's
# headers for quoted includes, in these objects only.
$(UNIT_OBJ)/hyp/arch/aarch64/vgic_dist.o \
$(UNIT_OBJ)/hyp/arch/aarch64/vgic_lr.o \
$(UNIT_OBJ)/hyp/arch/aarch64/vgic_redist.o $(UNIT_OBJ)/tests/unit/vgic_test.o: \
	UNIT_EXTRA_CFLAGS := -iquote hyp/arch/aarch64/include \
		-iquote hyp/arch/aarch64

# libmica's ring (guests/libmica/ring.c, freestanding, no hypervisor code)
# and its test see libmica's headers.
$(UNIT_OUT)/ring_test: $(UNIT_OBJ)/guests/libmica/ring.o
$(UNIT_OBJ)/guests/libmica/ring.o $(UNIT_OBJ)/tests/unit/ring_test.o: \
	UNIT_EXTRA_CFLAGS := -Iguests/libmica/include

# libmica's payment messages (guests/libmica/pay.c, freestanding) and
# their test, as the ring.
$(UNIT_OUT)/pay_test: $(UNIT_OBJ)/guests/libmica/pay.o
$(UNIT_OBJ)/guests/libmica/pay.o $(UNIT_OBJ)/tests/unit/pay_test.o: \
	UNIT_EXTRA_CFLAGS := -Iguests/libmica/include

# pin-entry's check (guests/pin-entry/check.c) over Mbed TLS's modules of
# the native partitions, compiled for the host under their configuration
# (guests/mbedtls), not the hypervisor's: so its objects and its test's
# get UNIT_CFLAGS without the hypervisor's configuration, and the test is
# linked without the archive, which holds the hypervisor's Mbed TLS.
UNIT_GUEST_MBEDTLS_LIB_OBJS := \
	$(patsubst %,$(UNIT_OBJ)/guest-mbedtls/%.o,$(GUEST_MBEDTLS_FILES))
UNIT_GUEST_MBEDTLS_OBJS := $(UNIT_GUEST_MBEDTLS_LIB_OBJS) \
	$(UNIT_OBJ)/guests/mbedtls/crypto_pool.o
UNIT_CHECK_OBJS := $(UNIT_OBJ)/tests/unit/check_test.o \
	$(UNIT_OBJ)/guests/pin-entry/check.o $(UNIT_OBJ)/guests/libmica/pay.o \
	$(UNIT_GUEST_MBEDTLS_OBJS)
UNIT_GUEST_CFLAGS := $(filter-out $(MBEDTLS_CONFIG),$(UNIT_CFLAGS)) \
	-Iguests/libmica/include -Iguests/pin-entry $(GUEST_MBEDTLS_INCLUDES)
$(UNIT_OBJ)/tests/unit/check_test.o $(UNIT_OBJ)/guests/pin-entry/check.o \
$(UNIT_OBJ)/guests/mbedtls/crypto_pool.o: UNIT_CFLAGS := $(UNIT_GUEST_CFLAGS)
$(UNIT_OBJ)/tests/unit/check_test.o $(UNIT_OBJ)/guests/pin-entry/check.o \
$(UNIT_OBJ)/guests/mbedtls/crypto_pool.o: | $(MBEDTLS_STAMP)

$(UNIT_GUEST_MBEDTLS_LIB_OBJS): $(UNIT_OBJ)/guest-mbedtls/%.o: $(MBEDTLS_STAMP) \
		guests/mbedtls/mica_guest_mbedtls_config.h
	@mkdir -p $(dir $@)
	@echo "  HOSTCC  $(MBEDTLS_SRC)/library/$*.c (guest)"
	@$(HOSTCC) $(filter-out -Wshadow -Wstrict-prototypes, \
		$(UNIT_GUEST_CFLAGS)) -MMD -MP \
		-c $(MBEDTLS_SRC)/library/$*.c -o $@

$(UNIT_OUT)/check_test: $(UNIT_CHECK_OBJS)
	@echo "  HOSTLD  $@"
	@$(HOSTCC) $(UNIT_CFLAGS) $^ -o $@ -lcmocka

# The update agent's verifier (guests/mbedtls/p256.c) over its own Mbed
# TLS modules and configuration, as check_test is over pin-entry's: linked
# without the archive, with --gc-sections as the partition is (ecdsa.c's
# DER functions call ASN.1 modules that are not built).
UNIT_AGENT_MBEDTLS_LIB_OBJS := \
	$(patsubst %,$(UNIT_OBJ)/agent-mbedtls/%.o,$(AGENT_MBEDTLS_FILES))
UNIT_P256_OBJS := $(UNIT_OBJ)/tests/unit/p256_test.o \
	$(UNIT_OBJ)/guests/mbedtls/p256.o $(UNIT_AGENT_MBEDTLS_LIB_OBJS)
UNIT_AGENT_CFLAGS := $(filter-out $(MBEDTLS_CONFIG),$(UNIT_CFLAGS)) \
	$(AGENT_MBEDTLS_INCLUDES) -ffunction-sections -fdata-sections
$(UNIT_OBJ)/tests/unit/p256_test.o $(UNIT_OBJ)/guests/mbedtls/p256.o: \
	UNIT_CFLAGS := $(UNIT_AGENT_CFLAGS)
$(UNIT_OBJ)/tests/unit/p256_test.o $(UNIT_OBJ)/guests/mbedtls/p256.o: \
	| $(MBEDTLS_STAMP)

$(UNIT_AGENT_MBEDTLS_LIB_OBJS): $(UNIT_OBJ)/agent-mbedtls/%.o: \
		$(MBEDTLS_STAMP) guests/mbedtls/mica_agent_mbedtls_config.h
	@mkdir -p $(dir $@)
	@echo "  HOSTCC  $(MBEDTLS_SRC)/library/$*.c (agent)"
	@$(HOSTCC) $(filter-out -Wshadow -Wstrict-prototypes, \
		$(UNIT_AGENT_CFLAGS)) -MMD -MP \
		-c $(MBEDTLS_SRC)/library/$*.c -o $@

$(UNIT_OUT)/p256_test: $(UNIT_P256_OBJS)
	@echo "  HOSTLD  $@"
	@$(HOSTCC) $(UNIT_CFLAGS) $^ -Wl,--gc-sections -o $@ -lcmocka

# The update agent's protocol and checks (guests/update-agent/agent.c)
# against a fake mica in the test, over the same verifier: files signed by
# tools/mica-update with the test-only keys tests/unit/data/update-*.key
# (public in this repository: nothing trusts them), and the test key's
# C header, as the partition's build makes its own.
UNIT_AGENT_OBJS := $(UNIT_OBJ)/tests/unit/agent_test.o \
	$(UNIT_OBJ)/guests/update-agent/agent.o $(UNIT_OBJ)/hyp/core/fmt.o \
	$(UNIT_OBJ)/guests/mbedtls/p256.o $(UNIT_AGENT_MBEDTLS_LIB_OBJS)
UNIT_UPDATE_KEY := tests/unit/data/update-test.key
UNIT_UPDATE_FILES := $(addprefix $(UNIT_OUT)/update-,payload.bin \
	rt-v2.mup rt-v1.mup pin-v2.mup rt-v2-other-key.mup wipe-rt-5.mwp \
	wipe-rt-3.mwp wipe-rt-7.mwp wipe-pin-9.mwp) $(UNIT_OUT)/update-pubkey.h
$(UNIT_OBJ)/tests/unit/agent_test.o $(UNIT_OBJ)/guests/update-agent/agent.o: \
	UNIT_CFLAGS := $(UNIT_AGENT_CFLAGS) -Iguests/update-agent \
		-Iguests/libmica/include -I$(UNIT_OUT)
$(UNIT_OBJ)/tests/unit/agent_test.o: $(UNIT_OUT)/update-pubkey.h
$(UNIT_OBJ)/tests/unit/agent_test.o $(UNIT_OBJ)/guests/update-agent/agent.o: \
	| $(MBEDTLS_STAMP)

$(UNIT_OUT)/agent_test: $(UNIT_AGENT_OBJS) $(UNIT_UPDATE_FILES)
	@echo "  HOSTLD  $@"
	@$(HOSTCC) $(UNIT_CFLAGS) $(UNIT_AGENT_OBJS) -Wl,--gc-sections -o $@ \
		-lcmocka

# 70000 bytes: more than one MICA_HC_PART_STAGE chunk.
$(UNIT_OUT)/update-payload.bin:
	@mkdir -p $(dir $@)
	@$(PYTHON) -c 'import sys; open(sys.argv[1], "wb").write(bytes(i * 7 \
		% 251 for i in range(70000)))' $@
unit_update_sign = $(PYTHON) tools/mica-update sign --key $(1) --target $(2) \
	--version $(3) --bin $(UNIT_OUT)/update-payload.bin --load 0x40000000 \
	--entry 0x40000100 -o $@
$(UNIT_OUT)/update-rt-v2.mup: $(UNIT_OUT)/update-payload.bin tools/mica-update
	@$(call unit_update_sign,$(UNIT_UPDATE_KEY),rt,2)
$(UNIT_OUT)/update-rt-v1.mup: $(UNIT_OUT)/update-payload.bin tools/mica-update
	@$(call unit_update_sign,$(UNIT_UPDATE_KEY),rt,1)
$(UNIT_OUT)/update-pin-v2.mup: $(UNIT_OUT)/update-payload.bin tools/mica-update
	@$(call unit_update_sign,$(UNIT_UPDATE_KEY),pin,2)
$(UNIT_OUT)/update-rt-v2-other-key.mup: $(UNIT_OUT)/update-payload.bin \
		tools/mica-update
	@$(call unit_update_sign,tests/unit/data/update-other.key,rt,2)
$(UNIT_OUT)/update-wipe-%.mwp: tools/mica-update
	@mkdir -p $(dir $@)
	@t='$*'; $(PYTHON) tools/mica-update wipe --key $(UNIT_UPDATE_KEY) \
		--target $${t%-*} --nonce $${t##*-} -o $@
$(UNIT_OUT)/update-pubkey.h: $(UNIT_UPDATE_KEY) tools/mica-update
	@mkdir -p $(dir $@)
	@$(PYTHON) tools/mica-update pubkey $< --c $@

# Extra libraries by test: libfdt is the oracle the device-tree reader is
# checked against.
UNIT_LIBS_dtb_test := -lfdt

UNIT_DTBS := \
	$(patsubst tests/unit/data/%.dts,$(UNIT_OUT)/%.dtb, \
		$(wildcard tests/unit/data/*.dts)) \
	$(UNIT_OUT)/qemu-gicv2.dtb $(UNIT_OUT)/qemu-gicv3.dtb \
	$(UNIT_OUT)/qemu-cmdline.dtb

.PHONY: unit-build
# Objects are built by pattern rules only; keep them for the next build.
.SECONDARY: $(UNIT_LIB_OBJS) $(UNIT_TEST_OBJS) $(UNIT_CHECK_OBJS) \
	$(UNIT_P256_OBJS) $(UNIT_AGENT_OBJS)

unit-build: $(UNIT_BINS) $(UNIT_DTBS)

$(UNIT_OBJ)/%.o: %.c
	@mkdir -p $(dir $@)
	@echo "  HOSTCC  $<"
	@$(HOSTCC) $(UNIT_CFLAGS) $(UNIT_EXTRA_CFLAGS) $(UNIT_TEST_DEFINES) \
		-MMD -MP -c $< -o $@

# Mbed TLS's files of the hypervisor (hyp/lib/mbedtls), for the host: the
# C library's headers, the same configuration.
$(UNIT_MBEDTLS_OBJS): $(UNIT_OBJ)/mbedtls/%.o: $(MBEDTLS_STAMP)
	@mkdir -p $(dir $@)
	@echo "  HOSTCC  $(MBEDTLS_SRC)/library/$*.c"
	@$(HOSTCC) $(filter-out -Wshadow -Wstrict-prototypes,$(UNIT_CFLAGS)) \
		-MMD -MP -c $(MBEDTLS_SRC)/library/$*.c -o $@

$(UNIT_OBJ)/hyp/core/entropy.o: | $(MBEDTLS_STAMP)

$(UNIT_LIB): $(UNIT_LIB_OBJS)
	@echo "  AR      $@"
	@rm -f $@
	@$(HOSTAR) rcsT $@ $^

$(UNIT_OUT)/%_test: $(UNIT_OBJ)/tests/unit/%_test.o $(UNIT_LIB)
	@echo "  HOSTLD  $@"
	@$(HOSTCC) $(UNIT_CFLAGS) $^ -o $@ -lcmocka $(UNIT_LIBS_$(notdir $@))

$(UNIT_OUT)/%.dtb: tests/unit/data/%.dts $(wildcard tests/unit/data/*.dtsi)
	@mkdir -p $(dir $@)
	@echo "  DTC     $<"
	@dtc -q -I dts -O dtb -o $@ $<

$(UNIT_OUT)/qemu-gicv%.dtb:
	@mkdir -p $(dir $@)
	@echo "  QEMU    $@"
	@$(QEMU) -M virt,virtualization=on,gic-version=$*,dumpdtb=$@ \
		$(UNIT_QEMU_BOARD) 2>/dev/null

# The same board with a command line; -append needs a -kernel, any will do.
$(UNIT_OUT)/qemu-cmdline.dtb:
	@mkdir -p $(dir $@)
	@echo "  QEMU    $@"
	@$(QEMU) -M virt,virtualization=on,gic-version=3,dumpdtb=$@ \
		$(UNIT_QEMU_BOARD) -kernel /dev/null -append "$(UNIT_CMDLINE)" \
		2>/dev/null

-include $(UNIT_LIB_OBJS:.o=.d) $(UNIT_TEST_OBJS:.o=.d) \
	$(UNIT_CHECK_OBJS:.o=.d) $(UNIT_P256_OBJS:.o=.d) \
	$(UNIT_AGENT_OBJS:.o=.d)
