// SPDX-License-Identifier: Apache-2.0
/*
 * The arch irq interface on AArch64: forwards to the GICv2 or GICv3 driver,
 * whichever the board has. A switch, not function pointers, so that the
 * interrupt path can be read (and bounded) in one place. Each CPU also
 * takes the kick SGI (ARCH_IRQ_KICK) and the virtual interface's
 * maintenance interrupt, which only makes a guest exit and is consumed
 * here; the vGIC's hardware side is set up with the controller.
 */
#include "arch/irq.h"
#include "arm64/gic.h"
#include "drivers/gic.h"
#include "mica/board.h"
#include "mica/check.h"
#include "mica/cpu.h"
#include "arch/cpu.h"
#include "trap.h"
#include "vgic.h"

/*
 * IRQ and FIQ together: mica's GICv3 interrupts are FIQs (group 0), its
 * GICv2 ones IRQs.
 */
void arch_irq_unmask(void)
{
	/* The ISB: a pending interrupt is taken here, before any masking. */
	__asm__ volatile("msr daifclr, #3\n\tisb" ::: "memory");
}

void arch_irq_mask(void)
{
	__asm__ volatile("msr daifset, #3" ::: "memory");
}

static const struct arch_board *gic;
static const struct board *board;

bool arch_irq_init(const struct board *b)
{
	board = b;
	gic = &b->arch;
	vgic_hw_init(gic);
	return gic->gic == GIC_V3 ? gicv3_init(gic) : gicv2_init(gic);
}

bool arch_irq_cpu_init(const struct board *b, unsigned cpu)
{
	bool ok = gic->gic == GIC_V3 ?
			  gicv3_cpu_init(gic, cpu, b->cpu_hwid[cpu]) :
			  gicv2_cpu_init(gic, cpu);

	if (!ok) {
		return false;
	}
	arch_irq_enable_local(ARCH_IRQ_KICK);
	arch_irq_enable_local(VGIC_MAINT_IRQ);
	vgic_hw_cpu_init(cpu);
	return true;
}

void arch_irq_enable_local(uint32_t irq)
{
	if (gic->gic == GIC_V3) {
		gicv3_enable_local(arch_cpu_local()->index, irq);
	} else {
		gicv2_enable_local(gic, irq);
	}
}

static uint32_t ack(void)
{
	return gic->gic == GIC_V3 ? gicv3_ack() :
				    gicv2_ack(gic, arch_cpu_local()->index);
}

uint32_t arch_irq_acked(uint32_t irq)
{
	if (irq == VGIC_MAINT_IRQ) {
		/* The guest has exited, which is all it was for. */
		vgic_maintenance();
		arch_irq_eoi(irq);
		irq = ack();
	}
	return irq >= GIC_SPECIAL_MIN ? ARCH_IRQ_NONE : irq;
}

uint32_t arch_irq_ack(void)
{
	return arch_irq_acked(ack());
}

void arch_irq_eoi(uint32_t irq)
{
	/* A held timer stays held: active (GICv3), disabled (GICv2). */
	bool keep = irq == VGIC_VTIMER_PPI && vgic_vtimer_held();

	if (gic->gic == GIC_V3) {
		gicv3_eoi(irq, !keep);
	} else {
		gicv2_eoi(gic, arch_cpu_local()->index, irq);
		if (keep) {
			vgic_hw_hold(true); /* the EOI deactivated it */
		}
	}
}

void vgic_hw_hold(bool held)
{
	if (gic->gic == GIC_V3) {
		gicv3_set_active_local(arch_cpu_local()->index, VGIC_VTIMER_PPI,
				       held);
	} else if (held) {
		gicv2_disable_local(gic, VGIC_VTIMER_PPI);
	} else {
		gicv2_enable_local(gic, VGIC_VTIMER_PPI);
	}
}

void arch_irq_kick(unsigned pcpu)
{
	/* vCPUs are placed on the board's CPUs: the scenario check proved it. */
	CHECK(pcpu < board->cpu_count && pcpu < MICA_MAX_CPUS);
	if (gic->gic == GIC_V3) {
		gicv3_send_sgi(board->cpu_hwid[pcpu], ARCH_IRQ_KICK);
	} else {
		gicv2_send_sgi(gic, pcpu, ARCH_IRQ_KICK);
	}
}

const char *arch_irq_name(void)
{
	return gic->gic == GIC_V3 ? "GICv3" : "GICv2";
}

void arch_irq_enable_shared(uint32_t irq, unsigned cpu)
{
	if (cpu >= board->cpu_count) {
		return;
	}
	if (gic->gic == GIC_V3) {
		gicv3_enable_spi(gic, irq, board->cpu_hwid[cpu]);
	} else {
		/*
		 * QEMU numbers GICv2 CPU interfaces like the CPUs; a board that
		 * does not would need gicv2.c's interface numbers here, as its
		 * SGIs use.
		 */
		gicv2_enable_spi(gic, irq, (uint8_t)(1u << cpu));
	}
}

void arch_irq_disable_shared(uint32_t irq)
{
	gic_disable_spi(gic, irq);
}
