// SPDX-License-Identifier: Apache-2.0
/*
 * vCPUs on AArch64: the EL2 configuration a guest runs under (HCR_EL2,
 * MDCR_EL2, stage 2, traps), its state (general registers in the exception
 * frame, EL1 system registers, FP/SIMD switched lazily, virtual timer) and
 * entering and leaving it. A guest runs at EL1 with stage 2 on; every physical
 * interrupt, HVC, SMC, stage-2 fault and trapped system register comes to
 * EL2, and WFI too for a vCPU that shares its CPU; a direct vCPU's own
 * interrupts (group 1, HCR_EL2.IMO clear) go to its EL1 instead, mica's
 * (group 0, FIQ) still to EL2 (docs/direct.md). The debug registers are
 * never switched: a vCPU alone on its CPU keeps the CPU's, one that shares
 * it gets none (MDCR_SHARED).
 */
#include "arch/cpu.h"
#include "arch/irq.h"
#include "arch/mmu.h"
#include "arch/stack.h"
#include "arch/vcpu.h"
#include "arch/vgic.h"
#include "drivers/gic.h"
#include "mica/cpu.h"
#include "mica/string.h"
#include "mica/vm.h"
#include "trap.h"
#include "vgic.h"
#include "sysreg.h"

#define HCR_VM (UINT64_C(1) << 0)
#define HCR_SWIO (UINT64_C(1) << 1)
#define HCR_FB (UINT64_C(1) << 9)
#define HCR_BSU_IS (UINT64_C(1) << 10)
#define HCR_TID3 (UINT64_C(1) << 18)
#define HCR_TSC (UINT64_C(1) << 19)
#define HCR_TACR (UINT64_C(1) << 21)
#define HCR_TSW (UINT64_C(1) << 22)
#define HCR_TWI (UINT64_C(1) << 13)

/*
 * Stage 2 on; physical interrupts, SError to EL2; SMC (no firmware for
 * guests), set/way cache maintenance, ACTLR and the ID registers (TID3:
 * trap.c hides the PMU, SVE and SME there) trapped. WFI is trapped
 * (HCR_EL2.TWI) only for a vCPU that shares its CPU, so that the others run
 * while it waits; a vCPU alone on its CPU idles in hardware and wakes on its
 * virtual interrupts with no exit.
 */
#define HCR_GUEST                                                       \
	(HCR_VM | HCR_SWIO | (uint64_t)HCR_FMO | (uint64_t)HCR_IMO |    \
	 (uint64_t)HCR_AMO | HCR_FB | HCR_BSU_IS | HCR_TSC | HCR_TACR | \
	 HCR_TSW | HCR_TID3 | (uint64_t)HCR_RW)
/* While the CPU runs no guest: interrupts to EL2, no stage 2. */
#define HCR_HOST                                                     \
	((uint64_t)HCR_FMO | (uint64_t)HCR_IMO | (uint64_t)HCR_AMO | \
	 (uint64_t)HCR_RW)

/*
 * MDCR_EL2: trap the PMU (TPM, TPMCR), which would let a partition count
 * events on a CPU and raise interrupts mica does not own: the ID registers
 * say there is none and its registers are undefined (trap.c). A vCPU
 * alone on its CPU keeps the debug registers as its own: nothing else runs
 * there for its breakpoints to hit.
 */
#define MDCR_GUEST ((UINT64_C(1) << 5) | (UINT64_C(1) << 6))
/*
 * A vCPU that shares its CPU does not get the debug registers (TDRA, TDOSA,
 * TDA: they read as zero and ignore writes, trap.c), or its breakpoints and
 * watchpoints would fire in the other vCPUs. Not TDE (bit 8): it would
 * also route the vCPU's debug exceptions to EL2, so that its BRK (Linux's
 * WARN and BUG) met its fault policy instead of its own vector.
 */
#define MDCR_SHARED \
	((UINT64_C(1) << 9) | (UINT64_C(1) << 10) | (UINT64_C(1) << 11))

/* SCTLR_EL1 at reset of a vCPU: MMU and caches off, RES1 bits set. */
#define SCTLR_EL1_RESET UINT64_C(0x30d00800)
#define VTIMER_PPI VGIC_VTIMER_PPI
/* CPTR_EL2 as entry.S sets it (SVE and SME trapped), and with TFP. */
#define CPTR_EL2_GUEST UINT64_C(0x33ff)
#define CPTR_EL2_FP_TRAP (CPTR_EL2_GUEST | (UINT64_C(1) << 10))

void fpsimd_save(struct arch_fp_regs *fp);
void fpsimd_load(const struct arch_fp_regs *fp);
void regs_copy(struct arch_regs *dst, const struct arch_regs *src);
void el1_save(struct arch_el1_regs *e);
void el1_load(const struct arch_el1_regs *e);
_Static_assert(sizeof(struct arch_el1_regs) == 24 * sizeof(uint64_t),
	       "fpsimd.S moves 12 pairs of EL1 registers");
_Noreturn void vcpu_eret(const struct arch_regs *regs, uint64_t stack_top);

extern uint8_t mica_stacks[];

/*
 * FP/SIMD switches lazily: a switch leaves the registers as they are and
 * traps the next vCPU's first FP/SIMD instruction unless they are its own
 * already (CPTR_EL2.TFP, which traps EL2 too: mica has none, fpsimd.S
 * aside). The vCPU whose state each CPU's registers hold, or NULL; only
 * that CPU reads or writes its entry (a vCPU runs on one CPU, v->pcpu).
 */
static struct vcpu *fp_owner[MICA_MAX_CPUS];

void vcpu_fp_take(struct vcpu *v)
{
	unsigned cpu = cpu_local()->index % MICA_MAX_CPUS;
	struct vcpu *old = fp_owner[cpu];

	write_sysreg(cptr_el2, CPTR_EL2_GUEST);
	isb();
	if (old == v) {
		return; /* a trap from before its registers came back */
	}
	if (old != NULL) {
		fpsimd_save(&old->arch.fp);
	}
	fpsimd_load(&v->arch.fp);
	fp_owner[cpu] = v;
}

void arch_vcpu_cpu_init(void)
{
	arch_mm_stage2_init(3);
	/*
	 * EL1 may read the physical counter, not use the physical timer: its
	 * registers trap and are undefined (trap.c). Partitions have the
	 * virtual timer, which Linux and libmica use; U-Boot reads only the
	 * counter.
	 */
	write_sysreg(cnthctl_el2, 1);
	write_sysreg(cntvoff_el2, 0);
	isb();
}

void arch_vcpu_reset(struct vcpu *v, ipa_t entry, uint64_t context)
{
	struct arch_vcpu *a = &v->arch;

	memset(&a->regs, 0, sizeof(a->regs));
	memset(&a->el1, 0, sizeof(a->el1));
	memset(&a->fp, 0, sizeof(a->fp));
	/* Its old FP/SIMD registers, still on its CPU, are not its state now. */
	if (fp_owner[v->pcpu % MICA_MAX_CPUS] == v) {
		fp_owner[v->pcpu % MICA_MAX_CPUS] = NULL;
	}
	a->regs.x[0] = context;
	a->regs.elr = ipa_addr(entry);		/* translation is off: an IPA */
	a->regs.spsr = SPSR_DAIF | SPSR_M_EL1H; /* EL1h, all masked */
	a->el1.sctlr = SCTLR_EL1_RESET;
	a->cntv_ctl = 0;
	a->cntv_cval = 0;
	/* Aff0 = the vCPU's index in its partition. */
	a->vmpidr = MPIDR_RES1 | v->index;
	a->loaded = false;
	memset(a->direct_icc, 0, sizeof(a->direct_icc));
	a->direct_reset = true;
	arch_vgic_vcpu_init(v);
}

void arch_vcpu_release(struct vcpu *v)
{
	unsigned cpu = cpu_local()->index % MICA_MAX_CPUS;

	if (fp_owner[cpu] == v) {
		/* TFP traps EL2's own FP/SIMD use too: lifted for the save. */
		write_sysreg(cptr_el2, CPTR_EL2_GUEST);
		isb();
		fpsimd_save(&v->arch.fp);
		fp_owner[cpu] = NULL;
	}
}

void arch_vcpu_set_return(struct vcpu *v, uint64_t value)
{
	v->arch.regs.x[0] = value;
}

/* Whether mica holds a's timer interrupt (arch_vcpu_vtimer_hold()). */
static inline bool timer_held(const struct arch_vcpu *a)
{
	return (a->vgic.held & (1u << VTIMER_PPI)) != 0;
}

static void load_state(struct vcpu *v)
{
	const struct arch_vcpu *a = &v->arch;
	unsigned cpu = cpu_local()->index % MICA_MAX_CPUS;

	el1_load(&a->el1);
	/* FP/SIMD: its own registers, or a trap to fetch them (vcpu_fp_take()). */
	write_sysreg(cptr_el2,
		     fp_owner[cpu] == v ? CPTR_EL2_GUEST : CPTR_EL2_FP_TRAP);
	/*
	 * The timer's PPI is this vCPU's now: on unless mica holds it (set
	 * before the timer's line can rise). A direct vCPU takes it itself,
	 * in group 1 (GICv3: the scenario check proved it), from a clean
	 * state after each reset.
	 */
	if (v->direct) {
		if (a->direct_reset) {
			gicv3_direct_give(cpu, VTIMER_PPI);
			v->arch.direct_reset = false;
		}
		gicv3_direct_restore(a->direct_icc);
	} else {
		vgic_hw_hold(timer_held(a));
	}
	write_sysreg(cntv_cval_el0, a->cntv_cval);
	write_sysreg(cntv_ctl_el0, a->cntv_ctl);
	write_sysreg(vmpidr_el2, a->vmpidr);
	write_sysreg(vttbr_el2, (uintptr_t)v->vm->s2.root |
					((uint64_t)v->vm->arch.vmid << 48));
	isb();
	/* A new VMID per partition: no stale translations to flush here. */
	write_sysreg(mdcr_el2, MDCR_GUEST | (v->shares_cpu ? MDCR_SHARED : 0));
	/* Direct: IRQs (its group 1) to its EL1; FIQs (mica's) still here. */
	write_sysreg(hcr_el2,
		     (v->direct ? HCR_GUEST & ~(uint64_t)HCR_IMO : HCR_GUEST) |
			     (v->shares_cpu ? HCR_TWI : 0));
	isb();
}

void arch_vcpu_save(struct vcpu *v)
{
	struct arch_vcpu *a = &v->arch;

	arch_vgic_sync(v); /* still loaded after an interrupt exit */
	if (!a->loaded) {
		return;
	}
	el1_save(&a->el1);
	a->cntv_ctl = read_sysreg(cntv_ctl_el0);
	a->cntv_cval = read_sysreg(cntv_cval_el0);
	/* Its timer must not fire into the next vCPU, or into nobody. */
	write_sysreg(cntv_ctl_el0, 0);
	if (v->direct) {
		gicv3_direct_save(a->direct_icc); /* before IRQs come here */
	}
	write_sysreg(hcr_el2, HCR_HOST);
	isb();
	a->loaded = false;
}

/* The top of the calling CPU's stack, where a guest's exit frame sits. */
static uintptr_t stack_top(void)
{
	unsigned cpu = cpu_local()->index;

	return (uintptr_t)mica_stacks +
	       (uintptr_t)(cpu + 1) * ARCH_STACK_SLOT_SIZE;
}

_Noreturn void arch_vcpu_enter(struct vcpu *v)
{
	uint64_t top = stack_top();

	if (!v->arch.loaded) {
		load_state(v);
		v->arch.loaded = true;
	}
	arch_vgic_flush(v);
	vcpu_eret(&v->arch.regs, top);
}

void arch_vcpu_preempt(struct vcpu *v)
{
	/* The exit's frame: at the top of this CPU's stack (vcpu_eret). */
	const struct arch_regs *frame =
		(const struct arch_regs *)(stack_top() -
					   sizeof(struct arch_regs));

	regs_copy(&v->arch.regs, frame);
	arch_vcpu_save(v);
}

uint64_t arch_vcpu_vtimer_deadline(const struct vcpu *v)
{
	uint64_t ctl = v->arch.cntv_ctl;

	/* CNTVOFF_EL2 is 0: the virtual count is the physical one. */
	if ((ctl & (CNT_CTL_ENABLE | CNT_CTL_IMASK)) != CNT_CTL_ENABLE ||
	    timer_held(&v->arch)) {
		return SCHED_NEVER;
	}
	return v->arch.cntv_cval;
}

bool arch_vcpu_vtimer_pending(struct vcpu *v)
{
	uint64_t ctl = read_sysreg(cntv_ctl_el0);

	/* The running vCPU's timer is the CPU's. */
	return (ctl & (CNT_CTL_ENABLE | CNT_CTL_IMASK | CNT_CTL_ISTATUS)) ==
		       (CNT_CTL_ENABLE | CNT_CTL_ISTATUS) &&
	       !timer_held(&v->arch);
}

/*
 * The physical PPI is held on the vCPU's CPU (vgic.h: GICv3 active, its
 * list register linked to it; GICv2 disabled) from mica's EOI
 * (vgic_vtimer_held()), and at each load of the vCPU, until the guest ends
 * the virtual one; the first sync or reload of its list registers that
 * finds it ended (vgic.c, unhold()) ends the hold in the model. On GICv3
 * the guest's end releases the PPI itself, with no exit, so a fire while
 * v is loaded means the guest ended the last one (on GICv2: the same fire
 * acknowledged again before the disable, already pending in its list
 * register); a saved vCPU's hold is exact.
 */
bool arch_vcpu_vtimer_hold(struct vcpu *v)
{
	struct arch_vcpu *a = &v->arch;

	if (timer_held(a) && !a->loaded) {
		return false;
	}
	a->vgic.held |= 1u << VTIMER_PPI;
	return true;
}

bool vgic_vtimer_held(void)
{
	const struct vcpu *v = vcpu_current();

	return v != NULL && v->arch.loaded && timer_held(&v->arch);
}

uint32_t arch_vcpu_vtimer_irq(void)
{
	return VTIMER_PPI;
}
