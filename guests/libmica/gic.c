// SPDX-License-Identifier: Apache-2.0
/*
 * The minimal GICv2/GICv3 driver of libmica/gic.h. It programs the GIC the
 * way Linux does on QEMU's virt board, so that anything mica's virtual GIC
 * must do to run Linux is all a native partition needs: on GICv2 interrupts
 * stay in group 0 and the CPU interface enables group 0; on GICv3 affinity
 * routing is on, the PPI goes to group 1 and the system-register interface
 * (ICC_*_EL1, which mica backs with the ICV_* registers) is used. The
 * addresses, and the version if the device tree names it, are
 * libmica/board.h's.
 */
#include <stdbool.h>
#include <stdint.h>

#include "arm64/gic.h"
#include "libmica/board.h"
#include "libmica/console.h"
#include "libmica/gic.h"
#include "sysreg.h"

/*
 * GICD_CTLR as Linux writes it on GICv3; in the non-secure view these bits
 * are ARE_NS, EnableGrp1A and EnableGrp1.
 */
#define GICD_CTLR_V3 \
	(GICD_CTLR_ARE | GICD_CTLR_ENABLE_GRP1 | GICD_CTLR_ENABLE_GRP0)

/* What libmica alone uses of the GIC: PPIs are INTIDs 16-31. */
#define GIC_PPI_MIN 16u
#define ICC_SRE_EL1 S3_0_C12_C12_5

/* One more level of macro, so that the names expand before '#'. */
#define rd_icc(r) read_sysreg(r)
#define wr_icc(r, v) write_sysreg(r, v)

/* The one priority libmica uses, and a mask that lets it through. */
#define GIC_PRIO 0xa0u
#define GIC_PMR_OPEN 0xffu

/* Bound on register-write-pending and wake polls. */
#define GIC_POLLS 1000000u

static unsigned version;
static uintptr_t gicd;	    /* the distributor, from libmica/board.h */
static uintptr_t sgi_frame; /* v3: this CPU's SGI_base frame */

static bool wait_rwp(void)
{
	for (unsigned i = 0; i < GIC_POLLS; i++) {
		if ((mmio_read32(gicd + GICD_CTLR) & GICD_CTLR_RWP) == 0) {
			return true;
		}
	}
	mica_puts("libmica: GIC distributor stuck in a register write\n");
	return false;
}

/* In region [base, base + size), the redistributor of affinity aff; 0 if none. */
static uintptr_t find_rdist_in(uintptr_t base, uint64_t size, uint64_t aff)
{
	uint64_t off = 0;

	/* Bounded by the region's size, whatever the Last bits say. */
	while (off + 2 * GICR_FRAME_SIZE <= size) {
		uintptr_t rd = base + (uintptr_t)off;
		uint64_t typer = mmio_read64(rd + GICR_TYPER);

		if ((typer >> 32) == aff) {
			return rd;
		}
		if ((typer & GICR_TYPER_LAST) != 0) {
			break;
		}
		off += (typer & GICR_TYPER_VLPIS) != 0 ? 4 * GICR_FRAME_SIZE :
							 2 * GICR_FRAME_SIZE;
	}
	return 0;
}

/* The redistributor whose GICR_TYPER affinity is this CPU's; 0 if none. */
static uintptr_t find_rdist(void)
{
	const struct mica_board *b = mica_board();
	uint64_t mpidr = read_sysreg(mpidr_el1);
	uint64_t aff = ((mpidr >> 8) & 0xff000000u) | (mpidr & 0xffffffu);

	for (unsigned i = 0; i < b->gicr_count && i < MICA_BOARD_MAX_GICR;
	     i++) {
		uintptr_t rd = find_rdist_in(b->gicr[i], b->gicr_size[i], aff);

		if (rd != 0) {
			return rd;
		}
	}
	return 0;
}

static bool init_v3(void)
{
	uintptr_t rd = find_rdist();
	bool awake = false;

	mmio_write32(gicd + GICD_CTLR, 0);
	if (!wait_rwp()) {
		return false;
	}
	mmio_write32(gicd + GICD_CTLR, GICD_CTLR_V3);
	if (!wait_rwp()) {
		return false;
	}
	if (rd == 0) {
		mica_printf("libmica: no GICv3 redistributor for MPIDR 0x%lx\n",
			    read_sysreg(mpidr_el1));
		return false;
	}
	mmio_write32(rd + GICR_WAKER, mmio_read32(rd + GICR_WAKER) &
					      ~GICR_WAKER_PROCESSOR_SLEEP);
	for (unsigned i = 0; i < GIC_POLLS && !awake; i++) {
		awake = (mmio_read32(rd + GICR_WAKER) &
			 GICR_WAKER_CHILDREN_ASLEEP) == 0;
	}
	if (!awake) {
		mica_puts("libmica: GICv3 redistributor does not wake\n");
		return false;
	}
	sgi_frame = rd + GICR_SGI_BASE;

	wr_icc(ICC_SRE_EL1, rd_icc(ICC_SRE_EL1) | 1); /* SRE */
	isb();
	wr_icc(ICC_PMR_EL1, GIC_PMR_OPEN);
	wr_icc(ICC_BPR1_EL1, 0);
	wr_icc(ICC_CTLR_EL1, 0); /* EOI drops priority and deactivates */
	wr_icc(ICC_IGRPEN1_EL1, 1);
	isb();
	return true;
}

static void init_v2(void)
{
	uintptr_t gicc = mica_board()->gicc;

	mmio_write32(gicd + GICD_CTLR, GICD_CTLR_ENABLE_GRP0);
	mmio_write32(gicc + GICC_PMR, GIC_PMR_OPEN);
	mmio_write32(gicc + GICC_CTLR, GICC_CTLR_ENABLE_GRP0);
}

/*
 * GICD_PIDR2.ArchRev. A GICv2 distributor is 4 KiB, so reading a GICv3's
 * PIDR2 there may fault (it does on QEMU); a GICv3's 0xfe8 is reserved, or
 * with NMI support a GICD_INMIR that is zero until NMIs are set up, so it
 * reads as zero. Hence the v2 place first, then the v3 one. Not read at
 * all when the device tree named the version, which is then trusted.
 */
static unsigned arch_rev(void)
{
	unsigned rev = mica_board()->gic_version;

	if (rev != 0) {
		return rev;
	}
	rev = (mmio_read32(gicd + GICD_PIDR2_V2) >> 4) & 0xf;
	if (rev != 0) {
		return rev;
	}
	return (mmio_read32(gicd + GICD_PIDR2_V3) >> 4) & 0xf;
}

bool mica_gic_init(void)
{
	unsigned arch;

	gicd = mica_board()->gicd;
	arch = arch_rev();

	if (arch == 2) {
		init_v2();
		version = 2;
		return true;
	}
	if (arch == 3 || arch == 4) {
		if (!init_v3()) {
			return false;
		}
		version = 3;
		return true;
	}
	mica_printf("libmica: GICD_PIDR2 says GIC architecture %u; only 2, 3 "
		    "and 4 are supported\n",
		    arch);
	return false;
}

unsigned mica_gic_version(void)
{
	return version;
}

/*
 * Sets intid's byte of the IPRIORITYR array at prio to GIC_PRIO, by a
 * 32-bit read-modify-write: libmica makes no byte accesses to the GIC.
 */
static void set_priority(uintptr_t prio, uint32_t intid)
{
	uintptr_t reg = prio + (intid & ~3u);
	unsigned shift = 8 * (intid % 4);
	uint32_t v = mmio_read32(reg);

	v = (v & ~(0xffu << shift)) | (GIC_PRIO << shift);
	mmio_write32(reg, v);
}

bool mica_gic_enable_ppi(uint32_t intid)
{
	if (intid < GIC_PPI_MIN || intid >= GIC_SPI_MIN) {
		return false;
	}
	if (version == 2) {
		/* Banked per CPU: this CPU's SGIs and PPIs. */
		set_priority(gicd + GICD_IPRIORITYR, intid);
		mmio_write32(gicd + GICD_ISENABLER, 1u << intid);
		return true;
	}
	if (version == 3) {
		mmio_write32(sgi_frame + GICR_IGROUPR0,
			     mmio_read32(sgi_frame + GICR_IGROUPR0) |
				     (1u << intid));
		set_priority(sgi_frame + GICR_IPRIORITYR, intid);
		mmio_write32(sgi_frame + GICR_ISENABLER0, 1u << intid);
		return true;
	}
	return false;
}

bool mica_gic_disable_ppi(uint32_t intid)
{
	if (intid < GIC_PPI_MIN || intid >= GIC_SPI_MIN ||
	    (version != 2 && version != 3)) {
		return false;
	}
	/* GICD_ICENABLER0 (v2, banked), GICR_ICENABLER0 (v3). */
	mmio_write32((version == 2 ? gicd : sgi_frame) + GICD_ICENABLER,
		     1u << intid);
	return true;
}

bool mica_gic_enable_spi(uint32_t intid)
{
	uintptr_t word = gicd + (uintptr_t)(intid / 32) * 4;

	if (intid < GIC_SPI_MIN || intid >= GIC_SPECIAL_MIN || version < 2 ||
	    version > 3) {
		return false;
	}
	set_priority(gicd + GICD_IPRIORITYR, intid);
	if (version == 3) {
		/* Group 1, routed to affinity 0.0.0.0: this partition's vCPU 0. */
		mmio_write32(word + GICD_IGROUPR,
			     mmio_read32(word + GICD_IGROUPR) |
				     (1u << (intid % 32)));
		*(volatile uint64_t *)(gicd + GICD_IROUTER +
				       8 * (uintptr_t)intid) = 0;
	} else {
		uintptr_t t = gicd + GICD_ITARGETSR + (intid & ~3u);
		unsigned shift = 8 * (intid % 4);

		mmio_write32(t, (mmio_read32(t) & ~(0xffu << shift)) |
					(1u << shift));
	}
	mmio_write32(word + GICD_ISENABLER, 1u << (intid % 32));
	return true;
}

bool mica_gic_disable_spi(uint32_t intid)
{
	if (intid < GIC_SPI_MIN || intid >= GIC_SPECIAL_MIN || version < 2 ||
	    version > 3) {
		return false;
	}
	mmio_write32(gicd + GICD_ICENABLER + (uintptr_t)(intid / 32) * 4,
		     1u << (intid % 32));
	return true;
}

uint32_t mica_gic_ack(void)
{
	if (version == 2) {
		return mmio_read32(mica_board()->gicc + GICC_IAR) & 0x3ff;
	}
	if (version == 3) {
		uint32_t intid = (uint32_t)rd_icc(ICC_IAR1_EL1) & 0xffffff;

		dsb(sy);
		return intid;
	}
	return 1023;
}

void mica_gic_eoi(uint32_t intid)
{
	if (version == 2) {
		mmio_write32(mica_board()->gicc + GICC_EOIR, intid);
	} else if (version == 3) {
		wr_icc(ICC_EOIR1_EL1, intid);
		isb();
	}
}
