/* SPDX-License-Identifier: Apache-2.0 */
/*
 * mica's hypercall ABI as every partition sees it: the function ids of
 * mica's own calls and the status codes they return. The calls follow the
 * Arm SMC Calling Convention (SMCCC, DEN0028): HVC #0 with the function id in
 * w0 and arguments in x1..x5; results come back in x0..x5 (SMCCC 1.1 and
 * later allow up to x17), a negative x0 being one of the status codes below. Registers x18..x30 and SP survive the
 * call. Ids mica does not know return MICA_HC_NOT_SUPPORTED; they never stop
 * the caller.
 *
 * mica's calls live in SMCCC's "vendor specific hypervisor service" range
 * (owning entity 6) as fast calls with the 64-bit convention, so an id is
 * 0xC6000000 | n. Numbers 0xFF00 and up in that range are SMCCC's general
 * queries (call count, UID, revision) and are not mica calls.
 *
 * Macros only, with no C types, so that assembly can include this file too;
 * the SMCCC fields are arm64/smccc.h's. Shared by the hypervisor and
 * guests: a value defined here never changes meaning once released.
 */
#ifndef MICA_HYPERCALL_H
#define MICA_HYPERCALL_H

#include "arm64/smccc.h"

/* The id of mica call n (0 <= n < 0xFF00). */
#define MICA_HC_FN(n) (SMCCC_FN(SMCCC_OEN_VENDOR_HYP, n) | SMCCC_64)

/*
 * MICA_HC_VERSION: which ABI the hypervisor implements. No arguments.
 * Returns x0 = MICA_HC_ABI_VERSION of the hypervisor ((major << 16) | minor,
 * never negative) and x1 = MICA_HC_MAGIC, so that a caller can tell mica
 * from another hypervisor that happens to answer this id. A guest works with
 * any hypervisor of the same major version and a minor at least the one it
 * was built against.
 */
#define MICA_HC_VERSION MICA_HC_FN(0)

#define MICA_HC_ABI_MAJOR 0
#define MICA_HC_ABI_MINOR 3
#define MICA_HC_ABI_VERSION ((MICA_HC_ABI_MAJOR << 16) | MICA_HC_ABI_MINOR)
#define MICA_HC_MAGIC 0x6d696361 /* "mica" */

/*
 * MICA_HC_CHANNEL_INFO (ABI 0.2): x1 = a channel id (its index in the
 * scenario's channel table, 0 to 15). For a channel the caller is a side
 * of: x0 = MICA_HC_SUCCESS, x1 = the channel's IPA in the caller, x2 = its
 * size in bytes, x3 = MICA_HC_CHAN_* flags and the interrupt id of the
 * caller's doorbell (the scenario's doorbell of its side, the interrupt a
 * ring of the peer makes pending), x4 and x5 = its name, 16
 * bytes NUL-padded, first byte in x4's low byte (little-endian). Any other
 * id, whether another pair's channel, unused or out of range, returns
 * MICA_HC_INVALID_PARAMETER and nothing else: a partition cannot learn
 * which channels others have. include/mica/channel.h splits the memory
 * into the part each side writes.
 */
#define MICA_HC_CHANNEL_INFO MICA_HC_FN(1)
#define MICA_HC_CHAN_SIDE_B (1u << 0) /* the caller is side b, else a */
#define MICA_HC_CHAN_DIR_SHIFT 4      /* bits 4..5: MICA_CHAN_BOTH etc. */
#define MICA_HC_CHAN_DIR_MASK (3u << MICA_HC_CHAN_DIR_SHIFT)
#define MICA_HC_CHAN_PEER_UP (1u << 8) /* the peer runs now */
#define MICA_HC_CHAN_DOORBELL_SHIFT 16 /* bits 16..31: the doorbell's id */
#define MICA_HC_CHAN_DOORBELL_MASK (0xffffu << MICA_HC_CHAN_DOORBELL_SHIFT)

/*
 * MICA_HC_CHANNEL_RING (ABI 0.2): x1 = a channel id. Rings the peer: its
 * doorbell interrupt (the scenario's doorbell of the peer's side) becomes
 * pending in it, and its first vCPU wakes if it waits. Rings before the
 * peer took the interrupt coalesce into one, as an edge that is already
 * pending. Returns MICA_HC_SUCCESS; MICA_HC_INVALID_PARAMETER for an id
 * that is not one of the caller's channels; MICA_HC_DENIED if the caller
 * only reads this one-way channel; MICA_HC_PEER_DOWN if the peer does not
 * run now (stopped, or loading a restart), then nothing is rung. mica
 * prints nothing per ring.
 */
#define MICA_HC_CHANNEL_RING MICA_HC_FN(2)

/*
 * MICA_HC_KEYBOARD (ABI 0.3): x1 = MICA_HC_KEYBOARD_TAKE moves the
 * console's keyboard to the caller; x1 = MICA_HC_KEYBOARD_GIVE_BACK
 * returns it to the partition that had it before the caller's last take.
 * Only the partition the scenario marks `secure-input` may call it; any
 * other gets MICA_HC_DENIED and nothing changes. Each move prints mica's
 * own line, "mica: keyboard -> pin (requested by pin)" or "mica: keyboard
 * -> linux (given back by pin)", which no partition's output can show:
 * theirs is tagged "[name] ". Returns MICA_HC_SUCCESS;
 * MICA_HC_NOT_REQUIRED for a give-back when the caller does not have the
 * keyboard (the user moved it), then nothing moves;
 * MICA_HC_INVALID_PARAMETER for another x1.
 */
#define MICA_HC_KEYBOARD MICA_HC_FN(3)
#define MICA_HC_KEYBOARD_GIVE_BACK 0
#define MICA_HC_KEYBOARD_TAKE 1

/*
 * Status codes, returned in x0. The first three are SMCCC's own and mean
 * what SMCCC says; mica adds its own below -3 as calls need them.
 */
#define MICA_HC_SUCCESS 0
#define MICA_HC_NOT_SUPPORTED (-1)     /* unknown function id */
#define MICA_HC_NOT_REQUIRED (-2)      /* the call has nothing to do here */
#define MICA_HC_INVALID_PARAMETER (-3) /* an argument is out of range */
#define MICA_HC_DENIED (-4)	       /* the caller may not do that */
#define MICA_HC_PEER_DOWN (-5)	       /* the other partition does not run */

#endif
