// SPDX-License-Identifier: Apache-2.0
/*
 * The AArch64 part of arch/board.h that reads a device's interrupts: the
 * GIC bindings' interrupt specifiers. Pure C on the device tree's bytes, so
 * that host unit tests link it (the fake port takes it from here) and check
 * it on QEMU's own device trees.
 */
#include "arch/board.h"
#include "mica/dtb.h"

uint32_t arch_board_irq_from_cells(const void *irqs, uint32_t len)
{
	uint64_t type;
	uint64_t num;

	/* Three cells each (type, number, flags); the first is the one. */
	if (irqs == NULL || len % 12 != 0 || !dtb_cells(irqs, len, 0, 1, &type) ||
	    !dtb_cells(irqs, len, 1, 1, &num)) {
		return 0;
	}
	if (type == 0 && num < 988) {
		return 32 + (uint32_t)num; /* SPI: INTIDs 32 to 1019 */
	}
	if (type == 1 && num < 16) {
		return 16 + (uint32_t)num; /* PPI: INTIDs 16 to 31 */
	}
	return 0;
}
