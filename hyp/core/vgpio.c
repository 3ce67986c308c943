// SPDX-License-Identifier: Apache-2.0
/*
 * The emulated PL061 of a guest OS's channel side (see mica/vgpio.h for
 * what is modelled): its registers, the edges it has latched and the level
 * of its interrupt output. Ringing the peer and injecting the interrupt
 * belong to the caller, which does them once g's lock is let go, so that
 * the model never holds a lock another partition's CPU waits for.
 */
#include "mica/string.h"
#include "mica/vgpio.h"

/* Register offsets (PL061 TRM); GPIODATA is 0x000-0x3fc. */
#define GPIODIR 0x400u
#define GPIOIS 0x404u
#define GPIOIBE 0x408u
#define GPIOIEV 0x40cu
#define GPIOIE 0x410u
#define GPIORIS 0x414u
#define GPIOMIS 0x418u
#define GPIOIC 0x41cu
#define GPIOAFSEL 0x420u
#define GPIOPERIPHID0 0xfe0u

/* PeriphID0-3, PCellID0-3 as QEMU's PL061 gives them (part 0x061). */
static const uint8_t pl061_id[8] = { 0x61, 0x10, 0x04, 0x00,
				     0x0d, 0xf0, 0x05, 0xb1 };

/* Raw interrupt status: latched edges, and level lines at their level. */
static uint8_t ris(const struct vgpio *g)
{
	return (uint8_t)(g->edges | (g->is & ~(g->pins ^ g->iev)));
}

/* Sets the input levels to pins, latching the edges it makes; g locked. */
static void set_pins(struct vgpio *g, uint8_t pins)
{
	uint8_t changed = g->pins ^ pins;

	g->edges |= changed & ~g->is & (g->ibe | ~(g->iev ^ pins));
	g->pins = pins;
}

static uint8_t peer_pin(bool peer_up)
{
	return peer_up ? (uint8_t)(1u << VGPIO_PEER) : 0;
}

static unsigned irq(const struct vgpio *g)
{
	return (ris(g) & g->ie) != 0 ? VGPIO_IRQ : 0;
}

void vgpio_init(struct vgpio *g, bool peer_up)
{
	memset(g, 0, sizeof(*g)); /* the lock is free when zero */
	g->pins = peer_pin(peer_up);
}

/* Reads the register at reg (word aligned); g locked. */
static uint8_t reg_read(const struct vgpio *g, uint64_t reg)
{
	switch (reg) {
	case GPIODIR: return g->dir;
	case GPIOIS: return g->is;
	case GPIOIBE: return g->ibe;
	case GPIOIEV: return g->iev;
	case GPIOIE: return g->ie;
	case GPIORIS: return ris(g);
	case GPIOMIS: return ris(g) & g->ie;
	case GPIOAFSEL: return g->afsel;
	default:
		if (reg < GPIODIR) {
			return g->pins & (uint8_t)(reg >> 2); /* masked */
		}
		if (reg >= GPIOPERIPHID0 && reg < 0x1000) {
			return pl061_id[(reg - GPIOPERIPHID0) / 4];
		}
		return 0; /* reserved, test registers, GPIOIC (write-only) */
	}
}

/* Writes v to the register at reg (word aligned); g locked. */
static unsigned reg_write(struct vgpio *g, uint64_t reg, uint8_t v)
{
	switch (reg) {
	case GPIODIR: g->dir = v; break;
	case GPIOIS: g->is = v; break;
	case GPIOIBE: g->ibe = v; break;
	case GPIOIEV: g->iev = v; break;
	case GPIOIE: g->ie = v; break;
	case GPIOIC: g->edges &= (uint8_t)~v; break;
	case GPIOAFSEL: g->afsel = v; break;
	default:
		/* doorbell-out reads 0 after: a pulse rings once a write. */
		if (reg < GPIODIR &&
		    (v & (reg >> 2) & g->dir & (1u << VGPIO_OUT)) != 0) {
			return VGPIO_RING;
		}
		break; /* read-only, reserved, or other lines' data */
	}
	return 0;
}

unsigned vgpio_mmio(struct vgpio *g, uint64_t off, bool write, uint64_t *val,
		    bool peer_up)
{
	uint64_t reg = ALIGN_DOWN(off, 4);
	bool low_byte = (off & 3) == 0; /* registers have no bits above */
	unsigned rang = 0;
	unsigned high;

	spinlock_lock(&g->lock);
	set_pins(g, peer_pin(peer_up));
	if (!write) {
		*val = low_byte ? reg_read(g, reg) : 0;
	} else if (low_byte) {
		rang = reg_write(g, reg, (uint8_t)*val);
	}
	high = irq(g);
	spinlock_unlock(&g->lock);
	return high | rang;
}

unsigned vgpio_ring(struct vgpio *g, bool peer_up)
{
	unsigned high;

	spinlock_lock(&g->lock);
	set_pins(g, peer_pin(peer_up));
	/* A pulse has both edges: any edge-sensitive setting catches it. */
	g->edges |= (uint8_t)(~g->is & (1u << VGPIO_IN));
	high = irq(g);
	spinlock_unlock(&g->lock);
	return high;
}
