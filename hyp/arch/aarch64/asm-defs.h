/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Constants shared by the port's assembly and C. Values only: usable from
 * both. STACK_SLOT_SIZE is each CPU's stack plus one guard page below it.
 */
#ifndef AARCH64_ASM_DEFS_H
#define AARCH64_ASM_DEFS_H

#define STACK_SIZE 16384
#define STACK_GUARD 4096
#define STACK_SLOT_SIZE (STACK_SIZE + STACK_GUARD)

#define HCR_FMO (1 << 3)
#define HCR_IMO (1 << 4)
#define HCR_AMO (1 << 5)
#define HCR_RW 0x80000000

#define SCTLR_EL2_RES1 0x30c50830
#define SCTLR_SA (1 << 3)
#define SCTLR_A (1 << 1)

/* The EL1 virtual timer's PPI (see vgic.h), for vectors.S's fast path too. */
#define VGIC_VTIMER_PPI 27

/* Size of struct arch_regs, checked by a _Static_assert in exception.c. */
#define REGS_SIZE (36 * 8)

#ifdef __ASSEMBLER__
/*
 * Loads a struct arch_regs at \base into ELR_EL2, SPSR_EL2 and x2-x30;
 * x0 and x1 are the caller's to load last (\base may be one of them).
 */
/* clang-format off */
.macro load_regs base
	ldp	x2, x3, [\base, #256]	/* elr, spsr */
	msr	elr_el2, x2
	msr	spsr_el2, x3
	ldp	x2, x3, [\base, #16]
	ldp	x4, x5, [\base, #32]
	ldp	x6, x7, [\base, #48]
	ldp	x8, x9, [\base, #64]
	ldp	x10, x11, [\base, #80]
	ldp	x12, x13, [\base, #96]
	ldp	x14, x15, [\base, #112]
	ldp	x16, x17, [\base, #128]
	ldp	x18, x19, [\base, #144]
	ldp	x20, x21, [\base, #160]
	ldp	x22, x23, [\base, #176]
	ldp	x24, x25, [\base, #192]
	ldp	x26, x27, [\base, #208]
	ldp	x28, x29, [\base, #224]
	ldr	x30, [\base, #240]
.endm
/* clang-format on */
#endif

#endif
