// SPDX-License-Identifier: Apache-2.0
/*
 * The AArch64 vGIC model (hyp/arch/aarch64/vgic_dist.c, vgic_redist.c,
 * vgic_lr.c), run on the host: the distributor and redistributor registers
 * a guest sees (values, byte access, set/clear semantics, bounds and
 * sizes), routing (GICv3 IROUTER, GICv2 ITARGETSR), SGIs (GICD_SGIR,
 * ICC_SGI1R_EL1), the WAKER handshake Linux does, what goes into the list
 * registers and what comes back, and the list-register encodings. A VM of
 * three vCPUs unless a test says so.
 */
#include "unit.h"
#include "vgic_dist.h"

#define NCPU 3u

/* Distributor offsets the tests use. */
#define CTLR 0x0000
#define TYPER 0x0004
#define IIDR 0x0008
#define IGROUPR 0x0080
#define ISENABLER 0x0100
#define ICENABLER 0x0180
#define ISPENDR 0x0200
#define ICPENDR 0x0280
#define ISACTIVER 0x0300
#define ICACTIVER 0x0380
#define IPRIORITYR 0x0400
#define ITARGETSR 0x0800
#define ICFGR 0x0c00
#define SGIR 0x0f00
#define CPENDSGIR 0x0f10
#define IROUTER 0x6000
#define SGI_BASE 0x10000
#define WAKER 0x0014
#define RTYPER 0x0008

static struct arch_vgic_dist d;
static struct arch_vgic_cpu cpu[VGIC_MAX_VCPUS];

static void reset(bool v3, unsigned count)
{
	struct arch_vgic_cpu *banked[VGIC_MAX_VCPUS];

	memset(&d, 0x5a, sizeof(d)); /* nothing may survive a reset */
	memset(cpu, 0x5a, sizeof(cpu));
	for (unsigned i = 0; i < VGIC_MAX_VCPUS; i++) {
		banked[i] = &cpu[i];
	}
	vgic_dist_reset(&d, v3, banked, count);
}

static int setup_v3(void **state)
{
	(void)state;
	reset(true, NCPU);
	return 0;
}

static int setup_v2(void **state)
{
	(void)state;
	reset(false, NCPU);
	return 0;
}

/* A distributor read that the model must accept. */
static uint64_t rd(unsigned self, uint64_t off, unsigned size)
{
	uint64_t v = 0xdeadbeefdeadbeefu;
	uint32_t kick = 0xffffffffu;

	assert_int_equal(vgic_dist_mmio(&d, self, off, false, size, &v, &kick),
			 VGIC_MMIO_DONE);
	assert_int_equal(kick, 0);
	return v;
}

/* A distributor write that the model must accept; returns the kick mask. */
static uint32_t wr(unsigned self, uint64_t off, unsigned size, uint64_t val)
{
	uint32_t kick = 0xffffffffu;

	assert_int_equal(vgic_dist_mmio(&d, self, off, true, size, &val, &kick),
			 VGIC_MMIO_DONE);
	return kick;
}

static enum vgic_mmio access(unsigned self, uint64_t off, bool write,
			     unsigned size)
{
	uint64_t v = 0;
	uint32_t kick;

	return vgic_dist_mmio(&d, self, off, write, size, &v, &kick);
}

static uint64_t rrd(unsigned rdn, uint64_t off, unsigned size)
{
	uint64_t v = 0xdeadbeefdeadbeefu;
	uint32_t kick = 0xffffffffu;

	assert_int_equal(vgic_redist_mmio(&d, rdn, off, false, size, &v, &kick),
			 VGIC_MMIO_DONE);
	assert_int_equal(kick, 0);
	return v;
}

static uint32_t rwr(unsigned rdn, uint64_t off, unsigned size, uint64_t val)
{
	uint32_t kick = 0xffffffffu;

	assert_int_equal(vgic_redist_mmio(&d, rdn, off, true, size, &val,
					  &kick),
			 VGIC_MMIO_DONE);
	return kick;
}

static enum vgic_mmio raccess(unsigned rdn, uint64_t off, bool write,
			      unsigned size)
{
	uint64_t v = 0;
	uint32_t kick;

	return vgic_redist_mmio(&d, rdn, off, write, size, &v, &kick);
}

/* Linux's GICv3 distributor set-up, shortened: groups on, SPIs group 1. */
static void linux_v3_dist(void)
{
	wr(0, CTLR, 4, 0x13);
	for (unsigned r = 1; r < VGIC_NR_IRQS / 32; r++) {
		wr(0, IGROUPR + 4 * r, 4, 0xffffffffu);
	}
	for (unsigned i = 0; i < NCPU; i++) {
		rwr(i, SGI_BASE + IGROUPR, 4, 0xffffffffu);
	}
}

/* Sets vCPU self's saved CPU interface: priority mask, both groups on. */
static void open_cpu_if(unsigned self, uint32_t pmr)
{
	if (d.v3) {
		cpu[self].vmcr = (pmr << 24) | 3u;
	} else {
		cpu[self].vmcr = ((pmr >> 3) << 27) | 3u;
	}
}

/* --- reset --------------------------------------------------------------- */

static void vgic_dist_reset__leaves_everything_disabled_and_idle(void **state)
{
	(void)state;
	assert_int_equal(d.cpu_count, NCPU);
	assert_null(d.cpus[NCPU]);
	for (unsigned r = 1; r < VGIC_NR_IRQS / 32; r++) {
		assert_int_equal(rd(0, ISENABLER + 4 * r, 4), 0);
		assert_int_equal(rd(0, ISPENDR + 4 * r, 4), 0);
		assert_int_equal(rd(0, ISACTIVER + 4 * r, 4), 0);
	}
	for (unsigned i = 0; i < NCPU; i++) {
		assert_int_equal(rrd(i, SGI_BASE + ISENABLER, 4), 0);
		assert_int_equal(rrd(i, SGI_BASE + ISPENDR, 4), 0);
		assert_false(cpu[i].loaded);
		assert_int_equal(cpu[i].vmcr, 0);
	}
	assert_int_equal(rd(0, CTLR, 4) & 3u, 0);
}

static void vgic_dist_reset__caps_the_vcpu_count(void **state)
{
	(void)state;
	reset(true, VGIC_MAX_VCPUS + 5);
	assert_int_equal(d.cpu_count, VGIC_MAX_VCPUS);
}

/* --- GICv3 distributor ---------------------------------------------------- */

static void v3_ctlr__has_are_and_ds_and_keeps_the_group_enables(void **state)
{
	(void)state;
	assert_int_equal(rd(0, CTLR, 4), 0x50);
	wr(0, CTLR, 4, 0xffffffffu);
	/* RWP never set; E1NWF and other bits ignored. */
	assert_int_equal(rd(0, CTLR, 4), 0x53);
	wr(0, CTLR, 4, 0);
	assert_int_equal(rd(0, CTLR, 4), 0x50);
}

static void v3_ctlr__enabling_a_group_wakes_the_vcpus(void **state)
{
	(void)state;
	assert_int_equal(wr(0, CTLR, 4, 0x2), (1u << NCPU) - 1);
	assert_int_equal(wr(0, CTLR, 4, 0x2), 0);
	assert_int_equal(wr(0, CTLR, 4, 0x0), 0);
}

static void v3_id_registers__describe_128_irqs_and_gicv3(void **state)
{
	uint32_t typer;

	(void)state;
	typer = (uint32_t)rd(0, TYPER, 4);
	assert_int_equal(typer & 0x1f, 3);	   /* 32 * (3 + 1) = 128 */
	assert_int_equal((typer >> 19) & 0x1f, 9); /* 10 bits of INTID */
	assert_int_equal((typer >> 17) & 1, 0);	   /* no LPIs */
	assert_int_equal((typer >> 10) & 1, 0);	   /* no security extension */
	assert_int_equal((typer >> 25) & 1, 1);	   /* no 1-of-N */
	assert_int_not_equal(rd(0, IIDR, 4), 0);
	assert_int_equal(rd(0, 0xffe8, 4) & 0xf0, 0x30);
	/* libmica tells v2 from v3 by 0xfe8 first: zero on a GICv3. */
	assert_int_equal(rd(0, 0xfe8, 4), 0);
	assert_int_equal(rd(0, 0x000c, 4), 0); /* TYPER2 */
}

static void
v3_enable__set_and_clear_registers_touch_only_written_bits(void **state)
{
	(void)state;
	wr(0, ISENABLER + 4, 4, 0x5);
	assert_int_equal(rd(0, ISENABLER + 4, 4), 0x5);
	assert_int_equal(rd(0, ICENABLER + 4, 4), 0x5);
	wr(0, ISENABLER + 4, 4, 0);
	assert_int_equal(rd(0, ISENABLER + 4, 4), 0x5);
	wr(0, ICENABLER + 4, 4, 0x1);
	assert_int_equal(rd(0, ISENABLER + 4, 4), 0x4);
	wr(0, ICENABLER + 4, 4, 0);
	assert_int_equal(rd(0, ISENABLER + 4, 4), 0x4);
	/* Another vCPU sees the same shared interrupts. */
	assert_int_equal(rd(2, ISENABLER + 4, 4), 0x4);
}

static void v3_pending_and_active__set_and_clear(void **state)
{
	(void)state;
	wr(0, ISPENDR + 8, 4, 0x80000001u);
	assert_int_equal(rd(1, ISPENDR + 8, 4), 0x80000001u);
	wr(0, ICPENDR + 8, 4, 0x1);
	assert_int_equal(rd(0, ICPENDR + 8, 4), 0x80000000u);
	wr(0, ISACTIVER + 12, 4, 0x10);
	assert_int_equal(rd(0, ISACTIVER + 12, 4), 0x10);
	wr(0, ICACTIVER + 12, 4, 0xffffffffu);
	assert_int_equal(rd(0, ICACTIVER + 12, 4), 0);
}

static void v3_dist__private_interrupts_are_raz_wi(void **state)
{
	(void)state;
	wr(0, ISENABLER, 4, 0xffffffffu);
	assert_int_equal(rd(0, ISENABLER, 4), 0);
	assert_int_equal(cpu[0].bits[VGIC_ENABLED], 0);
	wr(0, IGROUPR, 4, 0xffffffffu);
	assert_int_equal(rd(0, IGROUPR, 4), 0);
	wr(0, IPRIORITYR + 4, 4, 0xa0a0a0a0u);
	assert_int_equal(rd(0, IPRIORITYR + 4, 4), 0);
	wr(0, ICFGR + 4, 4, 0xffffffffu);
	assert_int_equal(rd(0, ICFGR + 4, 4), 0);
	/* ITARGETSR is RAZ/WI with affinity routing, SGIR is ignored. */
	wr(0, ITARGETSR + 40, 1, 0x2);
	assert_int_equal(rd(0, ITARGETSR + 40, 1), 0);
	assert_int_equal(wr(0, SGIR, 4, 0x01000001u), 0);
	assert_int_equal(cpu[1].bits[VGIC_PENDING], 0);
}

static void v3_ipriorityr__takes_bytes_halves_and_words(void **state)
{
	(void)state;
	wr(0, IPRIORITYR + 33, 1, 0xa7);
	/* Five priority bits kept. */
	assert_int_equal(rd(0, IPRIORITYR + 33, 1), 0xa0);
	assert_int_equal(rd(0, IPRIORITYR + 32, 4), 0x0000a000u);
	wr(0, IPRIORITYR + 34, 2, 0x8040);
	assert_int_equal(rd(0, IPRIORITYR + 32, 4), 0x8040a000u);
	assert_int_equal(rd(0, IPRIORITYR + 34, 2), 0x8040);
	wr(0, IPRIORITYR + 124, 4, 0xf0e0d0c0u);
	assert_int_equal(rd(0, IPRIORITYR + 127, 1), 0xf0);
	assert_int_equal(d.priority[127 - 32], 0xf0);
}

static void v3_icfgr__keeps_edge_bits_of_spis(void **state)
{
	(void)state;
	wr(0, ICFGR + 8, 4, 0xffffffffu); /* INTIDs 32-47 */
	assert_int_equal(rd(0, ICFGR + 8, 4), 0xaaaaaaaau);
	wr(0, ICFGR + 8, 4, 0x00000008u); /* only INTID 33 edge */
	assert_int_equal(rd(0, ICFGR + 8, 4), 0x8);
	assert_int_equal(d.bits[VGIC_EDGE][0], 0x2);
}

static void v3_irouter__routes_by_aff0_and_reads_back(void **state)
{
	uint32_t kick;

	(void)state;
	linux_v3_dist();
	wr(0, ISENABLER + 4, 4, 1u << 8); /* INTID 40 */
	/* IRM (bit 31) is RAZ/WI: no 1-of-N. */
	kick = wr(0, IROUTER + 8 * 40, 8, 0x80000001u);
	assert_int_equal(kick, 0); /* not pending: nobody to wake */
	assert_int_equal(rd(0, IROUTER + 8 * 40, 8), 1);
	assert_int_equal(vgic_dist_inject(&d, 0, 40), 1u << 1);
	/* Re-routed while pending: the new vCPU is woken. */
	assert_int_equal(wr(0, IROUTER + 8 * 40, 8, 2), 1u << 2);
	/* Halves: the lower word holds Aff2..Aff0 (IRM still dropped). */
	wr(0, IROUTER + 8 * 40, 4, 0x80000002u);
	assert_int_equal(rd(0, IROUTER + 8 * 40, 8), 2);
	/* Aff3 in the upper word; such an affinity is no vCPU. */
	wr(0, IROUTER + 8 * 40 + 4, 4, 0x1);
	assert_int_equal(rd(0, IROUTER + 8 * 40, 8), 0x100000002u);
	assert_int_equal(rd(0, IROUTER + 8 * 40 + 4, 4), 0x1);
	assert_int_equal(rd(0, IROUTER + 8 * 40, 4), 0x2);
	assert_int_equal(vgic_dist_inject(&d, 0, 40), 0);
	/* Aff1 set, or an Aff0 beyond the VM: no vCPU either. */
	wr(0, IROUTER + 8 * 40, 8, 0x100);
	assert_int_equal(vgic_dist_inject(&d, 0, 40), 0);
	wr(0, IROUTER + 8 * 40, 8, NCPU);
	assert_int_equal(vgic_dist_inject(&d, 0, 40), 0);
}

static void v3_irouter__private_and_missing_interrupts_are_raz_wi(void **state)
{
	(void)state;
	wr(0, IROUTER + 8 * 31, 8, 1);
	assert_int_equal(rd(0, IROUTER + 8 * 31, 8), 0);
	wr(0, IROUTER + 8 * VGIC_NR_IRQS, 8, 1);
	assert_int_equal(rd(0, IROUTER + 8 * VGIC_NR_IRQS, 8), 0);
	wr(0, IROUTER + 8 * 1019, 8, 1);
	assert_int_equal(rd(0, IROUTER + 8 * 1019, 8), 0);
}

static void v3_dist__bounds_and_sizes(void **state)
{
	(void)state;
	/* Registers past the last interrupt read as zero, ignore writes. */
	wr(0, ISENABLER + 16, 4, 0xffffffffu);
	assert_int_equal(rd(0, ISENABLER + 16, 4), 0);
	wr(0, ISENABLER + 0x7c, 4, 0xffffffffu);
	assert_int_equal(rd(0, ISPENDR + 0x7c, 4), 0);
	wr(0, IPRIORITYR + VGIC_NR_IRQS, 1, 0xff);
	assert_int_equal(rd(0, IPRIORITYR + VGIC_NR_IRQS, 1), 0);
	wr(0, IPRIORITYR + 0x3fc, 4, 0xffffffffu);
	assert_int_equal(rd(0, ICFGR + 0xfc, 4), 0);
	assert_int_equal(rd(0, 0x8000, 4), 0);
	/* Outside the frame, unaligned, wrong sizes: refused. */
	assert_int_equal(access(0, 0x10000, false, 4), VGIC_MMIO_BAD);
	assert_int_equal(access(0, UINT64_MAX - 3, false, 4), VGIC_MMIO_BAD);
	assert_int_equal(access(0, ISENABLER + 2, false, 4), VGIC_MMIO_BAD);
	assert_int_equal(access(0, ISENABLER, true, 2), VGIC_MMIO_BAD);
	assert_int_equal(access(0, ISENABLER, true, 1), VGIC_MMIO_BAD);
	assert_int_equal(access(0, CTLR, false, 8), VGIC_MMIO_BAD);
	assert_int_equal(access(0, CTLR, false, 3), VGIC_MMIO_BAD);
	assert_int_equal(access(0, CTLR, false, 0), VGIC_MMIO_BAD);
	assert_int_equal(access(0, IPRIORITYR + 33, false, 2), VGIC_MMIO_BAD);
	assert_int_equal(access(0, IROUTER + 8 * 40, false, 2), VGIC_MMIO_BAD);
	assert_int_equal(access(0, IROUTER + 8 * 40 + 4, false, 8),
			 VGIC_MMIO_BAD);
	/* A vCPU the VM does not have. */
	assert_int_equal(access(NCPU, CTLR, false, 4), VGIC_MMIO_BAD);
	/* A write's value beyond its size is not taken. */
	wr(0, IPRIORITYR + 32, 1, 0xffffff80u);
	assert_int_equal(rd(0, IPRIORITYR + 32, 4), 0x80);
}

/* --- GICv3 redistributors ------------------------------------------------- */

static void v3_gicr_typer__names_the_vcpu_and_marks_the_last(void **state)
{
	(void)state;
	for (unsigned i = 0; i < NCPU; i++) {
		uint64_t t = rrd(i, RTYPER, 8);

		assert_int_equal(t >> 32, i);		/* Aff0 = index */
		assert_int_equal((t >> 8) & 0xffff, i); /* Processor_Number */
		assert_int_equal((t >> 4) & 1, i == NCPU - 1);
		assert_int_equal(t & 0x3, 0); /* no (v)LPIs */
		assert_int_equal(rrd(i, RTYPER, 4), (uint32_t)t);
		assert_int_equal(rrd(i, RTYPER + 4, 4), t >> 32);
	}
	assert_int_equal(rrd(0, 0xffe8, 4) & 0xf0, 0x30);
	assert_int_equal(rrd(0, 0x0004, 4), rd(0, IIDR, 4));
	assert_int_equal(rrd(0, 0x0000, 4), 0); /* CTLR: no RWP, no LPIs */
}

static void v3_gicr_waker__sleeps_until_linux_wakes_it(void **state)
{
	(void)state;
	/* Reset: ProcessorSleep and ChildrenAsleep. */
	assert_int_equal(rrd(1, WAKER, 4), 0x6);
	/* Linux clears ProcessorSleep, then polls ChildrenAsleep. */
	rwr(1, WAKER, 4, rrd(1, WAKER, 4) & ~2u);
	assert_int_equal(rrd(1, WAKER, 4) & 0x4, 0);
	assert_int_equal(rrd(1, WAKER, 4), 0);
	/* Another vCPU's redistributor is still asleep. */
	assert_int_equal(rrd(0, WAKER, 4), 0x6);
	/* ChildrenAsleep is read-only; going back to sleep is immediate. */
	rwr(1, WAKER, 4, 0x4);
	assert_int_equal(rrd(1, WAKER, 4), 0);
	rwr(1, WAKER, 4, 0x2);
	assert_int_equal(rrd(1, WAKER, 4), 0x6);
}

static void v3_gicr_sgi_frame__is_banked_per_vcpu(void **state)
{
	(void)state;
	rwr(1, SGI_BASE + ISENABLER, 4, 0x08000002u);
	assert_int_equal(rrd(1, SGI_BASE + ISENABLER, 4), 0x08000002u);
	assert_int_equal(rrd(0, SGI_BASE + ISENABLER, 4), 0);
	assert_int_equal(cpu[1].bits[VGIC_ENABLED], 0x08000002u);
	rwr(1, SGI_BASE + ICENABLER, 4, 0x2);
	assert_int_equal(rrd(1, SGI_BASE + ICENABLER, 4), 0x08000000u);
	rwr(2, SGI_BASE + IPRIORITYR + 27, 1, 0x80);
	assert_int_equal(rrd(2, SGI_BASE + IPRIORITYR + 24, 4), 0x80000000u);
	assert_int_equal(rrd(1, SGI_BASE + IPRIORITYR + 24, 4), 0);
	rwr(0, SGI_BASE + IPRIORITYR, 4, 0xa0a0a0a0u);
	assert_int_equal(rrd(0, SGI_BASE + IPRIORITYR, 2), 0xa0a0);
	/* SGIs are edges, read-only; PPIs take what is written. */
	assert_int_equal(rrd(0, SGI_BASE + ICFGR, 4), 0xaaaaaaaau);
	rwr(0, SGI_BASE + ICFGR, 4, 0);
	assert_int_equal(rrd(0, SGI_BASE + ICFGR, 4), 0xaaaaaaaau);
	rwr(0, SGI_BASE + ICFGR + 4, 4, 0x00800000u); /* INTID 27 edge */
	assert_int_equal(rrd(0, SGI_BASE + ICFGR + 4, 4), 0x00800000u);
	/* GICv3 SGIs can be made pending by ISPENDR0. */
	rwr(2, SGI_BASE + ISPENDR, 4, 0x1);
	assert_int_equal(rrd(2, SGI_BASE + ISPENDR, 4), 0x1);
	rwr(2, SGI_BASE + ICPENDR, 4, 0x1);
	assert_int_equal(rrd(2, SGI_BASE + ISPENDR, 4), 0);
	rwr(2, SGI_BASE + IGROUPR, 4, 0xffffffffu);
	assert_int_equal(rrd(2, SGI_BASE + IGROUPR, 4), 0xffffffffu);
	assert_int_equal(rrd(1, SGI_BASE + IGROUPR, 4), 0);
}

static void v3_gicr__bounds_and_sizes(void **state)
{
	(void)state;
	assert_int_equal(raccess(NCPU, RTYPER, false, 8), VGIC_MMIO_BAD);
	assert_int_equal(raccess(0, VGIC_RDIST_STRIDE, false, 4),
			 VGIC_MMIO_BAD);
	assert_int_equal(raccess(0, WAKER, false, 8), VGIC_MMIO_BAD);
	assert_int_equal(raccess(0, WAKER, false, 2), VGIC_MMIO_BAD);
	assert_int_equal(raccess(0, RTYPER + 2, false, 4), VGIC_MMIO_BAD);
	assert_int_equal(raccess(0, SGI_BASE + ISENABLER, false, 8),
			 VGIC_MMIO_BAD);
	assert_int_equal(raccess(0, SGI_BASE + ISENABLER, false, 1),
			 VGIC_MMIO_BAD);
	assert_int_equal(raccess(0, SGI_BASE + IPRIORITYR, false, 8),
			 VGIC_MMIO_BAD);
	assert_int_equal(raccess(0, 0x0010, false, 8), VGIC_MMIO_BAD);
	/* The LPI registers read as zero without LPIs. */
	assert_int_equal(rrd(0, 0x40, 8), 0);
	assert_int_equal(rrd(0, 0xb0, 8), 0);
	assert_int_equal(rrd(0, 0x70, 8), 0);
	assert_int_equal(rrd(0, 0x78, 8), 0);
	rwr(0, 0x70, 8, 0x1234000);
	assert_int_equal(rrd(0, 0x70, 8), 0);
	/* GICR_TYPER is read-only. */
	rwr(0, RTYPER, 8, UINT64_MAX);
	assert_int_equal(rrd(0, RTYPER, 8), 0);
	/* Past the 32 private interrupts: nothing. */
	rwr(0, SGI_BASE + ISENABLER + 4, 4, 0xffffffffu);
	assert_int_equal(rrd(0, SGI_BASE + ISENABLER + 4, 4), 0);
	rwr(0, SGI_BASE + IPRIORITYR + 32, 4, 0xffffffffu);
	assert_int_equal(rrd(0, SGI_BASE + IPRIORITYR + 32, 4), 0);
	assert_int_equal(d.priority[0], 0);
	/* A GICv2 has no redistributors. */
	reset(false, NCPU);
	assert_int_equal(raccess(0, RTYPER, false, 8), VGIC_MMIO_BAD);
}

/* --- SGIs ----------------------------------------------------------------- */

static void sgi1r_targets__follow_the_target_list_and_irm(void **state)
{
	(void)state;
	assert_int_equal(vgic_dist_sgi1r_targets(&d, 0, 0x6), 0x6);
	/* Names beyond the VM's vCPUs are dropped. */
	assert_int_equal(vgic_dist_sgi1r_targets(&d, 0, 0xffff), 0x7);
	/* IRM: everyone but the sender, whatever the list says. */
	assert_int_equal(vgic_dist_sgi1r_targets(&d, 1, UINT64_C(1) << 40),
			 0x5);
	/* Aff1, Aff2, Aff3 or RS not zero: no vCPU of this VM. */
	assert_int_equal(vgic_dist_sgi1r_targets(&d, 0, 0x10006), 0);
	assert_int_equal(vgic_dist_sgi1r_targets(&d, 0,
						 (UINT64_C(1) << 32) | 6),
			 0);
	assert_int_equal(vgic_dist_sgi1r_targets(&d, 0,
						 (UINT64_C(1) << 44) | 6),
			 0);
	assert_int_equal(vgic_dist_sgi1r_targets(&d, 0,
						 (UINT64_C(1) << 48) | 6),
			 0);
	/* The INTID field does not change the targets. */
	assert_int_equal(vgic_dist_sgi1r_targets(&d, 0,
						 (UINT64_C(15) << 24) | 2),
			 2);
}

static void sgi__pends_on_targets_and_wakes_those_that_can_take_it(void **state)
{
	(void)state;
	linux_v3_dist();
	rwr(1, SGI_BASE + ISENABLER, 4, 1u << 5);
	assert_int_equal(vgic_dist_sgi(&d, 0, 5, 0x6), 0x2);
	assert_int_equal(rrd(1, SGI_BASE + ISPENDR, 4), 1u << 5);
	assert_int_equal(rrd(2, SGI_BASE + ISPENDR, 4), 1u << 5);
	assert_int_equal(rrd(0, SGI_BASE + ISPENDR, 4), 0);
	/* Enabling the pending one on vCPU 2 wakes it. */
	assert_int_equal(rwr(2, SGI_BASE + ISENABLER, 4, 1u << 5), 1u << 2);
	/* Out of range: nothing. */
	assert_int_equal(vgic_dist_sgi(&d, 0, 16, 0x7), 0);
	assert_int_equal(vgic_dist_sgi(&d, NCPU, 5, 0x7), 0);
	assert_int_equal(vgic_dist_sgi(&d, 0, 5, 0xf8), 0);
}

static void v2_sgir__filters_and_records_the_sender(void **state)
{
	(void)state;
	wr(0, CTLR, 4, 1);
	for (unsigned i = 0; i < NCPU; i++) {
		wr(i, ISENABLER, 4, 0xffff);
	}
	/* Filter 0: the list (bit = vCPU), INTID 3, from vCPU 1. */
	assert_int_equal(wr(1, SGIR, 4, (0x5u << 16) | 3), 0x5);
	assert_int_equal(cpu[0].sgi_sources[3], 1u << 1);
	assert_int_equal(cpu[2].sgi_sources[3], 1u << 1);
	assert_int_equal(cpu[1].sgi_sources[3], 0);
	assert_int_equal(rd(0, ISPENDR, 4), 1u << 3);
	/* Filter 1: all but the sender. */
	assert_int_equal(wr(2, SGIR, 4, (1u << 24) | 7), 0x3);
	assert_int_equal(cpu[0].sgi_sources[7], 1u << 2);
	assert_int_equal(cpu[1].sgi_sources[7], 1u << 2);
	assert_int_equal(cpu[2].sgi_sources[7], 0);
	/* Filter 2: the sender itself. */
	assert_int_equal(wr(2, SGIR, 4, (2u << 24) | 9), 0x4);
	assert_int_equal(cpu[2].sgi_sources[9], 1u << 2);
	/* Filter 3 is reserved: nothing. */
	assert_int_equal(wr(0, SGIR, 4, (3u << 24) | (0xffu << 16) | 1), 0);
	assert_int_equal(cpu[1].sgi_sources[1], 0);
	/* Two senders of the same SGI are both kept. */
	wr(0, SGIR, 4, (0x4u << 16) | 3);
	assert_int_equal(cpu[2].sgi_sources[3], (1u << 1) | (1u << 0));
	/* Reading SGIR gives nothing away. */
	assert_int_equal(rd(0, SGIR, 4), 0);
}

/* --- GICv2 distributor ---------------------------------------------------- */

static void v2_id_registers__describe_a_gicv2(void **state)
{
	uint32_t typer;

	(void)state;
	assert_int_equal(rd(0, CTLR, 4), 0);
	wr(0, CTLR, 4, 0xffffffffu);
	assert_int_equal(rd(0, CTLR, 4), 0x3);
	typer = (uint32_t)rd(0, TYPER, 4);
	assert_int_equal(typer & 0x1f, 3);
	assert_int_equal((typer >> 5) & 7, NCPU - 1);
	assert_int_equal(rd(0, 0xfe8, 4) & 0xf0, 0x20);
	/* A GICv2 distributor is 4 KiB: beyond is nothing. */
	assert_int_equal(rd(0, 0xffe8, 4), 0);
	assert_int_equal(rd(0, IROUTER + 8 * 40, 4), 0);
	assert_int_equal(access(0, IROUTER + 8 * 40, false, 8), VGIC_MMIO_BAD);
}

static void v2_itargetsr__banked_ones_read_the_vcpus_own_bit(void **state)
{
	(void)state;
	for (unsigned i = 0; i < NCPU; i++) {
		uint32_t own = 0x01010101u << i;

		/* Linux's gic_get_cpumask() reads these words. */
		for (unsigned r = 0; r < 8; r++) {
			assert_int_equal(rd(i, ITARGETSR + 4 * r, 4), own);
		}
		assert_int_equal(rd(i, ITARGETSR + 5, 1), 1u << i);
		wr(i, ITARGETSR, 4, 0);
		assert_int_equal(rd(i, ITARGETSR, 4), own);
	}
}

static void v2_itargetsr__routes_spis_to_the_lowest_target(void **state)
{
	(void)state;
	wr(0, CTLR, 4, 1);
	wr(0, ISENABLER + 4, 4, 0xffffffffu);
	/* Reset: vCPU 0. */
	assert_int_equal(rd(0, ITARGETSR + 40, 1), 1);
	assert_int_equal(vgic_dist_inject(&d, 2, 40), 1u << 0);
	wr(0, ICPENDR + 4, 4, 0xffffffffu);
	/* Linux writes one byte per SPI. */
	wr(0, ITARGETSR + 41, 1, 0x6);
	assert_int_equal(rd(0, ITARGETSR + 40, 4), 0x01010601u);
	assert_int_equal(vgic_dist_inject(&d, 0, 41), 1u << 1);
	/* Targets a VM does not have read as zero; none left: no vCPU. */
	wr(0, ITARGETSR + 42, 1, 0xf8);
	assert_int_equal(rd(0, ITARGETSR + 42, 1), 0);
	assert_int_equal(vgic_dist_inject(&d, 0, 42), 0);
	/* Word and half-word writes reach each byte. */
	wr(0, ITARGETSR + 44, 4, 0x04040404u);
	assert_int_equal(rd(0, ITARGETSR + 46, 2), 0x0404);
	assert_int_equal(vgic_dist_inject(&d, 0, 47), 1u << 2);
	/* Beyond the last interrupt: nothing. */
	wr(0, ITARGETSR + VGIC_NR_IRQS, 4, 0x01010101u);
	assert_int_equal(rd(0, ITARGETSR + VGIC_NR_IRQS, 4), 0);
}

static void v2_banked_registers__are_the_accessing_vcpus(void **state)
{
	(void)state;
	wr(1, ISENABLER, 4, 0x0000ffffu); /* Linux's gic_cpu_config() */
	assert_int_equal(rd(1, ISENABLER, 4), 0xffff);
	assert_int_equal(rd(0, ISENABLER, 4), 0);
	wr(2, IPRIORITYR + 27, 1, 0xa0);
	assert_int_equal(rd(2, IPRIORITYR + 24, 4), 0xa0000000u);
	assert_int_equal(rd(0, IPRIORITYR + 24, 4), 0);
	/* GICv2 SGIs are not made pending or cleared by (I)S/CPENDR. */
	wr(0, ISPENDR, 4, 0xffffffffu);
	assert_int_equal(rd(0, ISPENDR, 4), 0xffff0000u);
	assert_int_equal(cpu[0].sgi_sources[0], 0);
	vgic_dist_sgi(&d, 1, 2, 1);
	wr(0, ICPENDR, 4, 0xffffffffu);
	assert_int_equal(rd(0, ISPENDR, 4), 1u << 2);
	/* An SGI made active by hand is taken as the accessing vCPU's. */
	wr(2, ISACTIVER, 4, (1u << 6) | (1u << 20));
	assert_int_equal(rd(2, ISACTIVER, 4), (1u << 6) | (1u << 20));
	assert_int_equal(cpu[2].sgi_active_source[6], 2);
	wr(2, ICACTIVER, 4, 0xffffffffu);
	assert_int_equal(rd(2, ISACTIVER, 4), 0);
	/* ICFGR0 (SGIs) is read-only. */
	wr(0, ICFGR, 4, 0);
	assert_int_equal(rd(0, ICFGR, 4), 0xaaaaaaaau);
	/* The SGI pending registers by sender are RAZ/WI, bytes allowed. */
	assert_int_equal(rd(0, CPENDSGIR + 2, 1), 0);
	wr(0, CPENDSGIR, 4, 0xffffffffu);
	assert_int_equal(rd(0, ISPENDR, 4), 1u << 2);
	/* ... and the rest of the 64 KiB window is nothing. */
	assert_int_equal(rd(0, 0x1000, 4), 0);
	assert_int_equal(access(0, 0x1000, false, 1), VGIC_MMIO_BAD);
}

/* --- injection and WFI ---------------------------------------------------- */

static void inject__ignores_interrupts_that_do_not_exist(void **state)
{
	(void)state;
	linux_v3_dist();
	wr(0, ISENABLER + 12, 4, 0xffffffffu);
	assert_int_equal(vgic_dist_inject(&d, 0, VGIC_NR_IRQS), 0);
	assert_int_equal(vgic_dist_inject(&d, 0, 1020), 0);
	assert_int_equal(vgic_dist_inject(&d, 0, UINT32_MAX), 0);
	assert_int_equal(vgic_dist_inject(&d, NCPU, 40), 0);
	assert_int_equal(rd(0, ISPENDR + 12, 4), 0);
	assert_int_equal(vgic_dist_inject(&d, 0, VGIC_NR_IRQS - 1), 1);
	assert_int_equal(rd(0, ISPENDR + 12, 4), 0x80000000u);
	/* An SGI injected by mica: on the vCPU, as if it sent it itself. */
	rwr(1, SGI_BASE + ISENABLER, 4, 1u << 2);
	assert_int_equal(vgic_dist_inject(&d, 1, 2), 1u << 1);
	assert_int_equal(rrd(1, SGI_BASE + ISPENDR, 4), 1u << 2);
}

static void inject__a_disabled_interrupt_waits_until_enabled(void **state)
{
	(void)state;
	linux_v3_dist();
	/* Private: on the injecting vCPU. */
	assert_int_equal(vgic_dist_inject(&d, 2, 27), 0);
	assert_int_equal(rrd(2, SGI_BASE + ISPENDR, 4), 1u << 27);
	assert_int_equal(rwr(2, SGI_BASE + ISENABLER, 4, 1u << 27), 1u << 2);
	/* A group switched off holds it back too. */
	wr(0, CTLR, 4, 0x1);
	assert_int_equal(vgic_dist_inject(&d, 2, 27), 0);
	assert_int_equal(wr(0, CTLR, 4, 0x3), 0x7);
}

static void pending__follows_the_priority_mask_and_groups(void **state)
{
	(void)state;
	linux_v3_dist();
	rwr(1, SGI_BASE + IPRIORITYR + 27, 1, 0xa0);
	rwr(1, SGI_BASE + ISENABLER, 4, 1u << 27);
	vgic_dist_inject(&d, 1, 27);
	/* Guest's interface still closed (VMCR 0). */
	assert_false(vgic_dist_vcpu_pending(&d, 1));
	open_cpu_if(1, 0xa0);
	assert_false(vgic_dist_vcpu_pending(&d, 1)); /* not below the mask */
	open_cpu_if(1, 0xa8);
	assert_true(vgic_dist_vcpu_pending(&d, 1));
	/* Group 1 off in the guest's interface. */
	cpu[1].vmcr &= ~2u;
	assert_false(vgic_dist_vcpu_pending(&d, 1));
	open_cpu_if(1, 0xf0);
	assert_false(vgic_dist_vcpu_pending(&d, 0));
	/* Disabled: not pending for WFI. */
	rwr(1, SGI_BASE + ICENABLER, 4, 1u << 27);
	assert_false(vgic_dist_vcpu_pending(&d, 1));
	/* An SPI counts on the vCPU it is routed to only. */
	open_cpu_if(0, 0xf0);
	open_cpu_if(2, 0xf0);
	wr(0, ISENABLER + 4, 4, 1u << 8);
	wr(0, IROUTER + 8 * 40, 8, 2);
	vgic_dist_inject(&d, 0, 40);
	assert_false(vgic_dist_vcpu_pending(&d, 0));
	assert_true(vgic_dist_vcpu_pending(&d, 2));
	assert_false(vgic_dist_vcpu_pending(&d, NCPU));
}

static void pending__reads_the_gicv2_priority_mask(void **state)
{
	(void)state;
	wr(0, CTLR, 4, 1);
	wr(0, ISENABLER, 4, 1u << 27);
	wr(0, IPRIORITYR + 27, 1, 0xa0);
	vgic_dist_inject(&d, 0, 27);
	open_cpu_if(0, 0xa0);
	assert_false(vgic_dist_vcpu_pending(&d, 0));
	open_cpu_if(0, 0xf0);
	assert_true(vgic_dist_vcpu_pending(&d, 0));
}

/* --- list registers ------------------------------------------------------- */

static void load__takes_active_first_then_priority_then_intid(void **state)
{
	struct vgic_lr lr[VGIC_MAX_LRS];
	bool more;
	unsigned n;

	(void)state;
	linux_v3_dist();
	wr(0, ISENABLER + 4, 4, 0xffffffffu);
	wr(0, IPRIORITYR + 32, 4,
	   0x80a0a0c0u); /* 32: c0, 33: a0, 34: a0, 35: 80 */
	for (uint32_t i = 32; i < 36; i++) {
		vgic_dist_inject(&d, 0, i);
	}
	wr(0, ISACTIVER + 4, 4, 1u << 6); /* 38 active, priority 0 */
	n = vgic_lr_load(&d, 0, lr, 3, &more);
	assert_int_equal(n, 3);
	assert_true(more);
	assert_int_equal(lr[0].intid, 38);
	assert_int_equal(lr[0].state, VGIC_LR_STATE_ACTIVE);
	assert_int_equal(lr[1].intid, 35);
	assert_int_equal(lr[1].state, VGIC_LR_STATE_PENDING);
	assert_int_equal(lr[1].priority, 0x80);
	assert_true(lr[1].group1);
	assert_int_equal(lr[2].intid, 33); /* 33 before 34: same priority */
	/* Loaded state shows in the registers, and is not loaded twice. */
	assert_int_equal(rd(0, ISPENDR + 4, 4), 0xf);
	assert_int_equal(rd(0, ISACTIVER + 4, 4), 1u << 6);
	assert_int_equal(d.bits[VGIC_PENDING][0], 0x5); /* 32 and 34 left */
}

/*
 * The load reads only SPI words that may hold something: one it found idle
 * is skipped until an interrupt there becomes pending or active again, by
 * an injection, a guest's ISPENDR or ISACTIVER, or a list register's
 * state given back. Fails when one of those does not mark its word.
 */
static void load__finds_an_spi_whose_word_it_found_idle(void **state)
{
	struct vgic_lr lr[VGIC_MAX_LRS];
	bool more;

	(void)state;
	linux_v3_dist();
	wr(0, ISENABLER + 8, 4, 0xffffffffu); /* 64..95 */
	vgic_dist_inject(&d, 0, 70);
	assert_int_equal(vgic_lr_load(&d, 0, lr, 4, &more), 1);
	assert_int_equal(lr[0].intid, 70);
	lr[0].state = 0; /* the guest ended it */
	vgic_lr_unload(&d, 0, lr, 1);
	assert_int_equal(vgic_lr_load(&d, 0, lr, 4, &more), 0);
	assert_int_equal(d.spi_busy, 0); /* every SPI word idle, forgotten */

	wr(0, ISPENDR + 8, 4, 1u << 7); /* 71 */
	assert_int_equal(vgic_lr_load(&d, 0, lr, 4, &more), 1);
	assert_int_equal(lr[0].intid, 71);
	lr[0].state = 0;
	vgic_lr_unload(&d, 0, lr, 1);
	assert_int_equal(vgic_lr_load(&d, 0, lr, 4, &more), 0);

	wr(0, ISACTIVER + 8, 4, 1u << 8); /* 72 */
	assert_int_equal(vgic_lr_load(&d, 0, lr, 4, &more), 1);
	assert_int_equal(lr[0].intid, 72);
	assert_int_equal(lr[0].state, VGIC_LR_STATE_ACTIVE);
	/* Still active when the vCPU exits: back in the model, loaded again. */
	vgic_lr_unload(&d, 0, lr, 1);
	assert_int_equal(vgic_lr_load(&d, 0, lr, 4, &more), 1);
	assert_int_equal(lr[0].intid, 72);
	assert_int_equal(lr[0].state, VGIC_LR_STATE_ACTIVE);
}

static void load__skips_disabled_and_other_vcpus_interrupts(void **state)
{
	struct vgic_lr lr[VGIC_MAX_LRS];
	bool more;

	(void)state;
	linux_v3_dist();
	wr(0, ISENABLER + 4, 4, 0x3);
	wr(0, IROUTER + 8 * 33, 8, 1);
	vgic_dist_inject(&d, 0, 32);
	vgic_dist_inject(&d, 0, 33);
	vgic_dist_inject(&d, 0, 34); /* disabled */
	assert_int_equal(vgic_lr_load(&d, 0, lr, 4, &more), 1);
	assert_false(more);
	assert_int_equal(lr[0].intid, 32);
	assert_int_equal(vgic_lr_load(&d, 1, lr, 4, &more), 1);
	assert_int_equal(lr[0].intid, 33);
	/* No list registers: nothing loaded, and it says so. */
	wr(0, ISENABLER + 4, 4, 1u << 2);
	assert_int_equal(vgic_lr_load(&d, 0, lr, 0, &more), 0);
	assert_true(more);
	assert_int_equal(vgic_lr_load(&d, NCPU, lr, 4, &more), 0);
	assert_int_equal(vgic_lr_unload(&d, NCPU, lr, 1), 0);
}

static void load__uses_at_most_vgic_max_lrs(void **state)
{
	struct vgic_lr lr[VGIC_MAX_LRS];
	bool more;

	(void)state;
	linux_v3_dist();
	wr(0, ISENABLER + 4, 4, 0xffffffffu);
	for (uint32_t i = 32; i < 64; i++) {
		vgic_dist_inject(&d, 0, i);
	}
	/* A GICv2 may have 64 list registers: 16 are used. */
	assert_int_equal(vgic_lr_load(&d, 0, lr, 64, &more), VGIC_MAX_LRS);
	assert_true(more);
	assert_int_equal(lr[VGIC_MAX_LRS - 1].intid, 32 + VGIC_MAX_LRS - 1);
}

static void
load__finds_an_active_interrupt_in_a_word_with_none_pending(void **state)
{
	struct vgic_lr lr[VGIC_MAX_LRS];
	bool more;

	(void)state;
	linux_v3_dist();
	wr(0, ISENABLER + 4, 4, 1u << 0);
	vgic_dist_inject(&d, 0, 32);
	/* 127: active only, disabled, in a word after an idle one. */
	wr(0, ISACTIVER + 12, 4, 1u << 31);
	assert_int_equal(vgic_lr_load(&d, 0, lr, 4, &more), 2);
	assert_false(more);
	assert_int_equal(lr[0].intid, 127);
	assert_int_equal(lr[0].state, VGIC_LR_STATE_ACTIVE);
	assert_int_equal(lr[1].intid, 32);
	assert_int_equal(lr[1].state, VGIC_LR_STATE_PENDING);
}

static void
unload__keeps_what_the_guest_left_and_drops_what_it_ended(void **state)
{
	struct vgic_lr lr[VGIC_MAX_LRS];
	bool more;

	(void)state;
	linux_v3_dist();
	rwr(0, SGI_BASE + ISENABLER, 4, 1u << 27);
	vgic_dist_inject(&d, 0, 27);
	assert_int_equal(vgic_lr_load(&d, 0, lr, 4, &more), 1);
	/* The guest acknowledged it: active. */
	lr[0].state = VGIC_LR_STATE_ACTIVE;
	assert_int_equal(vgic_lr_unload(&d, 0, lr, 1), 0);
	assert_int_equal(rrd(0, SGI_BASE + ISACTIVER, 4), 1u << 27);
	assert_int_equal(rrd(0, SGI_BASE + ISPENDR, 4), 0);
	/* Reloaded active; then the guest ends it. */
	assert_int_equal(vgic_lr_load(&d, 0, lr, 4, &more), 1);
	assert_int_equal(lr[0].state, VGIC_LR_STATE_ACTIVE);
	lr[0].state = 0;
	vgic_lr_unload(&d, 0, lr, 1);
	assert_int_equal(rrd(0, SGI_BASE + ISACTIVER, 4), 0);
	assert_int_equal(vgic_lr_load(&d, 0, lr, 4, &more), 0);
	/* Not taken: pending again. */
	vgic_dist_inject(&d, 0, 27);
	vgic_lr_load(&d, 0, lr, 4, &more);
	vgic_lr_unload(&d, 0, lr, 1);
	assert_int_equal(rrd(0, SGI_BASE + ISPENDR, 4), 1u << 27);
	/* A corrupt entry is skipped, not followed. */
	lr[0].intid = VGIC_NR_IRQS;
	lr[0].state = VGIC_LR_STATE_PENDING;
	assert_int_equal(vgic_lr_unload(&d, 0, lr, 1), 0);
}

static void unload__merges_an_injection_made_while_loaded(void **state)
{
	struct vgic_lr lr[VGIC_MAX_LRS];
	bool more;

	(void)state;
	linux_v3_dist();
	wr(0, ISENABLER + 4, 4, 1u << 8);
	vgic_dist_inject(&d, 1, 40);
	vgic_lr_load(&d, 0, lr, 4, &more);
	/* Another CPU injects it again while the guest handles it. */
	vgic_dist_inject(&d, 1, 40);
	lr[0].state = VGIC_LR_STATE_ACTIVE;
	vgic_lr_unload(&d, 0, lr, 1);
	assert_int_equal(rd(0, ISPENDR + 4, 4), 1u << 8);
	assert_int_equal(rd(0, ISACTIVER + 4, 4), 1u << 8);
	/* One list register, pending and active. */
	assert_int_equal(vgic_lr_load(&d, 0, lr, 4, &more), 1);
	assert_int_equal(lr[0].state,
			 VGIC_LR_STATE_PENDING | VGIC_LR_STATE_ACTIVE);
}

static void load__keeps_a_loaded_spi_out_of_other_vcpus(void **state)
{
	struct vgic_lr lr[VGIC_MAX_LRS];
	struct vgic_lr lr1[VGIC_MAX_LRS];
	bool more;

	(void)state;
	linux_v3_dist();
	wr(0, ISENABLER + 4, 4, 1u << 8);
	vgic_dist_inject(&d, 0, 40);
	assert_int_equal(vgic_lr_load(&d, 0, lr, 4, &more), 1);
	/* Re-routed and re-injected while still in vCPU 0's list register. */
	wr(0, IROUTER + 8 * 40, 8, 1);
	vgic_dist_inject(&d, 0, 40);
	assert_int_equal(vgic_lr_load(&d, 1, lr1, 4, &more), 0);
	/* vCPU 0 gives it back (active): vCPU 1 is woken and gets it next. */
	lr[0].state = VGIC_LR_STATE_ACTIVE;
	assert_int_equal(vgic_lr_unload(&d, 0, lr, 1), 1u << 1);
	assert_int_equal(vgic_lr_load(&d, 1, lr1, 4, &more), 1);
	assert_int_equal(lr1[0].intid, 40);
}

static void load__gicv2_sgi_takes_one_sender_per_list_register(void **state)
{
	struct vgic_lr lr[VGIC_MAX_LRS];
	bool more;

	(void)state;
	wr(0, CTLR, 4, 1);
	wr(0, ISENABLER, 4, 0xffff);
	vgic_dist_sgi(&d, 1, 3, 1);
	vgic_dist_sgi(&d, 2, 3, 1);
	assert_int_equal(vgic_lr_load(&d, 0, lr, 4, &more), 1);
	assert_int_equal(lr[0].intid, 3);
	assert_int_equal(lr[0].source, 1);
	assert_int_equal(lr[0].state, VGIC_LR_STATE_PENDING);
	/* The other sender waits: exit when the guest ends this one. */
	assert_true(lr[0].eoi_maint);
	assert_int_equal(cpu[0].sgi_sources[3], 1u << 2);
	assert_int_equal(rd(0, ISPENDR, 4), 1u << 3);
	/* The guest took vCPU 1's; it is active. */
	lr[0].state = VGIC_LR_STATE_ACTIVE;
	vgic_lr_unload(&d, 0, lr, 1);
	assert_int_equal(cpu[0].sgi_active_source[3], 1);
	/* Active one first, with its sender; vCPU 2's waits for it. */
	assert_int_equal(vgic_lr_load(&d, 0, lr, 4, &more), 1);
	assert_int_equal(lr[0].state, VGIC_LR_STATE_ACTIVE);
	assert_int_equal(lr[0].source, 1);
	assert_true(lr[0].eoi_maint);
	lr[0].state = 0;
	vgic_lr_unload(&d, 0, lr, 1);
	assert_int_equal(vgic_lr_load(&d, 0, lr, 4, &more), 1);
	assert_int_equal(lr[0].source, 2);
	assert_int_equal(lr[0].state, VGIC_LR_STATE_PENDING);
	assert_false(lr[0].eoi_maint);
	assert_int_equal(cpu[0].sgi_sources[3], 0);
	assert_int_equal(cpu[0].bits[VGIC_PENDING], 0);
	/* Not taken: back with its sender. */
	vgic_lr_unload(&d, 0, lr, 1);
	assert_int_equal(cpu[0].sgi_sources[3], 1u << 2);
}

static void load__gicv2_sgi_pending_again_from_its_active_sender(void **state)
{
	struct vgic_lr lr[VGIC_MAX_LRS];
	bool more;

	(void)state;
	wr(0, CTLR, 4, 1);
	wr(0, ISENABLER, 4, 0xffff);
	vgic_dist_sgi(&d, 2, 4, 1);
	vgic_lr_load(&d, 0, lr, 4, &more);
	lr[0].state = VGIC_LR_STATE_ACTIVE;
	vgic_lr_unload(&d, 0, lr, 1);
	vgic_dist_sgi(&d, 2, 4, 1);
	assert_int_equal(vgic_lr_load(&d, 0, lr, 4, &more), 1);
	assert_int_equal(lr[0].state,
			 VGIC_LR_STATE_PENDING | VGIC_LR_STATE_ACTIVE);
	assert_int_equal(lr[0].source, 2);
	assert_false(lr[0].eoi_maint);
}

static void lr_encodings__match_the_architecture(void **state)
{
	struct vgic_lr lr = {
		.intid = 40,
		.state = VGIC_LR_STATE_PENDING,
		.priority = 0xa0,
		.group1 = true,
	};
	struct vgic_lr sgi = {
		.intid = 3,
		.state = VGIC_LR_STATE_ACTIVE | VGIC_LR_STATE_PENDING,
		.priority = 0x80,
		.source = 2,
		.eoi_maint = true,
	};

	(void)state;
	assert_int_equal(vgic_lr_v3(&lr), 0x50a0000000000028u);
	assert_int_equal(vgic_lr_v2(&lr), 0x50000028u | (0x14u << 23));
	assert_int_equal(vgic_lr_v3(&sgi), 0xc080020000000003u);
	assert_int_equal(vgic_lr_v2(&sgi), 0x30000000u | (0x10u << 23) |
						   (1u << 19) | (2u << 10) | 3);
	/* The CPUID field is for SGIs only. */
	lr.source = 5;
	assert_int_equal(vgic_lr_v2(&lr) & (7u << 10), 0);
	/* Linked (HW): the physical INTID is the virtual one, no EOI bit. */
	lr.intid = 27;
	lr.hw = true;
	assert_int_equal(vgic_lr_v3(&lr), 0x70a000000000001bu | (27ull << 32));
	assert_int_equal(vgic_lr_v2(&lr),
			 0xd000001bu | (0x14u << 23) | (27u << 10));
	assert_int_equal(vgic_lr_state_v3(0xc000000000000000u), 3);
	assert_int_equal(vgic_lr_state_v3(0x4000000000000000u), 1);
	assert_int_equal(vgic_lr_state_v3(0x1fffffffffffffffu), 0);
	assert_int_equal(vgic_lr_state_v2(0x20000000u), 2);
	assert_int_equal(vgic_lr_state_v2(0xcfffffffu), 0);
}

static void
inject_lr__moves_what_the_vcpu_can_take_into_a_list_register(void **state)
{
	struct vgic_lr lr[VGIC_MAX_LRS];
	uint32_t kick = 0xffffffffu;
	bool more;

	(void)state;
	linux_v3_dist();
	rwr(0, SGI_BASE + ISENABLER, 4, 1u << 27);
	rwr(0, SGI_BASE + IPRIORITYR + 24, 4, 0xa0u << 24);
	/* The timer of the vCPU that runs: no kick, the entry is filled. */
	assert_true(vgic_lr_inject(&d, 0, 27, &lr[0], &kick));
	assert_int_equal(kick, 0);
	assert_int_equal(lr[0].intid, 27);
	assert_int_equal(lr[0].state, VGIC_LR_STATE_PENDING);
	assert_int_equal(lr[0].priority, 0xa0);
	assert_true(lr[0].group1);
	/* Shows as pending, and a full load does not load it twice. */
	assert_int_equal(rrd(0, SGI_BASE + ISPENDR, 4), 1u << 27);
	assert_int_equal(vgic_lr_load(&d, 0, &lr[1], 4, &more), 0);
	/* Again while still in its list register: the model keeps it. */
	assert_false(vgic_lr_inject(&d, 0, 27, &lr[1], &kick));
	assert_int_equal(kick, 1u << 0);
	/* The guest ended the first: the second comes back pending. */
	lr[0].state = 0;
	assert_int_equal(vgic_lr_unload(&d, 0, lr, 1), 0);
	assert_int_equal(rrd(0, SGI_BASE + ISPENDR, 4), 1u << 27);
	assert_int_equal(vgic_lr_load(&d, 0, lr, 4, &more), 1);
	assert_int_equal(lr[0].state, VGIC_LR_STATE_PENDING);
	/* Taken and ended: a new one goes into the list register again. */
	lr[0].state = 0;
	vgic_lr_unload(&d, 0, lr, 1);
	assert_true(vgic_lr_inject(&d, 0, 27, &lr[0], &kick));
	assert_int_equal(kick, 0);
}

static void inject_lr__leaves_the_rest_to_the_model(void **state)
{
	struct vgic_lr lr = { .intid = 7, .state = 0x5a };
	uint32_t kick = 0xffffffffu;

	(void)state;
	linux_v3_dist();
	/* Disabled: pending in the model, nobody to wake. */
	assert_false(vgic_lr_inject(&d, 0, 27, &lr, &kick));
	assert_int_equal(kick, 0);
	assert_int_equal(rrd(0, SGI_BASE + ISPENDR, 4), 1u << 27);
	/* SGIs: always through the model (a reload). */
	rwr(0, SGI_BASE + ISENABLER, 4, 1u << 3);
	assert_false(vgic_lr_inject(&d, 0, 3, &lr, &kick));
	assert_int_equal(kick, 1u << 0);
	/* An SPI routed to another vCPU: that one is woken. */
	wr(0, ISENABLER + 4, 4, 1u << 8);
	wr(0, IROUTER + 8 * 40, 8, 1);
	assert_false(vgic_lr_inject(&d, 0, 40, &lr, &kick));
	assert_int_equal(kick, 1u << 1);
	/* Out of range: nothing. */
	assert_false(vgic_lr_inject(&d, 0, VGIC_NR_IRQS, &lr, &kick));
	assert_int_equal(kick, 0);
	assert_false(vgic_lr_inject(&d, NCPU, 27, &lr, &kick));
	assert_int_equal(kick, 0);
	/* The entry was not touched by any of these. */
	assert_int_equal(lr.intid, 7);
	assert_int_equal(lr.state, 0x5a);
}

/* An SPI in one vCPU's list register stays out of another's. */
static void inject_lr__keeps_a_loaded_spi_in_one_place(void **state)
{
	struct vgic_lr lr[2];
	uint32_t kick = 0xffffffffu;
	bool more;

	(void)state;
	linux_v3_dist();
	wr(0, ISENABLER + 4, 4, 1u << 8);
	assert_true(vgic_lr_inject(&d, 0, 40, &lr[0], &kick));
	assert_int_equal(kick, 0);
	wr(0, IROUTER + 8 * 40, 8, 1);
	assert_false(vgic_lr_inject(&d, 1, 40, &lr[1], &kick));
	assert_int_equal(vgic_lr_load(&d, 1, &lr[1], 1, &more), 0);
	/* vCPU 0 gives it back: vCPU 1 is woken and takes it. */
	lr[0].state = VGIC_LR_STATE_PENDING;
	assert_int_equal(vgic_lr_unload(&d, 0, lr, 1), 1u << 1);
	assert_int_equal(vgic_lr_load(&d, 1, &lr[1], 1, &more), 1);
	assert_int_equal(lr[1].intid, 40);
}

/* The timer fires again while the guest still handles the last one. */
static void inject_active_lr__pends_it_again_in_its_list_register(void **state)
{
	struct vgic_lr lr[VGIC_MAX_LRS];
	uint32_t kick = 0xffffffffu;
	bool more;

	(void)state;
	linux_v3_dist();
	rwr(0, SGI_BASE + ISENABLER, 4, 1u << 27);
	assert_true(vgic_lr_inject(&d, 0, 27, &lr[0], &kick));
	/* The guest acknowledged it: the hardware says active. */
	lr[0].state = VGIC_LR_STATE_ACTIVE;
	assert_true(vgic_lr_inject_active(&d, 0, 27, &lr[0], &kick));
	assert_int_equal(kick, 0);
	assert_int_equal(lr[0].state,
			 VGIC_LR_STATE_ACTIVE | VGIC_LR_STATE_PENDING);
	/* Not in the model as well: it comes once. */
	assert_int_equal(vgic_lr_load(&d, 0, &lr[1], 4, &more), 0);
	lr[0].state = 0; /* the guest took and ended both */
	vgic_lr_unload(&d, 0, lr, 1);
	assert_int_equal(rrd(0, SGI_BASE + ISPENDR, 4), 0);
	assert_int_equal(rrd(0, SGI_BASE + ISACTIVER, 4), 0);
	assert_int_equal(vgic_lr_load(&d, 0, lr, 4, &more), 0);
}

/*
 * The timer fires again after the guest ended the last one in its list
 * register (linked: its end made no exit): pending again in the same
 * register, and the model learns the end there.
 */
static void
inject_active_lr__pends_an_ended_one_again_and_learns_the_end(void **state)
{
	struct vgic_lr lr[VGIC_MAX_LRS];
	uint32_t kick = 0xffffffffu;
	bool more;

	(void)state;
	linux_v3_dist();
	rwr(0, SGI_BASE + ISENABLER, 4, 1u << 27);
	cpu[0].held = 1u << 27;
	assert_true(vgic_lr_inject(&d, 0, 27, &lr[0], &kick));
	lr[0].state = 0; /* acknowledged and ended by the guest */
	assert_true(vgic_lr_inject_active(&d, 0, 27, &lr[0], &kick));
	assert_int_equal(kick, 0);
	assert_int_equal(lr[0].state, VGIC_LR_STATE_PENDING);
	assert_true(lr[0].hw);
	/* Once: not in the model as well; neither active any more. */
	assert_int_equal(vgic_lr_load(&d, 0, &lr[1], 4, &more), 0);
	lr[0].state = VGIC_LR_STATE_ACTIVE; /* the guest took this one */
	vgic_lr_unload(&d, 0, lr, 1);
	assert_int_equal(rrd(0, SGI_BASE + ISPENDR, 4), 0);
	assert_int_equal(rrd(0, SGI_BASE + ISACTIVER, 4), 1u << 27);
	lr[0].state = 0;
	assert_int_equal(vgic_lr_load(&d, 0, lr, 4, &more), 1);
	lr[0].state = 0;
	vgic_lr_unload(&d, 0, lr, 1);
	assert_true(vgic_dist_idle(&d, 0, 27));
}

static void inject_active_lr__leaves_the_rest_to_the_model(void **state)
{
	struct vgic_lr lr = { .intid = 27, .state = VGIC_LR_STATE_ACTIVE };
	uint32_t kick = 0xffffffffu;
	bool more;

	(void)state;
	linux_v3_dist();
	/* Disabled meanwhile: pending in the model, the entry untouched. */
	assert_false(vgic_lr_inject_active(&d, 0, 27, &lr, &kick));
	assert_int_equal(kick, 0);
	assert_int_equal(lr.state, VGIC_LR_STATE_ACTIVE);
	/* Another interrupt's entry, or one still pending: the model. */
	rwr(0, SGI_BASE + ISENABLER, 4, 1u << 27 | 1u << 26);
	assert_false(vgic_lr_inject_active(&d, 0, 26, &lr, &kick));
	assert_int_equal(kick, 1u << 0);
	lr.state = VGIC_LR_STATE_PENDING;
	assert_false(vgic_lr_inject_active(&d, 0, 27, &lr, &kick));
	assert_int_equal(lr.state, VGIC_LR_STATE_PENDING);
	/* Both stay pending in the model for the full reload. */
	{
		struct vgic_lr out[VGIC_MAX_LRS];

		assert_int_equal(vgic_lr_load(&d, 0, out, 4, &more), 2);
	}
}

/*
 * A held PPI (the timer, its physical interrupt left active until the
 * guest ends it) is linked to its physical interrupt (HW) and asks for no
 * maintenance interrupt on GICv3, asks for it on GICv2; idle says when the
 * guest has ended it; another vCPU's, or an unheld one, is neither.
 */
static void
held__is_linked_to_its_physical_ppi_until_the_guest_ends_it(void **state)
{
	struct vgic_lr lr[VGIC_MAX_LRS];
	uint32_t kick = 0xffffffffu;
	bool more;

	(void)state;
	linux_v3_dist();
	rwr(0, SGI_BASE + ISENABLER, 4, 1u << 27 | 1u << 26);
	rwr(1, SGI_BASE + ISENABLER, 4, 1u << 27);
	assert_true(vgic_dist_idle(&d, 0, 27));
	cpu[0].held = 1u << 27;
	assert_true(vgic_lr_inject(&d, 0, 27, &lr[0], &kick));
	assert_true(lr[0].hw);
	assert_false(lr[0].eoi_maint);
	assert_false(vgic_dist_idle(&d, 0, 27));
	assert_true(vgic_dist_idle(&d, 1, 27));
	/* Active in its list register: not idle; through a reload alike. */
	lr[0].state = VGIC_LR_STATE_ACTIVE;
	vgic_lr_unload(&d, 0, lr, 1);
	assert_false(vgic_dist_idle(&d, 0, 27));
	assert_int_equal(vgic_lr_load(&d, 0, lr, 4, &more), 1);
	assert_true(lr[0].hw);
	assert_false(lr[0].eoi_maint);
	/* Ended: idle. */
	lr[0].state = 0;
	vgic_lr_unload(&d, 0, lr, 1);
	assert_true(vgic_dist_idle(&d, 0, 27));
	/* Not held (vCPU 1's, vCPU 0's PPI 26): no maintenance asked. */
	assert_true(vgic_lr_inject(&d, 1, 27, &lr[1], &kick));
	assert_false(lr[1].eoi_maint || lr[1].hw);
	assert_true(vgic_lr_inject(&d, 0, 26, &lr[2], &kick));
	assert_false(lr[2].eoi_maint || lr[2].hw);
	/* GICv2: not linked (see vgic.h); the end exits instead. */
	d.v3 = false;
	assert_true(vgic_lr_inject(&d, 0, 27, &lr[3], &kick));
	assert_true(lr[3].eoi_maint);
	assert_false(lr[3].hw);
	d.v3 = true;
	/* Out of range: idle, nothing read. */
	assert_true(vgic_dist_idle(&d, NCPU, 27));
	assert_true(vgic_dist_idle(&d, 0, VGIC_NR_IRQS));
}

/*
 * The timer's fast path (vectors.S) gets a value only for a held timer
 * just made pending in its linked list register, which the vCPU may take:
 * the very value the slow path wrote there, and none once the guest
 * disables it, turns its group off, latches it (ISPENDR), or for GICv2,
 * another interrupt, another state or an unlinked entry.
 */
static void fast__only_for_a_linked_timer_the_vcpu_may_take(void **state)
{
	struct vgic_lr lr[2];
	struct vgic_lr other;
	uint32_t kick = 0xffffffffu;

	(void)state;
	linux_v3_dist();
	rwr(0, SGI_BASE + IPRIORITYR + 24, 4, 0x60u << 24);
	rwr(0, SGI_BASE + ISENABLER, 4, 1u << 27 | 1u << 26);
	cpu[0].held = 1u << 27;
	assert_true(vgic_lr_inject(&d, 0, 27, &lr[0], &kick));
	assert_int_equal(vgic_lr_fast(&d, 0, &lr[0]), vgic_lr_v3(&lr[0]));
	assert_int_equal(vgic_lr_fast(&d, 0, &lr[0]) >> 62, 1); /* pending */
	assert_int_equal((vgic_lr_fast(&d, 0, &lr[0]) >> 48) & 0xff, 0x60);
	/* Ended, then pending again by the slow path: the same value. */
	lr[1] = lr[0];
	lr[0].state = 0;
	assert_true(vgic_lr_inject_active(&d, 0, 27, &lr[0], &kick));
	assert_int_equal(vgic_lr_fast(&d, 0, &lr[0]), vgic_lr_v3(&lr[1]));
	/* Not just pending, not linked, not the vCPU's: none. */
	other = lr[0];
	other.state = VGIC_LR_STATE_ACTIVE | VGIC_LR_STATE_PENDING;
	assert_int_equal(vgic_lr_fast(&d, 0, &other), 0);
	other = lr[0];
	other.hw = false;
	assert_int_equal(vgic_lr_fast(&d, 0, &other), 0);
	assert_int_equal(vgic_lr_fast(&d, NCPU, &lr[0]), 0);
	assert_true(vgic_lr_inject(&d, 0, 26, &other, &kick));
	assert_int_equal(vgic_lr_fast(&d, 0, &other), 0);
	/* Disabled, group 1 off, latched: none until each is undone. */
	rwr(0, SGI_BASE + ICENABLER, 4, 1u << 27);
	assert_int_equal(vgic_lr_fast(&d, 0, &lr[0]), 0);
	rwr(0, SGI_BASE + ISENABLER, 4, 1u << 27);
	wr(0, CTLR, 4, 0x11);
	assert_int_equal(vgic_lr_fast(&d, 0, &lr[0]), 0);
	wr(0, CTLR, 4, 0x13);
	assert_int_not_equal(vgic_lr_fast(&d, 0, &lr[0]), 0);
	rwr(0, SGI_BASE + ISPENDR, 4, 1u << 27);
	assert_int_equal(vgic_lr_fast(&d, 0, &lr[0]), 0);
	rwr(0, SGI_BASE + ICPENDR, 4, 1u << 27);
	assert_int_not_equal(vgic_lr_fast(&d, 0, &lr[0]), 0);
	/* GICv2 has no fast path. */
	d.v3 = false;
	assert_int_equal(vgic_lr_fast(&d, 0, &lr[0]), 0);
}

/* --- level-sensitive lines (the virtual timer) ----------------------------- */

static void
line_low__drops_a_latched_timer_interrupt_the_guest_had_disabled(void **state)
{
	struct vgic_lr lr[VGIC_MAX_LRS];
	bool more;

	(void)state;
	linux_v3_dist();
	/* The timer fires while the guest has PPI 27 disabled: it waits. */
	assert_int_equal(vgic_dist_inject(&d, 0, 27), 0);
	assert_int_equal(rrd(0, SGI_BASE + ISPENDR, 4), 1u << 27);
	/* The guest turns the timer off: the line drops, and so does it. */
	vgic_dist_line_low(&d, 0, 27);
	assert_int_equal(rrd(0, SGI_BASE + ISPENDR, 4), 0);
	assert_int_equal(rwr(0, SGI_BASE + ISENABLER, 4, 1u << 27), 0);
	assert_int_equal(vgic_lr_load(&d, 0, lr, 4, &more), 0);
}

static void line_low__keeps_a_high_line_a_latch_and_an_edge(void **state)
{
	struct vgic_lr lr[VGIC_MAX_LRS];
	bool more;

	(void)state;
	linux_v3_dist();
	/* Still high (no line_low): it arrives once enabled. */
	vgic_dist_inject(&d, 0, 27);
	assert_int_equal(rwr(0, SGI_BASE + ISENABLER, 4, 1u << 27), 1u << 0);
	assert_int_equal(vgic_lr_load(&d, 0, lr, 4, &more), 1);
	assert_int_equal(lr[0].intid, 27);
	lr[0].state = 0; /* the guest ended it */
	vgic_lr_unload(&d, 0, lr, 1);
	/* Set pending by the guest: kept whatever the line, until it is taken. */
	rwr(0, SGI_BASE + ISPENDR, 4, 1u << 27);
	vgic_dist_line_low(&d, 0, 27);
	assert_int_equal(rrd(0, SGI_BASE + ISPENDR, 4), 1u << 27);
	assert_int_equal(vgic_lr_load(&d, 0, lr, 4, &more), 1);
	lr[0].state = VGIC_LR_STATE_ACTIVE; /* acknowledged */
	vgic_lr_unload(&d, 0, lr, 1);
	vgic_dist_inject(&d, 0, 27);
	vgic_dist_line_low(&d, 0, 27);
	assert_int_equal(rrd(0, SGI_BASE + ISPENDR, 4), 0);
	/* Cleared by the guest: the latch goes with it. */
	rwr(0, SGI_BASE + ISPENDR, 4, 1u << 27);
	rwr(0, SGI_BASE + ICPENDR, 4, 1u << 27);
	vgic_dist_inject(&d, 0, 27);
	vgic_dist_line_low(&d, 0, 27);
	assert_int_equal(rrd(0, SGI_BASE + ISPENDR, 4), 0);
	/* An edge-triggered one, SGIs and SPIs are not lines: untouched. */
	rwr(0, SGI_BASE + ICFGR + 4, 4, 2u << 2 * (27 - 16));
	vgic_dist_inject(&d, 0, 27);
	vgic_dist_line_low(&d, 0, 27);
	assert_int_equal(rrd(0, SGI_BASE + ISPENDR, 4) & (1u << 27), 1u << 27);
	vgic_dist_inject(&d, 0, 3);
	vgic_dist_line_low(&d, 0, 3);
	vgic_dist_inject(&d, 0, 40);
	vgic_dist_line_low(&d, 0, 40);
	vgic_dist_line_low(&d, NCPU, 27);
	assert_int_equal(rrd(0, SGI_BASE + ISPENDR, 4), (1u << 27) | (1u << 3));
	assert_int_equal(rd(0, ISPENDR + 4, 4), 1u << 8);
}

static void line_low__gicv2_the_same(void **state)
{
	(void)state;
	wr(0, CTLR, 4, 1);
	vgic_dist_inject(&d, 1, 27);
	assert_int_equal(rd(1, ISPENDR, 4), 1u << 27);
	vgic_dist_line_low(&d, 1, 27);
	assert_int_equal(rd(1, ISPENDR, 4), 0);
	assert_int_equal(wr(1, ISENABLER, 4, 1u << 27), 0);
}

/* --- progress with more interrupts than list registers ------------------ */

/*
 * Whether the hardware signals a maintenance interrupt for lr[0..n) with
 * HCR bits m, as the GIC architecture defines ICH_MISR_EL2 / GICH_MISR:
 * no pending when no list register is in the pending state (active and
 * pending is not), underflow when at most one is valid, end of interrupt
 * for an emptied one that asked for it.
 */
static bool maint_fires(const struct vgic_lr lr[], unsigned n, unsigned m)
{
	unsigned valid = 0;
	bool pending = false;
	bool eoi = false;

	for (unsigned k = 0; k < n; k++) {
		valid += lr[k].state != 0;
		pending = pending || lr[k].state == VGIC_LR_STATE_PENDING;
		eoi = eoi || (lr[k].eoi_maint && lr[k].state == 0);
	}
	return ((m & VGIC_MAINT_NO_PENDING) != 0 && !pending) ||
	       ((m & VGIC_MAINT_UNDERFLOW) != 0 && valid <= 1) || eoi;
}

/*
 * SPIs 32-63 enabled for vCPU 0, those in pend pending and those in act
 * active (the attack: all-ones to ISPENDR1 and ISACTIVER1), with lrs list
 * registers. Each load is entered and must not exit before the guest does
 * something; the guest then ends its interrupts one by one (acknowledges
 * and ends a pending one, ends an active one) until the maintenance
 * interrupt asked for fires, which must happen while any is left behind.
 * Every interrupt must be done within a bounded number of exits.
 */
static void run_to_completion(bool v3, uint32_t pend, uint32_t act,
			      unsigned lrs)
{
	struct vgic_lr lr[VGIC_MAX_LRS];
	unsigned exits = 0;
	bool more;

	reset(v3, NCPU);
	if (v3) {
		linux_v3_dist();
	} else {
		wr(0, CTLR, 4, 1); /* group 0, where GICv2 SPIs reset to */
	}
	wr(0, ISENABLER + 4, 4, 0xffffffffu);
	wr(0, ISPENDR + 4, 4, pend);
	wr(0, ISACTIVER + 4, 4, act);
	for (;;) {
		unsigned n = vgic_lr_load(&d, 0, lr, lrs, &more);
		unsigned m = vgic_lr_maint(lr, n, more);

		if (n == 0) {
			break;
		}
		assert_false(
			maint_fires(lr, n, m)); /* an exit at once: livelock */
		for (unsigned k = 0; k < n && !maint_fires(lr, n, m); k++) {
			lr[k].state = 0;
		}
		/* What did not fit needs an exit to get in. */
		assert_true(!more || maint_fires(lr, n, m));
		vgic_lr_unload(&d, 0, lr, n);
		exits++;
		assert_true(exits <= 33);
	}
	assert_false(more);
	assert_int_equal(rd(0, ISPENDR + 4, 4), 0);
	assert_int_equal(rd(0, ISACTIVER + 4, 4), 0);
}

static void maint__every_mix_of_pending_and_active_makes_progress(void **state)
{
	static const uint32_t masks[] = { 0,	       0xffffffffu, 0x55555555u,
					  0xaaaaaaaau, 0x0000ffffu, 0xffff0000u,
					  0x80000001u };
	static const unsigned lrs[] = { 1, 2, 4, VGIC_MAX_LRS };

	(void)state;
	for (unsigned v3 = 0; v3 < 2; v3++) {
		for (unsigned p = 0; p < sizeof(masks) / sizeof(masks[0]);
		     p++) {
			for (unsigned a = 0;
			     a < sizeof(masks) / sizeof(masks[0]); a++) {
				for (unsigned l = 0;
				     l < sizeof(lrs) / sizeof(lrs[0]); l++) {
					run_to_completion(v3 != 0, masks[p],
							  masks[a], lrs[l]);
				}
			}
		}
	}
}

static void
maint__asks_for_none_when_all_fit_and_never_no_pending_with_none(void **state)
{
	struct vgic_lr lr[2] = {
		{ .intid = 32,
		  .state = VGIC_LR_STATE_PENDING | VGIC_LR_STATE_ACTIVE },
		{ .intid = 33, .state = VGIC_LR_STATE_ACTIVE },
	};

	(void)state;
	assert_int_equal(vgic_lr_maint(lr, 2, false), 0);
	/* Active and pending is not "pending" to the hardware. */
	assert_int_equal(vgic_lr_maint(lr, 2, true), VGIC_MAINT_UNDERFLOW);
	lr[1].state = VGIC_LR_STATE_PENDING;
	assert_int_equal(vgic_lr_maint(lr, 2, true),
			 VGIC_MAINT_UNDERFLOW | VGIC_MAINT_NO_PENDING);
	/* One list register: its end (unlinked: EOI overlaps the pINTID). */
	lr[0].hw = true;
	assert_int_equal(vgic_lr_maint(lr, 1, true), 0);
	assert_true(lr[0].eoi_maint);
	assert_false(lr[0].hw);
	assert_int_equal(vgic_lr_maint(&lr[1], 1, true), VGIC_MAINT_NO_PENDING);
	assert_false(lr[1].eoi_maint);
	assert_int_equal(vgic_lr_maint(lr, 0, true), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(
			inject_lr__moves_what_the_vcpu_can_take_into_a_list_register,
			setup_v3),
		cmocka_unit_test_setup(inject_lr__leaves_the_rest_to_the_model,
				       setup_v3),
		cmocka_unit_test_setup(
			inject_lr__keeps_a_loaded_spi_in_one_place, setup_v3),
		cmocka_unit_test_setup(
			inject_active_lr__pends_it_again_in_its_list_register,
			setup_v3),
		cmocka_unit_test_setup(
			inject_active_lr__pends_an_ended_one_again_and_learns_the_end,
			setup_v3),
		cmocka_unit_test_setup(
			inject_active_lr__leaves_the_rest_to_the_model,
			setup_v3),
		cmocka_unit_test_setup(
			vgic_dist_reset__leaves_everything_disabled_and_idle,
			setup_v3),
		cmocka_unit_test_setup(vgic_dist_reset__caps_the_vcpu_count,
				       setup_v3),
		cmocka_unit_test_setup(
			v3_ctlr__has_are_and_ds_and_keeps_the_group_enables,
			setup_v3),
		cmocka_unit_test_setup(v3_ctlr__enabling_a_group_wakes_the_vcpus,
				       setup_v3),
		cmocka_unit_test_setup(
			v3_id_registers__describe_128_irqs_and_gicv3, setup_v3),
		cmocka_unit_test_setup(
			v3_enable__set_and_clear_registers_touch_only_written_bits,
			setup_v3),
		cmocka_unit_test_setup(v3_pending_and_active__set_and_clear,
				       setup_v3),
		cmocka_unit_test_setup(v3_dist__private_interrupts_are_raz_wi,
				       setup_v3),
		cmocka_unit_test_setup(
			v3_ipriorityr__takes_bytes_halves_and_words, setup_v3),
		cmocka_unit_test_setup(v3_icfgr__keeps_edge_bits_of_spis,
				       setup_v3),
		cmocka_unit_test_setup(v3_irouter__routes_by_aff0_and_reads_back,
				       setup_v3),
		cmocka_unit_test_setup(
			v3_irouter__private_and_missing_interrupts_are_raz_wi,
			setup_v3),
		cmocka_unit_test_setup(v3_dist__bounds_and_sizes, setup_v3),
		cmocka_unit_test_setup(
			v3_gicr_typer__names_the_vcpu_and_marks_the_last,
			setup_v3),
		cmocka_unit_test_setup(
			v3_gicr_waker__sleeps_until_linux_wakes_it, setup_v3),
		cmocka_unit_test_setup(v3_gicr_sgi_frame__is_banked_per_vcpu,
				       setup_v3),
		cmocka_unit_test_setup(v3_gicr__bounds_and_sizes, setup_v3),
		cmocka_unit_test_setup(
			sgi1r_targets__follow_the_target_list_and_irm,
			setup_v3),
		cmocka_unit_test_setup(
			sgi__pends_on_targets_and_wakes_those_that_can_take_it,
			setup_v3),
		cmocka_unit_test_setup(v2_sgir__filters_and_records_the_sender,
				       setup_v2),
		cmocka_unit_test_setup(v2_id_registers__describe_a_gicv2,
				       setup_v2),
		cmocka_unit_test_setup(
			v2_itargetsr__banked_ones_read_the_vcpus_own_bit,
			setup_v2),
		cmocka_unit_test_setup(
			v2_itargetsr__routes_spis_to_the_lowest_target,
			setup_v2),
		cmocka_unit_test_setup(
			v2_banked_registers__are_the_accessing_vcpus, setup_v2),
		cmocka_unit_test_setup(
			inject__ignores_interrupts_that_do_not_exist, setup_v3),
		cmocka_unit_test_setup(
			inject__a_disabled_interrupt_waits_until_enabled,
			setup_v3),
		cmocka_unit_test_setup(
			pending__follows_the_priority_mask_and_groups,
			setup_v3),
		cmocka_unit_test_setup(pending__reads_the_gicv2_priority_mask,
				       setup_v2),
		cmocka_unit_test_setup(
			load__takes_active_first_then_priority_then_intid,
			setup_v3),
		cmocka_unit_test_setup(
			load__skips_disabled_and_other_vcpus_interrupts,
			setup_v3),
		cmocka_unit_test_setup(load__uses_at_most_vgic_max_lrs,
				       setup_v3),
		cmocka_unit_test_setup(
			load__finds_an_active_interrupt_in_a_word_with_none_pending,
			setup_v3),
		cmocka_unit_test_setup(
			load__finds_an_spi_whose_word_it_found_idle, setup_v3),
		cmocka_unit_test_setup(
			unload__keeps_what_the_guest_left_and_drops_what_it_ended,
			setup_v3),
		cmocka_unit_test_setup(
			unload__merges_an_injection_made_while_loaded,
			setup_v3),
		cmocka_unit_test_setup(
			load__keeps_a_loaded_spi_out_of_other_vcpus, setup_v3),
		cmocka_unit_test_setup(
			load__gicv2_sgi_takes_one_sender_per_list_register,
			setup_v2),
		cmocka_unit_test_setup(
			load__gicv2_sgi_pending_again_from_its_active_sender,
			setup_v2),
		cmocka_unit_test_setup(lr_encodings__match_the_architecture,
				       setup_v3),
		cmocka_unit_test_setup(
			held__is_linked_to_its_physical_ppi_until_the_guest_ends_it,
			setup_v3),
		cmocka_unit_test_setup(
			fast__only_for_a_linked_timer_the_vcpu_may_take,
			setup_v3),
		cmocka_unit_test_setup(
			line_low__drops_a_latched_timer_interrupt_the_guest_had_disabled,
			setup_v3),
		cmocka_unit_test_setup(
			line_low__keeps_a_high_line_a_latch_and_an_edge,
			setup_v3),
		cmocka_unit_test_setup(line_low__gicv2_the_same, setup_v2),
		cmocka_unit_test_setup(
			maint__every_mix_of_pending_and_active_makes_progress,
			setup_v3),
		cmocka_unit_test_setup(
			maint__asks_for_none_when_all_fit_and_never_no_pending_with_none,
			setup_v3),
	};

	return cmocka_run_group_tests_name("vgic", tests, NULL, NULL);
}
