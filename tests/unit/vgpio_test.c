// SPDX-License-Identifier: Apache-2.0
/*
 * The emulated PL061 of a guest OS's channel side (mica/vgpio.h): every
 * register as Linux's pl061 driver uses it (byte accesses), masked data
 * addressing, the three lines (doorbell-in's pulse, doorbell-out's ring,
 * peer-up's level and edges), the interrupt output in each sense mode, the
 * PrimeCell ids, and a hostile guest's accesses of any offset, size and
 * value. That vm_mmio() rings and injects what the model returns is
 * checked by the system tests (test_channels_linux.py).
 */
#include "mica/vgpio.h"
#include "unit.h"

#define DIR 0x400u
#define IS 0x404u
#define IBE 0x408u
#define IEV 0x40cu
#define IE 0x410u
#define RIS 0x414u
#define MIS 0x418u
#define IC 0x41cu
#define AFSEL 0x420u

#define IN_BIT 0x01u
#define OUT_BIT 0x02u
#define PEER_BIT 0x04u

/* GPIODATA's address for the lines in mask (address bits 9:2). */
#define DATA(mask) ((uint64_t)(mask) << 2)

static struct vgpio g;
static bool up; /* the peer's state that writes pass */

static int setup(void **state)
{
	(void)state;
	up = true;
	vgpio_init(&g, up);
	return 0;
}

static uint64_t rd(uint64_t off, bool peer_up)
{
	uint64_t val = 0xdeadbeefdeadbeef;

	(void)vgpio_mmio(&g, off, false, &val, peer_up);
	return val;
}

/* A write; returns what it asks of the caller (VGPIO_IRQ, VGPIO_RING). */
static unsigned wr(uint64_t off, uint64_t val)
{
	return vgpio_mmio(&g, off, true, &val, up);
}

/* Linux's rising-edge request on the lines in bits: what pl061.c writes. */
static void edge_rising(uint8_t bits)
{
	assert_int_equal(wr(IS, 0), 0);
	assert_int_equal(wr(IBE, 0), 0);
	assert_int_equal(wr(IEV, bits), 0);
	assert_int_equal(wr(IE, bits), 0);
}

static void vgpio_mmio__reads_the_primecell_ids_of_a_pl061(void **state)
{
	static const uint8_t id[8] = { 0x61, 0x10, 0x04, 0x00,
				       0x0d, 0xf0, 0x05, 0xb1 };

	(void)state;
	for (unsigned i = 0; i < 8; i++) {
		assert_int_equal(rd(0xfe0 + 4 * i, true), id[i]);
	}
	assert_int_equal(rd(0xfdc, true), 0);
}

static void vgpio_init__resets_every_register_to_zero(void **state)
{
	(void)state;
	for (uint64_t off = DIR; off <= AFSEL; off += 4) {
		(void)wr(off, 0xff);
	}
	vgpio_init(&g, false);
	for (uint64_t off = DIR; off <= AFSEL; off += 4) {
		assert_int_equal(rd(off, false), 0);
	}
	assert_int_equal(rd(DATA(0xff), false), 0);
}

static void vgpio_mmio__stores_the_programmable_registers(void **state)
{
	static const uint64_t regs[] = { DIR, IS, IBE, IEV, IE, AFSEL };

	(void)state;
	for (unsigned i = 0; i < sizeof(regs) / sizeof(regs[0]); i++) {
		(void)wr(regs[i], 0x1a5 + i); /* bit 8: not stored */
		assert_int_equal(rd(regs[i], true), (0xa5 + i) & 0xff);
	}
	/* RIS and MIS are read-only, IC reads 0. */
	(void)wr(RIS, 0xff);
	(void)wr(MIS, 0xff);
	assert_int_equal(rd(IC, true), 0);
}

static void vgpio_mmio__reads_peer_up_through_the_data_mask(void **state)
{
	(void)state;
	assert_int_equal(rd(DATA(0xff), true), PEER_BIT);
	assert_int_equal(rd(DATA(PEER_BIT), true), PEER_BIT);
	assert_int_equal(rd(DATA(0xff & ~PEER_BIT), true), 0);
	assert_int_equal(rd(DATA(0xff), false), 0);
	/* doorbell-in and doorbell-out are pulses: they read 0. */
	(void)vgpio_ring(&g, true);
	(void)wr(DIR, OUT_BIT);
	(void)wr(DATA(OUT_BIT), OUT_BIT);
	assert_int_equal(rd(DATA(IN_BIT | OUT_BIT), true), 0);
}

static void vgpio_mmio__rings_for_each_write_setting_doorbell_out(void **state)
{
	(void)state;
	/* An input does not drive its pin. */
	assert_int_equal(wr(DATA(OUT_BIT), OUT_BIT), 0);
	(void)wr(DIR, OUT_BIT);
	assert_int_equal(wr(DATA(OUT_BIT), OUT_BIT), VGPIO_RING);
	assert_int_equal(wr(DATA(OUT_BIT), OUT_BIT), VGPIO_RING);
	assert_int_equal(wr(DATA(0xff), 0xff), VGPIO_RING);
	/* Clearing it, or a mask without it, rings nothing. */
	assert_int_equal(wr(DATA(OUT_BIT), 0), 0);
	assert_int_equal(wr(DATA(0xff & ~OUT_BIT), 0xff), 0);
	/* Lines 3-7 and the inputs do nothing, also as outputs. */
	(void)wr(DIR, 0xff);
	assert_int_equal(wr(DATA(0xfd), 0xff), 0);
	assert_int_equal(rd(DATA(0xff), true), PEER_BIT);
}

static void vgpio_ring__latches_doorbell_in_as_a_rising_edge(void **state)
{
	(void)state;
	/* Not enabled: latched in RIS, the output stays low. */
	assert_int_equal(vgpio_ring(&g, true), 0);
	assert_int_equal(rd(RIS, true), IN_BIT);
	assert_int_equal(rd(MIS, true), 0);
	(void)wr(IC, 0xff);
	edge_rising(IN_BIT);
	assert_int_equal(rd(RIS, true), 0);
	assert_int_equal(vgpio_ring(&g, true), VGPIO_IRQ);
	assert_int_equal(rd(MIS, true), IN_BIT);
	/* A second ring before the clear is the same edge, still latched. */
	assert_int_equal(vgpio_ring(&g, true), VGPIO_IRQ);
	assert_int_equal(wr(IC, ~IN_BIT & 0xff), VGPIO_IRQ);
	assert_int_equal(wr(IC, IN_BIT), 0);
	assert_int_equal(rd(RIS, true), 0);
	assert_int_equal(vgpio_ring(&g, true), VGPIO_IRQ);
}

static void vgpio_ring__latches_a_falling_or_any_edge_too(void **state)
{
	(void)state;
	(void)wr(IE, IN_BIT);
	(void)wr(IEV, 0); /* falling: the pulse's end */
	assert_int_equal(vgpio_ring(&g, true), VGPIO_IRQ);
	(void)wr(IC, IN_BIT);
	(void)wr(IBE, IN_BIT);
	assert_int_equal(vgpio_ring(&g, true), VGPIO_IRQ);
}

static void vgpio_ring__never_raises_a_high_level_of_a_pulse(void **state)
{
	(void)state;
	(void)wr(IS, IN_BIT);
	(void)wr(IEV, IN_BIT);
	(void)wr(IE, IN_BIT);
	assert_int_equal(vgpio_ring(&g, true), 0);
	assert_int_equal(rd(RIS, true), 0);
	/* Level low: the line is low but for its pulses, so always high. */
	(void)wr(IEV, 0);
	assert_int_equal(rd(MIS, true), IN_BIT);
	assert_int_equal(wr(IC, IN_BIT), VGPIO_IRQ); /* IC clears edges only */
}

static void vgpio_mmio__gives_peer_up_edges_as_programmed(void **state)
{
	(void)state;
	edge_rising(PEER_BIT);
	/* Falling: not a rising edge. */
	assert_int_equal(rd(RIS, false), 0);
	assert_int_equal(rd(RIS, true), PEER_BIT);
	assert_int_equal(rd(MIS, true), PEER_BIT);
	(void)wr(IC, PEER_BIT);
	/* Both edges; a ring carries the peer's state too. */
	(void)wr(IBE, PEER_BIT);
	assert_int_equal(vgpio_ring(&g, false) & VGPIO_IRQ, VGPIO_IRQ);
	assert_int_equal(rd(RIS, false), PEER_BIT | IN_BIT);
	up = false;
	(void)wr(IC, 0xff);
	/* No change, no edge. */
	assert_int_equal(vgpio_ring(&g, false), 0);
	assert_int_equal(rd(RIS, false), IN_BIT);
}

static void vgpio_mmio__follows_peer_up_in_level_mode(void **state)
{
	(void)state;
	(void)wr(IS, PEER_BIT);
	(void)wr(IEV, PEER_BIT);
	(void)wr(IE, PEER_BIT);
	assert_int_equal(rd(MIS, true), PEER_BIT);
	assert_int_equal(wr(IC, PEER_BIT), VGPIO_IRQ); /* still high */
	assert_int_equal(rd(MIS, false), 0);
	(void)wr(IEV, 0); /* level low */
	assert_int_equal(rd(RIS, false), PEER_BIT);
	assert_int_equal(rd(RIS, true), 0);
}

static void vgpio_mmio__reads_only_the_low_byte_lane(void **state)
{
	(void)state;
	(void)wr(DIR, 0x3);
	assert_int_equal(rd(DIR + 1, true), 0);
	assert_int_equal(rd(DIR + 3, true), 0);
	/* A write to another lane changes nothing. */
	assert_int_equal(wr(DIR + 1, 0xff), 0);
	assert_int_equal(wr(DATA(OUT_BIT) + 2, 0xffffffff), 0);
	assert_int_equal(rd(DIR, true), 0x3);
	/* A wide write: the low byte only. */
	assert_int_equal(wr(IE, 0xffffffff00000001ull), 0);
	assert_int_equal(rd(IE, true), 0x1);
}

/*
 * A hostile guest: every word and byte offset, read and written with junk,
 * is answered in bounds, and only doorbell-out's data rings.
 */
static void vgpio_mmio__answers_any_access_of_a_hostile_guest(void **state)
{
	static const uint64_t junk[] = { 0, 0xff, 0x5a5a5a5a, UINT64_MAX };

	(void)state;
	for (unsigned j = 0; j < sizeof(junk) / sizeof(junk[0]); j++) {
		for (uint64_t off = 0; off < 0x1000; off++) {
			unsigned r = wr(off, junk[j]);
			uint64_t v = rd(off, (off & 1) != 0);

			assert_true(v <= 0xff);
			assert_true((r & ~(VGPIO_IRQ | VGPIO_RING)) == 0);
			if ((r & VGPIO_RING) != 0) {
				assert_true(off < DIR && (off & 3) == 0 &&
					    (off & DATA(OUT_BIT)) != 0);
			}
		}
	}
	/* Still a PL061 after it all. */
	assert_int_equal(rd(0xfe0, true), 0x61);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(
			vgpio_mmio__reads_the_primecell_ids_of_a_pl061, setup),
		cmocka_unit_test_setup(vgpio_init__resets_every_register_to_zero,
				       setup),
		cmocka_unit_test_setup(
			vgpio_mmio__stores_the_programmable_registers, setup),
		cmocka_unit_test_setup(
			vgpio_mmio__reads_peer_up_through_the_data_mask, setup),
		cmocka_unit_test_setup(
			vgpio_mmio__rings_for_each_write_setting_doorbell_out,
			setup),
		cmocka_unit_test_setup(
			vgpio_ring__latches_doorbell_in_as_a_rising_edge,
			setup),
		cmocka_unit_test_setup(
			vgpio_ring__latches_a_falling_or_any_edge_too, setup),
		cmocka_unit_test_setup(
			vgpio_ring__never_raises_a_high_level_of_a_pulse,
			setup),
		cmocka_unit_test_setup(
			vgpio_mmio__gives_peer_up_edges_as_programmed, setup),
		cmocka_unit_test_setup(vgpio_mmio__follows_peer_up_in_level_mode,
				       setup),
		cmocka_unit_test_setup(vgpio_mmio__reads_only_the_low_byte_lane,
				       setup),
		cmocka_unit_test_setup(
			vgpio_mmio__answers_any_access_of_a_hostile_guest,
			setup),
	};

	return cmocka_run_group_tests_name("vgpio", tests, NULL, NULL);
}
