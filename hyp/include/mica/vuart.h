/* SPDX-License-Identifier: Apache-2.0 */
/*
 * A partition's virtual console: an emulated PL011 r1p5 (the registers a
 * Linux amba-pl011 driver, its earlycon and libmica use) at SCN_VUART_BASE
 * of its address space. Output is given back to the caller of each access,
 * which hands it to the console multiplexer (mica/console_mux.h) to print
 * tagged with the partition's name: whole lines while another partition
 * has the keyboard, character by character while this one has it, so that
 * prompts and echo show as they are typed.
 * Input comes from the physical UART while this partition has the keyboard
 * (console_mux_input()). Arch-independent; the interrupt it raises
 * (SCN_VUART_IRQ, level-sensitive) is injected through the virtual
 * interrupt controller.
 *
 * What is modelled: data, receive status, flags, every programmable
 * register (stored and read back), the interrupt status (raw, mask,
 * masked, clear) and the PrimeCell identification registers QEMU's PL011
 * returns. Transmission is instant, so the transmit FIFO is always empty,
 * never full and never busy. Not modelled: baud rate, line control, break,
 * loopback, modem lines (all read inactive), DMA (DMACR is stored only),
 * IrDA. The control register is stored but, as in QEMU's model, not
 * obeyed: transmit and receive work whatever it holds, because libmica and
 * an earlycon never program it.
 */
#ifndef MICA_VUART_H
#define MICA_VUART_H

#include "mica/spinlock.h"
#include "mica/types.h"

#define VUART_LINE_MAX 128 /* a longer line is printed in pieces */
/*
 * Input buffer. The PL011 r1p5 the guest sees has a 16-deep FIFO; a deeper
 * buffer only loses less input when the guest reads late. mica drains the
 * physical UART as characters arrive, so a pasted line lands here at once:
 * 1 KiB holds any line a shell takes without loss. Beyond that the guest
 * sees an overrun (RSR.OE), as on a PL011 read too late.
 */
#define VUART_RX_SIZE 1024
#define VUART_TAG_MAX 16 /* partition name, NUL included; longer is cut */

struct vuart {
	struct spinlock lock;
	char tag[VUART_TAG_MAX]; /* partition name; fixed after vuart_init */
	/*
	 * The unfinished output line: to be printed, without the keyboard;
	 * as the screen shows it, with the keyboard (col: its cursor).
	 */
	char line[VUART_LINE_MAX];
	unsigned line_len;
	unsigned col;
	bool focus;	 /* has the keyboard: output is not buffered */
	uint8_t esc;	 /* escape-sequence state of focused output */
	uint8_t esc_len; /* bytes of the sequence swallowed so far */
	uint8_t rx[VUART_RX_SIZE];
	unsigned rx_head; /* next to read */
	unsigned rx_count;
	/* PL011 registers the guest programs. */
	uint32_t cr;
	uint32_t lcr_h;
	uint32_t imsc; /* interrupt mask set/clear */
	uint32_t ris;  /* raw interrupt status */
	uint32_t rsr;  /* receive status (overrun) */
	uint32_t ibrd;
	uint32_t fbrd;
	uint32_t ifls;
	uint32_t ilpr;
	uint32_t dmacr;
};

/*
 * What one access gives to print, for the caller to hand to the console
 * multiplexer after vuart_mmio() returns (u's lock is free then): with
 * the keyboard, a character made safe (raw >= 0: console_mux_raw());
 * without it, a whole line once written (line: text, NUL-terminated,
 * without its newline: console_mux_line()); else nothing.
 */
struct vuart_out {
	int raw;
	bool line;
	char text[VUART_LINE_MAX + 1];
};

/*
 * Resets u to the PL011's reset state for the partition called tag (cut to
 * VUART_TAG_MAX - 1 characters), without the keyboard. Not concurrently
 * with any other call on u; a restarted partition's vuart is reset with it,
 * and then its keyboard is given back by console_mux_set_alive().
 */
void vuart_init(struct vuart *u, const char *tag);

/*
 * Emulates a guest access at offset off (0 .. 0xfff) of the PL011: write
 * (*val holds the value) or read (result in *val), size 1, 2 or 4 bytes,
 * naturally aligned; a narrow access reads or writes its byte lanes of the
 * 32-bit register. Unknown registers read 0 and ignore writes (as the
 * hardware's reserved space does); returns false only for an access no
 * PL011 allows (bad size, alignment or offset), which the caller answers
 * with an abort; u is unchanged then. Sets *irq to whether the UART's
 * interrupt line is now high (RIS & IMSC != 0), also on failure: the
 * caller makes SCN_VUART_IRQ pending when it is. Fills *out with what a
 * write of the data register gives to print (nothing for any other
 * access, or on failure). Any CPU, interrupts masked. Bounded: O(1), and
 * at most one line (VUART_LINE_MAX) copied to out.
 */
bool vuart_mmio(struct vuart *u, uint64_t off, bool write, unsigned size,
		uint64_t *val, bool *irq, struct vuart_out *out);

/*
 * Delivers one character of keyboard input to u. Returns whether the
 * interrupt line is now high. Drops the character when the buffer is full,
 * as a real FIFO overrun loses it, and records the overrun (UARTRSR.OE,
 * OEIS). Any CPU, interrupts masked; O(1).
 */
bool vuart_rx(struct vuart *u, uint8_t c);

/*
 * Takes what u holds of an unfinished line (at stop or fault), for the
 * caller to print (console_mux_line()): copies it to text
 * (VUART_LINE_MAX + 1 bytes, NUL-terminated) and returns true, or returns
 * false if there is none or u has the keyboard (then it is on the screen
 * already). Any CPU, interrupts masked; O(one line).
 */
bool vuart_flush(struct vuart *u, char *text);

/*
 * Gives u the keyboard (focus) or takes it away; for console_mux.c, which
 * holds the console's output in order while it calls this. Giving it
 * copies what u holds of an unfinished line into pending (NUL-terminated,
 * pending_size > 0 bytes; cut if smaller than VUART_LINE_MAX + 1) for the
 * caller to show at once: the partition's prompt, also one it printed
 * with the keyboard before. Taking it away sets pending to "" (it may be
 * NULL then); the line goes on as an unfinished line to print whole.
 * O(one line).
 */
void vuart_set_focus(struct vuart *u, bool focus, char *pending,
		     size_t pending_size);

#endif
