/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Guest exits on AArch64 (trap.c) and guest PSCI (vpsci.c): what the
 * vectors and the two files call of each other. Port-private.
 */
#ifndef AARCH64_TRAP_H
#define AARCH64_TRAP_H

#include "arch/types.h"

struct vcpu;

/*
 * Handles an exception from the calling CPU's vCPU (vector kinds 8 to 15),
 * r its frame, which the return to the guest restores. Whatever the guest
 * did ends in an answer, an injected exception or its partition's fault
 * policy, never a panic; may not return (the vCPU stops or leaves).
 */
void trap_lower(struct arch_regs *r, unsigned kind);

/*
 * The interrupt id the core is to handle for irq, which the calling CPU
 * acknowledged (vectors.S's timer path hands it over in the frame's esr):
 * irq itself, ARCH_IRQ_NONE for a special id, the next acknowledged one
 * after the maintenance interrupt, which is consumed here (irq.c).
 */
uint32_t arch_irq_acked(uint32_t irq);

/*
 * Gives the FP/SIMD registers of the calling CPU to v, its running vCPU,
 * after v's access trapped (vcpu.c): saves them for the vCPU whose they
 * were, loads v's and stops trapping. The guest then retries the access.
 */
void vcpu_fp_take(struct vcpu *v);

/*
 * A PSCI call of vCPU v, the calling CPU's (function id in x0, arguments
 * in x1-x3, the result put in x0). Reaches only v's own partition. Does
 * not return for CPU_OFF, SYSTEM_OFF and SYSTEM_RESET (the vCPU leaves).
 */
void vpsci_call(struct vcpu *v, struct arch_regs *r);

#endif
