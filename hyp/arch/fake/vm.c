// SPDX-License-Identifier: Apache-2.0
/*
 * The fake port's arch/vm.h: a partition's arch part is its stage-2 id;
 * no device is mapped into every partition.
 */
#include "arch/vm.h"
#include "mica/vm.h"

bool arch_vm_map_devices(struct vm *vm, struct palloc *pool)
{
	(void)pool;
	vm->arch.vmid = (uint16_t)(vm->id + 1);
	return true;
}
