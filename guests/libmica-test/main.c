// SPDX-License-Identifier: Apache-2.0
/*
 * libmica-test: a native partition that exists for tests/system: it makes
 * libmica's defensive paths run on demand, one per key read from its
 * console, so that a test sees each of them work. Not a product partition;
 * it is not in GUEST_ELFS.
 *
 *   v  the hypercall and PSCI versions, and a six-argument call
 *      (mica_smccc_hvc6: PART_STANDBY of partition 0) (safe HVC where HVC
 *      is undefined)
 *   u  an undefined instruction, at an address it prints first
 *   a  a load from an address beyond any physical address size
 *   i  a timer interrupt with no handler registered
 *   r  libmica's ring as built for partitions, both sides in one buffer
 *      of this partition, messages from and into buffers at every
 *      alignment: the target's code and barriers on the target's memory
 *      type (Device, the MMU is off). Arm faults an unaligned access to
 *      Device memory; QEMU does not check it, so this run does not show
 *      the ring has none (-mstrict-align and its byte-wise copies of
 *      unaligned buffers see to that)
 *   q  return from main(), which powers off
 */
#include <stdint.h>

#include "libmica/console.h"
#include "libmica/gic.h"
#include "libmica/hc.h"
#include "libmica/irq.h"
#include "libmica/part.h"
#include "libmica/psci.h"
#include "libmica/ring.h"
#include "libmica/start.h"
#include "libmica/timer.h"
#include "mica/channel.h"

/* Above every PARange up to 52 bits: an address size fault with MMU off. */
#define NO_SUCH_ADDRESS 0x00f0000000000000ull

extern const char libmica_test_udf[];

__attribute__((noinline)) static void undefined_instruction(void)
{
	mica_printf("libmica-test: udf at 0x%lx\n",
		    (unsigned long)(uintptr_t)libmica_test_udf);
	__asm__ volatile(".global libmica_test_udf\n"
			 "libmica_test_udf: udf #0x42" ::
				 : "memory");
}

static void bad_load(void)
{
	mica_printf("libmica-test: load from 0x%lx\n",
		    (unsigned long)NO_SUCH_ADDRESS);
	(void)*(volatile uint32_t *)(uintptr_t)NO_SUCH_ADDRESS;
}

static void unhandled_irq(void)
{
	if (!mica_gic_init() || !mica_gic_enable_ppi(MICA_TIMER_PPI)) {
		mica_puts("libmica-test: FAIL: no GIC\n");
		return;
	}
	mica_puts("libmica-test: timer IRQ, no handler\n");
	mica_timer_set_deadline(mica_timer_now());
	mica_irq_enable();
	/* The IRQ is pending: the CPU takes it within a few instructions. */
	for (unsigned i = 0; i < 1000000u; i++) {
		__asm__ volatile("nop");
	}
	mica_irq_disable();
	mica_puts("libmica-test: FAIL: the IRQ did not end the partition\n");
}

static void ring_nothing(void *ctx)
{
	(void)ctx;
}

static bool ring_no_wait(void *ctx)
{
	(void)ctx;
	return false;
}

/*
 * 3000 messages of 0 to 300 bytes, from and into buffers at every
 * alignment, a to b through an 8 KiB channel (some 100 times round its
 * 4032-byte area), each checked byte by byte.
 */
static void ring_check(void)
{
	static uint64_t chan[0x2000 / 8] __attribute__((aligned(4096)));
	static unsigned char out[320];
	static unsigned char in[320];
	static const struct mica_ring_ops ops = { ring_nothing, ring_no_wait,
						  NULL };
	struct mica_ring a;
	struct mica_ring b;
	unsigned i;

	if (mica_ring_init(&a, chan, sizeof(chan), MICA_CHAN_BOTH,
			   MICA_CHAN_SIDE_A, &ops) != MICA_RING_OK ||
	    mica_ring_init(&b, chan, sizeof(chan), MICA_CHAN_BOTH,
			   MICA_CHAN_SIDE_B, &ops) != MICA_RING_OK ||
	    mica_ring_send(&a, out, 0) != MICA_RING_PEER_RESET) {
		mica_puts("libmica-test: FAIL: ring init\n");
		return;
	}
	for (i = 0; i < 3000; i++) {
		size_t n = (i * 37u) % 301u;
		size_t got = 0;
		size_t k;
		int st;

		for (k = 0; k < n; k++) {
			out[i % 8 + k] = (unsigned char)(i + k * 7);
		}
		st = mica_ring_send(&a, out + i % 8, n);
		if (st == MICA_RING_OK) {
			st = mica_ring_recv(&b, in + (i / 8) % 8, 301, &got);
		}
		for (k = 0; st == MICA_RING_OK && k < got; k++) {
			if (in[(i / 8) % 8 + k] != (unsigned char)(i + k * 7)) {
				st = MICA_RING_CORRUPT;
			}
		}
		if (st != MICA_RING_OK || got != n) {
			mica_printf("libmica-test: FAIL: ring message %u: "
				    "status %d, %lu bytes of %lu\n",
				    i, st, (unsigned long)got,
				    (unsigned long)n);
			return;
		}
	}
	mica_printf("libmica-test: ring: 3000 messages, %lu bytes, ok\n",
		    (unsigned long)a.prod);
}

int main(void)
{
	mica_puts("libmica-test: ready\n");
	for (;;) {
		switch (mica_getc()) {
		case 'v': {
			int64_t hc = mica_hc_version();

			mica_printf("libmica-test: hc version %ld, under mica: "
				    "%s, psci version 0x%lx, six-argument call "
				    "%ld\n",
				    (long)hc,
				    mica_under_hypervisor() ? "yes" : "no",
				    (unsigned long)mica_psci_version(),
				    (long)mica_hc_part_standby(0, 0, 0, 0, 0,
							       0));
			break;
		}
		case 'u':
			undefined_instruction();
			mica_puts("libmica-test: FAIL: udf returned\n");
			break;
		case 'a':
			bad_load();
			mica_puts("libmica-test: FAIL: the load returned\n");
			break;
		case 'i': unhandled_irq(); break;
		case 'r': ring_check(); break;
		case 'q': return 0;
		default: break;
		}
	}
}
