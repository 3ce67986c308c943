# SPDX-License-Identifier: Apache-2.0
#
# The architecture-independent core, included from the top Makefile: the
# same list builds the hypervisor and, less selftest.c and string.c, the
# host archive the unit tests link (tests/unit/unit.mk).
CORE_SRCS := \
	hyp/core/banner.c \
	hyp/core/board.c \
	hyp/core/chan.c \
	hyp/core/check.c \
	hyp/core/console.c \
	hyp/core/console_mux.c \
	hyp/core/cpu.c \
	hyp/core/dtb.c \
	hyp/core/entropy.c \
	hyp/core/fmt.c \
	hyp/core/hcall.c \
	hyp/core/irq.c \
	hyp/core/loader.c \
	hyp/core/main.c \
	hyp/core/manage.c \
	hyp/core/mm.c \
	hyp/core/palloc.c \
	hyp/core/scenario_boot.c \
	hyp/core/scenario_check.c \
	hyp/core/sched.c \
	hyp/core/selftest.c \
	hyp/core/string.c \
	hyp/core/vcpu.c \
	hyp/core/vgpio.c \
	hyp/core/vm.c \
	hyp/core/vuart.c
