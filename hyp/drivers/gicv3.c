// SPDX-License-Identifier: Apache-2.0
/*
 * GICv3 distributor, redistributors and system-register CPU interface (see
 * drivers/gic.h). mica runs with affinity routing on and, as on QEMU's virt
 * board, a single security state (GICD_CTLR.DS = 1).
 */
#include "arch/types.h"
#include "drivers/gic.h"
#include "drivers/mmio.h"
#include "mica/console.h"
#include "sysreg.h" /* the GIC is Arm-only: its drivers use Arm registers */

#define GICD_CTLR 0x0000
#define GICD_TYPER 0x0004
#define GICD_IGROUPR 0x0080
#define GICD_ICENABLER 0x0180
#define GICD_CTLR_RWP (1u << 31)
#define GICD_CTLR_ARE (1u << 4)
#define GICD_CTLR_GRP1 (1u << 1)

#define GICR_WAKER 0x0014
#define GICR_TYPER 0x0008
#define GICR_WAKER_SLEEP (1u << 1)
#define GICR_WAKER_ASLEEP (1u << 2)
#define GICR_TYPER_VLPIS (1u << 1)
#define GICR_TYPER_LAST (1u << 4)
#define GICR_SGI 0x10000 /* SGI_base frame, after RD_base */
#define GICR_IGROUPR0 0x0080
#define GICR_ISENABLER0 0x0100
#define GICR_ICENABLER0 0x0180
#define GICR_IPRIORITYR 0x0400

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
	uint32_t lines = 32 * ((mmio_read32(a->gicd, GICD_TYPER) & 0x1f) + 1);

	mmio_write32(a->gicd, GICD_CTLR, 0);
	if (!wait_rwp(a->gicd)) {
		return false;
	}
	for (uint32_t i = 32; i < lines && i < 1020; i += 32) {
		mmio_write32(a->gicd, GICD_ICENABLER + i / 8, UINT32_MAX);
		mmio_write32(a->gicd, GICD_IGROUPR + i / 8, UINT32_MAX);
	}
	mmio_write32(a->gicd, GICD_CTLR, GICD_CTLR_ARE | GICD_CTLR_GRP1);
	return wait_rwp(a->gicd);
}

/* The redistributor frame whose affinity is hwid's; base 0 if none. */
static paddr_t find_rdist(const struct arch_board *a, uint64_t hwid)
{
	uint64_t aff = ((hwid >> 8) & 0xff000000) | (hwid & 0xffffff);
	uint64_t off = 0;

	/* Bounded by the region's size and the Last bit. */
	while (off + 2 * (uint64_t)GICR_SGI <= a->gicr_size) {
		paddr_t rd = pa_add(a->gicr, off);
		uint64_t typer = mmio_read64(rd, GICR_TYPER);

		if ((typer >> 32) == aff) {
			return rd;
		}
		if ((typer & GICR_TYPER_LAST) != 0) {
			break;
		}
		off += (typer & GICR_TYPER_VLPIS) != 0 ? 4 * GICR_SGI :
							 2 * GICR_SGI;
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
	sgi = pa_add(rd, GICR_SGI);
	mmio_write32(rd, GICR_WAKER,
		     mmio_read32(rd, GICR_WAKER) & ~GICR_WAKER_SLEEP);
	for (unsigned i = 0; i < GIC_POLLS && !awake; i++) {
		awake = (mmio_read32(rd, GICR_WAKER) & GICR_WAKER_ASLEEP) == 0;
	}
	if (!awake) {
		console_printf("mica: GICv3 redistributor of CPU %u does not "
			       "wake\n", cpu);
		return false;
	}
	mmio_write32(sgi, GICR_ICENABLER0, UINT32_MAX);
	mmio_write32(sgi, GICR_IGROUPR0, UINT32_MAX);

	/* System-register interface on, for EL2 and below. */
	write_sysreg(S3_4_C12_C9_5, 0xf); /* ICC_SRE_EL2: SRE, DFB, DIB, Enable */
	isb();
	write_sysreg(S3_0_C4_C6_0, 0xff); /* ICC_PMR_EL1 */
	write_sysreg(S3_0_C12_C12_3, 0);  /* ICC_BPR1_EL1 */
	write_sysreg(S3_0_C12_C12_4, 0);  /* ICC_CTLR_EL1: EOI drops and deactivates */
	write_sysreg(S3_0_C12_C12_7, 1);  /* ICC_IGRPEN1_EL1 */
	isb();
	return true;
}

void gicv3_enable_local(unsigned cpu, uint32_t irq)
{
	paddr_t sgi = pa_add(rdist[cpu], GICR_SGI);

	mmio_write8(sgi, GICR_IPRIORITYR + irq, GIC_PRIO_HYP);
	mmio_write32(sgi, GICR_ISENABLER0, 1u << (irq % 32));
}

void gicv3_disable_local(unsigned cpu, uint32_t irq)
{
	mmio_write32(pa_add(rdist[cpu], GICR_SGI), GICR_ICENABLER0,
		     1u << (irq % 32));
}

uint32_t gicv3_ack(void)
{
	uint64_t v = read_sysreg(S3_0_C12_C12_0); /* ICC_IAR1_EL1 */

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
	uint64_t v = (((hwid >> 32) & 0xff) << 48) | ((aff0 >> 4) << 44) |
		     (((hwid >> 16) & 0xff) << 32) | ((uint64_t)(sgi & 0xf) << 24) |
		     (((hwid >> 8) & 0xff) << 16) | (UINT64_C(1) << (aff0 & 0xf));

	/* What the sender wrote before must be seen by the target's handler. */
	dsb(ishst);
	write_sysreg(S3_0_C12_C11_5, v); /* ICC_SGI1R_EL1 */
	isb();
}

void gicv3_eoi(uint32_t irq)
{
	write_sysreg(S3_0_C12_C12_1, irq); /* ICC_EOIR1_EL1 */
	isb();
}

void gicv3_enable_spi(const struct arch_board *a, uint32_t irq, uint64_t hwid)
{
	/* GICD_IROUTER: Aff3 at [39:32], Aff2..Aff0 at [23:0], as in MPIDR. */
	uint64_t route = hwid & UINT64_C(0xff00ffffff);

	if (irq < 32 || irq >= 1020) {
		return;
	}
	mmio_write8(a->gicd, 0x0400 + irq, GIC_PRIO_HYP); /* GICD_IPRIORITYR */
	*(volatile uint64_t *)(uintptr_t)(pa_addr(a->gicd) + 0x6000 + 8 * (uint64_t)irq) =
		route;
	mmio_write32(a->gicd, 0x0100 + (irq / 32) * 4, 1u << (irq % 32));
}
