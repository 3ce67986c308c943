// SPDX-License-Identifier: Apache-2.0
/*
 * GICv2 distributor and CPU interface (see drivers/gic.h). Without the
 * security extensions every interrupt is group 0 and signalled as IRQ.
 */
#include "arch/types.h"
#include "drivers/gic.h"
#include "drivers/mmio.h"

#define GICD_CTLR 0x000
#define GICD_TYPER 0x004
#define GICD_ICENABLER 0x180
#define GICD_ISENABLER 0x100
#define GICD_IPRIORITYR 0x400

#define GICC_CTLR 0x000
#define GICC_PMR 0x004
#define GICC_BPR 0x008
#define GICC_IAR 0x00c
#define GICC_EOIR 0x010

bool gicv2_init(const struct arch_board *a)
{
	uint32_t lines = 32 * ((mmio_read32(a->gicd, GICD_TYPER) & 0x1f) + 1);

	mmio_write32(a->gicd, GICD_CTLR, 0);
	/* Shared interrupts stay disabled until an owner is configured. */
	for (uint32_t i = 32; i < lines; i += 32) {
		mmio_write32(a->gicd, GICD_ICENABLER + i / 8, UINT32_MAX);
	}
	mmio_write32(a->gicd, GICD_CTLR, 1);
	return true;
}

bool gicv2_cpu_init(const struct arch_board *a)
{
	/* Banked per CPU: SGIs and PPIs of the calling CPU. */
	mmio_write32(a->gicd, GICD_ICENABLER, UINT32_MAX);
	mmio_write32(a->gicc, GICC_PMR, 0xff);
	mmio_write32(a->gicc, GICC_BPR, 0);
	mmio_write32(a->gicc, GICC_CTLR, 1);
	return true;
}

void gicv2_enable_local(const struct arch_board *a, uint32_t irq)
{
	mmio_write8(a->gicd, GICD_IPRIORITYR + irq, GIC_PRIO_HYP);
	mmio_write32(a->gicd, GICD_ISENABLER, 1u << (irq % 32));
}

uint32_t gicv2_ack(const struct arch_board *a)
{
	return mmio_read32(a->gicc, GICC_IAR) & 0x3ff;
}

void gicv2_eoi(const struct arch_board *a, uint32_t irq)
{
	mmio_write32(a->gicc, GICC_EOIR, irq);
}
