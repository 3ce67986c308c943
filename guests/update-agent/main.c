// SPDX-License-Identifier: Apache-2.0
/*
 * update-agent: the native partition that updates and wipes partitions on
 * signed orders from Linux (docs/update.md). It owns the partition's side:
 * the channel linux-agent, the image buffer, the console lines, and the
 * public key the build compiled in (update-pubkey.h, from
 * tools/mica-update); agent.c owns the protocol and the checks.
 *
 * The image buffer is not in the ELF, whose memory micacfg copies into
 * mica's image (a 1 MiB .bss would be 1 MiB more of mica): it is the
 * second MiB of the partition's RAM, which the scenario must give it
 * (configs/default.dts gives 2 MiB), past the image, which main() checks.
 * The agent waits in WFI for a doorbell; it takes at most BATCH messages a
 * wake-up, a reply that does not fit in the ring is dropped and verdict
 * lines on the console are rate-limited, so a flood from Linux costs
 * Linux its replies and the agent nothing more.
 */
#include <stdbool.h>
#include <stdint.h>

#include "agent.h"
#include "libmica/channel.h"
#include "libmica/console.h"
#include "libmica/gic.h"
#include "libmica/irq.h"
#include "libmica/timer.h"
#include "update-pubkey.h"

#define CHANNEL "linux-agent"
#define BUF_IPA 0x40100000u /* the second MiB of the partition's RAM */
#define BUF_SIZE 0x100000u  /* the largest image taken */
#define MSG_MAX 0x8000u	    /* at least a ring's data area here */
#define BATCH 64u	    /* messages taken per wake-up */
#define LOG_BURST 16u	    /* verdict lines at once, then one a second */

extern char mica_image_end[]; /* guests/libmica/link.ld */

static const uint8_t pubkey[P256_PUB_SIZE] = UPDATE_PUBKEY_INIT;
static struct mica_channel chan;
static struct agent agent;
static uint8_t msg[MSG_MAX];
static unsigned log_tokens = LOG_BURST;
static uint64_t log_refill; /* when the next token comes */

static void on_irq(uint32_t intid, uint64_t entry_ticks)
{
	(void)entry_ticks;
	if (intid == MICA_TIMER_PPI) {
		mica_timer_stop(); /* the level goes low before the EOI */
	}
	/* Doorbells only wake main(); the ring says what happened. */
}

void agent_sleep_ms(unsigned ms)
{
	mica_timer_wait_until(mica_timer_now() +
			      mica_timer_freq() / 1000u * ms);
}

/* Whether the message at m is an order the console's log should show. */
static bool is_order(const uint8_t *m, size_t len)
{
	return len >= 4 &&
	       ((m[0] == 'U' && m[1] == 'E' && m[2] == 'N' && m[3] == 'D') ||
		(m[0] == 'W' && m[1] == 'I' && m[2] == 'P' && m[3] == 'E'));
}

/*
 * Whether a verdict line may go to the console now: LOG_BURST at once,
 * then one a second, so that Linux cannot flood the console through the
 * agent (the verdicts still go back to Linux).
 */
static bool may_log(void)
{
	uint64_t now = mica_timer_now();

	if (now >= log_refill) {
		/* One token a second since the last refill, LOG_BURST at most. */
		uint64_t add = (now - log_refill) / mica_timer_freq() + 1u;

		log_tokens = add >= LOG_BURST - log_tokens ?
				     LOG_BURST :
				     log_tokens + (unsigned)add;
		log_refill = now + mica_timer_freq();
	}
	if (log_tokens == 0) {
		return false;
	}
	log_tokens--;
	return true;
}

/*
 * Takes what waits on the channel, BATCH messages at most; whether more
 * may wait (then main() must not sleep: Linux rings only once).
 */
static bool serve(void)
{
	char reply[AGENT_REPLY_MAX];

	for (unsigned k = 0; k < BATCH; k++) {
		size_t len = 0;
		size_t n;
		int st = mica_ring_recv(&chan.ring, msg, sizeof(msg), &len);

		if (st == MICA_RING_PEER_RESET) {
			continue; /* a new micactl: what it sends comes next */
		}
		if (st == MICA_RING_CORRUPT) {
			mica_puts("update-agent: Linux broke the ring; "
				  "starting it again\n");
			(void)mica_channel_open(&chan);
			return false;
		}
		if (st != MICA_RING_OK) {
			return false; /* empty, or Linux is down */
		}
		n = agent_handle(&agent, msg, len, reply);
		if (n == 0) {
			continue;
		}
		if (is_order(msg, len) && may_log()) {
			mica_printf("update-agent: %s\n", reply);
		}
		(void)mica_ring_send(&chan.ring, reply, n);
	}
	return true;
}

int main(void)
{
	uint8_t fp[P256_HASH_SIZE];
	int st;

	mica_irq_set_handler(on_irq);
	if ((uintptr_t)mica_image_end > BUF_IPA) {
		mica_puts("update-agent: FAIL: the image reaches the buffer\n");
		return 1;
	}
	if (!mica_gic_init() || !mica_gic_enable_ppi(MICA_TIMER_PPI)) {
		mica_puts("update-agent: FAIL: no GIC\n");
		return 1;
	}
	if (!mica_channel_find(&chan, CHANNEL)) {
		mica_puts("update-agent: FAIL: no channel " CHANNEL "\n");
		return 1;
	}
	st = mica_channel_open(&chan);
	if (st != MICA_RING_OK || chan.ring.rx_size > MSG_MAX) {
		mica_printf("update-agent: FAIL: " CHANNEL
			    ": ring status %d, %lu bytes to read\n",
			    st, (unsigned long)chan.ring.rx_size);
		return 1;
	}
	agent_init(&agent, (uint8_t *)(uintptr_t)BUF_IPA, BUF_SIZE, pubkey);
	p256_sha256(pubkey, sizeof(pubkey), fp);
	mica_printf("update-agent: ready on " CHANNEL
		    ", key %02x%02x%02x%02x%02x%02x%02x%02x\n",
		    fp[0], fp[1], fp[2], fp[3], fp[4], fp[5], fp[6], fp[7]);
	/* A service: for ever, by design; each pass waits for an interrupt. */
	for (;;) {
		if (!serve()) {
			mica_wfi();
		}
		mica_irq_enable();
		mica_irq_disable();
	}
}
