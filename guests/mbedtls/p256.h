/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The update agent's crypto (guests/update-agent, docs/update.md): SHA-256
 * and ECDSA P-256 signature verification, from Mbed TLS 2.28 under
 * mica_agent_mbedtls_config.h, over a static heap that this module owns.
 * Freestanding: the same code runs in the partition and in the host
 * tests. Not thread-safe: a native partition calls it from one thread.
 */
#ifndef P256_H
#define P256_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define P256_PUB_SIZE 65 /* an uncompressed point: 0x04, X, Y */
#define P256_SIG_SIZE 64 /* r || s, each 32 bytes big-endian */
#define P256_HASH_SIZE 32

/* The SHA-256 of the len bytes at msg, into out. */
void p256_sha256(const void *msg, size_t len, uint8_t out[P256_HASH_SIZE]);

/*
 * Whether sig is a valid ECDSA P-256 signature by the key pub over hash (a
 * SHA-256 digest). False, too, when pub is not a point of the curve, r or s
 * is 0 or not below the group order, or the heap ran out (it holds one
 * verification at a time, with room to spare). It does not catch a
 * signature made with a key whose private half leaked: that is the key's
 * keeper's business (docs/update.md).
 */
bool p256_verify(const uint8_t pub[P256_PUB_SIZE],
		 const uint8_t hash[P256_HASH_SIZE],
		 const uint8_t sig[P256_SIG_SIZE]);

#endif
