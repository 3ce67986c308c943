// SPDX-License-Identifier: Apache-2.0
/*
 * chan-test: one native partition image that plays every role of
 * configs/channels.dts (tests/system/test_channels.py), picked from the
 * channels mica says it has (MICA_HC_CHANNEL_INFO): ping and pong
 * exchange doorbells round after round, each waiting in WFI for the
 * other's; hostile rings and asks about every channel id and then floods
 * pong; watch and phoenix show what a peer's stop and restart look like
 * from the other side; one with no channel stays quiet (the first
 * partition has the keyboard, and prints as it writes). Every channel word is an aligned 8-byte volatile
 * access (include/mica/channel.h's parts); every wait is a WFI ended by a
 * doorbell interrupt, never a poll of the memory.
 */
#include <stdbool.h>
#include <stdint.h>

#include "libmica/console.h"
#include "libmica/gic.h"
#include "libmica/hc.h"
#include "libmica/irq.h"
#include "libmica/start.h"
#include "mica/channel.h"
#include "mica/hypercall.h"

#define IDS 16
#define BELL_MIN 64u /* the doorbells configs/channels.dts gives: 64, 65 */
#define BELLS 2u
#define REPORT_EVERY 20000u /* ping-pong rounds between two lines */
#define FLOOD_RINGS 20000u
#define PHOENIX_UP UINT64_C(0x1234)   /* its first life's word */
#define PHOENIX_BACK UINT64_C(0x5678) /* its second life's */

static struct mica_chan_info chans[IDS];
static bool have[IDS];
static volatile uint32_t rung[BELLS]; /* doorbell interrupts taken */
static volatile uint32_t stray;	      /* any other interrupt */

static void on_irq(uint32_t intid, uint64_t entry_ticks)
{
	(void)entry_ticks;
	if (intid >= BELL_MIN && intid < BELL_MIN + BELLS) {
		rung[intid - BELL_MIN]++;
	} else {
		stray++;
	}
}

static bool same(const char *a, const char *b)
{
	while (*a != '\0' && *a == *b) {
		a++;
		b++;
	}
	return *a == *b;
}

/* The id of this partition's channel `name`, or IDS. */
static unsigned find(const char *name)
{
	for (unsigned id = 0; id < IDS; id++) {
		if (have[id] && same(chans[id].name, name)) {
			return id;
		}
	}
	return IDS;
}

/* The doorbell interrupt of channel id in this partition, as an index. */
/* The index in rung[] of channel id's doorbell (main() checked its range). */
static unsigned bell_of(unsigned id)
{
	return chans[id].doorbell - BELL_MIN;
}

/* Word i of side's part of channel id. */
static volatile uint64_t *word(unsigned id, unsigned side, unsigned i)
{
	uint64_t len;
	uint64_t off = mica_channel_part(chans[id].size, chans[id].direction,
					 side, &len);

	return (volatile uint64_t *)(uintptr_t)(chans[id].ipa + off) + i;
}

/* Makes this CPU's stores visible before the peer is rung. */
static int64_t ring(unsigned id)
{
	__asm__ volatile("dsb sy" ::: "memory");
	return mica_hc_chan_ring(id);
}

/* Sleeps in WFI until doorbell b was taken since `seen` was read. */
static void wait_bell(unsigned b, uint32_t seen)
{
	mica_irq_disable();
	while (rung[b] == seen) {
		mica_wfi();
		mica_irq_enable(); /* the interrupt is taken here */
		mica_irq_disable();
	}
	mica_irq_enable();
}

static void idle(void)
{
	for (;;) {
		mica_wfi();
	}
}

static void ping(unsigned id)
{
	unsigned feed = find("feed");
	unsigned b = bell_of(id);
	volatile uint64_t *mine = word(id, MICA_CHAN_SIDE_A, 0);
	volatile uint64_t *theirs = word(id, MICA_CHAN_SIDE_B, 0);
	uint32_t wakes = 0;

	for (uint64_t r = 1;; r++) {
		*mine = r;
		if (ring(id) != MICA_HC_SUCCESS && r == 1) {
			mica_puts("chan-test: ping: pong not up yet\n");
		}
		for (;;) {
			uint32_t seen = rung[b];

			if (*theirs == r) {
				break;
			}
			wait_bell(b, seen);
			wakes++;
		}
		if (r == 1000 || r % REPORT_EVERY == 0) {
			mica_printf("chan-test: ping: round %lu, %u wake-ups by "
				    "doorbell, feed doorbells %u, stray %u\n",
				    (unsigned long)r, wakes,
				    rung[bell_of(feed)], stray);
		}
	}
}

static void pong(unsigned id)
{
	unsigned flood = find("flood");
	unsigned b = bell_of(id);
	volatile uint64_t *theirs = word(id, MICA_CHAN_SIDE_A, 0);
	volatile uint64_t *mine = word(id, MICA_CHAN_SIDE_B, 0);
	uint64_t done = 0;

	for (;;) {
		uint32_t seen = rung[b];
		uint64_t want = *theirs;

		if (want == done) {
			wait_bell(b, seen);
			continue;
		}
		*mine = want;
		(void)ring(id);
		done = want;
		if (done == 1000 || done % REPORT_EVERY == 0) {
			mica_printf("chan-test: pong: answered %lu, flood "
				    "doorbells %u, stray %u\n",
				    (unsigned long)done, rung[bell_of(flood)],
				    stray);
		}
	}
}

static void hostile(unsigned flood)
{
	static const uint64_t big[] = { IDS, UINT64_C(1) << 32, UINT64_MAX };
	struct mica_chan_info info;
	unsigned refused = 0;

	/* Every id, then ids no scenario has. */
	mica_puts("chan-test: hostile: ring");
	for (unsigned i = 0; i < IDS + 3; i++) {
		mica_printf(" %ld", (long)mica_hc_chan_ring(
					    i < IDS ? i : big[i - IDS]));
	}
	mica_puts("\nchan-test: hostile: info");
	for (unsigned i = 0; i < IDS + 3; i++) {
		mica_printf(" %ld",
			    (long)mica_hc_chan_info(i < IDS ? i : big[i - IDS],
						    &info));
	}
	mica_printf("\nchan-test: hostile: flooding channel %u with %u rings\n",
		    flood, FLOOD_RINGS);
	for (unsigned i = 0; i < FLOOD_RINGS; i++) {
		refused += mica_hc_chan_ring(flood) != MICA_HC_SUCCESS;
	}
	mica_printf("chan-test: hostile: flood done, %u refused\n", refused);
	idle();
}

static void watch(unsigned id)
{
	unsigned b = bell_of(id);
	volatile uint64_t *theirs = word(id, MICA_CHAN_SIDE_B, 0);
	volatile uint64_t *saw_up = word(id, MICA_CHAN_SIDE_A, 1);
	uint64_t last = ~UINT64_C(0);
	int last_up = -1;

	for (;;) {
		uint32_t seen = rung[b];
		struct mica_chan_info info;
		uint64_t w;

		if (mica_hc_chan_info(id, &info) != MICA_HC_SUCCESS) {
			mica_puts("chan-test: watch: INFO refused\n");
			idle();
		}
		w = *theirs;
		if (w != last || (int)info.peer_up != last_up) {
			mica_printf("chan-test: watch: peer %s, its first word "
				    "0x%lx\n",
				    info.peer_up ? "up" : "down",
				    (unsigned long)w);
			last = w;
			last_up = info.peer_up;
		}
		if (w == PHOENIX_UP && *saw_up == 0) {
			*saw_up = 1;
			(void)ring(id);
		}
		wait_bell(b, seen);
	}
}

static void phoenix(unsigned id)
{
	unsigned b = bell_of(id);
	volatile uint64_t *mine = word(id, MICA_CHAN_SIDE_B, 0);
	volatile uint64_t *saw_up = word(id, MICA_CHAN_SIDE_A, 1);

	if (*saw_up != 0) {
		*mine = PHOENIX_BACK;
		(void)ring(id);
		mica_puts("chan-test: phoenix: back, second life\n");
		idle();
	}
	*mine = PHOENIX_UP;
	(void)ring(id);
	mica_puts("chan-test: phoenix: up, first life\n");
	for (;;) {
		uint32_t seen = rung[b];

		if (*saw_up != 0) {
			break;
		}
		wait_bell(b, seen);
	}
	mica_puts("chan-test: phoenix: faulting on purpose\n");
	*saw_up = 2; /* watch's part: read-only here, a stage-2 fault */
	mica_puts("chan-test: phoenix: still here (must not happen)\n");
	idle();
}

int main(void)
{
	unsigned n = 0;

	for (unsigned id = 0; id < IDS; id++) {
		have[id] = mica_hc_chan_info(id, &chans[id]) == MICA_HC_SUCCESS;
		n += have[id];
	}
	if (n == 0) {
		idle(); /* quiet: the keyboard's, so others print whole lines */
	}
	if (!mica_gic_init()) {
		mica_puts("chan-test: no GIC\n");
		return 1;
	}
	mica_irq_set_handler(on_irq);
	for (unsigned id = 0; id < IDS; id++) {
		if (have[id]) {
			if (chans[id].doorbell - BELL_MIN >= BELLS) {
				mica_printf("chan-test: FAIL: channel %u's "
					    "doorbell %u is not one of the "
					    "scenario's\n",
					    id, chans[id].doorbell);
				return 1;
			}
			(void)mica_gic_enable_spi(chans[id].doorbell);
			mica_printf("chan-test: channel %u %s: side %c, %lu "
				    "bytes, direction %u, doorbell %u, peer "
				    "%s\n",
				    id, chans[id].name,
				    chans[id].side ? 'b' : 'a',
				    (unsigned long)chans[id].size,
				    chans[id].direction, chans[id].doorbell,
				    chans[id].peer_up ? "up" : "down");
		}
	}
	mica_irq_enable();
	if (find("ping-pong") < IDS) {
		unsigned id = find("ping-pong");

		if (chans[id].side == MICA_CHAN_SIDE_A) {
			ping(id);
		}
		pong(id);
	}
	if (find("feed") < IDS) {
		hostile(find("flood"));
	}
	if (find("life") < IDS) {
		unsigned id = find("life");

		if (chans[id].side == MICA_CHAN_SIDE_A) {
			watch(id);
		}
		phoenix(id);
	}
	return 0;
}
