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
#   rt-v3-noready.mup    rt-bench version 3 that never reports ready
#   rt-v3-crash.mup      rt-bench version 3 that faults as it starts
#   rt-v3-late-crash.mup rt-bench version 3 that reports ready, then
#                        faults 300 ms later, in its probation
#   pin-v2.mup           a good image for pin, which the agent may not manage
#   wipe-rt-1.mwp        wipe rt, nonce 1
#   wipe-pin-1.mwp       wipe pin, which the agent may not
#   ctl-v2.mup           ctl-loop version 2, for the partition ctl of
#                        make bench's live-update case
#                        (configs/bench/ctl-switch.dts)
#   ctl-sides-v2.mup     ctl-loop's version 2 that tries the channel as
#                        the standby (configs/update-sides.dts)
#   ctl-sides-dev-early.mup  ctl-loop's version 2 that writes to ctl's
#                        PL031 as the standby, which has no device
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
	rt-v2-badsig.mup rt-v1.mup rt-v3-noready.mup rt-v3-crash.mup \
	rt-v3-late-crash.mup \
	pin-v2.mup wipe-rt-1.mwp wipe-pin-1.mwp \
	ctl-v2.mup \
	ctl-sides-v2.mup ctl-sides-dev-early.mup)
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

# rt-bench variants (guests.mk's rt_bench_variant): version 2,
# and three bad versions 3 for the update's tests: one that never reports
# ready, one that faults as it starts, one that faults in its probation.
RT_BENCH_v2_DEFINES := -DRT_BENCH_VERSION=2
RT_BENCH_v3-noready_DEFINES := -DRT_BENCH_VERSION=3 -DRT_BENCH_READY=0
RT_BENCH_v3-crash_DEFINES := -DRT_BENCH_VERSION=3 -DRT_BENCH_FAULT_AT_START=1
RT_BENCH_v3-late-crash_DEFINES := -DRT_BENCH_VERSION=3 \
	-DRT_BENCH_FAULT_AFTER_READY=300
$(foreach v,v2 v3-noready v3-crash v3-late-crash,$(eval $(call rt_bench_variant,$(v))))

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
$(eval $(call update_sign,rt-v3-noready.mup,rt,3,$(GUEST_OUT)/rt-bench-v3-noready.elf))
$(eval $(call update_sign,rt-v3-crash.mup,rt,3,$(GUEST_OUT)/rt-bench-v3-crash.elf))
$(eval $(call update_sign,rt-v3-late-crash.mup,rt,3,$(GUEST_OUT)/rt-bench-v3-late-crash.elf))
$(eval $(call update_sign,pin-v2.mup,pin,2,$(GUEST_OUT)/pin-entry.elf))
$(eval $(call update_sign,ctl-v2.mup,ctl,2,$(GUEST_OUT)/ctl-loop-v2.elf))
$(eval $(call update_sign,ctl-sides-v2.mup,ctl,2,$(GUEST_OUT)/ctl-loop-sides-v2.elf))
$(eval $(call update_sign,ctl-sides-dev-early.mup,ctl,2,$(GUEST_OUT)/ctl-loop-sides-dev-early.elf))

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

