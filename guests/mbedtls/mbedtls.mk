# SPDX-License-Identifier: Apache-2.0
#
# Mbed TLS for native partitions, included from guests/guests.mk: the
# modules GUEST_MBEDTLS_FILES of Debian's Mbed TLS 2.28 source, which
# hyp/lib/mbedtls/fetch.sh fetches once into $(MBEDTLS_DIR) for the
# hypervisor too, compiled freestanding for aarch64 as libmica is (no
# FP/SIMD, no unaligned access) under our configuration
# mica_guest_mbedtls_config.h, plus crypto_pool.c, the fixed pool their
# allocations come from. A partition that uses them lists
# $(GUEST_MBEDTLS_OBJS) in its <name>_EXTRA_OBJS and compiles the files
# that include Mbed TLS's headers with $(GUEST_MBEDTLS_NOSTDINC) and
# $(GUEST_MBEDTLS_INCLUDES).
#
# No C library: Mbed TLS's <string.h>, <stdlib.h>, <limits.h> and
# <assert.h> are the hypervisor's shims (hyp/lib/mbedtls/include); the
# functions behind them (memcpy, memset, memcmp, memmove) are libmica's,
# hyp/core/string.c, and strcmp is the shim's inline one.
# The host unit tests compile the same modules under the same configuration
# (tests/unit/unit.mk).
#
# The update agent's crypto is apart: AGENT_MBEDTLS_FILES under
# mica_agent_mbedtls_config.h (ECDSA P-256 verification, SHA-256), with
# p256.c, its wrapper and heap, in $(AGENT_MBEDTLS_OBJS). They are compiled
# with a section per function, and the agent links with --gc-sections:
# ecdsa.c's DER functions, which would call ASN.1 modules that are not
# built, are dropped.

GUEST_MBEDTLS_FILES := sha256 md pkcs5 constant_time platform_util
GUEST_MBEDTLS_CONFIG := \
	-DMBEDTLS_CONFIG_FILE='"mica_guest_mbedtls_config.h"'
GUEST_MBEDTLS_INCLUDES := -isystem $(MBEDTLS_SRC)/include -Iguests/mbedtls \
	$(GUEST_MBEDTLS_CONFIG)
GUEST_MBEDTLS_LIB_OBJS := \
	$(patsubst %,$(GUEST_OBJ)/mbedtls/%.o,$(GUEST_MBEDTLS_FILES))
GUEST_MBEDTLS_OBJS := $(GUEST_MBEDTLS_LIB_OBJS) \
	$(GUEST_OBJ)/guests/mbedtls/crypto_pool.o
# No C library's headers either, for every file that includes Mbed TLS's
# in a partition: the compiler's own and the shims.
GUEST_MBEDTLS_NOSTDINC = -nostdinc -Ihyp/lib/mbedtls/include \
	-isystem $(shell $(GUEST_CC) -print-file-name=include) \
	-idirafter hyp/include
GUEST_MBEDTLS_CFLAGS = -std=c11 -ffreestanding -fno-common -fno-pie \
	-fno-pic -fno-stack-protector -O2 -g -march=armv8-a \
	-mgeneral-regs-only -mstrict-align -mno-outline-atomics \
	-Wall -Wextra -Werror $(GUEST_MBEDTLS_NOSTDINC) \
	$(GUEST_MBEDTLS_INCLUDES)

# -MD, not -MMD: Mbed TLS's headers are system headers here (-isystem), and
# make loc counts what the dependency files list.
$(GUEST_MBEDTLS_LIB_OBJS): $(GUEST_OBJ)/mbedtls/%.o: $(MBEDTLS_STAMP) \
		guests/mbedtls/mica_guest_mbedtls_config.h guests/mbedtls/mbedtls.mk
	@mkdir -p $(dir $@)
	@echo "  CC      $(MBEDTLS_SRC)/library/$*.c (guest)"
	@$(GUEST_CC) $(GUEST_MBEDTLS_CFLAGS) -MD -MP \
		-c $(MBEDTLS_SRC)/library/$*.c -o $@

$(GUEST_OBJ)/guests/mbedtls/crypto_pool.o: guests/mbedtls/crypto_pool.c \
		guests/mbedtls/mbedtls.mk | $(MBEDTLS_STAMP)
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	@$(GUEST_CC) $(GUEST_MBEDTLS_CFLAGS) -Wshadow -Wmissing-prototypes \
		-Wstrict-prototypes -Wvla -MD -MP -c $< -o $@

AGENT_MBEDTLS_FILES := sha256 bignum ecp ecp_curves ecdsa constant_time \
	platform platform_util memory_buffer_alloc
AGENT_MBEDTLS_LIB_OBJS := \
	$(patsubst %,$(GUEST_OBJ)/mbedtls-agent/%.o,$(AGENT_MBEDTLS_FILES))
AGENT_MBEDTLS_OBJS := $(AGENT_MBEDTLS_LIB_OBJS) \
	$(GUEST_OBJ)/guests/mbedtls/p256.o
AGENT_MBEDTLS_CONFIG := \
	-DMBEDTLS_CONFIG_FILE='"mica_agent_mbedtls_config.h"'
AGENT_MBEDTLS_INCLUDES := -isystem $(MBEDTLS_SRC)/include -Iguests/mbedtls \
	$(AGENT_MBEDTLS_CONFIG)
AGENT_MBEDTLS_CFLAGS = $(filter-out $(GUEST_MBEDTLS_CONFIG), \
	$(GUEST_MBEDTLS_CFLAGS)) $(AGENT_MBEDTLS_CONFIG) \
	-ffunction-sections -fdata-sections

$(AGENT_MBEDTLS_LIB_OBJS): $(GUEST_OBJ)/mbedtls-agent/%.o: $(MBEDTLS_STAMP) \
		guests/mbedtls/mica_agent_mbedtls_config.h guests/mbedtls/mbedtls.mk
	@mkdir -p $(dir $@)
	@echo "  CC      $(MBEDTLS_SRC)/library/$*.c (agent)"
	@$(GUEST_CC) $(AGENT_MBEDTLS_CFLAGS) -MD -MP \
		-c $(MBEDTLS_SRC)/library/$*.c -o $@

$(GUEST_OBJ)/guests/mbedtls/p256.o: guests/mbedtls/p256.c \
		guests/mbedtls/mbedtls.mk | $(MBEDTLS_STAMP)
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	@$(GUEST_CC) $(AGENT_MBEDTLS_CFLAGS) -Wshadow -Wmissing-prototypes \
		-Wstrict-prototypes -Wvla -MD -MP -c $< -o $@

-include $(GUEST_MBEDTLS_OBJS:.o=.d) $(AGENT_MBEDTLS_OBJS:.o=.d)
