// SPDX-License-Identifier: Apache-2.0
/*
 * A partition's AArch64 part (arch/vm.h): its VMID, and the one device
 * every partition gets straight from the hardware, the GICv2 virtual CPU
 * interface (GICv3 guests reach their CPU interface by system registers).
 */
#include "arch/mmu.h"
#include "arch/vm.h"
#include "mica/board.h"
#include "mica/mm.h"
#include "mica/scenario.h"
#include "mica/string.h"
#include "mica/vm.h"

bool arch_vm_map_devices(struct vm *vm, struct palloc *pool)
{
	const struct board *b = board_get();

	/*
	 * id + 1 (a standby's id is above every partition's); an alternate
	 * table, built while swapped in, above all of those.
	 */
	vm->arch.vmid =
		(uint16_t)(vm->id + 1 +
			   (vm->arch.vmid_alt != 0 ? 2 * SCN_MAX_PARTITIONS :
						     0));
	/* GICv2: the guest's CPU interface is the hardware's virtual one. */
	if (b->arch.gic == GIC_V2) {
		if (pa_addr(b->arch.gicv) == 0) {
			return false;
		}
		return mm_map_s2(&vm->s2, ipa_init(SCN_VGICC_BASE),
				 b->arch.gicv, KiB(8),
				 MM_READ | MM_WRITE | MM_DEVICE, pool);
	}
	return true;
}

void arch_vm_move(struct vm *to, const struct vm *from)
{
	struct arch_vgic_dist *d = &to->arch.vgic;
	const struct arch_vgic_dist *f = &from->arch.vgic;

	/* Each vGIC CPU part stays where d->cpus[] points: copied into. */
	for (unsigned i = 0; i < to->vcpu_count && i < from->vcpu_count; i++) {
		to->vcpus[i].arch = from->vcpus[i].arch;
	}
	d->ctlr = f->ctlr;
	memcpy(d->bits, f->bits, sizeof(d->bits));
	memcpy(d->priority, f->priority, sizeof(d->priority));
	memcpy(d->targets, f->targets, sizeof(d->targets));
	memcpy(d->irouter, f->irouter, sizeof(d->irouter));
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
