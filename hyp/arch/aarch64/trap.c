// SPDX-License-Identifier: Apache-2.0
/*
 * Exits from guests (exceptions from EL1/EL0 to EL2): decoded here, answered
 * by the core. Nothing a guest puts in its registers is trusted: addresses
 * come from the hardware's syndrome, register numbers are 5-bit fields, and
 * every unknown exit ends in the partition's fault policy or an undefined
 * instruction injected into the guest, never in a hypervisor panic.
 */
#include "arch/cpu.h"
#include "arch/vcpu.h"
#include "arch/vgic.h"
#include "mica/check.h"
#include "mica/console.h"
#include "mica/cpu.h"
#include "mica/hcall.h"
#include "mica/hypercall.h"
#include "mica/irq.h"
#include "mica/vm.h"
#include "sysreg.h"
#include "trap.h"
#include "vgic.h"

#define EC_WFX 0x01
#define EC_HVC64 0x16
#define EC_SMC64 0x17
#define EC_SYSREG 0x18
#define EC_IABT_LOW 0x20
#define EC_DABT_LOW 0x24

#define ESR_IL (UINT64_C(1) << 25)
#define ISS_DABT_ISV (UINT64_C(1) << 24)
#define ISS_DABT_SSE (UINT64_C(1) << 21)
#define ISS_DABT_SF (UINT64_C(1) << 15)
#define ISS_DABT_WNR (UINT64_C(1) << 6)

/* Sysreg trap ISS: op0, op1, CRn, CRm, op2 as one number; Rt; direction. */
#define SYSREG(op0, op1, crn, crm, op2)                                   \
	(((op0) << 20) | ((op2) << 17) | ((op1) << 14) | ((crn) << 10) |    \
	 ((crm) << 1))
#define SYSREG_MASK 0x3ffc1eu
#define ICC_SGI1R_EL1 SYSREG(3u, 0u, 12u, 11u, 5u)
#define ACTLR_EL1 SYSREG(3u, 0u, 1u, 0u, 1u)

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

void trap_inject_sync(struct arch_regs *r, uint64_t esr, uint64_t far)
{
	uint64_t mode = r->spsr & 0xf;
	/* Vector offset: current EL with SP_EL1 (0x200) or SP_EL0, or from EL0. */
	uint64_t off = mode == 0x5 ? 0x200 : mode == 0x4 ? 0x000 : 0x400;

	write_sysreg(elr_el1, r->elr);
	write_sysreg(spsr_el1, r->spsr);
	write_sysreg(esr_el1, esr);
	write_sysreg(far_el1, far);
	r->elr = read_sysreg(vbar_el1) + off;
	r->spsr = 0x3c5; /* EL1h, D, A, I, F masked: as the hardware would */
}

/* An undefined instruction, as the guest's own CPU would have raised it. */
static void inject_undef(struct arch_regs *r)
{
	/* EC 0 (unknown reason) with IL set: a 32-bit instruction. */
	trap_inject_sync(r, ESR_IL, 0);
}

/* The abort the guest made, given to the guest itself (fault policy log). */
static void inject_abort(struct arch_regs *r, uint64_t esr, uint64_t far)
{
	uint64_t ec = ESR_EC(esr);
	bool from_el1 = (r->spsr & 0xf) != 0;

	/* A lower-EL abort class becomes the guest's same-EL class from EL1. */
	if (from_el1) {
		ec += 1;
	}
	trap_inject_sync(r, (ec << ESR_EC_SHIFT) | ESR_IL | (esr & 0x3f), far);
}

/*
 * Stops, restarts or (policy log) hands the fault back to the guest: an
 * abort as the abort it was, anything else as an undefined instruction.
 */
static void fault(struct vcpu *v, struct arch_regs *r, const char *what,
		  uint64_t addr)
{
	unsigned ec = (unsigned)ESR_EC(r->esr);

	if (!vm_fault(v, what, addr)) {
		return;
	}
	if (ec == EC_DABT_LOW || ec == EC_IABT_LOW) {
		inject_abort(r, r->esr, r->far);
	} else {
		inject_undef(r);
	}
}

static void data_abort(struct vcpu *v, struct arch_regs *r)
{
	uint64_t esr = r->esr;
	uint64_t ipa = ((read_sysreg(hpfar_el2) >> 4) << 12) | (r->far & 0xfff);
	unsigned size = 1u << ((esr >> 22) & 3);
	unsigned rt = (unsigned)(esr >> 16) & 0x1f;
	bool write = (esr & ISS_DABT_WNR) != 0;
	uint64_t val;

	if ((esr & ISS_DABT_ISV) == 0) {
		/* No syndrome (e.g. a load pair, writeback): not emulated. */
		fault(v, r, "access to device memory without syndrome", ipa);
		return;
	}
	val = write ? get_reg(r, rt) : 0;
	if (size < 8) {
		val &= (UINT64_C(1) << (8 * size)) - 1;
	}
	if (!vm_mmio(v, ipa, write, size, &val)) {
		fault(v, r, write ? "write outside its memory" :
				    "read outside its memory", ipa);
		return;
	}
	if (!write) {
		if ((esr & ISS_DABT_SSE) != 0 && size < 8 &&
		    (val & (UINT64_C(1) << (8 * size - 1))) != 0) {
			val |= ~((UINT64_C(1) << (8 * size)) - 1);
		}
		if ((esr & ISS_DABT_SF) == 0) {
			val &= UINT32_MAX;
		}
		set_reg(r, rt, val);
	}
	r->elr += 4;
}

/*
 * Registers a partition reads as zero and writes in vain: the PMU's (op1 3,
 * CRn 9 or 14: no counters for partitions), the debug registers of a vCPU
 * that shares its CPU, and ACTLR_EL1 (implementation defined).
 */
static bool reads_as_zero(uint32_t iss)
{
	unsigned crn = (iss >> 10) & 0xf;
	bool pmu = (iss >> 20) == 3 && ((iss >> 14) & 7) == 3 &&
		   (crn == 9 || crn == 14);

	/* Op0 2: debug registers, trapped only on a shared CPU (vcpu.c). */
	return pmu || (iss >> 20) == 2 || (iss & SYSREG_MASK) == ACTLR_EL1;
}

static void sysreg(struct vcpu *v, struct arch_regs *r)
{
	uint32_t iss = (uint32_t)(r->esr & 0x1ffffff);
	unsigned rt = (iss >> 5) & 0x1f;
	bool read = (iss & 1) != 0;
	uint32_t reg = iss & SYSREG_MASK;

	if (reg == ICC_SGI1R_EL1 && !read) {
		vgic_v3_sgi1r(v, get_reg(r, rt));
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
	r->elr += 4;
}

static void smccc_call(struct vcpu *v, struct arch_regs *r)
{
	uint64_t fid = r->x[0] & UINT32_MAX;
	uint32_t owner = (uint32_t)(fid >> 24) & 0x3f;

	if ((fid & 0x80000000u) == 0 || (r->x[0] >> 32) != 0) {
		/* Yielding calls and bad ids: nothing here takes them. */
		r->x[0] = (uint64_t)(int64_t)MICA_HC_NOT_SUPPORTED;
	} else if (owner == 4) {
		vpsci_call(v, r);
	} else if (owner == 0) {
		/* Arm architecture calls: SMCCC 1.1, no workarounds offered. */
		r->x[0] = fid == 0x80000000u ? 0x10001u :
					      (uint64_t)(int64_t)MICA_HC_NOT_SUPPORTED;
	} else {
		struct hc_result res = hypercall(v, (uint32_t)fid, r->x[1],
						 r->x[2], r->x[3]);

		r->x[0] = res.x0;
		r->x[1] = res.x1;
		r->x[2] = res.x2;
		r->x[3] = res.x3;
	}
}

static void sync_exit(struct vcpu *v, struct arch_regs *r)
{
	unsigned ec = (unsigned)ESR_EC(r->esr);

	switch (ec) {
	case EC_HVC64:
		smccc_call(v, r);
		break;
	case EC_SMC64:
		/* The SMC itself is the return address of a trapped SMC. */
		r->elr += 4;
		if (((r->x[0] >> 24) & 0x3f) == 4 && (r->x[0] >> 32) == 0) {
			vpsci_call(v, r); /* PSCI through the SMC conduit */
		} else {
			fault(v, r, "forbidden SMC", r->x[0]);
		}
		break;
	case EC_DABT_LOW:
		data_abort(v, r);
		break;
	case EC_IABT_LOW:
		fault(v, r, "instruction fetch outside its memory",
		      ((read_sysreg(hpfar_el2) >> 4) << 12) | (r->far & 0xfff));
		break;
	case EC_WFX:
		/* WFI: wait for an interrupt, others running; WFE: go on. */
		r->elr += 4;
		if ((r->esr & 1) == 0) {
			vcpu_wait(v);
		}
		break;
	case EC_SYSREG:
		sysreg(v, r);
		break;
	default:
		fault(v, r, "unexpected exception class", ec);
		break;
	}
}

void trap_lower(struct arch_regs *r, unsigned kind)
{
	struct vcpu *v = vcpu_current();

	CHECK(v != NULL);
	/* An interrupt exit keeps the list registers loaded (vgic.c). */
	if (kind % 4 != 1 && kind % 4 != 2) {
		arch_vgic_sync(v);
	}
	switch (kind % 4) {
	case 0:
		if (kind >= 12) {
			fault(v, r, "exception from AArch32", r->elr);
		} else {
			sync_exit(v, r);
		}
		break;
	case 1:
	case 2:
		irq_handle_pending();
		break;
	default:
		fault(v, r, "SError", r->esr);
		break;
	}
	vcpu_resume_check(v);
}
