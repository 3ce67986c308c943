// SPDX-License-Identifier: Apache-2.0
/*
 * The partitions' seeds (hyp/core/entropy.c): Mbed TLS's HMAC-DRBG checked
 * against NIST's published HMAC_DRBG vectors (so the wiring, not only the
 * output's look, is right), then what mica asks of it: every draw differs,
 * per partition and per start, none is all zeros, the same boot seed and
 * counter give the same draws (no hidden source), and nothing is drawn
 * without a seed or for a size out of range. Also the fixed pool that
 * stands in for Mbed TLS's calloc.
 */
#include "mica/entropy.h"
#include "unit.h"

#include "mbedtls/hmac_drbg.h"

/* A boot loader seed: 32 bytes, as QEMU's /chosen/rng-seed. */
static const uint8_t boot_seed[32] = {
	0x5c, 0x1d, 0x9e, 0x03, 0x77, 0xa2, 0x41, 0xe8, 0x0b, 0x66, 0xf1,
	0x2d, 0x98, 0x34, 0xcb, 0x7a, 0x11, 0xe0, 0x4f, 0x83, 0x2a, 0xd6,
	0x59, 0xbe, 0x07, 0x6c, 0x93, 0x18, 0xfa, 0x45, 0xc2, 0x3e,
};

static bool all_zero(const uint8_t *b, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (b[i] != 0) {
			return false;
		}
	}
	return true;
}

static int reset(void **state)
{
	(void)state;
	assert_true(entropy_init(boot_seed, sizeof(boot_seed), 0x1234));
	return 0;
}

/*
 * NIST CAVP HMAC_DRBG (drbgvectors_no_reseed/HMAC_DRBG.rsp), [SHA-256],
 * PredictionResistance = False, EntropyInputLen = 256, NonceLen = 128,
 * PersonalizationStringLen = 0, AdditionalInputLen = 0, COUNT = 0:
 * instantiate with entropy || nonce, generate 1024 bits twice, the second
 * is ReturnedBits. Through the same calls entropy.c makes.
 */
static void hmac_drbg__matches_nists_vector(void **state)
{
	static const uint8_t material[48] = {
		0xca, 0x85, 0x19, 0x11, 0x34, 0x93, 0x84, 0xbf,
		0xfe, 0x89, 0xde, 0x1c, 0xbd, 0xc4, 0x6e, 0x68,
		0x31, 0xe4, 0x4d, 0x34, 0xa4, 0xfb, 0x93, 0x5e,
		0xe2, 0x85, 0xdd, 0x14, 0xb7, 0x1a, 0x74, 0x88, /* entropy */
		0x65, 0x9b, 0xa9, 0x6c, 0x60, 0x1d, 0xc6, 0x9f,
		0xc9, 0x02, 0x94, 0x08, 0x05, 0xec, 0x0c, 0xa8, /* nonce */
	};
	static const uint8_t expected[128] = {
		0xe5, 0x28, 0xe9, 0xab, 0xf2, 0xde, 0xce, 0x54, 0xd4, 0x7c,
		0x7e, 0x75, 0xe5, 0xfe, 0x30, 0x21, 0x49, 0xf8, 0x17, 0xea,
		0x9f, 0xb4, 0xbe, 0xe6, 0xf4, 0x19, 0x96, 0x97, 0xd0, 0x4d,
		0x5b, 0x89, 0xd5, 0x4f, 0xbb, 0x97, 0x8a, 0x15, 0xb5, 0xc4,
		0x43, 0xc9, 0xec, 0x21, 0x03, 0x6d, 0x24, 0x60, 0xb6, 0xf7,
		0x3e, 0xba, 0xd0, 0xdc, 0x2a, 0xba, 0x6e, 0x62, 0x4a, 0xbf,
		0x07, 0x74, 0x5b, 0xc1, 0x07, 0x69, 0x4b, 0xb7, 0x54, 0x7b,
		0xb0, 0x99, 0x5f, 0x70, 0xde, 0x25, 0xd6, 0xb2, 0x9e, 0x2d,
		0x30, 0x11, 0xbb, 0x19, 0xd2, 0x76, 0x76, 0xc0, 0x71, 0x62,
		0xc8, 0xb5, 0xcc, 0xde, 0x06, 0x68, 0x96, 0x1d, 0xf8, 0x68,
		0x03, 0x48, 0x2c, 0xb3, 0x7e, 0xd6, 0xd5, 0xc0, 0xbb, 0x8d,
		0x50, 0xcf, 0x1f, 0x50, 0xd4, 0x76, 0xaa, 0x04, 0x58, 0xbd,
		0xab, 0xa8, 0x06, 0xf4, 0x8b, 0xe9, 0xdc, 0xb8,
	};
	mbedtls_hmac_drbg_context ctx;
	uint8_t out[128];

	(void)state;
	mbedtls_hmac_drbg_init(&ctx);
	assert_int_equal(mbedtls_hmac_drbg_seed_buf(&ctx,
						    mbedtls_md_info_from_type(
							    MBEDTLS_MD_SHA256),
						    material, sizeof(material)),
			 0);
	assert_int_equal(mbedtls_hmac_drbg_random(&ctx, out, sizeof(out)), 0);
	assert_int_equal(mbedtls_hmac_drbg_random(&ctx, out, sizeof(out)), 0);
	assert_memory_equal(out, expected, sizeof(out));
	mbedtls_hmac_drbg_free(&ctx);
}

static void entropy_draw__differs_per_partition_and_per_start(void **state)
{
	enum { DRAWS = 64 };
	static uint8_t seen[DRAWS][32];

	(void)state;
	/* 4 partitions, each started 16 times, interleaved. */
	for (unsigned i = 0; i < DRAWS; i++) {
		assert_true(entropy_draw(i % 4, seen[i], sizeof(seen[i])));
		assert_false(all_zero(seen[i], sizeof(seen[i])));
		assert_memory_not_equal(seen[i], boot_seed, sizeof(boot_seed));
		for (unsigned j = 0; j < i; j++) {
			assert_memory_not_equal(seen[i], seen[j],
						sizeof(seen[i]));
		}
	}
}

static void entropy_draw__same_boot_same_draws_other_boot_others(void **state)
{
	uint8_t a[32];
	uint8_t b[32];
	uint8_t c[32];
	uint8_t seed2[32];

	(void)state;
	assert_true(entropy_draw(0, a, sizeof(a)));
	/* Nothing but the seed and the nonce goes in. */
	assert_true(entropy_init(boot_seed, sizeof(boot_seed), 0x1234));
	assert_true(entropy_draw(0, b, sizeof(b)));
	assert_memory_equal(a, b, sizeof(a));
	/* Another counter at boot: other draws, even with the same seed. */
	assert_true(entropy_init(boot_seed, sizeof(boot_seed), 0x1235));
	assert_true(entropy_draw(0, c, sizeof(c)));
	assert_memory_not_equal(a, c, sizeof(a));
	/* Another seed: other draws. */
	memcpy(seed2, boot_seed, sizeof(seed2));
	seed2[31] ^= 1;
	assert_true(entropy_init(seed2, sizeof(seed2), 0x1234));
	assert_true(entropy_draw(0, c, sizeof(c)));
	assert_memory_not_equal(a, c, sizeof(a));
}

static void entropy_draw__partition_id_goes_in(void **state)
{
	uint8_t a[32];
	uint8_t b[32];

	(void)state;
	/* The same draw number for two partitions: other bytes. */
	assert_true(entropy_draw(0, a, sizeof(a)));
	assert_true(entropy_init(boot_seed, sizeof(boot_seed), 0x1234));
	assert_true(entropy_draw(1, b, sizeof(b)));
	assert_memory_not_equal(a, b, sizeof(a));
}

static void entropy_init__refuses_a_short_or_missing_seed(void **state)
{
	uint8_t out[32];

	(void)state;
	memset(out, 0xa5, sizeof(out));
	assert_false(entropy_init(boot_seed, ENTROPY_SEED_MIN - 1, 1));
	/* Nothing is drawn then: no predictable seed handed out. */
	assert_false(entropy_draw(0, out, sizeof(out)));
	assert_false(entropy_init(NULL, 32, 1));
	assert_false(entropy_draw(0, out, sizeof(out)));
	assert_false(entropy_init(boot_seed, ENTROPY_SEED_MAX + 1, 1));
	assert_false(entropy_draw(0, out, sizeof(out)));
	for (size_t i = 0; i < sizeof(out); i++) {
		assert_int_equal(out[i], 0xa5);
	}
	/* A seed again: draws again. */
	assert_true(entropy_init(boot_seed, sizeof(boot_seed), 1));
	assert_true(entropy_draw(0, out, sizeof(out)));
}

static void entropy_draw__bounds_its_size(void **state)
{
	static uint8_t out[ENTROPY_DRAW_MAX + 1];

	(void)state;
	assert_false(entropy_draw(0, out, 0));
	assert_false(entropy_draw(0, NULL, 32));
	assert_false(entropy_draw(0, out, ENTROPY_DRAW_MAX + 1));
	assert_true(entropy_draw(0, out, ENTROPY_DRAW_MAX));
	assert_false(all_zero(out, ENTROPY_DRAW_MAX));
}

static void entropy_calloc__holds_the_drbgs_contexts_only(void **state)
{
	void *p;

	(void)state;
	/* The DRBG (set up by reset()) holds both slots. */
	assert_null(entropy_calloc(1, 64));
	/* Freed by another instantiation, taken again by it. */
	assert_true(entropy_init(boot_seed, sizeof(boot_seed), 7));
	assert_null(entropy_calloc(1, 1));
	/* A failed instantiation leaves them free; too big is refused. */
	assert_false(entropy_init(NULL, 0, 0));
	assert_null(entropy_calloc(1, 129));
	assert_null(entropy_calloc(0, 1));
	assert_null(entropy_calloc(SIZE_MAX, 2)); /* no overflow */
	p = entropy_calloc(2, 64);
	assert_non_null(p);
	assert_true(all_zero(p, 128));
	memset(p, 0xff, 128);
	entropy_free(p);
	assert_true(all_zero(p, 128)); /* wiped when freed */
	entropy_free(NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(hmac_drbg__matches_nists_vector),
		cmocka_unit_test_setup(
			entropy_draw__differs_per_partition_and_per_start,
			reset),
		cmocka_unit_test_setup(
			entropy_draw__same_boot_same_draws_other_boot_others,
			reset),
		cmocka_unit_test_setup(entropy_draw__partition_id_goes_in,
				       reset),
		cmocka_unit_test_setup(
			entropy_init__refuses_a_short_or_missing_seed, reset),
		cmocka_unit_test_setup(entropy_draw__bounds_its_size, reset),
		cmocka_unit_test_setup(
			entropy_calloc__holds_the_drbgs_contexts_only, reset),
	};

	return cmocka_run_group_tests_name("entropy", tests, NULL, NULL);
}
