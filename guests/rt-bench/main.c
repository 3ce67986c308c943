// SPDX-License-Identifier: Apache-2.0
/*
 * rt-bench: timer interrupt latency of a native partition. It arms its EL1
 * virtual timer for a deadline every RT_BENCH_PERIOD_US microseconds of
 * counter time and, for each interrupt, records how late the IRQ vector ran:
 * the virtual count libmica's vector read (its third instruction) minus the
 * deadline, in counter ticks. The CPU waits in WFI with IRQs masked between
 * deadlines, so each sample is a wake-up from idle: timer -> GIC (or mica's
 * virtual GIC) -> vector.
 *
 * It measures in rounds. A round starts on a fresh deadline one period from
 * now, takes RT_BENCH_WARMUP interrupts it does not record, then
 * RT_BENCH_SAMPLES it does; then, with the timer stopped, it prints:
 *
 *   rt-bench: round N start T      T: CNTVCT of the round's first deadline
 *                                  (the first warm-up one)
 *   rt-bench: raw N v v v ...      the samples in the order taken, in ticks,
 *                                  lines of at most RAW_LINE_MAX characters
 *   rt-bench: samples ... (ticks)  the summary, in ns, missed deadlines,
 *   ...                            and a log2 histogram
 *   rt-bench: round N end
 *
 * After RT_BENCH_ROUNDS rounds it prints "rt-bench: done" and powers off,
 * unless it has mica's channel to Linux (serve.h, the default scenario):
 * then it serves it for ever, measuring a silent round every
 * SERVE_IDLE_MS and answering Linux's requests between rounds only (the
 * doorbell is masked while it measures, so no sample waits for a request;
 * a request waits at most one round, about 0.1 s). With RT_BENCH_ROUNDS 0
 * it measures round after round until stopped from outside
 * (tools/bench/bench.py reads the rounds it wants and kills QEMU), and
 * serves nothing. Nothing is printed while measuring: the console traps to
 * the hypervisor.
 *
 * Deadlines are absolute (previous deadline + period), so a late handler
 * does not shift the ones after it; a deadline already past when the next
 * is armed is skipped and counted as missed, not measured.
 *
 * Under mica it reports itself healthy (MICA_HC_READY) once it can take
 * its timer: a new version booted as a standby by the update agent is
 * switched to then (docs/update.md); the running version gets
 * NOT_REQUIRED.
 *
 * Build-time knobs (guests.mk passes them): RT_BENCH_SAMPLES (1000),
 * RT_BENCH_PERIOD_US (100), RT_BENCH_WARMUP (10), RT_BENCH_ROUNDS (1),
 * RT_BENCH_LOAD (0: none; else a load on the board's other CPUs, for
 * bare QEMU: load.h), RT_BENCH_VERSION (1; the update demo builds 2),
 * and for the update's tests RT_BENCH_READY (1; 0: it never reports
 * ready), RT_BENCH_FAULT_AT_START (0; 1: it faults before) and
 * RT_BENCH_FAULT_AFTER_READY (0; N: it faults N ms after a READY that
 * switched to it, in its probation), and for the bench's `mica+slow`
 * RT_BENCH_SLOW_PATH (0; 1: after each interrupt it enables the timer's
 * PPI again in its GIC, a write that makes mica's next timer interrupt
 * take the slow path, as every interrupt but the timer's does).
 */
#include <stdbool.h>
#include <stdint.h>

#include "libmica/console.h"
#include "libmica/gic.h"
#include "libmica/hc.h"
#include "libmica/irq.h"
#include "libmica/part.h"
#include "libmica/start.h"
#include "libmica/timer.h"
#include "load.h"
#include "mica/hypercall.h"
#include "serve.h"
#include "stats.h"

#ifndef RT_BENCH_SAMPLES
#define RT_BENCH_SAMPLES 1000
#endif
#ifndef RT_BENCH_READY
#define RT_BENCH_READY 1
#endif
#ifndef RT_BENCH_FAULT_AT_START
#define RT_BENCH_FAULT_AT_START 0
#endif
#ifndef RT_BENCH_FAULT_AFTER_READY
#define RT_BENCH_FAULT_AFTER_READY 0
#endif
/* Past rt's 2 MiB in the default scenario, in the board's RAM. */
#define RT_BENCH_FAULT_IPA 0x40400000ul
#ifndef RT_BENCH_SLOW_PATH
#define RT_BENCH_SLOW_PATH 0
#endif
#ifndef RT_BENCH_VERSION
#define RT_BENCH_VERSION 1
#endif
#ifndef RT_BENCH_PERIOD_US
#define RT_BENCH_PERIOD_US 100
#endif
#ifndef RT_BENCH_WARMUP
#define RT_BENCH_WARMUP 10
#endif
#ifndef RT_BENCH_ROUNDS
#define RT_BENCH_ROUNDS 1
#endif
#ifndef RT_BENCH_LOAD
#define RT_BENCH_LOAD RT_BENCH_LOAD_NONE
#endif

_Static_assert(RT_BENCH_SAMPLES >= 1 && RT_BENCH_SAMPLES <= 1000000,
	       "RT_BENCH_SAMPLES: 1 to 1000000");
_Static_assert(RT_BENCH_PERIOD_US >= 1 && RT_BENCH_PERIOD_US <= 1000000,
	       "RT_BENCH_PERIOD_US: 1 us to 1 s");
_Static_assert(RT_BENCH_WARMUP >= 0 && RT_BENCH_WARMUP <= 1000,
	       "RT_BENCH_WARMUP: 0 to 1000");
_Static_assert(RT_BENCH_ROUNDS >= 0 && RT_BENCH_ROUNDS <= 1000000,
	       "RT_BENCH_ROUNDS: 0 (for ever) to 1000000");

#define HIST_WIDTH 40 /* '#' in the longest histogram bar */
/*
 * Longest "rt-bench: raw" line, newline excluded: mica tags a partition's
 * line with "[name] " and splits lines at 128 characters.
 */
#define RAW_LINE_MAX 90
#define SERVE_IDLE_MS 900 /* serving, between two silent rounds */

static uint32_t samples[RT_BENCH_SAMPLES];

/* Written by the handler, read by main() only with IRQs masked. */
static volatile uint32_t interrupts; /* timer interrupts taken */
static uint64_t deadline;	     /* the armed deadline */
static uint64_t period;		     /* in ticks */
static uint64_t missed;		     /* deadlines skipped, this round */
static uint32_t stray;		     /* other interrupts, this round */
static volatile bool idle;	     /* serving until the timer fires */

static void on_irq(uint32_t intid, uint64_t entry_ticks)
{
	uint32_t n = interrupts;
	uint64_t next;
	uint64_t now;

	if (RT_BENCH_LOAD != RT_BENCH_LOAD_NONE && rt_bench_load_irq(intid)) {
		return; /* a load CPU's tick */
	}
	if (idle) {
		/* Between rounds: the end of the idle time, or a doorbell. */
		if (intid == MICA_TIMER_PPI) {
			mica_timer_stop();
			idle = false;
		}
		return;
	}
	if (intid != MICA_TIMER_PPI) {
		stray++;
		return;
	}
	if (n >= RT_BENCH_WARMUP) {
		/* The timer fires at CNTVCT >= CVAL: entry_ticks >= deadline. */
		uint64_t late = entry_ticks - deadline;

		samples[n - RT_BENCH_WARMUP] =
			late > UINT32_MAX ? UINT32_MAX : (uint32_t)late;
	}
	interrupts = ++n;
	if (n >= RT_BENCH_WARMUP + RT_BENCH_SAMPLES) {
		mica_timer_stop();
		return;
	}
	next = deadline + period;
	now = mica_timer_now();
	if (next <= now) {
		uint64_t skip = (now - next) / period + 1;

		missed += skip;
		next += skip * period;
	}
	deadline = next;
	mica_timer_set_deadline(next); /* deasserts the interrupt before EOI */
}

static uint64_t ticks_to_ns(uint64_t ticks, uint64_t freq)
{
	/* No overflow for ticks < 2^32 (samples are uint32_t). */
	return ticks * 1000000000u / freq;
}

static void print_histogram(const uint32_t *sorted, uint32_t n)
{
	uint32_t count[STATS_BUCKETS] = { 0 };
	unsigned lo = STATS_BUCKETS;
	unsigned hi = 0;
	uint32_t most = 0;

	for (uint32_t i = 0; i < n; i++) {
		unsigned b = stats_bucket(sorted[i]);

		count[b]++;
		lo = b < lo ? b : lo;
		hi = b > hi ? b : hi;
	}
	for (unsigned b = lo; b <= hi; b++) {
		most = count[b] > most ? count[b] : most;
	}
	mica_puts("rt-bench: histogram, ticks [from, to): samples\n");
	for (unsigned b = lo; b <= hi && most > 0; b++) {
		uint32_t bar =
			(uint32_t)((uint64_t)count[b] * HIST_WIDTH / most);

		if (bar == 0 && count[b] > 0) {
			bar = 1;
		}
		mica_printf("rt-bench:   [%10lu, %10lu): %7u ",
			    (unsigned long)stats_bucket_low(b),
			    (unsigned long)stats_bucket_low(b + 1),
			    (unsigned)count[b]);
		for (uint32_t i = 0; i < bar; i++) {
			mica_putc('#');
		}
		mica_putc('\n');
	}
}

/* The samples in the order taken, as "rt-bench: raw N v v ..." lines. */
static void print_raw(uint64_t round, const uint32_t *v, uint32_t n)
{
	static const char head[] = "rt-bench: raw ";
	char line[RAW_LINE_MAX + 2]; /* and "\n\0" */
	char *start = line;
	uint32_t i = 0;

	/* The head, the round and one value fit in a line. */
	_Static_assert(sizeof(head) - 1 + STATS_DEC_MAX + STATS_RAW_VALUE_MAX <=
			       RAW_LINE_MAX,
		       "RAW_LINE_MAX too small");
	for (unsigned k = 0; k < sizeof(head) - 1; k++) {
		*start++ = head[k];
	}
	start = stats_put_dec(start, round);
	while (i < n) {
		uint32_t taken;
		char *p = stats_format_raw(start,
					   RAW_LINE_MAX -
						   (unsigned)(start - line),
					   v + i, n - i, &taken);

		i += taken;
		*p++ = '\n';
		*p = '\0';
		mica_puts(line);
	}
}

/*
 * Measures one round into samples[]: a fresh deadline one period from now,
 * RT_BENCH_WARMUP interrupts unrecorded, then RT_BENCH_SAMPLES recorded.
 * IRQs are masked on entry and on return; returns the first deadline.
 */
static uint64_t measure_round(void)
{
	uint64_t first;

	interrupts = 0;
	missed = 0;
	stray = 0;
	first = mica_timer_now() + period;
	deadline = first;
	mica_timer_set_deadline(first);
	/* Bounded by the timer: each pass takes at least one interrupt. */
	while (interrupts < RT_BENCH_WARMUP + RT_BENCH_SAMPLES) {
		mica_wfi();
		mica_irq_enable();
		mica_irq_disable();
		if (RT_BENCH_SLOW_PATH) {
			(void)mica_gic_enable_ppi(MICA_TIMER_PPI);
		}
	}
	mica_timer_stop();
	return first;
}

/* Sorts samples[]; their summary in ns for serve_record(). */
static struct stats summarise_ns(uint64_t freq)
{
	struct stats s;

	stats_sort(samples, RT_BENCH_SAMPLES);
	s = stats_summarise(samples, RT_BENCH_SAMPLES);
	s.min = (uint32_t)ticks_to_ns(s.min, freq);
	s.mean = (uint32_t)ticks_to_ns(s.mean, freq);
	s.p99 = (uint32_t)ticks_to_ns(s.p99, freq);
	s.max = (uint32_t)ticks_to_ns(s.max, freq);
	return s;
}

/* Prints round `round` (measured, timer stopped); sorts samples[]. */
static void report_round(uint64_t round, uint64_t first, uint64_t freq)
{
	struct stats s;
	struct stats ns;

	mica_printf("rt-bench: round %lu start %lu\n", (unsigned long)round,
		    (unsigned long)first);
	print_raw(round, samples, RT_BENCH_SAMPLES);
	stats_sort(samples, RT_BENCH_SAMPLES);
	s = stats_summarise(samples, RT_BENCH_SAMPLES);
	mica_printf("rt-bench: samples %u min %u mean %u p99 %u max %u "
		    "(ticks)\n",
		    (unsigned)s.count, (unsigned)s.min, (unsigned)s.mean,
		    (unsigned)s.p99, (unsigned)s.max);
	mica_printf("rt-bench: in ns: min %lu mean %lu p99 %lu max %lu\n",
		    (unsigned long)ticks_to_ns(s.min, freq),
		    (unsigned long)ticks_to_ns(s.mean, freq),
		    (unsigned long)ticks_to_ns(s.p99, freq),
		    (unsigned long)ticks_to_ns(s.max, freq));
	mica_printf("rt-bench: missed deadlines %lu, stray interrupts %u\n",
		    (unsigned long)missed, (unsigned)stray);
	print_histogram(samples, RT_BENCH_SAMPLES);
	mica_printf("rt-bench: round %lu end\n", (unsigned long)round);
	ns = summarise_ns(freq); /* sorted already: cheap */
	serve_record(round, &ns);
}

/*
 * Serves Linux until the virtual count reaches cval: its doorbell
 * unmasked, WFI between requests. IRQs masked on entry and on return.
 * Bounded by the timer: each pass answers SERVE_BATCH requests at most or
 * waits for an interrupt, and the timer's ends it.
 */
static void serve_until(uint64_t cval)
{
	idle = true;
	mica_timer_set_deadline(cval);
	serve_doorbell(true);
	while (idle) {
		/* Between two batches the timer's interrupt gets its window. */
		if (!serve_poll()) {
			mica_wfi();
		}
		mica_irq_enable();
		mica_irq_disable();
	}
	serve_doorbell(false);
}

/*
 * After the printed rounds, with Linux's channel: serves it, measuring a
 * silent round every SERVE_IDLE_MS for "stats". Never returns, by design:
 * the partition is a service now.
 */
static void __attribute__((noreturn)) serve(uint64_t freq)
{
	mica_printf("rt-bench: serving %s: try `micactl call %s stats` in "
		    "Linux\n",
		    SERVE_CHANNEL, SERVE_CHANNEL);
	for (uint64_t round = RT_BENCH_ROUNDS + 1;; round++) {
		struct stats ns;

		serve_until(mica_timer_now() + freq * SERVE_IDLE_MS / 1000u);
		(void)measure_round();
		ns = summarise_ns(freq);
		serve_record(round, &ns);
	}
}

/* Everything after the first line (on CPU 0, the load on the others). */
static int measure(void)
{
	uint64_t freq = mica_timer_freq();
	int64_t hc = mica_hc_version();

	if (hc >= 0) {
		mica_printf("rt-bench: under mica, ABI %u.%u\n",
			    (unsigned)(hc >> 16), (unsigned)(hc & 0xffff));
	} else {
		mica_printf("rt-bench: no mica (MICA_HC_VERSION: %ld)\n",
			    (long)hc);
	}
	period = freq * RT_BENCH_PERIOD_US / 1000000u;
	if (period == 0) {
		mica_printf("rt-bench: FAIL: counter frequency %lu Hz is too "
			    "low for the period\n",
			    (unsigned long)freq);
		return 1;
	}
	if (!mica_gic_init() || !mica_gic_enable_ppi(MICA_TIMER_PPI)) {
		mica_puts("rt-bench: FAIL: cannot take the timer interrupt\n");
		return 1;
	}
	mica_printf("rt-bench: GICv%u, counter %lu Hz, period %lu ticks\n",
		    mica_gic_version(), (unsigned long)freq,
		    (unsigned long)period);
	if (RT_BENCH_FAULT_AT_START) {
		/* Not its memory: mica's fault policy, not an abort into it. */
		*(volatile uint64_t *)RT_BENCH_FAULT_IPA = 1;
	}
	/* Bounded by mica, which discards a standby past its deadline. */
	while (!RT_BENCH_READY) {
		mica_timer_wait_until(mica_timer_now() + freq);
	}
	if (hc >= 0 && mica_hc_ready() == MICA_HC_SUCCESS) {
		mica_puts("rt-bench: reported ready\n");
		if (RT_BENCH_FAULT_AFTER_READY != 0) {
			mica_timer_wait_until(
				mica_timer_now() +
				freq / 1000 * RT_BENCH_FAULT_AFTER_READY);
			*(volatile uint64_t *)RT_BENCH_FAULT_IPA = 1;
		}
	}
	if (RT_BENCH_ROUNDS == 0) {
		mica_puts("rt-bench: rounds until stopped\n");
	} else if (RT_BENCH_ROUNDS > 1) {
		mica_printf("rt-bench: %u rounds\n", (unsigned)RT_BENCH_ROUNDS);
	}

	/* RT_BENCH_ROUNDS 0: for ever, by design; each round is bounded. */
	for (uint64_t round = 1;
	     RT_BENCH_ROUNDS == 0 || round <= RT_BENCH_ROUNDS; round++) {
		uint64_t first = measure_round();

		report_round(round, first, freq);
	}
	mica_puts("rt-bench: done\n");
	if (RT_BENCH_ROUNDS != 0 && hc >= MICA_HC_ABI_VERSION && serve_open()) {
		serve(freq);
	}
	return 0;
}

int main(void)
{
	mica_printf("rt-bench: timer latency, %u samples, deadline every %u "
		    "us, %u warm-up\n",
		    (unsigned)RT_BENCH_SAMPLES, (unsigned)RT_BENCH_PERIOD_US,
		    (unsigned)RT_BENCH_WARMUP);
	mica_printf("rt-bench: version %u\n", (unsigned)RT_BENCH_VERSION);
	/* Before any load CPU unmasks its tick. */
	mica_irq_set_handler(on_irq);
	if (RT_BENCH_LOAD != RT_BENCH_LOAD_NONE) {
		return rt_bench_load_start(measure);
	}
	return measure();
}
