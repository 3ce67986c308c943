// SPDX-License-Identifier: Apache-2.0
/*
 * ctl-loop: a periodic control loop that counts its periods, the partition
 * issue 14's switchover is measured on (configs/bench/ctl-*.dts). Every
 * CTL_PERIOD_US it publishes a heartbeat in its part of channel "beat": its
 * version, the period's number and the counter's value when it ran, under a
 * sequence word (odd while it writes), so that ctl-watch, the channel's
 * other side, can tell every period and the longest gap between two.
 *
 * One source, several images (guests/guests.mk): CTL_VERSION is the
 * version it says it is; CTL_CRASH_AFTER, if not 0, makes it fault on
 * purpose after that many periods (a write to CTL_CRASH_IPA, the board's
 * RAM but not its own: mica's fault policy, not an abort into it), so that
 * its fault policy restarts it: the plain stop-and-restart the switchover
 * is compared with.
 *
 * It reports itself ready (MICA_HC_READY) as soon as it runs: as the
 * standby of a live update that is the signal for the switch, and as the
 * running version it is answered "not required". A standby has no channel
 * until the switch gives it the old version's: it waits for "beat" to
 * appear, then publishes its first heartbeat at once, so that the gap
 * ctl-watch sees is the switch's, not a period's. It prints nothing while
 * it runs.
 *
 * With CTL_SIDES (test_update_sides.py's images), it also rings ctl-sides
 * and appends a message to the log of ctl-loop/sides.h every period, and
 * with CTL_SIDES_TRIES, as the standby it is built to be, it first tries
 * the channel that many times, a period apart, before it reports ready: an
 * INFO and a RING of beat's id, and a message into the log whenever INFO
 * answers (mica gives a standby no channel: the test wants every try
 * refused). It prints what its tries got, and when it first used the
 * channel after READY.
 *
 * With CTL_SIDES it also drives the device it owns in that scenario,
 * QEMU's PL031 clock: every period, just before the message, it writes
 * the message's number to the match register (RTCMR: read/write, and
 * harmless with the clock's interrupt masked, as it stays), having first
 * checked that RTCMR still holds the number it wrote last; any other
 * value was written by someone else, and it prints the first such as a
 * FAIL. Its first read, which nothing of its own explains, it prints with
 * its first message: for a version switched to, the old version's last
 * number. With CTL_SIDES_DEV_EARLY, as the standby, it writes RTCMR before
 * anything else: mica gives a standby no device, so that write must end
 * it.
 */
#include "libmica/channel.h"
#include "libmica/console.h"
#include "libmica/gic.h"
#include "libmica/irq.h"
#include "libmica/smccc.h"
#include "libmica/start.h"
#include "libmica/timer.h"
#include "mica/hypercall.h"
#include "sides.h"

#ifndef CTL_VERSION
#define CTL_VERSION 1
#endif
#ifndef CTL_CRASH_AFTER
#define CTL_CRASH_AFTER 0
#endif
#ifndef CTL_SIDES
#define CTL_SIDES 0
#endif
#ifndef CTL_SIDES_TRIES
#define CTL_SIDES_TRIES 0
#endif
#ifndef CTL_SIDES_DEV_EARLY
#define CTL_SIDES_DEV_EARLY 0
#endif
#define CTL_CRASH_IPA 0x7ffff000ul /* the scenarios' last RAM page */
#define CTL_PERIOD_US 100
#define CTL_WAIT_US 10 /* between two looks for the channel, as a standby */
/* The PL031's match register (configs/update-sides.dts gives it to ctl). */
#define CTL_RTCMR_IPA 0x09010004ul
#define CTL_RTC_FOREIGN 0xdead0000u /* what CTL_SIDES_DEV_EARLY writes */

/*
 * The heartbeat, at the start of ctl-loop's part of "beat". Besides the
 * last period it carries what ctl-loop knows of its own continuity, so
 * that ctl-watch need not see every period: under QEMU's -icount, a busy
 * other CPU takes the turn at each timer write and runs up to the
 * deadline, and ctl-watch, which runs only while ctl-loop waits, may not
 * run for milliseconds while ctl-loop keeps its periods (bench/README.md).
 */
struct beat {
	uint64_t seq; /* odd while being written; 0: none yet */
	uint64_t version;
	uint64_t period;   /* 1, 2, 3... since this incarnation started */
	uint64_t at;	   /* CNTVCT when the period's work ran */
	uint64_t first_at; /* CNTVCT of this incarnation's period 1 */
	uint64_t max_gap;  /* longest at(n) - at(n - 1) of this incarnation */
	uint64_t max_gap_period; /* the n of that gap */
	uint64_t max_gap_at;	 /* and its at(n) */
	/* The heartbeat found in the channel before period 1 (0s: none). */
	uint64_t prev_version;
	uint64_t prev_period;
	uint64_t prev_at;
};

static void publish(volatile struct beat *b, uint64_t period)
{
	uint64_t seq = b->seq;
	uint64_t now = mica_timer_now();
	/* A switch leaves the old version's last heartbeat here. */
	bool found = period == 1 && seq != 0 && (seq & 1) == 0 &&
		     b->period != 0;
	uint64_t prev_version = found ? b->version : 0;
	uint64_t prev_period = found ? b->period : 0;
	uint64_t prev_at = found ? b->at : 0;

	b->seq = seq + 1;
	__atomic_thread_fence(__ATOMIC_RELEASE);
	if (period == 1) {
		b->prev_version = prev_version;
		b->prev_period = prev_period;
		b->prev_at = prev_at;
		b->first_at = now;
		b->max_gap = 0;
		b->max_gap_period = 0;
		b->max_gap_at = 0;
	} else if (now - b->at > b->max_gap) {
		b->max_gap = now - b->at;
		b->max_gap_period = period;
		b->max_gap_at = now;
	}
	b->version = CTL_VERSION;
	b->period = period;
	b->at = now;
	__atomic_thread_fence(__ATOMIC_RELEASE);
	b->seq = seq + 2;
}

/*
 * Rings ctl-sides, then appends the message that says so; returns its
 * counter value. Only this partition writes the log (sides.h).
 */
static uint64_t log_message(volatile struct ctl_sides_log *log)
{
	int64_t ring = mica_hc_chan_ring(CTL_SIDES_BEAT_ID);
	uint64_t seq = log->head + 1;
	volatile struct ctl_sides_entry *e =
		&log->entries[(seq - 1) % CTL_SIDES_LOG_ENTRIES];
	uint64_t at = ctl_sides_counter();

	e->seq = seq;
	e->version = CTL_VERSION;
	e->at = at;
	e->ring = ring;
	__atomic_thread_fence(__ATOMIC_RELEASE);
	log->head = seq;
	return at;
}

/*
 * Drives RTCMR for message seq, after checking it still holds `mine`,
 * what this version wrote last (n > 1); returns what it held.
 */
static uint32_t drive_rtc(uint64_t n, uint32_t mine, uint32_t seq)
{
	static bool foreign;
	volatile uint32_t *mr = (volatile uint32_t *)CTL_RTCMR_IPA;
	uint32_t held = *mr;

	if (n > 1 && held != mine && !foreign) {
		foreign = true;
		mica_printf("ctl-loop: v%u: FAIL: RTCMR held %u, not %u, at "
			    "message %u\n",
			    CTL_VERSION, held, mine, seq);
	}
	*mr = seq;
	return held;
}

#if CTL_SIDES_TRIES > 0
/* The standby's tries of beat, before it reports ready (CTL_SIDES_TRIES). */
static void try_beat(uint64_t wait_ticks)
{
	struct mica_chan_info info;
	int64_t info_st = 0;
	int64_t ring_st = 0;
	unsigned refused = 0;
	unsigned answered = 0;
	uint64_t first = ctl_sides_counter();

	for (unsigned i = 0; i < CTL_SIDES_TRIES; i++) {
		info_st = mica_hc_chan_info(CTL_SIDES_BEAT_ID, &info);
		ring_st = mica_hc_chan_ring(CTL_SIDES_BEAT_ID);
		if (info_st == MICA_HC_SUCCESS) {
			answered++;
			(void)log_message(ctl_sides_log_at(info.ipa));
		} else if (ring_st != MICA_HC_SUCCESS) {
			refused++;
		} else {
			answered++;
		}
		mica_timer_wait_until(mica_timer_now() + wait_ticks);
	}
	mica_printf("ctl-loop: v%u as standby: %u tries of beat refused, "
		    "%u answered (INFO %ld, RING %ld) from %lu to %lu\n",
		    CTL_VERSION, refused, answered, (long)info_st,
		    (long)ring_st, (unsigned long)first,
		    (unsigned long)ctl_sides_counter());
}
#endif

int main(void)
{
	struct mica_smccc_res res;
	struct mica_channel ch;
	uint64_t period_ticks;
	uint64_t next;
	uint32_t mine = 0; /* what this version wrote to RTCMR last */
	volatile struct beat *b;

	mica_printf("ctl-loop: version %u, period %u us\n", CTL_VERSION,
		    CTL_PERIOD_US);
	if (!mica_gic_init() || !mica_gic_enable_ppi(MICA_TIMER_PPI)) {
		mica_puts("ctl-loop: FAIL: no GIC\n");
		return 1;
	}
	period_ticks = mica_timer_freq() / 1000000u * CTL_PERIOD_US;
#if CTL_SIDES_DEV_EARLY
	mica_printf("ctl-loop: v%u as standby: writing RTCMR at %lu\n",
		    CTL_VERSION, (unsigned long)ctl_sides_counter());
	*(volatile uint32_t *)CTL_RTCMR_IPA = CTL_RTC_FOREIGN + CTL_VERSION;
	mica_printf("ctl-loop: v%u as standby: FAIL: wrote RTCMR\n",
		    CTL_VERSION);
#endif
#if CTL_SIDES_TRIES > 0
	try_beat(period_ticks);
#endif
	mica_smccc_hvc(MICA_HC_READY, 0, 0, 0, &res);
	/* Bounded by the switch (or, if it never comes, mica discards us). */
	while (!mica_channel_find(&ch, "beat")) {
		mica_timer_wait_until(mica_timer_now() +
				      period_ticks /
					      (CTL_PERIOD_US / CTL_WAIT_US));
	}
	b = (volatile struct beat *)(uintptr_t)ch.info.ipa;
	next = mica_timer_now();
	for (uint64_t n = 1;; n++) {
		/* Instead of period n's work: ctl-watch saw period n - 1's. */
		if (CTL_CRASH_AFTER != 0 && n == CTL_CRASH_AFTER + 1) {
			*(volatile uint64_t *)CTL_CRASH_IPA =
				n; /* on purpose */
		}
		publish(b, n);
		if (CTL_SIDES != 0) {
			volatile struct ctl_sides_log *log =
				ctl_sides_log_at(ch.info.ipa);
			uint32_t seq = (uint32_t)(log->head + 1);
			uint32_t held = drive_rtc(n, mine, seq);
			uint64_t at = log_message(log);

			mine = seq;
			if (n == 1) {
				mica_printf("ctl-loop: v%u: READY answered %ld; "
					    "first use of beat at %lu, RTCMR "
					    "held %u\n",
					    CTL_VERSION, (long)res.a0,
					    (unsigned long)at, held);
			}
		}
		next += period_ticks;
		mica_timer_wait_until(next);
	}
}
