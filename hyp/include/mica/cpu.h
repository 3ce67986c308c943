/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Per-CPU data. Each physical CPU owns one struct cpu, reached through
 * arch_cpu_local(); other CPUs only read its state, counters and running
 * vCPU, and ask it to decide again (its run queue's atomics, vcpu_kick()).
 */
#ifndef MICA_CPU_H
#define MICA_CPU_H

#include "mica/sched.h"
#include "mica/types.h"

enum cpu_state {
	CPU_OFF = 0, /* not started */
	CPU_BOOTING, /* running its boot path */
	CPU_ONLINE,  /* initialised, taking interrupts */
	CPU_STOPPED, /* stopped by an unexpected exception */
};

struct cpu {
	unsigned index;
	uint64_t hwid;
	enum cpu_state state;
	uint64_t ticks; /* hypervisor timer interrupts taken */
	uint8_t *stack_top;
	uint32_t in_exception;	/* nesting of the unexpected-exception path */
	struct sched_cpu sched; /* the vCPUs the scenario places here */
	struct vcpu *current;	/* the vCPU running now, or NULL (atomic) */
	struct vcpu *loading;	/* picked to load its partition (idle loop) */
};

extern struct cpu cpus[MICA_MAX_CPUS];

struct board;

/* Entry of every secondary CPU once its stack and translation are on. */
_Noreturn void cpu_secondary_main(unsigned index);

/*
 * Makes the calling CPU (per-CPU data c) take interrupts: its interrupt
 * controller interface, and its timer every tick period. Marks it
 * CPU_ONLINE; false (CPU left CPU_BOOTING) if its interrupt interface fails.
 */
bool cpu_online(const struct board *b, struct cpu *c);

/*
 * Sets every CPU's timer period (counter ticks; 0 stops the timers), taking
 * effect at each CPU's next tick.
 */
void cpu_set_tick_period(uint64_t period);

/*
 * Timer interrupt of the calling CPU: counts it and re-arms the timer while
 * the boot heartbeat runs (period != 0); after, the scheduler decides.
 */
void cpu_timer_tick(void);

/*
 * Marks the calling CPU CPU_STOPPED, says so on the console and parks it
 * for good. Used after an unexpected exception or a failed CHECK.
 */
_Noreturn void cpu_stop_faulted(void);

/* Reads a CPU's tick count from another CPU. */
static inline uint64_t cpu_ticks(const struct cpu *c)
{
	return __atomic_load_n(&c->ticks, __ATOMIC_RELAXED);
}

/* Reads another CPU's state with the ordering its writer published it with. */
static inline enum cpu_state cpu_state_read(const struct cpu *c)
{
	return __atomic_load_n(&c->state, __ATOMIC_ACQUIRE);
}

static inline void cpu_state_write(struct cpu *c, enum cpu_state s)
{
	__atomic_store_n(&c->state, s, __ATOMIC_RELEASE);
}

#endif
