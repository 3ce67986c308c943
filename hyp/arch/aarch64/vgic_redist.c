// SPDX-License-Identifier: Apache-2.0
/*
 * The virtual GIC's GICv3 redistributors (see vgic_dist.h): one RD_base and
 * one SGI_base frame per vCPU, VGIC_RDIST_STRIDE apart. RD_base tells the
 * guest which vCPU a frame is (GICR_TYPER) and holds the WAKER handshake;
 * SGI_base is the vCPU's banked SGI and PPI state, through the same
 * register helpers as the distributor's (vgic_dist.c). No LPIs: their
 * registers read as zero. A GICv2 has no redistributor, and its CPU
 * interface has no model here: the guest gets the hardware's GICV page.
 * The frame and vCPU come from the caller's decoding of the fault address
 * and are checked here again.
 */
#include "vgic_dist.h"

/* GICR RD_base registers by a 32-bit access, or a 64-bit one (rd_reg64()). */
static void rd_access(struct arch_vgic_dist *d, unsigned rd, uint64_t off,
		      unsigned size, bool write, uint64_t *val)
{
	struct arch_vgic_cpu *c = d->cpus[rd];
	uint64_t r = 0;

	if (off == GICR_IIDR) {
		r = VGIC_IIDR;
	} else if (off == GICR_TYPER || off == GICR_TYPER + 4) {
		r = ((uint64_t)rd << 32) | ((uint64_t)rd << 8) |
		    (rd + 1 == d->cpu_count ? GICR_TYPER_LAST : 0);
		r >>= 8 * (off - GICR_TYPER); /* the upper half: 32 */
	} else if (off == GICR_WAKER) {
		if (write) {
			c->asleep = (*val & GICR_WAKER_PROCESSOR_SLEEP) != 0;
		}
		/* Its "children" follow at once: nothing to quiesce. */
		r = c->asleep ? GICR_WAKER_PROCESSOR_SLEEP |
					GICR_WAKER_CHILDREN_ASLEEP :
				0;
	} else if (off == GICR_PIDR2) {
		r = VGIC_PIDR2_V3;
	}
	/* GICR_CTLR (no LPIs, never a write pending) and the rest: RAZ/WI. */
	if (!write) {
		*val = size == 8 ? r : (uint32_t)r;
	}
}

/* The 64-bit RD_base registers: GICR_TYPER; the LPI ones, RAZ/WI here. */
static bool rd_reg64(uint64_t off)
{
	return off == GICR_TYPER || off == 0x40 || off == 0x48 || off == 0x70 ||
	       off == 0x78 || off == 0xa0 || off == 0xb0;
}

enum vgic_mmio vgic_redist_mmio(struct arch_vgic_dist *d, unsigned rd,
				uint64_t off, bool write, unsigned size,
				uint64_t *val, uint32_t *kick)
{
	*kick = 0;
	if (!d->v3 || rd >= d->cpu_count || off >= VGIC_RDIST_STRIDE ||
	    !aligned(off, size)) {
		return VGIC_MMIO_BAD;
	}
	if (write && size < 8) {
		*val &= (UINT64_C(1) << (8 * size)) - 1;
	}
	if (off < GICR_SGI_BASE) {
		if (size != 4 && !(size == 8 && rd_reg64(off))) {
			return VGIC_MMIO_BAD;
		}
		rd_access(d, rd, off, size, write, val);
		return VGIC_MMIO_DONE;
	}
	off -= GICR_SGI_BASE;
	if (off >= GICD_IPRIORITYR && off < GICD_IPRIORITYR + VGIC_NR_PRIVATE) {
		if (size == 8) {
			return VGIC_MMIO_BAD;
		}
		vgic_dist_bytes(d, rd, false, true,
				(uint32_t)(off - GICD_IPRIORITYR), size, write,
				val, kick);
		return VGIC_MMIO_DONE;
	}
	if (size != 4) {
		return VGIC_MMIO_BAD;
	}
	if (off >= GICD_IGROUPR && off < VGIC_BITMAP_END && (off & 0x7f) == 0) {
		vgic_dist_bitmap(d, rd,
				 (enum bitmap_reg)((off - GICD_IGROUPR) / 0x80),
				 0, write, val, kick);
	} else if (off == GICD_ICFGR || off == GICD_ICFGR + 4) {
		vgic_dist_icfgr(d, rd, (unsigned)(off - GICD_ICFGR) / 4, write,
				val);
	} else if (!write) {
		*val = 0;
	}
	return VGIC_MMIO_DONE;
}
