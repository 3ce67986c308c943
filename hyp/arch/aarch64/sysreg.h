/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The EL2 register bits mica uses, named as in the Arm ARM, over the
 * accessors and fields it shares with its partitions (arm64/sysreg.h).
 * Private to the AArch64 port.
 */
#ifndef AARCH64_SYSREG_H
#define AARCH64_SYSREG_H

#include "arm64/sysreg.h"
#include "asm-defs.h"

/* HCR_EL2 and SCTLR_EL2 bits shared with assembly are in asm-defs.h. */
#define SCTLR_M (UINT64_C(1) << 0)
#define SCTLR_C (UINT64_C(1) << 2)
#define SCTLR_I (UINT64_C(1) << 12)
#define SCTLR_WXN (UINT64_C(1) << 19)

struct cpu;

/*
 * arch_cpu_local() (cpu.c) inline, for the port's switch path: a single
 * MRS where a call takes three more steps, on each of its lookups.
 */
static inline struct cpu *cpu_local(void)
{
	return (struct cpu *)(uintptr_t)read_sysreg(tpidr_el2);
}

#endif
