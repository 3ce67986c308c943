// SPDX-License-Identifier: Apache-2.0
/*
 * A native partition's channels (libmica/channel.h): the ring's doorbell
 * callbacks over mica's channel hypercalls (libmica/hc.h).
 */
#include "libmica/channel.h"
#include "libmica/gic.h"
#include "libmica/irq.h"
#include "mica/hypercall.h"

bool mica_channel_find(struct mica_channel *ch, const char *name)
{
	for (uint32_t id = 0; id < MICA_CHANNEL_IDS; id++) {
		unsigned i = 0;

		if (mica_hc_chan_info(id, &ch->info) != MICA_HC_SUCCESS) {
			continue;
		}
		for (; ch->info.name[i] != '\0' && ch->info.name[i] == name[i];
		     i++) {
		}
		if (ch->info.name[i] == name[i]) {
			ch->id = id;
			return true;
		}
	}
	return false;
}

/*
 * The ring's notify. A peer that is down misses it, by design: it finds
 * this side's part as it is when it starts.
 */
static void notify(void *ctx)
{
	const struct mica_channel *ch = ctx;

	(void)mica_hc_chan_ring(ch->id);
}

/*
 * The ring's wait: WFI ends at any pending interrupt, even one that came
 * before it (masked at the CPU, it stays pending), so no ring is lost;
 * then the partition's handler takes it.
 */
static bool wait(void *ctx)
{
	(void)ctx;
	mica_wfi();
	mica_irq_enable();
	mica_irq_disable();
	return true;
}

int mica_channel_open(struct mica_channel *ch)
{
	const struct mica_ring_ops ops = { .notify = notify,
					   .wait = wait,
					   .ctx = ch };

	if (!mica_gic_enable_spi(ch->info.doorbell)) {
		return MICA_RING_INVALID;
	}
	return mica_ring_attach(&ch->ring, (void *)(uintptr_t)ch->info.ipa,
				ch->info.size, ch->info.direction,
				ch->info.side, &ops);
}

void mica_channel_doorbell(const struct mica_channel *ch, bool on)
{
	if (on) {
		(void)mica_gic_enable_spi(ch->info.doorbell);
	} else {
		(void)mica_gic_disable_spi(ch->info.doorbell);
	}
}
