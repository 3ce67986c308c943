// SPDX-License-Identifier: Apache-2.0
/*
 * Genuine verdicts on the host, for tests/tools/test_pin_verify.py: made by
 * pin-entry's own code (check.c, pay.c, Mbed TLS under the partitions'
 * configuration), so that the verifier, tools/pin-verify (Python), is
 * tested against the C side rather than against itself.
 *
 * Usage: pin-verdict KEYFILE SESSION OUTCOME ID AMOUNT CURRENCY [COUNT]
 *   KEYFILE   the verdict key, 64 hex digits (tools/pin-provision's file)
 *   SESSION   the session value (hex)
 *   OUTCOME   approved, denied (after one wrong PIN), locked (after
 *             CHECK_TRIES) or refused (reason: bad amount)
 *   ID AMOUNT request id (decimal) and amount in cents
 *   COUNT     verdicts to print, counters 1 to COUNT (default 1)
 * Prints each verdict as one line of 144 hex digits. Host only: never in a
 * partition.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"

static int usage(void)
{
	fprintf(stderr, "usage: pin-verdict KEYFILE SESSION "
			"approved|denied|locked|refused ID AMOUNT CURRENCY "
			"[COUNT]\n");
	return 2;
}

static int read_key(const char *path, uint8_t key[CHECK_KEY_SIZE])
{
	FILE *f = fopen(path, "r");
	unsigned byte;

	if (f == NULL) {
		perror(path);
		return -1;
	}
	for (unsigned i = 0; i < CHECK_KEY_SIZE; i++) {
		if (fscanf(f, "%2x", &byte) != 1) {
			fclose(f);
			fprintf(stderr, "%s: not %d bytes of hex\n", path,
				CHECK_KEY_SIZE);
			return -1;
		}
		key[i] = (uint8_t)byte;
	}
	fclose(f);
	return 0;
}

int main(int argc, char **argv)
{
	/* A hash of zeros, which no PIN derives: every PIN is wrong. */
	struct check_provision prov = { .iterations = 1 };
	struct check_state s;
	struct pay_request req = { 0 };
	enum pay_outcome outcome = PAY_REFUSED;
	uint16_t reason = 0;
	unsigned long count = 1;
	uint8_t out[PAY_VERDICT_SIZE];

	if (argc < 7 || argc > 8 || read_key(argv[1], prov.key) != 0 ||
	    strlen(argv[6]) != PAY_CURRENCY_SIZE - 1) {
		return usage();
	}
	check_init(&s, &prov, (uint32_t)strtoul(argv[2], NULL, 16));
	req.id = strtoull(argv[4], NULL, 10);
	req.amount = strtoull(argv[5], NULL, 10);
	memcpy(req.currency, argv[6], PAY_CURRENCY_SIZE);
	if (argc == 8) {
		count = strtoul(argv[7], NULL, 10);
	}
	if (strcmp(argv[3], "approved") == 0) {
		outcome = PAY_APPROVED;
	} else if (strcmp(argv[3], "denied") == 0) {
		outcome = check_pin(&s, "0000", 4);
	} else if (strcmp(argv[3], "locked") == 0) {
		for (unsigned i = 0; i < CHECK_TRIES; i++) {
			outcome = check_pin(&s, "0000", 4);
		}
	} else if (strcmp(argv[3], "refused") == 0) {
		outcome = PAY_REFUSED;
		reason = PAY_BAD_AMOUNT;
	} else {
		return usage();
	}
	for (unsigned long n = 0; n < count; n++) {
		if (!check_verdict(&s, &req, outcome, reason, out)) {
			fprintf(stderr, "pin-verdict: check_verdict refused "
					"this verdict\n");
			return 1;
		}
		for (unsigned i = 0; i < PAY_VERDICT_SIZE; i++) {
			printf("%02x", out[i]);
		}
		printf("\n");
	}
	return 0;
}
