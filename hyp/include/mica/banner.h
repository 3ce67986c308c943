/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The boot banner: what mica is, on what machine, where its memory went,
 * which CPUs came up and how long boot took. Formatting is separate from
 * printing so that host tests check it.
 */
#ifndef MICA_BANNER_H
#define MICA_BANNER_H

#include "mica/board.h"
#include "mica/types.h"

struct banner_region {
	const char *name;
	uint64_t start;
	uint64_t end;	   /* exclusive */
	const char *perms; /* "r-x", "rw-", ... */
	const char *note;  /* extra words, or NULL */
};

struct banner_cpu {
	uint64_t hwid;
	bool online;
	uint64_t ticks;
};

struct banner_info {
	const char *version;
	const char *cpu_model;
	const char *irqchip;
	uint64_t timer_hz;
	const struct banner_region *regions;
	unsigned region_count;
	uint64_t hyp_base;
	uint64_t hyp_size;
	const struct board *board;
	const struct banner_cpu *cpus; /* board->cpu_count entries */
	uint64_t entry_count; /* counter value at mica's first instruction */
	uint64_t ready_count; /* counter value when every CPU was online */
};

/*
 * Formats the banner into buf (size bytes, NUL-terminated). Returns the
 * length the whole banner has; >= size means it was cut.
 */
size_t banner_format(char *buf, size_t size, const struct banner_info *bi);

/* Counter ticks as microseconds at frequency hz (0 if hz is 0). */
uint64_t banner_ticks_to_us(uint64_t ticks, uint64_t hz);

#endif
