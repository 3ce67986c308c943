/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The fake port's constant and inline part of arch/cpu.h. The banner says
 * what the AArch64 port's says, since the fake's board is QEMU's virt
 * board as theirs is. The host has no instruction fault it could take and
 * go on from, so the self-test's two (selftest.c, which unit tests do not
 * build) are a CPU that does not fault: arch_cpu_undefined() returns, and
 * the return instruction is never executed.
 */
#ifndef ARCH_CPU_DEFS_H
#define ARCH_CPU_DEFS_H

#define ARCH_CPU_MODE "at EL2"

#define ARCH_CPU_RET_INSN 0u

static inline void arch_cpu_undefined(void)
{
}

/* The host tests run one thread: nothing to let run. */
static inline void arch_cpu_relax(void)
{
}

#endif
