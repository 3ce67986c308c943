// SPDX-License-Identifier: Apache-2.0
/*
 * The virtual GIC's distributor (see vgic_dist.h): the state of each of
 * a VM's VGIC_NR_IRQS interrupts, their routing, injection and SGIs, and
 * the GICD registers (GICv2 or GICv3) a guest sees. The GICv3
 * redistributors are vgic_redist.c; list registers, vgic_lr.c. Pure
 * computation, compiled for the host's unit tests as well.
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
#include "mica/string.h"
#include "vgic_dist.h"

/* Priority bits kept: the top five, all a GICv2 list register holds. */
#define VGIC_PRIO_MASK 0xf8u

/* The end of GICD_IROUTER's array (64-bit, indexed by INTID). */
#define VGIC_IROUTER_END 0x8000u

/*
 * ICC_SGI1R_EL1: Aff1 (23:16), Aff2 (39:32), RS (47:44), Aff3 (55:48) are
 * all 0 for a VM's vCPUs; TargetList is 15:0.
 */
#define VGIC_SGI1R_AFF_MASK UINT64_C(0x00fff0ff00ff0000)

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
	memset(d->bits, 0, sizeof(d->bits));
	d->spi_busy = 0;
	for (unsigned i = 0; i < VGIC_NR_SPIS; i++) {
		d->priority[i] = 0;
		d->targets[i] = 1; /* vCPU 0, until the guest says otherwise */
		d->irouter[i] = 0; /* Aff0 = 0: vCPU 0 */
	}
}

/* --- register access ---------------------------------------------------- */

void vgic_dist_bitmap(struct arch_vgic_dist *d, unsigned cpu,
		      enum bitmap_reg kind, unsigned reg, bool write,
		      uint64_t *val, uint32_t *kick)
{
	/* Each register's bitmap, in enum bitmap_reg's order. */
	static const enum vgic_bit bits[] = {
		VGIC_GROUP1,  VGIC_ENABLED, VGIC_ENABLED, VGIC_PENDING,
		VGIC_PENDING, VGIC_ACTIVE,  VGIC_ACTIVE,
	};
	uint32_t base = reg * 32;
	uint32_t w = (uint32_t)*val;
	uint32_t *p;

	if (base >= VGIC_NR_IRQS) {
		*val = write ? *val : 0; /* interrupts that do not exist */
		return;
	}
	p = word(d, cpu, bits[kind], base);
	if (write && reg != 0 &&
	    (kind == REG_SET_PENDING || kind == REG_SET_ACTIVE)) {
		d->spi_busy |= 1u << (reg - 1); /* for vgic_lr_load() */
	}
	if (!write) {
		*val = *p;
		/* Pending and active ones: with the list registers' state. */
		if (kind >= REG_SET_PENDING) {
			*val |= *word(d, cpu,
				      kind >= REG_SET_ACTIVE ? VGIC_LR_ACTIVE :
							       VGIC_LR_PENDING,
				      base);
		}
		return;
	}
	/* GICv2 SGIs are made pending and cleared through (C|S)PENDSGIR. */
	if (reg == 0 && !d->v3 &&
	    (kind == REG_SET_PENDING || kind == REG_CLEAR_PENDING)) {
		w &= ~((1u << VGIC_NR_SGIS) - 1);
	}
	switch (kind) {
	case REG_GROUP: *p = w; return;
	case REG_SET_ENABLE: *p |= w; break;
	case REG_CLEAR_ENABLE: *p &= ~w; return;
	case REG_SET_PENDING:
		*p |= w;
		*word(d, cpu, VGIC_LATCHED, base) |= w;
		break;
	case REG_CLEAR_PENDING:
		*p &= ~w;
		*word(d, cpu, VGIC_LATCHED, base) &= ~w;
		return;
	case REG_SET_ACTIVE:
		if (reg == 0 && !d->v3) {
			/* An SGI made active by hand: say it came from cpu. */
			uint32_t sgis = w & ~*p & ((1u << VGIC_NR_SGIS) - 1);

			while (sgis != 0) {
				d->cpus[cpu]
					->sgi_active_source[lowest_bit(sgis)] =
					(uint8_t)cpu;
				sgis &= sgis - 1;
			}
		}
		*p |= w;
		return;
	default: *p &= ~w; return;
	}
	/* Newly enabled or pending: wake whoever can take them now. */
	while (w != 0) {
		*kick |= vgic_lr_wake(d, cpu, base + lowest_bit(w));
		w &= w - 1;
	}
}

void vgic_dist_bytes(struct arch_vgic_dist *d, unsigned cpu, bool targets,
		     bool banked, uint32_t intid, unsigned size, bool write,
		     uint64_t *val, uint32_t *kick)
{
	uint64_t r = 0;

	for (unsigned i = 0; i < size; i++) {
		uint32_t n = intid + i;
		uint8_t b = (uint8_t)(*val >> (8 * i));

		/* GICv3 with affinity routing: ITARGETSR is RAZ/WI. */
		if (n >= VGIC_NR_IRQS || (n < VGIC_NR_PRIVATE && !banked) ||
		    (targets && d->v3)) {
			continue;
		}
		if (!targets) {
			uint8_t *p = n < VGIC_NR_PRIVATE ?
					     &d->cpus[cpu]->priority[n] :
					     &d->priority[n - VGIC_NR_PRIVATE];

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
				*kick |= vgic_lr_wake(d, cpu, n);
			}
			r |= (uint64_t)d->targets[n - VGIC_NR_PRIVATE]
			     << (8 * i);
		}
	}
	if (!write) {
		*val = r;
	}
}

void vgic_dist_icfgr(struct arch_vgic_dist *d, unsigned cpu, unsigned reg,
		     bool write, uint64_t *val)
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
static void irouter_access(struct arch_vgic_dist *d, unsigned cpu, uint64_t off,
			   unsigned size, bool write, uint64_t *val,
			   uint32_t *kick)
{
	uint32_t intid = (uint32_t)((off - GICD_IROUTER) / 8);
	unsigned shift = (unsigned)(off & 4) * 8; /* the upper half: 32 */
	uint64_t bits = size == 8 ? UINT64_MAX : UINT64_C(0xffffffff) << shift;
	uint64_t *r;

	if (intid < VGIC_NR_PRIVATE || intid >= VGIC_NR_IRQS) {
		*val = write ? *val : 0;
		return;
	}
	r = &d->irouter[intid - VGIC_NR_PRIVATE];
	if (!write) {
		*val = (*r & bits) >> shift;
		return;
	}
	*r = ((*r & ~bits) | (*val << shift)) & GICD_IROUTER_AFF_MASK;
	*kick |= vgic_lr_wake(d, cpu, intid);
}

/* GICv2 GICD_SGIR: TargetListFilter 0 (the list), 1 (all but self), 2 (self). */
static uint32_t sgir_write(struct arch_vgic_dist *d, unsigned self, uint32_t w)
{
	/* By filter; 3 is reserved: no target. */
	uint32_t targets[4] = { (w >> 16) & 0xffu, all_vcpus(d) & ~(1u << self),
				1u << self, 0 };

	return vgic_dist_sgi(d, self, w & 0xfu, targets[(w >> 24) & 3u]);
}

/* 32-bit distributor registers, other than the bitmaps and byte arrays. */
static void dist_word(struct arch_vgic_dist *d, unsigned self, uint64_t off,
		      bool write, uint64_t *val, uint32_t *kick)
{
	uint32_t w = (uint32_t)*val;
	uint32_t r = 0;

	if (off == GICD_CTLR) {
		if (write) {
			uint32_t on = w & (GICD_CTLR_ENABLE_GRP0 |
					   GICD_CTLR_ENABLE_GRP1);

			/* A group switched on may release pending interrupts. */
			if ((on & ~d->ctlr) != 0) {
				*kick |= all_vcpus(d);
			}
			d->ctlr = on;
		}
		r = d->ctlr | (d->v3 ? GICD_CTLR_ARE | GICD_CTLR_DS : 0);
	} else if (off == GICD_TYPER) {
		r = (VGIC_NR_IRQS / 32 - 1) | ((d->cpu_count - 1) << 5) |
		    (d->v3 ? VGIC_TYPER_IDBITS | GICD_TYPER_NO1N : 0);
	} else if (off == GICD_IIDR) {
		r = VGIC_IIDR;
	} else if (off >= GICD_ICFGR && off < GICD_ICFGR + 0x100) {
		unsigned reg = (unsigned)(off - GICD_ICFGR) / 4;

		/* GICv3: the redistributors own the private interrupts. */
		if (!d->v3 || reg >= 2) {
			vgic_dist_icfgr(d, self, reg, write, val);
			return;
		}
	} else if (!d->v3 && off == GICD_SGIR) {
		if (write) {
			*kick |= sgir_write(d, self, w);
		}
	} else if (d->v3 && off == GICD_PIDR2_V3) {
		r = VGIC_PIDR2_V3;
	} else if (!d->v3 && off == GICD_PIDR2_V2) {
		r = VGIC_PIDR2_V2;
	}
	/*
	 * Anything else reads as zero and ignores writes: GICv2's
	 * (C|S)PENDSGIR and everything past its 4 KiB frame too.
	 */
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
	if (self >= d->cpu_count || off >= VGIC_DIST_SIZE ||
	    !aligned(off, size)) {
		return VGIC_MMIO_BAD;
	}
	if (write && size < 8) {
		*val &= (UINT64_C(1) << (8 * size)) - 1;
	}
	if (v3 && off >= GICD_IROUTER && off < VGIC_IROUTER_END) {
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
		/* ITARGETSR follows IPRIORITYR: 0x400 bytes, one per INTID. */
		vgic_dist_bytes(d, self, off >= GICD_ITARGETSR, !v3,
				(uint32_t)(off - GICD_IPRIORITYR) % 0x400, size,
				write, val, kick);
		return VGIC_MMIO_DONE;
	}
	/* 8/16-bit also in GICv2's (C|S)PENDSGIR, which dist_word() ignores. */
	if (size != 4 &&
	    (v3 || off < GICD_CPENDSGIR || off >= GICD_SPENDSGIR + 0x10)) {
		return VGIC_MMIO_BAD;
	}
	if (off >= GICD_IGROUPR && off < VGIC_BITMAP_END) {
		unsigned kind = (unsigned)(off - GICD_IGROUPR) / 0x80;
		unsigned reg = (unsigned)(off & 0x7f) / 4;

		if (v3 && reg == 0) {
			*val = write ? *val : 0;
		} else {
			vgic_dist_bitmap(d, self, (enum bitmap_reg)kind, reg,
					 write, val, kick);
		}
		return VGIC_MMIO_DONE;
	}
	dist_word(d, self, off, write, val, kick);
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
	return vgic_lr_wake(d, self, intid);
}

void vgic_dist_line_low(struct arch_vgic_dist *d, unsigned self, uint32_t intid)
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
		kick |= vgic_lr_wake(d, t, sgi);
	}
	return kick;
}

uint32_t vgic_dist_sgi1r_targets(const struct arch_vgic_dist *d, unsigned self,
				 uint64_t val)
{
	if ((val & ICC_SGI1R_IRM) != 0) {
		return all_vcpus(d) & ~(1u << self);
	}
	if ((val & VGIC_SGI1R_AFF_MASK) != 0) {
		return 0;
	}
	return (uint32_t)val & 0xffffu & all_vcpus(d);
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
	cpu_groups = c->vmcr & (GICD_CTLR_ENABLE_GRP0 | GICD_CTLR_ENABLE_GRP1);
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
			if ((n < VGIC_NR_PRIVATE ||
			     vgic_lr_route(d, n) == self) &&
			    priority_get(d, self, n) < pmr) {
				return true;
			}
		}
	}
	return false;
}

void vgic_dist_forward(struct arch_vgic_dist *d, uint32_t intid)
{
	if (intid >= VGIC_NR_PRIVATE && intid < VGIC_NR_IRQS) {
		d->forwarded[intid / 32 - 1] |= 1u << (intid % 32);
	}
}

/* vgic_dist_idle() for an intid below VGIC_NR_IRQS, private to cpu or not. */
static bool idle(const struct arch_vgic_dist *d, unsigned cpu, uint32_t intid)
{
	return (((word_get(d, cpu, VGIC_PENDING, intid) |
		  word_get(d, cpu, VGIC_ACTIVE, intid) |
		  word_get(d, cpu, VGIC_LR_PENDING, intid) |
		  word_get(d, cpu, VGIC_LR_ACTIVE, intid)) >>
		 (intid % 32)) &
		1u) == 0;
}

bool vgic_dist_idle(const struct arch_vgic_dist *d, unsigned self,
		    uint32_t intid)
{
	return intid >= VGIC_NR_IRQS || self >= d->cpu_count ||
	       idle(d, self, intid);
}

bool vgic_dist_spi_idle(const struct arch_vgic_dist *d, uint32_t intid)
{
	/* An SPI's state is the distributor's: no vCPU's is read. */
	return intid < VGIC_NR_PRIVATE || intid >= VGIC_NR_IRQS ||
	       idle(d, 0, intid);
}
