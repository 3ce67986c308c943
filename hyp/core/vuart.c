// SPDX-License-Identifier: Apache-2.0
/*
 * The emulated PL011 of each partition (see mica/vuart.h for what is
 * modelled). It owns the registers, the input buffer and the unfinished
 * output line of one partition; printing belongs to the console
 * multiplexer, to which the caller hands what an access gives to print
 * (struct vuart_out) once u's lock is let go, so that a slow physical
 * UART never holds up the keyboard's interrupt on u. Guest output is made
 * safe for the operator's terminal here: no control character or escape
 * sequence a guest writes reaches it.
 */
#include "dev/pl011.h"
#include "mica/string.h"
#include "mica/vuart.h"

/* PL011 reset values (TRM): TXE | RXE; FIFO levels at half. */
#define CR_RESET 0x300u
#define IFLS_RESET 0x12u

/* Masks of the bits each programmable register holds. */
#define ILPR_MASK 0xffu
#define IBRD_MASK 0xffffu
#define FBRD_MASK 0x3fu
#define LCR_H_MASK 0xffu
#define CR_MASK 0xffffu
#define IFLS_MASK 0x3fu
#define DMACR_MASK 0x7u

#define REG_SPACE 0x1000u

/*
 * PeriphID0-3 and PCellID0-3 exactly as QEMU's PL011 returns them (part
 * 0x011, designer 0x41, revision 1), which Linux's AMBA bus matches.
 */
static const uint8_t pl011_id[8] = { 0x11, 0x10, 0x14, 0x00,
				     0x0d, 0xf0, 0x05, 0xb1 };

/* Escape-sequence states of focused output. */
enum {
	ESC_NONE = 0,
	ESC_SEEN, /* after ESC */
	ESC_CSI,  /* after ESC [: parameters until a final byte */
};

/* A sequence longer than this is not one: stop swallowing. */
#define ESC_MAX 32u

/* Whether the line is high; u locked. */
static bool irq_high(const struct vuart *u)
{
	return (u->ris & u->imsc) != 0;
}

/*
 * Receive FIFO level at which RXIS rises: UARTIFLS's RXIFLSEL of the
 * guest's 16-deep FIFO, or one character with the FIFO off (LCR_H.FEN).
 */
static unsigned rx_trigger(const struct vuart *u)
{
	static const uint8_t level[8] = { 2, 4, 8, 12, 14, 8, 8, 8 };

	if ((u->lcr_h & UARTLCR_H_FEN) == 0) {
		return 1;
	}
	return level[(u->ifls >> 3) & 7u];
}

static bool printable(uint8_t c)
{
	return c >= 0x20 && c < 0x7f;
}

void vuart_init(struct vuart *u, const char *tag)
{
	size_t n = 0;

	memset(u, 0, sizeof(*u)); /* the lock is free when zero */
	while (n + 1 < sizeof(u->tag) && tag[n] != '\0') {
		u->tag[n] = tag[n];
		n++;
	}
	u->tag[n] = '\0';
	u->cr = CR_RESET;
	u->ifls = IFLS_RESET;
}

/*
 * The character the operator sees for c written with the keyboard, or -1
 * for none: escape sequences (ESC x, and ESC [ parameters final) are
 * swallowed whole, so a guest can neither move the operator's cursor nor
 * make the terminal answer a query as if typed; BEL is dropped; the
 * line-editing controls \b \t \r \n pass, for the multiplexer to keep
 * within the partition's own text on the line; any other control
 * character or non-ASCII byte shows as '.'. u locked.
 */
static int focused_char(struct vuart *u, uint8_t c)
{
	if (u->esc == ESC_SEEN && printable(c)) {
		u->esc = c == '[' ? ESC_CSI : ESC_NONE;
		u->esc_len = 0;
		return -1;
	}
	if (u->esc == ESC_CSI && printable(c) && u->esc_len < ESC_MAX) {
		u->esc_len++;
		if (c >= 0x40) {
			u->esc = ESC_NONE; /* the final byte */
		}
		return -1; /* a parameter, intermediate or final byte */
	}
	/* No sequence, or not one after all: c is output. */
	u->esc = ESC_NONE;
	if (c == 0x1b) {
		u->esc = ESC_SEEN;
		return -1;
	}
	if (c == '\a') {
		return -1;
	}
	if (printable(c) || c == '\b' || c == '\t' || c == '\r' || c == '\n') {
		return c;
	}
	return '.';
}

/*
 * Takes c written by the guest without the keyboard into the line; when
 * it ends a line (or finds the line full) copies the line to out
 * (VUART_LINE_MAX + 1 bytes) and returns true. '\r' is dropped; a control
 * character other than tab, or a non-ASCII byte, shows as '.'. u locked.
 */
static bool line_char(struct vuart *u, uint8_t c, char *out)
{
	bool done = false;

	if (c == '\r') {
		return false;
	}
	if (c == '\n' || u->line_len == VUART_LINE_MAX) {
		memcpy(out, u->line, u->line_len);
		out[u->line_len] = '\0';
		u->line_len = 0;
		done = true;
		if (c == '\n') {
			return true;
		}
	}
	u->line[u->line_len++] = printable(c) || c == '\t' ? (char)c : '.';
	return done;
}

/*
 * Keeps c, output with the keyboard, in the line as the terminal shows it:
 * \r and \b move the cursor, what follows overwrites. The line is only
 * kept to be shown again when the keyboard comes back, so a line longer
 * than the buffer is forgotten, not printed. u locked.
 */
static void focused_line(struct vuart *u, char c)
{
	if (c == '\n') {
		u->line_len = 0;
		u->col = 0;
	} else if (c == '\r') {
		u->col = 0;
	} else if (c == '\b') {
		u->col -= u->col > 0 ? 1 : 0;
	} else {
		if (u->col == VUART_LINE_MAX) {
			u->line_len = 0;
			u->col = 0;
		}
		u->line[u->col++] = c;
		u->line_len = u->col > u->line_len ? u->col : u->line_len;
	}
}

/* Reads register reg (word offset); u locked. */
static uint32_t reg_read(struct vuart *u, uint64_t reg)
{
	uint32_t v;

	switch (reg) {
	case UARTDR:
		if (u->rx_count == 0) {
			return 0;
		}
		v = u->rx[u->rx_head];
		u->rx_head = (u->rx_head + 1) % VUART_RX_SIZE;
		u->rx_count--;
		if (u->rx_count < rx_trigger(u)) {
			u->ris &= ~UARTINT_RX;
		}
		if (u->rx_count == 0) {
			u->ris &= ~UARTINT_RT;
		}
		return v; /* error bits 8-11: none */
	case UARTRSR: return u->rsr;
	case UARTFR:
		return UARTFR_TXFE | (u->rx_count == 0 ? UARTFR_RXFE : 0) |
		       (u->rx_count == VUART_RX_SIZE ? UARTFR_RXFF : 0);
	case UARTILPR: return u->ilpr;
	case UARTIBRD: return u->ibrd;
	case UARTFBRD: return u->fbrd;
	case UARTLCR_H: return u->lcr_h;
	case UARTCR: return u->cr;
	case UARTIFLS: return u->ifls;
	case UARTIMSC: return u->imsc;
	case UARTRIS: return u->ris;
	case UARTMIS: return u->ris & u->imsc;
	case UARTDMACR: return u->dmacr;
	default:
		if (reg >= UARTPERIPHID0) {
			return pl011_id[(reg - UARTPERIPHID0) / 4];
		}
		return 0; /* reserved, test registers, ICR (write-only) */
	}
}

/*
 * The register a narrow write merges into, with the bits it holds; NULL
 * for registers that are not plain storage.
 */
static uint32_t *reg_store(struct vuart *u, uint64_t reg, uint32_t *mask)
{
	switch (reg) {
	case UARTILPR: *mask = ILPR_MASK; return &u->ilpr;
	case UARTIBRD: *mask = IBRD_MASK; return &u->ibrd;
	case UARTFBRD: *mask = FBRD_MASK; return &u->fbrd;
	case UARTLCR_H: *mask = LCR_H_MASK; return &u->lcr_h;
	case UARTCR: *mask = CR_MASK; return &u->cr;
	case UARTIFLS: *mask = IFLS_MASK; return &u->ifls;
	case UARTIMSC: *mask = UARTINT_ALL; return &u->imsc;
	case UARTDMACR: *mask = DMACR_MASK; return &u->dmacr;
	default: return NULL;
	}
}

/*
 * Writes v, already shifted to its byte lanes (lanes: which of the 32
 * bits the access covers), to register reg; u locked.
 */
static void reg_write(struct vuart *u, uint64_t reg, uint32_t v, uint32_t lanes,
		      struct vuart_out *tx)
{
	uint32_t mask;
	uint32_t *p = reg_store(u, reg, &mask);

	if (p != NULL) {
		*p = ((*p & ~lanes) | v) & mask;
		return;
	}
	switch (reg) {
	case UARTDR:
		if ((lanes & 0xffu) == 0) {
			return; /* the data byte is not written */
		}
		if (u->focus) {
			tx->raw = focused_char(u, (uint8_t)v);
			if (tx->raw >= 0) {
				focused_line(u, (char)tx->raw);
			}
		} else {
			tx->line = line_char(u, (uint8_t)v, tx->text);
		}
		/* Sent at once: the FIFO is empty, below any trigger level. */
		u->ris |= UARTINT_TX;
		return;
	case UARTRSR: u->rsr = 0; return;
	case UARTICR: u->ris &= ~(v & UARTINT_ALL); return;
	default: return; /* read-only or reserved */
	}
}

bool vuart_mmio(struct vuart *u, uint64_t off, bool write, unsigned size,
		uint64_t *val, bool *irq, struct vuart_out *out)
{
	bool ok = (size == 1 || size == 2 || size == 4) && off < REG_SPACE &&
		  IS_ALIGNED(off, size);

	out->raw = -1;
	out->line = false;
	spinlock_lock(&u->lock);
	if (ok) {
		uint64_t reg = ALIGN_DOWN(off, 4);
		unsigned shift = (unsigned)(off & 3) * 8;
		uint32_t width = size == 4 ? UINT32_MAX :
					     (UINT32_C(1) << (size * 8)) - 1;

		if (write) {
			reg_write(u, reg, ((uint32_t)*val & width) << shift,
				  width << shift, out);
		} else {
			*val = (reg_read(u, reg) >> shift) & width;
		}
	}
	*irq = irq_high(u);
	spinlock_unlock(&u->lock);
	return ok;
}

bool vuart_rx(struct vuart *u, uint8_t c)
{
	bool high;

	spinlock_lock(&u->lock);
	if (u->rx_count == VUART_RX_SIZE) {
		u->rsr |= UARTRSR_OE;
		u->ris |= UARTINT_OE;
	} else {
		u->rx[(u->rx_head + u->rx_count) % VUART_RX_SIZE] = c;
		u->rx_count++;
		/*
		 * The receive timeout (32 bit periods without input) has always
		 * passed by the time a guest could look: keyboard input is
		 * slow.
		 */
		u->ris |= UARTINT_RT;
		if (u->rx_count >= rx_trigger(u)) {
			u->ris |= UARTINT_RX;
		}
	}
	high = irq_high(u);
	spinlock_unlock(&u->lock);
	return high;
}

bool vuart_flush(struct vuart *u, char *text)
{
	bool any;

	spinlock_lock(&u->lock);
	/* With the keyboard, the line is on the screen already. */
	any = u->line_len > 0 && !u->focus;
	if (any) {
		memcpy(text, u->line, u->line_len);
		text[u->line_len] = '\0';
		u->line_len = 0;
	}
	spinlock_unlock(&u->lock);
	return any;
}

void vuart_set_focus(struct vuart *u, bool focus, char *pending,
		     size_t pending_size)
{
	size_t n = 0;

	spinlock_lock(&u->lock);
	u->focus = focus;
	u->esc = ESC_NONE;
	if (focus) {
		/* Kept: from now on it is the line the screen shows. */
		n = u->line_len < pending_size - 1 ? u->line_len :
						     pending_size - 1;
		memcpy(pending, u->line, n);
		u->col = u->line_len;
	}
	spinlock_unlock(&u->lock);
	if (pending != NULL) {
		pending[n] = '\0';
	}
}
