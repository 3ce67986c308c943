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
 * interface), taking table pages from pool. Called once, at set-up
 * (vm_setup_all()), before any of vm's vCPUs runs; a restart keeps it.
 * False if the pool runs out or the board lacks what must be mapped; vm
 * must not run then.
 */
bool arch_vm_map_devices(struct vm *vm, struct palloc *pool);

#endif
