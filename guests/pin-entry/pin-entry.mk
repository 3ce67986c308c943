# SPDX-License-Identifier: Apache-2.0
#
# pin-entry's build beyond its C files, included from guests/guests.mk:
# Mbed TLS (guests/mbedtls) for check.c, and its provisioning.
#
#   make PIN=1234 PIN_ITERATIONS=N   (both optional; these are the defaults)
#
# tools/pin-provision turns PIN into $(PIN_PROVISION_C) (salt, iterations,
# PBKDF2-HMAC-SHA256 hash, verdict key: compiled into pin-entry) and
# $(PIN_VERIFIER_KEY) (the key, for tools/pin-verify). It runs at every
# build and rewrites them only when PIN or PIN_ITERATIONS changed, so the
# PIN is kept in no file. The demo's PIN is 1234; a product provisions
# each device apart (docs/pin-entry.md).

PIN ?= 1234
# What a check costs is in docs/pin-entry.md, "The check".
PIN_ITERATIONS ?= 20000
PIN_PROVISION_C := $(GUEST_OUT)/pin-provision.c
PIN_PROVISION_OBJ := $(GUEST_OBJ)/pin-provision.o
PIN_VERIFIER_KEY := $(GUEST_OUT)/pin-verdict.key

pin-entry_EXTRA_OBJS := $(GUEST_MBEDTLS_OBJS) $(PIN_PROVISION_OBJ)

$(GUEST_OBJ)/guests/pin-entry/check.o: \
	GUEST_EXTRA_CFLAGS = $(GUEST_MBEDTLS_NOSTDINC) $(GUEST_MBEDTLS_INCLUDES)
$(GUEST_OBJ)/guests/pin-entry/check.o: | $(MBEDTLS_STAMP)

# The PIN through the environment, not the command line (ps shows that).
$(PIN_PROVISION_C) $(PIN_VERIFIER_KEY) &: tools/pin-provision guests-force
	@mkdir -p $(dir $@)
	@MICA_PIN='$(PIN)' $(PYTHON) tools/pin-provision \
		--iterations $(PIN_ITERATIONS) --c $(PIN_PROVISION_C) \
		--key $(PIN_VERIFIER_KEY)

$(PIN_PROVISION_OBJ): $(PIN_PROVISION_C) guests/pin-entry/pin-entry.mk
	@echo "  CC      $<"
	@$(GUEST_CC) $(GUEST_CFLAGS) -Iguests/pin-entry -MMD -MP -c $< -o $@

-include $(PIN_PROVISION_OBJ:.o=.d)
