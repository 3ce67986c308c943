// SPDX-License-Identifier: Apache-2.0
/*
 * conform: a native partition for tests/system that checks promises the
 * architecture makes to code at EL1, which a hypervisor can break: it runs
 * the same on bare QEMU (where each holds) and under mica. One line per
 * check, "conform: <check>: ok (...)" or "conform: <check>: FAIL: ...",
 * then "conform: done, N failed"; last it reads memory that is not its own
 * (beyond bare QEMU's 128 MiB; another's on mica's board), which hardware
 * answers with an external abort and mica with the partition's policy.
 *
 *   thumb   AArch32 EL0 Thumb: two trapped 16-bit stores (to the UART's
 *           interrupt clear register, one in an IT block) each step over
 *           2 bytes and the IT block goes on
 *   pmu     the PMU's registers are all there or all undefined, as
 *           ID_AA64DFR0_EL1.PMUVer and ID_DFR0_EL1.PerfMon say; debug >= v8
 *   ptimer  the EL1 physical timer works (its status rises at its compare
 *           value), or all of its registers are undefined
 *   sve     SVE and SME instructions (RDVL, RDSVL, enabled in CPACR_EL1)
 *           run if ID_AA64PFR0/1_EL1 say so, else are undefined
 *   fp      v0-v31 keep what it wrote across a wait for its timer (under
 *           mica the other copy on its CPU writes its own meanwhile, and
 *           the first copy's checks run while the second waits)
 *   abort   a load from an address where nothing is: a synchronous
 *           external abort (FSC 0x10) at EL1, FAR the address
 *   fetch   the same for a jump there (instruction abort)
 *   foreign a load from memory that is not the partition's
 */
#include <stdbool.h>
#include <stdint.h>

#include "arm64/esr.h"
#include "dev/pl011.h"
#include "frame.h"
#include "libmica/board.h"
#include "libmica/console.h"
#include "libmica/gic.h"
#include "libmica/irq.h"
#include "libmica/hc.h"
#include "libmica/start.h"
#include "libmica/timer.h"

/* An AArch32 SVC: only this guest tells it apart, the hypervisor never. */
#define ESR_EC_SVC32 0x11u
#include "sysreg.h"

/* Nothing on QEMU virt (its platform bus, empty) and nobody's on mica. */
#define NOTHING 0x0c000000ull
/* Beyond bare QEMU's RAM (-m 128M); on mica's board, RAM not its own. */
#define FOREIGN 0x50000000ull

#define VEC_SYNC_AA32 12 /* synchronous, lower EL, AArch32 */

/* conform_to_el0(code, icr): runs Thumb code at EL0; returns what it left. */
uint64_t conform_to_el0(uintptr_t code, uintptr_t icr);
extern const uint16_t conform_thumb[];
extern const char conform_el1_return[];

/*
 * EL1 to AArch32 EL0 (SPSR: User mode, Thumb, A, I and F masked), with
 * x29/x30 kept on the stack; the SVC that ends the Thumb code comes back
 * to conform_el1_return (catch()) with x0 = r3 | r4 << 16. The Thumb code,
 * as half-words (an AArch64 assembler has no Thumb): r3 counts the
 * instructions after each trapped store, r4 is set only if the IT block
 * went wrong.
 */
__asm__("	.text\n"
	"	.balign 4\n"
	"	.global conform_to_el0, conform_el1_return, conform_thumb\n"
	"conform_to_el0:\n"
	"	stp	x29, x30, [sp, #-16]!\n"
	"	msr	elr_el1, x0\n"
	"	mov	x0, #0x1f0\n"
	"	msr	spsr_el1, x0\n"
	"	eret\n"
	"conform_el1_return:\n"
	"	ldp	x29, x30, [sp], #16\n"
	"	ret\n"
	"	.balign 4\n"
	"conform_thumb:\n"
	"	.hword	0x2200	/* movs r2, #0 */\n"
	"	.hword	0x2300	/* movs r3, #0 */\n"
	"	.hword	0x2400	/* movs r4, #0 */\n"
	"	.hword	0x600a	/* str r2, [r1] (trapped under mica) */\n"
	"	.hword	0x3301	/* adds r3, #1 */\n"
	"	.hword	0x429b	/* cmp r3, r3 */\n"
	"	.hword	0xbf0c	/* ite eq */\n"
	"	.hword	0x600a	/* streq r2, [r1] (trapped) */\n"
	"	.hword	0x2401	/* movne r4, #1 (must not run) */\n"
	"	.hword	0x3301	/* adds r3, #1 */\n"
	"	.hword	0xdf00	/* svc #0 */\n"
	"	.hword	0xdf00\n");

static volatile bool armed;
static volatile uint64_t got_esr;
static volatile uint64_t got_far;
static unsigned failed;

/*
 * The exceptions a check expects: one synchronous exception at EL1 while
 * armed (stepped over; a failed fetch returns to its caller), and whatever
 * ends the Thumb code at EL0 (back to EL1, with the ESR if not the SVC).
 */
static bool catch (struct mica_frame *f, uint64_t vector, uint64_t esr)
{
	if (vector == VEC_SYNC_AA32) {
		f->x[0] = ESR_EC(esr) == ESR_EC_SVC32 ?
				  (f->x[3] & 0xffff) |
					  ((f->x[4] & 0xffff) << 16) :
				  (UINT64_C(1) << 63) | esr;
		f->elr = (uint64_t)(uintptr_t)conform_el1_return;
		f->spsr = SPSR_DAIF | SPSR_M_EL1H;
		return true;
	}
	if (!armed || vector != VEC_SYNC_SPX) {
		return false;
	}
	armed = false;
	got_esr = esr;
	got_far = read_sysreg(far_el1);
	f->elr = ESR_EC(esr) == ESR_EC_IABT_CUR ? f->lr : f->elr + 4;
	return true;
}

/* After an armed access: whether it raised an exception (got_esr). */
static bool raised(void)
{
	bool r = !armed;

	armed = false;
	return r;
}

/* Reads or writes a system register by name; true if it was undefined. */
#define UNDEF_MRS(reg, out)                                                 \
	({                                                                  \
		armed = true;                                               \
		__asm__ volatile("mrs %0, " #reg : "=r"(out) : : "memory"); \
		raised() && ESR_EC(got_esr) == ESR_EC_UNKNOWN;              \
	})
#define UNDEF_MSR(reg, val)                                    \
	({                                                     \
		armed = true;                                  \
		__asm__ volatile("msr " #reg ", %0"            \
				 :                             \
				 : "r"((uint64_t)(val))        \
				 : "memory");                  \
		raised() && ESR_EC(got_esr) == ESR_EC_UNKNOWN; \
	})

static void result(const char *check, bool ok, const char *detail)
{
	mica_printf("conform: %s: %s%s\n", check,
		    ok ? "ok (" : "FAIL: ", detail);
	failed += ok ? 0 : 1;
}

static void check_thumb(void)
{
	uint64_t pfr0 = read_sysreg(id_aa64pfr0_el1);
	uint64_t got;

	if ((pfr0 & 0xf) != 2) {
		result("thumb", true, "no AArch32 at EL0)");
		return;
	}
	got = conform_to_el0((uintptr_t)conform_thumb,
			     mica_board()->uart + UARTICR);
	if ((got >> 63) != 0) {
		mica_printf("conform: thumb: FAIL: exception at EL0, ESR "
			    "0x%lx\n",
			    (unsigned long)(got & ~(UINT64_C(1) << 63)));
		failed++;
	} else {
		result("thumb", (got & 0xffff) == 2 && (got >> 16) == 0,
		       (got & 0xffff) != 2 ? "an instruction after a trapped "
					     "store was skipped" :
		       (got >> 16) != 0	   ? "the IT block did not go on" :
					     "2 bytes a store, IT block)");
	}
}

static void check_pmu(void)
{
	uint64_t dfr0 = read_sysreg(id_aa64dfr0_el1);
	uint64_t dfr0_32 = read_sysreg(id_dfr0_el1);
	unsigned pmuver = (unsigned)(dfr0 >> 8) & 0xf;
	unsigned perfmon = (unsigned)(dfr0_32 >> 24) & 0xf;
	bool none = pmuver == 0 || pmuver == 0xf;
	unsigned undef = 0;
	uint64_t v = 0;

	/* PMCR, PMINTENCLR (op1 0), PMCCNTR, PMUSERENR, PMSELR, PMCEID0. */
	undef += UNDEF_MRS(pmcr_el0, v) ? 1u : 0u;
	undef += UNDEF_MRS(pmintenclr_el1, v) ? 1u : 0u;
	undef += UNDEF_MRS(pmccntr_el0, v) ? 1u : 0u;
	undef += UNDEF_MRS(pmuserenr_el0, v) ? 1u : 0u;
	undef += UNDEF_MRS(pmselr_el0, v) ? 1u : 0u;
	undef += UNDEF_MRS(pmceid0_el0, v) ? 1u : 0u;
	undef += UNDEF_MSR(pmintenclr_el1, 0) ? 1u : 0u;
	(void)v;
	mica_printf("conform: pmu: PMUVer %u, PerfMon %u, DebugVer %u, %u of 7 "
		    "accesses undefined\n",
		    pmuver, perfmon, (unsigned)(dfr0 & 0xf), undef);
	if ((dfr0 & 0xf) < 6) {
		result("pmu", false, "DebugVer below v8");
	} else if (none) {
		result("pmu", undef == 7 && (perfmon == 0 || perfmon == 0xf),
		       undef != 7 ? "no PMU, but some registers are there" :
		       perfmon != 0 && perfmon != 0xf ?
				    "AArch32's PerfMon says a PMU" :
				    "no PMU, all undefined)");
	} else {
		result("pmu", undef == 0 && perfmon >= 3 && perfmon != 0xf,
		       undef != 0 ? "PMUv3, but some registers are undefined" :
		       perfmon < 3 || perfmon == 0xf ?
				    "AArch32's PerfMon says no PMUv3" :
				    "PMUv3, all there)");
	}
}

/* Runs one instruction (an encoding): 0 ran, 1 undefined, 2 other. */
#define INSN_TRAPS(word)                                                   \
	({                                                                 \
		armed = true;                                              \
		__asm__ volatile(".inst " #word : : : "x0", "memory");     \
		!raised() ? 0 : ESR_EC(got_esr) == ESR_EC_UNKNOWN ? 1 : 2; \
	})

static void check_sve(void)
{
	bool sve = ((read_sysreg(id_aa64pfr0_el1) >> 32) & 0xf) != 0;
	bool sme = ((read_sysreg(id_aa64pfr1_el1) >> 24) & 0xf) != 0;
	static const char *const how[3] = { "runs", "undefined", "traps" };
	uint64_t cpacr = read_sysreg(cpacr_el1);
	int rdvl;
	int rdsvl;

	/* CPACR_EL1.FPEN, ZEN and SMEN: no trap to EL1 for any of them. */
	write_sysreg(cpacr_el1, cpacr | (3u << 16) | (3u << 20) | (3u << 24));
	isb();
	rdvl = INSN_TRAPS(0x04bf5020);	/* rdvl x0, #1 */
	rdsvl = INSN_TRAPS(0x04bf5820); /* rdsvl x0, #1 */
	write_sysreg(cpacr_el1, cpacr);
	isb();
	mica_printf("conform: sve: SVE %s, SME %s in the ID registers, RDVL "
		    "%s, RDSVL %s\n",
		    sve ? "yes" : "no", sme ? "yes" : "no", how[rdvl],
		    how[rdsvl]);
	result("sve", rdvl == (sve ? 0 : 1) && rdsvl == (sme ? 0 : 1),
	       rdvl != (sve ? 0 : 1)  ? "RDVL does not match ID_AA64PFR0_EL1" :
	       rdsvl != (sme ? 0 : 1) ? "RDSVL does not match ID_AA64PFR1_EL1" :
	       sve		      ? "SVE there)" :
					"no SVE, no SME, undefined)");
}

/* v0-v31 as fp_fill(seed) writes them: lane 0 seed + n, lane 1 ~seed + n. */
#define FP_REGS                                                              \
	".arch_extension fp\n.arch_extension simd\n"                         \
	".irp n,0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22," \
	"23,24,25,26,27,28,29,30,31\n"

static void fp_fill(uint64_t seed)
{
	uint64_t a = seed;
	uint64_t b = ~seed;

	__asm__ volatile(FP_REGS "	fmov	d\\n, %0\n"
				 "	mov	v\\n\\().d[1], %1\n"
				 "	add	%0, %0, #1\n"
				 "	add	%1, %1, #1\n"
				 ".endr\n"
			 : "+r"(a), "+r"(b));
}

/* The bits in which v0-v31 differ from what fp_fill(seed) wrote. */
static uint64_t fp_diff(uint64_t seed)
{
	uint64_t a = seed;
	uint64_t b = ~seed;
	uint64_t t;
	uint64_t d = 0;

	__asm__ volatile(FP_REGS "	fmov	%2, d\\n\n"
				 "	eor	%2, %2, %0\n"
				 "	orr	%3, %3, %2\n"
				 "	mov	%2, v\\n\\().d[1]\n"
				 "	eor	%2, %2, %1\n"
				 "	orr	%3, %3, %2\n"
				 "	add	%0, %0, #1\n"
				 "	add	%1, %1, #1\n"
				 ".endr\n"
			 : "+r"(a), "+r"(b), "=&r"(t), "+r"(d));
	return d;
}

/*
 * The two copies under mica share a CPU: each fills its registers with its
 * own pattern (seeded by the time it starts) and waits 10 ms in WFI, so
 * that the other runs and fills its own before each checks; the first
 * then leaves other values before the second checks.
 */
static void check_fp(void)
{
	uint64_t seed = read_sysreg(cntvct_el0) * UINT64_C(0x9e3779b97f4a7c15);
	uint64_t diff;

	if (!mica_gic_init() || !mica_gic_enable_ppi(MICA_TIMER_PPI)) {
		result("fp", false, "no GIC for the timer's wait");
		return;
	}
	write_sysreg(cpacr_el1, read_sysreg(cpacr_el1) | (3u << 20)); /* FPEN */
	isb();
	fp_fill(seed);
	mica_timer_wait_until(read_sysreg(cntvct_el0) +
			      read_sysreg(cntfrq_el0) / 100);
	diff = fp_diff(seed);
	fp_fill(~seed); /* for the other copy to find, should they leak */
	if (diff != 0) {
		mica_printf("conform: fp: bits 0x%llx differ\n",
			    (unsigned long long)diff);
	}
	result("fp", diff == 0,
	       diff == 0 ? "v0-v31 kept across a wait)" :
			   "v0-v31 changed across a wait");
}

/* Whether the timer's status rises within a second of the virtual count. */
static bool ptimer_fires(void)
{
	uint64_t end = read_sysreg(cntvct_el0) + read_sysreg(cntfrq_el0);

	while (read_sysreg(cntvct_el0) < end) {
		if ((read_sysreg(cntp_ctl_el0) & 4) != 0) {
			return true;
		}
	}
	return false;
}

static void check_ptimer(void)
{
	unsigned undef = 0;
	uint64_t v = 0;
	bool cval_fires;
	bool tval_fires;

	undef += UNDEF_MRS(cntp_ctl_el0, v) ? 1u : 0u;
	undef += UNDEF_MRS(cntp_cval_el0, v) ? 1u : 0u;
	undef += UNDEF_MRS(cntp_tval_el0, v) ? 1u : 0u;
	undef += UNDEF_MSR(cntp_ctl_el0, 0) ? 1u : 0u;
	undef += UNDEF_MSR(cntp_cval_el0, 0) ? 1u : 0u;
	undef += UNDEF_MSR(cntp_tval_el0, 0) ? 1u : 0u;
	(void)v;
	if (undef == 6) {
		result("ptimer", true, "undefined, all 6 accesses)");
		return;
	}
	if (undef != 0) {
		result("ptimer", false, "some accesses undefined, some not");
		return;
	}
	/* Enabled, interrupt masked: the status alone shows it fired. */
	write_sysreg(cntp_cval_el0, read_sysreg(cntpct_el0) + 1000);
	write_sysreg(cntp_ctl_el0, 3);
	isb();
	cval_fires = ptimer_fires();
	write_sysreg(cntp_ctl_el0, 0);
	write_sysreg(cntp_tval_el0, 1000);
	write_sysreg(cntp_ctl_el0, 3);
	isb();
	tval_fires = ptimer_fires();
	write_sysreg(cntp_ctl_el0, 0);
	result("ptimer", cval_fires && tval_fires,
	       !cval_fires ? "its status never rose after CNTP_CVAL_EL0" :
	       !tval_fires ? "its status never rose after CNTP_TVAL_EL0" :
			     "works)");
}

/* One abort, expected: EC ec, FSC 0x10, FAR addr. */
static void expect_sea(const char *check, unsigned ec, uint64_t addr)
{
	unsigned fsc = (unsigned)ESR_ISS_FSC(got_esr);

	if (!raised()) {
		result(check, false, "no abort");
		return;
	}
	mica_printf("conform: %s: ESR 0x%lx FAR 0x%lx\n", check,
		    (unsigned long)got_esr, (unsigned long)got_far);
	result(check,
	       ESR_EC(got_esr) == ec && fsc == ESR_FSC_SEA && got_far == addr,
	       ESR_EC(got_esr) != ec ?
		       "not the expected class" :
	       fsc != ESR_FSC_SEA ?
		       "fault status not a synchronous external abort" :
	       got_far != addr ? "FAR is not the address" :
				 "synchronous external abort)");
}

/*
 * A BRK is the EL1 code's own exception (Linux's BUG and WARN are BRKs):
 * it reaches EL1's vector with its comment in the ESR, never the
 * hypervisor, also on a CPU the vCPU shares (where mica traps the debug
 * registers: MDCR_EL2.TDA, not TDE, which would route it to EL2).
 */
static void check_brk(void)
{
	armed = true;
	__asm__ volatile("brk #0x7a" ::: "memory");
	result("brk",
	       raised() && ESR_EC(got_esr) == ESR_EC_BRK64 &&
		       (got_esr & 0xffff) == 0x7a,
	       !armed && ESR_EC(got_esr) != ESR_EC_BRK64 ?
		       "another exception class" :
		       "at EL1, comment in the ESR)");
}

static void check_aborts(void)
{
	armed = true;
	(void)*(volatile uint32_t *)(uintptr_t)NOTHING;
	expect_sea("abort", ESR_EC_DABT_CUR, NOTHING);
	armed = true;
	((void (*)(void))(uintptr_t)NOTHING)();
	expect_sea("fetch", ESR_EC_IABT_CUR, NOTHING);
}

int main(void)
{
	mica_exception_set_catch(catch);
	mica_printf("conform: %s\n",
		    mica_under_hypervisor() ? "under mica" : "bare");
	check_fp();
	check_thumb();
	check_pmu();
	check_sve();
	check_ptimer();
	check_brk();
	check_aborts();
	mica_printf("conform: done, %u failed\n", failed);
	mica_printf("conform: reading 0x%llx\n", FOREIGN);
	armed = true;
	(void)*(volatile uint32_t *)(uintptr_t)FOREIGN;
	expect_sea("foreign", ESR_EC_DABT_CUR, FOREIGN);
	return 0;
}
