/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The virtual GIC's model, private to the AArch64 port: the distributor
 * registers a guest sees, interrupt state and routing (vgic_dist.c), the
 * GICv3 redistributors (vgic_redist.c), which interrupts go into a vCPU's
 * list registers and what comes back out (vgic_lr.c). Pure computation on
 * struct arch_vgic_dist / arch_vgic_cpu (no system register, no MMIO), so
 * host unit tests run the real code (tests/unit/vgic_test.c); vgic.c does
 * the hardware and the locking.
 *
 * Every function that takes a distributor expects its lock held (or, in a
 * test, no other thread). vCPUs are named by index in their VM (their MPIDR
 * Aff0); functions returning a `kick` mask return the vCPUs (bit = index)
 * that got an interrupt they can take now, for the caller to wake.
 */
#ifndef AARCH64_VGIC_DIST_H
#define AARCH64_VGIC_DIST_H

#include <stdbool.h>
#include <stdint.h>

#include "arch/vgic.h"
#include "arch/vgic_types.h"
#include "arm64/gic.h"

/* Register frames a guest sees. */
#define VGIC_DIST_SIZE 0x10000u	   /* GICD window (GICv2 uses 4 KiB of it) */
#define VGIC_RDIST_STRIDE 0x20000u /* GICv3: RD_base + SGI_base per vCPU */

/* --- the distributor and interrupt state: vgic_dist.c ------------------ */

/*
 * Resets the distributor of a VM with `count` vCPUs (at most
 * VGIC_MAX_VCPUS; more are ignored) whose private state is cpus[i], and
 * that state too: everything disabled, nothing pending, SPIs routed to
 * vCPU 0. Does not touch the lock.
 */
void vgic_dist_reset(struct arch_vgic_dist *d, bool v3,
		     struct arch_vgic_cpu *const cpus[], unsigned count);

/* Resets one vCPU's private interrupts and its saved CPU interface. */
void vgic_dist_cpu_reset(struct arch_vgic_cpu *c);

/*
 * A guest access by vCPU self to the distributor, at offset off (below
 * VGIC_DIST_SIZE) of size 1, 2, 4 or 8 bytes; a write's value in *val, a
 * read's returned there. VGIC_MMIO_BAD for sizes or alignments the GIC
 * does not allow (32-bit everywhere; also 8/16-bit in IPRIORITYR,
 * ITARGETSR, CPENDSGIR, SPENDSGIR; 64-bit in GICv3's IROUTER), never for
 * an unimplemented register, which reads as zero and ignores writes.
 * Bounded: at most 32 interrupts per access.
 */
enum vgic_mmio vgic_dist_mmio(struct arch_vgic_dist *d, unsigned self,
			      uint64_t off, bool write, unsigned size,
			      uint64_t *val, uint32_t *kick);

/*
 * Makes intid pending: a private one on vCPU self (an SGI as sent by self),
 * an SPI on the vCPU it is routed to (pending and undelivered if it is
 * routed to no vCPU). Ids of VGIC_NR_IRQS and above are ignored.
 */
uint32_t vgic_dist_inject(struct arch_vgic_dist *d, unsigned self,
			  uint32_t intid);

/*
 * The line of level-sensitive private interrupt intid of vCPU self is low
 * (the virtual timer's, sampled by the caller): its pending state in the
 * model goes, unless the guest set it (ISPENDR); in a list register it
 * stays until the vCPU exits. Edge-triggered and other ids are ignored.
 */
void vgic_dist_line_low(struct arch_vgic_dist *d, unsigned self,
			uint32_t intid);

/* vCPU self sends SGI sgi (below 16) to the vCPUs in targets. */
uint32_t vgic_dist_sgi(struct arch_vgic_dist *d, unsigned self, uint32_t sgi,
		       uint32_t targets);

/*
 * GICv3: the vCPUs a write of val to ICC_SGI1R_EL1 by vCPU self names:
 * IRM = 1, all but self; else TargetList where Aff3.Aff2.Aff1 and RS are
 * those of the VM's vCPUs (all zero). Names outside the VM are dropped.
 */
uint32_t vgic_dist_sgi1r_targets(const struct arch_vgic_dist *d, unsigned self,
				 uint64_t val);

/*
 * Whether vCPU self has an interrupt that is pending, enabled, of a group
 * enabled in the distributor and in its saved CPU interface, and of
 * higher priority than its saved priority mask: what would wake it from
 * WFI. Ignores the running priority (so it may say true for an interrupt
 * that must wait for the one being handled), never false when one passes.
 * Expects self's CPU interface saved (not loaded).
 */
bool vgic_dist_vcpu_pending(const struct arch_vgic_dist *d, unsigned self);

/*
 * Marks SPI intid as a passed-through device's: its list registers ask for
 * a maintenance interrupt when the guest ends it. Other ids are ignored.
 */
void vgic_dist_forward(struct arch_vgic_dist *d, uint32_t intid);

/*
 * Whether intid, as vCPU self sees it, is neither pending nor active, nor
 * in a list register (true for ids out of range).
 */
bool vgic_dist_idle(const struct arch_vgic_dist *d, unsigned self,
		    uint32_t intid);

/* Whether SPI intid is neither pending nor active, nor in a list register. */
bool vgic_dist_spi_idle(const struct arch_vgic_dist *d, uint32_t intid);

/* --- the GICv3 redistributors: vgic_redist.c --------------------------- */

/*
 * GICv3: an access to the redistributor of vCPU rd (below cpu_count), at
 * offset off (below VGIC_RDIST_STRIDE: RD_base, then SGI_base at 64 KiB).
 * Sizes as vgic_dist_mmio(); 64-bit for GICR_TYPER and the LPI registers
 * (which read as zero: no LPIs).
 */
enum vgic_mmio vgic_redist_mmio(struct arch_vgic_dist *d, unsigned rd,
				uint64_t off, bool write, unsigned size,
				uint64_t *val, uint32_t *kick);

/* --- list registers: vgic_lr.c ----------------------------------------- */

/*
 * Chooses what goes into vCPU self's list registers (at most max, and at
 * most VGIC_MAX_LRS): active interrupts first, then pending ones that are
 * enabled and of an enabled group, by priority, then by INTID. Moves
 * their state from the model into out[] (a loaded interrupt is marked
 * VGIC_LR_* and a routed SPI is then kept out of other vCPUs' list
 * registers). Returns how many; *more tells whether a candidate did not
 * fit. Bounded by VGIC_NR_IRQS * max steps.
 */
unsigned vgic_lr_load(struct arch_vgic_dist *d, unsigned self,
		      struct vgic_lr out[], unsigned max, bool *more);

/*
 * vgic_dist_inject() for vCPU self while it runs with its list registers
 * loaded (*kick: what that returns): and if self can take intid now and
 * it is in none of them yet, moves it into *lr as vgic_lr_load() would
 * (self's bit then leaves *kick) and returns true; for the caller to write
 * into a free list register. False for SGIs and every other case: the
 * interrupt is then pending in the model, and a kick for self, if any,
 * asks for a full reload.
 */
bool vgic_lr_inject(struct arch_vgic_dist *d, unsigned self, uint32_t intid,
		    struct vgic_lr *lr, uint32_t *kick);

/*
 * The same when intid is already in self's list register lr, whose state
 * the caller read from the hardware into lr->state: if the guest has
 * acknowledged it (active, not pending) or ended it (no state: the model
 * learns that here, as from vgic_lr_unload()) and can take it now, it
 * becomes pending again there (lr->state gains VGIC_LR_STATE_PENDING, for
 * the caller to write back) instead of in the model, and true. False, as
 * vgic_lr_inject(), in every other case.
 */
bool vgic_lr_inject_active(struct arch_vgic_dist *d, unsigned self,
			   uint32_t intid, struct vgic_lr *lr, uint32_t *kick);

/*
 * What the timer's fast path (vectors.S) may write into lr's list
 * register, vCPU self's, when its physical PPI fires again while that
 * list register is empty (the guest ended the interrupt): the value lr
 * has, if lr was just made pending (vgic_lr_inject(),
 * vgic_lr_inject_active()) and is linked to a held PPI (GICv3), and self
 * may take it now (enabled, of an enabled group, not made pending by the
 * guest). Writing it then does what vgic_lr_inject_active() would, the
 * model (its VGIC_LR_* snapshot) already saying so, until the model
 * changes. 0 otherwise: the fast path must not.
 */
uint64_t vgic_lr_fast(const struct arch_vgic_dist *d, unsigned self,
		      const struct vgic_lr *lr);

/*
 * Takes back what vgic_lr_load() or vgic_lr_inject() gave vCPU self, with
 * each entry's `state` now as the guest left it: still pending or active
 * goes back into the model, merged with what was injected meanwhile; an
 * entry with no state left is done (the guest ended it). An entry whose
 * intid is VGIC_NR_IRQS or above holds nothing and is skipped.
 */
uint32_t vgic_lr_unload(struct arch_vgic_dist *d, unsigned self,
			const struct vgic_lr lrs[], unsigned count);

/*
 * Maintenance interrupts, as both GIC versions' HCR (ICH_HCR_EL2,
 * GICH_HCR) enable them: underflow (at most one list register valid) and
 * no pending (no list register in the pending state).
 */
#define VGIC_MAINT_UNDERFLOW (1u << 1)
#define VGIC_MAINT_NO_PENDING (1u << 3)

/*
 * The maintenance interrupts (VGIC_MAINT_*) to ask for with lrs[0..count)
 * loaded, more telling whether a candidate did not fit: none if all fit.
 * Never one the hardware would signal before the guest acknowledges or
 * ends one of them, so every such exit follows progress by the guest: "no
 * pending" only while one is pending and not active (the hardware does not
 * count active and pending as pending), "underflow" only with two or more
 * loaded (the emptied ones are refilled then); with one loaded that is not
 * just pending, its end-of-interrupt one (lrs[0].eoi_maint is set).
 */
unsigned vgic_lr_maint(struct vgic_lr lrs[], unsigned count, bool more);

/*
 * lr as GICv3's ICH_LR<n>_EL2 and GICv2's GICH_LR<n> encode it: a virtual
 * interrupt with no physical one behind it (HW = 0), which the guest's EOI
 * ends in the list register alone (lr->eoi_maint asks for the maintenance
 * interrupt then).
 */
static inline uint64_t vgic_lr_v3(const struct vgic_lr *lr)
{
	/*
	 * State 63:62, HW 61, Group 60, Priority 55:48, EOI 41 or (HW) the
	 * pINTID 44:32, vINTID.
	 */
	return ((uint64_t)(lr->state & 3u) << 62) |
	       (lr->hw ? (UINT64_C(1) << 61) | ((uint64_t)lr->intid << 32) :
			 0) |
	       (lr->group1 ? UINT64_C(1) << 60 : 0) |
	       ((uint64_t)lr->priority << 48) |
	       (lr->eoi_maint ? UINT64_C(1) << 41 : 0) | lr->intid;
}

static inline uint32_t vgic_lr_v2(const struct vgic_lr *lr)
{
	/*
	 * HW 31, Grp1 30, State 29:28, Priority 27:23, EOI 19, CPUID 12:10
	 * or (HW) the PhysicalID 19:10, VirtualID.
	 */
	uint32_t v = ((uint32_t)(lr->state & 3u) << 28) |
		     (lr->hw ? (1u << 31) | ((lr->intid & 0x3ffu) << 10) : 0) |
		     (lr->group1 ? 1u << 30 : 0) |
		     ((uint32_t)(lr->priority >> 3) << 23) |
		     (lr->eoi_maint ? 1u << 19 : 0) | (lr->intid & 0x3ffu);

	if (lr->intid < VGIC_NR_SGIS) {
		v |= (uint32_t)(lr->source & 7u) << 10;
	}
	return v;
}

/* The VGIC_LR_STATE_* bits of a list register's value. */
static inline uint8_t vgic_lr_state_v3(uint64_t lr)
{
	return (uint8_t)(lr >> 62);
}

static inline uint8_t vgic_lr_state_v2(uint32_t lr)
{
	return (uint8_t)((lr >> 28) & 3u);
}

/* --- the model's own: vgic_dist.c, vgic_redist.c, vgic_lr.c ------------- */

/* The end of the seven bitmap registers' arrays of 0x80 from GICD_IGROUPR. */
#define VGIC_BITMAP_END (GICD_IGROUPR + 7 * 0x80u)

#define VGIC_IIDR 0x4d000000u	     /* ProductID 'M', no JEP106 implementer */
#define VGIC_PIDR2_V2 0x20u	     /* ArchRev 2 */
#define VGIC_PIDR2_V3 0x30u	     /* ArchRev 3 */
#define VGIC_TYPER_IDBITS (9u << 19) /* GICv3 GICD_TYPER: 10 bits of INTID */

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

static inline uint32_t all_vcpus(const struct arch_vgic_dist *d)
{
	return (1u << d->cpu_count) - 1;
}

static inline unsigned lowest_bit(uint32_t w)
{
	return (unsigned)__builtin_ctz(w);
}

_Static_assert(VGIC_SPI_WORDS < 32, "spi_busy has a bit per SPI word");

/*
 * The word of bitmap b holding intid (below VGIC_NR_IRQS): vCPU cpu's own
 * for a private interrupt, the distributor's for an SPI. Who sets an SPI's
 * pending or active bit through it marks the word busy (spi_busy).
 */
static inline uint32_t *word(struct arch_vgic_dist *d, unsigned cpu,
			     enum vgic_bit b, uint32_t intid)
{
	if (intid < VGIC_NR_PRIVATE) {
		return &d->cpus[cpu]->bits[b];
	}
	return &d->bits[b][intid / 32 - 1];
}

static inline uint32_t word_get(const struct arch_vgic_dist *d, unsigned cpu,
				enum vgic_bit b, uint32_t intid)
{
	if (intid < VGIC_NR_PRIVATE) {
		return d->cpus[cpu]->bits[b];
	}
	return d->bits[b][intid / 32 - 1];
}

static inline bool test(const struct arch_vgic_dist *d, unsigned cpu,
			enum vgic_bit b, uint32_t intid)
{
	return ((word_get(d, cpu, b, intid) >> (intid % 32)) & 1u) != 0;
}

static inline void set(struct arch_vgic_dist *d, unsigned cpu, enum vgic_bit b,
		       uint32_t intid)
{
	if (intid >= VGIC_NR_PRIVATE &&
	    (b == VGIC_PENDING || b == VGIC_ACTIVE)) {
		d->spi_busy |= 1u << (intid / 32 - 1);
	}
	*word(d, cpu, b, intid) |= 1u << (intid % 32);
}

static inline void clear(struct arch_vgic_dist *d, unsigned cpu,
			 enum vgic_bit b, uint32_t intid)
{
	*word(d, cpu, b, intid) &= ~(1u << (intid % 32));
}

static inline uint8_t priority_get(const struct arch_vgic_dist *d, unsigned cpu,
				   uint32_t intid)
{
	if (intid < VGIC_NR_PRIVATE) {
		return d->cpus[cpu]->priority[intid];
	}
	return d->priority[intid - VGIC_NR_PRIVATE];
}

/* Of the interrupts whose group bits are group1, those of enabled groups. */
static inline uint32_t groups_on(uint32_t ctlr, uint32_t group1)
{
	return ((ctlr & GICD_CTLR_ENABLE_GRP0) != 0 ? ~group1 : 0) |
	       ((ctlr & GICD_CTLR_ENABLE_GRP1) != 0 ? group1 : 0);
}

/*
 * vgic_lr_route() and vgic_lr_wake() are in vgic_lr.c, whose loops and
 * interrupt path call them: a call within the file keeps the registers GCC
 * knows they leave alone (tools/bench: a copy in another file made that
 * path 16 instructions slower; an inline copy costs about 60 bytes in each
 * caller). vgic_dist.c calls them from outside (vgic_dist_inject()
 * as a tail call, which costs no more).
 */

/*
 * The vCPU SPI intid (VGIC_NR_PRIVATE to VGIC_NR_IRQS - 1) goes to, or
 * NO_ROUTE (its route names no vCPU).
 */
unsigned vgic_lr_route(const struct arch_vgic_dist *d, uint32_t intid);

/*
 * The vCPU to wake for intid (below VGIC_NR_IRQS; private to vCPU cpu,
 * below cpu_count, or an SPI) if it is pending, enabled and of an enabled
 * group: its bit (private: cpu; an SPI: the vCPU it is routed to), else 0.
 */
uint32_t vgic_lr_wake(const struct arch_vgic_dist *d, unsigned cpu,
		      uint32_t intid);

/* Whether an access of size bytes at off is one the GIC allows at all. */
static inline bool aligned(uint64_t off, unsigned size)
{
	return (size == 1 || size == 2 || size == 4 || size == 8) &&
	       (off & (size - 1)) == 0;
}

/*
 * One of the seven bitmap registers, index reg (32 interrupts each; 0 is
 * vCPU cpu's private interrupts), by a 32-bit access.
 */
void vgic_dist_bitmap(struct arch_vgic_dist *d, unsigned cpu,
		      enum bitmap_reg kind, unsigned reg, bool write,
		      uint64_t *val, uint32_t *kick);

/*
 * IPRIORITYR or ITARGETSR bytes of intid .. intid+size-1 (private ones
 * vCPU cpu's), by an access of size 1, 2 or 4; private ones read as zero
 * and ignore writes unless `banked`, and so does GICv3's ITARGETSR
 * (affinity routing).
 */
void vgic_dist_bytes(struct arch_vgic_dist *d, unsigned cpu, bool targets,
		     bool banked, uint32_t intid, unsigned size, bool write,
		     uint64_t *val, uint32_t *kick);

/*
 * ICFGR index reg (16 interrupts each, 2 bits per interrupt; 0 and 1 are
 * vCPU cpu's). SGIs are always edges; PPIs and SPIs take what is written.
 */
void vgic_dist_icfgr(struct arch_vgic_dist *d, unsigned cpu, unsigned reg,
		     bool write, uint64_t *val);

#endif
