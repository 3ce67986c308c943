/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The Arm PrimeCell UART (PL011) r1p5 registers, by the names of its
 * Technical Reference Manual (Arm DDI 0183): offsets from the UART's base
 * and the bits mica's driver (hyp/drivers/pl011.c), its emulated PL011
 * (hyp/core/vuart.c) and libmica's console use. A device, not an
 * architecture: any board may carry one, and the core's emulation serves
 * every guest. C only.
 */
#ifndef DEV_PL011_H
#define DEV_PL011_H

#define UARTDR 0x000
#define UARTRSR 0x004 /* read: receive status; write: error clear */
#define UARTFR 0x018
#define UARTILPR 0x020
#define UARTIBRD 0x024
#define UARTFBRD 0x028
#define UARTLCR_H 0x02c
#define UARTCR 0x030
#define UARTIFLS 0x034
#define UARTIMSC 0x038
#define UARTRIS 0x03c
#define UARTMIS 0x040
#define UARTICR 0x044
#define UARTDMACR 0x048
#define UARTPERIPHID0 0xfe0 /* to 0xffc: PeriphID0-3, PCellID0-3 */

#define UARTDR_ERRORS (0xfu << 8) /* framing, parity, break, overrun */
#define UARTRSR_OE (1u << 3)
#define UARTFR_RXFE (1u << 4)
#define UARTFR_TXFF (1u << 5)
#define UARTFR_RXFF (1u << 6)
#define UARTFR_TXFE (1u << 7)
#define UARTLCR_H_FEN (1u << 4)
#define UARTLCR_H_WLEN_8 (3u << 5)
#define UARTCR_UARTEN (1u << 0)
#define UARTCR_TXE (1u << 8)
#define UARTCR_RXE (1u << 9)

/* Interrupt bits, the same in UARTIMSC, UARTRIS, UARTMIS and UARTICR. */
#define UARTINT_RX (1u << 4)  /* receive FIFO at its trigger level */
#define UARTINT_TX (1u << 5)  /* transmit FIFO at or below its level */
#define UARTINT_RT (1u << 6)  /* receive timeout: data waiting */
#define UARTINT_OE (1u << 10) /* receive overrun */
#define UARTINT_ALL 0x7ffu

#endif
