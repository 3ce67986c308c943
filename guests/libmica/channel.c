// SPDX-License-Identifier: Apache-2.0
/*
 * A native partition's channels (libmica/channel.h): mica's channel
 * hypercalls and the ring's doorbell callbacks over them.
 */
#include "libmica/channel.h"
#include "libmica/gic.h"
#include "libmica/irq.h"
#include "libmica/smccc.h"
#include "mica/channel.h"
#include "mica/hypercall.h"

/* INFO for id into *res; whether mica answered with a channel. */
static bool info(uint32_t id, struct mica_smccc_res *res)
{
	mica_smccc_hvc(MICA_HC_CHANNEL_INFO, id, 0, 0, res);
	return res->a0 == MICA_HC_SUCCESS;
}

bool mica_channel_find(struct mica_channel *ch, const char *name)
{
	for (uint32_t id = 0; id < MICA_CHANNEL_IDS; id++) {
		struct mica_smccc_res res;
		unsigned i = 0;

		if (!info(id, &res)) {
			continue;
		}
		/* The name: 16 bytes, x4's low byte first, NUL-padded. */
		for (; i < MICA_CHANNEL_NAME_MAX; i++) {
			uint64_t w = i < 8 ? res.a4 : res.a5;

			ch->name[i] = (char)(w >> (8 * (i % 8)));
		}
		ch->name[i] = '\0';
		for (i = 0; ch->name[i] != '\0' && ch->name[i] == name[i];
		     i++) {
		}
		if (ch->name[i] != name[i]) {
			continue;
		}
		ch->id = id;
		ch->ipa = res.a1;
		ch->size = res.a2;
		ch->side = (res.a3 & MICA_HC_CHAN_SIDE_B) ? MICA_CHAN_SIDE_B :
							    MICA_CHAN_SIDE_A;
		ch->dir = (unsigned)((res.a3 & MICA_HC_CHAN_DIR_MASK) >>
				     MICA_HC_CHAN_DIR_SHIFT);
		return true;
	}
	return false;
}

bool mica_channel_peer_up(const struct mica_channel *ch)
{
	struct mica_smccc_res res;

	return info(ch->id, &res) && (res.a3 & MICA_HC_CHAN_PEER_UP) != 0;
}

/* The ring's notify: MICA_HC_CHANNEL_RING; a peer that is down misses it
 * by design (it will see this side's part when it starts). */
static void notify(void *ctx)
{
	const struct mica_channel *ch = ctx;
	struct mica_smccc_res res;

	mica_smccc_hvc(MICA_HC_CHANNEL_RING, ch->id, 0, 0, &res);
}

/*
 * The ring's wait: WFI ends at any pending interrupt, even one that came
 * before it (masked at the CPU, it stays pending), so no ring is lost;
 * then the handler takes it.
 */
static bool wait(void *ctx)
{
	(void)ctx;
	mica_wfi();
	mica_irq_enable();
	mica_irq_disable();
	return true;
}

int mica_channel_open(struct mica_channel *ch, uint32_t doorbell)
{
	const struct mica_ring_ops ops = { .notify = notify,
					   .wait = wait,
					   .ctx = ch };

	ch->doorbell = doorbell;
	if (!mica_gic_enable_spi(doorbell)) {
		return MICA_RING_INVALID;
	}
	return mica_ring_attach(&ch->ring, (void *)(uintptr_t)ch->ipa, ch->size,
				ch->dir, ch->side, &ops);
}

void mica_channel_doorbell(const struct mica_channel *ch, bool on)
{
	if (on) {
		mica_gic_enable_spi(ch->doorbell);
	} else {
		mica_gic_disable_spi(ch->doorbell);
	}
}
