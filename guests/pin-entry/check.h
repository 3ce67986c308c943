/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The PIN check and what it decides (docs/pin-entry.md): the provisioned
 * secrets (a salted PBKDF2-HMAC-SHA256 hash of the PIN, never the PIN, and
 * the key verdicts are authenticated with), the tries left and the
 * lock-out, and the authenticated verdict sent back for a request
 * (libmica/pay.h). Crypto is Mbed TLS's (guests/mbedtls); this file only
 * decides. No console and no channel: a host test drives it.
 *
 * State lives in pin-entry's own memory, which Linux cannot reach: a
 * restart of Linux leaves the tries and the lock-out as they were. A
 * restart of pin-entry reloads its image, so tries start again at
 * CHECK_TRIES and a new session begins (a product keeps tries and the
 * counter in persistent, monotonic storage instead: docs/pin-entry.md).
 */
#ifndef PIN_CHECK_H
#define PIN_CHECK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "libmica/pay.h"

#define CHECK_TRIES 3	 /* wrong PINs in a row before the lock-out */
#define CHECK_PIN_MAX 12 /* longest PIN hashed; longer ones are wrong */
#define CHECK_SALT_SIZE 16
#define CHECK_HASH_SIZE 32 /* PBKDF2-HMAC-SHA256's output, one block */
#define CHECK_KEY_SIZE 32  /* the verdict key (HMAC-SHA256) */

/*
 * What provisioning gives a device (tools/pin-provision writes it at build
 * time as a C file, build/guests/pin-provision.c, defining
 * pin_provision): the PIN's salt, iteration count and hash, and the
 * verdict key the verifier holds too.
 */
struct check_provision {
	uint8_t salt[CHECK_SALT_SIZE];
	uint32_t iterations;
	uint8_t hash[CHECK_HASH_SIZE];
	uint8_t key[CHECK_KEY_SIZE];
};

/* The device's provisioning: the generated build/guests/pin-provision.c. */
extern const struct check_provision pin_provision;

struct check_state {
	const struct check_provision *prov;
	unsigned tries_left; /* 0: locked, for good (until pin-entry restarts) */
	uint32_t session;    /* this start's, in every verdict */
	uint64_t counter; /* the last verdict's counter; 0 before the first */
};

/*
 * Starts the check with CHECK_TRIES tries, no verdict sent yet, under
 * session (a value that should differ at each start of pin-entry, such
 * as the low bits of the counter at start-up: see libmica/pay.h, Replay).
 * prov must outlive *s.
 */
void check_init(struct check_state *s, const struct check_provision *prov,
		uint32_t session);

/*
 * Checks the n digits at digits (ASCII, not NUL-terminated) against the
 * provisioned hash, in time that does not depend on where they differ.
 * Returns PAY_APPROVED (tries start again at CHECK_TRIES); PAY_DENIED (one
 * try used, some left); PAY_LOCKED when this wrong PIN used the last try,
 * or tries had run out already (then nothing is hashed); PAY_REFUSED if
 * Mbed TLS failed (no try used). n of 0 or over CHECK_PIN_MAX is a wrong
 * PIN. The derived hash and Mbed TLS's HMAC state, which held the
 * digits, are wiped before it returns; the caller wipes its own copy.
 * Costs the provisioned iteration count of PBKDF2 (docs/pin-entry.md gives
 * the time).
 */
enum pay_outcome check_pin(struct check_state *s, const char *digits, size_t n);

/* Tries left: CHECK_TRIES down to 0 (locked). */
unsigned check_tries_left(const struct check_state *s);

/*
 * Writes the authenticated verdict for req at out: outcome, the tries
 * left now (0 when locked), reason (see libmica/pay.h for which go with
 * which outcome), req's id, amount and currency (refused: req's id only;
 * req may be NULL then, id 0), this session, the next counter, and the
 * HMAC-SHA256 of the first PAY_VERDICT_BODY_SIZE bytes under the
 * provisioned key. Returns true; false, with out zeroed and no counter
 * used, when the fields are inconsistent (pay_verdict_encode() refuses
 * them: approved for a malformed request, denied with no tries left...)
 * or Mbed TLS failed.
 */
bool check_verdict(struct check_state *s, const struct pay_request *req,
		   enum pay_outcome outcome, uint16_t reason,
		   uint8_t out[PAY_VERDICT_SIZE]);

#endif
