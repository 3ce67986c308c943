// SPDX-License-Identifier: Apache-2.0
/*
 * GICv3 distributor, redistributors and system-register CPU interface (see
 * drivers/gic.h). mica runs with affinity routing on and, as on QEMU's virt
 * board, a single security state (GICD_CTLR.DS = 1), where Group 0 is
 * signalled as FIQ and Group 1 as IRQ. mica's interrupts are all Group 0
 * (FIQ, to EL2 since HCR_EL2.FMO is always set); Group 1 holds only what a
 * direct vCPU takes at its own EL1 (docs/direct.md). The CPU interface
 * splits the end of an interrupt (ICC_CTLR_EL1.EOImode = 1: EOIR drops
 * the priority, DIR deactivates), so that the virtual timer's PPI stays
 * active until the guest's end deactivates it through its linked list
 * register; but for a direct vCPU, whose own EOIR1 must deactivate.
 */
#include "arch/types.h"
#include "arm64/gic.h"
#include "drivers/gic.h"
#include "drivers/mmio.h"
#include "mica/console.h"
#include "sysreg.h" /* the GIC is Arm-only: its drivers use Arm registers */

/* One more level of macro, so that the names expand before '#'. */
#define rd_icc(r) read_sysreg(r)
#define wr_icc(r, v) write_sysreg(r, v)

/* Register-write-pending and wake polls: bounded, then reported. */
#define GIC_POLLS 1000000u

static paddr_t rdist[MICA_MAX_CPUS];

static bool wait_rwp(paddr_t gicd)
{
	for (unsigned i = 0; i < GIC_POLLS; i++) {
		if ((mmio_read32(gicd, GICD_CTLR) & GICD_CTLR_RWP) == 0) {
			return true;
		}
	}
	console_puts("mica: GICv3 distributor stuck in register write\n");
	return false;
}

bool gicv3_init(const struct arch_board *a)
{
	uint32_t lines = GICD_TYPER_LINES(mmio_read32(a->gicd, GICD_TYPER));

	mmio_write32(a->gicd, GICD_CTLR, 0);
	if (!wait_rwp(a->gicd)) {
		return false;
	}
	for (uint32_t i = GIC_SPI_MIN; i < lines && i < GIC_SPECIAL_MIN;
	     i += 32) {
		mmio_write32(a->gicd, GICD_ICENABLER + i / 8, UINT32_MAX);
		mmio_write32(a->gicd, GICD_IGROUPR + i / 8, 0);
	}
	mmio_write32(a->gicd, GICD_CTLR,
		     GICD_CTLR_ARE | GICD_CTLR_ENABLE_GRP0 |
			     GICD_CTLR_ENABLE_GRP1);
	return wait_rwp(a->gicd);
}

/* The redistributor frame whose affinity is hwid's; base 0 if none. */
static paddr_t find_rdist(const struct arch_board *a, uint64_t hwid)
{
	uint64_t aff = ((hwid >> 8) & 0xff000000) | (hwid & 0xffffff);
	uint64_t off = 0;

	/* Bounded by the region's size and the Last bit. */
	while (off + 2 * (uint64_t)GICR_FRAME_SIZE <= a->gicr_size) {
		paddr_t rd = pa_add(a->gicr, off);
		uint64_t typer = mmio_read64(rd, GICR_TYPER);

		if ((typer >> 32) == aff) {
			return rd;
		}
		if ((typer & GICR_TYPER_LAST) != 0) {
			break;
		}
		off += (typer & GICR_TYPER_VLPIS) != 0 ? 4 * GICR_FRAME_SIZE :
							 2 * GICR_FRAME_SIZE;
	}
	return pa_init(0);
}

bool gicv3_cpu_init(const struct arch_board *a, unsigned cpu, uint64_t hwid)
{
	paddr_t rd = find_rdist(a, hwid);
	paddr_t sgi;
	bool awake = false;

	if (pa_addr(rd) == 0 || cpu >= MICA_MAX_CPUS) {
		console_printf("mica: no GICv3 redistributor for hwid 0x%lx\n",
			       hwid);
		return false;
	}
	rdist[cpu] = rd;
	sgi = pa_add(rd, GICR_SGI_BASE);
	mmio_write32(rd, GICR_WAKER,
		     mmio_read32(rd, GICR_WAKER) & ~GICR_WAKER_PROCESSOR_SLEEP);
	for (unsigned i = 0; i < GIC_POLLS && !awake; i++) {
		awake = (mmio_read32(rd, GICR_WAKER) &
			 GICR_WAKER_CHILDREN_ASLEEP) == 0;
	}
	if (!awake) {
		console_printf("mica: GICv3 redistributor of CPU %u does not "
			       "wake\n",
			       cpu);
		return false;
	}
	mmio_write32(sgi, GICR_ICENABLER0, UINT32_MAX);
	mmio_write32(sgi, GICR_IGROUPR0, 0);

	/* System-register interface on, for EL2 and below. */
	wr_icc(ICC_SRE_EL2, 0xf); /* SRE, DFB, DIB, Enable */
	isb();
	wr_icc(ICC_PMR_EL1, 0xff);
	wr_icc(ICC_BPR0_EL1, 0);
	wr_icc(ICC_CTLR_EL1, ICC_CTLR_EOIMODE);
	wr_icc(ICC_IGRPEN0_EL1, 1);
	wr_icc(ICC_IGRPEN1_EL1, 0); /* a direct vCPU's, which turns it on */
	isb();
	return true;
}

void gicv3_enable_local(unsigned cpu, uint32_t irq)
{
	paddr_t sgi = pa_add(rdist[cpu], GICR_SGI_BASE);

	mmio_write8(sgi, GICR_IPRIORITYR + irq, GIC_PRIO_HYP);
	mmio_write32(sgi, GICR_ISENABLER0, 1u << (irq % 32));
}

void gicv3_set_active_local(unsigned cpu, uint32_t irq, bool active)
{
	mmio_write32(pa_add(rdist[cpu], GICR_SGI_BASE),
		     active ? GICR_ISACTIVER0 : GICR_ICACTIVER0,
		     1u << (irq % 32));
}

uint32_t gicv3_ack(void)
{
	uint64_t v = rd_icc(ICC_IAR0_EL1);

	dsb(sy);
	return (uint32_t)v & 0xffffff;
}

void gicv3_send_sgi(uint64_t hwid, uint32_t sgi)
{
	uint64_t aff0 = hwid & 0xff;
	/*
	 * ICC_SGI1R_EL1: Aff3 55:48, RS 47:44 (Aff0 / 16), Aff2 39:32,
	 * INTID 27:24, Aff1 23:16, TargetList 15:0 (Aff0 % 16).
	 */
	uint64_t v =
		(((hwid >> 32) & 0xff) << 48) | ((aff0 >> 4) << 44) |
		(((hwid >> 16) & 0xff) << 32) | ((uint64_t)(sgi & 0xf) << 24) |
		(((hwid >> 8) & 0xff) << 16) | (UINT64_C(1) << (aff0 & 0xf));

	/* What the sender wrote before must be seen by the target's handler. */
	dsb(ishst);
	wr_icc(ICC_SGI0R_EL1, v);
	isb();
}

void gicv3_eoi(uint32_t irq, bool deactivate)
{
	wr_icc(ICC_EOIR0_EL1, irq);
	/* EOImode 0 (a direct vCPU here) deactivated it already. */
	if (deactivate && (rd_icc(ICC_CTLR_EL1) & ICC_CTLR_EOIMODE) != 0) {
		wr_icc(ICC_DIR_EL1, irq);
	}
	isb();
}

void gicv3_direct_give(unsigned cpu, uint32_t irq)
{
	paddr_t sgi = pa_add(rdist[cpu], GICR_SGI_BASE);
	uint32_t bit = 1u << (irq % 32);

	/* Disabled while its group and priority change: no half-made state. */
	mmio_write32(sgi, GICR_ICENABLER0, bit);
	mmio_write32(sgi, GICR_ICACTIVER0, bit);
	mmio_write8(sgi, GICR_IPRIORITYR + irq, GIC_PRIO_DIRECT);
	mmio_write32(sgi, GICR_IGROUPR0, mmio_read32(sgi, GICR_IGROUPR0) | bit);
	mmio_write32(sgi, GICR_ISENABLER0, bit);
}

/* ICC_AP1R<n>_EL1 the calling CPU has: ICC_CTLR_EL1.PRIbits (10:8) + 1. */
static unsigned ap1r_count(void)
{
	unsigned bits = (unsigned)((rd_icc(ICC_CTLR_EL1) >> 8) & 7) + 1;

	/* A bit per group priority (2^bits, at most 128), 32 a register. */
	return bits >= 7 ? 4 : bits == 6 ? 2 : 1;
}

void gicv3_direct_save(uint64_t icc[5])
{
	unsigned n = ap1r_count();

	wr_icc(ICC_CTLR_EL1, ICC_CTLR_EOIMODE); /* mica's split end again */
	icc[0] = rd_icc(ICC_IGRPEN1_EL1);
	wr_icc(ICC_IGRPEN1_EL1, 0);
	icc[1] = rd_icc(ICC_AP1R0_EL1);
	wr_icc(ICC_AP1R0_EL1, 0);
	if (n > 1) {
		icc[2] = rd_icc(ICC_AP1R1_EL1);
		wr_icc(ICC_AP1R1_EL1, 0);
	}
	if (n > 2) {
		icc[3] = rd_icc(ICC_AP1R2_EL1);
		wr_icc(ICC_AP1R2_EL1, 0);
		icc[4] = rd_icc(ICC_AP1R3_EL1);
		wr_icc(ICC_AP1R3_EL1, 0);
	}
	isb();
}

void gicv3_direct_restore(const uint64_t icc[5])
{
	unsigned n = ap1r_count();

	wr_icc(ICC_AP1R0_EL1, icc[1]);
	if (n > 1) {
		wr_icc(ICC_AP1R1_EL1, icc[2]);
	}
	if (n > 2) {
		wr_icc(ICC_AP1R2_EL1, icc[3]);
		wr_icc(ICC_AP1R3_EL1, icc[4]);
	}
	/* Its EOIR1 deactivates, as it expects: mica's EOIR0 then does too. */
	wr_icc(ICC_CTLR_EL1, 0);
	wr_icc(ICC_IGRPEN1_EL1, icc[0] & 1);
	isb();
}

void gicv3_enable_spi(const struct arch_board *a, uint32_t irq, uint64_t hwid)
{
	/* Aff3 and Aff2..Aff0 as in MPIDR; IRM = 0: this one CPU. */
	uint64_t route = hwid & GICD_IROUTER_AFF_MASK;

	if (irq < GIC_SPI_MIN || irq >= GIC_SPECIAL_MIN) {
		return;
	}
	mmio_write8(a->gicd, GICD_IPRIORITYR + irq, GIC_PRIO_HYP);
	*(volatile uint64_t *)(uintptr_t)(pa_addr(a->gicd) + GICD_IROUTER +
					  8 * (uint64_t)irq) = route;
	mmio_write32(a->gicd, GICD_ISENABLER + (irq / 32) * 4,
		     1u << (irq % 32));
}
