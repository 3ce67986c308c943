/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The AArch64 port's inline part of arch/board.h: a device's interrupts as
 * the GIC bindings write them. Inline because the core calls it once, at
 * boot, and a call would only add bytes; pure C on the device tree's bytes,
 * so that the fake port takes it from here and host unit tests check it on
 * QEMU's own device trees.
 */
#ifndef ARCH_BOARD_DEFS_H
#define ARCH_BOARD_DEFS_H

#include "mica/dtb.h"

/*
 * Entries of arch_board_compat[] (arch/board.h), in the order board.c
 * lists them: GICv3, three GICv2 names, the timer, PSCI.
 */
#define ARCH_BOARD_COMPAT_COUNT 6u

static inline uint32_t arch_board_irq(const struct dtb *dt, int node)
{
	uint32_t len = 0;
	const void *irqs = dtb_prop(dt, node, "interrupts", &len);
	uint64_t type;
	uint64_t num;

	/* Three cells each (type, number, flags); the first is the one. */
	if (irqs == NULL || len % 12 != 0 ||
	    !dtb_cells(irqs, len, 0, 1, &type) ||
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

#endif
