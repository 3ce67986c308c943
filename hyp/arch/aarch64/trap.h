/* SPDX-License-Identifier: Apache-2.0 */
/* Guest exits on AArch64 (trap.c) and guest PSCI (vpsci.c). Port-private. */
#ifndef AARCH64_TRAP_H
#define AARCH64_TRAP_H

#include "arch/types.h"

struct vcpu;

/* Handles an exception from a guest (vector kinds 8 to 15). */
void trap_lower(struct arch_regs *r, unsigned kind);

/* Enters the guest's own EL1 vector with syndrome esr and address far. */
void trap_inject_sync(struct arch_regs *r, uint64_t esr, uint64_t far);

/* A PSCI call of vCPU v (function id in x0, arguments in x1-x3). */
void vpsci_call(struct vcpu *v, struct arch_regs *r);

#endif
