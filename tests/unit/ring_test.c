// SPDX-License-Identifier: Apache-2.0
/*
 * libmica's message ring (guests/libmica/ring.c) on the host: two sides,
 * each with its own struct mica_ring over one block of memory, as two
 * partitions have; a hostile peer is this test writing the peer's part
 * word by word. Covers the channel split (include/mica/channel.h), the
 * record format across the data area's end, full and empty, the size
 * limits, notification suppression counted doorbell by doorbell, the
 * blocking calls with a wait that lets the peer act, every corrupt value a
 * peer can write, peers going down and coming back, and the one-way shape.
 */
#include <pthread.h>
#include <sched.h>

#include "libmica/ring.h"
#include "mica/channel.h"
#include "unit.h"

/* One side: its ring, and the doorbells it rang and waits it made. */
struct side {
	struct mica_ring r;
	unsigned notifies;
	unsigned waits;
	/* What happens while this side waits; returns wait()'s answer. */
	bool (*on_wait)(struct side *self);
};

static struct side side_a;
static struct side side_b;
static uint64_t *chan;
static uint64_t chan_size;
static unsigned chan_dir;

static void notify_count(void *ctx)
{
	((struct side *)ctx)->notifies++;
}

static bool wait_hook(void *ctx)
{
	struct side *s = ctx;

	s->waits++;
	return s->on_wait == NULL ? true : s->on_wait(s);
}

static struct mica_ring_ops ops_of(struct side *s)
{
	struct mica_ring_ops ops = { notify_count, wait_hook, s };

	return ops;
}

static void side_init(struct side *s, unsigned side)
{
	struct mica_ring_ops ops = ops_of(s);

	assert_int_equal(mica_ring_init(&s->r, chan, chan_size, chan_dir, side,
					&ops),
			 MICA_RING_OK);
}

/* A side's own part, word by word, as the peer (or the test) sees it. */
static uint64_t *part_of(unsigned side)
{
	uint64_t len;
	uint64_t off = mica_channel_part(chan_size, chan_dir, side, &len);

	assert_true(len > 0);
	return chan + off / 8;
}

/* What mica does when a side stops: its control block is zeroed. */
static void side_stop(unsigned side)
{
	memset(part_of(side), 0, MICA_RING_CTRL_SIZE);
}

/*
 * A fresh channel with both sides up and in step: a starts alone, b
 * starts, a sees b (its one PEER_RESET), and the doorbells are counted
 * from zero.
 */
static void open_chan(uint64_t size, unsigned dir)
{
	free(chan);
	chan = aligned_alloc(4096, size);
	assert_non_null(chan);
	memset(chan, 0, size);
	chan_size = size;
	chan_dir = dir;
	memset(&side_a, 0, sizeof(side_a));
	memset(&side_b, 0, sizeof(side_b));
	side_init(&side_a, MICA_CHAN_SIDE_A);
	side_init(&side_b, MICA_CHAN_SIDE_B);
	if (side_a.r.can_recv) {
		size_t len;
		char c;

		assert_int_equal(mica_ring_recv(&side_a.r, &c, 1, &len),
				 MICA_RING_PEER_RESET);
	} else {
		assert_int_equal(mica_ring_send(&side_a.r, "", 0),
				 MICA_RING_PEER_RESET);
	}
	side_a.notifies = 0;
	side_b.notifies = 0;
}

static int teardown(void **state)
{
	(void)state;
	free(chan);
	chan = NULL;
	return 0;
}

/* Message number seq of length len: bytes no other message has there. */
static void fill(unsigned char *p, size_t len, unsigned seq)
{
	size_t i;

	for (i = 0; i < len; i++) {
		p[i] = (unsigned char)(seq * 131 + i * 7 + 1);
	}
}

static void send_ok(struct side *s, size_t len, unsigned seq)
{
	unsigned char msg[8192];

	assert_true(len <= sizeof(msg));
	fill(msg, len, seq);
	assert_int_equal(mica_ring_send(&s->r, msg, len), MICA_RING_OK);
}

static void recv_ok(struct side *s, size_t len, unsigned seq)
{
	unsigned char want[8192];
	unsigned char got[8192 + 8];
	size_t n = 12345;

	fill(want, len, seq);
	/* Into an odd address: the caller's buffer may be unaligned. */
	assert_int_equal(mica_ring_recv(&s->r, got + (seq % 8), 8192, &n),
			 MICA_RING_OK);
	assert_int_equal(n, len);
	assert_memory_equal(got + (seq % 8), want, len);
}

static void recv_is(struct side *s, int status)
{
	unsigned char buf[64];
	size_t n = 12345;

	assert_int_equal(mica_ring_recv(&s->r, buf, sizeof(buf), &n), status);
	assert_int_equal(n, 0);
}

/* --- the split ------------------------------------------------------- */

static void channel_part__splits_each_direction(void **state)
{
	uint64_t len;

	(void)state;
	assert_int_equal(mica_channel_part(0x4000, MICA_CHAN_BOTH, 0, &len), 0);
	assert_int_equal(len, 0x2000);
	assert_int_equal(mica_channel_part(0x4000, MICA_CHAN_BOTH, 1, &len),
			 0x2000);
	assert_int_equal(len, 0x2000);
	assert_int_equal(mica_channel_part(0x3000, MICA_CHAN_A_TO_B, 0, &len),
			 0);
	assert_int_equal(len, 0x2000);
	assert_int_equal(mica_channel_part(0x3000, MICA_CHAN_A_TO_B, 1, &len),
			 0x2000);
	assert_int_equal(len, 0x1000);
	assert_int_equal(mica_channel_part(0x3000, MICA_CHAN_B_TO_A, 0, &len),
			 0);
	assert_int_equal(len, 0x1000);
	assert_int_equal(mica_channel_part(0x3000, MICA_CHAN_B_TO_A, 1, &len),
			 0x1000);
	assert_int_equal(len, 0x2000);
}

static void channel_part__refuses_what_it_cannot_split(void **state)
{
	uint64_t len = 1;

	(void)state;
	mica_channel_part(0x4000, 0, 0, &len);
	assert_int_equal(len, 0);
	len = 1;
	mica_channel_part(0x4000, 4, 1, &len);
	assert_int_equal(len, 0);
	len = 1;
	mica_channel_part(0x4000, MICA_CHAN_BOTH, 2, &len);
	assert_int_equal(len, 0);
	len = 1;
	mica_channel_part(0x1000, MICA_CHAN_A_TO_B, 0, &len);
	assert_int_equal(len, 0);
}

static void ring_init__rejects_bad_layouts(void **state)
{
	struct mica_ring r;
	struct mica_ring_ops ops = ops_of(&side_a);
	struct mica_ring_ops no_wait = { notify_count, NULL, &side_a };

	(void)state;
	open_chan(0x2000, MICA_CHAN_BOTH);
	assert_int_equal(mica_ring_init(&r, (char *)chan + 4, 0x2000,
					MICA_CHAN_BOTH, 0, &ops),
			 MICA_RING_INVALID);
	assert_int_equal(mica_ring_init(&r, chan, 0x2000, 0, 0, &ops),
			 MICA_RING_INVALID);
	assert_int_equal(mica_ring_init(&r, chan, 0x2000, MICA_CHAN_BOTH, 2,
					&ops),
			 MICA_RING_INVALID);
	assert_int_equal(mica_ring_init(&r, chan, 0x1000, MICA_CHAN_BOTH, 0,
					&ops),
			 MICA_RING_INVALID);
	assert_int_equal(mica_ring_init(&r, chan, 0x2000, MICA_CHAN_BOTH, 0,
					&no_wait),
			 MICA_RING_INVALID);
	assert_int_equal(mica_ring_init(&r, chan, 0x2000, MICA_CHAN_BOTH, 0,
					NULL),
			 MICA_RING_INVALID);
}

/* --- messages -------------------------------------------------------- */

static void ring__carries_messages_both_ways(void **state)
{
	(void)state;
	open_chan(0x2000, MICA_CHAN_BOTH);
	assert_int_equal(side_a.r.tx_size, 0x1000 - 64);
	assert_int_equal(side_b.r.rx_size, 0x1000 - 64);
	recv_is(&side_b, MICA_RING_EMPTY);
	send_ok(&side_a, 5, 1);
	send_ok(&side_a, 16, 2);
	send_ok(&side_b, 3, 3);
	recv_ok(&side_b, 5, 1);
	recv_ok(&side_b, 16, 2);
	recv_is(&side_b, MICA_RING_EMPTY);
	recv_ok(&side_a, 3, 3);
	recv_is(&side_a, MICA_RING_EMPTY);
}

static void ring__zero_length_message_is_a_message(void **state)
{
	(void)state;
	open_chan(0x2000, MICA_CHAN_BOTH);
	assert_int_equal(mica_ring_send(&side_a.r, NULL, 0), MICA_RING_OK);
	assert_int_equal(side_a.r.prod, 8);
	recv_ok(&side_b, 0, 0);
	recv_is(&side_b, MICA_RING_EMPTY);
}

/*
 * Messages of every length from 1 to 61 bytes, received one to three
 * sends behind, from unaligned buffers, 200 times round: records straddle
 * the data area's end at every alignment, none is damaged.
 */
static void ring__wraps_around_many_times(void **state)
{
	unsigned sent = 0;
	unsigned got = 0;
	unsigned straddled = 0;
	uint64_t cap;

	(void)state;
	open_chan(0x2000, MICA_CHAN_BOTH);
	cap = side_a.r.tx_size;
	while (side_a.r.prod < 200 * cap) {
		size_t len = 1 + sent % 61;
		uint64_t off = side_a.r.prod % cap;
		unsigned char msg[64];

		fill(msg + sent % 3, len, sent);
		if (mica_ring_send(&side_a.r, msg + sent % 3, len) ==
		    MICA_RING_FULL) {
			fail_msg("full with %u sent, %u received", sent, got);
		}
		if (off + 8 + ((len + 7) & ~(size_t)7) > cap) {
			straddled++;
		}
		sent++;
		while (got + 1 + sent % 3 < sent) {
			recv_ok(&side_b, 1 + got % 61, got);
			got++;
		}
	}
	while (got < sent) {
		recv_ok(&side_b, 1 + got % 61, got);
		got++;
	}
	recv_is(&side_b, MICA_RING_EMPTY);
	assert_true(straddled >= 100);
}

/* 36 records of 112 bytes fill 4032 exactly; the 37th waits for room. */
static void ring__full_until_the_peer_consumes(void **state)
{
	unsigned i;

	(void)state;
	open_chan(0x2000, MICA_CHAN_BOTH);
	for (i = 0; i < 36; i++) {
		send_ok(&side_a, 100, i);
	}
	assert_int_equal(mica_ring_send(&side_a.r, "x", 1), MICA_RING_FULL);
	assert_int_equal(side_a.r.prod, 36 * 112);
	recv_ok(&side_b, 100, 0);
	send_ok(&side_a, 100, 36);
	assert_int_equal(mica_ring_send(&side_a.r, "x", 1), MICA_RING_FULL);
	for (i = 1; i <= 36; i++) {
		recv_ok(&side_b, 100, i);
	}
	recv_is(&side_b, MICA_RING_EMPTY);
}

static void ring__largest_message_fits_one_more_does_not(void **state)
{
	size_t max;

	(void)state;
	open_chan(0x2000, MICA_CHAN_BOTH);
	max = mica_ring_max_msg(&side_a.r);
	assert_int_equal(max, 0x1000 - 64 - 8);
	assert_int_equal(mica_ring_send(&side_a.r, "", max + 1),
			 MICA_RING_TOO_LARGE);
	assert_int_equal(side_a.r.prod, 0);
	send_ok(&side_a, 1, 0);
	recv_ok(&side_b, 1, 0);
	/* From an offset inside the area: it wraps. */
	send_ok(&side_a, max, 1);
	assert_int_equal(mica_ring_send(&side_a.r, "", 0), MICA_RING_FULL);
	recv_ok(&side_b, max, 1);
	send_ok(&side_a, max, 2);
	recv_ok(&side_b, max, 2);
}

static void ring__small_buffer_says_the_size_and_keeps_it(void **state)
{
	unsigned char buf[64];
	size_t n = 0;

	(void)state;
	open_chan(0x2000, MICA_CHAN_BOTH);
	send_ok(&side_a, 40, 7);
	assert_int_equal(mica_ring_recv(&side_b.r, buf, 39, &n),
			 MICA_RING_BUF_SMALL);
	assert_int_equal(n, 40);
	assert_int_equal(mica_ring_recv(&side_b.r, buf, 0, &n),
			 MICA_RING_BUF_SMALL);
	assert_int_equal(n, 40);
	recv_ok(&side_b, 40, 7);
}

/* a's sends and receives, full or not, never write b's part. */
static void ring__writes_only_its_own_part(void **state)
{
	static unsigned char b_part[0x1000];
	unsigned char big[500];
	unsigned i;

	(void)state;
	open_chan(0x2000, MICA_CHAN_BOTH);
	for (i = 0; i < 10; i++) {
		send_ok(&side_b, 1 + 37 * i, i);
	}
	memcpy(b_part, part_of(MICA_CHAN_SIDE_B), sizeof(b_part));
	for (i = 0; i < 10; i++) {
		recv_ok(&side_a, 1 + 37 * i, i);
		if (i < 7) {
			send_ok(&side_a, sizeof(big), i);
		}
	}
	recv_is(&side_a, MICA_RING_EMPTY);
	assert_int_equal(mica_ring_send(&side_a.r, big, sizeof(big)),
			 MICA_RING_FULL);
	assert_memory_equal(part_of(MICA_CHAN_SIDE_B), b_part, sizeof(b_part));
}

/* --- notification suppression ---------------------------------------- */

static void ring__rings_only_a_peer_that_asked_for_data(void **state)
{
	(void)state;
	open_chan(0x2000, MICA_CHAN_BOTH);
	/* b has not found the ring empty yet, but its data_event is armed. */
	send_ok(&side_a, 8, 1);
	assert_int_equal(side_a.notifies, 1);
	send_ok(&side_a, 8, 2);
	send_ok(&side_a, 8, 3);
	assert_int_equal(side_a.notifies, 1);
	recv_ok(&side_b, 8, 1);
	send_ok(&side_a, 8, 4);
	assert_int_equal(side_a.notifies, 1);
	recv_ok(&side_b, 8, 2);
	recv_ok(&side_b, 8, 3);
	recv_ok(&side_b, 8, 4);
	assert_int_equal(side_a.notifies, 1);
	/* Empty: b re-arms, the next send rings, the one after not. */
	recv_is(&side_b, MICA_RING_EMPTY);
	send_ok(&side_a, 8, 5);
	assert_int_equal(side_a.notifies, 2);
	send_ok(&side_a, 8, 6);
	assert_int_equal(side_a.notifies, 2);
	/* No receive ever rang: a never ran out of room. */
	recv_ok(&side_b, 8, 5);
	recv_ok(&side_b, 8, 6);
	assert_int_equal(side_b.notifies, 0);
}

/*
 * Full with 36 records of 112 bytes, a 300-byte message needs 312: the
 * third receive makes the room, and only it rings.
 */
static void ring__rings_only_a_peer_that_waits_for_room(void **state)
{
	unsigned char big[300];
	unsigned i;

	(void)state;
	open_chan(0x2000, MICA_CHAN_BOTH);
	for (i = 0; i < 36; i++) {
		send_ok(&side_a, 100, i);
	}
	fill(big, sizeof(big), 99);
	assert_int_equal(mica_ring_send(&side_a.r, big, sizeof(big)),
			 MICA_RING_FULL);
	recv_ok(&side_b, 100, 0);
	recv_ok(&side_b, 100, 1);
	assert_int_equal(side_b.notifies, 0);
	recv_ok(&side_b, 100, 2);
	assert_int_equal(side_b.notifies, 1);
	recv_ok(&side_b, 100, 3);
	assert_int_equal(side_b.notifies, 1);
	assert_int_equal(mica_ring_send(&side_a.r, big, sizeof(big)),
			 MICA_RING_OK);
}

/* --- blocking calls -------------------------------------------------- */

static bool a_sends_one(struct side *self)
{
	(void)self;
	send_ok(&side_a, 33, 77);
	return true;
}

static bool b_takes_one(struct side *self)
{
	(void)self;
	recv_ok(&side_b, 100, side_a.waits - 1);
	return true;
}

static bool deadline_passed(struct side *self)
{
	(void)self;
	return false;
}

static void ring_recv_wait__sleeps_until_the_peer_sends(void **state)
{
	unsigned char buf[64];
	size_t n;

	(void)state;
	open_chan(0x2000, MICA_CHAN_BOTH);
	side_b.on_wait = a_sends_one;
	assert_int_equal(mica_ring_recv_wait(&side_b.r, buf, sizeof(buf), &n,
					     5),
			 MICA_RING_OK);
	assert_int_equal(n, 33);
	assert_int_equal(side_b.waits, 1);
	/* b had asked for a doorbell before it slept: a rang. */
	assert_int_equal(side_a.notifies, 1);
	/* No wait at all when a message is there. */
	send_ok(&side_a, 4, 1);
	side_b.on_wait = NULL;
	assert_int_equal(mica_ring_recv_wait(&side_b.r, buf, sizeof(buf), &n,
					     5),
			 MICA_RING_OK);
	assert_int_equal(side_b.waits, 1);
}

static void ring_recv_wait__gives_up_after_its_bound(void **state)
{
	unsigned char buf[64];
	size_t n;

	(void)state;
	open_chan(0x2000, MICA_CHAN_BOTH);
	assert_int_equal(mica_ring_recv_wait(&side_b.r, buf, sizeof(buf), &n,
					     3),
			 MICA_RING_TIMEOUT);
	assert_int_equal(side_b.waits, 3);
	assert_int_equal(mica_ring_recv_wait(&side_b.r, buf, sizeof(buf), &n,
					     0),
			 MICA_RING_TIMEOUT);
	assert_int_equal(side_b.waits, 3);
	side_b.on_wait = deadline_passed;
	assert_int_equal(mica_ring_recv_wait(&side_b.r, buf, sizeof(buf), &n,
					     100),
			 MICA_RING_TIMEOUT);
	assert_int_equal(side_b.waits, 4);
}

static void ring_send_wait__sleeps_until_the_peer_makes_room(void **state)
{
	unsigned char msg[100];
	unsigned i;

	(void)state;
	open_chan(0x2000, MICA_CHAN_BOTH);
	for (i = 0; i < 36; i++) {
		send_ok(&side_a, 100, i);
	}
	side_a.on_wait = b_takes_one;
	fill(msg, sizeof(msg), 36);
	assert_int_equal(mica_ring_send_wait(&side_a.r, msg, sizeof(msg), 5),
			 MICA_RING_OK);
	assert_int_equal(side_a.waits, 1);
	assert_int_equal(side_b.notifies, 1);
	side_a.on_wait = NULL;
	assert_int_equal(mica_ring_send_wait(&side_a.r, msg, sizeof(msg), 2),
			 MICA_RING_TIMEOUT);
	assert_int_equal(side_a.waits, 3);
}

/* --- two threads ---------------------------------------------------- */

#define STRESS_MSGS 20000

static bool yield_cpu(struct side *self)
{
	(void)self;
	sched_yield();
	return true;
}

static size_t stress_len(unsigned i)
{
	return (i * 37u) % 301u;
}

/* a's thread: sends STRESS_MSGS messages; returns the first failure. */
static void *stress_send(void *arg)
{
	unsigned char msg[301];
	unsigned i;

	(void)arg;
	for (i = 0; i < STRESS_MSGS; i++) {
		int st;

		fill(msg, stress_len(i), i);
		st = mica_ring_send_wait(&side_a.r, msg, stress_len(i),
					 1000000);
		if (st != MICA_RING_OK) {
			return (void *)(intptr_t)st;
		}
	}
	return (void *)(intptr_t)MICA_RING_OK;
}

/*
 * Both sides at once on two threads, through a 4032-byte area some 750
 * times round: every message arrives whole and in order. (On the host's
 * strong memory order; the barriers are the same code on Arm.)
 */
static void ring__two_threads_stream_in_order(void **state)
{
	unsigned char want[301];
	unsigned char got[301];
	pthread_t t;
	void *ret;
	unsigned i;
	unsigned bad = 0;

	(void)state;
	open_chan(0x2000, MICA_CHAN_BOTH);
	side_a.on_wait = yield_cpu;
	side_b.on_wait = yield_cpu;
	assert_int_equal(pthread_create(&t, NULL, stress_send, NULL), 0);
	for (i = 0; i < STRESS_MSGS; i++) {
		size_t n = 0;
		int st = mica_ring_recv_wait(&side_b.r, got, sizeof(got), &n,
					     1000000);

		fill(want, stress_len(i), i);
		if (st != MICA_RING_OK || n != stress_len(i) ||
		    memcmp(got, want, n) != 0) {
			bad++;
			break;
		}
	}
	assert_int_equal(pthread_join(t, &ret), 0);
	assert_int_equal((intptr_t)ret, MICA_RING_OK);
	assert_int_equal(bad, 0);
	recv_is(&side_b, MICA_RING_EMPTY);
}

/* --- a hostile peer -------------------------------------------------- */

enum { W_MAGIC, W_PROD, W_CONS, W_DATA_EVENT, W_SPACE_EVENT, W_PEER_EPOCH };

/* b, hostile, writes a record header of its own at a's cons. */
static void b_header(uint64_t at, uint64_t word)
{
	uint64_t *data = part_of(MICA_CHAN_SIDE_B) + MICA_RING_CTRL_SIZE / 8;

	data[(at % side_a.r.rx_size) / 8] = word;
}

static uint64_t header(uint32_t len)
{
	return len | (uint64_t)(uint32_t)~len << 32;
}

/* a finds it corrupt, and stays so for every call until it starts over. */
static void assert_a_corrupt(void)
{
	recv_is(&side_a, MICA_RING_CORRUPT);
	recv_is(&side_a, MICA_RING_CORRUPT);
	assert_int_equal(mica_ring_send(&side_a.r, "x", 1), MICA_RING_CORRUPT);
}

static void ring_recv__corrupt_when_prod_is_behind_cons(void **state)
{
	(void)state;
	open_chan(0x2000, MICA_CHAN_BOTH);
	send_ok(&side_b, 8, 1);
	send_ok(&side_b, 8, 2);
	recv_ok(&side_a, 8, 1);
	part_of(MICA_CHAN_SIDE_B)[W_PROD] = side_a.r.cons - 8;
	assert_a_corrupt();
}

static void ring_recv__corrupt_when_prod_is_past_capacity(void **state)
{
	(void)state;
	open_chan(0x2000, MICA_CHAN_BOTH);
	send_ok(&side_b, 8, 1);
	part_of(MICA_CHAN_SIDE_B)[W_PROD] = side_a.r.rx_size + 8;
	assert_a_corrupt();
}

static void ring_recv__takes_a_full_ring_exactly(void **state)
{
	(void)state;
	open_chan(0x2000, MICA_CHAN_BOTH);
	/* prod - cons == capacity is legal: one record filling it all. */
	b_header(0, header((uint32_t)side_a.r.rx_size - 8));
	part_of(MICA_CHAN_SIDE_B)[W_PROD] = side_a.r.rx_size;
	{
		static unsigned char buf[0x1000];
		size_t n;

		assert_int_equal(mica_ring_recv(&side_a.r, buf, sizeof(buf),
						&n),
				 MICA_RING_OK);
		assert_int_equal(n, side_a.r.rx_size - 8);
	}
}

static void ring_recv__corrupt_when_prod_is_not_a_word(void **state)
{
	(void)state;
	open_chan(0x2000, MICA_CHAN_BOTH);
	b_header(0, header(1));
	part_of(MICA_CHAN_SIDE_B)[W_PROD] = 12;
	assert_a_corrupt();
}

static void ring_recv__corrupt_when_the_check_is_wrong(void **state)
{
	(void)state;
	open_chan(0x2000, MICA_CHAN_BOTH);
	send_ok(&side_b, 8, 1);
	b_header(0, header(8) ^ ((uint64_t)1 << 40));
	assert_a_corrupt();
}

static void ring_recv__corrupt_when_longer_than_produced(void **state)
{
	(void)state;
	open_chan(0x2000, MICA_CHAN_BOTH);
	send_ok(&side_b, 16, 1);
	/* 16 bytes of payload produced: 16 is right, 17 is a lie. */
	b_header(0, header(16));
	recv_ok(&side_a, 16, 1);
	send_ok(&side_b, 16, 2);
	b_header(24, header(17));
	assert_a_corrupt();
}

static void ring_recv__corrupt_when_longer_than_capacity(void **state)
{
	(void)state;
	open_chan(0x2000, MICA_CHAN_BOTH);
	send_ok(&side_b, 16, 1);
	b_header(0, header(0xfffffff8u));
	assert_a_corrupt();
}

/*
 * Counters are free-running modulo 2^64: a peer whose prod wraps past
 * 2^64 is followed, one that claims a prod 2^64 - 8 ahead is corrupt.
 */
static void ring_recv__follows_counters_across_2_to_the_64(void **state)
{
	uint64_t *pb;
	uint64_t *data;
	uint64_t start = (uint64_t)0 - 16;
	uint64_t cap;

	(void)state;
	open_chan(0x2000, MICA_CHAN_BOTH);
	pb = part_of(MICA_CHAN_SIDE_B);
	data = pb + MICA_RING_CTRL_SIZE / 8;
	cap = side_a.r.rx_size;
	/* a's cons so close to 2^64, as a's own state. */
	side_a.r.cons = start;
	data[(start % cap) / 8] = header(5);
	data[((start + 8) % cap) / 8] = 0x0000000504030201ull;
	pb[W_PROD] = start + 16; /* 0 */
	{
		unsigned char buf[8];
		size_t n;

		assert_int_equal(mica_ring_recv(&side_a.r, buf, sizeof(buf),
						&n),
				 MICA_RING_OK);
		assert_int_equal(n, 5);
		assert_memory_equal(buf, "\1\2\3\4\5", 5);
	}
	assert_int_equal(side_a.r.cons, 0);
	recv_is(&side_a, MICA_RING_EMPTY);
	pb[W_PROD] = start + 8;
	assert_a_corrupt();
}

/* A producer checks the peer's cons too: ahead of prod, or too far back. */
static void ring_send__corrupt_when_the_peer_cons_is_wrong(void **state)
{
	(void)state;
	open_chan(0x2000, MICA_CHAN_BOTH);
	send_ok(&side_a, 8, 1);
	part_of(MICA_CHAN_SIDE_B)[W_CONS] = side_a.r.prod + 8;
	assert_int_equal(mica_ring_send(&side_a.r, "x", 1), MICA_RING_CORRUPT);
	assert_int_equal(mica_ring_send(&side_a.r, "x", 1), MICA_RING_CORRUPT);

	open_chan(0x2000, MICA_CHAN_BOTH);
	send_ok(&side_a, 8, 1);
	part_of(MICA_CHAN_SIDE_B)[W_CONS] = 4;
	assert_int_equal(mica_ring_send(&side_a.r, "x", 1), MICA_RING_CORRUPT);
}

/* A corrupt ring comes back when its side starts over; the peer sees it. */
static void ring__recovers_from_corrupt_by_init(void **state)
{
	(void)state;
	open_chan(0x2000, MICA_CHAN_BOTH);
	part_of(MICA_CHAN_SIDE_B)[W_PROD] = 3;
	assert_a_corrupt();
	/* Sticky: the value put right is not enough. */
	part_of(MICA_CHAN_SIDE_B)[W_PROD] = 0;
	assert_a_corrupt();
	/* b repairs (starts over), a starts over. */
	side_stop(MICA_CHAN_SIDE_B);
	side_init(&side_b, MICA_CHAN_SIDE_B);
	side_init(&side_a, MICA_CHAN_SIDE_A);
	recv_is(&side_b, MICA_RING_PEER_RESET);
	send_ok(&side_a, 9, 1);
	send_ok(&side_b, 10, 2);
	recv_ok(&side_b, 9, 1);
	recv_ok(&side_a, 10, 2);
}

/* --- peers come and go ----------------------------------------------- */

static void ring__peer_down_then_back(void **state)
{
	uint64_t w0;

	(void)state;
	open_chan(0x2000, MICA_CHAN_BOTH);
	w0 = part_of(MICA_CHAN_SIDE_B)[W_MAGIC];
	send_ok(&side_b, 8, 1);
	/* A bad magic is a peer that is down, not a corrupt one. */
	part_of(MICA_CHAN_SIDE_B)[W_MAGIC] = w0 ^ 1;
	recv_is(&side_a, MICA_RING_PEER_DOWN);
	assert_int_equal(mica_ring_send(&side_a.r, "x", 1),
			 MICA_RING_PEER_DOWN);
	/* The same incarnation back: nothing lost, no reset. */
	part_of(MICA_CHAN_SIDE_B)[W_MAGIC] = w0;
	recv_ok(&side_a, 8, 1);
	recv_is(&side_a, MICA_RING_EMPTY);
}

/*
 * b restarts (mica zeroes its control block, b starts over): a says
 * PEER_DOWN, then PEER_RESET once; what b's old incarnation sent is
 * dropped, what the new one sends arrives, both ways.
 */
static void ring__peer_restart_resets_once(void **state)
{
	uint32_t old_epoch;

	(void)state;
	open_chan(0x2000, MICA_CHAN_BOTH);
	send_ok(&side_b, 8, 1);
	send_ok(&side_a, 8, 2);
	old_epoch = side_b.r.epoch;
	side_stop(MICA_CHAN_SIDE_B);
	recv_is(&side_a, MICA_RING_PEER_DOWN);
	side_init(&side_b, MICA_CHAN_SIDE_B);
	assert_int_not_equal(side_b.r.epoch, old_epoch);
	/* The new b skips what a had sent to the old one. */
	recv_is(&side_b, MICA_RING_EMPTY);
	send_ok(&side_b, 8, 3);
	recv_is(&side_a, MICA_RING_PEER_RESET);
	recv_ok(&side_a, 8, 3);
	recv_is(&side_a, MICA_RING_EMPTY);
	send_ok(&side_a, 8, 4);
	recv_ok(&side_b, 8, 4);
}

/*
 * a restarts while b still holds the old a's cons: a may fill its data
 * area once counting from 0, then is full (not corrupt) until b has seen
 * the new incarnation; b then takes all of it.
 */
static void ring__restarted_side_waits_for_the_peer_to_see_it(void **state)
{
	unsigned i;

	(void)state;
	open_chan(0x2000, MICA_CHAN_BOTH);
	for (i = 0; i < 100; i++) {
		send_ok(&side_a, 100, i);
		recv_ok(&side_b, 100, i);
	}
	side_stop(MICA_CHAN_SIDE_A);
	side_a.notifies = 0;
	side_b.notifies = 0;
	side_init(&side_a, MICA_CHAN_SIDE_A);
	assert_int_equal(side_a.notifies, 1); /* "peer changed" */
	for (i = 0; i < 36; i++) {
		send_ok(&side_a, 100, i);
		assert_int_equal(side_a.notifies, 2 + i);
	}
	assert_int_equal(mica_ring_send(&side_a.r, "x", 1), MICA_RING_FULL);
	recv_is(&side_b, MICA_RING_PEER_RESET);
	assert_int_equal(side_b.notifies, 1);
	for (i = 0; i < 36; i++) {
		recv_ok(&side_b, 100, i);
	}
	recv_is(&side_b, MICA_RING_EMPTY);
	send_ok(&side_a, 100, 36);
	recv_ok(&side_b, 100, 36);
}

/* micactl's case: a later program of the same side carries on. */
static void ring_attach__carries_on_where_the_last_left(void **state)
{
	struct mica_ring again;
	struct mica_ring_ops ops = ops_of(&side_b);
	unsigned char buf[16];
	size_t n;

	(void)state;
	open_chan(0x2000, MICA_CHAN_BOTH);
	send_ok(&side_a, 8, 1);
	send_ok(&side_a, 8, 2);
	recv_ok(&side_b, 8, 1);
	assert_int_equal(mica_ring_attach(&again, chan, chan_size, chan_dir,
					  MICA_CHAN_SIDE_B, &ops),
			 MICA_RING_OK);
	assert_int_equal(again.epoch, side_b.r.epoch);
	assert_int_equal(mica_ring_recv(&again, buf, sizeof(buf), &n),
			 MICA_RING_OK);
	assert_int_equal(n, 8);
	assert_int_equal(mica_ring_send(&again, "hi", 2), MICA_RING_OK);
	assert_int_equal(mica_ring_recv(&side_a.r, buf, sizeof(buf), &n),
			 MICA_RING_OK);
	assert_memory_equal(buf, "hi", 2);
	/* Nothing to carry on from: it starts over, and a sees that. */
	side_stop(MICA_CHAN_SIDE_B);
	assert_int_equal(mica_ring_attach(&again, chan, chan_size, chan_dir,
					  MICA_CHAN_SIDE_B, &ops),
			 MICA_RING_OK);
	assert_int_equal(again.prod, 0);
	recv_is(&side_a, MICA_RING_PEER_RESET);
}

/* A part left in a state no program of this side writes: start over. */
static void ring_attach__starts_over_from_a_bad_own_part(void **state)
{
	struct mica_ring again;
	struct mica_ring_ops ops = ops_of(&side_b);

	(void)state;
	open_chan(0x2000, MICA_CHAN_BOTH);
	send_ok(&side_b, 8, 1);
	part_of(MICA_CHAN_SIDE_B)[W_PROD] = 12;
	assert_int_equal(mica_ring_attach(&again, chan, chan_size, chan_dir,
					  MICA_CHAN_SIDE_B, &ops),
			 MICA_RING_OK);
	assert_int_equal(again.prod, 0);
	assert_int_equal(part_of(MICA_CHAN_SIDE_B)[W_PROD], 0);
	send_ok(&side_b, 8, 1);
	part_of(MICA_CHAN_SIDE_B)[W_CONS] = 4;
	assert_int_equal(mica_ring_attach(&again, chan, chan_size, chan_dir,
					  MICA_CHAN_SIDE_B, &ops),
			 MICA_RING_OK);
	assert_int_equal(again.prod, 0);
	assert_int_equal(again.cons, side_a.r.prod);
}

/* A peer up with a prod no ring writes: my part is set, the ring is not. */
static void ring_init__corrupt_when_the_peer_prod_is_not_a_word(void **state)
{
	struct mica_ring_ops ops = ops_of(&side_a);

	(void)state;
	open_chan(0x2000, MICA_CHAN_BOTH);
	part_of(MICA_CHAN_SIDE_B)[W_PROD] = 20;
	assert_int_equal(mica_ring_init(&side_a.r, chan, chan_size, chan_dir,
					MICA_CHAN_SIDE_A, &ops),
			 MICA_RING_CORRUPT);
	assert_int_equal((uint32_t)part_of(MICA_CHAN_SIDE_A)[W_MAGIC],
			 MICA_RING_MAGIC);
	assert_a_corrupt();
}

/* --- one way --------------------------------------------------------- */

static void ring__one_way_reader_never_sends_nor_rings(void **state)
{
	unsigned char big[100] = { 0 };
	unsigned i;

	(void)state;
	open_chan(0x3000, MICA_CHAN_A_TO_B);
	assert_int_equal(side_a.r.tx_size, 0x2000 - 64);
	assert_int_equal(side_b.r.rx_size, 0x2000 - 64);
	assert_int_equal(mica_ring_max_msg(&side_b.r), 0);
	assert_int_equal(mica_ring_send(&side_b.r, "x", 1), MICA_RING_DENIED);
	recv_is(&side_a, MICA_RING_DENIED);
	recv_is(&side_b, MICA_RING_EMPTY);
	for (i = 0; i < 72; i++) {
		send_ok(&side_a, 100, i);
	}
	assert_int_equal(side_a.notifies, 1);
	/* 64 bytes left: no room for a 112-byte record. */
	assert_int_equal(mica_ring_send(&side_a.r, big, sizeof(big)),
			 MICA_RING_FULL);
	for (i = 0; i < 72; i++) {
		recv_ok(&side_b, 100, i);
	}
	/* a asked for room, but b may not ring: a polls by its timeout. */
	assert_int_equal(side_b.notifies, 0);
	send_ok(&side_a, mica_ring_max_msg(&side_a.r) - 200, 1);
	recv_ok(&side_b, mica_ring_max_msg(&side_a.r) - 200, 1);
}

static void ring__one_way_b_to_a_is_the_mirror(void **state)
{
	(void)state;
	open_chan(0x3000, MICA_CHAN_B_TO_A);
	assert_int_equal(side_b.r.tx_size, 0x2000 - 64);
	assert_int_equal(mica_ring_send(&side_a.r, "x", 1), MICA_RING_DENIED);
	recv_is(&side_b, MICA_RING_DENIED);
	send_ok(&side_b, 3000, 1);
	recv_ok(&side_a, 3000, 1);
	assert_int_equal(side_a.notifies, 0);
}

/* A record's length is 32 bits, whatever the data area. */
static void ring_send__too_large_past_32_bits(void **state)
{
	struct mica_ring r;
	struct mica_ring_ops ops = ops_of(&side_b);
	uint64_t huge = ((uint64_t)1 << 32) + 0x2000;

	(void)state;
	open_chan(0x2000, MICA_CHAN_B_TO_A);
	/* b's part would run far past this memory: only its header is used. */
	assert_int_equal(mica_ring_init(&r, chan, huge, MICA_CHAN_B_TO_A,
					MICA_CHAN_SIDE_B, &ops),
			 MICA_RING_OK);
	assert_int_equal(mica_ring_max_msg(&r), UINT32_MAX);
	assert_int_equal(mica_ring_send(&r, "", (size_t)1 << 32),
			 MICA_RING_TOO_LARGE);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(channel_part__splits_each_direction),
		cmocka_unit_test(channel_part__refuses_what_it_cannot_split),
		cmocka_unit_test_teardown(ring_init__rejects_bad_layouts,
					  teardown),
		cmocka_unit_test_teardown(ring__carries_messages_both_ways,
					  teardown),
		cmocka_unit_test_teardown(ring__zero_length_message_is_a_message,
					  teardown),
		cmocka_unit_test_teardown(ring__wraps_around_many_times,
					  teardown),
		cmocka_unit_test_teardown(ring__full_until_the_peer_consumes,
					  teardown),
		cmocka_unit_test_teardown(
			ring__largest_message_fits_one_more_does_not, teardown),
		cmocka_unit_test_teardown(
			ring__small_buffer_says_the_size_and_keeps_it,
			teardown),
		cmocka_unit_test_teardown(ring__writes_only_its_own_part,
					  teardown),
		cmocka_unit_test_teardown(
			ring__rings_only_a_peer_that_asked_for_data, teardown),
		cmocka_unit_test_teardown(
			ring__rings_only_a_peer_that_waits_for_room, teardown),
		cmocka_unit_test_teardown(
			ring_recv_wait__sleeps_until_the_peer_sends, teardown),
		cmocka_unit_test_teardown(
			ring_recv_wait__gives_up_after_its_bound, teardown),
		cmocka_unit_test_teardown(
			ring_send_wait__sleeps_until_the_peer_makes_room,
			teardown),
		cmocka_unit_test_teardown(ring__two_threads_stream_in_order,
					  teardown),
		cmocka_unit_test_teardown(
			ring_recv__corrupt_when_prod_is_behind_cons, teardown),
		cmocka_unit_test_teardown(
			ring_recv__corrupt_when_prod_is_past_capacity,
			teardown),
		cmocka_unit_test_teardown(ring_recv__takes_a_full_ring_exactly,
					  teardown),
		cmocka_unit_test_teardown(
			ring_recv__corrupt_when_prod_is_not_a_word, teardown),
		cmocka_unit_test_teardown(
			ring_recv__corrupt_when_the_check_is_wrong, teardown),
		cmocka_unit_test_teardown(
			ring_recv__corrupt_when_longer_than_produced, teardown),
		cmocka_unit_test_teardown(
			ring_recv__corrupt_when_longer_than_capacity, teardown),
		cmocka_unit_test_teardown(
			ring_recv__follows_counters_across_2_to_the_64,
			teardown),
		cmocka_unit_test_teardown(
			ring_send__corrupt_when_the_peer_cons_is_wrong,
			teardown),
		cmocka_unit_test_teardown(ring_send__too_large_past_32_bits,
					  teardown),
		cmocka_unit_test_teardown(ring__recovers_from_corrupt_by_init,
					  teardown),
		cmocka_unit_test_teardown(ring__peer_down_then_back, teardown),
		cmocka_unit_test_teardown(ring__peer_restart_resets_once,
					  teardown),
		cmocka_unit_test_teardown(
			ring__restarted_side_waits_for_the_peer_to_see_it,
			teardown),
		cmocka_unit_test_teardown(
			ring_attach__carries_on_where_the_last_left, teardown),
		cmocka_unit_test_teardown(
			ring_attach__starts_over_from_a_bad_own_part, teardown),
		cmocka_unit_test_teardown(
			ring_init__corrupt_when_the_peer_prod_is_not_a_word,
			teardown),
		cmocka_unit_test_teardown(
			ring__one_way_reader_never_sends_nor_rings, teardown),
		cmocka_unit_test_teardown(ring__one_way_b_to_a_is_the_mirror,
					  teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
