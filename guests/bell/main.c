// SPDX-License-Identifier: Apache-2.0
/*
 * bell: the native peer of Linux's doorbells in configs/vgpio.dts
 * (tests/system/test_vgpio.py). It counts the doorbells of its two
 * channels and answers each one on linux-bell (id 0, both ways) by ringing
 * Linux back on both channels (bell-linux, id 1, is one way: bell writes,
 * Linux reads, so only bell may ring it), printing each doorbell and the
 * status of each ring. Linux makes it fault on purpose by writing a new
 * FAULT_MAGIC command word into its own part of linux-bell (bell reads it
 * at each doorbell): bell then writes Linux's part, which it may only
 * read, and its fault policy stops or restarts it, which Linux sees on its
 * peer-up line. A command present when bell starts is an old one.
 */
#include "libmica/console.h"
#include "libmica/gic.h"
#include "libmica/irq.h"
#include "libmica/smccc.h"
#include "libmica/start.h"
#include "mica/hypercall.h"

#define LINUX_BELL 0u /* channel ids: the scenario's order */
#define BELL_LINUX 1u
#define SPI_LINUX_BELL 64u /* bell's doorbells (scenario) */
#define SPI_BELL_LINUX 65u
/* The command word: offset 8 of Linux's part (a: the first half). */
#define COMMAND ((volatile uint64_t *)0x50000008ul)
#define FAULT_MAGIC 0xdeadu /* in the command word's high 32 bits */

static volatile uint32_t rung[2];

static void on_irq(uint32_t intid, uint64_t entry_ticks)
{
	(void)entry_ticks;
	if (intid == SPI_LINUX_BELL || intid == SPI_BELL_LINUX) {
		rung[intid - SPI_LINUX_BELL]++;
	}
}

static int64_t ring(uint64_t id)
{
	struct mica_smccc_res res;

	mica_smccc_hvc(MICA_HC_CHANNEL_RING, id, 0, 0, &res);
	return (int64_t)res.a0;
}

int main(void)
{
	uint64_t seen = *COMMAND;
	uint32_t done[2] = { 0, 0 };

	if (!mica_gic_init() || !mica_gic_enable_spi(SPI_LINUX_BELL) ||
	    !mica_gic_enable_spi(SPI_BELL_LINUX)) {
		mica_puts("bell: no GIC\n");
		return 1;
	}
	mica_irq_set_handler(on_irq);
	mica_puts("bell: up\n");
	for (;;) {
		uint32_t now[2];
		uint64_t command;

		mica_irq_disable();
		while (rung[0] == done[0] && rung[1] == done[1]) {
			mica_wfi();
			mica_irq_enable();
			mica_irq_disable();
		}
		now[0] = rung[0];
		now[1] = rung[1];
		mica_irq_enable();
		if (now[1] != done[1]) {
			mica_printf("bell: doorbell %u on bell-linux\n",
				    now[1]);
		}
		done[1] = now[1];
		if (now[0] == done[0]) {
			continue;
		}
		done[0] = now[0];
		mica_printf("bell: doorbell %u on linux-bell\n", now[0]);
		command = *COMMAND;
		if (command != seen && (command >> 32) == FAULT_MAGIC) {
			mica_puts("bell: faulting as asked\n");
			*COMMAND = 0; /* Linux's part: read-only here */
		}
		seen = command;
		mica_printf("bell: rang linux-bell %d, bell-linux %d\n",
			    (int)ring(LINUX_BELL), (int)ring(BELL_LINUX));
	}
}
