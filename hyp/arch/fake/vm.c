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
	vm->arch.vmid =
		(uint16_t)(vm->id + 1 +
			   (vm->arch.vmid_alt != 0 ? 2 * SCN_MAX_PARTITIONS :
						     0));
	return true;
}

void arch_vm_move(struct vm *to, const struct vm *from)
{
	for (unsigned i = 0; i < to->vcpu_count && i < from->vcpu_count; i++) {
		to->vcpus[i].arch = from->vcpus[i].arch;
	}
}

void arch_vm_s2_swap(struct vm *vm)
{
	struct mm_table t = vm->s2;
	uint16_t id = vm->arch.vmid;

	vm->s2 = vm->s2_alt;
	vm->s2_alt = t;
	vm->arch.vmid = vm->arch.vmid_alt;
	vm->arch.vmid_alt = id;
}
