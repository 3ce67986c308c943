# SPDX-License-Identifier: Apache-2.0
#
# The AArch64 port, included from the top Makefile: its sources, the GIC
# drivers among them (only this port has a GIC to drive; the board's
# PL011 is the platform's, platform.mk), and the flags every file of the
# hypervisor is compiled with for this architecture.
ARCH_SRCS := \
	hyp/arch/aarch64/entry.S \
	hyp/arch/aarch64/vectors.S \
	hyp/arch/aarch64/board.c \
	hyp/arch/aarch64/cpu.c \
	hyp/arch/aarch64/exception.c \
	hyp/arch/aarch64/irq.c \
	hyp/arch/aarch64/mmu.c \
	hyp/arch/aarch64/pgtable.c \
	hyp/arch/aarch64/psci.c \
	hyp/arch/aarch64/timer.c \
	hyp/arch/aarch64/fpsimd.S \
	hyp/arch/aarch64/idreg.S \
	hyp/arch/aarch64/trap.c \
	hyp/arch/aarch64/vcpu.c \
	hyp/arch/aarch64/vm.c \
	hyp/arch/aarch64/vpsci.c \
	hyp/arch/aarch64/vgic.c \
	hyp/arch/aarch64/vgic_dist.c \
	hyp/arch/aarch64/vgic_lr.c \
	hyp/arch/aarch64/vgic_redist.c \
	hyp/drivers/gicv2.c \
	hyp/drivers/gicv3.c
CROSS_COMPILE ?= aarch64-linux-gnu-
# No FP/SIMD in the hypervisor (guests own those registers); no unaligned
# accesses, since code runs with the MMU off before translation is on.
ARCH_CFLAGS := -march=armv8-a -mgeneral-regs-only -mstrict-align \
	-mno-outline-atomics
