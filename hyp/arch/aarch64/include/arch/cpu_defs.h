/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The AArch64 port's constant and inline part of arch/cpu.h: the banner's
 * words for EL2, the two instructions the fault-containment self-test
 * (selftest.c) faults with, and the spin-wait hint.
 */
#ifndef ARCH_CPU_DEFS_H
#define ARCH_CPU_DEFS_H

#define ARCH_CPU_MODE "at EL2"

#define ARCH_CPU_RET_INSN 0xd65f03c0u /* RET */

static inline void arch_cpu_undefined(void)
{
	__asm__ volatile(".inst 0x00000000"); /* permanently undefined */
}

static inline void arch_cpu_relax(void)
{
	__asm__ volatile("yield" ::: "memory"); /* QEMU: ends the CPU's turn */
}

#endif
