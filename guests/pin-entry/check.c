// SPDX-License-Identifier: Apache-2.0
/*
 * The PIN check (check.h): PBKDF2-HMAC-SHA256 of the typed digits under
 * the provisioned salt, compared in constant time with the provisioned
 * hash; the tries and the lock-out; the verdict's HMAC. Every primitive is
 * Mbed TLS's; this file holds only the decisions and wipes what it
 * derived.
 */
#include "check.h"

#include "mbedtls/constant_time.h"
#include "mbedtls/md.h"
#include "mbedtls/pkcs5.h"
#include "mbedtls/platform_util.h"

void check_init(struct check_state *s, const struct check_provision *prov,
		uint32_t session)
{
	s->prov = prov;
	s->tries_left = CHECK_TRIES;
	s->session = session;
	s->counter = 0;
}

unsigned check_tries_left(const struct check_state *s)
{
	return s->tries_left;
}

/* PBKDF2-HMAC-SHA256 of the n bytes at pin into hash; Mbed TLS's status. */
static int derive(const struct check_provision *prov, const char *pin, size_t n,
		  uint8_t hash[CHECK_HASH_SIZE])
{
	mbedtls_md_context_t md;
	int rc;

	mbedtls_md_init(&md);
	rc = mbedtls_md_setup(&md, mbedtls_md_info_from_type(MBEDTLS_MD_SHA256),
			      1);
	if (rc == 0) {
		rc = mbedtls_pkcs5_pbkdf2_hmac(&md, (const unsigned char *)pin,
					       n, prov->salt,
					       sizeof(prov->salt),
					       prov->iterations,
					       CHECK_HASH_SIZE, hash);
	}
	mbedtls_md_free(&md); /* wipes the HMAC state, which held the PIN */
	return rc;
}

enum pay_outcome check_pin(struct check_state *s, const char *digits, size_t n)
{
	int rc = 0;
	bool match = false;

	if (s->tries_left == 0) {
		return PAY_LOCKED;
	}
	/*
	 * The try is taken before the slow hash, as a smart card does, so
	 * that nothing which stops the check half-way gives a free guess.
	 */
	s->tries_left--;
	if (n > 0 && n <= CHECK_PIN_MAX) {
		uint8_t hash[CHECK_HASH_SIZE];

		rc = derive(s->prov, digits, n, hash);
		match = rc == 0 && mbedtls_ct_memcmp(hash, s->prov->hash,
						     CHECK_HASH_SIZE) == 0;
		mbedtls_platform_zeroize(hash, sizeof(hash));
	}
	if (rc != 0) {
		s->tries_left++;
		return PAY_REFUSED;
	}
	if (match) {
		s->tries_left = CHECK_TRIES;
		return PAY_APPROVED;
	}
	return s->tries_left == 0 ? PAY_LOCKED : PAY_DENIED;
}

bool check_verdict(struct check_state *s, const struct pay_request *req,
		   enum pay_outcome outcome, uint16_t reason,
		   uint8_t out[PAY_VERDICT_SIZE])
{
	struct pay_verdict v = {
		.outcome = (uint8_t)outcome,
		.tries_left = (uint8_t)s->tries_left,
		.reason = reason,
		.session = s->session,
		.counter = s->counter + 1,
	};
	const mbedtls_md_info_t *sha256 =
		mbedtls_md_info_from_type(MBEDTLS_MD_SHA256);

	if (req != NULL) {
		v.id = req->id;
		if (outcome != PAY_REFUSED) {
			v.amount = req->amount;
			for (unsigned i = 0; i < PAY_CURRENCY_SIZE; i++) {
				v.currency[i] = req->currency[i];
			}
		}
	}
	/* A counter that wrapped to 0 is refused by the encoder. */
	if (pay_verdict_encode(&v, out) != PAY_OK ||
	    mbedtls_md_hmac(sha256, s->prov->key, sizeof(s->prov->key), out,
			    PAY_VERDICT_BODY_SIZE,
			    out + PAY_VERDICT_BODY_SIZE) != 0) {
		mbedtls_platform_zeroize(out, PAY_VERDICT_SIZE);
		return false;
	}
	s->counter = v.counter;
	return true;
}
