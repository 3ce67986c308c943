// SPDX-License-Identifier: Apache-2.0
/*
 * The arch irq interface on AArch64: forwards to the GICv2 or GICv3 driver,
 * whichever the board has. A switch, not function pointers, so that the
 * interrupt path can be read (and bounded) in one place.
 */
#include "arch/irq.h"
#include "drivers/gic.h"
#include "mica/board.h"
#include "mica/console.h"
#include "mica/cpu.h"
#include "arch/cpu.h"

static const struct arch_board *gic;

bool arch_irq_init(const struct board *b)
{
	gic = &b->arch;
	return gic->gic == GIC_V3 ? gicv3_init(gic) : gicv2_init(gic);
}

bool arch_irq_cpu_init(const struct board *b, unsigned cpu)
{
	return gic->gic == GIC_V3 ? gicv3_cpu_init(gic, cpu, b->cpu_hwid[cpu]) :
				    gicv2_cpu_init(gic);
}

void arch_irq_enable_local(uint32_t irq)
{
	if (gic->gic == GIC_V3) {
		gicv3_enable_local(arch_cpu_local()->index, irq);
	} else {
		gicv2_enable_local(gic, irq);
	}
}

uint32_t arch_irq_ack(void)
{
	uint32_t irq = gic->gic == GIC_V3 ? gicv3_ack() : gicv2_ack(gic);

	return irq >= GIC_SPURIOUS_MIN ? ARCH_IRQ_NONE : irq;
}

void arch_irq_eoi(uint32_t irq)
{
	if (gic->gic == GIC_V3) {
		gicv3_eoi(irq);
	} else {
		gicv2_eoi(gic, irq);
	}
}

const char *arch_irq_name(void)
{
	return gic->gic == GIC_V3 ? "GICv3" : "GICv2";
}
