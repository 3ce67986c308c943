// SPDX-License-Identifier: Apache-2.0
/*
 * The virtual GIC's list registers (see vgic_dist.h): which of a vCPU's
 * interrupts go into them (active first, then pending by priority, then by
 * INTID), what comes back when the vCPU exits, a single interrupt put
 * straight into a free one while the vCPU stays loaded, which maintenance
 * interrupts to ask for when not all fit; and where an interrupt goes
 * (vgic_lr_route(), vgic_lr_wake(), for the distributor too). Moves state between the model
 * (struct arch_vgic_dist) and struct vgic_lr; vgic.c reads and writes the
 * hardware, through the list-register bit layouts (vgic_lr_v3() and the
 * like), which are `static inline` in vgic_dist.h for its interrupt path.
 */
#include "vgic_dist.h"

_Static_assert(VGIC_NR_IRQS <= 256, "a candidate's intid is 8 bits");

struct candidate {
	uint16_t key; /* active first (0x0xx), then pending (0x1xx), by priority */
	uint8_t intid; /* below VGIC_NR_IRQS */
	bool pend;     /* pending, enabled, of an enabled group */
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

/* Out of line: four callers, for SPIs only (never the timer's PPI). */
__attribute__((noinline)) unsigned vgic_lr_route(const struct arch_vgic_dist *d,
						 uint32_t intid)
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

__attribute__((noinline)) uint32_t vgic_lr_wake(const struct arch_vgic_dist *d,
						unsigned cpu, uint32_t intid)
{
	/* Pending, enabled, of an enabled group: may be signalled. */
	uint32_t w = word_get(d, cpu, VGIC_PENDING, intid) &
		     word_get(d, cpu, VGIC_ENABLED, intid) &
		     groups_on(d->ctlr, word_get(d, cpu, VGIC_GROUP1, intid));
	unsigned t;

	if (((w >> (intid % 32)) & 1u) == 0) {
		return 0;
	}
	t = intid < VGIC_NR_PRIVATE ? cpu : vgic_lr_route(d, intid);
	return t == NO_ROUTE ? 0 : 1u << t;
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
 * Moves intid's state (active; pending if pend, which says the interrupt
 * is pending, enabled and of an enabled group: what vCPU self may take
 * now) from the model into lr, and marks it loaded (VGIC_LR_*).
 */
static void take(struct arch_vgic_dist *d, unsigned self, uint32_t intid,
		 bool pend, struct vgic_lr *lr)
{
	bool act = test(d, self, VGIC_ACTIVE, intid);
	uint32_t ends;

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
	/*
	 * Passed-through SPIs, held PPIs: mica must see them end. GICv3 links
	 * a held PPI (the timer's, active on the vCPU's CPU) to its physical
	 * interrupt instead, which the guest's end deactivates (vgic.h).
	 */
	ends = intid >= VGIC_NR_PRIVATE ? d->forwarded[intid / 32 - 1] :
					  d->cpus[self]->held;
	lr->eoi_maint = ((ends >> (intid % 32)) & 1u) != 0;
	if (lr->eoi_maint && intid < VGIC_NR_PRIVATE && d->v3) {
		lr->eoi_maint = false;
		lr->hw = true;
	}
}

unsigned vgic_lr_load(struct arch_vgic_dist *d, unsigned self,
		      struct vgic_lr out[], unsigned max, bool *more)
{
	struct candidate top[VGIC_MAX_LRS];
	unsigned n = 0;
	/* Bit n: the word of base 32n; the private one, then busy SPI ones. */
	uint32_t words;

	*more = false;
	if (self >= d->cpu_count) {
		return 0;
	}
	if (max > VGIC_MAX_LRS) {
		max = VGIC_MAX_LRS;
	}
	words = 1u | (d->spi_busy & ((1u << VGIC_SPI_WORDS) - 1)) << 1;
	while (words != 0) {
		uint32_t base = lowest_bit(words) * 32;
		uint32_t pend = word_get(d, self, VGIC_PENDING, base);
		uint32_t act = word_get(d, self, VGIC_ACTIVE, base);
		uint32_t w;

		words &= words - 1;
		if ((pend | act) == 0) {
			if (base >= VGIC_NR_PRIVATE) {
				/* Idle until an access marks it again. */
				d->spi_busy &= ~(1u << (base / 32 - 1));
			}
			continue;
		}
		pend &= word_get(d, self, VGIC_ENABLED, base) &
			groups_on(d->ctlr,
				  word_get(d, self, VGIC_GROUP1, base));
		w = pend | act;
		if (base >= VGIC_NR_PRIVATE) {
			/* In another vCPU's list registers: not twice. */
			w &= ~(word_get(d, self, VGIC_LR_PENDING, base) |
			       word_get(d, self, VGIC_LR_ACTIVE, base));
		}
		while (w != 0) {
			unsigned bit = lowest_bit(w);
			uint32_t intid = base + bit;
			struct candidate c = {
				.key = ((act >> bit) & 1u) != 0 ? 0 : 0x100,
				.intid = (uint8_t)intid,
				.pend = ((pend >> bit) & 1u) != 0,
			};

			w &= w - 1;
			if (intid < VGIC_NR_PRIVATE ||
			    vgic_lr_route(d, intid) == self) {
				c.key |= priority_get(d, self, intid);
				offer(top, &n, max, c, more);
			}
		}
	}
	for (unsigned k = 0; k < n; k++) {
		take(d, self, top[k].intid, top[k].pend, &out[k]);
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
	/* SGIs: GICv2 keeps one per sender; the full reload sorts them. */
	if (intid < VGIC_NR_SGIS || intid >= VGIC_NR_IRQS ||
	    self >= d->cpu_count) {
		*kick = vgic_dist_inject(d, self, intid);
		return 0;
	}
	set(d, self, VGIC_PENDING, intid);
	*kick = vgic_lr_wake(d, self, intid);
	return *kick & (1u << (self % VGIC_MAX_VCPUS)); /* self < cpu_count */
}

bool vgic_lr_inject(struct arch_vgic_dist *d, unsigned self, uint32_t intid,
		    struct vgic_lr *lr, uint32_t *kick)
{
	uint32_t me = inject_self(d, self, intid, kick);

	/* Not one it cannot take now, nor one already in a list register. */
	if (me == 0 || test(d, self, VGIC_LR_PENDING, intid) ||
	    test(d, self, VGIC_LR_ACTIVE, intid)) {
		return false;
	}
	take(d, self, intid, true, lr); /* self's bit in *kick: deliverable */
	*kick &= ~me;
	return true;
}

bool vgic_lr_inject_active(struct arch_vgic_dist *d, unsigned self,
			   uint32_t intid, struct vgic_lr *lr, uint32_t *kick)
{
	uint32_t me = inject_self(d, self, intid, kick);

	if (me == 0 || lr->intid != intid ||
	    (lr->state != VGIC_LR_STATE_ACTIVE && lr->state != 0)) {
		return false;
	}
	if (lr->state == 0) {
		clear(d, self, VGIC_LR_ACTIVE, intid);
		clear(d, self, VGIC_LATCHED, intid); /* acknowledged */
	}
	/* Pending in that list register, not in the model: once. */
	clear(d, self, VGIC_PENDING, intid);
	set(d, self, VGIC_LR_PENDING, intid);
	lr->state |= VGIC_LR_STATE_PENDING;
	*kick &= ~me;
	return true;
}

uint64_t vgic_lr_fast(const struct arch_vgic_dist *d, unsigned self,
		      const struct vgic_lr *lr)
{
	uint32_t intid = lr->intid;

	/* Linked (a held PPI, GICv3 only), just made pending by the model. */
	if (!lr->hw || lr->state != VGIC_LR_STATE_PENDING ||
	    intid >= VGIC_NR_PRIVATE || self >= d->cpu_count || !d->v3) {
		return 0;
	}
	/* Not latched: the fast path does not clear it, as an ack must. */
	if (!test(d, self, VGIC_ENABLED, intid) ||
	    test(d, self, VGIC_LATCHED, intid) ||
	    ((groups_on(d->ctlr, word_get(d, self, VGIC_GROUP1, intid)) >>
	      intid) &
	     1u) == 0) {
		return 0;
	}
	return vgic_lr_v3(lr);
}

uint32_t vgic_lr_unload(struct arch_vgic_dist *d, unsigned self,
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
		if (intid >= VGIC_NR_PRIVATE &&
		    vgic_lr_route(d, intid) != self) {
			kick |= vgic_lr_wake(d, self, intid);
		}
	}
	return kick;
}

unsigned vgic_lr_maint(struct vgic_lr lrs[], unsigned count, bool more)
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
		/*
		 * Active: back when the guest ends it. A held timer's end then
		 * releases its physical PPI through that exit (vgic.c's
		 * unhold()), not through the link, whose pINTID overlaps EOI.
		 */
		lrs[0].eoi_maint = true;
		lrs[0].hw = false;
	}
	return m;
}
