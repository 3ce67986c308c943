# SPDX-License-Identifier: Apache-2.0
#
# update-agent's build beyond its C files, included from guests/guests.mk:
# its crypto (guests/mbedtls: ECDSA P-256 and SHA-256, linked with
# --gc-sections), the signing key and the public-key header compiled into
# it, and the demo's signed files, which the Linux initramfs carries in
# /updates (docs/update.md):
#
#   rt-v2.mup            rt-bench version 2 (rt-bench-v2.elf: it prints
#                        "rt-bench: version 2"), for rt
#   rt-v2-tampered.mup   the same with one payload byte changed
#   rt-v2-badsig.mup     the same with one byte of the signature changed
#   rt-v1.mup            rt-bench version 1: not above the running one
#   pin-v2.mup           a good image for pin, which the agent may not manage
#   wipe-rt-1.mwp        wipe rt, nonce 1
#   wipe-pin-1.mwp       wipe pin, which the agent may not
#
# The key pair is made once (tools/mica-update keygen) into $(UPDATE_KEY)
# and $(UPDATE_KEY).pub, and kept: a new one would refuse every image
# signed before. This stands for a product's signing service, which keeps
# the private key off every device and build machine (README, "Field
# updates"); the agent holds only the public key.

UPDATE_KEY := $(GUEST_OUT)/update-signing.key
UPDATE_PUBKEY_H := $(GUEST_OUT)/update-pubkey.h
UPDATE_DIR := $(GUEST_OUT)/updates
UPDATE_FILES := $(addprefix $(UPDATE_DIR)/,rt-v2.mup rt-v2-tampered.mup \
	rt-v2-badsig.mup rt-v1.mup pin-v2.mup wipe-rt-1.mwp wipe-pin-1.mwp)
MICA_UPDATE = $(PYTHON) tools/mica-update
RT_BENCH_V2_ELF := $(GUEST_OUT)/rt-bench-v2.elf

update-agent_EXTRA_OBJS := $(AGENT_MBEDTLS_OBJS)
update-agent_LDFLAGS := -Wl,--gc-sections
$(call guest_objs,update-agent): GUEST_EXTRA_CFLAGS := -idirafter hyp/include \
	-Iguests/mbedtls -I$(GUEST_OUT)
$(GUEST_OBJ)/guests/update-agent/main.o: $(UPDATE_PUBKEY_H)

$(UPDATE_KEY):
	@mkdir -p $(dir $@)
	@echo "  KEYGEN  $@"
	@$(MICA_UPDATE) keygen $@

# Rewritten only when the key changes: make then rebuilds the agent.
$(UPDATE_PUBKEY_H): $(UPDATE_KEY) tools/mica-update
	@$(MICA_UPDATE) pubkey $< --c $@

# rt-bench again, in an object folder of its own, as version 2.
RT_BENCH_V2_OBJS := $(patsubst %.c,$(GUEST_OBJ)/rt-bench-v2/%.o, \
	$(wildcard guests/rt-bench/*.c))
$(RT_BENCH_V2_OBJS): GUEST_EXTRA_CFLAGS = $(RT_BENCH_DEFINES) \
	-DRT_BENCH_VERSION=2
$(RT_BENCH_V2_OBJS): $(GUEST_OUT)/rt-bench.defines
$(RT_BENCH_V2_OBJS): $(GUEST_OBJ)/rt-bench-v2/%.o: %.c guests/guests.mk
	@mkdir -p $(dir $@)
	@echo "  CC      $< (v2)"
	@$(GUEST_CC) $(GUEST_CFLAGS) $(GUEST_EXTRA_CFLAGS) -MMD -MP -c $< -o $@
$(RT_BENCH_V2_ELF): $(LIBMICA_START) $(RT_BENCH_V2_OBJS) $(LIBMICA_A) \
		guests/libmica/link.ld
	@echo "  LD      $@"
	@$(GUEST_CC) $(GUEST_CFLAGS) $(GUEST_LDFLAGS) $(LIBMICA_START) \
		$(RT_BENCH_V2_OBJS) $(LIBMICA_A) -lgcc -o $@

# The demo's files: sign NAME TARGET VERSION ELF.
define update_sign
$(UPDATE_DIR)/$(1): $(4) $(UPDATE_KEY) tools/mica-update
	@mkdir -p $$(dir $$@)
	@echo "  SIGN    $$@"
	@$$(MICA_UPDATE) sign --key $(UPDATE_KEY) --target $(2) \
		--version $(3) --elf $(4) -o $$@
endef
$(eval $(call update_sign,rt-v2.mup,rt,2,$(RT_BENCH_V2_ELF)))
$(eval $(call update_sign,rt-v1.mup,rt,1,$(GUEST_OUT)/rt-bench.elf))
$(eval $(call update_sign,pin-v2.mup,pin,2,$(GUEST_OUT)/pin-entry.elf))

# A copy of $< with the byte at offset $(1) flipped.
update_flip = $(PYTHON) -c 'import sys; b = bytearray(open(sys.argv[1], \
	"rb").read()); b[int(sys.argv[3])] ^= 0xff; open(sys.argv[2], \
	"wb").write(b)' $< $@ $(1)
$(UPDATE_DIR)/rt-v2-tampered.mup: $(UPDATE_DIR)/rt-v2.mup
	@echo "  FLIP    $@ (payload)"
	@$(call update_flip,1000)
$(UPDATE_DIR)/rt-v2-badsig.mup: $(UPDATE_DIR)/rt-v2.mup
	@echo "  FLIP    $@ (signature)"
	@$(call update_flip,140)

$(UPDATE_DIR)/wipe-%-1.mwp: $(UPDATE_KEY) tools/mica-update
	@mkdir -p $(dir $@)
	@echo "  SIGN    $@"
	@$(MICA_UPDATE) wipe --key $(UPDATE_KEY) --target $* --nonce 1 -o $@

guests: $(RT_BENCH_V2_ELF) $(UPDATE_FILES)

# Into Linux's initramfs (guests/linux/linux.mk adds LINUX_EXTRA_FILES).
$(LINUX_INITRAMFS): $(UPDATE_FILES)
LINUX_EXTRA_FILES += $(foreach f,$(UPDATE_FILES),$(f)=/updates/$(notdir $(f)))

-include $(RT_BENCH_V2_OBJS:.o=.d)
