// SPDX-License-Identifier: Apache-2.0
/*
 * ctl-watch: the other side of ctl-loop's channel "beat". It shares
 * ctl-loop's CPU below every version of it, so it runs whenever ctl-loop
 * waits for its next period, and reads the heartbeat ctl-loop publishes
 * each period (guests/ctl-loop). It looks only: it never rings, never
 * writes, and the channel is one way.
 *
 * It keeps the longest gap between two heartbeats in a row, in counter
 * ticks, and reports on its console:
 * - after CTL_WATCH_STEADY periods of one incarnation, once: "steady:
 *   longest gap G ticks over N periods" (the loop's own jitter);
 * - when the heartbeat comes from a new incarnation (another version, or
 *   the period count starting again: a restart), once each: "vA -> vB:
 *   gap G ticks (last period P of vA at T1, first of vB at T2)", where G
 *   = T2 - T1, the time ctl-loop did not run its loop. A gap of more than
 *   one period within an incarnation is reported the same way ("stall").
 * A heartbeat that does not move is not a gap until the next one comes;
 * one that reads as zero (a stopped ctl-loop's control page is scrubbed,
 * and a restart scrubs its part) is no heartbeat.
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
	__atomic_thread_fence(__ATOMIC_ACQUIRE);
	return b->seq == seq && out->period != 0;
}

int main(void)
{
	struct mica_channel ch;
	const volatile struct beat *b;
	struct beat last = { 0, 0, 0, 0 };
	uint64_t longest = 0;
	uint64_t steady_from = 0;
	uint64_t period_ticks = mica_timer_freq() / 10000u; /* 100 us */
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

		if (!read_beat(b, &now) || (now.version == last.version &&
					    now.period == last.period)) {
			continue; /* nothing new: ctl-loop preempts us */
		}
		if (last.period != 0 &&
		    (now.version != last.version || now.period < last.period ||
		     now.at - last.at > 2 * period_ticks) &&
		    reports < CTL_WATCH_REPORTS) {
			reports++;
			mica_printf("ctl-watch: v%lu -> v%lu: gap %lu ticks "
				    "(last period %lu of v%lu at %lu, then "
				    "period %lu at %lu)%s\n",
				    (unsigned long)last.version,
				    (unsigned long)now.version,
				    (unsigned long)(now.at - last.at),
				    (unsigned long)last.period,
				    (unsigned long)last.version,
				    (unsigned long)last.at,
				    (unsigned long)now.period,
				    (unsigned long)now.at,
				    now.version == last.version &&
						    now.period > last.period ?
					    " stall" :
					    "");
			steady_from = now.period;
			longest = 0;
		} else if (last.period != 0 && now.period == last.period + 1 &&
			   now.at - last.at > longest) {
			longest = now.at - last.at;
		}
		if (!said_steady &&
		    now.period >= steady_from + CTL_WATCH_STEADY) {
			said_steady = true;
			mica_printf("ctl-watch: steady: longest gap %lu ticks "
				    "over %u periods of v%lu\n",
				    (unsigned long)longest, CTL_WATCH_STEADY,
				    (unsigned long)now.version);
		}
		last = now;
	}
}
