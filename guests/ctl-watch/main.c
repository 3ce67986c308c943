// SPDX-License-Identifier: Apache-2.0
/*
 * ctl-watch: the other side of ctl-loop's channel "beat". It shares
 * ctl-loop's CPU below every version of it, so it runs whenever ctl-loop
 * waits for its next period, and reads the heartbeat ctl-loop publishes
 * each period (guests/ctl-loop). It looks only: it never rings, never
 * writes, and the channel is one way.
 *
 * The figures are ctl-loop's own, carried in the heartbeat: the longest
 * gap between two of its periods in a row, in counter ticks, and the
 * last heartbeat of the version before it that it found in the channel
 * when it started. ctl-watch need not see every period: under QEMU's
 * -icount a busy other CPU may take every turn CPU 0 leaves at a timer
 * write, and then ctl-loop keeps its periods but never waits long enough
 * for ctl-watch to run (bench/README.md). It reports on its console:
 * - once the first incarnation has run CTL_WATCH_STEADY periods: "steady:
 *   longest gap G ticks over N periods" (the loop's own jitter);
 * - when the heartbeat comes from a new incarnation (another version, or
 *   the period count starting again: a restart), once each: "vA -> vB:
 *   gap G ticks (last period P of vA at T1, then period 1 at T2)", where
 *   G = T2 - T1, the time ctl-loop did not run its loop. T1 is the old
 *   version's last heartbeat as the new one found it (a switch), or, when
 *   it found none (a restart scrubs its part), the last one ctl-watch saw.
 * - a gap of more than two periods within an incarnation, as ctl-loop
 *   measured it, the same way ("stall").
 * A heartbeat that does not move is not news; one that reads as zero (a
 * stopped ctl-loop's control page is scrubbed) is no heartbeat.
 */
#include "libmica/channel.h"
#include "libmica/console.h"
#include "libmica/start.h"
#include "libmica/timer.h"

#define CTL_WATCH_STEADY 10000u /* periods: one second at 100 us */
#define CTL_WATCH_REPORTS 16u	/* transitions reported, at most */

struct beat {
	uint64_t seq;
	uint64_t version;
	uint64_t period;
	uint64_t at;
	uint64_t first_at;
	uint64_t max_gap;
	uint64_t max_gap_period;
	uint64_t max_gap_at;
	uint64_t prev_version;
	uint64_t prev_period;
	uint64_t prev_at;
};

/* A consistent copy of *b into *out; false if it is being written or none. */
static bool read_beat(const volatile struct beat *b, struct beat *out)
{
	uint64_t seq = b->seq;

	__atomic_thread_fence(__ATOMIC_ACQUIRE);
	if (seq == 0 || (seq & 1) != 0) {
		return false;
	}
	out->version = b->version;
	out->period = b->period;
	out->at = b->at;
	out->first_at = b->first_at;
	out->max_gap = b->max_gap;
	out->max_gap_period = b->max_gap_period;
	out->max_gap_at = b->max_gap_at;
	out->prev_version = b->prev_version;
	out->prev_period = b->prev_period;
	out->prev_at = b->prev_at;
	__atomic_thread_fence(__ATOMIC_ACQUIRE);
	return b->seq == seq && out->period != 0;
}

static void report(const char *what, uint64_t va, uint64_t vb, uint64_t gap,
		   uint64_t last_period, uint64_t t1, uint64_t period,
		   uint64_t t2)
{
	mica_printf("ctl-watch: v%lu -> v%lu: gap %lu ticks (last period %lu "
		    "of v%lu at %lu, then period %lu at %lu)%s\n",
		    (unsigned long)va, (unsigned long)vb, (unsigned long)gap,
		    (unsigned long)last_period, (unsigned long)va,
		    (unsigned long)t1, (unsigned long)period, (unsigned long)t2,
		    what);
}

int main(void)
{
	struct mica_channel ch;
	const volatile struct beat *b;
	struct beat last = { 0 };
	uint64_t period_ticks = mica_timer_freq() / 10000u; /* 100 us */
	uint64_t stall_said = 0;
	unsigned reports = 0;
	bool said_steady = false;

	if (!mica_channel_find(&ch, "beat")) {
		mica_puts("ctl-watch: FAIL: no channel beat\n");
		return 1;
	}
	b = (const volatile struct beat *)(uintptr_t)ch.info.ipa;
	mica_printf("ctl-watch: watching beat, counter %lu Hz\n",
		    (unsigned long)mica_timer_freq());
	for (;;) {
		struct beat now;
		bool fresh;

		if (!read_beat(b, &now) ||
		    (now.version == last.version && now.period == last.period &&
		     now.first_at == last.first_at)) {
			continue; /* nothing new: ctl-loop preempts us */
		}
		fresh = last.period != 0 && (now.version != last.version ||
					     now.first_at != last.first_at);
		if (fresh && reports < CTL_WATCH_REPORTS) {
			reports++;
			stall_said = 0;
			if (now.prev_at != 0) {
				report("", now.prev_version, now.version,
				       now.first_at - now.prev_at,
				       now.prev_period, now.prev_at, 1,
				       now.first_at);
			} else {
				report("", last.version, now.version,
				       now.first_at - last.at, last.period,
				       last.at, 1, now.first_at);
			}
		}
		if (now.max_gap > 2 * period_ticks &&
		    now.max_gap > stall_said && reports < CTL_WATCH_REPORTS) {
			reports++;
			stall_said = now.max_gap;
			report(" stall", now.version, now.version, now.max_gap,
			       now.max_gap_period - 1,
			       now.max_gap_at - now.max_gap, now.max_gap_period,
			       now.max_gap_at);
		}
		if (!said_steady && now.period >= CTL_WATCH_STEADY) {
			said_steady = true;
			mica_printf("ctl-watch: steady: longest gap %lu ticks "
				    "over %u periods of v%lu\n",
				    (unsigned long)now.max_gap,
				    CTL_WATCH_STEADY,
				    (unsigned long)now.version);
		}
		last = now;
	}
}
