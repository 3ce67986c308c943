/* SPDX-License-Identifier: Apache-2.0 */
/*
 * AArch64 types that arch-independent structs embed but never look into:
 * the arch's part of the board and the register frame saved on exceptions.
 */
#ifndef ARCH_TYPES_H
#define ARCH_TYPES_H

#include "mica/types.h"

enum gic_version {
	GIC_NONE = 0,
	GIC_V2 = 2,
	GIC_V3 = 3,
};

struct arch_board {
	enum gic_version gic;
	paddr_t gicd;      /* distributor */
	paddr_t gicc;      /* v2: CPU interface */
	paddr_t gich;      /* v2: virtual interface control (0 if absent) */
	paddr_t gicv;      /* v2: virtual CPU interface (0 if absent) */
	paddr_t gicr;      /* v3: first redistributor region */
	uint64_t gicr_size;
	uint32_t timer_hyp_irq;  /* EL2 physical timer (PPI, as INTID) */
	uint32_t timer_virt_irq; /* EL1 virtual timer (PPI, as INTID) */
	bool psci_smc;           /* PSCI conduit: SMC (true) or HVC */
};

/* Registers saved on entry to an EL2 exception vector (see vectors.S). */
struct arch_regs {
	uint64_t x[31];
	uint64_t sp;
	uint64_t elr;
	uint64_t spsr;
	uint64_t esr;
	uint64_t far;
};

#endif
