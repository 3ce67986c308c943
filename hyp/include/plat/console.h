/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Platform interface: the console UART. The board's port decides which
 * driver it is; the core writes characters, and takes the operator's
 * keystrokes from it by its receive interrupt.
 */
#ifndef PLAT_CONSOLE_H
#define PLAT_CONSOLE_H

#include "mica/types.h"

/*
 * Switches the console to the UART at base, whose receive interrupt is
 * irq (0: it has none the board names), from the board default it starts
 * at. Receive interrupts stay masked until plat_console_enable_rx_irq().
 */
void plat_console_init(paddr_t base, uint32_t irq);

/* Writes one character, waiting while the UART's FIFO is full. */
void plat_console_putc(char c);

/*
 * Takes one received character into *c; false, without waiting, if none
 * is waiting. Safe beside plat_console_putc() on another CPU.
 */
bool plat_console_getc(uint8_t *c);

/*
 * Lets the UART raise its interrupt (plat_console_irq()) while received
 * characters wait; the interrupt falls once plat_console_getc() has taken
 * them all. The caller routes and enables that interrupt itself.
 */
void plat_console_enable_rx_irq(void);

/* The console UART's interrupt (INTID), 0 if it has none. */
uint32_t plat_console_irq(void);

#endif
