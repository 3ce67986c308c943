/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Arch interface: the calling CPU. Every port implements these; the core
 * calls nothing else of the CPU.
 */
#ifndef ARCH_CPU_H
#define ARCH_CPU_H

#include <stddef.h>

#include "arch/cpu_defs.h"
#include "arch/types.h"

struct cpu;

/* Makes c the calling CPU's per-CPU data; called once per CPU at boot. */
void arch_cpu_set_local(struct cpu *c);

/* The calling CPU's per-CPU data; only valid after arch_cpu_set_local(). */
struct cpu *arch_cpu_local(void);

/* Hardware id of the calling CPU (MPIDR affinity on Arm, hart id on RISC-V). */
uint64_t arch_cpu_hwid(void);

/* Writes "vendor model revision" of the calling CPU into buf (NUL-terminated). */
void arch_cpu_describe(char *buf, size_t size);

/*
 * Waits for an interrupt (it may return early and spuriously). An interrupt
 * pending while the calling CPU has them masked ends the wait too (it is
 * taken once they are unmasked): the idle loop waits masked, without a race.
 */
void arch_cpu_wait(void);

/* Masks interrupts and parks the calling CPU for good. */
_Noreturn void arch_cpu_halt(void);

/*
 * Each port's arch/cpu_defs.h defines:
 *
 * ARCH_CPU_MODE: where the hypervisor runs, as the boot banner says it
 * after "running " ("at EL2" on AArch64; "in HS-mode" would be RISC-V's).
 *
 * ARCH_CPU_RET_INSN: a function return instruction, as a uint32_t, which
 * the fault-containment self-test puts in data and calls (it must fault).
 *
 * static inline void arch_cpu_undefined(void): executes an instruction
 * that is undefined on every CPU of the port, for the same self-test;
 * returns only if the CPU did not fault.
 *
 * static inline void arch_cpu_relax(void): the pause of a loop that polls
 * what another CPU writes (a lock, a CPU coming online). The hint that
 * lets the other run where CPUs take turns: hardware threads of one core,
 * or an emulator running CPUs one after another (QEMU's TCG under -icount,
 * where a CPU spinning with interrupts masked would otherwise keep its
 * turn until its budget ends, and the lock holder waits for it).
 */

#endif
