/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The update agent's protocol and checks (docs/update.md): takes Linux's
 * messages one at a time, assembles an update image in a buffer, checks
 * it (format, signature, target, version, payload size, payload hash)
 * before anything else, then stages it, boots it as the standby and waits
 * for the switch; checks wipe commands and their nonce, then wipes. Every
 * action goes through libmica's management hypercalls; a refusal changes
 * nothing. Freestanding, with no state outside struct agent, so that the
 * host tests run it against a fake mica.
 */
#ifndef AGENT_H
#define AGENT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "p256.h"

#define AGENT_HDR_SIZE 8	  /* tag, u32 zero */
#define AGENT_DATA_MAX 16384u	  /* payload bytes in one DATA */
#define AGENT_IMAGE_HEADER 128u	  /* an image's header */
#define AGENT_IMAGE_PREFIX 192u	  /* its header and signature */
#define AGENT_WIPE_SIZE 128u	  /* a wipe command: body and signature */
#define AGENT_REPLY_MAX 160u	  /* one line, with room */
#define AGENT_SWITCH_POLL_MS 10u  /* between QUERYs after STANDBY */
#define AGENT_SWITCH_POLLS 3000u  /* 30 s for the switch */
#define AGENT_WIPE_CALLS 1000000u /* PART_WIPE calls at most */

struct agent {
	uint8_t *buf;	     /* the image being received */
	size_t cap;	     /* its size: the largest image taken */
	const uint8_t *pub;  /* P256_PUB_SIZE bytes: the signing key */
	uint64_t total;	     /* bytes UBEG announced */
	uint64_t got;	     /* bytes received, in order */
	bool receiving;	     /* between UBEG and UEND */
	const char *spoiled; /* why this transfer fails, or NULL */
	uint64_t last_nonce; /* the last wipe nonce accepted */
	bool nonce_accepted; /* one was */
};

/*
 * Starts the agent with an image buffer of cap bytes at buf and the public
 * key pub, both kept (not copied) for the agent's life.
 */
void agent_init(struct agent *a, uint8_t *buf, size_t cap,
		const uint8_t pub[P256_PUB_SIZE]);

/*
 * Handles one message of len bytes from Linux (any bytes: it is not
 * trusted). Writes the reply line, without a newline, into reply (at least
 * AGENT_REPLY_MAX bytes, NUL-terminated) and returns its length; 0 and an
 * empty string for no reply (a DATA message). Bounded: an image's checks and staging are linear in its size;
 * the wait for a switch is at most AGENT_SWITCH_POLLS pauses, a wipe at
 * most AGENT_WIPE_CALLS calls.
 */
size_t agent_handle(struct agent *a, const uint8_t *msg, size_t len,
		    char *reply);

/*
 * Waits ms milliseconds: the platform's (the partition's timer; the host
 * tests' fake mica moves on instead).
 */
void agent_sleep_ms(unsigned ms);

#endif
