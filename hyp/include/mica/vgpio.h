/* SPDX-License-Identifier: Apache-2.0 */
/*
 * A guest OS's doorbells of one channel side: an emulated PL061 GPIO
 * (a page at SCN_VGPIO_BASE + channel id * 4 KiB), so that Linux's own
 * pl061 driver rings and is rung, and user space waits on a line's edges
 * (GPIO character device or sysfs). Lines: 0 doorbell-in (input: a pulse,
 * 0 -> 1 -> 0, each time the peer or mica rings this side; it reads 0),
 * 1 doorbell-out (output: each write of GPIODATA that sets it, with GPIODIR
 * making it an output, rings the peer; it reads back 0, a pulse too),
 * 2 peer-up (input: 1 while the peer partition runs). Lines 3-7 are not
 * connected: they read 0, writes to them do nothing.
 *
 * What is modelled, as the PL061 TRM says: masked GPIODATA (address bits
 * 9:2 select the lines an access reads or writes), GPIODIR, the interrupt
 * registers (GPIOIS level or edge, GPIOIBE both edges, GPIOIEV rising or
 * high, GPIOIE, GPIORIS, GPIOMIS, GPIOIC clears edges) and GPIOAFSEL
 * (stored only), every register 8 bits, and the PrimeCell ids QEMU's
 * PL061 gives (Linux's AMBA bus matches them). The interrupt output is a
 * level, high while RIS & IE; its line is the side's doorbell interrupt.
 * Arch-independent; the caller injects and rings after the model's lock is
 * let go.
 */
#ifndef MICA_VGPIO_H
#define MICA_VGPIO_H

#include "mica/spinlock.h"
#include "mica/types.h"

#define VGPIO_IN 0u   /* doorbell-in */
#define VGPIO_OUT 1u  /* doorbell-out */
#define VGPIO_PEER 2u /* peer-up */

/* What an event on the model asks of its caller (bits). */
#define VGPIO_IRQ 1u  /* the interrupt output is high: make it pending */
#define VGPIO_RING 2u /* doorbell-out was set: ring the peer */

struct vgpio {
	struct spinlock lock;
	uint8_t dir;
	uint8_t is; /* interrupt sense: 1 level, 0 edge */
	uint8_t ibe;
	uint8_t iev;
	uint8_t ie;
	uint8_t afsel;
	uint8_t edges; /* detected edges not cleared yet (RIS of edge lines) */
	uint8_t pins;  /* the input levels: peer-up */
};

/*
 * Resets g to the PL061's reset state (every register 0, no interrupt),
 * with peer-up at peer_up. Not concurrently with any other call on g.
 */
void vgpio_init(struct vgpio *g, bool peer_up);

/*
 * Emulates a guest access at offset off (below 4 KiB) of the PL061: a
 * write of *val, or a read into *val. Any offset, size and value is
 * answered, so the size is not asked: every register is the low byte of
 * the 32-bit word at ALIGN_DOWN(off, 4), the rest of the word reads 0 and
 * ignores writes, and so do unknown offsets. peer_up is the peer's state
 * now: a change is an edge of peer-up. Returns VGPIO_IRQ if the interrupt
 * output is high after the access, VGPIO_RING if the write rang the peer.
 * Any CPU, interrupts masked; O(1).
 */
unsigned vgpio_mmio(struct vgpio *g, uint64_t off, bool write, uint64_t *val,
		    bool peer_up);

/*
 * A doorbell for g's side (from its peer or from mica), with peer_up the
 * peer's state now: latches doorbell-in's pulse (and peer-up's edge if it
 * changed) and returns VGPIO_IRQ if the interrupt output is then high,
 * else 0. Any CPU, interrupts masked; O(1).
 */
unsigned vgpio_ring(struct vgpio *g, bool peer_up);

#endif
