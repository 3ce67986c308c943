// SPDX-License-Identifier: Apache-2.0
/*
 * Exits from guests (exceptions from EL1/EL0 to EL2): decoded here, answered
 * by the core. Nothing a guest puts in its registers is trusted: addresses
 * come from the hardware's syndrome, register numbers are 5-bit fields, and
 * every unknown exit ends in the partition's fault policy or an undefined
 * instruction injected into the guest, never in a hypervisor panic.
 */
#include "arch/irq.h"
#include "arch/vgic.h"
#include "arm64/esr.h"
#include "mica/check.h"
#include "mica/hcall.h"
#include "mica/hypercall.h"
#include "mica/irq.h"
#include "mica/vm.h"
#include "sysreg.h"
#include "trap.h"
#include "vgic.h"

/* Sysreg trap ISS: op0, op1, CRn, CRm, op2 as one number; Rt; direction. */
#define SYSREG(op0, op1, crn, crm, op2)                                  \
	(((op0) << 20) | ((op2) << 17) | ((op1) << 14) | ((crn) << 10) | \
	 ((crm) << 1))
#define SYSREG_MASK 0x3ffc1eu
#define ICC_SGI1R_EL1 SYSREG(3u, 0u, 12u, 11u, 5u)
#define ACTLR_EL1 SYSREG(3u, 0u, 1u, 0u, 1u)
/* op0 3, op1 0, CRn 0, CRm 1-7: the ID registers HCR_EL2.TID3 traps. */
#define ID_BLOCK_MASK SYSREG(3u, 7u, 15u, 8u, 0u)
#define ID_BLOCK SYSREG(3u, 0u, 0u, 0u, 0u)
#define ID_BLOCK_CRM SYSREG(0u, 0u, 0u, 7u, 0u)
#define ID_DFR0_EL1 SYSREG(3u, 0u, 0u, 1u, 2u)
#define ID_AA64PFR0_EL1 SYSREG(3u, 0u, 0u, 4u, 0u)
#define ID_AA64PFR1_EL1 SYSREG(3u, 0u, 0u, 4u, 1u)
#define ID_AA64ZFR0_EL1 SYSREG(3u, 0u, 0u, 4u, 4u)
#define ID_AA64SMFR0_EL1 SYSREG(3u, 0u, 0u, 4u, 5u)
#define ID_AA64DFR0_EL1 SYSREG(3u, 0u, 0u, 5u, 0u)

/* idreg.S: the ID register op0 3, op1 0, CRn 0, CRm 1 + n / 8, op2 n % 8. */
uint64_t idreg_read(unsigned n);

static uint64_t get_reg(const struct arch_regs *r, unsigned n)
{
	return n < 31 ? r->x[n] : 0; /* 31 is XZR here */
}

static void set_reg(struct arch_regs *r, unsigned n, uint64_t v)
{
	if (n < 31) {
		r->x[n] = v;
	}
}

/*
 * Makes frame r enter the guest's own EL1 synchronous vector with
 * syndrome esr and address far, as its CPU would. The vCPU's EL1
 * registers must be the CPU's (loaded): they are written directly.
 */
static void inject_sync(struct arch_regs *r, uint64_t esr, uint64_t far)
{
	uint64_t mode = r->spsr & 0x1f;
	/* Current EL with SP_EL1 (0x200) or SP_EL0; EL0 AArch64 or AArch32. */
	uint64_t off = mode == SPSR_M_EL1H     ? 0x200 :
		       mode == SPSR_M_EL1T     ? 0x000 :
		       (mode & SPSR_AA32) != 0 ? 0x600 :
						 0x400;

	write_sysreg(elr_el1, r->elr);
	write_sysreg(spsr_el1, r->spsr);
	write_sysreg(esr_el1, esr);
	write_sysreg(far_el1, far);
	r->elr = read_sysreg(vbar_el1) + off;
	r->spsr = SPSR_DAIF | SPSR_M_EL1H; /* as the hardware would */
}

/* An undefined instruction, as the guest's own CPU would have raised it. */
static void inject_undef(struct arch_regs *r)
{
	/* EC 0 (unknown reason) with IL set: a 32-bit instruction. */
	inject_sync(r, ESR_IL, 0);
}

/*
 * A stage-2 abort given to the guest as what an access to nothing raises on
 * hardware: a synchronous external abort (FSC 0x10) at the faulting virtual
 * address, no syndrome, the direction kept. Not the stage-2 status: a guest
 * knows nothing of stage 2.
 */
static void inject_abort(struct arch_regs *r)
{
	uint64_t ec = ESR_EC(r->esr);

	/* A lower-EL abort class becomes the guest's same-EL class from EL1. */
	if ((r->spsr & 0xf) != 0) {
		ec += 1;
	}
	inject_sync(r,
		    (ec << ESR_EC_SHIFT) | ESR_IL |
			    (r->esr & ESR_ISS_DABT_WNR) | ESR_FSC_SEA,
		    r->far);
}

/*
 * A stage-2 abort at addr (an IPA; for other exits the value the line
 * shows) that is the guest's own business (from its EL0, or from EL1 at an
 * address the scenario gives nobody: vm_abort_is_guests) goes straight
 * back to it as an external abort, without a line. Anything else gets the
 * partition's fault policy, which stops, restarts or (log) hands it back:
 * an abort as that abort, the rest as undefined.
 */
static void fault(struct vcpu *v, struct arch_regs *r, const char *what,
		  uint64_t addr)
{
	unsigned ec = (unsigned)ESR_EC(r->esr);
	bool abort = ec == ESR_EC_DABT_LOW || ec == ESR_EC_IABT_LOW;

	if (!(abort &&
	      vm_abort_is_guests(ipa_init(addr), (r->spsr & 0xf) == 0)) &&
	    !vm_fault(v, what, addr)) {
		return;
	}
	if (abort) {
		inject_abort(r);
	} else {
		inject_undef(r);
	}
}

/*
 * Steps over the trapped instruction: 4 bytes, or 2 for a 16-bit Thumb one
 * (ESR_EL2.IL), and on to the next slot of a Thumb IT block (ITAdvance,
 * ITSTATE in SPSR bits 26:25 and 15:10). A conditional AArch32 instruction
 * that traps although its condition fails is still carried out: not checked.
 */
static void skip(struct arch_regs *r)
{
	uint64_t it = ((r->spsr >> 25) & 3) | ((r->spsr >> 8) & 0xfc);

	r->elr += (r->esr & ESR_IL) != 0 ? 4 : 2;
	if ((r->spsr & (SPSR_AA32 | SPSR_T)) == (SPSR_AA32 | SPSR_T) &&
	    it != 0) {
		it = (it & 7) == 0 ? 0 : (it & 0xe0) | ((it << 1) & 0x1f);
		r->spsr = (r->spsr & ~SPSR_IT) | ((it & 3) << 25) |
			  ((it >> 2) << 10);
	}
}

/*
 * The IPA of a stage-2 abort: the page from HPFAR_EL2.FIPA (IPA[51:12] in
 * bits 43:4), the offset in it from the guest's virtual address.
 */
static ipa_t abort_ipa(const struct arch_regs *r)
{
	return ipa_init(((read_sysreg(hpfar_el2) >> 4) << 12) |
			(r->far & 0xfff));
}

static void data_abort(struct vcpu *v, struct arch_regs *r)
{
	uint64_t esr = r->esr;
	ipa_t ipa = abort_ipa(r);
	unsigned size = 1u << ESR_ISS_DABT_SAS(esr);
	unsigned rt = (unsigned)ESR_ISS_DABT_SRT(esr);
	bool write = (esr & ESR_ISS_DABT_WNR) != 0;
	uint64_t val;

	if ((esr & ESR_ISS_DABT_ISV) == 0) {
		/* No syndrome (e.g. a load pair, writeback): not emulated. */
		fault(v, r, "access to device memory without syndrome",
		      ipa_addr(ipa));
		return;
	}
	val = write ? get_reg(r, rt) : 0;
	if (size < 8) {
		val &= (UINT64_C(1) << (8 * size)) - 1;
	}
	if (!vm_mmio(v, ipa, write, size, &val)) {
		fault(v, r,
		      write ? "write outside its memory" :
			      "read outside its memory",
		      ipa_addr(ipa));
		return;
	}
	if (!write) {
		if ((esr & ESR_ISS_DABT_SSE) != 0 && size < 8 &&
		    (val & (UINT64_C(1) << (8 * size - 1))) != 0) {
			val |= ~((UINT64_C(1) << (8 * size)) - 1);
		}
		if ((esr & ESR_ISS_DABT_SF) == 0) {
			val &= UINT32_MAX;
		}
		set_reg(r, rt, val);
	}
	skip(r);
}

/*
 * Registers a partition reads as zero and writes in vain: the debug
 * registers of a vCPU that shares its CPU (op0 2, trapped only there,
 * vcpu.c) and ACTLR_EL1 (implementation defined). The PMU and the EL1
 * physical timer are not here: they are undefined (see id_reg).
 */
static bool reads_as_zero(uint32_t iss)
{
	return (iss >> 20) == 2 || (iss & SYSREG_MASK) == ACTLR_EL1;
}

/*
 * The ID registers (HCR_EL2.TID3: op0 3, op1 0, CRn 0, CRm 1-7) as the
 * CPU's, less what partitions do not get, so that a guest never uses it:
 * the PMU (PMUVer, AArch32 PerfMon; its registers are undefined,
 * MDCR_EL2.TPM), the statistical profiling extension (PMSVer), and SVE and
 * SME (trapped by CPTR_EL2, never switched between vCPUs). DebugVer and
 * the rest stay the CPU's.
 */
static uint64_t id_reg(uint32_t reg)
{
	unsigned crm = (reg >> 1) & 0xf;
	uint64_t v = idreg_read((crm - 1) * 8 + ((reg >> 17) & 7));

	switch (reg) {
	case ID_DFR0_EL1: return v & ~(UINT64_C(0xf) << 24);
	case ID_AA64PFR0_EL1: return v & ~(UINT64_C(0xf) << 32);
	case ID_AA64PFR1_EL1: return v & ~(UINT64_C(0xf) << 24);
	case ID_AA64ZFR0_EL1:
	case ID_AA64SMFR0_EL1: return 0;
	case ID_AA64DFR0_EL1:
		return v & ~((UINT64_C(0xf) << 8) | (UINT64_C(0xf) << 32));
	default: return v;
	}
}

static void sysreg(struct vcpu *v, struct arch_regs *r)
{
	uint32_t iss = (uint32_t)(r->esr & ESR_ISS_MASK);
	unsigned rt = (iss >> 5) & 0x1f;
	bool read = (iss & 1) != 0;
	uint32_t reg = iss & SYSREG_MASK;

	if (reg == ICC_SGI1R_EL1 && !read) {
		vgic_v3_sgi1r(v, get_reg(r, rt));
	} else if ((reg & ID_BLOCK_MASK) == ID_BLOCK &&
		   (reg & ID_BLOCK_CRM) != 0 && read) {
		set_reg(r, rt, id_reg(reg));
	} else if (reads_as_zero(iss)) {
		if (read) {
			set_reg(r, rt, 0);
		}
	} else if ((iss >> 20) == 1 && ((iss >> 10) & 0xf) == 7 &&
		   ((iss >> 17) & 7) == 2) {
		/*
		 * DC ISW/CSW/CISW: set/way maintenance would reach other
		 * partitions' lines; mica's caches are coherent and
		 * partitions are cleaned at load, so it is a no-op here.
		 */
	} else {
		inject_undef(r);
		return;
	}
	skip(r);
}

static void smccc_call(struct vcpu *v, struct arch_regs *r)
{
	uint64_t fid = r->x[0] & UINT32_MAX;
	uint32_t owner = (uint32_t)SMCCC_OEN(fid);

	if ((fid & SMCCC_FAST_CALL) == 0 || (r->x[0] >> 32) != 0) {
		/* Yielding calls and bad ids: nothing here takes them. */
		r->x[0] = (uint64_t)(int64_t)MICA_HC_NOT_SUPPORTED;
	} else if (owner == SMCCC_OEN_STANDARD) {
		vpsci_call(v, r);
	} else if (owner == SMCCC_OEN_ARCH) {
		/* Arm architecture calls: SMCCC 1.1, no workarounds offered. */
		r->x[0] = fid == SMCCC_VERSION ?
				  SMCCC_VERSION_1_1 :
				  (uint64_t)(int64_t)MICA_HC_NOT_SUPPORTED;
	} else {
		struct hc_result res = hcall_handle(v, (uint32_t)fid, r->x[1],
						    r->x[2], r->x[3], r->x[4],
						    r->x[5], r->x[6]);

		r->x[0] = res.x0;
		r->x[1] = res.x1;
		r->x[2] = res.x2;
		r->x[3] = res.x3;
		r->x[4] = res.x4;
		r->x[5] = res.x5;
	}
}

static void sync_exit(struct vcpu *v, struct arch_regs *r)
{
	unsigned ec = (unsigned)ESR_EC(r->esr);

	switch (ec) {
	case ESR_EC_HVC64: smccc_call(v, r); break;
	case ESR_EC_SMC64:
		/* The SMC itself is the return address of a trapped SMC. */
		skip(r);
		if (SMCCC_OEN(r->x[0]) == SMCCC_OEN_STANDARD &&
		    (r->x[0] >> 32) == 0) {
			vpsci_call(v, r); /* PSCI through the SMC conduit */
		} else {
			fault(v, r, "forbidden SMC", r->x[0]);
		}
		break;
	case ESR_EC_DABT_LOW: data_abort(v, r); break;
	case ESR_EC_IABT_LOW:
		fault(v, r, "instruction fetch outside its memory",
		      ipa_addr(abort_ipa(r)));
		break;
	case ESR_EC_WFX:
		/* WFI: wait for an interrupt, others running; WFE: go on. */
		skip(r);
		if ((r->esr & ESR_ISS_WFX_WFE) == 0) {
			vcpu_wait(v);
		}
		break;
	case ESR_EC_SYS64: sysreg(v, r); break;
	case ESR_EC_CP15_32:
	case ESR_EC_CP15_64:
	case ESR_EC_CP14_32:
	case ESR_EC_CP14_LS:
	case ESR_EC_CP14_64:
	case ESR_EC_SVE:
	case ESR_EC_SME:
		/* AArch32 EL0's PMU, timer, debug; SVE and SME: not given. */
		inject_undef(r);
		break;
	default: fault(v, r, "unexpected exception class", ec); break;
	}
}

void trap_lower(struct arch_regs *r, unsigned kind)
{
	struct vcpu *v = vcpu_current();

	CHECK(v != NULL);
	/* Its FP/SIMD registers after a switch: nothing else to do. */
	if (kind % 4 == 0 && ESR_EC(r->esr) == ESR_EC_FP_ASIMD) {
		vcpu_fp_take(v);
		return;
	}
	/*
	 * An interrupt exit keeps the list registers loaded (vgic.c), and so
	 * does a hypercall: neither mica's calls nor PSCI read or change the
	 * caller's virtual GIC (a vCPU that leaves is synced as it is saved).
	 */
	if (kind % 4 != 1 && kind % 4 != 2 &&
	    (kind % 4 == 3 || ESR_EC(r->esr) != ESR_EC_HVC64)) {
		arch_vgic_sync(v);
	}
	switch (kind % 4) {
	case 0:
		sync_exit(v, r); /* from AArch64, or AArch32 (at EL0 only) */
		break;
	case 1: irq_handle_pending(ARCH_IRQ_NONE); break;
	case 2:
		/* vectors.S acknowledged it already, on its way to the fast path. */
		irq_handle_pending(kind == 10 ?
					   arch_irq_acked((uint32_t)r->esr) :
					   ARCH_IRQ_NONE);
		break;
	default: fault(v, r, "SError", r->esr); break;
	}
	vcpu_resume_check(v);
}
