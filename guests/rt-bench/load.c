// SPDX-License-Identifier: Apache-2.0
/*
 * rt-bench's load on the board's other CPUs (load.h): bare QEMU only, in
 * the builds with RT_BENCH_LOAD set; nothing in the others.
 */
#ifndef RT_BENCH_LOAD
#define RT_BENCH_LOAD 0
#endif

#if RT_BENCH_LOAD != 0

#include <stdbool.h>
#include <stdint.h>

#include "libmica/console.h"
#include "libmica/gic.h"
#include "libmica/irq.h"
#include "libmica/psci.h"
#include "libmica/timer.h"
#include "load.h"

#ifndef RT_BENCH_LOAD_TICK_US
#define RT_BENCH_LOAD_TICK_US 4000
#endif
#ifndef RT_BENCH_LOAD_BYTES
#define RT_BENCH_LOAD_BYTES (4u << 20)
#endif

_Static_assert(RT_BENCH_LOAD == RT_BENCH_LOAD_MEMCPY ||
		       RT_BENCH_LOAD == RT_BENCH_LOAD_HOG,
	       "RT_BENCH_LOAD: 1 (memcpy) or 2 (hog)");
_Static_assert(RT_BENCH_LOAD_TICK_US >= 0 && RT_BENCH_LOAD_TICK_US <= 1000000,
	       "RT_BENCH_LOAD_TICK_US: 0 (none) to 1 s");
_Static_assert(RT_BENCH_LOAD_BYTES >= 64 && RT_BENCH_LOAD_BYTES % 64 == 0 &&
		       RT_BENCH_LOAD_BYTES <= (8u << 20),
	       "RT_BENCH_LOAD_BYTES: a multiple of 64, at most 8 MiB");

#define LOAD_STACK_SIZE 8192
/* CPU k's buffers: two of RT_BENCH_LOAD_BYTES from BUF_BASE + k * BUF_STEP. */
#define BUF_BASE 0x41000000u
#define BUF_STEP 0x01000000u
#define BUF_HALF 0x00800000u
/* Bound on waiting for a started CPU to say it runs, in seconds. */
#define START_WAIT_S 10u

/* What a CPU started by CPU_ON gets in x0 (the asm below reads sp first). */
struct cpu_start {
	uint64_t sp;
	uint32_t index;
};

static struct cpu_start starts[RT_BENCH_LOAD_MAX_CPUS];
static uint8_t stacks[RT_BENCH_LOAD_MAX_CPUS][LOAD_STACK_SIZE]
	__attribute__((aligned(16)));
static volatile uint32_t running[RT_BENCH_LOAD_MAX_CPUS];
static uint32_t measure_cpu; /* MPIDR Aff0 of the measuring CPU */
static uint64_t tick;	     /* the load CPUs' tick, in counter ticks */
static uint64_t next_tick[RT_BENCH_LOAD_MAX_CPUS];

void rt_bench_load_entry(void);
void rt_bench_load_cpu(const struct cpu_start *s);

/*
 * Where CPU_ON starts a load CPU, x0 = its struct cpu_start: masked, on
 * SP_EL1 = its stack, rt-bench's vectors, then rt_bench_load_cpu(x0).
 */
__asm__("	.text\n"
	"	.balign 4\n"
	"	.global rt_bench_load_entry\n"
	"	.type rt_bench_load_entry, %function\n"
	"rt_bench_load_entry:\n"
	"	msr	daifset, #0xf\n"
	"	msr	spsel, #1\n"
	"	ldr	x1, [x0]\n"
	"	mov	sp, x1\n"
	"	adrp	x1, mica_vectors\n"
	"	add	x1, x1, :lo12:mica_vectors\n"
	"	msr	vbar_el1, x1\n"
	"	isb\n"
	"	mov	x29, #0\n"
	"	mov	x30, #0\n"
	"	b	rt_bench_load_cpu\n"
	"	.size rt_bench_load_entry, . - rt_bench_load_entry\n");

/* Tells the CPU that started this one that it runs (it waits in WFE). */
static void say_running(uint32_t cpu)
{
	running[cpu] = 1;
	__asm__ volatile("dsb sy\n\tsev" ::: "memory");
}

static uint32_t this_cpu(void)
{
	uint64_t mpidr;

	__asm__ volatile("mrs %0, mpidr_el1" : "=r"(mpidr));
	return (uint32_t)(mpidr & 0xffu);
}

/* The load, for ever, its tick unmasked. */
static void __attribute__((noreturn)) load(uint32_t cpu)
{
	__asm__ volatile("msr daifclr, #2" ::: "memory");
#if RT_BENCH_LOAD == RT_BENCH_LOAD_MEMCPY
	uint64_t a = BUF_BASE + (uint64_t)cpu * BUF_STEP;
	uint64_t b = a + BUF_HALF;

	for (;;) {
		for (unsigned k = 0; k < 2; k++) {
			uint64_t s = k == 0 ? a : b;
			uint64_t d = k == 0 ? b : a;
			uint64_t n = RT_BENCH_LOAD_BYTES / 64;

			__asm__ volatile("1:	ldp	x4, x5, [%0]\n"
					 "	ldp	x6, x7, [%0, #16]\n"
					 "	ldp	x8, x9, [%0, #32]\n"
					 "	ldp	x10, x11, [%0, #48]\n"
					 "	add	%0, %0, #64\n"
					 "	stp	x4, x5, [%1]\n"
					 "	stp	x6, x7, [%1, #16]\n"
					 "	stp	x8, x9, [%1, #32]\n"
					 "	stp	x10, x11, [%1, #48]\n"
					 "	add	%1, %1, #64\n"
					 "	subs	%2, %2, #1\n"
					 "	b.ne	1b\n"
					 : "+r"(s), "+r"(d), "+r"(n)
					 :
					 : "x4", "x5", "x6", "x7", "x8", "x9",
					   "x10", "x11", "memory", "cc");
		}
	}
#else
	uint64_t x = 1;

	(void)cpu;
	for (;;) {
		x = x * 6364136223846793005ULL + 1442695040888963407ULL;
		__asm__ volatile("" : "+r"(x));
	}
#endif
}

/* The load CPU's GIC interface and first tick (none if the tick is 0). */
static bool load_cpu_init(uint32_t cpu)
{
	if (RT_BENCH_LOAD_TICK_US == 0) {
		return true;
	}
	if (!mica_gic_init() || !mica_gic_enable_ppi(MICA_TIMER_PPI)) {
		return false;
	}
	next_tick[cpu] = mica_timer_now() + tick;
	mica_timer_set_deadline(next_tick[cpu]);
	return true;
}

void rt_bench_load_cpu(const struct cpu_start *s)
{
	if (!load_cpu_init(s->index)) {
		mica_printf("rt-bench: FAIL: load CPU %u has no GIC\n",
			    (unsigned)s->index);
		for (;;) {
			mica_wfi();
		}
	}
	say_running(s->index);
	load(s->index);
}

bool rt_bench_load_irq(uint32_t intid)
{
	uint32_t cpu = this_cpu();

	if (cpu == measure_cpu || cpu >= RT_BENCH_LOAD_MAX_CPUS) {
		return false;
	}
	if (intid == MICA_TIMER_PPI) {
		/* Absolute, as rt-bench's deadlines; a missed tick is skipped. */
		uint64_t now = mica_timer_now();

		next_tick[cpu] += tick;
		if (next_tick[cpu] <= now) {
			next_tick[cpu] = now + tick;
		}
		mica_timer_set_deadline(next_tick[cpu]);
	}
	return true;
}

/* CPU_ON for CPU cpu (MPIDR Aff0); waits until it runs. */
static bool start_cpu(uint32_t cpu)
{
	int64_t r;

	starts[cpu].sp = (uint64_t)(uintptr_t)&stacks[cpu][LOAD_STACK_SIZE];
	starts[cpu].index = cpu;
	r = mica_psci_call(PSCI_CPU_ON_64, cpu,
			   (uint64_t)(uintptr_t)rt_bench_load_entry,
			   (uint64_t)(uintptr_t)&starts[cpu]);
	if (r != 0) {
		mica_printf("rt-bench: FAIL: PSCI CPU_ON of CPU %u: %ld\n",
			    (unsigned)cpu, (long)r);
		return false;
	}
	/*
	 * WFE, not a spin: QEMU's single-threaded round-robin runs the
	 * started CPU only when this one gives up its turn, and under -icount
	 * a spinning CPU can keep it (bench/README.md). The started CPU sends
	 * SEV; the bound is counter time.
	 */
	for (uint64_t end = mica_timer_now() + START_WAIT_S * mica_timer_freq();
	     running[cpu] == 0 && mica_timer_now() < end;) {
		__asm__ volatile("wfe" ::: "memory");
	}
	if (running[cpu] == 0) {
		mica_printf("rt-bench: FAIL: CPU %u did not start\n",
			    (unsigned)cpu);
		return false;
	}
	return true;
}

int rt_bench_load_start(int (*measure)(void))
{
	static const char *const names[] = { "", "memcpy", "hog" };
	uint32_t n = 1;

	/* CPUs 0..n-1: AFFINITY_INFO fails (-2) past the last one. */
	while (n < RT_BENCH_LOAD_MAX_CPUS &&
	       mica_psci_call(PSCI_AFFINITY_INFO_64, n, 0, 0) >= 0) {
		n++;
	}
	measure_cpu = this_cpu();
	if (n < 2 || measure_cpu != 0) {
		mica_printf("rt-bench: load %s: no other CPU, no load\n",
			    names[RT_BENCH_LOAD]);
		return measure();
	}
	tick = mica_timer_freq() * RT_BENCH_LOAD_TICK_US / 1000000u;
	for (uint32_t cpu = 1; cpu < n; cpu++) {
		if (!start_cpu(cpu)) {
			return -1;
		}
	}
	mica_printf("rt-bench: load %s on CPUs 1-%u, tick every %u us; "
		    "measuring on CPU 0\n",
		    names[RT_BENCH_LOAD], (unsigned)(n - 1),
		    (unsigned)RT_BENCH_LOAD_TICK_US);
	return measure();
}

#endif
