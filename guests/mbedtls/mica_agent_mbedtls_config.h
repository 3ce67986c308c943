/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Mbed TLS 2.28's configuration for the update agent (MBEDTLS_CONFIG_FILE;
 * guests/mbedtls/mbedtls.mk builds the modules it names into their own
 * objects, apart from pin-entry's): ECDSA signature verification on NIST
 * P-256 and SHA-256, nothing else. Allocations (bignum's limbs, ECP's
 * precomputed points) come from memory_buffer_alloc over a static buffer
 * that p256.c owns: a native partition has no heap. No C library, no
 * threads, no file or clock access.
 */
#ifndef MICA_AGENT_MBEDTLS_CONFIG_H
#define MICA_AGENT_MBEDTLS_CONFIG_H

#include <stddef.h>

#define MBEDTLS_SHA256_C
#define MBEDTLS_BIGNUM_C
#define MBEDTLS_ECP_C
#define MBEDTLS_ECDSA_C
#define MBEDTLS_ECP_DP_SECP256R1_ENABLED
#define MBEDTLS_ECP_NIST_OPTIM
/*
 * Verification handles public values only: the blinding that ECP's
 * internal DRBG feeds protects secret scalars, and would pull HMAC-DRBG in.
 */
#define MBEDTLS_ECP_NO_INTERNAL_RNG
/*
 * check_config.h demands both for ECDSA_C, for ecdsa.c's DER signature
 * functions; their modules are not built: the agent verifies raw r || s,
 * and the link drops the DER functions (-ffunction-sections,
 * --gc-sections), so nothing calls into ASN.1.
 */
#define MBEDTLS_ASN1_PARSE_C
#define MBEDTLS_ASN1_WRITE_C

#define MBEDTLS_PLATFORM_C
#define MBEDTLS_PLATFORM_MEMORY
#define MBEDTLS_PLATFORM_NO_STD_FUNCTIONS
#define MBEDTLS_MEMORY_BUFFER_ALLOC_C
#define MBEDTLS_PLATFORM_EXIT_MACRO p256_heap_broken

/*
 * memory_buffer_alloc's exit() when it finds its heap's headers broken,
 * which only a bug can do (no input reaches the heap's headers): stops the
 * program at once (p256.c).
 */
void p256_heap_broken(int status);

#include "mbedtls/check_config.h"

#endif
