/* SPDX-License-Identifier: Apache-2.0 */
/*
 * mica's own hypercalls (include/mica/hypercall.h), and how a partition
 * finds out whether it runs under mica at all.
 *
 * libmica never makes a hypercall by itself: a partition calls these when
 * it wants to. They are safe on bare QEMU, where the HVC is undefined and
 * comes back as MICA_HC_NOT_SUPPORTED (see libmica/smccc.h for the one case
 * that is not safe).
 */
#ifndef LIBMICA_HC_H
#define LIBMICA_HC_H

#include <stdbool.h>
#include <stdint.h>

/*
 * MICA_HC_VERSION: mica's ABI version ((major << 16) | minor), or
 * MICA_HC_NOT_SUPPORTED when no hypervisor answered, or one answered
 * without mica's magic (then it is not mica).
 */
int64_t mica_hc_version(void);

/*
 * Whether this partition runs under mica: mica_hc_version() answered. Says
 * nothing about which ABI minor version; compare mica_hc_version() for that.
 */
bool mica_under_hypervisor(void);

/* A channel as MICA_HC_CHANNEL_INFO describes it to one of its sides. */
struct mica_chan_info {
	uint64_t ipa;	    /* where this partition sees it */
	uint64_t size;	    /* bytes; include/mica/channel.h splits them */
	unsigned side;	    /* MICA_CHAN_SIDE_A or MICA_CHAN_SIDE_B */
	unsigned direction; /* MICA_CHAN_BOTH, _A_TO_B or _B_TO_A */
	bool peer_up;	    /* the peer partition ran at the call */
	uint32_t doorbell; /* the interrupt id a ring of the peer raises here */
	char name[17];	   /* NUL-terminated */
};

/*
 * MICA_HC_CHANNEL_INFO: fills *info for channel id (0 to 15) and returns
 * MICA_HC_SUCCESS; MICA_HC_INVALID_PARAMETER if this partition is no side
 * of it (or it does not exist), MICA_HC_NOT_SUPPORTED without mica; *info
 * is left alone then.
 */
int64_t mica_hc_chan_info(uint64_t id, struct mica_chan_info *info);

/*
 * MICA_HC_CHANNEL_RING: rings the peer of channel id. MICA_HC_SUCCESS,
 * MICA_HC_INVALID_PARAMETER (not this partition's channel),
 * MICA_HC_DENIED (this side only reads it), MICA_HC_PEER_DOWN (the peer
 * does not run: nothing rung) or MICA_HC_NOT_SUPPORTED without mica.
 */
int64_t mica_hc_chan_ring(uint64_t id);

/*
 * MICA_HC_KEYBOARD: take (true) the console's keyboard, or give it back to
 * whoever had it before the take. MICA_HC_SUCCESS; MICA_HC_DENIED unless
 * the scenario marks this partition secure-input; MICA_HC_NOT_REQUIRED
 * for a give-back when this partition no longer has the keyboard;
 * MICA_HC_NOT_SUPPORTED without mica (ABI 0.3).
 */
int64_t mica_hc_keyboard(bool take);

#endif
