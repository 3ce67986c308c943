/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Random seeds for partitions, drawn from one deterministic random bit
 * generator (HMAC-DRBG with SHA-256, NIST SP 800-90A, Mbed TLS's) that is
 * instantiated once from the boot loader's seed. Not an entropy source:
 * every byte it gives is as good as that one seed, and no better.
 */
#ifndef MICA_ENTROPY_H
#define MICA_ENTROPY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Seed material entropy_init() takes: 256 bits (the DRBG's strength) up. */
#define ENTROPY_SEED_MIN 32u
#define ENTROPY_SEED_MAX 64u
/* The largest draw (Mbed TLS's MBEDTLS_HMAC_DRBG_MAX_REQUEST). */
#define ENTROPY_DRAW_MAX 1024u

/*
 * Instantiates the DRBG from seed (seed_size bytes, ENTROPY_SEED_MIN to
 * ENTROPY_SEED_MAX) and nonce (the counter at boot: it need not be secret,
 * only differ between boots that got the same seed), replacing any earlier
 * instance. False, and nothing is drawn from then on, if seed_size is out
 * of range or the DRBG could not be set up. The caller wipes its seed.
 */
bool entropy_init(const uint8_t *seed, size_t seed_size, uint64_t nonce);

/*
 * Fills out (size bytes, at most ENTROPY_DRAW_MAX) with a fresh draw for
 * partition id: every call gives other bytes, whoever asks (the DRBG's
 * state moves on; the partition's id and the draw's number go in as
 * additional input as well). Any CPU; takes the module's lock for one draw
 * (bounded: about size / 32 + 9 HMAC-SHA-256 computations). False, out
 * untouched, if the DRBG was not seeded or size is out of range.
 */
bool entropy_draw(uint32_t id, uint8_t *out, size_t size);

/*
 * Mbed TLS's calloc and free (mica_mbedtls_config.h): a fixed pool that
 * holds exactly the DRBG's HMAC contexts; NULL when it cannot. Mbed TLS
 * calls them under the module's lock only (entropy_init()); not for
 * anything else.
 */
void *entropy_calloc(size_t n, size_t size);
void entropy_free(const void *p);

#endif
