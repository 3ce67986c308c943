/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The core's interrupt dispatch: the port's IRQ vector calls
 * irq_handle_pending(ARCH_IRQ_NONE), which acknowledges, handles and ends interrupts
 * (a vector that acknowledged one itself hands it over).
 */
#ifndef MICA_IRQ_H
#define MICA_IRQ_H

#include "mica/types.h"

/* Most interrupts handled in one call before returning to the vector. */
#define IRQ_MAX_PER_ENTRY 16

/* Tells the dispatcher which interrupt is the hypervisor's timer. */
void irq_set_timer(uint32_t irq);

/* ... and which one is the guests' virtual timer. */
void irq_set_vtimer(uint32_t irq);

/* ... and which one is the console UART's (keyboard input). */
void irq_set_console(uint32_t irq);

/*
 * Handles up to IRQ_MAX_PER_ENTRY pending interrupts of the calling CPU,
 * first the one its vector acknowledged already, if first is not
 * ARCH_IRQ_NONE. Interrupts mica does not own are ended and counted,
 * never handled.
 */
void irq_handle_pending(uint32_t first);

/* Interrupts that arrived with no owner, on all CPUs. */
uint64_t irq_unowned_count(void);

#endif
