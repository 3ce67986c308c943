// SPDX-License-Identifier: Apache-2.0
/*
 * Interrupt dispatch (see mica/irq.h). Today the hypervisor owns one
 * interrupt, its per-CPU timer; the owner table of passthrough interrupts
 * comes with partitions.
 */
#include "arch/irq.h"
#include "mica/cpu.h"
#include "mica/irq.h"
#include "mica/vm.h"

static uint32_t timer_irq = ARCH_IRQ_NONE;
static uint32_t vtimer_irq = ARCH_IRQ_NONE;
static uint64_t unowned;

void irq_set_timer(uint32_t irq)
{
	timer_irq = irq;
}

void irq_set_vtimer(uint32_t irq)
{
	vtimer_irq = irq;
}

void irq_handle_pending(void)
{
	for (unsigned i = 0; i < IRQ_MAX_PER_ENTRY; i++) {
		uint32_t irq = arch_irq_ack();

		if (irq == ARCH_IRQ_NONE) {
			return;
		}
		if (irq == timer_irq) {
			cpu_timer_tick();
		} else if (irq == vtimer_irq) {
			vcpu_vtimer_fired();
		} else if (irq == ARCH_IRQ_KICK) {
			/* Nothing to do: the way back to a guest looks again. */
		} else {
			__atomic_fetch_add(&unowned, 1, __ATOMIC_RELAXED);
		}
		arch_irq_eoi(irq);
	}
}

uint64_t irq_unowned_count(void)
{
	return __atomic_load_n(&unowned, __ATOMIC_RELAXED);
}
