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
#include "mica/vm.h"

bool arch_vm_map_devices(struct vm *vm, struct palloc *pool)
{
	const struct board *b = board_get();

	vm->arch.vmid = (uint16_t)(vm->id + 1);
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
