// SPDX-License-Identifier: Apache-2.0
/*
 * Per-CPU data and the life of a physical CPU: online (interrupts and its
 * timer running), ticking, and stopped after a fault. A stopped CPU parks
 * with interrupts masked; the other CPUs do not depend on it.
 */
#include "arch/cpu.h"
#include "arch/irq.h"
#include "arch/timer.h"
#include "arch/vcpu.h"
#include "mica/board.h"
#include "mica/console.h"
#include "mica/cpu.h"

struct cpu cpus[MICA_MAX_CPUS];

/* The heartbeat every CPU's timer follows until the scheduler takes over. */
static uint64_t tick_period;

bool cpu_online(const struct board *b, struct cpu *c)
{
	if (!arch_irq_cpu_init(b, c->index)) {
		return false;
	}
	arch_irq_enable_local(arch_timer_irq(b));
	arch_irq_enable_local(arch_vcpu_vtimer_irq());
	arch_vcpu_cpu_init();
	arch_timer_arm(__atomic_load_n(&tick_period, __ATOMIC_RELAXED));
	cpu_state_write(c, CPU_ONLINE);
	arch_irq_unmask();
	return true;
}

void cpu_set_tick_period(uint64_t period)
{
	__atomic_store_n(&tick_period, period, __ATOMIC_RELAXED);
}

void cpu_timer_tick(void)
{
	struct cpu *c = arch_cpu_local();
	uint64_t period = __atomic_load_n(&tick_period, __ATOMIC_RELAXED);

	__atomic_store_n(&c->ticks, c->ticks + 1, __ATOMIC_RELAXED);
	if (period != 0) {
		arch_timer_arm(period);
	} else {
		/* The scheduler's event: it re-arms the timer when it decides. */
		arch_timer_disarm();
		__atomic_store_n(&c->sched.need, true, __ATOMIC_SEQ_CST);
	}
}

_Noreturn void cpu_stop_faulted(void)
{
	struct cpu *c = arch_cpu_local();

	arch_irq_mask();
	arch_timer_disarm();
	if (c != NULL) {
		cpu_state_write(c, CPU_STOPPED);
		console_printf("mica: CPU %u stopped; the other CPUs keep "
			       "running\n",
			       c->index);
	}
	arch_cpu_halt();
}
