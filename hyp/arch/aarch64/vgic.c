// SPDX-License-Identifier: Apache-2.0
/*
 * The virtual GIC on the hardware (arch/vgic.h): each partition sees a GIC
 * of the board's version at the SCN_VGIC* addresses. The distributor (and
 * GICv3's redistributors) are emulated on stage-2 faults by the model
 * (vgic_dist.c, vgic_redist.c); the CPU interface is the hardware's
 * virtual one (GICv3: the ICV_* registers behind the guest's ICC_*
 * accesses; GICv2: the GICV page mapped at SCN_VGICC_BASE), fed through
 * its list registers (vgic_lr.c chooses their contents).
 *
 * List registers are a cache of the model: arch_vgic_flush() loads the
 * vCPU's virtual interface (VMCR, active priorities, up to all list
 * registers, active interrupts first, then pending ones by priority) and
 * arch_vgic_sync() puts back what the guest left (pending, active, or
 * nothing once it ended it). A vCPU with more interrupts than list
 * registers gets the "no pending" and "underflow" maintenance interrupts
 * (vgic_lr_maint()), so it exits, and is refilled, as soon as it has
 * taken those pending or ended all but one (active interrupts go first, so
 * more active ones than list registers keep the pending ones waiting until
 * the guest ends some: as KVM's); a GICv2 SGI sent by several vCPUs at
 * once asks for the end-of-interrupt one on the list register of the
 * first. While no vCPU is loaded every list register is invalid and the
 * interface is off (HCR.En = 0), so nothing is signalled to a CPU that
 * runs no guest and the maintenance interrupt drops.
 *
 * Exits for a synchronous exception (a trap, an abort) sync at once, as
 * they may read or change the model. Exits for an interrupt, the path
 * interrupt latency depends on, and hypercalls (a doorbell's path), which
 * read and change nothing of the caller's model, keep the list registers
 * loaded: an interrupt for the vCPU that runs here goes straight into a
 * free list register (one the guest has emptied, or one not used yet; the
 * model's vgic_lr_inject()), and the way back reloads nothing unless the model
 * gained something the list registers lack: `refill`, set before every
 * kick and by the maintenance interrupt. Switching to another vCPU syncs
 * (arch_vcpu_save()).
 *
 * Locking: one spinlock per VM (struct arch_vgic_dist .lock) guards the
 * model, taken for the model update only (bounded: at most one pass over
 * VGIC_NR_IRQS bits); the hardware is read and written outside it, by the
 * vCPU's own CPU. Kicks are sent after the unlock. Callers run at EL2 with
 * interrupts masked (exception handlers, the idle loop's masked part), so
 * no interrupt on the same CPU ever waits for the lock that CPU holds.
 */
#include "arch/cpu.h"
#include "arch/irq.h"
#include "arch/timer.h"
#include "arch/vcpu.h"
#include "arch/vgic.h"
#include "arm64/gic.h"
#include "drivers/mmio.h"
#include "mica/cpu.h"
#include "mica/vm.h"
#include "sysreg.h"
#include "vgic.h"
#include "vgic_dist.h"

_Static_assert(SCN_MAX_VCPUS <= VGIC_MAX_VCPUS,
	       "a VM's vCPUs must fit the vGIC's target bitmaps");

/* GICv3 virtual interface control, by encoding (older assemblers). */
#define ICH_HCR_EL2 S3_4_C12_C11_0
#define ICH_VTR_EL2 S3_4_C12_C11_1
#define ICH_ELRSR_EL2 S3_4_C12_C11_5
#define ICH_VMCR_EL2 S3_4_C12_C11_7

/* HCR: the same bits in both versions (and VGIC_MAINT_*). */
#define VGIC_HCR_EN (1u << 0)

static bool hw_v3;
static paddr_t gich;
/* Per physical CPU: list registers in use (0: no virtual interface). */
static uint8_t cpu_lrs[MICA_MAX_CPUS];
/* GICv3, per physical CPU: ICH_AP0R<n>/ICH_AP1R<n> registers (1, 2, 4). */
static uint8_t cpu_aprs[MICA_MAX_CPUS];
/*
 * Per physical CPU: list registers the last load wrote and no save has
 * emptied yet (0 after every sync). Only a load without a sync between
 * (a vCPU reset or replaced while loaded) finds it non-zero.
 */
static uint8_t cpu_lrs_live[MICA_MAX_CPUS];

/* vectors.S indexes vgic_vtimer_fast by the index at struct cpu's start. */
_Static_assert(offsetof(struct cpu, index) == 0 &&
		       sizeof(vgic_vtimer_fast[0]) == 16 && VGIC_MAX_LRS == 16,
	       "vectors.S and vgic_vtimer_fast disagree");
uint64_t vgic_vtimer_fast[MICA_MAX_CPUS][2];

/* No fast path on cpu (a physical CPU's index) until fast_set() again. */
static inline void fast_clear(unsigned cpu)
{
	__atomic_store_n(&vgic_vtimer_fast[cpu % MICA_MAX_CPUS][0], 0,
			 __ATOMIC_RELAXED);
}

/*
 * List register k of the calling CPU, which runs vCPU self, holds lr now,
 * linked to its held PPI (the timer's; d locked): the fast path's value
 * for it (vgic_lr_fast()), or none.
 */
static void fast_set(const struct arch_vgic_dist *d, unsigned self, unsigned k,
		     const struct vgic_lr *lr)
{
	unsigned cpu = arch_cpu_local()->index % MICA_MAX_CPUS;
	uint64_t value = vgic_lr_fast(d, self, lr);

	if (value != 0) {
		vgic_vtimer_fast[cpu][1] = k;
	}
	__atomic_store_n(&vgic_vtimer_fast[cpu][0], value, __ATOMIC_RELAXED);
}

/* One more level of macro, so that the names expand before '#'. */
#define rd_sys(r) read_sysreg(r)
#define wr_sys(r, v) write_sysreg(r, v)

static uint64_t lr_read_v3(unsigned n)
{
	switch (n) {
	case 0: return rd_sys(S3_4_C12_C12_0);
	case 1: return rd_sys(S3_4_C12_C12_1);
	case 2: return rd_sys(S3_4_C12_C12_2);
	case 3: return rd_sys(S3_4_C12_C12_3);
	case 4: return rd_sys(S3_4_C12_C12_4);
	case 5: return rd_sys(S3_4_C12_C12_5);
	case 6: return rd_sys(S3_4_C12_C12_6);
	case 7: return rd_sys(S3_4_C12_C12_7);
	case 8: return rd_sys(S3_4_C12_C13_0);
	case 9: return rd_sys(S3_4_C12_C13_1);
	case 10: return rd_sys(S3_4_C12_C13_2);
	case 11: return rd_sys(S3_4_C12_C13_3);
	case 12: return rd_sys(S3_4_C12_C13_4);
	case 13: return rd_sys(S3_4_C12_C13_5);
	case 14: return rd_sys(S3_4_C12_C13_6);
	default: return rd_sys(S3_4_C12_C13_7);
	}
}

static void lr_write_v3(unsigned n, uint64_t v)
{
	switch (n) {
	case 0: wr_sys(S3_4_C12_C12_0, v); break;
	case 1: wr_sys(S3_4_C12_C12_1, v); break;
	case 2: wr_sys(S3_4_C12_C12_2, v); break;
	case 3: wr_sys(S3_4_C12_C12_3, v); break;
	case 4: wr_sys(S3_4_C12_C12_4, v); break;
	case 5: wr_sys(S3_4_C12_C12_5, v); break;
	case 6: wr_sys(S3_4_C12_C12_6, v); break;
	case 7: wr_sys(S3_4_C12_C12_7, v); break;
	case 8: wr_sys(S3_4_C12_C13_0, v); break;
	case 9: wr_sys(S3_4_C12_C13_1, v); break;
	case 10: wr_sys(S3_4_C12_C13_2, v); break;
	case 11: wr_sys(S3_4_C12_C13_3, v); break;
	case 12: wr_sys(S3_4_C12_C13_4, v); break;
	case 13: wr_sys(S3_4_C12_C13_5, v); break;
	case 14: wr_sys(S3_4_C12_C13_6, v); break;
	default: wr_sys(S3_4_C12_C13_7, v); break;
	}
}

/* ICH_AP0R<n> in apr[n], ICH_AP1R<n> in apr[4 + n], for n < count. */
static void apr_save_v3(uint32_t apr[8], unsigned count)
{
	apr[0] = (uint32_t)rd_sys(S3_4_C12_C8_0);
	apr[4] = (uint32_t)rd_sys(S3_4_C12_C9_0);
	if (count > 1) {
		apr[1] = (uint32_t)rd_sys(S3_4_C12_C8_1);
		apr[5] = (uint32_t)rd_sys(S3_4_C12_C9_1);
	}
	if (count > 2) {
		apr[2] = (uint32_t)rd_sys(S3_4_C12_C8_2);
		apr[6] = (uint32_t)rd_sys(S3_4_C12_C9_2);
		apr[3] = (uint32_t)rd_sys(S3_4_C12_C8_3);
		apr[7] = (uint32_t)rd_sys(S3_4_C12_C9_3);
	}
}

static void apr_load_v3(const uint32_t apr[8], unsigned count)
{
	wr_sys(S3_4_C12_C8_0, apr[0]);
	wr_sys(S3_4_C12_C9_0, apr[4]);
	if (count > 1) {
		wr_sys(S3_4_C12_C8_1, apr[1]);
		wr_sys(S3_4_C12_C9_1, apr[5]);
	}
	if (count > 2) {
		wr_sys(S3_4_C12_C8_2, apr[2]);
		wr_sys(S3_4_C12_C9_2, apr[6]);
		wr_sys(S3_4_C12_C8_3, apr[3]);
		wr_sys(S3_4_C12_C9_3, apr[7]);
	}
}

void vgic_hw_init(const struct arch_board *a)
{
	hw_v3 = a->gic == GIC_V3;
	gich = a->gich;
}

void vgic_hw_cpu_init(unsigned cpu)
{
	unsigned n = 0;

	if (cpu >= MICA_MAX_CPUS) {
		return;
	}
	if (hw_v3) {
		static const uint32_t apr0[8] = { 0 };
		uint64_t vtr = rd_sys(ICH_VTR_EL2);
		unsigned pre = (unsigned)((vtr >> 26) & 7) + 1;

		n = (unsigned)(vtr & 0x1f) + 1;
		cpu_aprs[cpu] = (uint8_t)(pre >= 7 ? 4 : pre == 6 ? 2 : 1);
		wr_sys(ICH_HCR_EL2, 0);
		wr_sys(ICH_VMCR_EL2, 0);
		apr_load_v3(apr0, cpu_aprs[cpu]);
		for (unsigned i = 0; i < n; i++) {
			lr_write_v3(i, 0);
		}
		isb();
	} else if (pa_addr(gich) != 0) {
		n = (mmio_read32(gich, GICH_VTR) & 0x3f) + 1;
		mmio_write32(gich, GICH_HCR, 0);
		mmio_write32(gich, GICH_VMCR, 0);
		mmio_write32(gich, GICH_APR, 0);
		for (unsigned i = 0; i < n; i++) {
			mmio_write32(gich, GICH_LR + 4 * i, 0);
		}
	}
	cpu_lrs[cpu] = (uint8_t)(n < VGIC_MAX_LRS ? n : VGIC_MAX_LRS);
}

void vgic_maintenance(void)
{
	struct vcpu *v = vcpu_current();

	/* Its list registers need the model: reload them on the way back. */
	if (v != NULL) {
		__atomic_store_n(&v->arch.vgic.refill, true, __ATOMIC_SEQ_CST);
	}
	if (hw_v3) {
		wr_sys(ICH_HCR_EL2, 0);
		isb();
	} else if (pa_addr(gich) != 0) {
		mmio_write32(gich, GICH_HCR, 0);
	}
}

/* Wakes the physical CPUs of the vCPUs in mask, other than the caller. */
static void kick(struct vm *vm, uint32_t mask)
{
	for (unsigned i = 0; mask != 0 && i < vm->vcpu_count; i++) {
		if ((mask & (1u << i)) != 0) {
			mask &= ~(1u << i);
			__atomic_store_n(&vm->vcpus[i].arch.vgic.refill, true,
					 __ATOMIC_SEQ_CST);
			vcpu_kick(&vm->vcpus[i]);
		}
	}
}

void arch_vgic_vm_init(struct vm *vm)
{
	struct arch_vgic_dist *d = &vm->arch.vgic;
	struct arch_vgic_cpu *banked[VGIC_MAX_VCPUS] = { NULL };
	unsigned n = 0;

	while (n < vm->vcpu_count && n < VGIC_MAX_VCPUS) {
		banked[n] = &vm->vcpus[n].arch.vgic;
		n++;
	}
	spinlock_lock(&d->lock);
	vgic_dist_reset(d, hw_v3, banked, n);
	spinlock_unlock(&d->lock);
}

void arch_vgic_vcpu_init(struct vcpu *v)
{
	struct arch_vgic_dist *d = &v->vm->arch.vgic;

	spinlock_lock(&d->lock);
	vgic_dist_cpu_reset(&v->arch.vgic);
	fast_clear(v->pcpu); /* its model is new */
	spinlock_unlock(&d->lock);
}

enum vgic_mmio arch_vgic_mmio(struct vcpu *v, ipa_t ipa, bool write,
			      unsigned size, uint64_t *val)
{
	struct arch_vgic_dist *d = &v->vm->arch.vgic;
	/* Offsets in each frame; an address below one wraps past its end. */
	uint64_t gicd = ipa_addr(ipa) - SCN_VGICD_BASE;
	uint64_t gicr = ipa_addr(ipa) - SCN_VGICR_BASE;
	enum vgic_mmio r;
	uint32_t k = 0;

	if (gicd >= VGIC_DIST_SIZE &&
	    (!hw_v3 || gicr >= (uint64_t)d->cpu_count * VGIC_RDIST_STRIDE)) {
		return VGIC_MMIO_NOT_MINE;
	}
	spinlock_lock(&d->lock);
	if (gicd < VGIC_DIST_SIZE) {
		r = vgic_dist_mmio(d, v->index, gicd, write, size, val, &k);
	} else {
		r = vgic_redist_mmio(d, (unsigned)(gicr / VGIC_RDIST_STRIDE),
				     gicr % VGIC_RDIST_STRIDE, write, size, val,
				     &k);
	}
	/*
	 * The model changed: no fast path on any of the VM's vCPUs until their
	 * timer is injected again (v's own reloads anyway). Under the lock,
	 * which fast_set()'s callers hold too.
	 */
	for (unsigned i = 0; write && i < v->vm->vcpu_count; i++) {
		fast_clear(v->vm->vcpus[i].pcpu);
	}
	spinlock_unlock(&d->lock);
	kick(v->vm, k);
	return r;
}

/*
 * The list registers of the calling CPU the guest has emptied (ELRSR; on
 * GICv2 ELRSR0 covers the VGIC_MAX_LRS mica uses).
 */
static uint64_t lrs_empty(void)
{
	return hw_v3 ? rd_sys(ICH_ELRSR_EL2) : mmio_read32(gich, GICH_ELRSR0);
}

/* The VGIC_LR_STATE_* of the calling CPU's list register k. */
static inline uint8_t lr_state(unsigned k)
{
	return hw_v3 ? vgic_lr_state_v3(lr_read_v3(k)) :
		       vgic_lr_state_v2(mmio_read32(gich, GICH_LR + 4 * k));
}

static inline void lr_write(unsigned k, const struct vgic_lr *lr)
{
	if (hw_v3) {
		lr_write_v3(k, vgic_lr_v3(lr));
	} else {
		mmio_write32(gich, GICH_LR + 4 * k, vgic_lr_v2(lr));
	}
}

/* Leaves the calling CPU's list register k invalid. */
static void lr_clear(unsigned k)
{
	if (hw_v3) {
		lr_write_v3(k, 0);
	} else {
		mmio_write32(gich, GICH_LR + 4 * k, 0);
	}
}

/*
 * arch_vgic_inject() for v, loaded on the calling CPU, which runs it, of
 * intid that is in list register k: already pending there, nothing to do;
 * active (the guest handles the last one) or ended (the timer's, whose end
 * made no exit), pending again there if the model lets it.
 */
static void inject_again(struct vcpu *v, unsigned k, uint32_t intid,
			 uint32_t *kick)
{
	struct arch_vgic_dist *d = &v->vm->arch.vgic;
	struct arch_vgic_cpu *c = &v->arch.vgic;
	uint8_t state = lr_state(k);
	bool again;

	if ((state & VGIC_LR_STATE_PENDING) != 0) {
		*kick = 0; /* one pending instance is all there is */
		return;
	}
	spinlock_lock(&d->lock);
	c->lr[k].state = state;
	again = vgic_lr_inject_active(d, v->index, intid, &c->lr[k], kick);
	if (again && c->lr[k].hw) {
		fast_set(d, v->index, k, &c->lr[k]);
	}
	spinlock_unlock(&d->lock);
	if (again) {
		lr_write(k, &c->lr[k]);
	}
}

/*
 * arch_vgic_inject() for v, loaded on the calling CPU, which runs it:
 * straight into a list register if the model lets it (see
 * vgic_lr_inject()): the one that holds intid already, else one the
 * guest has emptied, else the next unused one; else into the model.
 * Returns false, having done nothing, if none of that applies; else
 * *kick says whom to kick.
 */
static bool inject_loaded(struct vcpu *v, uint32_t intid, uint32_t *kick)
{
	struct arch_vgic_dist *d = &v->vm->arch.vgic;
	struct arch_vgic_cpu *c = &v->arch.vgic;
	unsigned cpu = cpu_local()->index;
	uint64_t empty = lrs_empty();
	unsigned slot = c->lr_count;
	uint32_t ended = 0;
	bool reuse;
	bool into_lr;

	if (intid < VGIC_NR_SGIS) {
		return false; /* GICv2 keeps one per sender: the model sorts */
	}
	/* Bounded by lr_count, at most VGIC_MAX_LRS. */
	for (unsigned k = 0; k < c->lr_count; k++) {
		if (c->lr[k].intid == intid) {
			inject_again(v, k, intid, kick);
			return true;
		}
		if (((empty >> k) & 1u) != 0) {
			slot = k < slot ? k : slot;
		}
	}
	reuse = slot < c->lr_count;
	if (!reuse && (cpu >= MICA_MAX_CPUS || slot >= cpu_lrs[cpu])) {
		return false;
	}
	spinlock_lock(&d->lock);
	if (reuse) {
		/* The guest ended what it held: the model learns it now. */
		c->lr[slot].state = 0;
		ended = vgic_lr_unload(d, v->index, &c->lr[slot], 1);
		c->lr[slot].intid = VGIC_NR_IRQS; /* holds nothing */
		if (vgic_vtimer_fast[cpu % MICA_MAX_CPUS][1] == slot) {
			fast_clear(cpu); /* no longer the timer's */
		}
	}
	into_lr = vgic_lr_inject(d, v->index, intid, &c->lr[slot], kick);
	if (into_lr && c->lr[slot].hw) {
		fast_set(d, v->index, slot, &c->lr[slot]);
	}
	spinlock_unlock(&d->lock);
	*kick |= ended;
	if (into_lr) {
		lr_write(slot, &c->lr[slot]);
		if (slot == c->lr_count) {
			c->lr_count = (uint8_t)(slot + 1);
			cpu_lrs_live[cpu] = c->lr_count;
		}
	}
	return true;
}

void arch_vgic_inject(struct vcpu *v, uint32_t intid)
{
	struct arch_vgic_dist *d = &v->vm->arch.vgic;
	uint32_t k = 0;

	if (v != vcpu_current() || !v->arch.vgic.loaded ||
	    !inject_loaded(v, intid, &k)) {
		spinlock_lock(&d->lock);
		k = vgic_dist_inject(d, v->index, intid);
		spinlock_unlock(&d->lock);
	}
	kick(v->vm, k);
}

void arch_vgic_inject_waiting(struct vcpu *v, uint32_t intid)
{
	struct arch_vgic_dist *d = &v->vm->arch.vgic;

	/*
	 * vgic_dist_inject() of a PPI, but for the kick it works out: only v
	 * can take it, and v loads afresh when entered.
	 */
	if (intid >= VGIC_NR_SGIS && intid < VGIC_NR_PRIVATE &&
	    v->index < d->cpu_count) {
		spinlock_lock(&d->lock);
		set(d, v->index, VGIC_PENDING, intid);
		spinlock_unlock(&d->lock);
	}
}

bool vgic_v3_sgi1r(struct vcpu *v, uint64_t val)
{
	struct arch_vgic_dist *d = &v->vm->arch.vgic;
	uint32_t k;

	if (!hw_v3) {
		return false;
	}
	spinlock_lock(&d->lock);
	k = vgic_dist_sgi(d, v->index, (uint32_t)(val >> 24) & 0xfu,
			  vgic_dist_sgi1r_targets(d, v->index, val));
	spinlock_unlock(&d->lock);
	kick(v->vm, k);
	return true;
}

/*
 * The level of v's virtual timer output, CNTV_CTL_EL0 ENABLE and ISTATUS
 * and not IMASK (mica never sets IMASK: it holds the timer instead, see
 * arch_vcpu_vtimer_hold()); v is loaded on the calling CPU, or saved.
 */
static inline bool vtimer_line(const struct vcpu *v)
{
	const struct arch_vcpu *a = &v->arch;

	if (a->loaded) {
		return (read_sysreg(cntv_ctl_el0) &
			(CNT_CTL_ENABLE | CNT_CTL_IMASK | CNT_CTL_ISTATUS)) ==
		       (CNT_CTL_ENABLE | CNT_CTL_ISTATUS);
	}
	/* Saved: ISTATUS as it was then. CNTVOFF_EL2 is 0. */
	return (a->cntv_ctl & (CNT_CTL_ENABLE | CNT_CTL_IMASK)) ==
		       CNT_CTL_ENABLE &&
	       arch_timer_now() >= a->cntv_cval;
}

bool arch_vgic_pending(struct vcpu *v)
{
	struct arch_vgic_dist *d = &v->vm->arch.vgic;
	bool low = !vtimer_line(v);
	bool r;

	spinlock_lock(&d->lock);
	if (low) {
		vgic_dist_line_low(d, v->index, arch_vcpu_vtimer_irq());
	}
	r = vgic_dist_vcpu_pending(d, v->index);
	spinlock_unlock(&d->lock);
	return r;
}

/* Loads c's virtual interface into the calling CPU's hardware. */
static void load_hw(const struct arch_vgic_cpu *c, unsigned cpu, uint32_t hcr)
{
	/* Left over from a load nobody saved: not for this vCPU. */
	unsigned stale = cpu_lrs_live[cpu];

	if (hw_v3) {
		wr_sys(ICH_VMCR_EL2, c->vmcr);
		apr_load_v3(c->apr, cpu_aprs[cpu]);
	} else {
		mmio_write32(gich, GICH_VMCR, c->vmcr);
		mmio_write32(gich, GICH_APR, c->apr[0]);
	}
	for (unsigned k = 0; k < c->lr_count; k++) {
		lr_write(k, &c->lr[k]);
	}
	for (unsigned k = c->lr_count; k < stale; k++) {
		lr_clear(k);
	}
	if (hw_v3) {
		wr_sys(ICH_HCR_EL2, hcr);
	} else {
		mmio_write32(gich, GICH_HCR, hcr);
	}
	cpu_lrs_live[cpu] = c->lr_count;
	fast_clear(cpu); /* until the timer is injected into them */
}

/*
 * Saves the calling CPU's virtual interface into c: each loaded list
 * register's state (an empty one, per ELRSR, has none left and is not
 * read), the VMCR and active priorities; then leaves every list register
 * invalid and the interface off.
 */
static void save_hw(struct arch_vgic_cpu *c, unsigned cpu)
{
	uint64_t empty = lrs_empty();

	for (unsigned k = 0; k < c->lr_count; k++) {
		c->lr[k].state = 0;
		if (((empty >> k) & 1u) == 0) {
			c->lr[k].state = lr_state(k);
			lr_clear(k);
		}
	}
	if (hw_v3) {
		c->vmcr = (uint32_t)rd_sys(ICH_VMCR_EL2);
		apr_save_v3(c->apr, cpu_aprs[cpu]);
		wr_sys(ICH_HCR_EL2, 0);
	} else {
		c->vmcr = mmio_read32(gich, GICH_VMCR);
		c->apr[0] = mmio_read32(gich, GICH_APR);
		mmio_write32(gich, GICH_HCR, 0);
	}
	cpu_lrs_live[cpu] = 0;
	fast_clear(cpu);
}

/* Whether v holds its timer and the guest has ended its interrupt; d locked. */
static bool held_ended(const struct arch_vgic_dist *d, const struct vcpu *v)
{
	return v->arch.vgic.held != 0 &&
	       vgic_dist_idle(d, v->index, arch_vcpu_vtimer_irq());
}

/*
 * Ends the hold of v's timer (arch_vcpu_vtimer_hold()), which the guest
 * has ended (on GICv3 its linked list register released the PPI already)
 * or which dropped with the line: the physical line counts again; if it
 * is still high, the interrupt comes again at once, as a level one does.
 * v runs on the calling CPU.
 */
static void unhold(struct vcpu *v)
{
	v->arch.vgic.held = 0;
	if (v->arch.loaded) {
		vgic_hw_hold(false);
	}
}

/*
 * Moves v's list registers back into the model; whether v's timer is held
 * and the guest has ended its interrupt (the caller ends the hold).
 */
static bool unload(struct vcpu *v)
{
	struct arch_vgic_dist *d = &v->vm->arch.vgic;
	struct arch_vgic_cpu *c = &v->arch.vgic;
	unsigned cpu = cpu_local()->index;
	bool ended;
	uint32_t k;

	/* Only flush sets `loaded`, on this CPU, which it checked. */
	if (!c->loaded || cpu >= MICA_MAX_CPUS) {
		return false;
	}
	save_hw(c, cpu);
	c->loaded = false;
	if (c->lr_count == 0 && c->held == 0) {
		return false; /* nothing to give back, no hold to end */
	}
	spinlock_lock(&d->lock);
	k = vgic_lr_unload(d, v->index, c->lr, c->lr_count);
	ended = held_ended(d, v);
	spinlock_unlock(&d->lock);
	c->lr_count = 0;
	kick(v->vm, k);
	return ended;
}

void arch_vgic_sync(struct vcpu *v)
{
	if (unload(v)) {
		unhold(v); /* before a switch, whose deadline must see it */
	}
}

/* arch_vgic_flush() that is not current: syncs v, then loads it afresh. */
static __attribute__((noinline)) void reload(struct vcpu *v)
{
	struct arch_vgic_dist *d = &v->vm->arch.vgic;
	struct arch_vgic_cpu *c = &v->arch.vgic;
	unsigned cpu = cpu_local()->index;
	bool more = false;
	bool release;
	bool low;

	if (v->direct) {
		return; /* HCR_EL2.IMO clear: it takes no virtual interrupt */
	}
	if (cpu >= MICA_MAX_CPUS || cpu_lrs[cpu] == 0) {
		arch_vgic_sync(v);
		return; /* no virtual interface: the model keeps it all */
	}
	(void)unload(v); /* the hold is decided below, with the line */
	/* The timer's interrupt follows its level, as the guest left it. */
	low = !vtimer_line(v);
	spinlock_lock(&d->lock);
	if (low) {
		vgic_dist_line_low(d, v->index, arch_vcpu_vtimer_irq());
	}
	/*
	 * Ended while its line is still high (the guest ended it without
	 * lowering the line, or the next deadline came meanwhile): pending
	 * again at once, as a level interrupt is, without ending the hold
	 * only for the physical PPI to fire and exit once more.
	 */
	release = held_ended(d, v);
	if (release && !low) {
		(void)vgic_dist_inject(d, v->index, arch_vcpu_vtimer_irq());
		vgic_hw_hold(true); /* GICv3: the guest's end deactivated it */
		release = false;
	}
	c->lr_count =
		(uint8_t)vgic_lr_load(d, v->index, c->lr, cpu_lrs[cpu], &more);
	spinlock_unlock(&d->lock);
	if (release) {
		unhold(v);
	}
	/* More than fits: exit for the rest once the guest took some. */
	load_hw(c, cpu, VGIC_HCR_EN | vgic_lr_maint(c->lr, c->lr_count, more));
	c->loaded = true;
}

void arch_vgic_flush(struct vcpu *v)
{
	struct arch_vgic_cpu *c = &v->arch.vgic;

	/* Still loaded (an interrupt exit) and nothing new: current. */
	if (__atomic_exchange_n(&c->refill, false, __ATOMIC_SEQ_CST) ||
	    !c->loaded) {
		reload(v);
	}
}

void arch_vgic_forward(struct vm *vm, uint32_t intid)
{
	struct arch_vgic_dist *d = &vm->arch.vgic;

	spinlock_lock(&d->lock);
	vgic_dist_forward(d, intid);
	spinlock_unlock(&d->lock);
}

bool arch_vgic_idle(struct vm *vm, uint32_t intid)
{
	struct arch_vgic_dist *d = &vm->arch.vgic;
	bool idle;

	spinlock_lock(&d->lock);
	idle = vgic_dist_spi_idle(d, intid);
	spinlock_unlock(&d->lock);
	return idle;
}
