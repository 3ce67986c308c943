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
 * Answers the requests waiting now, SERVE_BATCH at most; whether more may
 * wait (Linux rings once for them: the caller polls again, after a window
 * for the timer, rather than sleep). IRQs masked.
 */
bool serve_poll(void);

#endif
