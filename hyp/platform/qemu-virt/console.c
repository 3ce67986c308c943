// SPDX-License-Identifier: Apache-2.0
/*
 * The console of QEMU virt: a PL011, at PLAT_EARLY_UART until the device
 * tree names the stdout UART and its interrupt (SPI 1, INTID 33, on QEMU).
 * The early UART is reachable with the MMU off (device accesses need no
 * mapping then) and stays mapped after.
 */
#include "drivers/pl011.h"
#include "plat/console.h"

static paddr_t uart = { .pa = PLAT_EARLY_UART };
static uint32_t uart_irq;

void plat_console_init(paddr_t base, uint32_t irq)
{
	uart = base;
	uart_irq = irq;
	pl011_init(uart);
}

void plat_console_putc(char c)
{
	pl011_putc(uart, c);
}

bool plat_console_getc(uint8_t *c)
{
	return pl011_getc(uart, c);
}

void plat_console_enable_rx_irq(void)
{
	pl011_enable_rx_irq(uart);
}

uint32_t plat_console_irq(void)
{
	return uart_irq;
}
