// SPDX-License-Identifier: Apache-2.0
/*
 * The PIN-entry state machine (pin.h). Pure logic: no console, no
 * registers, no globals, so a host test can feed it every key sequence.
 */
#include "pin.h"

#define KEY_BS 0x08
#define KEY_DEL 0x7f

void pin_wipe(struct pin_entry *p)
{
	volatile char *d = p->digits;

	for (unsigned i = 0; i < PIN_LENGTH; i++) {
		d[i] = 0;
	}
	p->typed = 0;
	p->discarding = false;
	p->held = false;
}

void pin_init(struct pin_entry *p)
{
	pin_wipe(p);
	p->last_typed = 0;
	p->after_cr = false;
}

static enum pin_result enter(struct pin_entry *p)
{
	unsigned typed = p->typed;

	p->last_typed = typed;
	if (p->discarding) {
		pin_wipe(p); /* its bad key was reported already */
		return PIN_NONE;
	}
	if (typed == PIN_LENGTH) {
		p->typed = 0;
		p->held = true;
		return PIN_ACCEPTED;
	}
	pin_wipe(p);
	return typed > PIN_LENGTH ? PIN_TOO_LONG : PIN_TOO_SHORT;
}

enum pin_result pin_feed(struct pin_entry *p, int key)
{
	bool after_cr = p->after_cr;

	p->after_cr = key == '\r';
	if (key == '\n' && after_cr) {
		return PIN_NONE; /* the LF of a CR LF */
	}
	if (p->held) {
		pin_wipe(p); /* the accepted PIN was the caller's until now */
	}
	if (key == '\r' || key == '\n') {
		return enter(p);
	}
	if (key >= '0' && key <= '9') {
		p->discarding = false;
		if (p->typed < PIN_LENGTH) {
			p->digits[p->typed] = (char)key;
		}
		if (p->typed < PIN_TYPED_MAX) {
			p->typed++;
		}
		return PIN_ECHO;
	}
	if (key == KEY_BS || key == KEY_DEL) {
		if (p->typed == 0) {
			return PIN_NONE;
		}
		p->typed--;
		if (p->typed < PIN_LENGTH) {
			p->digits[p->typed] = 0;
		}
		return PIN_ERASE;
	}
	if (key == 'q' || key == 'Q') {
		pin_wipe(p);
		return PIN_QUIT;
	}
	if (p->discarding) {
		return PIN_NONE;
	}
	pin_wipe(p);
	p->discarding = true;
	return PIN_BAD_KEY;
}

unsigned pin_typed(const struct pin_entry *p)
{
	return p->last_typed;
}

const char *pin_digits(const struct pin_entry *p)
{
	return p->digits;
}
