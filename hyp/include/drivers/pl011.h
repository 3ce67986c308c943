/* SPDX-License-Identifier: Apache-2.0 */
/* Arm PL011 UART, polled transmit. */
#ifndef DRIVERS_PL011_H
#define DRIVERS_PL011_H

#include "mica/types.h"

/* Enables the UART at base for 8-bit transmit and receive with FIFOs. */
void pl011_init(paddr_t base);

/* Writes c, waiting (bounded by the FIFO draining) while the FIFO is full. */
void pl011_putc(paddr_t base, char c);

#endif
