/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The payment messages between Linux and the PIN-entry partition
 * (docs/pin-entry.md, "Wire format"): a request, Linux -> pin-entry, and
 * the verdict pin-entry answers, authenticated by an HMAC-SHA256 that only
 * pin-entry and the payment processor's verifier (tools/pin-verify) can
 * compute. Little-endian, fixed sizes, every field checked on decode.
 * Freestanding C11 (stdint, stddef, stdbool only), so that the same file
 * builds into libmica.a, into Linux's micactl and into the host tests.
 *
 * Request, PAY_REQUEST_SIZE bytes:
 *   0  "MPR1"
 *   4  u32 0
 *   8  u64 request id, not 0 (chosen by the requester)
 *  16  u64 amount in minor units (cents), 1 .. PAY_AMOUNT_MAX
 *  24  currency: 3 upper-case ASCII letters, then NUL
 *  28  u32 0
 *
 * Verdict, PAY_VERDICT_SIZE bytes:
 *   0  "MPV1"
 *   4  u8 outcome (enum pay_outcome)
 *   5  u8 tries left
 *   6  u16 reason (enum pay_status or PAY_REASON_*; 0 when approved)
 *   8  u64 request id (the request's; 0 if it could not be read)
 *  16  u64 amount (the request's; 0 when refused)
 *  24  currency[4] (the request's; zeros when refused)
 *  28  u32 session: drawn by pin-entry at each start
 *  32  u64 counter: 1, 2, 3... within a session, never reused in it
 *  40  HMAC-SHA256 under the verdict key over bytes 0..39
 *
 * Replay: a verifier keeps, per session it has seen, the highest counter it
 * accepted, and refuses a verdict whose counter is not higher. A restart of
 * pin-entry starts a new session (counters from 1 again); a session value
 * that happened to repeat could only make the verifier refuse genuine
 * verdicts, never accept an old one.
 *
 * Not checked here: the MAC (only a key holder can: check.c in pin-entry,
 * tools/pin-verify on the processor's side), and whether a request id was
 * used before (the requester's and the verifier's business).
 */
#ifndef LIBMICA_PAY_H
#define LIBMICA_PAY_H

#include <stddef.h>
#include <stdint.h>

#define PAY_REQUEST_SIZE 32
#define PAY_VERDICT_SIZE 72
/* The verdict's bytes the MAC covers, and the MAC after them. */
#define PAY_VERDICT_BODY_SIZE 40
#define PAY_MAC_SIZE 32
#define PAY_AMOUNT_MAX 99999999u /* 999,999.99 in major units */
#define PAY_CURRENCY_SIZE 4	 /* 3 letters and a NUL */

/* What a verdict says: the u8 at offset 4. */
enum pay_outcome {
	PAY_APPROVED = 1, /* the right PIN was entered */
	PAY_DENIED = 2,	  /* a wrong PIN, or no PIN (reason); tries left > 0 */
	PAY_LOCKED = 3,	  /* no tries left: every request is refused so */
	PAY_REFUSED = 4,  /* the request was malformed or came at a bad time */
};

/*
 * Decode and encode results. Stable values: a refused verdict carries the
 * request's as its reason.
 */
enum pay_status {
	PAY_OK = 0,
	PAY_BAD_LENGTH = 1,   /* not exactly the message's size */
	PAY_BAD_MAGIC = 2,    /* not "MPR1" / "MPV1" */
	PAY_BAD_RESERVED = 3, /* a field that must be 0 is not */
	PAY_BAD_ID = 4,	      /* request id 0 */
	PAY_BAD_AMOUNT = 5,   /* 0, or over PAY_AMOUNT_MAX */
	PAY_BAD_CURRENCY = 6, /* not 3 upper-case letters and a NUL */
	PAY_BAD_OUTCOME = 7,  /* verdict: outcome none of enum pay_outcome */
	PAY_BAD_TRIES = 8,    /* verdict: tries left wrong for the outcome */
	PAY_BAD_REASON = 9,   /* verdict: reason wrong for the outcome */
	PAY_BAD_COUNTER = 10, /* verdict: counter 0 */
};

/* Reasons beyond enum pay_status, in a verdict's reason field. */
#define PAY_REASON_BUSY 32	/* refused: another request is in entry */
#define PAY_REASON_CANCELLED 33 /* denied: the user cancelled; no try used */
#define PAY_REASON_TIMEOUT 34	/* denied: no PIN in time; no try used */
#define PAY_REASON_INTERNAL 35	/* refused: pin-entry failed to check */

struct pay_request {
	uint64_t id;
	uint64_t amount; /* minor units */
	char currency[PAY_CURRENCY_SIZE];
};

struct pay_verdict {
	uint8_t outcome; /* enum pay_outcome */
	uint8_t tries_left;
	uint16_t reason;
	uint64_t id;
	uint64_t amount;
	char currency[PAY_CURRENCY_SIZE];
	uint32_t session;
	uint64_t counter;
	uint8_t mac[PAY_MAC_SIZE];
};

/*
 * Writes *req as PAY_REQUEST_SIZE bytes at out (any alignment) if every
 * field is valid, and returns PAY_OK; otherwise returns what is wrong
 * (PAY_BAD_ID, PAY_BAD_AMOUNT, PAY_BAD_CURRENCY) and writes nothing.
 */
enum pay_status pay_request_encode(const struct pay_request *req,
				   uint8_t out[PAY_REQUEST_SIZE]);

/*
 * Reads the len bytes at msg (any alignment) as a request into *req and
 * returns PAY_OK, or the first field found wrong, in the order PAY_BAD_LENGTH,
 * PAY_BAD_MAGIC, PAY_BAD_RESERVED, PAY_BAD_ID, PAY_BAD_AMOUNT,
 * PAY_BAD_CURRENCY. On failure *req is zero except its id, which is the
 * message's whenever its length and magic are right, so that a refusal can
 * name the request it refuses. Reads at most PAY_REQUEST_SIZE bytes.
 */
enum pay_status pay_request_decode(const void *msg, size_t len,
				   struct pay_request *req);

/*
 * Writes *v as PAY_VERDICT_SIZE bytes at out (any alignment), its mac
 * included as it is (the key holder computes it over the first
 * PAY_VERDICT_BODY_SIZE bytes afterwards), if its fields are consistent,
 * and returns PAY_OK; otherwise returns what pay_verdict_decode() would
 * say of the result and writes nothing.
 */
enum pay_status pay_verdict_encode(const struct pay_verdict *v,
				   uint8_t out[PAY_VERDICT_SIZE]);

/*
 * Reads the len bytes at msg (any alignment) as a verdict into *v and
 * returns PAY_OK, or the first thing found wrong, in this order (*v is then
 * zero): PAY_BAD_LENGTH; PAY_BAD_MAGIC; PAY_BAD_OUTCOME; PAY_BAD_REASON
 * (approved and locked: 0; denied: 0 for a wrong PIN, PAY_REASON_CANCELLED
 * or PAY_REASON_TIMEOUT; refused: PAY_BAD_LENGTH .. PAY_BAD_CURRENCY,
 * PAY_REASON_BUSY or PAY_REASON_INTERNAL); PAY_BAD_TRIES (denied: none
 * left; locked: some left); then approved, denied and locked carry a valid
 * request's id, amount and currency (PAY_BAD_ID, PAY_BAD_AMOUNT,
 * PAY_BAD_CURRENCY), refused any id, amount 0 and a zero currency
 * (PAY_BAD_AMOUNT, PAY_BAD_CURRENCY); last, PAY_BAD_COUNTER for counter 0.
 * It does not check the MAC: a decoded verdict is well-formed, not
 * authentic.
 */
enum pay_status pay_verdict_decode(const void *msg, size_t len,
				   struct pay_verdict *v);

#endif
