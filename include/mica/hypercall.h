/* SPDX-License-Identifier: Apache-2.0 */
/*
 * mica's hypercall ABI as every partition sees it: the function ids of
 * mica's own calls and the status codes they return. The calls follow the
 * Arm SMC Calling Convention (SMCCC, DEN0028): HVC #0 with the function id in
 * w0 and arguments in x1..x6; results come back in x0..x5 (SMCCC 1.1 and
 * later allow up to x17 both ways), a negative x0 being one of the status
 * codes below. Registers x18..x30 and SP survive the
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
#define MICA_HC_ABI_MINOR 5
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
 * Management (ABI 0.4; the standby, the switch and rollback 0.5): calls
 * that act on another partition, the object, named by its id (its index
 * in the scenario, 0 to 7). Each is checked on
 * every call against the scenario's rights (/rights: subject = the caller,
 * object = x1): a call the rights do not allow returns MICA_HC_DENIED, an
 * id that is out of range, the caller's own or one the caller holds no
 * right over returns MICA_HC_INVALID_PARAMETER, so that a partition learns
 * nothing of partitions it may not manage. A refusal changes nothing.
 * docs/update.md tells the update protocol these serve.
 *
 * MICA_HC_PART_FIND: x1, x2 = a partition's name, 16 bytes NUL-padded,
 * first byte in x1's low byte. Returns x1 = its id, if the caller holds a
 * right over it.
 */
#define MICA_HC_PART_FIND MICA_HC_FN(4)

/*
 * MICA_HC_PART_QUERY (any right): x1 = id. Returns x1 = the active
 * version's MICA_PART_* state, x2 = its version (the scenario's
 * `version`, or a staged image's once switched to), x3 = the standby's
 * MICA_STANDBY_* state, x4 = the standby's version (0 if none; in
 * probation, the old version's, which a rollback restarts), x5 =
 * MICA_PART_F_* flags. The probation's end is seen at each call.
 */
#define MICA_HC_PART_QUERY MICA_HC_FN(5)
#define MICA_PART_OFF 0		 /* never started, or stopped and scrubbed */
#define MICA_PART_RUNNING 1	 /* running (or loading a restart) */
#define MICA_PART_STOPPED 2	 /* stopped; memory kept until a start */
#define MICA_PART_WIPED 3	 /* wiped: never runs again until reset */
#define MICA_STANDBY_NONE 0	 /* no standby slot, or nothing in it */
#define MICA_STANDBY_STAGED 1	 /* an image staged, not started */
#define MICA_STANDBY_BOOTING 2	 /* started; health deadline running */
#define MICA_STANDBY_READY 3	 /* reported ready; switch may happen */
#define MICA_STANDBY_PROBATION 4 /* switched to; a fault rolls back */
#define MICA_PART_F_UPDATABLE (1u << 0) /* has a standby slot */
#define MICA_PART_F_DOWNGRADE (1u << 1) /* scenario allows downgrades */

/*
 * MICA_HC_PART_STOP ("stop"), MICA_HC_PART_START ("start"),
 * MICA_HC_PART_RESTART ("start" and "stop"): x1 = id. Start boots a
 * stopped or never-started partition afresh from its active image (memory
 * scrubbed first); restart is stop then start. MICA_HC_NOT_REQUIRED if
 * there is nothing to do (stopping a stopped one); MICA_HC_DENIED for a
 * wiped one.
 */
#define MICA_HC_PART_STOP MICA_HC_FN(6)
#define MICA_HC_PART_START MICA_HC_FN(7)
#define MICA_HC_PART_RESTART MICA_HC_FN(8)

/*
 * MICA_HC_PART_STAGE ("stage"): x1 = id, x2 = offset into the object's
 * standby image slot, x3 = the IPA of the bytes in the caller's own memory
 * (not a channel, not a device), x4 = their length, at most
 * MICA_STAGE_CHUNK. Copies them into the slot. Offset 0 starts a new
 * image: whatever the slot held (staged, or a standby not yet switched to)
 * is discarded first. Out-of-range offsets, lengths or source ranges
 * return MICA_HC_INVALID_PARAMETER and copy nothing; a copy in probation
 * MICA_HC_DENIED (the slot holds the old version's image).
 */
#define MICA_HC_PART_STAGE MICA_HC_FN(9)
#define MICA_STAGE_CHUNK 0x10000u /* 64 KiB a call: a bounded copy */

/*
 * MICA_HC_PART_STANDBY (ABI 0.5) ("stage"): x1 = id, x2 = the staged
 * image's size, x3 = its version, x4 = the IPA it loads at, x5 = its entry
 * IPA, x6 = MICA_STANDBY_AUTO_SWITCH or 0. Boots the staged image as the
 * standby: its own memory (the standby copy, same IPAs), the active
 * version's vCPUs on the same CPUs at the scenario's standby priority, no
 * device and no channel yet (x0 = 0 at its entry). It has the scenario's
 * health deadline to call MICA_HC_READY; if it does not, or faults (or
 * stops) first, mica stops and scrubs it (rollback: the active one never
 * stopped). The deadline is checked at each management call on the
 * partition, which an agent makes as it polls MICA_HC_PART_QUERY. A
 * version not above the active one is refused with MICA_HC_DENIED unless
 * the scenario allows downgrades, and so is a partition that does not
 * run; a size of 0 or above the slot, a load range outside the
 * partition's memory, an entry outside the image or another x6,
 * MICA_HC_INVALID_PARAMETER; nothing staged, or a standby booting
 * already, MICA_HC_NOT_REQUIRED; MICA_HC_IN_PROGRESS while the last
 * discarded standby is still being scrubbed (call again).
 */
#define MICA_HC_PART_STANDBY MICA_HC_FN(10)
#define MICA_STANDBY_AUTO_SWITCH (1u << 0) /* switch as soon as ready */

/*
 * MICA_HC_PART_SWITCH and MICA_HC_PART_ROLLBACK (ABI 0.5).
 *
 * MICA_HC_PART_SWITCH ("switch"): x1 = id. With the standby ready, moves
 * device ownership, interrupt routes, channel endpoints and CPU placement
 * (the active version's priorities) from the active version to the
 * standby, atomically with respect to every CPU: both stop and leave
 * their CPUs first, and the partition (its id, channel ends, devices)
 * then runs the standby's vCPUs in the standby's memory. The old
 * version's memory is scrubbed after, and becomes the next standby's; the
 * image slot the new version came from is kept, the next image is staged
 * into the other once the probation is over: for the scenario's
 * probation-ms after the switch (MICA_STANDBY_PROBATION), a fault of the
 * new version (whatever its fault policy), its PSCI SYSTEM_OFF or
 * SYSTEM_RESET restarts the old version from its image in its stead, as
 * ROLLBACK does. MICA_HC_NOT_REQUIRED if no standby is ready;
 * MICA_HC_IN_PROGRESS if a vCPU did not leave in time (both stay stopped:
 * call again).
 *
 * MICA_HC_PART_ROLLBACK ("switch"): x1 = id. Before a switch, discards the
 * standby (stopped, scrubbed) or the staged image. In probation, restarts
 * the old version (the new one stops: its peers see it down) from its
 * image (the scenario's, or the one kept in its slot) in the memory the
 * new one ran in, scrubbed first; MICA_HC_IN_PROGRESS if a vCPU did not
 * leave in time (it stays stopped: call again). MICA_HC_NOT_REQUIRED
 * with none of these (after the probation, too).
 */
#define MICA_HC_PART_SWITCH MICA_HC_FN(11)
#define MICA_HC_PART_ROLLBACK MICA_HC_FN(12)

/*
 * MICA_HC_PART_WIPE ("wipe"): x1 = id. Stops the partition and its
 * standby, revokes its devices and channels (peers see
 * MICA_HC_PEER_DOWN), scrubs every byte of its memory, standby slot and
 * image slots, checks that they read back as zero and prints so. The
 * partition is MICA_PART_WIPED until the machine resets. Returns when the
 * scrub is done, or MICA_HC_IN_PROGRESS while it goes on: call again with
 * the same id until MICA_HC_SUCCESS.
 */
#define MICA_HC_PART_WIPE MICA_HC_FN(13)

/*
 * MICA_HC_READY (ABI 0.5): the caller reports itself healthy. For a
 * standby that is booting, it becomes ready, and with
 * MICA_STANDBY_AUTO_SWITCH is switched to before the call returns: the
 * caller's vCPU returns from it in the partition, with its channels and
 * devices. Returns MICA_HC_SUCCESS then, MICA_HC_NOT_REQUIRED for any
 * other caller (or a standby past its deadline: discarded). No right
 * needed.
 */
#define MICA_HC_READY MICA_HC_FN(14)

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
#define MICA_HC_IN_PROGRESS (-6)       /* started; call again to go on */

#endif
