/* SPDX-License-Identifier: Apache-2.0 */
/*
 * AArch64 types that arch-independent structs embed but never look into:
 * the arch's part of the board, of a vCPU (its saved registers, virtual
 * timer and vGIC state) and of a partition (VMID, virtual distributor), and
 * the register frame saved on exceptions; and the number of interrupt ids
 * (arch/irq.h).
 */
#ifndef ARCH_TYPES_H
#define ARCH_TYPES_H

#include "arch/vgic_types.h"
#include "mica/types.h"

/*
 * Interrupt ids are below this (arch/irq.h): the GIC's INTIDs up to its
 * special ones, 1020 to 1023: GIC_SPECIAL_MIN of arm64/gic.h, not included
 * here, where it would name every GIC register in every file of the port.
 */
#define ARCH_IRQ_IDS 1020u

enum gic_version {
	GIC_V2 = 2,
	GIC_V3 = 3,
};

struct arch_board {
	enum gic_version gic;
	paddr_t gicd; /* distributor */
	paddr_t gicc; /* v2: CPU interface */
	paddr_t gich; /* v2: virtual interface control (0 if absent) */
	paddr_t gicv; /* v2: virtual CPU interface (0 if absent) */
	paddr_t gicr; /* v3: first redistributor region */
	uint64_t gicr_size;
	uint32_t timer_hyp_irq; /* EL2 physical timer (PPI, as INTID) */
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

/*
 * EL1 system registers of a vCPU, saved while another vCPU has its CPU;
 * fpsimd.S moves them in this order.
 */
struct arch_el1_regs {
	uint64_t sctlr, ttbr0, ttbr1, tcr, mair, amair, vbar, contextidr;
	uint64_t elr, spsr, sp_el1, sp_el0, esr, far, afsr0, afsr1, par;
	uint64_t tpidr_el0, tpidrro_el0, tpidr_el1, cpacr, csselr, cntkctl;
	uint64_t mdscr;
};

/* FP/SIMD registers of a vCPU. */
struct arch_fp_regs {
	__uint128_t q[32];
	uint64_t fpsr;
	uint64_t fpcr;
};

struct arch_vcpu {
	struct arch_regs regs; /* general registers while not on its CPU */
	struct arch_el1_regs el1;
	struct arch_fp_regs fp;
	uint64_t cntv_ctl; /* virtual timer */
	uint64_t cntv_cval;
	uint64_t vmpidr;
	bool loaded; /* its state is in the CPU's registers */
	/*
	 * Direct vCPU (docs/direct.md): its CPU interface's group 1 state
	 * while it is off the CPU (gicv3_direct_save()), and whether it was
	 * reset since its interrupts were last given to it.
	 */
	uint64_t direct_icc[5];
	bool direct_reset;
	struct arch_vgic_cpu vgic;
};

struct arch_vm {
	uint16_t vmid;
	uint16_t vmid_alt; /* of its alternate stage-2 table, if any */
	struct arch_vgic_dist vgic;
};

#endif
