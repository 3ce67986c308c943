// SPDX-License-Identifier: Apache-2.0
/*
 * pin-entry's PIN check (guests/pin-entry/check.c) on the host, over the
 * same Mbed TLS modules and configuration as the partition
 * (guests/mbedtls): the right PIN, wrong then right, the lock-out at the
 * limit and after it, PINs of the wrong length, the verdict's bytes and
 * MAC against a vector computed apart from Mbed TLS, the counter, and
 * the allocation pool the crypto runs on.
 */
#include "check.h"
#include "unit.h"
/* crypto_pool_calloc() and crypto_pool_free() */
#include MBEDTLS_CONFIG_FILE

/*
 * A provisioning as tools/pin-provision writes one, for PIN "4711", with
 * fixed salt and key so that the vectors below hold. The hash was computed
 * with Python's hashlib, not Mbed TLS:
 *   hashlib.pbkdf2_hmac("sha256", b"4711", bytes(range(0x10, 0x20)), 1000)
 * 1000 iterations, not the build's count, to keep the test quick.
 */
static const struct check_provision prov = {
	.salt = { 0x10, 0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17, 0x18, 0x19,
		  0x1a, 0x1b, 0x1c, 0x1d, 0x1e, 0x1f },
	.iterations = 1000,
	.hash = { 0x33, 0x1d, 0x01, 0xff, 0xf9, 0xb5, 0x6c, 0x9c,
		  0xda, 0xfc, 0x6b, 0x2e, 0xcc, 0x8a, 0x5c, 0x8d,
		  0xbe, 0xef, 0x6e, 0x23, 0x27, 0x09, 0x29, 0x9f,
		  0xfa, 0x15, 0x38, 0xd4, 0x8a, 0xdf, 0x1e, 0x99 },
	.key = { 0xa0, 0xa1, 0xa2, 0xa3, 0xa4, 0xa5, 0xa6, 0xa7,
		 0xa8, 0xa9, 0xaa, 0xab, 0xac, 0xad, 0xae, 0xaf,
		 0xb0, 0xb1, 0xb2, 0xb3, 0xb4, 0xb5, 0xb6, 0xb7,
		 0xb8, 0xb9, 0xba, 0xbb, 0xbc, 0xbd, 0xbe, 0xbf },
};

static const struct pay_request req = {
	.id = 0x1122334455667788ull,
	.amount = 1250,
	.currency = "EUR",
};

#define SESSION 0xcafe0001u

/*
 * The approved verdict for req, first of session SESSION, tries left 3.
 * Its MAC was computed with Python's hmac, not Mbed TLS:
 *   body = b"MPV1" + bytes([1, 3]) + struct.pack("<HQQ", 0,
 *          0x1122334455667788, 1250) + b"EUR\0" +
 *          struct.pack("<IQ", 0xcafe0001, 1)
 *   hmac.new(bytes(range(0xa0, 0xc0)), body, hashlib.sha256).digest()
 */
static const uint8_t approved_vector[PAY_VERDICT_SIZE] = {
	'M',  'P',  'V',  '1',	1,    3,    0,	  0,	0x88, 0x77, 0x66, 0x55,
	0x44, 0x33, 0x22, 0x11, 0xe2, 0x04, 0,	  0,	0,    0,    0,	  0,
	'E',  'U',  'R',  0,	0x01, 0,    0xfe, 0xca, 1,    0,    0,	  0,
	0,    0,    0,	  0,	0x91, 0x40, 0x4c, 0x21, 0xbe, 0x6b, 0xdb, 0xde,
	0x0a, 0xe2, 0x92, 0x43, 0x4b, 0xdb, 0x07, 0x77, 0xb4, 0xb3, 0xac, 0x5c,
	0x94, 0xbc, 0x83, 0xcf, 0xff, 0x1b, 0xdb, 0x3e, 0xcc, 0x13, 0xd5, 0x60,
};

static struct check_state fresh(void)
{
	struct check_state s;

	check_init(&s, &prov, SESSION);
	return s;
}

static void check_pin__right_pin_is_approved(void **state)
{
	struct check_state s = fresh();

	(void)state;
	assert_int_equal(check_tries_left(&s), CHECK_TRIES);
	assert_int_equal(check_pin(&s, "4711", 4), PAY_APPROVED);
	assert_int_equal(check_tries_left(&s), CHECK_TRIES);
	/* Only the n digits given count: what follows them is not read. */
	assert_int_equal(check_pin(&s, "47119", 4), PAY_APPROVED);
}

static void check_pin__wrong_then_right_gives_the_tries_back(void **state)
{
	struct check_state s = fresh();

	(void)state;
	assert_int_equal(check_pin(&s, "4712", 4), PAY_DENIED);
	assert_int_equal(check_tries_left(&s), CHECK_TRIES - 1);
	assert_int_equal(check_pin(&s, "0000", 4), PAY_DENIED);
	assert_int_equal(check_tries_left(&s), CHECK_TRIES - 2);
	assert_int_equal(check_pin(&s, "4711", 4), PAY_APPROVED);
	assert_int_equal(check_tries_left(&s), CHECK_TRIES);
}

static void check_pin__locks_out_at_the_limit(void **state)
{
	struct check_state s = fresh();

	(void)state;
	for (unsigned i = 1; i < CHECK_TRIES; i++) {
		assert_int_equal(check_pin(&s, "1111", 4), PAY_DENIED);
		assert_int_equal(check_tries_left(&s), CHECK_TRIES - i);
	}
	assert_int_equal(check_pin(&s, "1111", 4), PAY_LOCKED);
	assert_int_equal(check_tries_left(&s), 0);
}

static void check_pin__locked_stays_locked_even_for_the_right_pin(void **state)
{
	struct check_state s = fresh();

	(void)state;
	for (unsigned i = 0; i < CHECK_TRIES; i++) {
		(void)check_pin(&s, "9999", 4);
	}
	for (unsigned i = 0; i < 5; i++) {
		assert_int_equal(check_pin(&s, "4711", 4), PAY_LOCKED);
		assert_int_equal(check_tries_left(&s), 0);
	}
}

static void check_pin__wrong_lengths_are_wrong_pins(void **state)
{
	struct check_state s = fresh();
	char long_pin[CHECK_PIN_MAX + 2];

	(void)state;
	/* A prefix, an extension, nothing, and over CHECK_PIN_MAX. */
	assert_int_equal(check_pin(&s, "471", 3), PAY_DENIED);
	assert_int_equal(check_pin(&s, "47110", 5), PAY_DENIED);
	assert_int_equal(check_tries_left(&s), CHECK_TRIES - 2);
	assert_int_equal(check_pin(&s, "4711", 4), PAY_APPROVED);
	assert_int_equal(check_pin(&s, "", 0), PAY_DENIED);
	memset(long_pin, '1', sizeof(long_pin));
	assert_int_equal(check_pin(&s, long_pin, CHECK_PIN_MAX + 1),
			 PAY_DENIED);
	assert_int_equal(check_tries_left(&s), CHECK_TRIES - 2);
}

static void check_pin__a_new_start_resets_the_tries(void **state)
{
	struct check_state s = fresh();

	(void)state;
	for (unsigned i = 0; i < CHECK_TRIES; i++) {
		(void)check_pin(&s, "9999", 4);
	}
	assert_int_equal(check_pin(&s, "4711", 4), PAY_LOCKED);
	/* What a restart of pin-entry does (check.h says so). */
	s = fresh();
	assert_int_equal(check_pin(&s, "4711", 4), PAY_APPROVED);
}

static void check_verdict__matches_an_independent_hmac(void **state)
{
	struct check_state s = fresh();
	uint8_t out[PAY_VERDICT_SIZE];

	(void)state;
	assert_true(check_verdict(&s, &req, PAY_APPROVED, 0, out));
	assert_memory_equal(out, approved_vector, PAY_VERDICT_SIZE);
}

static void check_verdict__any_changed_field_changes_the_mac(void **state)
{
	struct check_state s = fresh();
	struct check_state other = fresh();
	struct pay_request dearer = req;
	uint8_t a[PAY_VERDICT_SIZE];
	uint8_t b[PAY_VERDICT_SIZE];

	(void)state;
	dearer.amount++;
	assert_true(check_verdict(&s, &req, PAY_APPROVED, 0, a));
	assert_true(check_verdict(&other, &dearer, PAY_APPROVED, 0, b));
	assert_memory_not_equal(a + PAY_VERDICT_BODY_SIZE,
				b + PAY_VERDICT_BODY_SIZE, PAY_MAC_SIZE);
	check_init(&other, &prov, SESSION + 1);
	assert_true(check_verdict(&other, &req, PAY_APPROVED, 0, b));
	assert_memory_not_equal(a + PAY_VERDICT_BODY_SIZE,
				b + PAY_VERDICT_BODY_SIZE, PAY_MAC_SIZE);
}

static void check_verdict__counts_every_verdict(void **state)
{
	struct check_state s = fresh();
	uint8_t out[PAY_VERDICT_SIZE];
	struct pay_verdict v;

	(void)state;
	for (uint64_t n = 1; n <= 4; n++) {
		assert_true(check_verdict(&s, &req, PAY_DENIED,
					  PAY_REASON_CANCELLED, out));
		assert_int_equal(pay_verdict_decode(out, sizeof(out), &v),
				 PAY_OK);
		assert_true(v.counter == n);
		assert_true(v.session == SESSION);
		assert_int_equal(v.tries_left, CHECK_TRIES);
	}
}

static void check_verdict__refusals_name_only_the_id(void **state)
{
	struct check_state s = fresh();
	uint8_t out[PAY_VERDICT_SIZE];
	struct pay_verdict v;

	(void)state;
	assert_true(check_verdict(&s, &req, PAY_REFUSED, PAY_BAD_AMOUNT, out));
	assert_int_equal(pay_verdict_decode(out, sizeof(out), &v), PAY_OK);
	assert_true(v.id == req.id && v.amount == 0 && v.currency[0] == 0);
	assert_int_equal(v.reason, PAY_BAD_AMOUNT);
	assert_true(check_verdict(&s, NULL, PAY_REFUSED, PAY_BAD_LENGTH, out));
	assert_int_equal(pay_verdict_decode(out, sizeof(out), &v), PAY_OK);
	assert_true(v.id == 0 && v.counter == 2);
}

static void check_verdict__inconsistent_verdicts_are_not_made(void **state)
{
	struct check_state s = fresh();
	uint8_t out[PAY_VERDICT_SIZE];
	uint8_t zero[PAY_VERDICT_SIZE] = { 0 };
	struct pay_request bad = req;
	struct pay_verdict v;

	(void)state;
	bad.amount = 0;
	memset(out, 0x5a, sizeof(out));
	assert_false(check_verdict(&s, &bad, PAY_APPROVED, 0, out));
	assert_memory_equal(out, zero, sizeof(out));
	assert_false(check_verdict(&s, NULL, PAY_APPROVED, 0, out));
	assert_false(check_verdict(&s, &req, PAY_APPROVED, PAY_BAD_ID, out));
	assert_false(check_verdict(&s, &req, PAY_LOCKED, 0, out));
	for (unsigned i = 0; i < CHECK_TRIES; i++) {
		(void)check_pin(&s, "9999", 4);
	}
	assert_false(check_verdict(&s, &req, PAY_DENIED, 0, out));
	/* None of those used a counter. */
	assert_true(check_verdict(&s, &req, PAY_LOCKED, 0, out));
	assert_int_equal(pay_verdict_decode(out, sizeof(out), &v), PAY_OK);
	assert_true(v.counter == 1 && v.tries_left == 0);
}

static void crypto_pool__hands_out_wiped_slots_and_takes_them_back(void **state)
{
	uint8_t *a;
	uint8_t *b;

	(void)state;
	a = crypto_pool_calloc(2, 64);
	b = crypto_pool_calloc(1, 100);
	assert_non_null(a);
	assert_non_null(b);
	assert_null(crypto_pool_calloc(1, 1)); /* both slots taken */
	memset(a, 0xee, 128);
	crypto_pool_free(a);
	assert_true(crypto_pool_calloc(1, 129) == NULL); /* too large */
	assert_true(crypto_pool_calloc(0, 1) == NULL);
	a = crypto_pool_calloc(1, 128);
	assert_non_null(a);
	for (unsigned i = 0; i < 128; i++) {
		assert_int_equal(a[i], 0);
	}
	crypto_pool_free(a);
	crypto_pool_free(b);
	crypto_pool_free(NULL);
	/* Every check gave its slots back: many in a row all run. */
	{
		struct check_state s = fresh();

		for (unsigned i = 0; i < 8; i++) {
			assert_int_equal(check_pin(&s, "4711", 4),
					 PAY_APPROVED);
		}
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(check_pin__right_pin_is_approved),
		cmocka_unit_test(
			check_pin__wrong_then_right_gives_the_tries_back),
		cmocka_unit_test(check_pin__locks_out_at_the_limit),
		cmocka_unit_test(
			check_pin__locked_stays_locked_even_for_the_right_pin),
		cmocka_unit_test(check_pin__wrong_lengths_are_wrong_pins),
		cmocka_unit_test(check_pin__a_new_start_resets_the_tries),
		cmocka_unit_test(check_verdict__matches_an_independent_hmac),
		cmocka_unit_test(
			check_verdict__any_changed_field_changes_the_mac),
		cmocka_unit_test(check_verdict__counts_every_verdict),
		cmocka_unit_test(check_verdict__refusals_name_only_the_id),
		cmocka_unit_test(
			check_verdict__inconsistent_verdicts_are_not_made),
		cmocka_unit_test(
			crypto_pool__hands_out_wiped_slots_and_takes_them_back),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
