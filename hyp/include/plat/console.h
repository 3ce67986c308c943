/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Platform interface: the console UART. The board's port decides which
 * driver it is; the core only writes characters.
 */
#ifndef PLAT_CONSOLE_H
#define PLAT_CONSOLE_H

#include "mica/types.h"

/* Switches the console to the UART at base (it starts at a board default). */
void plat_console_init(paddr_t base);

/* Writes one character, waiting while the UART's FIFO is full. */
void plat_console_putc(char c);

#endif
