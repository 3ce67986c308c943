# SPDX-License-Identifier: Apache-2.0
# micacfg, the scenario compiler, for the build machine. It links the
# hypervisor's own scenario checker and formatter, which include the port's
# check of its section of the scenario (arch/scenario.h), so the host and
# the hypervisor check scenarios with the same code.
MICACFG := $(BUILD)/tools/micacfg
MICACFG_SRCS := tools/micacfg/main.c tools/micacfg/parse.c \
	tools/micacfg/place.c tools/micacfg/gen.c tools/micacfg/info.c \
	hyp/core/scenario_check.c hyp/core/fmt.c
# The port's headers: only arch/scenario_defs.h is included from there.
MICACFG_ARCH_INCLUDES := -Ihyp/arch/$(ARCH)/include
MICACFG_HEADERS := hyp/include/mica/scenario.h \
	hyp/include/mica/scenario_check.h hyp/include/arch/scenario.h \
	hyp/arch/$(ARCH)/include/arch/scenario_defs.h
MICACFG_CFLAGS := -std=c11 -D_DEFAULT_SOURCE -O1 -g -Wall -Wextra -Werror \
	-Wshadow -Wmissing-prototypes -Ihyp/include $(MICACFG_ARCH_INCLUDES) \
	-Itools/micacfg

$(MICACFG): $(MICACFG_SRCS) $(wildcard tools/micacfg/*.h) $(MICACFG_HEADERS)
	@mkdir -p $(dir $@)
	@echo "  HOSTCC  $@"
	@$(HOSTCC) $(MICACFG_CFLAGS) $(MICACFG_SRCS) -lfdt -o $@
