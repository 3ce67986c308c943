// SPDX-License-Identifier: Apache-2.0
/*
 * Arm PL011 UART (PrimeCell r1p5): polled transmit, receive by polling or
 * from its receive interrupt. The baud rate is left as the boot loader set
 * it: QEMU's model ignores it, and a real board's firmware has set it for
 * its own console already.
 */
#include "dev/pl011.h"
#include "drivers/mmio.h"
#include "drivers/pl011.h"

/*
 * Polls before giving up on a stuck UART, so that a broken console cannot
 * hang a CPU for ever; at any real baud rate the FIFO drains far sooner.
 */
#define PL011_TX_POLLS 1000000u

void pl011_init(paddr_t base)
{
	mmio_write32(base, UARTIMSC, 0);
	mmio_write32(base, UARTLCR_H, UARTLCR_H_FEN | UARTLCR_H_WLEN_8);
	mmio_write32(base, UARTCR, UARTCR_UARTEN | UARTCR_TXE | UARTCR_RXE);
}

void pl011_putc(paddr_t base, char c)
{
	for (unsigned i = 0; i < PL011_TX_POLLS; i++) {
		if ((mmio_read32(base, UARTFR) & UARTFR_TXFF) == 0) {
			break;
		}
	}
	mmio_write32(base, UARTDR, (uint8_t)c);
}

bool pl011_getc(paddr_t base, uint8_t *c)
{
	uint32_t dr;

	if ((mmio_read32(base, UARTFR) & UARTFR_RXFE) != 0) {
		return false;
	}
	dr = mmio_read32(base, UARTDR);
	if ((dr & UARTDR_ERRORS) != 0) {
		/* A line error (a break, noise, a lost character): let it go. */
		mmio_write32(base, UARTRSR, 0);
	}
	*c = (uint8_t)dr;
	return true;
}

void pl011_enable_rx_irq(paddr_t base)
{
	/*
	 * The status is not cleared first: the receive interrupt rises when
	 * the FIFO reaches its level, not while it stays there, so clearing
	 * it with keys typed during boot in the FIFO (full, taking no more)
	 * would leave the line low for good: a dead keyboard. Whatever is
	 * waiting raises the line at once and is read.
	 */
	mmio_write32(base, UARTIMSC, UARTINT_RX | UARTINT_RT);
}
