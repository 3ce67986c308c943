// SPDX-License-Identifier: Apache-2.0
/*
 * EL1 exceptions of a native partition (libmica/irq.h): IRQ dispatch to the
 * partition's one handler, the HVC fix-up that makes libmica's SMCCC calls
 * safe where HVC is undefined (libmica/smccc.h), and the report for every
 * other exception, after which the partition powers off. A fault while
 * reporting halts at once instead of reporting again.
 */
#include <stddef.h>
#include <stdint.h>

#include "arm64/esr.h"
#include "frame.h"
#include "libmica/console.h"
#include "libmica/gic.h"
#include "libmica/irq.h"
#include "libmica/psci.h"
#include "mica/hypercall.h"
#include "sysreg.h"

_Static_assert(offsetof(struct mica_frame, x[0]) == FRAME_X0, "frame.h");
_Static_assert(offsetof(struct mica_frame, x[18]) == FRAME_X18, "frame.h");
_Static_assert(offsetof(struct mica_frame, lr) == FRAME_LR, "frame.h");
_Static_assert(offsetof(struct mica_frame, elr) == FRAME_ELR, "frame.h");
_Static_assert(offsetof(struct mica_frame, spsr) == FRAME_SPSR, "frame.h");
_Static_assert(sizeof(struct mica_frame) == FRAME_SIZE, "frame.h");

/*
 * Called from assembly only. mica_exception_irq: an IRQ at EL1, entry_ticks
 * the virtual count at the vector; returns to the interrupted code.
 * mica_exception_entry: any other vector; returns (to ERET with *f) only
 * after the HVC fix-up, else reports and powers off. mica_exception_bad_el:
 * start.S found itself at EL `el`, not EL1; prints and halts.
 */
void mica_exception_irq(uint64_t entry_ticks);
void mica_exception_entry(struct mica_frame *f, uint64_t vector);
__attribute__((noreturn)) void mica_exception_bad_el(uint64_t el);

extern const char mica_smccc_hvc_insn[]; /* smccc.S */

static mica_irq_handler_fn *irq_handler;
static mica_catch_fn *catcher;
static volatile int reporting;

static const char *const groups[4] = {
	"current EL with SP_EL0",
	"current EL with SP_EL1",
	"lower EL, AArch64",
	"lower EL, AArch32",
};

static const char *const types[4] = { "synchronous", "IRQ", "FIQ", "SError" };

static const char *ec_name(unsigned ec)
{
	switch (ec) {
	case ESR_EC_UNKNOWN: return "unknown reason (undefined instruction)";
	case ESR_EC_WFX: return "WFI or WFE";
	case ESR_EC_FP_ASIMD: return "FP/SIMD access";
	case ESR_EC_ILLEGAL: return "illegal execution state";
	case ESR_EC_SVC64: return "SVC from AArch64";
	case ESR_EC_HVC64: return "HVC from AArch64";
	case ESR_EC_SMC64: return "SMC from AArch64";
	case ESR_EC_SYS64: return "MSR, MRS or system instruction";
	case ESR_EC_IABT_LOW: return "instruction abort from a lower EL";
	case ESR_EC_IABT_CUR: return "instruction abort at EL1";
	case ESR_EC_PC_ALIGN: return "PC alignment fault";
	case ESR_EC_DABT_LOW: return "data abort from a lower EL";
	case ESR_EC_DABT_CUR: return "data abort at EL1";
	case ESR_EC_SP_ALIGN: return "SP alignment fault";
	case ESR_EC_SERROR: return "SError";
	case ESR_EC_BRK64: return "BRK instruction";
	default: return "unrecognised class";
	}
}

void mica_irq_set_handler(mica_irq_handler_fn *fn)
{
	irq_handler = fn;
}

void mica_exception_set_catch(mica_catch_fn *fn)
{
	catcher = fn;
}

__attribute__((noreturn)) static void halt(void)
{
	for (;;) {
		__asm__ volatile("msr daifset, #0xf\n\twfi" ::: "memory");
	}
}

static __attribute__((noreturn)) void
report_and_stop(const struct mica_frame *f, uint64_t vector, uint64_t esr)
{
	unsigned ec = (unsigned)ESR_EC(esr);

	if (reporting++ > 0) {
		halt(); /* the report itself faulted */
	}
	mica_printf("\nlibmica: unexpected exception: %s, %s\n",
		    types[vector % 4], groups[(vector / 4) % 4]);
	mica_printf("  EC 0x%02x: %s\n", ec, ec_name(ec));
	mica_printf("  ESR 0x%016lx  ELR 0x%016lx\n", esr, f->elr);
	mica_printf("  FAR 0x%016lx  SPSR 0x%016lx\n", read_sysreg(far_el1),
		    f->spsr);
	mica_poweroff();
}

void mica_exception_irq(uint64_t entry_ticks)
{
	uint32_t intid = mica_gic_ack();

	if (intid >= MICA_GIC_SPECIAL) {
		return; /* spurious: taken back, or acknowledged elsewhere */
	}
	if (irq_handler == NULL) {
		mica_printf("\nlibmica: IRQ %u with no handler\n",
			    (unsigned)intid);
		mica_poweroff();
	}
	irq_handler(intid, entry_ticks);
	mica_gic_eoi(intid);
}

void mica_exception_entry(struct mica_frame *f, uint64_t vector)
{
	uint64_t esr = read_sysreg(esr_el1);

	if (catcher != NULL && catcher(f, vector, esr)) {
		return;
	}
	/*
	 * Our own HVC, undefined at EL1 here: answer as SMCCC does for an
	 * unknown function. Only that instruction: an undefined instruction
	 * anywhere else is a fault.
	 */
	if (vector == VEC_SYNC_SPX && ESR_EC(esr) == ESR_EC_UNKNOWN &&
	    f->elr == (uint64_t)(uintptr_t)mica_smccc_hvc_insn) {
		f->x[0] = (uint64_t)(int64_t)MICA_HC_NOT_SUPPORTED;
		f->elr += 4;
		return;
	}
	report_and_stop(f, vector, esr);
}

void mica_exception_bad_el(uint64_t el)
{
	/* No vectors of ours at this level, and PSCI would go who knows where. */
	mica_printf("libmica: entered at EL%u; native partitions run at EL1. "
		    "Halting.\n",
		    (unsigned)el);
	halt();
}
