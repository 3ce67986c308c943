/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The PIN-entry state machine: turns the keys a user types into what the
 * partition should do, one key at a time, with no hardware access at all,
 * so that a host unit test can drive it. The I/O around it is main.c.
 *
 * Keys: a digit adds to the entry (the caller shows '*', never the digit);
 * Enter (CR or LF; an LF right after a CR is the same Enter) ends it;
 * backspace or DEL takes the last digit back; 'q' or 'Q' quits. Any other
 * key discards the entry; the keys after it are ignored, silently, up to the
 * next digit or Enter (which then ends nothing), so that an escape sequence
 * gives one message, not three. Enter with no digit is refused as too
 * short. Only the first PIN_LENGTH digits are stored; more are counted,
 * so that the entry can be refused as too long.
 *
 * The stored digits are wiped (volatile stores, not optimised away) as soon
 * as an entry ends, whatever its outcome, except after PIN_ACCEPTED: they
 * stay for the caller until it calls pin_wipe() or feeds the next key.
 */
#ifndef PIN_H
#define PIN_H

#include <stdbool.h>

#define PIN_LENGTH 4
/* Typed digits are counted up to here; any more count as this many. */
#define PIN_TYPED_MAX 64

enum pin_result {
	PIN_NONE,      /* nothing to show */
	PIN_ECHO,      /* a digit was taken: show one '*' */
	PIN_ERASE,     /* a digit was taken back: erase one '*' */
	PIN_ACCEPTED,  /* Enter after exactly PIN_LENGTH digits */
	PIN_TOO_SHORT, /* Enter after fewer; pin_typed() says how many */
	PIN_TOO_LONG,  /* Enter after more than PIN_LENGTH digits */
	PIN_BAD_KEY,   /* a key that is none of the above; entry discarded */
	PIN_QUIT,      /* 'q': the user is done; entry discarded */
};

struct pin_entry {
	char digits[PIN_LENGTH];
	unsigned typed;	     /* digits typed in this entry, <= PIN_TYPED_MAX */
	unsigned last_typed; /* typed at the last Enter, for messages */
	bool after_cr;	     /* the previous key was CR */
	bool discarding;     /* a bad key was seen, no digit since */
	bool held;	     /* digits holds an accepted PIN */
};

/* A fresh entry, nothing typed. */
void pin_init(struct pin_entry *p);

/* Feeds one key (a byte from the console); returns what to do about it. */
enum pin_result pin_feed(struct pin_entry *p, int key);

/* Digits typed in the entry that the last Enter ended. */
unsigned pin_typed(const struct pin_entry *p);

/*
 * The accepted PIN (PIN_LENGTH digits, not NUL-terminated), valid only
 * right after pin_feed() returned PIN_ACCEPTED and until pin_wipe().
 */
const char *pin_digits(const struct pin_entry *p);

/* Wipes the stored digits and starts a new entry. */
void pin_wipe(struct pin_entry *p);

#endif
