/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Mbed TLS 2.28's configuration for mica (MBEDTLS_CONFIG_FILE): SHA-256 and
 * HMAC-DRBG over it, nothing else; no C library, no threads, no file or
 * clock access. Its two allocations (md.c's digest and HMAC contexts) come
 * from the entropy module's fixed pool (hyp/core/entropy.c), not a heap.
 */
#ifndef MICA_MBEDTLS_CONFIG_H
#define MICA_MBEDTLS_CONFIG_H

#include <stddef.h>

#define MBEDTLS_MD_C
#define MBEDTLS_SHA256_C
#define MBEDTLS_SHA256_SMALLER
#define MBEDTLS_HMAC_DRBG_C

#define MBEDTLS_PLATFORM_C
#define MBEDTLS_PLATFORM_MEMORY
#define MBEDTLS_PLATFORM_NO_STD_FUNCTIONS
#define MBEDTLS_PLATFORM_CALLOC_MACRO entropy_calloc
#define MBEDTLS_PLATFORM_FREE_MACRO entropy_free

void *entropy_calloc(size_t n, size_t size);
void entropy_free(const void *p);

#include "mbedtls/check_config.h"

#endif
