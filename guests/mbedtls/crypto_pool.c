// SPDX-License-Identifier: Apache-2.0
/*
 * The memory Mbed TLS allocates in a native partition
 * (mica_guest_mbedtls_config.h routes its calloc and free here): a few
 * fixed slots in .bss, enough for the contexts of one HMAC-SHA256 at a
 * time, each one wiped when it is given back, since it held a key.
 */
#include <stdalign.h>
#include <stdbool.h>
#include <stdint.h>

#include "mbedtls/platform_util.h"
#include "mbedtls/sha256.h"

/*
 * One mbedtls_md_context_t with HMAC takes both slots: its SHA-256
 * context and the HMAC pads (2 x 64 bytes). check.c never holds two such
 * contexts at once.
 */
#define CRYPTO_POOL_SLOTS 2u
#define CRYPTO_POOL_SLOT_SIZE 128u
_Static_assert(sizeof(mbedtls_sha256_context) <= CRYPTO_POOL_SLOT_SIZE &&
		       2u * 64u <= CRYPTO_POOL_SLOT_SIZE,
	       "pool slots hold md.c's contexts");

static alignas(16) uint8_t pool[CRYPTO_POOL_SLOTS][CRYPTO_POOL_SLOT_SIZE];
static bool pool_used[CRYPTO_POOL_SLOTS];

void *crypto_pool_calloc(size_t n, size_t size)
{
	for (unsigned i = 0; i < CRYPTO_POOL_SLOTS; i++) {
		if (!pool_used[i] && n != 0 &&
		    size <= CRYPTO_POOL_SLOT_SIZE / n) {
			pool_used[i] = true;
			mbedtls_platform_zeroize(pool[i],
						 CRYPTO_POOL_SLOT_SIZE);
			return pool[i];
		}
	}
	return NULL;
}

void crypto_pool_free(const void *p)
{
	for (unsigned i = 0; i < CRYPTO_POOL_SLOTS; i++) {
		if (p == pool[i]) {
			mbedtls_platform_zeroize(pool[i],
						 CRYPTO_POOL_SLOT_SIZE);
			pool_used[i] = false;
		}
	}
}
