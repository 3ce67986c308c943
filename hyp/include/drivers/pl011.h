/* SPDX-License-Identifier: Apache-2.0 */
/* Arm PL011 UART: polled transmit; receive polled or by interrupt. */
#ifndef DRIVERS_PL011_H
#define DRIVERS_PL011_H

#include "mica/types.h"

/* Enables the UART at base for 8-bit transmit and receive with FIFOs. */
void pl011_init(paddr_t base);

/* Writes c, waiting (bounded by the FIFO draining) while the FIFO is full. */
void pl011_putc(paddr_t base, char c);

/*
 * Takes one received character into *c; false, without waiting, when none
 * is there. A character received with a line error (framing, parity,
 * break, overrun) is returned as read and the error is cleared.
 */
bool pl011_getc(paddr_t base, uint8_t *c);

/*
 * Unmasks the receive and receive-timeout interrupts (masking the others):
 * the line is high while received characters wait, and falls once
 * pl011_getc() has taken them all.
 */
void pl011_enable_rx_irq(paddr_t base);

#endif
