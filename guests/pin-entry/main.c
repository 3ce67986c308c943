// SPDX-License-Identifier: Apache-2.0
/*
 * pin-entry: a native partition that reads a 4-digit PIN from its console.
 * It echoes '*' for each digit and never the digit itself, says whether an
 * entry was accepted, and powers off on 'q'. The decisions are pin.c's;
 * this file only moves bytes between the console and the state machine.
 * Between keys it sleeps in WFI, woken by its virtual timer every
 * POLL_MS, so that it does not spin on a CPU it may share.
 *
 * Not done: an accepted PIN is only counted, then wiped; nothing checks
 * it or hands the result to another partition (mica has no channel
 * between partitions to carry it).
 */
#include <stdbool.h>
#include <stdint.h>

#include "libmica/console.h"
#include "libmica/gic.h"
#include "libmica/start.h"
#include "libmica/timer.h"
#include "pin.h"

#define POLL_MS 5

static void prompt(void)
{
	mica_puts("PIN: ");
}

/* Shows the result of one key; false when the partition should end. */
static bool show(struct pin_entry *pin, enum pin_result r)
{
	switch (r) {
	case PIN_NONE: break;
	case PIN_ECHO: mica_putc('*'); break;
	case PIN_ERASE: mica_puts("\b \b"); break;
	case PIN_ACCEPTED:
		mica_printf("\npin-entry: PIN accepted (%d digits)\n",
			    PIN_LENGTH);
		pin_wipe(pin);
		prompt();
		break;
	case PIN_TOO_SHORT:
		mica_printf("\npin-entry: PIN rejected: %u digits, need %d\n",
			    pin_typed(pin), PIN_LENGTH);
		prompt();
		break;
	case PIN_TOO_LONG:
		mica_printf("\npin-entry: PIN rejected: more than %d digits\n",
			    PIN_LENGTH);
		prompt();
		break;
	case PIN_BAD_KEY:
		mica_printf("\npin-entry: not a digit, entry cleared; type %d "
			    "digits and Enter, or q to quit\n",
			    PIN_LENGTH);
		prompt();
		break;
	case PIN_QUIT: mica_puts("\npin-entry: quit\n"); return false;
	}
	return true;
}

int main(void)
{
	struct pin_entry pin;
	uint64_t poll = mica_timer_freq() / 1000 * POLL_MS;
	bool can_sleep = mica_gic_init() &&
			 mica_gic_enable_ppi(MICA_TIMER_PPI) && poll > 0;

	pin_init(&pin);
	mica_puts("pin-entry: ready\n");
	mica_printf("pin-entry: type %d digits and Enter; q quits\n",
		    PIN_LENGTH);
	if (!can_sleep) {
		mica_puts("pin-entry: no timer interrupt, polling without "
			  "sleeping\n");
	}
	prompt();
	for (;;) {
		int key = mica_getc();

		if (key < 0) {
			if (can_sleep) {
				mica_timer_wait_until(mica_timer_now() + poll);
			}
			continue;
		}
		if (!show(&pin, pin_feed(&pin, key))) {
			return 0;
		}
	}
}
