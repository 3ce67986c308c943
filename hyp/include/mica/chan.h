/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Channels at run time (chan.c): each side's part of a channel's memory in
 * stage 2, the two channel hypercalls (include/mica/hypercall.h), the
 * doorbells they ring and their delivery, and what a partition's stop,
 * restart and start do to its channels. The guest's view of a channel's
 * parts is include/mica/channel.h; a channel's id is its index in the
 * scenario's channel table.
 *
 * A ring takes no lock: it sets the channel's bit in the peer's
 * `doorbells` word (mica/vm.h) and kicks the peer's first vCPU; the
 * peer's own CPU takes the word on its way into the guest and injects the
 * doorbell interrupts, under its own VM's lock as any injection. A guest
 * OS gets each doorbell through a PL061 (mica/vgpio.h) whose interrupt is
 * the doorbell interrupt: delivery latches its doorbell-in line, and the
 * interrupt follows the PL061's output.
 */
#ifndef MICA_CHAN_H
#define MICA_CHAN_H

#include "mica/hcall.h"
#include "mica/loader.h"
#include "mica/vm.h"

/*
 * At set-up, s being the scenario vm_setup_all() builds: maps vm's
 * channels into its stage 2, its own part of each writable, the peer's
 * read-only, Normal non-cacheable when a side is a guest OS (its user
 * space maps the channel through /dev/mem, uncached), else write-back.
 * False if the page pool runs out.
 */
bool chan_map(const struct scenario *s, struct vm *vm, struct palloc *pool);

/*
 * MICA_HC_CHANNEL_INFO for vCPU v: what hypercall.h says, for channel id
 * when v's partition is one of its sides, else MICA_HC_INVALID_PARAMETER
 * alone. Any id is answered; bounded.
 */
struct hc_result chan_info(const struct vcpu *v, uint64_t id);

/*
 * MICA_HC_CHANNEL_RING for vCPU v: MICA_HC_SUCCESS, the peer rung;
 * MICA_HC_INVALID_PARAMETER (not v's channel), MICA_HC_DENIED (v's
 * partition only reads it) or MICA_HC_PEER_DOWN (the peer does not run),
 * nothing rung. Any CPU; takes no lock, prints nothing; bounded.
 */
int64_t chan_ring(const struct vcpu *v, uint64_t id);

/*
 * Injects into v's partition the doorbell of each channel rung since the
 * last call (a guest OS's: through its PL061, when that raises its
 * interrupt), and clears them. On v's CPU, interrupts masked, before
 * entering v; bounded by SCN_MAX_CHANNELS injections.
 */
void chan_deliver(struct vcpu *v);

/*
 * vCPU v's access at offset off of the channels' PL061 window
 * (SCN_VGPIO_BASE): the PL061 of channel off / 4 KiB if v's partition is
 * a guest OS and one of its sides (mica/vgpio.h: any access is answered;
 * doorbell-out rings the peer as chan_ring() does, silently refused for a
 * one-way reader); false if there is none. On v's CPU; bounded.
 */
bool chan_mmio(struct vcpu *v, uint64_t off, bool write, uint64_t *val);

/*
 * chan_deliver() if anything was rung: the check every entry into a guest
 * makes, so inline. Sequentially consistent, so that a vCPU that marks
 * itself waiting and then looks here misses no ring (vcpu_wait()).
 */
static inline void chan_deliver_pending(struct vcpu *v)
{
	if (__atomic_load_n(&v->vm->doorbells, __ATOMIC_SEQ_CST) != 0) {
		chan_deliver(v);
	}
}

/*
 * vm just stopped (for good or to restart): zeroes the first page of its
 * own part of each of its channels, control block included, so that the
 * peer reads its ring gone, and rings each peer that runs. Any CPU. A
 * vCPU of vm on another CPU that has not left yet (vcpu_stop_all()) may
 * still write its part until its kick lands; a restart scrubs the whole
 * part before vm runs again (chan_reset()).
 */
void chan_stopped(struct vm *vm);

/*
 * vm is about to be loaded (boot or restart, none of its vCPUs on): drops
 * the doorbells rung for its last incarnation, resets its PL061s and adds a
 * scrub of its own part of each channel to l (never the peer's part).
 */
void chan_reset(struct vm *vm, struct loader *l);

/* vm runs again (loaded): rings each peer that runs, "peer changed". */
void chan_started(struct vm *vm);

#endif
