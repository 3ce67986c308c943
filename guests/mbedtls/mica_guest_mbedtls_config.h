/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Mbed TLS 2.28's configuration for native partitions (MBEDTLS_CONFIG_FILE;
 * guests/mbedtls/mbedtls.mk builds the modules it names): SHA-256, the
 * message-digest layer with HMAC, PKCS #5 (PBKDF2 only: no ASN.1, so no
 * PBES2) and constant-time comparison; nothing else. No C library, no
 * threads, no file or clock access; its allocations (md.c's digest and HMAC
 * contexts) come from a fixed pool, crypto_pool.c, not a heap.
 */
#ifndef MICA_GUEST_MBEDTLS_CONFIG_H
#define MICA_GUEST_MBEDTLS_CONFIG_H

#include <stddef.h>

#define MBEDTLS_MD_C
#define MBEDTLS_SHA256_C
#define MBEDTLS_PKCS5_C

#define MBEDTLS_PLATFORM_C
#define MBEDTLS_PLATFORM_MEMORY
#define MBEDTLS_PLATFORM_NO_STD_FUNCTIONS
#define MBEDTLS_PLATFORM_CALLOC_MACRO crypto_pool_calloc
#define MBEDTLS_PLATFORM_FREE_MACRO crypto_pool_free

/*
 * calloc(n, size) from a pool of CRYPTO_POOL_SLOTS zeroed slots of
 * CRYPTO_POOL_SLOT_SIZE bytes: NULL when every slot is taken or n * size
 * does not fit one (Mbed TLS then fails with an allocation error). Not
 * thread-safe: a native partition calls Mbed TLS from one thread.
 */
void *crypto_pool_calloc(size_t n, size_t size);

/* free(): wipes the slot p came from and gives it back; NULL is ignored. */
void crypto_pool_free(const void *p);

#include "mbedtls/check_config.h"

#endif
