# SPDX-License-Identifier: Apache-2.0
#
# libmica's ring fuzzer, included from the top Makefile after
# tests/tools/tools.mk (the ring's cmocka test, tests/unit/ring_test.c, is
# built by tests/unit/unit.mk):
#
#   $(BUILD)/tests/fuzz_ring           libFuzzer: tests/libmica/fuzz_ring.c
#                                      over guests/libmica/ring.c
#   $(BUILD)/unit/fuzz_ring_run_test   runs it for a bounded time from
#                                      tests/libmica/corpus (written by
#                                      tests/libmica/mkcorpus.py), as TAP
#
# Both come with unit-build, so the unit group runs the fuzzer. The count
# is set so the run takes 15 to 30 s on the reference machine (2 CPUs,
# shared); the cap only guards a slower one.

RING_FUZZ := $(BUILD)/tests/fuzz_ring
RING_FUZZ_RUN := $(BUILD)/unit/fuzz_ring_run_test
RING_FUZZ_RUNS ?= 30000
RING_FUZZ_MAX_S ?= 30

.PHONY: ring-corpus

unit-build: $(RING_FUZZ) $(RING_FUZZ_RUN)

# Sanitizer reports abort, so libFuzzer sees each one as a crash.
$(RING_FUZZ): tests/libmica/fuzz_ring.c guests/libmica/ring.c \
		guests/libmica/include/libmica/ring.h include/mica/channel.h
	@mkdir -p $(dir $@)
	@echo "  CLANG   $@"
	@clang -std=c11 -g -O1 -Wall -Wextra -Werror \
		-fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
		-Iguests/libmica/include -Iinclude $(filter %.c,$^) -o $@

$(RING_FUZZ_RUN): tests/tools/fuzz_run_test.c tests/libmica/libmica.mk
	@mkdir -p $(dir $@)
	@echo "  HOSTCC  $@"
	@$(HOSTCC) $(TOOLS_TEST_CFLAGS) -DFUZZ_NAME='"fuzz_ring"' \
		-DFUZZ_BIN='"$(abspath $(RING_FUZZ))"' \
		-DFUZZ_CORPUS='"$(CURDIR)/tests/libmica/corpus"' \
		-DFUZZ_RUNS='"$(RING_FUZZ_RUNS)"' \
		-DFUZZ_MAX_S='"$(RING_FUZZ_MAX_S)"' $< -o $@

# Rewrites tests/libmica/corpus (see tests/libmica/mkcorpus.py).
ring-corpus:
	@$(PYTHON) tests/libmica/mkcorpus.py tests/libmica/corpus
