// SPDX-License-Identifier: Apache-2.0
/*
 * The update agent's SHA-256 and ECDSA P-256 verification over Mbed TLS
 * (p256.h), and the static heap Mbed TLS's bignums live in: one
 * verification takes a few KiB of it, all given back before it returns.
 */
#include "p256.h"

#include <stdalign.h>

#include "mbedtls/ecdsa.h"
#include "mbedtls/memory_buffer_alloc.h"
#include "mbedtls/sha256.h"

/*
 * A verification's peak, measured on the host with MBEDTLS_MEMORY_DEBUG:
 * 4.4 KiB in 76 blocks, 9.3 KiB with memory_buffer_alloc's headers;
 * 16 KiB leaves room for fragmentation.
 */
#define P256_HEAP_SIZE 16384u

static alignas(16) unsigned char heap[P256_HEAP_SIZE];
static bool heap_ready;

void p256_heap_broken(int status)
{
	(void)status;
	__builtin_trap(); /* a fault: the partition's fault policy applies */
}

void p256_sha256(const void *msg, size_t len, uint8_t out[P256_HASH_SIZE])
{
	/* Fails only for a bad is224 argument: 0 is SHA-256. */
	(void)mbedtls_sha256_ret(msg, len, out, 0);
}

bool p256_verify(const uint8_t pub[P256_PUB_SIZE],
		 const uint8_t hash[P256_HASH_SIZE],
		 const uint8_t sig[P256_SIG_SIZE])
{
	mbedtls_ecp_group grp;
	mbedtls_ecp_point q;
	mbedtls_mpi r;
	mbedtls_mpi s;
	bool ok;

	if (!heap_ready) {
		mbedtls_memory_buffer_alloc_init(heap, sizeof(heap));
		heap_ready = true;
	}
	mbedtls_ecp_group_init(&grp);
	mbedtls_ecp_point_init(&q);
	mbedtls_mpi_init(&r);
	mbedtls_mpi_init(&s);
	/* ecdsa_verify checks 0 < r, s < n; check_pubkey that q is on P-256. */
	ok = mbedtls_ecp_group_load(&grp, MBEDTLS_ECP_DP_SECP256R1) == 0 &&
	     mbedtls_ecp_point_read_binary(&grp, &q, pub, P256_PUB_SIZE) == 0 &&
	     mbedtls_ecp_check_pubkey(&grp, &q) == 0 &&
	     mbedtls_mpi_read_binary(&r, sig, P256_SIG_SIZE / 2) == 0 &&
	     mbedtls_mpi_read_binary(&s, sig + P256_SIG_SIZE / 2,
				     P256_SIG_SIZE / 2) == 0 &&
	     mbedtls_ecdsa_verify(&grp, hash, P256_HASH_SIZE, &q, &r, &s) == 0;
	mbedtls_mpi_free(&s);
	mbedtls_mpi_free(&r);
	mbedtls_ecp_point_free(&q);
	mbedtls_ecp_group_free(&grp);
	return ok;
}
