// SPDX-License-Identifier: Apache-2.0
/*
 * chan-peer: the native end of Linux's channels in configs/micactl.dts, a
 * test partition for micactl (tests/system/test_micactl.py). It never
 * runs in the default scenario: some of its requests break things on
 * purpose.
 *
 *   echo  (both ways)  each message comes back as it is, except requests:
 *                      "count"   -> "sink: N messages, last L, bad B"
 *                      "feed N"  -> sends "feed I/N" on feed (I = 1..N),
 *                                   then replies "fed N"
 *                      "mute"    -> no reply (a caller's timeout)
 *                      "corrupt" -> its next record on echo is a header
 *                                   whose check is wrong (a hostile peer)
 *                      "crash"   -> a store to Linux's part of echo,
 *                                   which mica maps read-only here: its
 *                                   fault policy restarts it
 *                      "off"     -> PSCI SYSTEM_OFF: it stays stopped
 *   feed  (to Linux)   what "feed N" sends
 *   sink  (from Linux) counted: messages, the last one's number, and
 *                      those that were no decimal number
 *
 * It says on its console when Linux goes down or comes back on each
 * channel (once per change), so a test sees it recover from Linux's reboot.
 * It waits in WFI for a doorbell; on feed, where Linux as the reader never
 * rings, it looks again for room (or for Linux's reader to start) every
 * millisecond of its timer.
 */
#include <stdbool.h>
#include <stdint.h>

#include "libmica/channel.h"
#include "libmica/console.h"
#include "libmica/gic.h"
#include "libmica/irq.h"
#include "libmica/psci.h"
#include "libmica/start.h"
#include "libmica/timer.h"
#include "mica/fmt.h"

#define MSG_MAX 8192u	 /* larger than any message of its channels */
#define FEED_WAITS 5000u /* 1 ms each: a reader 5 s late is gone */
#define BATCH 64u	 /* messages taken per channel per pass */
#define DEC_MAX 20

enum { ECHO, FEED, SINK, CHANS };

static const char *const names[CHANS] = { "echo", "feed", "sink" };

static struct mica_channel chans[CHANS];
static bool linux_up[CHANS];
static char msg[MSG_MAX];
static uint64_t sink_count;
static uint64_t sink_last;
static uint64_t sink_bad;

/* fmt_snprintf's length len, clamped to what a buffer of cap holds. */
static size_t clamp(size_t len, size_t cap)
{
	return len < cap ? len : cap - 1;
}

static void on_irq(uint32_t intid, uint64_t entry_ticks)
{
	(void)entry_ticks;
	if (intid == MICA_TIMER_PPI) {
		mica_timer_stop(); /* the level goes low before the EOI */
	}
	/* Doorbells only wake main(); the rings say what happened. */
}

/* Parses the decimal at s[0..len); false if it is not one. */
static bool parse_dec(const char *s, uint64_t len, uint64_t *v)
{
	*v = 0;
	if (len == 0 || len > DEC_MAX) {
		return false;
	}
	for (uint64_t i = 0; i < len; i++) {
		if (s[i] < '0' || s[i] > '9') {
			return false;
		}
		*v = *v * 10 + (uint64_t)(s[i] - '0');
	}
	return true;
}

static bool starts(const char *s, uint64_t len, const char *p)
{
	uint64_t i = 0;

	for (; p[i] != '\0'; i++) {
		if (i >= len || s[i] != p[i]) {
			return false;
		}
	}
	return i == len || p[i - 1] == ' ';
}

/*
 * Sends on c, waiting up to FEED_WAITS ms for room or for Linux's side to
 * be up (its reader may not have started yet); a new incarnation of Linux
 * just means sending again. Its status.
 */
static int send_patiently(struct mica_channel *c, const char *m, size_t len)
{
	int st = mica_ring_send(&c->ring, m, len);

	for (unsigned i = 0; i < FEED_WAITS && (st == MICA_RING_FULL ||
						st == MICA_RING_PEER_DOWN ||
						st == MICA_RING_PEER_RESET);
	     i++) {
		if (st != MICA_RING_PEER_RESET) {
			mica_timer_wait_until(mica_timer_now() +
					      mica_timer_freq() / 1000u);
		}
		st = mica_ring_send(&c->ring, m, len);
	}
	return st;
}

/* "feed N": N numbered messages on feed, then the reply's text. */
static size_t feed(uint64_t n, char *reply, size_t cap)
{
	for (uint64_t i = 1; i <= n; i++) {
		char m[64];
		size_t len =
			clamp(fmt_snprintf(m, sizeof(m), "feed %lu/%lu",
					   (unsigned long)i, (unsigned long)n),
			      sizeof(m));

		if (send_patiently(&chans[FEED], m, len) != MICA_RING_OK) {
			return clamp(fmt_snprintf(reply, cap,
						  "feed stopped at %lu",
						  (unsigned long)i),
				     cap);
		}
	}
	return clamp(fmt_snprintf(reply, cap, "fed %lu", (unsigned long)n),
		     cap);
}

/*
 * Writes one record on echo whose header check is wrong, as a hostile
 * peer would: through the ring's own fields, on purpose.
 */
static void corrupt(void)
{
	struct mica_ring *r = &chans[ECHO].ring;
	volatile uint64_t *data = r->own + MICA_RING_CTRL_SIZE / 8;

	data[(r->prod % r->tx_size) / 8] = 0x12345678u; /* check is not ~len */
	r->prod += MICA_RING_HDR_SIZE;
	r->own[1] = r->prod;
	r->ops.notify(r->ops.ctx);
}

static void on_echo(const char *m, size_t len)
{
	char reply[96];
	size_t n;
	uint64_t v;

	if (starts(m, len, "count")) {
		n = clamp(fmt_snprintf(reply, sizeof(reply),
				       "sink: %lu messages, last %lu, bad %lu",
				       (unsigned long)sink_count,
				       (unsigned long)sink_last,
				       (unsigned long)sink_bad),
			  sizeof(reply));
	} else if (starts(m, len, "feed ") && parse_dec(m + 5, len - 5, &v)) {
		n = feed(v, reply, sizeof(reply));
	} else if (starts(m, len, "mute")) {
		return;
	} else if (starts(m, len, "corrupt")) {
		mica_puts("chan-peer: corrupting echo, as asked\n");
		corrupt();
		return;
	} else if (starts(m, len, "crash")) {
		mica_puts("chan-peer: crashing, as asked\n");
		/* A stage-2 permission fault: mica applies the policy. */
		*(volatile uint64_t *)(uintptr_t)chans[ECHO].ring.peer = 0;
		return;
	} else if (starts(m, len, "off")) {
		mica_puts("chan-peer: powering off, as asked\n");
		mica_poweroff();
	} else {
		(void)send_patiently(&chans[ECHO], m, len);
		return;
	}
	(void)send_patiently(&chans[ECHO], reply, n);
}

static void on_sink(const char *m, size_t len)
{
	uint64_t v;

	sink_count++;
	if (parse_dec(m, len, &v)) {
		sink_last = v;
	} else {
		sink_bad++;
	}
}

/* Says when Linux's side of channel i goes or comes back, once each. */
static void linux_state(unsigned i, bool up, const char *how)
{
	if (linux_up[i] != up) {
		linux_up[i] = up;
		mica_printf("chan-peer: %s: linux %s\n", names[i], how);
	}
}

/*
 * Takes what waits on channel i, BATCH messages at most; whether more may
 * wait (then the caller must not sleep: the peer rings only once).
 */
static bool serve(unsigned i)
{
	for (unsigned k = 0; k < BATCH; k++) {
		size_t len = 0;
		int st = mica_ring_recv(&chans[i].ring, msg, sizeof(msg), &len);

		if (st == MICA_RING_OK) {
			linux_state(i, true, "up");
			if (i == ECHO) {
				on_echo(msg, len);
			} else {
				on_sink(msg, len);
			}
		} else if (st == MICA_RING_PEER_RESET) {
			linux_state(i, false, "down");
			linux_state(i, true, "up (peer reset)");
		} else if (st == MICA_RING_PEER_DOWN) {
			linux_state(i, false, "down");
			return false;
		} else {
			return false; /* empty; corrupt: Linux's business */
		}
	}
	return true;
}

int main(void)
{
	mica_irq_set_handler(on_irq);
	if (!mica_gic_init() || !mica_gic_enable_ppi(MICA_TIMER_PPI)) {
		mica_puts("chan-peer: FAIL: no GIC\n");
		return 1;
	}
	for (unsigned i = 0; i < CHANS; i++) {
		int st;

		if (!mica_channel_find(&chans[i], names[i])) {
			mica_printf("chan-peer: FAIL: no channel %s\n",
				    names[i]);
			return 1;
		}
		st = mica_channel_open(&chans[i]);
		if (st != MICA_RING_OK) {
			mica_printf("chan-peer: FAIL: %s: ring status %d\n",
				    names[i], st);
			return 1;
		}
	}
	mica_puts("chan-peer: ready\n");
	/* A service: for ever, by design; each pass waits for an interrupt. */
	for (;;) {
		bool more = serve(ECHO);

		if (!(serve(SINK) || more)) {
			mica_wfi();
		}
		mica_irq_enable();
		mica_irq_disable();
	}
}
