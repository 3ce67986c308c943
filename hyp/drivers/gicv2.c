// SPDX-License-Identifier: Apache-2.0
/*
 * GICv2 distributor and CPU interface (see drivers/gic.h). Without the
 * security extensions every interrupt is group 0 and signalled as IRQ.
 * SGIs carry their sender's CPU interface number in the acknowledge value,
 * and must be ended with it: it is kept per CPU and SGI between the two.
 */
#include "arch/types.h"
#include "arm64/gic.h"
#include "drivers/gic.h"
#include "drivers/mmio.h"
#include "sysreg.h" /* the GIC is Arm-only: dsb */

/* Each CPU's interface number, as a GICD_SGIR target-list bit. */
static uint8_t cpu_if_mask[MICA_MAX_CPUS];
/* Sender (CPUID) of the SGI each CPU last acknowledged, by SGI. */
static uint8_t sgi_sender[MICA_MAX_CPUS][GIC_SGI_COUNT];

bool gicv2_init(const struct arch_board *a)
{
	uint32_t lines = GICD_TYPER_LINES(mmio_read32(a->gicd, GICD_TYPER));

	mmio_write32(a->gicd, GICD_CTLR, 0);
	/* Shared interrupts stay disabled until an owner is configured. */
	for (uint32_t i = GIC_SPI_MIN; i < lines; i += 32) {
		mmio_write32(a->gicd, GICD_ICENABLER + i / 8, UINT32_MAX);
	}
	mmio_write32(a->gicd, GICD_CTLR, GICD_CTLR_ENABLE_GRP0);
	return true;
}

bool gicv2_cpu_init(const struct arch_board *a, unsigned cpu)
{
	/* Banked: each byte of ITARGETSR0-7 reads as the caller's own bit. */
	uint32_t mask = mmio_read32(a->gicd, GICD_ITARGETSR);

	mask |= mask >> 16;
	mask |= mask >> 8;
	if (cpu < MICA_MAX_CPUS) {
		/* A uniprocessor GIC reads as zero: it has interface 0 only. */
		cpu_if_mask[cpu] = (uint8_t)((mask & 0xff) != 0 ? mask : 1);
	}
	/* Banked per CPU: SGIs and PPIs of the calling CPU. */
	mmio_write32(a->gicd, GICD_ICENABLER, UINT32_MAX);
	mmio_write32(a->gicc, GICC_PMR, 0xff);
	mmio_write32(a->gicc, GICC_BPR, 0);
	mmio_write32(a->gicc, GICC_CTLR, GICC_CTLR_ENABLE_GRP0);
	return true;
}

void gicv2_enable_local(const struct arch_board *a, uint32_t irq)
{
	mmio_write8(a->gicd, GICD_IPRIORITYR + irq, GIC_PRIO_HYP);
	mmio_write32(a->gicd, GICD_ISENABLER, 1u << (irq % 32));
}

void gicv2_disable_local(const struct arch_board *a, uint32_t irq)
{
	/* ICENABLER0 is banked per CPU: this CPU's PPIs and SGIs. */
	mmio_write32(a->gicd, GICD_ICENABLER, 1u << (irq % 32));
}

uint32_t gicv2_ack(const struct arch_board *a, unsigned cpu)
{
	uint32_t iar = mmio_read32(a->gicc, GICC_IAR);
	uint32_t irq = iar & 0x3ff;

	if (irq < GIC_SGI_COUNT && cpu < MICA_MAX_CPUS) {
		sgi_sender[cpu][irq] = (uint8_t)((iar >> 10) & 7);
	}
	return irq;
}

void gicv2_eoi(const struct arch_board *a, unsigned cpu, uint32_t irq)
{
	if (irq < GIC_SGI_COUNT && cpu < MICA_MAX_CPUS) {
		irq |= (uint32_t)sgi_sender[cpu][irq] << 10;
	}
	mmio_write32(a->gicc, GICC_EOIR, irq);
}

void gicv2_send_sgi(const struct arch_board *a, unsigned cpu, uint32_t sgi)
{
	uint32_t target = cpu < MICA_MAX_CPUS ? cpu_if_mask[cpu] : 0;

	/* What the sender wrote before must be seen by the target's handler. */
	dsb(ishst);
	/* TargetListFilter 0: the CPUs in the list. */
	mmio_write32(a->gicd, GICD_SGIR, (target << 16) | (sgi & 0xf));
}

void gicv2_enable_spi(const struct arch_board *a, uint32_t irq, uint8_t target)
{
	if (irq < GIC_SPI_MIN || irq >= GIC_SPECIAL_MIN) {
		return;
	}
	mmio_write8(a->gicd, GICD_IPRIORITYR + irq, GIC_PRIO_HYP);
	mmio_write8(a->gicd, GICD_ITARGETSR + irq, target);
	mmio_write32(a->gicd, GICD_ISENABLER + (irq / 32) * 4,
		     1u << (irq % 32));
}

void gic_disable_spi(const struct arch_board *a, uint32_t irq)
{
	if (irq >= GIC_SPI_MIN && irq < GIC_SPECIAL_MIN) {
		mmio_write32(a->gicd, GICD_ICENABLER + (irq / 32) * 4,
			     1u << (irq % 32));
	}
}
