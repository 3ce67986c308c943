// SPDX-License-Identifier: Apache-2.0
/*
 * The virtual GIC's model (see vgic_dist.h): the distributor (GICv2 or
 * GICv3) and the GICv3 redistributors as a guest sees them, the state of
 * each of a VM's VGIC_NR_IRQS interrupts, and the choice of what a vCPU's
 * list registers hold. Pure computation, compiled for the host's unit
 * tests as well.
 *
 * Nothing a guest writes is trusted: every interrupt number comes from a
 * register offset the caller bounded to its frame and is checked against
 * VGIC_NR_IRQS here; every vCPU number against cpu_count. Interrupts are
 * injected as edges: a level-sensitive interrupt (ICFGR says so) is made
 * pending by whoever injects it and ends with the guest's EOI. The virtual
 * timer's line is sampled before its state is used (vgic_dist_line_low()):
 * pending drops with the level unless the guest latched it (ISPENDR), as
 * on hardware. Other lines are not tracked: mica injects only events (the
 * vUART) and lines whose physical interrupt stays masked until the guest
 * ends them (passed-through SPIs, `forwarded`; the timer's PPI, `held`):
 * their list registers ask for the end-of-interrupt maintenance interrupt.
 */
#include "vgic_dist.h"

/* Distributor registers (both versions unless marked). */
#define GICD_CTLR 0x0000u
#define GICD_TYPER 0x0004u
#define GICD_IIDR 0x0008u
#define GICD_IGROUPR 0x0080u
#define GICD_BITMAP_END 0x0400u /* IGROUPR .. ICACTIVER: 7 arrays of 0x80 */
#define GICD_IPRIORITYR 0x0400u
#define GICD_ITARGETSR 0x0800u
#define GICD_ICFGR 0x0c00u
#define GICD_SGIR 0x0f00u       /* v2 */
#define GICD_CPENDSGIR 0x0f10u  /* v2 */
#define GICD_SGI_END 0x0f30u    /* end of SPENDSGIR, v2 */
#define GICD_V2_END 0x1000u     /* a GICv2 distributor is 4 KiB */
#define GICD_PIDR2_V2 0x0fe8u
#define GICD_IROUTER 0x6000u    /* v3, 64-bit, indexed by INTID */
#define GICD_IROUTER_END 0x8000u
#define GICD_PIDR2_V3 0xffe8u

#define GICD_CTLR_GRP0 (1u << 0)
#define GICD_CTLR_GRP1 (1u << 1)
#define GICD_CTLR_ARE (1u << 4) /* v3: affinity routing, always on */
#define GICD_CTLR_DS (1u << 6)  /* v3: one security state, always */

#define GICD_TYPER_V3_IDBITS (9u << 19) /* 10 bits of INTID */
#define GICD_TYPER_V3_NO1N (1u << 25)   /* no 1-of-N routing */

/* Redistributor (v3): RD_base frame, then SGI_base. */
#define GICR_CTLR 0x0000u
#define GICR_IIDR 0x0004u
#define GICR_TYPER 0x0008u
#define GICR_WAKER 0x0014u
#define GICR_PIDR2 0xffe8u
#define GICR_SGI_BASE 0x10000u
#define GICR_TYPER_LAST (UINT64_C(1) << 4)
#define GICR_WAKER_SLEEP (1u << 1)
#define GICR_WAKER_CHILDREN_ASLEEP (1u << 2)

#define GIC_IIDR 0x4d000000u /* ProductID 'M', no JEP106 implementer */
#define GIC_PIDR2_V2 0x20u   /* ArchRev 2 */
#define GIC_PIDR2_V3 0x30u   /* ArchRev 3 */

/* Priority bits kept: the top five, all a GICv2 list register holds. */
#define VGIC_PRIO_MASK 0xf8u

/* IROUTER bits kept: Aff3 (39:32), Aff2..Aff0 (23:0); IRM is RAZ/WI. */
#define IROUTER_MASK UINT64_C(0x000000ff00ffffff)

#define SGI1R_TARGETS(v) ((uint32_t)(v) & 0xffffu)
#define SGI1R_INTID(v) ((uint32_t)((v) >> 24) & 0xfu)
#define SGI1R_IRM (UINT64_C(1) << 40)
/* Aff1 (23:16), Aff2 (39:32), RS (47:44), Aff3 (55:48): all 0 for a VM. */
#define SGI1R_AFF_MASK UINT64_C(0x00fff0ff00ff0000)

#define NO_ROUTE 0xffu

/* The seven bitmap registers, by 0x80-byte array from GICD_IGROUPR. */
enum bitmap_reg {
	REG_GROUP,
	REG_SET_ENABLE,
	REG_CLEAR_ENABLE,
	REG_SET_PENDING,
	REG_CLEAR_PENDING,
	REG_SET_ACTIVE,
	REG_CLEAR_ACTIVE,
};

static uint32_t all_vcpus(const struct arch_vgic_dist *d)
{
	return (1u << d->cpu_count) - 1;
}

static unsigned lowest_bit(uint32_t w)
{
	return (unsigned)__builtin_ctz(w);
}

/*
 * The word of bitmap b holding intid (below VGIC_NR_IRQS): vCPU cpu's own
 * for a private interrupt, the distributor's for an SPI.
 */
static uint32_t *word(struct arch_vgic_dist *d, unsigned cpu, enum vgic_bit b,
		      uint32_t intid)
{
	if (intid < VGIC_NR_PRIVATE) {
		return &d->cpus[cpu]->bits[b];
	}
	return &d->bits[b][intid / 32 - 1];
}

static uint32_t word_get(const struct arch_vgic_dist *d, unsigned cpu,
			 enum vgic_bit b, uint32_t intid)
{
	if (intid < VGIC_NR_PRIVATE) {
		return d->cpus[cpu]->bits[b];
	}
	return d->bits[b][intid / 32 - 1];
}

static bool test(const struct arch_vgic_dist *d, unsigned cpu,
		 enum vgic_bit b, uint32_t intid)
{
	return ((word_get(d, cpu, b, intid) >> (intid % 32)) & 1u) != 0;
}

static void set(struct arch_vgic_dist *d, unsigned cpu, enum vgic_bit b,
		uint32_t intid)
{
	*word(d, cpu, b, intid) |= 1u << (intid % 32);
}

static void clear(struct arch_vgic_dist *d, unsigned cpu, enum vgic_bit b,
		  uint32_t intid)
{
	*word(d, cpu, b, intid) &= ~(1u << (intid % 32));
}

static uint8_t *priority(struct arch_vgic_dist *d, unsigned cpu,
			 uint32_t intid)
{
	if (intid < VGIC_NR_PRIVATE) {
		return &d->cpus[cpu]->priority[intid];
	}
	return &d->priority[intid - VGIC_NR_PRIVATE];
}

static uint8_t priority_get(const struct arch_vgic_dist *d, unsigned cpu,
			    uint32_t intid)
{
	if (intid < VGIC_NR_PRIVATE) {
		return d->cpus[cpu]->priority[intid];
	}
	return d->priority[intid - VGIC_NR_PRIVATE];
}

/* Of the interrupts whose group bits are group1, those of enabled groups. */
static uint32_t groups_on(uint32_t ctlr, uint32_t group1)
{
	return ((ctlr & GICD_CTLR_GRP0) != 0 ? ~group1 : 0) |
	       ((ctlr & GICD_CTLR_GRP1) != 0 ? group1 : 0);
}

/* The vCPU an SPI goes to, or NO_ROUTE (its route names no vCPU). */
static unsigned spi_route(const struct arch_vgic_dist *d, uint32_t intid)
{
	unsigned i = intid - VGIC_NR_PRIVATE;

	if (d->v3) {
		uint64_t r = d->irouter[i];

		/* The VM's vCPUs have Aff3.Aff2.Aff1 = 0 and Aff0 = index. */
		if ((r & ~UINT64_C(0xff)) != 0 || (r & 0xff) >= d->cpu_count) {
			return NO_ROUTE;
		}
		return (unsigned)(r & 0xff);
	}
	/* GICv2 1-of-N is not modelled: the lowest target takes it. */
	if ((d->targets[i] & all_vcpus(d)) == 0) {
		return NO_ROUTE;
	}
	return lowest_bit(d->targets[i] & all_vcpus(d));
}

/* Whether intid (private to cpu, or an SPI) is pending and may be signalled. */
static bool deliverable(const struct arch_vgic_dist *d, unsigned cpu,
			uint32_t intid)
{
	uint32_t w = word_get(d, cpu, VGIC_PENDING, intid) &
		     word_get(d, cpu, VGIC_ENABLED, intid) &
		     groups_on(d->ctlr, word_get(d, cpu, VGIC_GROUP1, intid));

	return ((w >> (intid % 32)) & 1u) != 0;
}

/* The vCPU to wake for intid if it can be taken now: its bit, else 0. */
static uint32_t wake(const struct arch_vgic_dist *d, unsigned cpu,
		     uint32_t intid)
{
	unsigned t = intid < VGIC_NR_PRIVATE ? cpu : spi_route(d, intid);

	if (t == NO_ROUTE || !deliverable(d, cpu, intid)) {
		return 0;
	}
	return 1u << t;
}

void vgic_dist_cpu_reset(struct arch_vgic_cpu *c)
{
	*c = (struct arch_vgic_cpu){ 0 };
	c->bits[VGIC_EDGE] = (1u << VGIC_NR_SGIS) - 1; /* SGIs are edges */
	c->asleep = true;
}

void vgic_dist_reset(struct arch_vgic_dist *d, bool v3,
		     struct arch_vgic_cpu *const cpus[], unsigned count)
{
	if (count > VGIC_MAX_VCPUS) {
		count = VGIC_MAX_VCPUS;
	}
	d->v3 = v3;
	d->cpu_count = count;
	d->ctlr = 0;
	for (unsigned i = 0; i < VGIC_MAX_VCPUS; i++) {
		d->cpus[i] = i < count ? cpus[i] : NULL;
		if (i < count) {
			vgic_dist_cpu_reset(cpus[i]);
		}
	}
	for (unsigned b = 0; b < VGIC_BIT_COUNT; b++) {
		for (unsigned w = 0; w < VGIC_SPI_WORDS; w++) {
			d->bits[b][w] = 0;
		}
	}
	for (unsigned i = 0; i < VGIC_NR_SPIS; i++) {
		d->priority[i] = 0;
		d->targets[i] = 1; /* vCPU 0, until the guest says otherwise */
		d->irouter[i] = 0; /* Aff0 = 0: vCPU 0 */
	}
}

/* --- register access ---------------------------------------------------- */

static bool aligned(uint64_t off, unsigned size)
{
	return (size == 1 || size == 2 || size == 4 || size == 8) &&
	       (off & (size - 1)) == 0;
}

/*
 * One of the seven bitmap registers, index reg (32 interrupts each; 0 is
 * vCPU cpu's private interrupts), by a 32-bit access.
 */
static void bitmap_access(struct arch_vgic_dist *d, unsigned cpu,
			  enum bitmap_reg kind, unsigned reg, bool write,
			  uint64_t *val, uint32_t *kick)
{
	uint32_t base = reg * 32;
	uint32_t w = (uint32_t)*val;
	uint32_t *group;
	uint32_t *en;
	uint32_t *pend;
	uint32_t *act;

	if (base >= VGIC_NR_IRQS) {
		*val = write ? *val : 0; /* interrupts that do not exist */
		return;
	}
	group = word(d, cpu, VGIC_GROUP1, base);
	en = word(d, cpu, VGIC_ENABLED, base);
	pend = word(d, cpu, VGIC_PENDING, base);
	act = word(d, cpu, VGIC_ACTIVE, base);
	if (!write) {
		switch (kind) {
		case REG_GROUP:
			*val = *group;
			break;
		case REG_SET_ENABLE:
		case REG_CLEAR_ENABLE:
			*val = *en;
			break;
		case REG_SET_PENDING:
		case REG_CLEAR_PENDING:
			*val = *pend | *word(d, cpu, VGIC_LR_PENDING, base);
			break;
		default:
			*val = *act | *word(d, cpu, VGIC_LR_ACTIVE, base);
			break;
		}
		return;
	}
	/* GICv2 SGIs are made pending and cleared through (C|S)PENDSGIR. */
	if (reg == 0 && !d->v3 &&
	    (kind == REG_SET_PENDING || kind == REG_CLEAR_PENDING)) {
		w &= ~((1u << VGIC_NR_SGIS) - 1);
	}
	switch (kind) {
	case REG_GROUP:
		*group = w;
		return;
	case REG_SET_ENABLE:
		*en |= w;
		break;
	case REG_CLEAR_ENABLE:
		*en &= ~w;
		return;
	case REG_SET_PENDING:
		*pend |= w;
		*word(d, cpu, VGIC_LATCHED, base) |= w;
		break;
	case REG_CLEAR_PENDING:
		*pend &= ~w;
		*word(d, cpu, VGIC_LATCHED, base) &= ~w;
		return;
	case REG_SET_ACTIVE:
		if (reg == 0 && !d->v3) {
			/* An SGI made active by hand: say it came from cpu. */
			uint32_t sgis = w & ~*act & ((1u << VGIC_NR_SGIS) - 1);

			while (sgis != 0) {
				d->cpus[cpu]->sgi_active_source[lowest_bit(sgis)] =
					(uint8_t)cpu;
				sgis &= sgis - 1;
			}
		}
		*act |= w;
		return;
	default:
		*act &= ~w;
		return;
	}
	/* Newly enabled or pending: wake whoever can take them now. */
	while (w != 0) {
		*kick |= wake(d, cpu, base + lowest_bit(w));
		w &= w - 1;
	}
}

/*
 * IPRIORITYR or ITARGETSR bytes of intid .. intid+size-1 (private ones
 * vCPU cpu's), by an access of size 1, 2 or 4; private ones read as zero
 * and ignore writes unless `banked`.
 */
static void byte_access(struct arch_vgic_dist *d, unsigned cpu, bool targets,
			bool banked, uint32_t intid, unsigned size, bool write,
			uint64_t *val, uint32_t *kick)
{
	uint64_t r = 0;

	for (unsigned i = 0; i < size; i++) {
		uint32_t n = intid + i;
		uint8_t b = (uint8_t)(*val >> (8 * i));

		if (n >= VGIC_NR_IRQS || (n < VGIC_NR_PRIVATE && !banked)) {
			continue;
		}
		if (!targets) {
			uint8_t *p = priority(d, cpu, n);

			if (write) {
				*p = b & VGIC_PRIO_MASK;
			}
			r |= (uint64_t)*p << (8 * i);
		} else if (n < VGIC_NR_PRIVATE) {
			/* Read-only: each vCPU sees its own interface's bit. */
			r |= (uint64_t)(1u << cpu) << (8 * i);
		} else {
			if (write) {
				d->targets[n - VGIC_NR_PRIVATE] =
					(uint8_t)(b & all_vcpus(d));
				*kick |= wake(d, cpu, n);
			}
			r |= (uint64_t)d->targets[n - VGIC_NR_PRIVATE] << (8 * i);
		}
	}
	if (!write) {
		*val = r;
	}
}

/*
 * ICFGR index reg (16 interrupts each, 2 bits per interrupt; 0 and 1 are
 * vCPU cpu's). SGIs are always edges; PPIs and SPIs take what is written.
 */
static void config_access(struct arch_vgic_dist *d, unsigned cpu,
			  unsigned reg, bool write, uint64_t *val)
{
	uint32_t base = reg * 16;
	uint32_t r = 0;

	if (base >= VGIC_NR_IRQS) {
		*val = write ? *val : 0;
		return;
	}
	for (unsigned k = 0; k < 16; k++) {
		uint32_t n = base + k;

		if (write && n >= VGIC_NR_SGIS) {
			if (((*val >> (2 * k + 1)) & 1u) != 0) {
				set(d, cpu, VGIC_EDGE, n);
			} else {
				clear(d, cpu, VGIC_EDGE, n);
			}
		}
		if (test(d, cpu, VGIC_EDGE, n)) {
			r |= 2u << (2 * k);
		}
	}
	if (!write) {
		*val = r;
	}
}

/* GICv3 GICD_IROUTER<intid>, by a 64-bit access or one of its halves. */
static void irouter_access(struct arch_vgic_dist *d, unsigned cpu,
			   uint64_t off, unsigned size, bool write,
			   uint64_t *val, uint32_t *kick)
{
	uint32_t intid = (uint32_t)((off - GICD_IROUTER) / 8);
	uint64_t *r;

	if (intid < VGIC_NR_PRIVATE || intid >= VGIC_NR_IRQS) {
		*val = write ? *val : 0;
		return;
	}
	r = &d->irouter[intid - VGIC_NR_PRIVATE];
	if (!write) {
		*val = size == 8 ? *r : (off & 4) == 0 ? (uint32_t)*r : *r >> 32;
		return;
	}
	if (size == 8) {
		*r = *val & IROUTER_MASK;
	} else if ((off & 4) == 0) {
		*r = (*r & ~UINT64_C(0xffffffff)) | (*val & IROUTER_MASK & 0xffffffffu);
	} else {
		*r = (*r & 0xffffffffu) | ((*val << 32) & IROUTER_MASK);
	}
	*kick |= wake(d, cpu, intid);
}

/* GICv2 GICD_SGIR: TargetListFilter 0 (the list), 1 (all but self), 2 (self). */
static uint32_t sgir_write(struct arch_vgic_dist *d, unsigned self,
			   uint32_t w)
{
	uint32_t filter = (w >> 24) & 3u;
	uint32_t targets;

	if (filter == 0) {
		targets = (w >> 16) & 0xffu;
	} else if (filter == 1) {
		targets = all_vcpus(d) & ~(1u << self);
	} else if (filter == 2) {
		targets = 1u << self;
	} else {
		return 0; /* reserved */
	}
	return vgic_dist_sgi(d, self, w & 0xfu, targets);
}

static uint32_t dist_typer(const struct arch_vgic_dist *d)
{
	uint32_t t = (VGIC_NR_IRQS / 32 - 1) | ((d->cpu_count - 1) << 5);

	if (d->v3) {
		t |= GICD_TYPER_V3_IDBITS | GICD_TYPER_V3_NO1N;
	}
	return t;
}

/* 32-bit distributor registers, other than the bitmaps and byte arrays. */
static void dist_word(struct arch_vgic_dist *d, unsigned self, uint64_t off,
		      bool write, uint64_t *val, uint32_t *kick)
{
	uint32_t w = (uint32_t)*val;
	uint32_t r = 0;

	if (off == GICD_CTLR) {
		if (write) {
			uint32_t on = w & (GICD_CTLR_GRP0 | GICD_CTLR_GRP1);

			/* A group switched on may release pending interrupts. */
			if ((on & ~d->ctlr) != 0) {
				*kick |= all_vcpus(d);
			}
			d->ctlr = on;
		}
		r = d->ctlr | (d->v3 ? GICD_CTLR_ARE | GICD_CTLR_DS : 0);
	} else if (off == GICD_TYPER) {
		r = dist_typer(d);
	} else if (off == GICD_IIDR) {
		r = GIC_IIDR;
	} else if (off >= GICD_ICFGR && off < GICD_ICFGR + 0x100) {
		unsigned reg = (unsigned)(off - GICD_ICFGR) / 4;

		/* GICv3: the redistributors own the private interrupts. */
		if (!d->v3 || reg >= 2) {
			config_access(d, self, reg, write, val);
			return;
		}
	} else if (!d->v3 && off == GICD_SGIR) {
		if (write) {
			*kick |= sgir_write(d, self, w);
		}
	} else if (d->v3 && off == GICD_PIDR2_V3) {
		r = GIC_PIDR2_V3;
	} else if (!d->v3 && off == GICD_PIDR2_V2) {
		r = GIC_PIDR2_V2;
	}
	/* Anything else reads as zero and ignores writes. */
	if (!write) {
		*val = r;
	}
}

enum vgic_mmio vgic_dist_mmio(struct arch_vgic_dist *d, unsigned self,
			      uint64_t off, bool write, unsigned size,
			      uint64_t *val, uint32_t *kick)
{
	bool v3 = d->v3;

	*kick = 0;
	if (self >= d->cpu_count || off >= VGIC_DIST_SIZE || !aligned(off, size)) {
		return VGIC_MMIO_BAD;
	}
	if (write && size < 8) {
		*val &= (UINT64_C(1) << (8 * size)) - 1;
	}
	if (v3 && off >= GICD_IROUTER && off < GICD_IROUTER_END) {
		if (size < 4) {
			return VGIC_MMIO_BAD;
		}
		irouter_access(d, self, off, size, write, val, kick);
		return VGIC_MMIO_DONE;
	}
	if (size == 8) {
		return VGIC_MMIO_BAD;
	}
	if (off >= GICD_IPRIORITYR && off < GICD_ITARGETSR + 0x400) {
		bool targets = off >= GICD_ITARGETSR;
		uint32_t intid = (uint32_t)(off - (targets ? GICD_ITARGETSR :
							      GICD_IPRIORITYR));

		/* GICv3 with affinity routing: ITARGETSR is RAZ/WI. */
		if (!(v3 && targets)) {
			byte_access(d, self, targets, !v3, intid, size, write,
				    val, kick);
		} else if (!write) {
			*val = 0;
		}
		return VGIC_MMIO_DONE;
	}
	if (!v3 && off >= GICD_CPENDSGIR && off < GICD_SGI_END) {
		/* Pending SGIs by sender: not emulated, RAZ/WI. */
		*val = write ? *val : 0;
		return VGIC_MMIO_DONE;
	}
	if (size != 4) {
		return VGIC_MMIO_BAD;
	}
	if (!v3 && off >= GICD_V2_END) {
		*val = write ? *val : 0;
		return VGIC_MMIO_DONE;
	}
	if (off >= GICD_IGROUPR && off < GICD_BITMAP_END) {
		unsigned kind = (unsigned)(off - GICD_IGROUPR) / 0x80;
		unsigned reg = (unsigned)(off & 0x7f) / 4;

		if (v3 && reg == 0) {
			*val = write ? *val : 0;
		} else {
			bitmap_access(d, self, (enum bitmap_reg)kind, reg, write,
				      val, kick);
		}
		return VGIC_MMIO_DONE;
	}
	dist_word(d, self, off, write, val, kick);
	return VGIC_MMIO_DONE;
}

/* GICR RD_base registers by a 32-bit access. */
static void rd_word(struct arch_vgic_dist *d, unsigned rd, uint64_t off,
		    bool write, uint64_t *val)
{
	struct arch_vgic_cpu *c = d->cpus[rd];
	uint64_t rd_typer = ((uint64_t)rd << 32) | ((uint64_t)rd << 8) |
			    (rd + 1 == d->cpu_count ? GICR_TYPER_LAST : 0);
	uint32_t r = 0;

	if (off == GICR_IIDR) {
		r = GIC_IIDR;
	} else if (off == GICR_TYPER) {
		r = (uint32_t)rd_typer;
	} else if (off == GICR_TYPER + 4) {
		r = (uint32_t)(rd_typer >> 32);
	} else if (off == GICR_WAKER) {
		if (write) {
			c->asleep = (*val & GICR_WAKER_SLEEP) != 0;
		}
		/* Its "children" follow at once: nothing to quiesce. */
		r = c->asleep ? GICR_WAKER_SLEEP | GICR_WAKER_CHILDREN_ASLEEP : 0;
	} else if (off == GICR_PIDR2) {
		r = GIC_PIDR2_V3;
	}
	/* GICR_CTLR (no LPIs, never a write pending) and the rest: RAZ/WI. */
	if (!write) {
		*val = r;
	}
}

enum vgic_mmio vgic_dist_rdist_mmio(struct arch_vgic_dist *d, unsigned rd,
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
		if (size == 8) {
			/* GICR_TYPER; the LPI registers, RAZ/WI without LPIs. */
			if (off == GICR_TYPER) {
				uint64_t lo = 0;
				uint64_t hi = 0;

				rd_word(d, rd, GICR_TYPER, false, &lo);
				rd_word(d, rd, GICR_TYPER + 4, false, &hi);
				*val = write ? *val : lo | (hi << 32);
				return VGIC_MMIO_DONE;
			}
			if (off == 0x40 || off == 0x48 || off == 0x70 ||
			    off == 0x78 || off == 0xa0 || off == 0xb0) {
				*val = write ? *val : 0;
				return VGIC_MMIO_DONE;
			}
			return VGIC_MMIO_BAD;
		}
		if (size != 4) {
			return VGIC_MMIO_BAD;
		}
		rd_word(d, rd, off, write, val);
		return VGIC_MMIO_DONE;
	}
	off -= GICR_SGI_BASE;
	if (off >= GICD_IPRIORITYR && off < GICD_IPRIORITYR + VGIC_NR_PRIVATE) {
		if (size == 8) {
			return VGIC_MMIO_BAD;
		}
		byte_access(d, rd, false, true, (uint32_t)(off - GICD_IPRIORITYR),
			    size, write, val, kick);
		return VGIC_MMIO_DONE;
	}
	if (size != 4) {
		return VGIC_MMIO_BAD;
	}
	if (off >= GICD_IGROUPR && off < GICD_BITMAP_END && (off & 0x7f) == 0) {
		bitmap_access(d, rd, (enum bitmap_reg)((off - GICD_IGROUPR) / 0x80),
			      0, write, val, kick);
	} else if (off == GICD_ICFGR || off == GICD_ICFGR + 4) {
		config_access(d, rd, (unsigned)(off - GICD_ICFGR) / 4, write, val);
	} else if (!write) {
		*val = 0;
	}
	return VGIC_MMIO_DONE;
}

/* --- interrupts --------------------------------------------------------- */

uint32_t vgic_dist_inject(struct arch_vgic_dist *d, unsigned self,
			  uint32_t intid)
{
	if (intid >= VGIC_NR_IRQS || self >= d->cpu_count) {
		return 0;
	}
	if (intid < VGIC_NR_SGIS) {
		return vgic_dist_sgi(d, self, intid, 1u << self);
	}
	set(d, self, VGIC_PENDING, intid);
	return wake(d, self, intid);
}

void vgic_dist_line_low(struct arch_vgic_dist *d, unsigned self,
			uint32_t intid)
{
	if (intid < VGIC_NR_SGIS || intid >= VGIC_NR_PRIVATE ||
	    self >= d->cpu_count || test(d, self, VGIC_EDGE, intid) ||
	    test(d, self, VGIC_LATCHED, intid)) {
		return;
	}
	clear(d, self, VGIC_PENDING, intid);
}

uint32_t vgic_dist_sgi(struct arch_vgic_dist *d, unsigned self, uint32_t sgi,
		       uint32_t targets)
{
	uint32_t kick = 0;

	if (sgi >= VGIC_NR_SGIS || self >= d->cpu_count) {
		return 0;
	}
	targets &= all_vcpus(d);
	while (targets != 0) {
		unsigned t = lowest_bit(targets);

		targets &= targets - 1;
		if (!d->v3) {
			d->cpus[t]->sgi_sources[sgi] |= (uint8_t)(1u << self);
		}
		set(d, t, VGIC_PENDING, sgi);
		kick |= wake(d, t, sgi);
	}
	return kick;
}

uint32_t vgic_dist_sgi1r_targets(const struct arch_vgic_dist *d,
				 unsigned self, uint64_t val)
{
	if ((val & SGI1R_IRM) != 0) {
		return all_vcpus(d) & ~(1u << self);
	}
	if ((val & SGI1R_AFF_MASK) != 0) {
		return 0;
	}
	return SGI1R_TARGETS(val) & all_vcpus(d);
}

bool vgic_dist_vcpu_pending(const struct arch_vgic_dist *d, unsigned self)
{
	const struct arch_vgic_cpu *c;
	uint32_t pmr;
	uint32_t cpu_groups;

	if (self >= d->cpu_count) {
		return false;
	}
	c = d->cpus[self];
	/* VMCR: group enables in bits 0-1; the priority mask at the top. */
	pmr = d->v3 ? (c->vmcr >> 24) & 0xffu : ((c->vmcr >> 27) & 0x1fu) << 3;
	cpu_groups = c->vmcr & (GICD_CTLR_GRP0 | GICD_CTLR_GRP1);
	for (uint32_t base = 0; base < VGIC_NR_IRQS; base += 32) {
		uint32_t g = word_get(d, self, VGIC_GROUP1, base);
		uint32_t w = (word_get(d, self, VGIC_PENDING, base) |
			      word_get(d, self, VGIC_LR_PENDING, base)) &
			     word_get(d, self, VGIC_ENABLED, base) &
			     groups_on(d->ctlr, g) & groups_on(cpu_groups, g);

		if (base >= VGIC_NR_PRIVATE) {
			/* Another vCPU's list register holds those. */
			w &= ~word_get(d, self, VGIC_LR_PENDING, base);
		}
		while (w != 0) {
			uint32_t n = base + lowest_bit(w);

			w &= w - 1;
			if ((n < VGIC_NR_PRIVATE || spi_route(d, n) == self) &&
			    priority_get(d, self, n) < pmr) {
				return true;
			}
		}
	}
	return false;
}

/* --- list registers ----------------------------------------------------- */

struct candidate {
	uint16_t key; /* active first (0x0xx), then pending (0x1xx), by priority */
	uint16_t intid;
};

/*
 * Keeps the best max candidates in top[0..*n), sorted; ties keep the one
 * offered first (the lower INTID). *more when one falls out.
 */
static void offer(struct candidate top[], unsigned *n, unsigned max,
		  struct candidate c, bool *more)
{
	unsigned i = *n;

	if (*n == max) {
		*more = true;
		if (max == 0 || top[max - 1].key <= c.key) {
			return;
		}
		i = max - 1;
	} else {
		(*n)++;
	}
	while (i > 0 && top[i - 1].key > c.key) {
		top[i] = top[i - 1];
		i--;
	}
	top[i] = c;
}

/* GICv2 SGI: one sender's instance per list register; the CPUID says which. */
static void load_sgi_v2(struct arch_vgic_dist *d, unsigned self,
			struct vgic_lr *lr, bool act, bool pend)
{
	struct arch_vgic_cpu *c = d->cpus[self];
	uint32_t sgi = lr->intid;
	uint32_t src = c->sgi_sources[sgi];
	unsigned s;

	if (act) {
		s = c->sgi_active_source[sgi] % VGIC_MAX_VCPUS;
		lr->state = VGIC_LR_STATE_ACTIVE;
		clear(d, self, VGIC_ACTIVE, sgi);
		set(d, self, VGIC_LR_ACTIVE, sgi);
		pend = pend && (src & (1u << s)) != 0;
	} else {
		s = src != 0 ? lowest_bit(src) : 0;
		pend = pend && src != 0;
	}
	lr->source = (uint8_t)s;
	if (pend) {
		lr->state |= VGIC_LR_STATE_PENDING;
		src &= ~(1u << s);
		set(d, self, VGIC_LR_PENDING, sgi);
	}
	c->sgi_sources[sgi] = (uint8_t)src;
	if (src == 0) {
		clear(d, self, VGIC_PENDING, sgi);
	} else {
		/* Other senders wait for this one to end: come back then. */
		lr->eoi_maint = true;
	}
}

/*
 * Moves intid's state (active, pending: what vCPU self may take now) from
 * the model into lr, and marks it loaded (VGIC_LR_*).
 */
static void take(struct arch_vgic_dist *d, unsigned self, uint32_t intid,
		 struct vgic_lr *lr)
{
	bool act = test(d, self, VGIC_ACTIVE, intid);
	bool pend = deliverable(d, self, intid);

	*lr = (struct vgic_lr){
		.intid = (uint16_t)intid,
		.priority = priority_get(d, self, intid),
		.group1 = test(d, self, VGIC_GROUP1, intid),
	};
	if (intid < VGIC_NR_SGIS && !d->v3) {
		load_sgi_v2(d, self, lr, act, pend);
		return;
	}
	if (act) {
		lr->state |= VGIC_LR_STATE_ACTIVE;
		clear(d, self, VGIC_ACTIVE, intid);
		set(d, self, VGIC_LR_ACTIVE, intid);
	}
	if (pend) {
		lr->state |= VGIC_LR_STATE_PENDING;
		clear(d, self, VGIC_PENDING, intid);
		set(d, self, VGIC_LR_PENDING, intid);
	}
	if (intid >= VGIC_NR_PRIVATE ?
		    ((d->forwarded[intid / 32 - 1] >> (intid % 32)) & 1u) != 0 :
		    ((d->cpus[self]->held >> intid) & 1u) != 0) {
		lr->eoi_maint = true;
	}
}

unsigned vgic_dist_load(struct arch_vgic_dist *d, unsigned self,
			struct vgic_lr out[], unsigned max, bool *more)
{
	struct candidate top[VGIC_MAX_LRS];
	unsigned n = 0;

	*more = false;
	if (self >= d->cpu_count) {
		return 0;
	}
	if (max > VGIC_MAX_LRS) {
		max = VGIC_MAX_LRS;
	}
	for (uint32_t base = 0; base < VGIC_NR_IRQS; base += 32) {
		uint32_t pend = word_get(d, self, VGIC_PENDING, base) &
				word_get(d, self, VGIC_ENABLED, base) &
				groups_on(d->ctlr,
					  word_get(d, self, VGIC_GROUP1, base));
		uint32_t act = word_get(d, self, VGIC_ACTIVE, base);
		uint32_t w = pend | act;

		if (base >= VGIC_NR_PRIVATE) {
			/* In another vCPU's list registers: not twice. */
			w &= ~(word_get(d, self, VGIC_LR_PENDING, base) |
			       word_get(d, self, VGIC_LR_ACTIVE, base));
		}
		while (w != 0) {
			unsigned bit = lowest_bit(w);
			uint32_t intid = base + bit;
			struct candidate c = {
				.key = (uint16_t)(((act >> bit) & 1u) != 0 ? 0 : 0x100),
				.intid = (uint16_t)intid,
			};

			w &= w - 1;
			if (intid >= VGIC_NR_PRIVATE && spi_route(d, intid) != self) {
				continue;
			}
			c.key = (uint16_t)(c.key | priority_get(d, self, intid));
			offer(top, &n, max, c, more);
		}
	}
	for (unsigned k = 0; k < n; k++) {
		take(d, self, top[k].intid, &out[k]);
	}
	return n;
}

/*
 * The common part of the two below: vgic_dist_inject() of a PPI or SPI for
 * self (a valid vCPU); returns self's bit if self can take intid now, 0
 * otherwise (SGIs, bad ids: the plain injection, and 0).
 */
static uint32_t inject_self(struct arch_vgic_dist *d, unsigned self,
			    uint32_t intid, uint32_t *kick)
{
	uint32_t me;

	/* SGIs: GICv2 keeps one per sender; the full reload sorts them. */
	if (intid < VGIC_NR_SGIS || intid >= VGIC_NR_IRQS ||
	    self >= d->cpu_count) {
		*kick = vgic_dist_inject(d, self, intid);
		return 0;
	}
	set(d, self, VGIC_PENDING, intid);
	*kick = wake(d, self, intid);
	me = 1u << (self % VGIC_MAX_VCPUS); /* self < cpu_count: itself */
	return *kick & me;
}

bool vgic_dist_inject_lr(struct arch_vgic_dist *d, unsigned self,
			 uint32_t intid, struct vgic_lr *lr, uint32_t *kick)
{
	uint32_t me = inject_self(d, self, intid, kick);

	/* Not one it cannot take now, nor one already in a list register. */
	if (me == 0 || test(d, self, VGIC_LR_PENDING, intid) ||
	    test(d, self, VGIC_LR_ACTIVE, intid)) {
		return false;
	}
	take(d, self, intid, lr);
	*kick &= ~me;
	return true;
}

bool vgic_dist_inject_active_lr(struct arch_vgic_dist *d, unsigned self,
				uint32_t intid, struct vgic_lr *lr,
				uint32_t *kick)
{
	uint32_t me = inject_self(d, self, intid, kick);

	if (me == 0 || lr->intid != intid ||
	    lr->state != VGIC_LR_STATE_ACTIVE) {
		return false;
	}
	/* Pending in that list register, not in the model: once. */
	clear(d, self, VGIC_PENDING, intid);
	set(d, self, VGIC_LR_PENDING, intid);
	lr->state |= VGIC_LR_STATE_PENDING;
	*kick &= ~me;
	return true;
}

uint32_t vgic_dist_unload(struct arch_vgic_dist *d, unsigned self,
			  const struct vgic_lr lrs[], unsigned count)
{
	uint32_t kick = 0;

	if (self >= d->cpu_count) {
		return 0;
	}
	for (unsigned k = 0; k < count && k < VGIC_MAX_LRS; k++) {
		const struct vgic_lr *lr = &lrs[k];
		uint32_t intid = lr->intid;
		bool pend = (lr->state & VGIC_LR_STATE_PENDING) != 0;
		bool act = (lr->state & VGIC_LR_STATE_ACTIVE) != 0;

		if (intid >= VGIC_NR_IRQS) {
			continue;
		}
		clear(d, self, VGIC_LR_PENDING, intid);
		clear(d, self, VGIC_LR_ACTIVE, intid);
		if (intid < VGIC_NR_SGIS && !d->v3) {
			struct arch_vgic_cpu *c = d->cpus[self];
			unsigned s = lr->source % VGIC_MAX_VCPUS;

			if (pend) {
				c->sgi_sources[intid] |= (uint8_t)(1u << s);
			}
			if (act) {
				c->sgi_active_source[intid] = (uint8_t)s;
			}
		}
		if (pend) {
			set(d, self, VGIC_PENDING, intid);
		} else {
			clear(d, self, VGIC_LATCHED, intid); /* acknowledged */
		}
		if (act) {
			set(d, self, VGIC_ACTIVE, intid);
		}
		/* An SPI re-routed while it was here goes to its new vCPU. */
		if (intid >= VGIC_NR_PRIVATE && spi_route(d, intid) != self) {
			kick |= wake(d, self, intid);
		}
	}
	return kick;
}

unsigned vgic_dist_maint(struct vgic_lr lrs[], unsigned count, bool more)
{
	unsigned m = 0;

	if (!more || count == 0) {
		return 0;
	}
	for (unsigned k = 0; k < count && k < VGIC_MAX_LRS; k++) {
		if (lrs[k].state == VGIC_LR_STATE_PENDING) {
			m = VGIC_MAINT_NO_PENDING;
		}
	}
	if (count >= 2) {
		return m | VGIC_MAINT_UNDERFLOW;
	}
	if (m == 0) {
		lrs[0].eoi_maint = true; /* active: back when the guest ends it */
	}
	return m;
}

uint64_t vgic_dist_lr_v3(const struct vgic_lr *lr)
{
	/* State 63:62, HW 61 (0), Group 60, Priority 55:48, EOI 41, vINTID. */
	return ((uint64_t)(lr->state & 3u) << 62) |
	       (lr->group1 ? UINT64_C(1) << 60 : 0) |
	       ((uint64_t)lr->priority << 48) |
	       (lr->eoi_maint ? UINT64_C(1) << 41 : 0) | lr->intid;
}

uint32_t vgic_dist_lr_v2(const struct vgic_lr *lr)
{
	/* State 29:28, Grp1 30, Priority 27:23, EOI 19, CPUID 12:10, VirtualID. */
	uint32_t v = ((uint32_t)(lr->state & 3u) << 28) |
		     (lr->group1 ? 1u << 30 : 0) |
		     ((uint32_t)(lr->priority >> 3) << 23) |
		     (lr->eoi_maint ? 1u << 19 : 0) | (lr->intid & 0x3ffu);

	if (lr->intid < VGIC_NR_SGIS) {
		v |= (uint32_t)(lr->source & 7u) << 10;
	}
	return v;
}

uint8_t vgic_dist_lr_state_v3(uint64_t lr)
{
	return (uint8_t)(lr >> 62);
}

uint8_t vgic_dist_lr_state_v2(uint32_t lr)
{
	return (uint8_t)((lr >> 28) & 3u);
}

void vgic_dist_forward(struct arch_vgic_dist *d, uint32_t intid)
{
	if (intid >= VGIC_NR_PRIVATE && intid < VGIC_NR_IRQS) {
		d->forwarded[intid / 32 - 1] |= 1u << (intid % 32);
	}
}

bool vgic_dist_idle(const struct arch_vgic_dist *d, unsigned self,
		    uint32_t intid)
{
	if (intid >= VGIC_NR_IRQS || self >= d->cpu_count) {
		return true;
	}
	return (((word_get(d, self, VGIC_PENDING, intid) |
		  word_get(d, self, VGIC_ACTIVE, intid) |
		  word_get(d, self, VGIC_LR_PENDING, intid) |
		  word_get(d, self, VGIC_LR_ACTIVE, intid)) >>
		 (intid % 32)) & 1u) == 0;
}

bool vgic_dist_spi_idle(const struct arch_vgic_dist *d, uint32_t intid)
{
	uint32_t w;
	uint32_t m;

	if (intid < VGIC_NR_PRIVATE || intid >= VGIC_NR_IRQS) {
		return true;
	}
	w = intid / 32 - 1;
	m = 1u << (intid % 32);
	return ((d->bits[VGIC_PENDING][w] | d->bits[VGIC_ACTIVE][w] |
		 d->bits[VGIC_LR_PENDING][w] | d->bits[VGIC_LR_ACTIVE][w]) &
		m) == 0;
}
