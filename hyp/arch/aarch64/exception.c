// SPDX-License-Identifier: Apache-2.0
/*
 * Where every EL2 exception vector leads (vectors.S). An IRQ or FIQ taken
 * at EL2 (GICv2 signals mica's interrupts as IRQs, GICv3 as FIQs) goes to
 * the core's dispatcher; anything from a guest (lower EL) to trap.c. Any
 * other exception at EL2 is unexpected (a fault of the hypervisor itself,
 * or an SError it never asks for) and nothing can
 * repair it: it produces a full report before the CPU that took it stops
 * (cpu_stop_faulted()), a fault while reporting only a line. The report
 * decodes the exception class, so that a reader need not open the Arm ARM.
 */
#include "arch/cpu.h"
#include "arch/irq.h"
#include "arm64/esr.h"
#include "asm-defs.h"
#include "mica/console.h"
#include "mica/cpu.h"
#include "mica/irq.h"
#include "trap.h"

_Static_assert(sizeof(struct arch_regs) == (size_t)REGS_SIZE,
	       "vectors.S and struct arch_regs disagree");

void exception_entry(struct arch_regs *r, unsigned kind);

static const char *const groups[4] = {
	"current EL with SP_EL0",
	"current EL with SP_EL2",
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
	case ESR_EC_IABT_CUR: return "instruction abort at EL2";
	case ESR_EC_PC_ALIGN: return "PC alignment fault";
	case ESR_EC_DABT_LOW: return "data abort from a lower EL";
	case ESR_EC_DABT_CUR: return "data abort at EL2";
	case ESR_EC_SP_ALIGN: return "SP alignment fault";
	case ESR_EC_SERROR: return "SError";
	case ESR_EC_BRK64: return "BRK instruction";
	default: return "unrecognised class";
	}
}

/* Fault status code (ISS[5:0]) of an instruction or data abort. */
static const char *fsc_name(unsigned fsc)
{
	switch (fsc) {
	case ESR_FSC_SEA: return "synchronous external abort";
	case 0x21: return "alignment fault";
	default: break;
	}
	switch (fsc & 0x3c) {
	case 0x00: return "address size fault";
	case 0x04: return "translation fault";
	case 0x08: return "access flag fault";
	case 0x0c: return "permission fault";
	default: return "other fault";
	}
}

static void report(const struct arch_regs *r, unsigned kind)
{
	const struct cpu *c = arch_cpu_local();
	unsigned ec = (unsigned)ESR_EC(r->esr);

	console_printf("\nmica: unexpected exception on CPU %d (hwid 0x%lx): "
		       "%s, %s\n",
		       c != NULL ? (int)c->index : -1, arch_cpu_hwid(),
		       types[kind % 4], groups[(kind / 4) % 4]);
	console_printf("  EC 0x%02x: %s", ec, ec_name(ec));
	/* The instruction and data aborts: ECs 0x20, 0x21, 0x24 and 0x25. */
	if (ec >= ESR_EC_IABT_LOW && ec <= ESR_EC_DABT_CUR &&
	    ec != ESR_EC_PC_ALIGN && ec != 0x23) {
		unsigned fsc = (unsigned)ESR_ISS_FSC(r->esr);

		console_printf(", %s (level %d)%s\n", fsc_name(fsc), fsc & 3,
			       (ec >= ESR_EC_DABT_LOW &&
				(r->esr & ESR_ISS_DABT_WNR) != 0) ?
				       ", on a write" :
				       "");
	} else {
		console_puts("\n");
	}
	console_printf("  ESR 0x%016lx  FAR 0x%016lx\n", r->esr, r->far);
	console_printf("  ELR 0x%016lx  SPSR 0x%016lx  SP 0x%016lx\n", r->elr,
		       r->spsr, r->sp);
	for (unsigned i = 0; i < 31; i += 3) {
		if (i + 2 < 31) {
			console_printf("  x%-2d 0x%016lx  x%-2d 0x%016lx  "
				       "x%-2d 0x%016lx\n",
				       i, r->x[i], i + 1, r->x[i + 1], i + 2,
				       r->x[i + 2]);
		} else {
			console_printf("  x%-2d 0x%016lx\n", i, r->x[i]);
		}
	}
}

void exception_entry(struct arch_regs *r, unsigned kind)
{
	struct cpu *c = arch_cpu_local();

	if (kind == 5 || kind == 6) { /* IRQ or FIQ at EL2 */
		irq_handle_pending(ARCH_IRQ_NONE);
		return;
	}
	if (kind >= 8) { /* from a guest */
		trap_lower(r, kind);
		return;
	}
	if (c != NULL && c->in_exception++ > 0) {
		/* Faulted while reporting a fault: say the least and stop. */
		console_force_unlock();
		console_printf("\nmica: nested exception on CPU %d, ESR 0x%lx "
			       "ELR 0x%lx\n",
			       (int)c->index, r->esr, r->elr);
		cpu_stop_faulted();
	}
	console_force_unlock();
	report(r, kind);
	cpu_stop_faulted();
}
