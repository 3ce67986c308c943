// SPDX-License-Identifier: Apache-2.0
/*
 * Partition seeds: one HMAC-DRBG (SHA-256; Mbed TLS's vetted code, compiled
 * in from Debian's source, never our own crypto) instantiated at boot from
 * the boot loader's seed plus the counter, and drawn from at every start and
 * restart of a guest OS. Each draw moves the DRBG's state on, so no two
 * draws are alike and no seed is handed out twice or to two partitions.
 * What this does not do: gather entropy. There is no reseed; with no boot
 * loader seed nothing is drawn (the caller gives the guest no seed rather
 * than a predictable one).
 */
#include "mica/entropy.h"
#include "mica/spinlock.h"
#include "mica/string.h"

#define MBEDTLS_CONFIG_FILE "mica_mbedtls_config.h"
#include "mbedtls/hmac_drbg.h"
#include "mbedtls/platform_util.h"
#include "mbedtls/sha256.h"

_Static_assert(ENTROPY_DRAW_MAX == MBEDTLS_HMAC_DRBG_MAX_REQUEST,
	       "a draw is what Mbed TLS takes in one request");

static struct spinlock lock = SPINLOCK_INIT;
static mbedtls_hmac_drbg_context drbg;
static bool seeded;
static uint64_t draw_count;

/*
 * md.c's two allocations for the DRBG's HMAC: the SHA-256 context and the
 * inner and outer pads (a SHA-256 block each).
 */
#define POOL_SLOTS 2u
#define POOL_SLOT_SIZE 128u
_Static_assert(sizeof(mbedtls_sha256_context) <= POOL_SLOT_SIZE &&
		       2u * 64u <= POOL_SLOT_SIZE,
	       "pool slots hold md.c's contexts");
static _Alignas(16) uint8_t pool[POOL_SLOTS][POOL_SLOT_SIZE];
static bool pool_used[POOL_SLOTS];

void *entropy_calloc(size_t n, size_t size)
{
	for (unsigned i = 0; i < POOL_SLOTS; i++) {
		if (!pool_used[i] && n != 0 && size <= POOL_SLOT_SIZE / n) {
			pool_used[i] = true;
			memset(pool[i], 0, POOL_SLOT_SIZE);
			return pool[i];
		}
	}
	return NULL;
}

void entropy_free(const void *p)
{
	for (unsigned i = 0; i < POOL_SLOTS; i++) {
		if (p == pool[i]) {
			mbedtls_platform_zeroize(pool[i], POOL_SLOT_SIZE);
			pool_used[i] = false;
		}
	}
}

bool entropy_init(const uint8_t *seed, size_t seed_size, uint64_t nonce)
{
	bool ok = false;

	spinlock_lock(&lock);
	mbedtls_hmac_drbg_free(&drbg); /* any earlier instance, and its pool */
	mbedtls_hmac_drbg_init(&drbg);
	if (seed != NULL && seed_size >= ENTROPY_SEED_MIN &&
	    seed_size <= ENTROPY_SEED_MAX) {
		uint8_t material[ENTROPY_SEED_MAX + sizeof(nonce)];

		memcpy(material, seed, seed_size);
		memcpy(material + seed_size, &nonce, sizeof(nonce));
		ok = mbedtls_hmac_drbg_seed_buf(&drbg,
						mbedtls_md_info_from_type(
							MBEDTLS_MD_SHA256),
						material,
						seed_size + sizeof(nonce)) == 0;
		mbedtls_platform_zeroize(material, sizeof(material));
	}
	if (!ok) {
		mbedtls_hmac_drbg_free(&drbg);
	}
	seeded = ok;
	draw_count = 0;
	spinlock_unlock(&lock);
	return ok;
}

bool entropy_draw(uint32_t id, uint8_t *out, size_t size)
{
	bool ok = false;

	if (out == NULL || size == 0 || size > ENTROPY_DRAW_MAX) {
		return false;
	}
	spinlock_lock(&lock);
	if (seeded) {
		uint8_t add[sizeof(draw_count) + sizeof(id)];

		draw_count++;
		memcpy(add, &draw_count, sizeof(draw_count));
		memcpy(add + sizeof(draw_count), &id, sizeof(id));
		ok = mbedtls_hmac_drbg_random_with_add(&drbg, out, size, add,
						       sizeof(add)) == 0;
	}
	spinlock_unlock(&lock);
	return ok;
}
