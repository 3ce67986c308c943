/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Arch interface: the architecture's part of a partition (struct arch_vm,
 * which the core never looks into), set up once its stage-2 table exists.
 */
#ifndef ARCH_VM_H
#define ARCH_VM_H

#include "mica/types.h"

struct palloc;
struct vm;

/*
 * Gives vm its translation id and maps into its stage-2 table what the
 * architecture gives every partition (on Arm, the GICv2 virtual CPU
 * interface), taking table pages from pool. Called once per table, at
 * set-up (vm_setup_all()), before any of vm's vCPUs runs; a restart
 * keeps it.
 * False if the pool runs out or the board lacks what must be mapped; vm
 * must not run then.
 */
bool arch_vm_map_devices(struct vm *vm, struct palloc *pool);

/*
 * For an update's switch (vm.c), every vCPU of both off and released
 * (arch_vcpu_release()): `to` takes over from's architectural state, vCPU
 * by vCPU (registers, FP/SIMD, virtual timer, virtual CPU interface) and
 * its virtual distributor's, keeping its own translation ids and what
 * set-up gave it (its devices' interrupts' forwarding). Any CPU.
 */
void arch_vm_move(struct vm *to, const struct vm *from);

/*
 * vm's stage-2 table (vm->s2) and its alternate (vm->s2_alt) trade
 * places, each with its own translation id, so that no TLB entry made
 * through one is ever used through the other: no invalidation. vm's vCPUs
 * are off; they take the table at their next entry. At set-up, the
 * alternate is built between two swaps (arch_vm_map_devices() gives it
 * its id).
 */
void arch_vm_s2_swap(struct vm *vm);

#endif
