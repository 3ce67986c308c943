// SPDX-License-Identifier: Apache-2.0
/*
 * Arm PL011 UART (PrimeCell r1p5): polled transmit, receive by polling or
 * from its receive interrupt. The baud rate is left as the boot loader set
 * it: QEMU's model ignores it, and a real board's firmware has set it for
 * its own console already.
 */
#include "drivers/mmio.h"
#include "drivers/pl011.h"

#define UARTDR 0x000
#define UARTRSR 0x004 /* write: error clear */
#define UARTFR 0x018
#define UARTLCR_H 0x02c
#define UARTCR 0x030
#define UARTIMSC 0x038

#define DR_ERRORS (0xfu << 8) /* framing, parity, break, overrun */
#define FR_RXFE (1u << 4)
#define FR_TXFF (1u << 5)
#define INT_RX (1u << 4)
#define INT_RT (1u << 6)
#define LCR_H_FEN (1u << 4)
#define LCR_H_WLEN8 (3u << 5)
#define CR_UARTEN (1u << 0)
#define CR_TXE (1u << 8)
#define CR_RXE (1u << 9)

/*
 * Polls before giving up on a stuck UART, so that a broken console cannot
 * hang a CPU for ever; at any real baud rate the FIFO drains far sooner.
 */
#define PL011_TX_POLLS 1000000u

void pl011_init(paddr_t base)
{
	mmio_write32(base, UARTIMSC, 0);
	mmio_write32(base, UARTLCR_H, LCR_H_FEN | LCR_H_WLEN8);
	mmio_write32(base, UARTCR, CR_UARTEN | CR_TXE | CR_RXE);
}

void pl011_putc(paddr_t base, char c)
{
	for (unsigned i = 0; i < PL011_TX_POLLS; i++) {
		if ((mmio_read32(base, UARTFR) & FR_TXFF) == 0) {
			break;
		}
	}
	mmio_write32(base, UARTDR, (uint8_t)c);
}

bool pl011_getc(paddr_t base, uint8_t *c)
{
	uint32_t dr;

	if ((mmio_read32(base, UARTFR) & FR_RXFE) != 0) {
		return false;
	}
	dr = mmio_read32(base, UARTDR);
	if ((dr & DR_ERRORS) != 0) {
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
	mmio_write32(base, UARTIMSC, INT_RX | INT_RT);
}
