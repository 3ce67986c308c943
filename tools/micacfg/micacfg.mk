# SPDX-License-Identifier: Apache-2.0
# micacfg, the scenario compiler, for the build machine. It links the
# hypervisor's own scenario checker and formatter, so the host and the
# hypervisor check scenarios with the same code.
MICACFG := $(BUILD)/tools/micacfg
MICACFG_SRCS := tools/micacfg/main.c tools/micacfg/parse.c \
	tools/micacfg/place.c tools/micacfg/gen.c tools/micacfg/info.c \
	hyp/core/scenario_check.c hyp/core/fmt.c
MICACFG_CFLAGS := -std=c11 -D_DEFAULT_SOURCE -O1 -g -Wall -Wextra -Werror \
	-Wshadow -Wmissing-prototypes -Ihyp/include -Itools/micacfg

$(MICACFG): $(MICACFG_SRCS) $(wildcard tools/micacfg/*.h) \
		hyp/include/mica/scenario.h hyp/include/mica/scenario_check.h
	@mkdir -p $(dir $@)
	@echo "  HOSTCC  $@"
	@$(HOSTCC) $(MICACFG_CFLAGS) $(MICACFG_SRCS) -lfdt -o $@
