// SPDX-License-Identifier: Apache-2.0
/*
 * ctl-sides: the peer's side of tests/system/test_update_sides.py. It is
 * the other side of channel "beat", below ctl-loop on its CPU
 * (configs/update-sides.dts), and reads every message of the log that
 * ctl-loop's CTL_SIDES images append to (guests/ctl-loop/sides.h), in
 * the order they were written, across a live update from version 1 to 2.
 * It checks what the switch promises on the channel: each message's
 * number is the one after the last, the counter never goes back, every
 * message of the old version comes before every message of the new one
 * (a message of a lower version after one of a higher is out of order:
 * both versions held the channel at once), and every ring of the writer
 * was answered. Once version 2 has written CTL_SIDES_REPORT_AT messages
 * it prints what it saw in one line, which the test parses:
 *
 *   ctl-sides: v1 1..A (N1) to T1; v2 B..C (N2) from T2; back X torn Y
 *   lost Z rings R
 *
 * (T1: the counter at version 1's last message; T2: at version 2's first;
 * X: messages out of order; R: rings refused)
 *
 * and the first message out of order on a line of its own as it sees it.
 * A message overwritten before it was read is lost, and the proof then
 * has a hole: the test wants none.
 */
#include "libmica/channel.h"
#include "libmica/console.h"
#include "libmica/start.h"
#include "mica/hypercall.h"

#include "../ctl-loop/sides.h"

#define CTL_SIDES_REPORT_AT 1000u /* version 2's messages: 100 ms */

/* What the log said of one version. */
struct seen {
	uint64_t count;
	uint64_t first_seq;
	uint64_t last_seq;
	uint64_t first_at;
	uint64_t last_at;
};

/* Only versions 1 and 2 are expected; any other counts as torn. */
static struct seen seen[3];

static void note(struct seen *s, const struct ctl_sides_entry *e)
{
	if (s->count == 0) {
		s->first_seq = e->seq;
		s->first_at = e->at;
	}
	s->count++;
	s->last_seq = e->seq;
	s->last_at = e->at;
}

int main(void)
{
	struct mica_channel ch;
	const volatile struct ctl_sides_log *log;
	struct ctl_sides_entry last = { 0, 0, 0, 0 };
	uint64_t next = 1; /* the message to read next */
	uint64_t back = 0, torn = 0, lost = 0, refused = 0;
	bool reported = false;

	if (!mica_channel_find(&ch, "beat")) {
		mica_puts("ctl-sides: FAIL: no channel beat\n");
		return 1;
	}
	log = ctl_sides_log_at(ch.info.ipa);
	mica_puts("ctl-sides: reading beat's log\n");
	for (;;) {
		uint64_t head = __atomic_load_n(&log->head, __ATOMIC_ACQUIRE);
		struct ctl_sides_entry e;
		const volatile struct ctl_sides_entry *slot;

		if (head < next) {
			continue; /* nothing new: ctl-loop preempts us */
		}
		/* Keep a slot's margin: the writer may be filling the next. */
		if (head - next >= CTL_SIDES_LOG_ENTRIES - 2) {
			lost += head - next - (CTL_SIDES_LOG_ENTRIES - 2) + 1;
			next = head - (CTL_SIDES_LOG_ENTRIES - 2) + 1;
		}
		slot = &log->entries[(next - 1) % CTL_SIDES_LOG_ENTRIES];
		e.seq = slot->seq;
		e.version = slot->version;
		e.at = slot->at;
		e.ring = slot->ring;
		__atomic_thread_fence(__ATOMIC_ACQUIRE);
		if (log->head - next >= CTL_SIDES_LOG_ENTRIES - 1) {
			continue; /* overwritten as we read: lost, above */
		}
		if (e.seq != next || e.at < last.at || e.version == 0 ||
		    e.version > 2) {
			torn++;
		} else {
			if (e.version < last.version && back++ == 0) {
				mica_printf("ctl-sides: out of order: message "
					    "%lu of v%lu at %lu after message "
					    "%lu of v%lu at %lu\n",
					    (unsigned long)e.seq,
					    (unsigned long)e.version,
					    (unsigned long)e.at,
					    (unsigned long)last.seq,
					    (unsigned long)last.version,
					    (unsigned long)last.at);
			}
			note(&seen[e.version], &e);
			refused += e.ring != MICA_HC_SUCCESS;
			last = e;
		}
		next++;
		if (!reported && seen[2].count >= CTL_SIDES_REPORT_AT) {
			reported = true;
			/* One line: mica cuts them at 128 characters. */
			mica_printf("ctl-sides: v1 %lu..%lu (%lu) to %lu; v2 "
				    "%lu..%lu (%lu) from %lu; back %lu torn "
				    "%lu lost %lu rings %lu\n",
				    (unsigned long)seen[1].first_seq,
				    (unsigned long)seen[1].last_seq,
				    (unsigned long)seen[1].count,
				    (unsigned long)seen[1].last_at,
				    (unsigned long)seen[2].first_seq,
				    (unsigned long)seen[2].last_seq,
				    (unsigned long)seen[2].count,
				    (unsigned long)seen[2].first_at,
				    (unsigned long)back, (unsigned long)torn,
				    (unsigned long)lost,
				    (unsigned long)refused);
		}
	}
}
