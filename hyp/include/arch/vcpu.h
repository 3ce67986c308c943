/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Arch interface: running a vCPU on the calling physical CPU.
 */
#ifndef ARCH_VCPU_H
#define ARCH_VCPU_H

#include "mica/types.h"

struct vcpu;
struct vm;

/*
 * Resets v to the state the boot protocol asks for: entry in its program
 * counter, context in its first argument register, at the guest kernel's
 * privilege with translation, caches and interrupts off. v does not run
 * (its CPU is about to enter it).
 */
void arch_vcpu_reset(struct vcpu *v, ipa_t entry, uint64_t context);

/*
 * Enters v on the calling CPU (v's own), with interrupts masked; the CPU
 * comes back only through exceptions.
 */
_Noreturn void arch_vcpu_enter(struct vcpu *v);

/*
 * Saves v's state from the calling CPU, which runs it (interrupts masked),
 * and stops its virtual timer.
 */
void arch_vcpu_save(struct vcpu *v);

/*
 * Saves the state of v, which the calling CPU runs and which it leaves at
 * one of its exits, so that arch_vcpu_enter() goes on where it left:
 * the general registers of that exit too.
 */
void arch_vcpu_preempt(struct vcpu *v);

/*
 * The counter value at which v's saved (not running) virtual timer fires,
 * or SCHED_NEVER if it is off, masked by the guest, or held (below). On
 * v's CPU.
 */
uint64_t arch_vcpu_vtimer_deadline(const struct vcpu *v);

/*
 * Whether the running v's virtual timer asserts its interrupt now and mica
 * does not hold it (its interrupt then is in the vGIC already). On the CPU
 * that runs v.
 */
bool arch_vcpu_vtimer_pending(struct vcpu *v);

/*
 * Holds v's virtual timer (running or saved) after its interrupt came: the
 * physical line stays ignored until the guest has ended the virtual
 * interrupt the caller injects; then, if the timer's output is still high,
 * it comes again, as a level interrupt does. The guest's CNTV_CTL_EL0 is
 * not touched. Returns false if v's timer was held already (inject nothing).
 * On v's CPU, interrupts masked.
 */
bool arch_vcpu_vtimer_hold(struct vcpu *v);

/*
 * v, not running, is off (its partition stops, or an update hands its
 * state to another vCPU: arch_vm_move()): if the calling CPU, v's own,
 * still holds v's FP/SIMD registers (they switch lazily), they are saved
 * into v's state and are no longer v's there. On v's CPU.
 */
void arch_vcpu_release(struct vcpu *v);

/*
 * v's saved state returns `value` from the hypercall it made at its last
 * exit (an update hands a READY call's vCPU over: manage.c). v does not
 * run.
 */
void arch_vcpu_set_return(struct vcpu *v, uint64_t value);

/* Interrupt id of the guest's virtual timer. */
uint32_t arch_vcpu_vtimer_irq(void);

/*
 * Per-CPU set-up for running vCPUs (stage-2 format, traps): once per CPU,
 * as it comes online, before it runs any vCPU.
 */
void arch_vcpu_cpu_init(void);

#endif
