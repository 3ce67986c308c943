// SPDX-License-Identifier: Apache-2.0
/*
 * The payment messages (guests/libmica/pay.c) on the host: the exact bytes
 * of a request and a verdict, round trips at any alignment, and each field
 * a hostile sender can get wrong, one at a time, with the status decode
 * must give and what it leaves in the struct; encode refusing what decode
 * would refuse.
 */
#include "libmica/pay.h"
#include "unit.h"

static const struct pay_request good_req = {
	.id = 0x1122334455667788ull,
	.amount = 1250,
	.currency = "EUR",
};

/* good_req's bytes, field by field as libmica/pay.h draws them. */
static const uint8_t good_req_bytes[PAY_REQUEST_SIZE] = {
	'M',  'P',  'R',  '1',	0,    0,    0,	  0,	/* magic, u32 0 */
	0x88, 0x77, 0x66, 0x55, 0x44, 0x33, 0x22, 0x11, /* id */
	0xe2, 0x04, 0,	  0,	0,    0,    0,	  0,	/* amount 1250 */
	'E',  'U',  'R',  0,	0,    0,    0,	  0,	/* currency, u32 0 */
};

static struct pay_verdict good_verdict(uint8_t outcome)
{
	struct pay_verdict v = {
		.outcome = outcome,
		.tries_left = outcome == PAY_LOCKED ? 0 : 2,
		.id = good_req.id,
		.amount = good_req.amount,
		.currency = "EUR",
		.session = 0xcafe0001u,
		.counter = 7,
	};

	if (outcome == PAY_REFUSED) {
		v.reason = PAY_BAD_AMOUNT;
		v.amount = 0;
		memset(v.currency, 0, sizeof(v.currency));
	}
	for (unsigned i = 0; i < PAY_MAC_SIZE; i++) {
		v.mac[i] = (uint8_t)(0xa0 + i);
	}
	return v;
}

static void request__encodes_to_the_documented_bytes(void **state)
{
	uint8_t out[PAY_REQUEST_SIZE + 1];

	(void)state;
	/* At an odd address: nothing assumes alignment. */
	assert_int_equal(pay_request_encode(&good_req, out + 1), PAY_OK);
	assert_memory_equal(out + 1, good_req_bytes, PAY_REQUEST_SIZE);
}

static void request__decodes_at_any_alignment(void **state)
{
	uint8_t buf[PAY_REQUEST_SIZE + 8];
	struct pay_request r;

	(void)state;
	for (unsigned off = 0; off < 8; off++) {
		memcpy(buf + off, good_req_bytes, PAY_REQUEST_SIZE);
		memset(&r, 0x5a, sizeof(r));
		assert_int_equal(pay_request_decode(buf + off, PAY_REQUEST_SIZE,
						    &r),
				 PAY_OK);
		assert_true(r.id == good_req.id);
		assert_true(r.amount == good_req.amount);
		assert_memory_equal(r.currency, "EUR", PAY_CURRENCY_SIZE);
	}
}

static void request__wrong_length_is_refused_and_nothing_kept(void **state)
{
	uint8_t big[PAY_REQUEST_SIZE + 1];
	const size_t lens[] = { 0, 1, 4, PAY_REQUEST_SIZE - 1,
				PAY_REQUEST_SIZE + 1 };
	struct pay_request r;

	(void)state;
	memcpy(big, good_req_bytes, PAY_REQUEST_SIZE);
	big[PAY_REQUEST_SIZE] = 0;
	for (unsigned i = 0; i < sizeof(lens) / sizeof(lens[0]); i++) {
		uint8_t *m = unit_dup(big, lens[i]);

		memset(&r, 0x5a, sizeof(r));
		assert_int_equal(pay_request_decode(m, lens[i], &r),
				 PAY_BAD_LENGTH);
		assert_true(r.id == 0 && r.amount == 0);
		free(m);
	}
}

/* good_req_bytes with byte at changed to v, decoded: its status and *r. */
static enum pay_status decode_with(unsigned at, uint8_t v,
				   struct pay_request *r)
{
	uint8_t m[PAY_REQUEST_SIZE];

	memcpy(m, good_req_bytes, sizeof(m));
	m[at] = v;
	memset(r, 0x5a, sizeof(*r));
	return pay_request_decode(m, sizeof(m), r);
}

static void request__each_bad_field_is_named(void **state)
{
	struct pay_request r;

	(void)state;
	/* Magic: the id is not trusted either. */
	for (unsigned at = 0; at < 4; at++) {
		assert_int_equal(decode_with(at, 'x', &r), PAY_BAD_MAGIC);
		assert_true(r.id == 0);
	}
	/* Reserved words, before and after the currency; the id is kept. */
	for (unsigned at = 4; at < 8; at++) {
		assert_int_equal(decode_with(at, 1, &r), PAY_BAD_RESERVED);
		assert_true(r.id == good_req.id && r.amount == 0);
	}
	for (unsigned at = 28; at < 32; at++) {
		assert_int_equal(decode_with(at, 0x80, &r), PAY_BAD_RESERVED);
		assert_true(r.id == good_req.id);
	}
	/* Currency: lower case, digits, punctuation, no NUL, early NUL. */
	assert_int_equal(decode_with(24, 'e', &r), PAY_BAD_CURRENCY);
	assert_true(r.id == good_req.id && r.amount == 0 && r.currency[0] == 0);
	assert_int_equal(decode_with(25, '0', &r), PAY_BAD_CURRENCY);
	assert_int_equal(decode_with(26, '@', &r), PAY_BAD_CURRENCY);
	assert_int_equal(decode_with(26, '[', &r), PAY_BAD_CURRENCY);
	assert_int_equal(decode_with(27, 'X', &r), PAY_BAD_CURRENCY);
	assert_int_equal(decode_with(26, 0, &r), PAY_BAD_CURRENCY);
	assert_int_equal(decode_with(24, 0xc5, &r), PAY_BAD_CURRENCY);
}

static void request__id_zero_is_refused(void **state)
{
	uint8_t m[PAY_REQUEST_SIZE];
	struct pay_request r;

	(void)state;
	memcpy(m, good_req_bytes, sizeof(m));
	memset(m + 8, 0, 8);
	assert_int_equal(pay_request_decode(m, sizeof(m), &r), PAY_BAD_ID);
	assert_true(r.id == 0 && r.amount == 0);
}

/* A request of good_req's with this amount: its decode status. */
static enum pay_status decode_amount(uint64_t amount, struct pay_request *r)
{
	uint8_t m[PAY_REQUEST_SIZE];

	memcpy(m, good_req_bytes, sizeof(m));
	for (unsigned i = 0; i < 8; i++) {
		m[16 + i] = (uint8_t)(amount >> (8 * i));
	}
	return pay_request_decode(m, sizeof(m), r);
}

static void request__absurd_amounts_are_refused(void **state)
{
	const uint64_t bad[] = { 0, PAY_AMOUNT_MAX + 1ull, 1ull << 32,
				 1ull << 63, UINT64_MAX };
	struct pay_request r;

	(void)state;
	for (unsigned i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_int_equal(decode_amount(bad[i], &r), PAY_BAD_AMOUNT);
		assert_true(r.id == good_req.id && r.amount == 0);
	}
	assert_int_equal(decode_amount(1, &r), PAY_OK);
	assert_true(r.amount == 1);
	assert_int_equal(decode_amount(PAY_AMOUNT_MAX, &r), PAY_OK);
	assert_true(r.amount == PAY_AMOUNT_MAX);
}

static void request__encode_refuses_what_decode_would(void **state)
{
	uint8_t out[PAY_REQUEST_SIZE];
	uint8_t untouched[PAY_REQUEST_SIZE];
	struct pay_request r;

	(void)state;
	memset(untouched, 0x5a, sizeof(untouched));
	r = good_req;
	r.id = 0;
	memset(out, 0x5a, sizeof(out));
	assert_int_equal(pay_request_encode(&r, out), PAY_BAD_ID);
	assert_memory_equal(out, untouched, sizeof(out));
	r = good_req;
	r.amount = PAY_AMOUNT_MAX + 1ull;
	assert_int_equal(pay_request_encode(&r, out), PAY_BAD_AMOUNT);
	r = good_req;
	memcpy(r.currency, "eur", PAY_CURRENCY_SIZE);
	assert_int_equal(pay_request_encode(&r, out), PAY_BAD_CURRENCY);
	r = good_req;
	memcpy(r.currency, "EURO", PAY_CURRENCY_SIZE);
	assert_int_equal(pay_request_encode(&r, out), PAY_BAD_CURRENCY);
	assert_memory_equal(out, untouched, sizeof(out));
}

static void verdict__encodes_to_the_documented_bytes(void **state)
{
	struct pay_verdict v = good_verdict(PAY_DENIED);
	uint8_t out[PAY_VERDICT_SIZE];
	static const uint8_t body[PAY_VERDICT_BODY_SIZE] = {
		'M',  'P',  'V',  '1',	2,    2,    33,	  0,	0x88, 0x77,
		0x66, 0x55, 0x44, 0x33, 0x22, 0x11, 0xe2, 0x04, 0,    0,
		0,    0,    0,	  0,	'E',  'U',  'R',  0,	0x01, 0,
		0xfe, 0xca, 7,	  0,	0,    0,    0,	  0,	0,    0,
	};

	(void)state;
	v.reason = PAY_REASON_CANCELLED;
	assert_int_equal(pay_verdict_encode(&v, out), PAY_OK);
	assert_int_equal(PAY_REASON_CANCELLED, 33);
	assert_memory_equal(out, body, PAY_VERDICT_BODY_SIZE);
	assert_memory_equal(out + PAY_VERDICT_BODY_SIZE, v.mac, PAY_MAC_SIZE);
}

static void verdict__round_trips_every_outcome(void **state)
{
	const uint8_t outcomes[] = { PAY_APPROVED, PAY_DENIED, PAY_LOCKED,
				     PAY_REFUSED };
	uint8_t buf[PAY_VERDICT_SIZE + 3];
	struct pay_verdict back;

	(void)state;
	for (unsigned i = 0; i < sizeof(outcomes); i++) {
		struct pay_verdict v = good_verdict(outcomes[i]);

		assert_int_equal(pay_verdict_encode(&v, buf + 3), PAY_OK);
		assert_int_equal(pay_verdict_decode(buf + 3, PAY_VERDICT_SIZE,
						    &back),
				 PAY_OK);
		assert_memory_equal(&back, &v, sizeof(v));
	}
}

/* v encoded, then the byte at `at` set to val, decoded into *back. */
static enum pay_status verdict_with(struct pay_verdict v, unsigned at,
				    uint8_t val, struct pay_verdict *back)
{
	uint8_t m[PAY_VERDICT_SIZE];

	assert_int_equal(pay_verdict_encode(&v, m), PAY_OK);
	m[at] = val;
	memset(back, 0x5a, sizeof(*back));
	return pay_verdict_decode(m, sizeof(m), back);
}

static void verdict__each_bad_field_is_named(void **state)
{
	const struct pay_verdict zero = { 0 };
	struct pay_verdict a = good_verdict(PAY_APPROVED);
	struct pay_verdict d = good_verdict(PAY_DENIED);
	struct pay_verdict l = good_verdict(PAY_LOCKED);
	struct pay_verdict r = good_verdict(PAY_REFUSED);
	struct pay_verdict back;
	uint8_t m[PAY_VERDICT_SIZE + 1] = { 0 };

	(void)state;
	assert_int_equal(pay_verdict_encode(&a, m), PAY_OK);
	assert_int_equal(pay_verdict_decode(m, PAY_VERDICT_SIZE - 1, &back),
			 PAY_BAD_LENGTH);
	assert_int_equal(pay_verdict_decode(m, PAY_VERDICT_SIZE + 1, &back),
			 PAY_BAD_LENGTH);
	assert_int_equal(pay_verdict_decode(m, 0, &back), PAY_BAD_LENGTH);
	assert_int_equal(verdict_with(a, 3, '2', &back), PAY_BAD_MAGIC);
	assert_memory_equal(&back, &zero, sizeof(back));
	assert_int_equal(verdict_with(a, 4, 0, &back), PAY_BAD_OUTCOME);
	assert_int_equal(verdict_with(a, 4, 5, &back), PAY_BAD_OUTCOME);
	assert_int_equal(verdict_with(a, 4, 0xff, &back), PAY_BAD_OUTCOME);
	assert_memory_equal(&back, &zero, sizeof(back));
	/* Reasons: none for approved and locked; only theirs otherwise. */
	assert_int_equal(verdict_with(a, 6, PAY_REASON_CANCELLED, &back),
			 PAY_BAD_REASON);
	assert_int_equal(verdict_with(l, 6, PAY_BAD_LENGTH, &back),
			 PAY_BAD_REASON);
	assert_int_equal(verdict_with(d, 6, PAY_REASON_BUSY, &back),
			 PAY_BAD_REASON);
	assert_int_equal(verdict_with(d, 7, 1, &back), PAY_BAD_REASON);
	assert_int_equal(verdict_with(d, 6, PAY_REASON_TIMEOUT, &back), PAY_OK);
	assert_int_equal(verdict_with(r, 6, 0, &back), PAY_BAD_REASON);
	assert_int_equal(verdict_with(r, 6, PAY_BAD_OUTCOME, &back),
			 PAY_BAD_REASON);
	assert_int_equal(verdict_with(r, 6, PAY_REASON_CANCELLED, &back),
			 PAY_BAD_REASON);
	assert_int_equal(verdict_with(r, 6, PAY_REASON_BUSY, &back), PAY_OK);
	assert_int_equal(verdict_with(r, 6, PAY_REASON_INTERNAL, &back),
			 PAY_OK);
	assert_int_equal(verdict_with(r, 6, PAY_BAD_LENGTH, &back), PAY_OK);
	/* Tries: a denial leaves some, a lock-out none. */
	assert_int_equal(verdict_with(d, 5, 0, &back), PAY_BAD_TRIES);
	assert_int_equal(verdict_with(l, 5, 1, &back), PAY_BAD_TRIES);
	assert_int_equal(verdict_with(a, 5, 0, &back), PAY_OK);
	/* The request's fields, in every outcome but refused. */
	assert_int_equal(verdict_with(a, 8, 0, &back), PAY_OK); /* id ...88 */
	a.id = 0x100;
	assert_int_equal(verdict_with(a, 9, 0, &back), PAY_BAD_ID);
	assert_int_equal(verdict_with(l, 20, 1, &back), PAY_BAD_AMOUNT);
	assert_int_equal(verdict_with(d, 16, 0, &back), PAY_OK); /* 1024 */
	assert_int_equal(verdict_with(a, 25, 'u', &back), PAY_BAD_CURRENCY);
	/* Refused: any id, no amount, no currency. */
	assert_int_equal(verdict_with(r, 8, 0, &back), PAY_OK);
	assert_int_equal(verdict_with(r, 16, 1, &back), PAY_BAD_AMOUNT);
	assert_int_equal(verdict_with(r, 24, 'E', &back), PAY_BAD_CURRENCY);
	/* Counter 0 is never used. */
	assert_int_equal(verdict_with(d, 32, 0, &back), PAY_BAD_COUNTER);
	assert_memory_equal(&back, &zero, sizeof(back));
}

static void verdict__decode_does_not_judge_the_mac(void **state)
{
	struct pay_verdict v = good_verdict(PAY_APPROVED);
	struct pay_verdict back;

	(void)state;
	assert_int_equal(verdict_with(v, PAY_VERDICT_BODY_SIZE, 0, &back),
			 PAY_OK);
	assert_int_equal(back.mac[0], 0);
	assert_memory_equal(back.mac + 1, v.mac + 1, PAY_MAC_SIZE - 1);
}

static void verdict__encode_refuses_inconsistent_fields(void **state)
{
	struct pay_verdict v = good_verdict(PAY_REFUSED);
	uint8_t out[PAY_VERDICT_SIZE];
	uint8_t untouched[PAY_VERDICT_SIZE];

	(void)state;
	memset(out, 0x5a, sizeof(out));
	memset(untouched, 0x5a, sizeof(untouched));
	v.amount = 5; /* a refusal echoes no amount */
	assert_int_equal(pay_verdict_encode(&v, out), PAY_BAD_AMOUNT);
	v = good_verdict(PAY_DENIED);
	v.tries_left = 0;
	assert_int_equal(pay_verdict_encode(&v, out), PAY_BAD_TRIES);
	v = good_verdict(PAY_APPROVED);
	v.counter = 0;
	assert_int_equal(pay_verdict_encode(&v, out), PAY_BAD_COUNTER);
	v = good_verdict(PAY_APPROVED);
	v.amount = 0;
	assert_int_equal(pay_verdict_encode(&v, out), PAY_BAD_AMOUNT);
	v.outcome = 9;
	assert_int_equal(pay_verdict_encode(&v, out), PAY_BAD_OUTCOME);
	assert_memory_equal(out, untouched, sizeof(out));
}

/* xorshift64: the same bytes at every run, so a failure can be replayed. */
static uint64_t next_random(uint64_t *x)
{
	*x ^= *x << 13;
	*x ^= *x >> 7;
	*x ^= *x << 17;
	return *x;
}

/*
 * Random messages, near-valid most of the time (a valid one with a few
 * bytes changed, so that the checks deep in decode are reached): each
 * either decodes, and then encodes back to exactly its bytes, or is
 * refused with the struct left empty (a request: but its id).
 */
static void random_messages__decode_exactly_or_not_at_all(void **state)
{
	uint64_t x = 0x9e3779b97f4a7c15ull;
	struct pay_verdict vgood = good_verdict(PAY_DENIED);
	uint8_t vbytes[PAY_VERDICT_SIZE];
	unsigned decoded[2] = { 0, 0 };

	(void)state;
	assert_int_equal(pay_verdict_encode(&vgood, vbytes), PAY_OK);
	for (unsigned round = 0; round < 200000; round++) {
		bool verdict = round % 2 != 0;
		size_t size = verdict ? PAY_VERDICT_SIZE : PAY_REQUEST_SIZE;
		uint8_t m[PAY_VERDICT_SIZE];
		uint8_t again[PAY_VERDICT_SIZE];
		unsigned changes = (unsigned)(next_random(&x) % 4);

		memcpy(m, verdict ? vbytes : good_req_bytes, size);
		for (unsigned i = 0; i < changes; i++) {
			uint64_t r = next_random(&x);

			m[r % size] = (uint8_t)(r >> 32);
		}
		if (verdict) {
			struct pay_verdict v;

			if (pay_verdict_decode(m, size, &v) == PAY_OK) {
				decoded[1]++;
				assert_int_equal(pay_verdict_encode(&v, again),
						 PAY_OK);
				assert_memory_equal(again, m, size);
			} else {
				const struct pay_verdict zero = { 0 };

				assert_memory_equal(&v, &zero, sizeof(v));
			}
		} else {
			struct pay_request r;

			if (pay_request_decode(m, size, &r) == PAY_OK) {
				decoded[0]++;
				assert_int_equal(pay_request_encode(&r, again),
						 PAY_OK);
				assert_memory_equal(again, m, size);
			} else {
				assert_true(r.amount == 0 &&
					    r.currency[0] == 0);
			}
		}
	}
	/* Both kinds of outcome were reached, many times. */
	assert_true(decoded[0] > 1000 && decoded[0] < 99000);
	assert_true(decoded[1] > 1000 && decoded[1] < 99000);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(request__encodes_to_the_documented_bytes),
		cmocka_unit_test(request__decodes_at_any_alignment),
		cmocka_unit_test(
			request__wrong_length_is_refused_and_nothing_kept),
		cmocka_unit_test(request__each_bad_field_is_named),
		cmocka_unit_test(request__id_zero_is_refused),
		cmocka_unit_test(request__absurd_amounts_are_refused),
		cmocka_unit_test(request__encode_refuses_what_decode_would),
		cmocka_unit_test(verdict__encodes_to_the_documented_bytes),
		cmocka_unit_test(verdict__round_trips_every_outcome),
		cmocka_unit_test(verdict__each_bad_field_is_named),
		cmocka_unit_test(verdict__decode_does_not_judge_the_mac),
		cmocka_unit_test(verdict__encode_refuses_inconsistent_fields),
		cmocka_unit_test(random_messages__decode_exactly_or_not_at_all),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
