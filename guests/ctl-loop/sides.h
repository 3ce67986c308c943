/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The message log that ctl-loop's CTL_SIDES images append to in channel
 * "beat", and ctl-sides, the channel's other side, reads
 * (configs/update-sides.dts, tests/system/test_update_sides.py): one
 * record per message, so that the reader sees every message of both
 * versions in the order they were written, not only the last heartbeat.
 * It lies in ctl-loop's part of the channel past the heartbeat's page, so
 * it survives a switch as the heartbeat does, and the new version goes on
 * where the old one stopped.
 */
#ifndef CTL_SIDES_H
#define CTL_SIDES_H

#include <stdint.h>

#define CTL_SIDES_BEAT_ID 0	   /* beat's id: first in the scenario's list */
#define CTL_SIDES_LOG_OFFSET 4096u /* past struct beat's page */
#define CTL_SIDES_LOG_ENTRIES 32000u /* 3.2 s of 100 us periods */

struct ctl_sides_entry {
	uint64_t seq;	  /* the message's number, from 1, across versions */
	uint64_t version; /* the writer's CTL_VERSION */
	uint64_t at;	  /* CNTPCT_EL0, which every partition shares */
	int64_t ring;	  /* what MICA_HC_CHANNEL_RING answered just before */
};

/*
 * Written only by ctl-loop: entry seq goes to entries[(seq - 1) %
 * CTL_SIDES_LOG_ENTRIES], then head becomes seq (release). The writer
 * fills entry head + 1 before it moves head, so a reader that saw head =
 * h may read entries h - ENTRIES + 2 to h, and knows one it read was not
 * overwritten meanwhile if head stayed below its seq + ENTRIES - 1 when
 * it finished.
 */
struct ctl_sides_log {
	uint64_t head; /* messages written so far */
	uint64_t reserved;
	struct ctl_sides_entry entries[CTL_SIDES_LOG_ENTRIES];
};

_Static_assert(sizeof(struct ctl_sides_entry) == 32, "log entry layout");

/* The log in a channel mapped at ipa in this partition. */
static inline volatile struct ctl_sides_log *ctl_sides_log_at(uint64_t ipa)
{
	uintptr_t log = (uintptr_t)(ipa + CTL_SIDES_LOG_OFFSET);

	return (volatile struct ctl_sides_log *)log;
}

static inline uint64_t ctl_sides_counter(void)
{
	uint64_t v;

	__asm__ volatile("isb\n\tmrs %0, cntpct_el0" : "=r"(v) : : "memory");
	return v;
}

#endif
