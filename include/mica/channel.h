/* SPDX-License-Identifier: Apache-2.0 */
/*
 * A channel's layout as every party sees it: the hypervisor (stage 2 maps
 * each side's own part read-write and the peer's read-only), the scenario
 * checker and the rings built on channels, in native partitions and in
 * Linux's user space alike. So it uses no hypervisor type: stdint only.
 *
 * A channel of `size` bytes is split into side a's part and side b's part,
 * each written only by its own side, whatever the direction; on a one-way
 * channel the reader keeps one page, where it publishes how far it has read.
 */
#ifndef MICA_CHANNEL_H
#define MICA_CHANNEL_H

#include <stdint.h>

/* Directions, as the scenario's `direction` property says. */
#define MICA_CHAN_BOTH 1
#define MICA_CHAN_A_TO_B 2 /* a writes, b only reads */
#define MICA_CHAN_B_TO_A 3

/* Sides: a is the first partition the scenario's `between` names. */
#define MICA_CHAN_SIDE_A 0
#define MICA_CHAN_SIDE_B 1

/* The reader's part of a one-way channel, and the smallest part. */
#define MICA_CHAN_SMALL_PART 4096

/*
 * The part of a channel of `size` bytes that `side` writes: returns its
 * offset from the channel's start and sets *len to its length. both: a =
 * [0, size/2), b = [size/2, size); a-to-b: a = [0, size - 4096), b the last
 * page; b-to-a: a the first page, b = [4096, size). An unknown direction or
 * side, or a size under two pages, gives *len = 0 (and offset 0). It does not
 * check the scenario's rules (a multiple of 8 KiB for both): the scenario
 * checker does, before any of this runs.
 */
static inline uint64_t mica_channel_part(uint64_t size, unsigned direction,
					 unsigned side, uint64_t *len)
{
	uint64_t split;

	if (direction == MICA_CHAN_BOTH) {
		split = size / 2;
	} else if (direction == MICA_CHAN_A_TO_B) {
		split = size - MICA_CHAN_SMALL_PART;
	} else if (direction == MICA_CHAN_B_TO_A) {
		split = MICA_CHAN_SMALL_PART;
	} else {
		split = 0;
	}
	if (split == 0 || size / 2 < MICA_CHAN_SMALL_PART ||
	    side > MICA_CHAN_SIDE_B) {
		*len = 0;
		return 0;
	}
	if (side == MICA_CHAN_SIDE_A) {
		*len = split;
		return 0;
	}
	*len = size - split;
	return split;
}

#endif
