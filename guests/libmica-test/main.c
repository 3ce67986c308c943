// SPDX-License-Identifier: Apache-2.0
/*
 * libmica-test: a native partition that exists for tests/system: it makes
 * libmica's defensive paths run on demand, one per key read from its
 * console, so that a test sees each of them work. Not a product partition;
 * it is not in GUEST_ELFS.
 *
 *   v  the hypercall and PSCI versions (safe HVC where HVC is undefined)
 *   u  an undefined instruction, at an address it prints first
 *   a  a load from an address beyond any physical address size
 *   i  a timer interrupt with no handler registered
 *   q  return from main(), which powers off
 */
#include <stdint.h>

#include "libmica/console.h"
#include "libmica/gic.h"
#include "libmica/hc.h"
#include "libmica/irq.h"
#include "libmica/psci.h"
#include "libmica/start.h"
#include "libmica/timer.h"

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

int main(void)
{
	mica_puts("libmica-test: ready\n");
	for (;;) {
		switch (mica_getc()) {
		case 'v': {
			int64_t hc = mica_hc_version();

			mica_printf("libmica-test: hc version %ld, under mica: "
				    "%s, psci version 0x%lx\n",
				    (long)hc,
				    mica_under_hypervisor() ? "yes" : "no",
				    (unsigned long)mica_psci_version());
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
		case 'q': return 0;
		default: break;
		}
	}
}
