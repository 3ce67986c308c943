/* SPDX-License-Identifier: Apache-2.0 */
/*
 * rt-bench's service to Linux (the issue-12 demo): over the channel
 * SERVE_CHANNEL it answers the request "stats" with the figures of its
 * latest round, so that `micactl call linux-rt stats` shows them in
 * Linux's shell. Requests are taken only between rounds: the doorbell is
 * masked while rt-bench measures, so a request never disturbs a sample.
 */
#ifndef RT_SERVE_H
#define RT_SERVE_H

#include <stdbool.h>
#include <stdint.h>

#include "stats.h"

#define SERVE_CHANNEL "linux-rt"
/*
 * rt's doorbell on linux-rt: the scenario's `doorbells` for side b
 * (configs/default.dts), which mica's INFO does not return.
 */
#define SERVE_DOORBELL 64u

/*
 * Opens SERVE_CHANNEL (after mica_gic_init()), its doorbell masked. False
 * when this partition has no such channel (bare QEMU, a scenario without
 * it), said on the console if it exists but cannot be used.
 */
bool serve_open(void);

/* Masks (while measuring) or unmasks the doorbell. */
void serve_doorbell(bool on);

/* Records the figures of round `round`, in ns, for the next "stats". */
void serve_record(uint64_t round, const struct stats *ns);

/*
 * Answers every request waiting now (at most SERVE_BATCH, so that a
 * flooding peer cannot keep rt-bench from its next round). IRQs masked.
 */
void serve_poll(void);

#endif
