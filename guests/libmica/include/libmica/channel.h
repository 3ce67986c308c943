/* SPDX-License-Identifier: Apache-2.0 */
/*
 * A native partition's channels: finding one by name through mica's
 * MICA_HC_CHANNEL_INFO (libmica/hc.h), its message ring (libmica/ring.h) over the memory
 * mica maps for it, and its doorbells: MICA_HC_CHANNEL_RING to ring the
 * peer, WFI on the channel's doorbell interrupt to wait for it.
 *
 * mica's INFO says which interrupt is this side's doorbell (the scenario's
 * `doorbells`). A doorbell only wakes the partition; the ring says what
 * happened, so the partition's interrupt handler need do nothing for it.
 */
#ifndef LIBMICA_CHANNEL_H
#define LIBMICA_CHANNEL_H

#include <stdbool.h>
#include <stdint.h>

#include "libmica/hc.h"
#include "libmica/ring.h"

#define MICA_CHANNEL_IDS 16 /* ids INFO answers: 0..15 */

struct mica_channel {
	uint32_t id; /* its index in the scenario's channel table */
	struct mica_chan_info info; /* info.doorbell: rung in this partition */
	struct mica_ring ring;
};

/*
 * Looks for the channel called name among this partition's, and fills
 * ch's description (not its ring). False when there is none, or when not
 * under a mica that has channels (ABI 0.2). Bounded: MICA_CHANNEL_IDS
 * hypercalls.
 */
bool mica_channel_find(struct mica_channel *ch, const char *name);

/*
 * Opens a channel that mica_channel_find() filled: enables its doorbell
 * interrupt on this vCPU (mica_gic_init() first), and attaches
 * its ring (mica_ring_attach(): a restarted partition finds its part
 * scrubbed and starts a new incarnation). Returns a MICA_RING_* status.
 * The ring's notify is MICA_HC_CHANNEL_RING; its wait is one WFI with IRQs
 * masked at the CPU, then a window for the handler: it returns true after
 * any interrupt, so a blocking call's bound is its number of waits.
 */
int mica_channel_open(struct mica_channel *ch);

/*
 * Masks (false) or unmasks (true) ch's doorbell at the GIC, for a
 * partition that must not be interrupted for a while (rt-bench while it
 * measures); a ring that comes meanwhile stays pending until unmasked.
 */
void mica_channel_doorbell(const struct mica_channel *ch, bool on);

#endif
