// SPDX-License-Identifier: Apache-2.0
/*
 * libFuzzer target over libmica's ring (guests/libmica/ring.c), run by
 * `make test` through fuzz_ring_run_test. The input picks a channel shape
 * and then plays a sequence of operations: side a, the ring under test,
 * sends, receives (blocking or not), starts over or attaches; its peer b is
 * an honest ring too, which sends, receives, stops and restarts; and the
 * input may overwrite any word of b's part with any value, nudge one by a
 * few, or write the lies that need a's counters (a record header at a's
 * cons, a prod or cons near a's), at any point. So the consumer side meets every corrupt index,
 * record header, epoch and event, from every state honest traffic reaches.
 *
 * Besides ASan and UBSan (the channel and every receive buffer are
 * allocated at their exact size), it stops on: a call of a that writes b's
 * part; a status outside the API's; a received length over the buffer; a
 * corrupt ring answering anything but CORRUPT before it starts over; and,
 * while the input has not tampered with b's part, any CORRUPT at all or a
 * message whose bytes are not what b sent.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "libmica/ring.h"
#include "mica/channel.h"

#define MAX_MSG 9000
/* Words of a control block (docs/channels.md) */
#define W_PROD 1
#define W_CONS 2
#define W_PEER_EPOCH 5
#define W_CTRL (MICA_RING_CTRL_SIZE / 8)

struct input {
	const uint8_t *p;
	size_t left;
};

static struct input in;
static uint64_t *chan;
static uint64_t chan_size;
static unsigned chan_dir;
static unsigned side_of_a;
static struct mica_ring ring_a;
static struct mica_ring ring_b;
static uint64_t *part_b;
static uint64_t part_b_len;
static unsigned char *snapshot;
static int tampered;
static int b_up; /* a stopped partition runs nothing until it starts */
static int a_corrupt;
static unsigned seq;
static unsigned waits;

static uint64_t take(unsigned bytes)
{
	uint64_t v = 0;
	unsigned i;

	for (i = 0; i < bytes && in.left > 0; i++, in.left--, in.p++) {
		v |= (uint64_t)*in.p << (8 * i);
	}
	return v;
}

static void die(const char *why, int status)
{
	fprintf(stderr, "fuzz_ring: %s (status %d)\n", why, status);
	abort();
}

static void notify_nothing(void *ctx)
{
	(void)ctx;
}

static void peer_step(void);

/* Waiting lets the peer act once. */
static bool wait_peer(void *ctx)
{
	(void)ctx;
	waits++;
	peer_step();
	return true;
}

static const struct mica_ring_ops ops = { notify_nothing, wait_peer, NULL };

/* Message bytes b sends: each follows from the first and its place. */
static void make_msg(unsigned char *m, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++) {
		m[i] = (unsigned char)(seq + i * 13);
	}
	seq++;
}

static int msg_ok(const unsigned char *m, size_t len)
{
	size_t i;

	for (i = 1; i < len; i++) {
		if (m[i] != (unsigned char)(m[0] + i * 13)) {
			return 0;
		}
	}
	return 1;
}

static int a_send(size_t len, int blocking)
{
	unsigned char *m = malloc(len + 1);
	int st;

	make_msg(m, len);
	st = blocking ? mica_ring_send_wait(&ring_a, m, len, 2) :
			mica_ring_send(&ring_a, m, len);
	free(m);
	/* Never over what b has yet to consume, once b counts from a's. */
	if (st == MICA_RING_OK && !blocking &&
	    part_b[W_PEER_EPOCH] == ring_a.epoch &&
	    ring_a.prod - part_b[W_CONS] > ring_a.tx_size) {
		die("a produced over what b has not consumed", st);
	}
	return st;
}

static int a_recv(size_t size, int blocking)
{
	/* Exactly size bytes: a write past them is ASan's to catch. */
	unsigned char *buf = malloc(size == 0 ? 1 : size);
	size_t len = 0;
	int st;

	st = blocking ? mica_ring_recv_wait(&ring_a, buf, size, &len, 2) :
			mica_ring_recv(&ring_a, buf, size, &len);
	if (st == MICA_RING_OK || st == MICA_RING_BUF_SMALL) {
		if (st == MICA_RING_OK && len > size) {
			die("received more than the buffer", st);
		}
		if (st == MICA_RING_OK && !tampered && !msg_ok(buf, len)) {
			die("a message b never sent", st);
		}
		/* Never past the prod a read (b cannot act during recv). */
		if (st == MICA_RING_OK && !blocking &&
		    part_b[W_PROD] - ring_a.cons > ring_a.rx_size) {
			die("a consumed past b's prod", st);
		}
	} else if (len != 0) {
		die("a length with a failure", st);
	}
	free(buf);
	return st;
}

/* One operation of b, the honest peer, or of the input on b's part. */
static void peer_step(void)
{
	unsigned op = (unsigned)take(1);
	uint64_t at;
	int st = MICA_RING_OK;

	switch (op % 9) {
	case 0: {
		size_t len = take(2) % MAX_MSG;
		unsigned char *m;

		if (!b_up) {
			break;
		}
		m = malloc(len + 1);
		make_msg(m, len);
		st = mica_ring_send(&ring_b, m, len);
		free(m);
		break;
	}
	case 1: {
		unsigned char buf[MAX_MSG];
		size_t len;
		size_t want = take(2) % MAX_MSG;

		if (b_up) {
			st = mica_ring_recv(&ring_b, buf, want, &len);
		}
		break;
	}
	case 2: /* b stops: mica zeroes its control block */
		memset(part_b, 0, MICA_RING_CTRL_SIZE);
		b_up = 0;
		break;
	case 3: /* b starts (again) */
		memset(part_b, 0, MICA_RING_CTRL_SIZE);
		st = mica_ring_init(&ring_b, chan, chan_size, chan_dir,
				    side_of_a ^ 1, &ops);
		b_up = 1;
		break;
	case 4: /* any value in any word of b's part */
		at = take(2) % (part_b_len / 8);
		part_b[at] = take(8);
		tampered = 1;
		break;
	case 5: /* a word of b's part nudged by -128..127 */
		at = take(1) % (part_b_len / 8);
		part_b[at] += (uint64_t)(int64_t)(int8_t)take(1);
		tampered = 1;
		break;
	/*
	 * The lies that need a's state, which a hostile b reads in a's part:
	 * a record header at a's cons (a right or a wrong check); a prod or
	 * a cons close to a's counters.
	 */
	case 6:
		at = W_CTRL + (ring_a.cons % ring_a.rx_size) / 8;
		part_b[at] = take(4);
		part_b[at] |= (uint64_t)(uint32_t)(~part_b[at] ^ take(1)) << 32;
		tampered = 1;
		break;
	case 7:
		part_b[W_PROD] =
			ring_a.cons + (uint64_t)(int64_t)(int16_t)take(2);
		tampered = 1;
		break;
	default:
		part_b[W_CONS] =
			ring_a.prod - (uint64_t)(int64_t)(int16_t)take(2);
		tampered = 1;
		break;
	}
	if (st == MICA_RING_CORRUPT && !tampered) {
		die("honest b found a corrupt ring", st);
	}
}

static void check_a(int st)
{
	if (st > 0 || st < MICA_RING_INVALID || st == MICA_RING_INVALID) {
		die("a status outside the API", st);
	}
	if (a_corrupt && st != MICA_RING_CORRUPT) {
		die("a corrupt ring went on", st);
	}
	if (st == MICA_RING_CORRUPT) {
		if (!tampered) {
			die("corrupt with an honest peer", st);
		}
		a_corrupt = 1;
	}
}

/* One operation of a; b's part must come out of it untouched. */
static void a_step(unsigned op)
{
	int st;

	memcpy(snapshot, part_b, part_b_len);
	switch (op % 6) {
	case 0: st = a_send(take(2) % MAX_MSG, 0); break;
	case 1: st = a_recv(take(2) % MAX_MSG, 0); break;
	case 2: st = a_send(take(2) % MAX_MSG, 1); break;
	case 3: st = a_recv(take(2) % MAX_MSG, 1); break;
	case 4:
		st = mica_ring_init(&ring_a, chan, chan_size, chan_dir,
				    side_of_a, &ops);
		a_corrupt = 0;
		break;
	default:
		st = mica_ring_attach(&ring_a, chan, chan_size, chan_dir,
				      side_of_a, &ops);
		a_corrupt = 0;
		break;
	}
	if (memcmp(snapshot, part_b, part_b_len) != 0) {
		/* Only a wait, which lets b act, may have changed it. */
		if (op % 6 != 2 && op % 6 != 3) {
			die("a wrote b's part", st);
		}
	}
	check_a(st);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const uint64_t sizes[] = { 0x2000, 0x3000, 0x4000, 0x2010 };
	unsigned shape;
	uint64_t off;
	unsigned steps = 0;

	in.p = data;
	in.left = size;
	shape = (unsigned)take(1);
	chan_dir = MICA_CHAN_BOTH + shape % 3;
	chan_size = sizes[(shape >> 2) % 4];
	side_of_a = (shape >> 4) & 1;
	chan = calloc(1, chan_size);
	off = mica_channel_part(chan_size, chan_dir, side_of_a ^ 1,
				&part_b_len);
	part_b = chan + off / 8;
	snapshot = malloc(part_b_len);
	tampered = 0;
	b_up = 1;
	a_corrupt = 0;
	seq = 0;
	waits = 0;
	/* Who starts first. */
	if (shape & 0x20) {
		check_a(mica_ring_init(&ring_a, chan, chan_size, chan_dir,
				       side_of_a, &ops));
		mica_ring_init(&ring_b, chan, chan_size, chan_dir,
			       side_of_a ^ 1, &ops);
	} else {
		mica_ring_init(&ring_b, chan, chan_size, chan_dir,
			       side_of_a ^ 1, &ops);
		check_a(mica_ring_init(&ring_a, chan, chan_size, chan_dir,
				       side_of_a, &ops));
	}
	while (in.left > 0 && steps++ < 4096) {
		unsigned op = (unsigned)take(1);

		if (op & 0x80) {
			peer_step();
		} else {
			a_step(op);
		}
	}
	free(snapshot);
	free(chan);
	return 0;
}
