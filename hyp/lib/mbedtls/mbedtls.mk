# SPDX-License-Identifier: Apache-2.0
#
# Mbed TLS's SHA-256 and HMAC-DRBG in the hypervisor (hyp/core/entropy.c),
# included from the top Makefile. fetch.sh unpacks Debian's mbedtls 2.28
# source into $(MBEDTLS_DIR) (once: build/mbedtls, whatever BUILD is, so that
# every build directory shares one download); only the four files below are
# compiled, freestanding with no C library headers (-nostdinc: the
# compiler's own and hyp/lib/mbedtls/include), under our configuration
# mica_mbedtls_config.h.
# The unit tests link the same four files compiled for the host.

MBEDTLS_DIR ?= build/mbedtls
MBEDTLS_SRC := $(MBEDTLS_DIR)/src
MBEDTLS_STAMP := $(MBEDTLS_DIR)/version
MBEDTLS_FILES := sha256 md hmac_drbg platform_util
MBEDTLS_OBJS := $(patsubst %,$(BUILD)/mbedtls-obj/%.o,$(MBEDTLS_FILES))
# For every file that includes Mbed TLS headers; -isystem: their findings are
# not ours to fix. Our files name the configuration themselves (entropy.c:
# the analysers get HYP_CFLAGS through a shell's quoting); Mbed TLS's own
# files get it here.
MBEDTLS_INCLUDES := -isystem $(MBEDTLS_SRC)/include -Ihyp/lib/mbedtls
MBEDTLS_CONFIG := -DMBEDTLS_CONFIG_FILE='"mica_mbedtls_config.h"'
MBEDTLS_CFLAGS = -std=c11 -ffreestanding -fno-common -fno-pie -fno-pic \
	-fno-stack-protector -O2 -g -Wall -Wextra -Werror $(ARCH_CFLAGS) \
	-nostdinc -Ihyp/lib/mbedtls/include \
	-isystem $(shell $(CC) -print-file-name=include) -Ihyp/include \
	$(MBEDTLS_INCLUDES) $(MBEDTLS_CONFIG)

$(MBEDTLS_STAMP):
	@hyp/lib/mbedtls/fetch.sh $(MBEDTLS_DIR)

# -MD, not -MMD: Mbed TLS's headers are system headers here (-isystem), and
# make loc counts what the dependency files list.
$(MBEDTLS_OBJS): $(BUILD)/mbedtls-obj/%.o: $(MBEDTLS_STAMP)
	@mkdir -p $(dir $@)
	@echo "  CC      $(MBEDTLS_SRC)/library/$*.c"
	@$(CC) $(MBEDTLS_CFLAGS) -MD -MP -c $(MBEDTLS_SRC)/library/$*.c -o $@
