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

/* Size of struct arch_regs, checked by a _Static_assert in exception.c. */
#define REGS_SIZE (36 * 8)

#endif
