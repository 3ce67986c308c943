// SPDX-License-Identifier: Apache-2.0
/*
 * Channels at run time (mica/chan.h): the stage-2 mapping of each side's
 * part, the channel hypercalls, doorbells from ring to injection, and the
 * resets a partition's stop, restart and start make to its channels; and
 * a guest OS's doorbells as the PL061 of each of its sides (vgpio.c), which
 * latches a delivered doorbell instead of the bare interrupt and rings for its
 * doorbell-out line. A channel's rights are the scenario's, read here at
 * every call: a side rings its peer unless the channel is one-way and the
 * side reads it.
 */
#include "arch/mmu.h"
#include "arch/vgic.h"
#include "mica/chan.h"
#include "mica/channel.h"
#include "mica/check.h"
#include "mica/hypercall.h"
#include "mica/vgpio.h"

_Static_assert(MICA_CHAN_BOTH == SCN_DIR_BOTH &&
		       MICA_CHAN_A_TO_B == SCN_DIR_A_TO_B &&
		       MICA_CHAN_B_TO_A == SCN_DIR_B_TO_A,
	       "the guest ABI's directions are the scenario's");
_Static_assert(SCN_MAX_CHANNELS <= 32, "a doorbell bit per channel");

static const struct scenario *scn;

/* The PL061 of each guest OS side (mica/vgpio.h), by channel id and side. */
static struct vgpio gpios[SCN_MAX_CHANNELS][2];

/* Channel id if vm is one of its sides, else NULL: any id is answered. */
static const struct scn_channel *mine(const struct vm *vm, uint64_t id)
{
	const struct scn_channel *c;

	if (id >= scn->channel_count) {
		return NULL;
	}
	c = &scn->channels[id];
	return c->a == vm->id || c->b == vm->id ? c : NULL;
}

static unsigned side_of(const struct scn_channel *c, const struct vm *vm)
{
	return c->b == vm->id ? MICA_CHAN_SIDE_B : MICA_CHAN_SIDE_A;
}

static struct vm *peer_of(const struct scn_channel *c, const struct vm *vm)
{
	return &vms[c->b == vm->id ? c->a : c->b];
}

/* The physical address of vm's own part of c, and its size. */
static paddr_t own_part(const struct scn_channel *c, const struct vm *vm,
			uint64_t *size)
{
	return pa_init(c->pa + mica_channel_part(c->size, c->direction,
						 side_of(c, vm), size));
}

static bool runs(const struct vm *vm)
{
	return __atomic_load_n(&vm->state, __ATOMIC_ACQUIRE) == VM_RUNNING;
}

static uint32_t doorbell_of(const struct scn_channel *c, unsigned side)
{
	return side == MICA_CHAN_SIDE_B ? c->doorbell_b : c->doorbell_a;
}

/* Rings channel id in peer if it runs; lock-free (mica/chan.h). */
static bool ring(struct vm *peer, unsigned id)
{
	if (!runs(peer)) {
		return false;
	}
	__atomic_fetch_or(&peer->doorbells, 1u << id, __ATOMIC_SEQ_CST);
	vcpu_kick(&peer->vcpus[0]);
	return true;
}

bool chan_map(const struct scenario *s, struct vm *vm, struct palloc *pool)
{
	bool ok = true;

	scn = s;
	for (uint32_t i = 0; ok && i < s->channel_count; i++) {
		const struct scn_channel *c = mine(vm, i);
		unsigned own;
		unsigned type = 0;

		if (c == NULL) {
			continue;
		}
		own = side_of(c, vm);
		/* /dev/mem maps it Device: no cacheable alias beside that. */
		if (s->partitions[c->a].kind == SCN_KIND_GUEST_OS ||
		    s->partitions[c->b].kind == SCN_KIND_GUEST_OS) {
			type = MM_NC;
		}
		for (unsigned side = 0; ok && side < 2; side++) {
			uint64_t ipa = own == MICA_CHAN_SIDE_A ? c->ipa_a :
								 c->ipa_b;
			uint64_t size;
			uint64_t off = mica_channel_part(c->size, c->direction,
							 side, &size);

			ok = mm_map_s2(&vm->s2, ipa_init(ipa + off),
				       pa_init(c->pa + off), size,
				       MM_READ | type |
					       (side == own ? MM_WRITE : 0u),
				       pool);
		}
	}
	return ok;
}

struct hc_result chan_info(const struct vcpu *v, uint64_t id)
{
	struct hc_result r = { .x0 = (uint64_t)MICA_HC_INVALID_PARAMETER };
	const struct scn_channel *c = mine(v->vm, id);
	unsigned side;

	if (c == NULL) {
		return r;
	}
	side = side_of(c, v->vm);
	r.x0 = MICA_HC_SUCCESS;
	r.x1 = side == MICA_CHAN_SIDE_B ? c->ipa_b : c->ipa_a;
	r.x2 = c->size;
	r.x3 = (side == MICA_CHAN_SIDE_B ? MICA_HC_CHAN_SIDE_B : 0u) |
	       (c->direction << MICA_HC_CHAN_DIR_SHIFT) |
	       (runs(peer_of(c, v->vm)) ? MICA_HC_CHAN_PEER_UP : 0u) |
	       (uint64_t)(side == MICA_CHAN_SIDE_B ? c->doorbell_b :
						     c->doorbell_a)
		       << MICA_HC_CHAN_DOORBELL_SHIFT;
	/* Up to the NUL: what follows it in the table is not the guest's. */
	for (unsigned i = 0; i < SCN_NAME_MAX && c->name[i] != '\0'; i++) {
		uint64_t *x = i < 8 ? &r.x4 : &r.x5;

		*x |= (uint64_t)(uint8_t)c->name[i] << (8 * (i % 8));
	}
	return r;
}

int64_t chan_ring(const struct vcpu *v, uint64_t id)
{
	const struct scn_channel *c = mine(v->vm, id);

	if (c == NULL) {
		return MICA_HC_INVALID_PARAMETER;
	}
	if (c->direction == (side_of(c, v->vm) == MICA_CHAN_SIDE_B ?
				     SCN_DIR_A_TO_B :
				     SCN_DIR_B_TO_A)) {
		return MICA_HC_DENIED;
	}
	return ring(peer_of(c, v->vm), (unsigned)id) ? MICA_HC_SUCCESS :
						       MICA_HC_PEER_DOWN;
}

void chan_deliver(struct vcpu *v)
{
	struct vm *vm = v->vm;
	uint32_t rung =
		__atomic_exchange_n(&vm->doorbells, 0, __ATOMIC_SEQ_CST);

	/* Bounded: a bit per channel. A guest OS's PL061 latches it first. */
	while (rung != 0) {
		unsigned id = (unsigned)__builtin_ctz(rung);
		const struct scn_channel *c = &scn->channels[id];
		unsigned side = side_of(c, vm);

		rung &= rung - 1;
		if (vm->cfg->kind != SCN_KIND_GUEST_OS ||
		    vgpio_ring(&gpios[id][side], runs(peer_of(c, vm))) != 0) {
			arch_vgic_inject(v, doorbell_of(c, side));
		}
	}
}

bool chan_mmio(struct vcpu *v, uint64_t off, bool write, uint64_t *val)
{
	uint64_t id = off / MICA_PAGE_SIZE;
	const struct scn_channel *c = mine(v->vm, id);
	unsigned side;
	unsigned did;

	if (c == NULL || v->vm->cfg->kind != SCN_KIND_GUEST_OS) {
		return false;
	}
	side = side_of(c, v->vm);
	did = vgpio_mmio(&gpios[id][side], off % MICA_PAGE_SIZE, write, val,
			 runs(peer_of(c, v->vm)));
	/* Refused (a one-way reader) or the peer down: rings nobody. */
	if ((did & VGPIO_RING) != 0) {
		(void)chan_ring(v, id);
	}
	if ((did & VGPIO_IRQ) != 0) {
		arch_vgic_inject(v, doorbell_of(c, side));
	}
	return true;
}

void chan_stopped(struct vm *vm)
{
	for (uint32_t i = 0; i < scn->channel_count; i++) {
		const struct scn_channel *c = mine(vm, i);
		uint64_t size;

		if (c != NULL) {
			/* Its control block opens its part: the ring is gone. */
			arch_mm_scrub(own_part(c, vm, &size), MICA_PAGE_SIZE);
			(void)ring(peer_of(c, vm), i);
		}
	}
}

void chan_reset(struct vm *vm, struct loader *l)
{
	__atomic_store_n(&vm->doorbells, 0u, __ATOMIC_SEQ_CST);
	for (uint32_t i = 0; i < scn->channel_count; i++) {
		const struct scn_channel *c = mine(vm, i);
		uint64_t size;

		if (c != NULL) {
			paddr_t pa = own_part(c, vm, &size);

			CHECK(loader_add_scrub(l, pa, size));
			vgpio_init(&gpios[i][side_of(c, vm)],
				   runs(peer_of(c, vm)));
		}
	}
}

void chan_started(struct vm *vm)
{
	for (uint32_t i = 0; i < scn->channel_count; i++) {
		const struct scn_channel *c = mine(vm, i);

		if (c != NULL) {
			(void)ring(peer_of(c, vm), i);
		}
	}
}
