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
 */
#include "libmica/channel.h"
#include "libmica/console.h"
#include "libmica/gic.h"
#include "libmica/irq.h"
#include "libmica/smccc.h"
#include "libmica/start.h"
#include "libmica/timer.h"
#include "mica/hypercall.h"

#ifndef CTL_VERSION
#define CTL_VERSION 1
#endif
#ifndef CTL_CRASH_AFTER
#define CTL_CRASH_AFTER 0
#endif
#define CTL_CRASH_IPA 0x7ffff000ul /* the scenarios' last RAM page */
#define CTL_PERIOD_US 100
#define CTL_WAIT_US 10 /* between two looks for the channel, as a standby */

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

int main(void)
{
	struct mica_smccc_res res;
	struct mica_channel ch;
	uint64_t period_ticks;
	uint64_t next;
	volatile struct beat *b;

	mica_printf("ctl-loop: version %u, period %u us\n", CTL_VERSION,
		    CTL_PERIOD_US);
	if (!mica_gic_init() || !mica_gic_enable_ppi(MICA_TIMER_PPI)) {
		mica_puts("ctl-loop: FAIL: no GIC\n");
		return 1;
	}
	period_ticks = mica_timer_freq() / 1000000u * CTL_PERIOD_US;
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
		next += period_ticks;
		mica_timer_wait_until(next);
	}
}
