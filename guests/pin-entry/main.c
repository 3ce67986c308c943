// SPDX-License-Identifier: Apache-2.0
/*
 * pin-entry: the PIN-entry partition. It serves payment requests from
 * Linux over the channel pin-linux (libmica/pay.h): for each it takes the
 * console's keyboard (mica says so on a line of its own), shows the amount
 * and a prompt, reads the PIN with pin.c's state machine (a '*' for each
 * digit, never the digit), checks it (check.c), gives the keyboard back
 * and answers with the authenticated verdict. One PIN per request: a
 * wrong one is a denial with the tries left, and Linux asks again.
 *
 * Linux is untrusted. A malformed request gets a refused verdict and
 * nothing else (no keyboard, no line on the console); a request while a
 * PIN is being typed is refused as busy; a locked pin-entry answers locked
 * without taking the keyboard. A verdict that finds Linux's ring full or
 * Linux down is dropped: Linux asks again. If Linux stops during an entry,
 * the entry is cancelled without using a try. What a flood costs is this
 * partition's own CPU: one verdict per request, no console output.
 *
 * Keys typed with no payment waiting (the keyboard given by Ctrl-] s or
 * its number, or on bare QEMU, where there is no channel) go through the
 * same state machine and are checked against nothing: a PIN typed then is
 * wiped and said to be unchecked, and 'q' powers the partition off.
 *
 * It sleeps in WFI, woken by the channel's doorbell or its virtual timer
 * every POLL_MS (the console has no receive interrupt here), so it does
 * not spin on a CPU it may share.
 */
#include <stdbool.h>
#include <stdint.h>

#include "check.h"
#include "libmica/channel.h"
#include "libmica/console.h"
#include "libmica/gic.h"
#include "libmica/irq.h"
#include "libmica/pay.h"
#include "libmica/start.h"
#include "libmica/timer.h"
#include "mica/hypercall.h"
#include "pin.h"

#define POLL_MS 5
#define CHANNEL "pin-linux"
/* How long a payment waits for its PIN before it is denied, no try used. */
#define ENTRY_TIMEOUT_S 60u
/* Bytes typed before the payment's prompt that are dropped, at most. */
#define DRAIN_MAX 64u
/* Requests refused as busy between two looks at the keyboard, at most. */
#define REFUSE_BATCH 16u

static struct mica_channel chan;
static bool opened;
static struct check_state check;
/* A message: the largest an 8 KiB part carries fits, so none stays. */
static uint8_t msg[8192];
static uint64_t poll_ticks; /* 0: no timer, poll without sleeping */

/* The doorbell and the timer only wake the CPU; the timer is one-shot. */
static void on_irq(uint32_t intid, uint64_t entry_ticks)
{
	(void)entry_ticks;
	if (intid == MICA_TIMER_PPI) {
		mica_timer_stop();
	}
}

/* Sleeps until the doorbell rings or POLL_MS pass. */
static void nap(void)
{
	if (poll_ticks == 0) {
		return;
	}
	mica_timer_set_deadline(mica_timer_now() + poll_ticks);
	mica_wfi();
	mica_irq_enable(); /* on_irq takes what woke the CPU */
	mica_irq_disable();
}

static void open_channel(void)
{
	int st;

	if (!mica_channel_find(&chan, CHANNEL)) {
		return; /* bare QEMU, or a scenario without it */
	}
	st = mica_channel_open(&chan);
	if (st != MICA_RING_OK) {
		mica_printf("pin-entry: %s: cannot open (ring status %d)\n",
			    CHANNEL, st);
		return;
	}
	opened = true;
}

/* The next message in msg, of *len bytes; false when there is none now. */
static bool next_message(size_t *len)
{
	/* Twice: a new Linux announces itself once, then its messages come. */
	for (unsigned i = 0; opened && i < 2; i++) {
		int st = mica_ring_recv(&chan.ring, msg, sizeof(msg), len);

		if (st == MICA_RING_OK) {
			return true;
		}
		if (st == MICA_RING_CORRUPT || st == MICA_RING_BUF_SMALL) {
			/* Linux wrote nonsense: start afresh, drop its part. */
			const struct mica_ring_ops ops = chan.ring.ops;

			(void)mica_ring_init(&chan.ring,
					     (void *)(uintptr_t)chan.info.ipa,
					     chan.info.size,
					     chan.info.direction,
					     chan.info.side, &ops);
			return false;
		}
		if (st != MICA_RING_PEER_RESET) {
			return false;
		}
	}
	return false;
}

/* Sends the verdict for req (refused: req's id only); dropped if it cannot. */
static void reply(const struct pay_request *req, enum pay_outcome outcome,
		  uint16_t reason)
{
	uint8_t v[PAY_VERDICT_SIZE];

	if (!check_verdict(&check, req, outcome, reason, v)) {
		mica_puts("pin-entry: cannot make a verdict\n");
		return;
	}
	for (unsigned i = 0; i < 2; i++) {
		if (mica_ring_send(&chan.ring, v, sizeof(v)) !=
		    MICA_RING_PEER_RESET) {
			break;
		}
	}
}

/*
 * A request that is not the one being served: refused, with the reason
 * that it is malformed or, if well-formed, busy. False if none waits.
 */
static bool refuse_next(uint16_t busy_reason)
{
	struct pay_request req;
	size_t len = 0;
	enum pay_status st;

	if (!next_message(&len)) {
		return false;
	}
	st = pay_request_decode(msg, len, &req);
	reply(&req, PAY_REFUSED, st != PAY_OK ? (uint16_t)st : busy_reason);
	return true;
}

static bool linux_up(void)
{
	struct mica_chan_info info;

	return mica_hc_chan_info(chan.id, &info) == MICA_HC_SUCCESS &&
	       info.peer_up;
}

/*
 * Reads the PIN for req and checks it. Returns the outcome; a denial that
 * used no try (cancelled, timed out, Linux gone) sets *reason.
 */
static enum pay_outcome enter(const struct pay_request *req, uint16_t *reason)
{
	struct pin_entry pin;
	uint64_t deadline =
		mica_timer_now() + mica_timer_freq() * ENTRY_TIMEOUT_S;

	pin_init(&pin);
	/* Typed before the prompt: not meant for it. */
	for (unsigned i = 0; i < DRAIN_MAX && mica_getc() >= 0; i++) {
	}
	mica_printf("pin-entry: payment of %lu.%02lu %s (request %016lx)\n",
		    req->amount / 100, req->amount % 100, req->currency,
		    req->id);
	mica_printf("pin-entry: type your %d-digit PIN and Enter (q "
		    "cancels): ",
		    PIN_LENGTH);
	for (;;) {
		int key = mica_getc();

		if (key < 0) {
			bool up = linux_up();

			if (!up || mica_timer_now() >= deadline) {
				mica_puts(up ? "\npin-entry: no PIN in time\n" :
					       "\npin-entry: Linux stopped\n");
				*reason = up ? PAY_REASON_TIMEOUT :
					       PAY_REASON_CANCELLED;
				return PAY_DENIED;
			}
			/* Bounded, so that a flood cannot starve the keys. */
			for (unsigned i = 0;
			     i < REFUSE_BATCH && refuse_next(PAY_REASON_BUSY);
			     i++) {
			}
			nap();
			continue;
		}
		switch (pin_feed(&pin, key)) {
		case PIN_NONE: break;
		case PIN_ECHO: mica_putc('*'); break;
		case PIN_ERASE: mica_puts("\b \b"); break;
		case PIN_ACCEPTED: {
			enum pay_outcome o =
				check_pin(&check, pin_digits(&pin), PIN_LENGTH);

			pin_wipe(&pin);
			mica_putc('\n');
			return o;
		}
		case PIN_TOO_SHORT:
		case PIN_TOO_LONG:
		case PIN_BAD_KEY:
			mica_printf("\npin-entry: %d digits, then Enter: ",
				    PIN_LENGTH);
			break;
		case PIN_QUIT:
			mica_puts("\n");
			*reason = PAY_REASON_CANCELLED;
			return PAY_DENIED;
		}
	}
}

/* One well-formed request, start to end. */
static void serve(const struct pay_request *req)
{
	uint16_t reason = 0;
	enum pay_outcome o;

	if (check_tries_left(&check) == 0) {
		reply(req, PAY_LOCKED, 0);
		return;
	}
	if (mica_hc_keyboard(true) != MICA_HC_SUCCESS) {
		mica_puts("pin-entry: mica does not give it the keyboard\n");
		reply(req, PAY_REFUSED, PAY_REASON_INTERNAL);
		return;
	}
	o = enter(req, &reason);
	if (o == PAY_APPROVED) {
		mica_puts("pin-entry: approved\n");
	} else if (o == PAY_DENIED && reason == PAY_REASON_CANCELLED) {
		mica_puts("pin-entry: cancelled; no try used\n");
	} else if (o == PAY_DENIED && reason == PAY_REASON_TIMEOUT) {
		mica_puts("pin-entry: timed out; no try used\n");
	} else if (o == PAY_DENIED) {
		mica_printf("pin-entry: wrong PIN; %u tries left\n",
			    check_tries_left(&check));
	} else if (o == PAY_LOCKED) {
		mica_puts("pin-entry: wrong PIN; locked, no tries left\n");
	} else {
		mica_puts("pin-entry: the check failed\n");
		reason = PAY_REASON_INTERNAL;
	}
	/* Back first, so that Linux's shell has it when the verdict lands. */
	(void)mica_hc_keyboard(false);
	reply(req, o, reason);
}

/*
 * A key typed with no payment waiting: shown as for a payment, checked
 * against nothing. False when the partition should end ('q').
 */
static bool local_key(struct pin_entry *pin, int key)
{
	/* Serving payments, it prompts for a payment's PIN only. */
	const char *again = opened ? "" : "PIN: ";

	switch (pin_feed(pin, key)) {
	case PIN_NONE: break;
	case PIN_ECHO: mica_putc('*'); break;
	case PIN_ERASE: mica_puts("\b \b"); break;
	case PIN_ACCEPTED:
		pin_wipe(pin);
		mica_printf("\npin-entry: %d digits typed, not checked: no "
			    "payment is waiting\n%s",
			    PIN_LENGTH, again);
		break;
	case PIN_TOO_SHORT:
		mica_printf("\npin-entry: PIN rejected: %u digits, need %d\n%s",
			    pin_typed(pin), PIN_LENGTH, again);
		break;
	case PIN_TOO_LONG:
		mica_printf("\npin-entry: PIN rejected: more than %d digits\n%s",
			    PIN_LENGTH, again);
		break;
	case PIN_BAD_KEY:
		mica_printf("\npin-entry: not a digit, entry cleared; type %d "
			    "digits and Enter, or q to quit\n%s",
			    PIN_LENGTH, again);
		break;
	case PIN_QUIT: mica_puts("\npin-entry: quit\n"); return false;
	}
	return true;
}

int main(void)
{
	struct pin_entry pin;
	uint64_t poll = mica_timer_freq() / 1000 * POLL_MS;

	if (mica_gic_init() && mica_gic_enable_ppi(MICA_TIMER_PPI)) {
		poll_ticks = poll;
		mica_irq_set_handler(on_irq);
	}
	/* Differs at each start: the counter has run on (libmica/pay.h). */
	check_init(&check, &pin_provision, (uint32_t)mica_timer_now());
	pin_init(&pin);
	open_channel();
	mica_puts("pin-entry: ready\n");
	if (opened) {
		mica_puts("pin-entry: waiting for payments on " CHANNEL "\n");
	}
	mica_printf("pin-entry: type %d digits and Enter; q quits\n",
		    PIN_LENGTH);
	if (poll_ticks == 0) {
		mica_puts("pin-entry: no timer interrupt, polling without "
			  "sleeping\n");
	}
	if (!opened) {
		mica_puts("PIN: ");
	}
	for (;;) {
		struct pay_request req;
		size_t len = 0;
		int key;

		if (next_message(&len)) {
			enum pay_status st = pay_request_decode(msg, len, &req);

			if (st != PAY_OK) {
				reply(&req, PAY_REFUSED, (uint16_t)st);
			} else {
				serve(&req);
				pin_wipe(&pin);
			}
			continue;
		}
		key = mica_getc();
		if (key < 0) {
			nap();
		} else if (!local_key(&pin, key)) {
			return 0;
		}
	}
}
