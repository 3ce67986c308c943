// SPDX-License-Identifier: Apache-2.0
/*
 * hostile: a native partition that attacks mica and its neighbours, one
 * attack per key typed on its console, so that a test can show each is
 * contained: the attacker is stopped or restarted by its fault policy, and
 * every other partition keeps running.
 *
 *   r  read another partition's memory (an address outside its own)
 *   w  write there
 *   x  jump there
 *   s  an SMC to the firmware (forbidden to partitions)
 *   h  an unknown hypercall (answered NOT_SUPPORTED; it survives)
 *   y  take the console's keyboard (MICA_HC_KEYBOARD) without the
 *      scenario's secure-input right (answered DENIED; nothing moves)
 *   p  PSCI CPU_ON of a vCPU it does not have (INVALID_PARAMETERS)
 *   g  write the GIC distributor's registers past its interrupts (ignored)
 *   m  store a register pair to its UART (no syndrome: mica cannot emulate it)
 *   l  route SPIs 32-63 to itself, all of them group 1, enabled, active and
 *      pending (more than there are list registers), then count to 100,000
 *   t  latch its timer's interrupt while it is disabled at the GIC, turn
 *      the timer off, enable the interrupt: none may come; the same with
 *      the timer left on: it must come; with the timer masked (IMASK,
 *      still enabled): none may come; then take the interrupt, see IMASK
 *      clear, end it with the timer unchanged: it must come again
 *   T  GICv3: take the timer's interrupt (mica's fast path then stands
 *      ready to make it pending again) and end it with the timer still
 *      high while its priority mask (ICC_PMR_EL1 = 0) holds it back: none
 *      may come until the mask opens, then it must; end that one after
 *      disabling the interrupt at the GIC: none may come
 *   k  GICv3: enable SGI 1 on its vCPU 1 (never started) and send it
 *      20,000 times (ICC_SGI1R_EL1)
 *   K  GICv3: send each SGI to every other CPU (IRM) and to CPUs 0-15 of
 *      affinity 0.0.0 (TargetList), 2,000 writes of ICC_SGI1R_EL1 in all
 *   G  GICv3: write ICC_SGI0R_EL1 2,000 times, group 0 SGIs (mica's
 *      group) to every other CPU (undefined for a partition: the first
 *      write ends it, its runtime reports it and powers off)
 *   F  mask everything it can at EL1 (PSTATE.DAIF, ICC_PMR_EL1 = 0, group
 *      0 off in ICC_IGRPEN0_EL1) and spin for 50 ms of counter time,
 *      reporting the longest gap between two counter reads: the time mica
 *      took the CPU away (a budget shows as gaps), then unmask
 *   A  the same after claiming the highest group 1 priority active
 *      (ICC_AP1R0_EL1 = 1), which holds back every interrupt of a lower
 *      priority, mica's too (docs/direct.md); then release it
 *   b  print what would pass for mica's lines or another partition's, if
 *      backspace, carriage return or escape sequences reached the terminal
 *   v  move its vector table outside its memory, into RAM the scenario
 *      gives another partition, and fault: each fault faults again, for
 *      ever, each one mica's to report (a flood of faults; policy log).
 *      (At an address nobody has, the faults would be its own business,
 *      handed back without a line.)
 *   q  power itself off
 *
 * Run on a vCPU alone on its CPU, under mica.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "libmica/board.h"
#include "libmica/console.h"
#include "libmica/gic.h"
#include "libmica/hc.h"
#include "libmica/psci.h"
#include "libmica/smccc.h"
#include "libmica/start.h"
#include "libmica/timer.h"
#include "sysreg.h"

/* Outside the 2 MiB at 0x40000000 the scenario gives this partition. */
#define FOREIGN 0x42800000ull

#define VTIMER_PPI 27u
#define SGIS_SENT 20000u
#define SGIS_EVERYWHERE 2000u
#define MASKED_MS 50u

/* One more level of macro, so that the register names expand before '#'. */
#define wr_icc(r, v) write_sysreg(r, v)
#define COUNT_TO 100000u

/*
 * The distributor's registers for SPIs 32-63 (index 1 of each array);
 * the rest are arm64/gic.h's.
 */
#define GICD_IGROUPR1 0x0084u
#define GICD_ISENABLER1 0x0104u
#define GICD_ICENABLER1 0x0184u
#define GICD_ISPENDR1 0x0204u
#define GICD_ICPENDR1 0x0284u
#define GICD_ISACTIVER1 0x0304u
#define GICD_ICACTIVER1 0x0384u
#define GICD_ISPENDR0 0x0200u /* also GICR_ISPENDR0 in SGI_base */
/* GICv3 redistributors: 128 KiB each, SGI_base at 64 KiB. */
#define GICR_STRIDE 0x20000u

/* One plain store (no writeback, which has no syndrome mica can emulate). */
static void store32(uintptr_t a, uint32_t v)
{
	__asm__ volatile("str %w0, [%1]" : : "r"(v), "r"(a) : "memory");
}

static void store64(uintptr_t a, uint64_t v)
{
	__asm__ volatile("str %0, [%1]" : : "r"(v), "r"(a) : "memory");
}

static bool gic_ready(void)
{
	static bool ready;

	if (!ready) {
		ready = mica_gic_init();
	}
	return ready;
}

/*
 * SPIs 32-63 to vCPU 0, all group 1, enabled, active and pending; both
 * groups on in the distributor.
 */
static void spis_all_ones(uintptr_t gicd)
{
	for (unsigned n = 32; n < 64; n++) {
		if (mica_gic_version() == 3) {
			store64(gicd + GICD_IROUTER + 8 * n, 0);
		}
	}
	if (mica_gic_version() == 2) {
		store32(gicd + GICD_CTLR, 3u); /* both groups, as GICv3's */
		for (unsigned n = 32; n < 64; n += 4) {
			store32(gicd + GICD_ITARGETSR + n, 0x01010101u);
		}
	}
	store32(gicd + GICD_IGROUPR1, 0xffffffffu);
	store32(gicd + GICD_ISENABLER1, 0xffffffffu);
	store32(gicd + GICD_ISACTIVER1, 0xffffffffu);
	store32(gicd + GICD_ISPENDR1, 0xffffffffu);
}

static void count_with_active_spis(void)
{
	uintptr_t gicd = mica_board()->gicd;
	volatile uint32_t n = 0;
	uint64_t t0;

	if (!gic_ready()) {
		return;
	}
	spis_all_ones(gicd);
	t0 = mica_timer_now();
	/* Interrupts masked here: only mica's exits can stop this. */
	while (n < COUNT_TO) {
		n = n + 1;
	}
	mica_printf("hostile: counted to %u in %lu ticks with SPIs 32-63 "
		    "active and pending\n",
		    (unsigned)n, (unsigned long)(mica_timer_now() - t0));
	store32(gicd + GICD_ICENABLER1, 0xffffffffu);
	store32(gicd + GICD_ICPENDR1, 0xffffffffu);
	store32(gicd + GICD_ICACTIVER1, 0xffffffffu);
}

/* Whether PPI intid is pending at the (virtual) GIC: GICD/GICR_ISPENDR0. */
static bool ppi_pending(uint32_t intid)
{
	uintptr_t r = mica_gic_version() == 3 ? (mica_board()->gicr_count != 0 ?
							 mica_board()->gicr[0] :
							 MICA_GICR_BASE) +
							GICR_SGI_BASE :
						mica_board()->gicd;

	return ((mmio_read32(r + GICD_ISPENDR0) >> intid) & 1u) != 0;
}

/* Acks what the GIC has, and ends it; >= MICA_GIC_SPECIAL: nothing. */
static uint32_t ack_eoi(void)
{
	uint32_t intid = mica_gic_ack();

	if (intid < MICA_GIC_SPECIAL) {
		mica_gic_eoi(intid);
	}
	return intid;
}

/*
 * Fires the timer with its interrupt disabled at the GIC; once it is
 * pending there, turns the timer off (TIMER_OFF), leaves it on (TIMER_ON)
 * or masks it with IMASK, still enabled (TIMER_MASKED); enables the
 * interrupt and returns what the GIC then has (>= MICA_GIC_SPECIAL:
 * nothing); 0 if it never became pending.
 */
enum timer_how { TIMER_OFF, TIMER_ON, TIMER_MASKED };

static uint32_t timer_latched(enum timer_how how)
{
	uint64_t t0 = mica_timer_now();
	uint64_t limit = mica_timer_freq() / 10; /* 100 ms */
	uint32_t intid = 0;

	mica_gic_disable_ppi(VTIMER_PPI);
	mica_timer_set_deadline(t0);
	while (!ppi_pending(VTIMER_PPI) && mica_timer_now() - t0 < limit) {
	}
	if (ppi_pending(VTIMER_PPI)) {
		if (how == TIMER_OFF) {
			mica_timer_stop();
		} else if (how == TIMER_MASKED) {
			write_sysreg(cntv_ctl_el0,
				     CNT_CTL_ENABLE | CNT_CTL_IMASK);
			isb();
		}
		mica_gic_enable_ppi(VTIMER_PPI);
		intid = ack_eoi();
	}
	mica_timer_stop();
	(void)ack_eoi(); /* one that came again in between */
	mica_gic_disable_ppi(VTIMER_PPI);
	return intid;
}

/* Polls the GIC (interrupts masked) for up to `limit` ticks. */
static uint32_t ack_within(uint64_t limit)
{
	uint64_t t0 = mica_timer_now();
	uint32_t intid = mica_gic_ack();

	while (intid >= MICA_GIC_SPECIAL && mica_timer_now() - t0 < limit) {
		intid = mica_gic_ack();
	}
	return intid;
}

/*
 * Takes the timer's interrupt, reads the timer (IMASK must be the guest's:
 * clear) and ends the interrupt without touching the timer: its level is
 * still high, so it must come again. NULL: it came back; else what was
 * wrong.
 */
static const char *timer_again(void)
{
	uint64_t limit = mica_timer_freq() / 10; /* 100 ms */
	const char *wrong = NULL;
	uint32_t first;
	uint32_t second = MICA_GIC_SPECIAL;
	uint64_t ctl = 0;

	mica_gic_enable_ppi(VTIMER_PPI);
	mica_timer_set_deadline(mica_timer_now());
	first = ack_within(limit);
	if (first < MICA_GIC_SPECIAL) {
		ctl = read_sysreg(cntv_ctl_el0);
		mica_gic_eoi(first);
		second = ack_within(limit);
		if (second < MICA_GIC_SPECIAL) {
			mica_gic_eoi(second);
		}
	}
	mica_timer_stop();
	(void)ack_eoi();
	mica_gic_disable_ppi(VTIMER_PPI);
	if (first != VTIMER_PPI) {
		wrong = "it never came";
	} else if ((ctl & CNT_CTL_IMASK) != 0) {
		wrong = "IMASK set in its handler";
	} else if (second != VTIMER_PPI) {
		wrong = "it did not come again";
	}
	return wrong;
}

/* The 'T' attack (see the top); NULL if all went as it must. */
static const char *timer_fast_masked(void)
{
	uint64_t limit = mica_timer_freq() / 10; /* 100 ms */
	const char *wrong = NULL;
	uint32_t got = MICA_GIC_SPECIAL;

	mica_gic_enable_ppi(VTIMER_PPI);
	mica_timer_set_deadline(mica_timer_now());
	if (ack_within(limit) != VTIMER_PPI) {
		wrong = "it never came";
	} else {
		wr_icc(ICC_PMR_EL1, 0);
		isb();
		mica_gic_eoi(
			VTIMER_PPI); /* still high: comes again, held back */
		got = ack_within(limit);
		wr_icc(ICC_PMR_EL1, 0xff);
		isb();
		if (got < MICA_GIC_SPECIAL) {
			wrong = "it came through the priority mask";
		} else if ((got = ack_within(limit)) != VTIMER_PPI) {
			wrong = "it did not come once the mask opened";
		} else {
			mica_gic_disable_ppi(VTIMER_PPI);
			mica_gic_eoi(
				VTIMER_PPI); /* high, comes again: disabled */
			if ((got = ack_within(limit)) < MICA_GIC_SPECIAL) {
				wrong = "it came while disabled";
			}
		}
	}
	if (got < MICA_GIC_SPECIAL) {
		mica_gic_eoi(got); /* the last one taken, where it went wrong */
	}
	mica_timer_stop();
	(void)ack_eoi();
	mica_gic_disable_ppi(VTIMER_PPI);
	return wrong;
}

static void timer_fast(void)
{
	const char *wrong;

	if (!gic_ready()) {
		return;
	}
	if (mica_gic_version() != 3) {
		mica_puts("hostile: no fast timer path on this GIC\n");
		return;
	}
	wrong = timer_fast_masked();
	if (wrong != NULL) {
		mica_printf("hostile: timer fast path: %s (must not happen)\n",
			    wrong);
	} else {
		mica_puts("hostile: timer fast path: held back by the priority "
			  "mask, came when it opened, not while disabled\n");
	}
}

static void timer_level(void)
{
	uint32_t off;
	uint32_t on;
	uint32_t masked;
	const char *again;

	if (!gic_ready()) {
		return;
	}
	off = timer_latched(TIMER_OFF);
	on = timer_latched(TIMER_ON);
	masked = timer_latched(TIMER_MASKED);
	again = timer_again();
	if (off == 0 || on == 0 || masked == 0) {
		mica_puts("hostile: the timer never fired\n");
	} else if (off < MICA_GIC_SPECIAL) {
		mica_printf("hostile: timer off: interrupt %u came (must not "
			    "happen)\n",
			    (unsigned)off);
	} else {
		mica_puts("hostile: timer off: no interrupt\n");
	}
	if (on != 0) {
		mica_printf("hostile: timer on: interrupt %u\n", (unsigned)on);
	}
	if (masked != 0 && masked < MICA_GIC_SPECIAL) {
		mica_printf("hostile: timer masked: interrupt %u came (must "
			    "not happen)\n",
			    (unsigned)masked);
	} else if (masked != 0) {
		mica_puts("hostile: timer masked: no interrupt\n");
	}
	if (again != NULL) {
		mica_printf("hostile: timer ended, still high: %s (must not "
			    "happen)\n",
			    again);
	} else {
		mica_puts("hostile: timer ended, still high: came again, "
			  "IMASK clear\n");
	}
}

static void sgi_flood(void)
{
	uintptr_t sgi;

	if (!gic_ready()) {
		return;
	}
	if (mica_gic_version() != 3) {
		mica_puts("hostile: no ICC_SGI1R_EL1 on this GIC\n");
		return;
	}
	/* vCPU 1's redistributor: SGI 1 in group 1, enabled. */
	sgi = (mica_board()->gicr_count != 0 ? mica_board()->gicr[0] :
					       MICA_GICR_BASE) +
	      GICR_STRIDE + GICR_SGI_BASE;
	store32(sgi + GICR_IGROUPR0, mmio_read32(sgi + GICR_IGROUPR0) | 2u);
	store32(sgi + GICR_ISENABLER0, 2u);
	for (unsigned i = 0; i < SGIS_SENT; i++) {
		/* INTID 1, TargetList: Aff0 1 (vCPU 1). */
		write_sysreg(ICC_SGI1R_EL1, (UINT64_C(1) << 24) | 2u);
		isb();
	}
	mica_printf("hostile: sent SGI 1 to vCPU 1 %u times\n", SGIS_SENT);
}

/* ICC_SGI1R_EL1 and ICC_SGI0R_EL1: INTID 27:24, IRM 40, TargetList 15:0. */
#define SGIR_INTID(n) ((uint64_t)(n) << 24)
#define SGIR_IRM (UINT64_C(1) << 40)

static void sgi_everywhere(void)
{
	if (!gic_ready()) {
		return;
	}
	if (mica_gic_version() != 3) {
		mica_puts("hostile: no ICC_SGI1R_EL1 on this GIC\n");
		return;
	}
	for (unsigned i = 0; i < SGIS_EVERYWHERE / 2; i++) {
		wr_icc(ICC_SGI1R_EL1, SGIR_INTID(i % 16) | SGIR_IRM);
		wr_icc(ICC_SGI1R_EL1, SGIR_INTID(i % 16) | 0xffffu);
		isb();
	}
	mica_printf("hostile: sent %u SGIs to every other CPU\n",
		    SGIS_EVERYWHERE);
}

static void sgi0_everywhere(void)
{
	if (!gic_ready()) {
		return;
	}
	if (mica_gic_version() != 3) {
		mica_puts("hostile: no ICC_SGI0R_EL1 on this GIC\n");
		return;
	}
	mica_puts("hostile: writing ICC_SGI0R_EL1\n");
	for (unsigned i = 0; i < SGIS_EVERYWHERE; i++) {
		wr_icc(ICC_SGI0R_EL1, SGIR_INTID(i % 16) | SGIR_IRM);
		isb();
	}
	mica_puts("hostile: wrote ICC_SGI0R_EL1 (must not happen)\n");
}

/*
 * Spins MASKED_MS of counter time with PSTATE.DAIF all set, the priority
 * mask at its highest and group 0 off (and, with hold, the highest group 1
 * priority claimed active); returns the longest gap between two reads of
 * the counter, in counter ticks: time the CPU spent elsewhere.
 */
static uint64_t masked_spin(bool hold)
{
	uint64_t limit = mica_timer_freq() / 1000 * MASKED_MS;
	uint64_t t0;
	uint64_t prev;
	uint64_t gap = 0;

	__asm__ volatile("msr daifset, #0xf" ::: "memory");
	wr_icc(ICC_PMR_EL1, 0);
	wr_icc(ICC_IGRPEN0_EL1, 0);
	if (hold) {
		wr_icc(ICC_AP1R0_EL1, 1);
	}
	isb();
	t0 = read_sysreg(cntvct_el0);
	prev = t0;
	while (prev - t0 < limit) {
		uint64_t now = read_sysreg(cntvct_el0);

		gap = now - prev > gap ? now - prev : gap;
		prev = now;
	}
	if (hold) {
		wr_icc(ICC_AP1R0_EL1, 0);
	}
	wr_icc(ICC_PMR_EL1, 0xff);
	isb();
	return gap;
}

static void masked(bool hold)
{
	uint64_t gap = masked_spin(hold);

	mica_printf("hostile: masked%s for %u ms, longest gap %lu us\n",
		    hold ? " with ICC_AP1R0_EL1 = 1" : "", MASKED_MS,
		    (unsigned long)(gap * 1000000u / mica_timer_freq()));
}

static void attack(int c)
{
	switch (c) {
	case 'r':
		mica_printf("hostile: reading 0x%llx\n", FOREIGN);
		mica_printf("hostile: read 0x%lx (must not happen)\n",
			    (unsigned long)*(
				    volatile uint64_t *)(uintptr_t)FOREIGN);
		break;
	case 'w':
		mica_printf("hostile: writing 0x%llx\n", FOREIGN);
		*(volatile uint64_t *)(uintptr_t)FOREIGN = 0xbad;
		mica_puts("hostile: wrote (must not happen)\n");
		break;
	case 'x':
		mica_printf("hostile: jumping to 0x%llx\n", FOREIGN);
		((void (*)(void))(uintptr_t)FOREIGN)();
		break;
	case 's': {
		uint64_t ret;

		mica_puts("hostile: SMC to the firmware\n");
		/* A SiP service call, x0 set right before the SMC. */
		__asm__ volatile("mov x0, #0xc2000000\n\tsmc #0\n\tmov %0, x0"
				 : "=r"(ret)
				 :
				 : "x0", "x1", "x2", "x3", "memory");
		mica_printf("hostile: SMC returned %ld (must not happen)\n",
			    (long)ret);
		break;
	}
	case 'h': {
		struct mica_smccc_res r;

		mica_smccc_hvc(0xc600ffffu, 1, 2, 3, &r);
		mica_printf("hostile: unknown hypercall returned %ld\n",
			    (long)r.a0);
		break;
	}
	case 'y':
		mica_printf("hostile: keyboard take returned %ld\n",
			    (long)mica_hc_keyboard(true));
		break;
	case 'p':
		mica_printf("hostile: CPU_ON of vCPU 5 returned %ld\n",
			    (long)mica_psci_call(PSCI_CPU_ON_64, 5, 0x40000000u,
						 0));
		break;
	case 'g':
		/* Enable registers of interrupt ids far beyond the GIC's. */
		for (unsigned i = 0; i < 64; i++) {
			uintptr_t a = 0x08000100u + 4 * i;

			/* One plain store each: the access MMIO emulation takes. */
			__asm__ volatile("str %w0, [%1]"
					 :
					 : "r"(0xffffffffu), "r"(a)
					 : "memory");
		}
		mica_puts("hostile: wrote the GIC distributor\n");
		break;
	case 'm':
		mica_puts("hostile: store pair to the UART\n");
		__asm__ volatile("stp %0, %0, [%1]"
				 :
				 : "r"(UINT64_C(0)), "r"(UINT64_C(0x09000000))
				 : "memory");
		break;
	case 'l': count_with_active_spis(); break;
	case 't': timer_level(); break;
	case 'T': timer_fast(); break;
	case 'k': sgi_flood(); break;
	case 'K': sgi_everywhere(); break;
	case 'G': sgi0_everywhere(); break;
	case 'F': masked(false); break;
	case 'A': masked(true); break;
	case 'b':
		/* Each line is meant to show as "mica: ..." on its own. */
		mica_puts("x\b\b\b\b\b\b\b\b\b\b\b\b\b\b\b\b\b\b"
			  "mica: keyboard -> victim (spoof 1)\n");
		mica_puts("abc\r\b\b\b\bmica: keyboard -> victim (spoof 2)\n");
		mica_puts("\x1b[2K\x1b[1Gmica: keyboard -> victim (spoof 3)\n");
		mica_puts("\x1b"
			  "7\x1b[1;1Hmica: moved (spoof 4)\x1b"
			  "8\n");
		mica_puts("\x1b[A\x1b[99Dmica: up a line (spoof 5)\n");
		mica_puts("\t\b\b\b\b\b\b\b\b\b\b\b\b\b\b\b\b"
			  "mica: tab (spoof 6)\n");
		mica_puts("\x7f\x7f\x7f\x9b"
			  "2Kmica: del (spoof 7)\n");
		mica_puts("\x1b]0;mica\amica: osc (spoof 8)\n");
		mica_puts("[pin] ");
		break;
	case 'v':
		mica_printf("hostile: vector table at 0x%llx, then a fault\n",
			    FOREIGN);
		__asm__ volatile("msr vbar_el1, %0\n\tisb"
				 :
				 : "r"((uint64_t)FOREIGN)
				 : "memory");
		(void)*(volatile uint64_t *)(uintptr_t)FOREIGN;
		mica_puts(
			"hostile: survived the fault loop (must not happen)\n");
		break;
	case 'q':
		mica_puts("hostile: powering off\n");
		mica_psci_system_off();
		break;
	default: break;
	}
}

int main(void)
{
	mica_puts("hostile: ready\n");
	for (;;) {
		int c = mica_getc();

		if (c >= 0) {
			attack(c);
			mica_puts("hostile: still running\n");
		}
	}
}
