// SPDX-License-Identifier: Apache-2.0
/*
 * The console of QEMU virt: a PL011, at PLAT_EARLY_UART until the device
 * tree names the stdout UART. The early UART is reachable with the MMU off
 * (device accesses need no mapping then) and stays mapped after.
 */
#include "drivers/pl011.h"
#include "plat/console.h"

static paddr_t uart = { .pa = PLAT_EARLY_UART };

void plat_console_init(paddr_t base)
{
	uart = base;
	pl011_init(uart);
}

void plat_console_putc(char c)
{
	pl011_putc(uart, c);
}
