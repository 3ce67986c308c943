// SPDX-License-Identifier: Apache-2.0
/*
 * Interrupt dispatch (see mica/irq.h): the hypervisor's own interrupts
 * (its timer, the guests' virtual timer, the console UART's input, the
 * kick between CPUs) are handled here; any other goes to the partition
 * whose passed-through device owns it (vm_forward_irq), or is counted as
 * unowned.
 */
#include "arch/irq.h"
#include "mica/cpu.h"
#include "mica/irq.h"
#include "mica/console_mux.h"
#include "mica/vm.h"
#include "arch/vgic.h"
#include "plat/console.h"

static uint32_t timer_irq = ARCH_IRQ_NONE;
static uint32_t vtimer_irq = ARCH_IRQ_NONE;
static uint32_t console_irq = ARCH_IRQ_NONE;
static uint64_t unowned;

void irq_set_timer(uint32_t irq)
{
	timer_irq = irq;
}

void irq_set_vtimer(uint32_t irq)
{
	vtimer_irq = irq;
}

void irq_set_console(uint32_t irq)
{
	console_irq = irq;
}

/* Keyboard input: to the partition that has the keyboard. */
static void console_rx(void)
{
	uint8_t c;
	unsigned id;

	/* At most one FIFO's worth; the line stays high for the rest. */
	for (unsigned n = 0; n < 32 && plat_console_getc(&c); n++) {
		if (console_mux_input(c, &id) && id < vm_count) {
			arch_vgic_inject(&vms[id].vcpus[0], SCN_VUART_IRQ);
		}
	}
}

void irq_handle_pending(uint32_t first)
{
	for (unsigned i = 0; i < IRQ_MAX_PER_ENTRY; i++) {
		uint32_t irq = i == 0 && first != ARCH_IRQ_NONE ?
				       first :
				       arch_irq_ack();

		if (irq == ARCH_IRQ_NONE) {
			return;
		}
		if (irq == timer_irq) {
			cpu_timer_tick();
		} else if (irq == vtimer_irq) {
			vcpu_vtimer_fired();
		} else if (irq == console_irq) {
			console_rx();
		} else if (irq == ARCH_IRQ_KICK) {
			/* Nothing to do: the way back to a guest looks again. */
		} else if (!vm_forward_irq(irq)) {
			__atomic_fetch_add(&unowned, 1, __ATOMIC_RELAXED);
		}
		arch_irq_eoi(irq);
	}
}

uint64_t irq_unowned_count(void)
{
	return __atomic_load_n(&unowned, __ATOMIC_RELAXED);
}
