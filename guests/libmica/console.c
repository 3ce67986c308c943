// SPDX-License-Identifier: Apache-2.0
/*
 * The polled PL011 console (libmica/console.h), at the address
 * libmica/board.h found, with the register names mica's own driver uses
 * (dev/pl011.h). Formatting is the hypervisor's own fmt_vsnprintf
 * (hyp/core/fmt.c), compiled into libmica unchanged, so partitions and
 * mica print the same subset the same way.
 */
#include <stdint.h>

#include "dev/pl011.h"
#include "libmica/board.h"
#include "libmica/console.h"
#include "mica/fmt.h" /* hyp/include, for this file and fmt.c only */
#include "sysreg.h"

/* Far more than a FIFO takes to drain at any baud rate. */
#define TX_POLLS 1000000u

static void put_raw(char c)
{
	uintptr_t uart = mica_board()->uart;

	for (unsigned i = 0; i < TX_POLLS; i++) {
		if ((mmio_read32(uart + UARTFR) & UARTFR_TXFF) == 0) {
			mmio_write32(uart + UARTDR, (uint8_t)c);
			return;
		}
	}
}

void mica_putc(char c)
{
	if (c == '\n') {
		put_raw('\r');
	}
	put_raw(c);
}

void mica_puts(const char *s)
{
	while (*s != '\0') {
		mica_putc(*s++);
	}
}

void mica_vprintf(const char *fmt, va_list ap)
{
	char buf[MICA_PRINTF_MAX];

	if (fmt_vsnprintf(buf, sizeof(buf), fmt, ap) >= sizeof(buf)) {
		mica_puts(buf);
		mica_puts("...\n");
		return;
	}
	mica_puts(buf);
}

void mica_printf(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	mica_vprintf(fmt, ap);
	va_end(ap);
}

int mica_getc(void)
{
	uintptr_t uart = mica_board()->uart;

	if ((mmio_read32(uart + UARTFR) & UARTFR_RXFE) != 0) {
		return -1;
	}
	return (int)(mmio_read32(uart + UARTDR) & 0xff);
}
