// SPDX-License-Identifier: Apache-2.0
/*
 * rt-bench's service over SERVE_CHANNEL (serve.h): requests in, one reply
 * each, never waiting for the peer; Linux is untrusted, so a reply that
 * finds no room is dropped and a corrupt ring is started afresh.
 */
#include "serve.h"

#include "libmica/channel.h"
#include "libmica/console.h"

#define SERVE_BATCH 16 /* requests answered per serve_poll() */
/* Requests: the largest message of linux-rt (32 KiB parts) fits. */
#define REQUEST_MAX (32u * 1024u)
#define REPLY_MAX 160

static struct mica_channel chan;
static bool opened;
static bool said_corrupt;
static uint64_t rounds;
static struct stats latest; /* in ns */

bool serve_open(void)
{
	int st;

	if (!mica_channel_find(&chan, SERVE_CHANNEL)) {
		return false;
	}
	st = mica_channel_open(&chan);
	if (st != MICA_RING_OK) {
		mica_printf("rt-bench: %s: cannot open (ring status %d)\n",
			    SERVE_CHANNEL, st);
		return false;
	}
	mica_channel_doorbell(&chan, false);
	opened = true;
	return true;
}

void serve_doorbell(bool on)
{
	if (opened) {
		mica_channel_doorbell(&chan, on);
	}
}

void serve_record(uint64_t round, const struct stats *ns)
{
	rounds = round;
	latest = *ns;
}

/* Whether the len bytes at req are the string s. */
static bool is(const char *req, uint64_t len, const char *s)
{
	uint64_t i = 0;

	for (; i < len && s[i] != '\0' && req[i] == s[i]; i++) {
	}
	return i == len && s[i] == '\0';
}

/* A reply being built: text, then numbers; never past REPLY_MAX. */
struct reply {
	char text[REPLY_MAX];
	unsigned len;
};

static void put(struct reply *r, const char *s)
{
	for (; *s != '\0' && r->len < REPLY_MAX; s++) {
		r->text[r->len++] = *s;
	}
}

static void put_dec(struct reply *r, uint64_t v)
{
	char digits[STATS_DEC_MAX + 1];

	*stats_put_dec(digits, v) = '\0';
	put(r, digits);
}

static void answer(const char *req, uint64_t len)
{
	struct reply r = { .len = 0 };

	if (!is(req, len, "stats")) {
		put(&r, "rt-bench: unknown request; try: stats");
	} else if (rounds == 0) {
		put(&r, "rt-bench: no round measured yet");
	} else {
		put(&r, "rt-bench round ");
		put_dec(&r, rounds);
		put(&r, ": ");
		put_dec(&r, latest.count);
		put(&r, " samples, latency min ");
		put_dec(&r, latest.min);
		put(&r, " ns, mean ");
		put_dec(&r, latest.mean);
		put(&r, " ns, max ");
		put_dec(&r, latest.max);
		put(&r, " ns");
	}
	/* Full, or the peer gone: the caller times out; rt-bench goes on. */
	(void)mica_ring_send(&chan.ring, r.text, r.len);
}

/* Starts this side's ring afresh: what the peer had sent is dropped. */
static void restart_ring(const char *why)
{
	const struct mica_ring_ops ops = chan.ring.ops;

	if (!said_corrupt) {
		mica_printf("rt-bench: %s: %s, ring started afresh\n",
			    SERVE_CHANNEL, why);
		said_corrupt = true; /* once: a hostile peer floods nothing */
	}
	(void)mica_ring_init(&chan.ring, (void *)(uintptr_t)chan.info.ipa,
			     chan.info.size, chan.info.direction,
			     chan.info.side, &ops);
}

bool serve_poll(void)
{
	static char req[REQUEST_MAX];

	if (!opened) {
		return false;
	}
	for (unsigned i = 0; i < SERVE_BATCH; i++) {
		size_t len = 0;
		int st = mica_ring_recv(&chan.ring, req, sizeof(req), &len);

		if (st == MICA_RING_OK) {
			answer(req, len);
		} else if (st == MICA_RING_CORRUPT) {
			restart_ring("corrupt ring");
			return false;
		} else if (st == MICA_RING_BUF_SMALL) {
			restart_ring("request too large");
			return false;
		} else if (st != MICA_RING_PEER_RESET) {
			return false; /* empty, or Linux is down */
		}
	}
	return true;
}
