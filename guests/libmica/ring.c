// SPDX-License-Identifier: Apache-2.0
/*
 * The message ring (libmica/ring.h; byte by byte in docs/channels.md, "Ring
 * protocol"). It owns the two control blocks' meaning, the record format
 * and every check of what the peer wrote. Freestanding: stdint, stddef,
 * stdbool and compiler builtins only, so that the same file builds into
 * libmica.a, into Linux's micactl and into the host tests and fuzzer.
 *
 * Channel memory is touched only by aligned, volatile 8-byte loads and
 * stores (never memcpy): Linux maps it Device, where an unaligned access or
 * a DC ZVA faults. Every value read from the peer's part is read once into
 * a local, checked, and only then used; a bad one makes the ring corrupt
 * (sticky) unless the peer's first word changed meanwhile, which means the
 * peer went down or restarted under us: then the call says PEER_DOWN.
 */
#include "libmica/ring.h"

#include "mica/channel.h"

#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
#error "the ring's words are little-endian"
#endif

/* The words of a control block (docs/channels.md). */
enum {
	W_MAGIC = 0, /* magic | epoch << 32 */
	W_PROD = 1,
	W_CONS = 2,
	W_DATA_EVENT = 3,
	W_SPACE_EVENT = 4,
	W_PEER_EPOCH = 5,
	CTRL_WORDS = MICA_RING_CTRL_SIZE / 8,
};

/* The smallest data area: one record header and one word of payload. */
#define RING_MIN_DATA 16

/*
 * Barriers. The channel may be Device memory on one side (Linux's
 * /dev/mem) and Normal non-cacheable on the other, both Outer Shareable;
 * the full-system forms order accesses of every memory type for every
 * observer without an argument about shareability domains, and a message
 * costs four of them on each side, whatever its size. On the host (tests,
 * fuzzer), the C11 fences with the same meaning.
 */
#if defined(__aarch64__)
/* Every access before, before every access after. */
static inline void ring_mb(void)
{
	__asm__ volatile("dmb sy" ::: "memory");
}

/* Loads before, before loads and stores after. */
static inline void ring_rmb(void)
{
	__asm__ volatile("dmb ld" ::: "memory");
}

/* Stores before, before stores after. */
static inline void ring_wmb(void)
{
	__asm__ volatile("dmb st" ::: "memory");
}
#else
static inline void ring_mb(void)
{
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
}

static inline void ring_rmb(void)
{
	__atomic_thread_fence(__ATOMIC_ACQUIRE);
}

static inline void ring_wmb(void)
{
	__atomic_thread_fence(__ATOMIC_RELEASE);
}
#endif

static inline uint64_t ring_ld(const volatile uint64_t *p)
{
	return *p;
}

static inline void ring_st(volatile uint64_t *p, uint64_t v)
{
	*p = v;
}

static inline uint64_t ring_pad(uint64_t len)
{
	return (len + 7) & ~(uint64_t)7;
}

/* Whether event lies in [from, to), counting modulo 2^64 as virtio does. */
static inline bool ring_event_hit(uint64_t event, uint64_t from, uint64_t to)
{
	return to - event - 1 < to - from;
}

/*
 * A value read from the peer failed its check. If the peer's first word is
 * still w0 the peer wrote it: the ring is corrupt. Otherwise the peer went
 * down or restarted while we read, and the value was a stale one.
 */
static int ring_bad(struct mica_ring *r, uint64_t w0)
{
	ring_rmb();
	if (ring_ld(&r->peer[W_MAGIC]) != w0) {
		return MICA_RING_PEER_DOWN;
	}
	r->corrupt = true;
	return MICA_RING_CORRUPT;
}

/*
 * Reads the peer's first word into *w0. A new peer incarnation: its stream
 * starts at prod 0, and it cannot have produced more than its data area
 * before seeing its epoch in my part (ring_room), so cons = 0 takes up all
 * it sent, and nothing its previous incarnation did. Say so once, and ring
 * it if allowed: it may be waiting for this side before it can fill more.
 */
static int ring_peer(struct mica_ring *r, uint64_t *w0)
{
	uint64_t w = ring_ld(&r->peer[W_MAGIC]);

	*w0 = w;
	if ((uint32_t)w != MICA_RING_MAGIC) {
		return MICA_RING_PEER_DOWN;
	}
	if ((uint32_t)(w >> 32) == r->peer_epoch) {
		return MICA_RING_OK;
	}
	r->cons = 0;
	r->peer_epoch = (uint32_t)(w >> 32);
	ring_st(&r->own[W_CONS], 0);
	ring_st(&r->own[W_DATA_EVENT], 0);
	/* The peer takes my cons only once it sees its epoch here. */
	ring_wmb();
	ring_st(&r->own[W_PEER_EPOCH], r->peer_epoch);
	ring_mb();
	if (r->can_send) {
		r->ops.notify(r->ops.ctx);
	}
	return MICA_RING_PEER_RESET;
}

/*
 * Whether my data area has need bytes free. Until the peer has seen this
 * incarnation (its peer_epoch is not my epoch) its cons is about an older
 * one; once it sees this one it consumes from 0 (ring_peer), so counting
 * its cons as 0 till then is exact.
 */
static int ring_room(struct mica_ring *r, uint64_t w0, uint64_t need)
{
	uint64_t pepoch = ring_ld(&r->peer[W_PEER_EPOCH]);
	uint64_t pcons = 0;
	uint64_t used;

	ring_rmb();
	if (pepoch == r->epoch) {
		pcons = ring_ld(&r->peer[W_CONS]);
	}
	used = r->prod - pcons;
	if (used > r->tx_size || used % 8 != 0) {
		return ring_bad(r, w0);
	}
	/* The peer's cons before my stores into the room it made. */
	ring_rmb();
	return r->tx_size - used < need ? MICA_RING_FULL : MICA_RING_OK;
}

/* How many bytes the peer has produced that I have not consumed. */
static int ring_avail(struct mica_ring *r, uint64_t w0, uint64_t *avail)
{
	uint64_t a = ring_ld(&r->peer[W_PROD]) - r->cons;

	if (a > r->rx_size || a % 8 != 0) {
		return ring_bad(r, w0);
	}
	/* The prod before the data it covers. */
	ring_rmb();
	*avail = a;
	return a == 0 ? MICA_RING_EMPTY : MICA_RING_OK;
}

/*
 * A caller's buffer that is not 8-byte aligned, a byte at a time: native
 * partitions run with the MMU off (all memory Device, -mstrict-align), where
 * a wide unaligned access faults; elsewhere the compiler merges these into
 * one access.
 */
static inline uint64_t ring_bytes_to_word(const unsigned char *p)
{
	return (uint64_t)p[0] | (uint64_t)p[1] << 8 | (uint64_t)p[2] << 16 |
	       (uint64_t)p[3] << 24 | (uint64_t)p[4] << 32 |
	       (uint64_t)p[5] << 40 | (uint64_t)p[6] << 48 |
	       (uint64_t)p[7] << 56;
}

static inline void ring_word_to_bytes(unsigned char *p, uint64_t w)
{
	p[0] = (unsigned char)w;
	p[1] = (unsigned char)(w >> 8);
	p[2] = (unsigned char)(w >> 16);
	p[3] = (unsigned char)(w >> 24);
	p[4] = (unsigned char)(w >> 32);
	p[5] = (unsigned char)(w >> 40);
	p[6] = (unsigned char)(w >> 48);
	p[7] = (unsigned char)(w >> 56);
}

/*
 * Words from the caller's buffer, aligned or not, to channel memory. An
 * aligned buffer goes four words a step: the loop's own instructions then
 * cost a quarter as much per word, and the buffer's loads may pair; the
 * channel's side stays one volatile 8-byte store a word.
 */
static void ring_put_words(volatile uint64_t *dst, const unsigned char *src,
			   uint64_t words)
{
	uint64_t i = 0;
	uint64_t w[4];

	if (((uintptr_t)src & 7) == 0) {
		const unsigned char *a = __builtin_assume_aligned(src, 8);

		for (; words - i >= 4; i += 4) {
			__builtin_memcpy(w, a + 8 * i, 32);
			dst[i] = w[0];
			dst[i + 1] = w[1];
			dst[i + 2] = w[2];
			dst[i + 3] = w[3];
		}
		for (; i < words; i++) {
			__builtin_memcpy(w, a + 8 * i, 8);
			dst[i] = w[0];
		}
		return;
	}
	for (; i < words; i++) {
		dst[i] = ring_bytes_to_word(src + 8 * i);
	}
}

/* The reverse, each channel word read once; four a step as above. */
static void ring_get_words(unsigned char *dst, const volatile uint64_t *src,
			   uint64_t words)
{
	uint64_t i = 0;
	uint64_t w[4];

	if (((uintptr_t)dst & 7) == 0) {
		unsigned char *a = __builtin_assume_aligned(dst, 8);

		for (; words - i >= 4; i += 4) {
			w[0] = src[i];
			w[1] = src[i + 1];
			w[2] = src[i + 2];
			w[3] = src[i + 3];
			__builtin_memcpy(a + 8 * i, w, 32);
		}
		for (; i < words; i++) {
			w[0] = src[i];
			__builtin_memcpy(a + 8 * i, w, 8);
		}
		return;
	}
	for (; i < words; i++) {
		ring_word_to_bytes(dst + 8 * i, src[i]);
	}
}

/*
 * n bytes from src into the data area (size bytes) from byte offset off (a
 * multiple of 8, <= size: size is the start again), wrapping at its end; the last word is padded with
 * zeros. The caller made sure n fits.
 */
static void ring_put(volatile uint64_t *area, uint64_t size, uint64_t off,
		     const unsigned char *src, uint64_t n)
{
	uint64_t words = n / 8;
	uint64_t first = (size - off) / 8;
	uint64_t tail = n % 8;

	if (first > words) {
		first = words;
	}
	ring_put_words(area + off / 8, src, first);
	ring_put_words(area, src + 8 * first, words - first);
	if (tail != 0) {
		uint64_t w = 0;
		uint64_t i;

		for (i = 0; i < tail; i++) {
			w |= (uint64_t)src[8 * words + i] << (8 * i);
		}
		off += 8 * words;
		ring_st(&area[(off >= size ? off - size : off) / 8], w);
	}
}

/* The reverse of ring_put: n bytes from the data area into dst. */
static void ring_get(const volatile uint64_t *area, uint64_t size, uint64_t off,
		     unsigned char *dst, uint64_t n)
{
	uint64_t words = n / 8;
	uint64_t first = (size - off) / 8;
	uint64_t tail = n % 8;

	if (first > words) {
		first = words;
	}
	ring_get_words(dst, area + off / 8, first);
	ring_get_words(dst + 8 * first, area, words - first);
	if (tail != 0) {
		uint64_t w;
		uint64_t i;

		off += 8 * words;
		w = ring_ld(&area[(off >= size ? off - size : off) / 8]);
		for (i = 0; i < tail; i++) {
			dst[8 * words + i] = (unsigned char)(w >> (8 * i));
		}
	}
}

/* The layout, without touching the channel. */
static int ring_setup(struct mica_ring *r, void *chan, uint64_t size,
		      unsigned direction, unsigned side,
		      const struct mica_ring_ops *ops)
{
	uint64_t own_len;
	uint64_t peer_len;
	uint64_t own_off;
	uint64_t peer_off;

	if (((uintptr_t)chan & 7) != 0 || ops == NULL || ops->notify == NULL ||
	    ops->wait == NULL || side > MICA_CHAN_SIDE_B) {
		return MICA_RING_INVALID;
	}
	own_off = mica_channel_part(size, direction, side, &own_len);
	peer_off = mica_channel_part(size, direction, side ^ 1, &peer_len);
	if (own_len < MICA_RING_CTRL_SIZE + RING_MIN_DATA ||
	    peer_len < MICA_RING_CTRL_SIZE + RING_MIN_DATA ||
	    own_len % 8 != 0 || peer_len % 8 != 0) {
		return MICA_RING_INVALID;
	}
	r->own = (volatile uint64_t *)((unsigned char *)chan + own_off);
	r->peer = (const volatile uint64_t *)((unsigned char *)chan + peer_off);
	r->tx_size = own_len - MICA_RING_CTRL_SIZE;
	r->rx_size = peer_len - MICA_RING_CTRL_SIZE;
	r->can_send = direction == MICA_CHAN_BOTH ||
		      (direction == MICA_CHAN_A_TO_B) ==
			      (side == MICA_CHAN_SIDE_A);
	r->can_recv = direction == MICA_CHAN_BOTH || !r->can_send;
	r->corrupt = false;
	r->ops = *ops;
	return MICA_RING_OK;
}

/* A new incarnation of my part; the layout is set up. */
static int ring_start(struct mica_ring *r)
{
	uint64_t w = ring_ld(&r->peer[W_MAGIC]);
	bool up = (uint32_t)w == MICA_RING_MAGIC;
	uint64_t pprod = 0;
	uint64_t pknown = 0;
	int ret = MICA_RING_OK;
	unsigned i;

	/* Nobody may take the words below for the old incarnation's. */
	ring_st(&r->own[W_MAGIC], 0);
	ring_mb();
	if (up) {
		pprod = ring_ld(&r->peer[W_PROD]);
		pknown = ring_ld(&r->peer[W_PEER_EPOCH]);
	}
	if (pprod % 8 != 0) {
		pprod = 0;
		r->corrupt = true;
		ret = MICA_RING_CORRUPT;
	}
	r->prod = 0;
	r->cons = pprod;
	r->epoch = (uint32_t)pknown + 1;
	r->peer_epoch = up ? (uint32_t)(w >> 32) : 0;
	ring_st(&r->own[W_PROD], 0);
	ring_st(&r->own[W_CONS], r->cons);
	ring_st(&r->own[W_DATA_EVENT], r->cons);
	/* In the past: no doorbell for room until a send finds it full. */
	ring_st(&r->own[W_SPACE_EVENT], (uint64_t)0 - 1);
	ring_st(&r->own[W_PEER_EPOCH], r->peer_epoch);
	for (i = W_PEER_EPOCH + 1; i < CTRL_WORDS; i++) {
		ring_st(&r->own[i], 0);
	}
	ring_wmb();
	ring_st(&r->own[W_MAGIC], MICA_RING_MAGIC | (uint64_t)r->epoch << 32);
	ring_mb();
	if (up && r->can_send && !r->corrupt) {
		r->ops.notify(r->ops.ctx);
	}
	return ret;
}

int mica_ring_init(struct mica_ring *r, void *chan, uint64_t size,
		   unsigned direction, unsigned side,
		   const struct mica_ring_ops *ops)
{
	int ret = ring_setup(r, chan, size, direction, side, ops);

	if (ret != MICA_RING_OK) {
		return ret;
	}
	return ring_start(r);
}

int mica_ring_attach(struct mica_ring *r, void *chan, uint64_t size,
		     unsigned direction, unsigned side,
		     const struct mica_ring_ops *ops)
{
	int ret = ring_setup(r, chan, size, direction, side, ops);
	uint64_t w;

	if (ret != MICA_RING_OK) {
		return ret;
	}
	w = ring_ld(&r->own[W_MAGIC]);
	r->prod = ring_ld(&r->own[W_PROD]);
	r->cons = ring_ld(&r->own[W_CONS]);
	r->epoch = (uint32_t)(w >> 32);
	r->peer_epoch = (uint32_t)ring_ld(&r->own[W_PEER_EPOCH]);
	if ((uint32_t)w != MICA_RING_MAGIC || r->prod % 8 != 0 ||
	    r->cons % 8 != 0) {
		return ring_start(r);
	}
	return MICA_RING_OK;
}

int mica_ring_send(struct mica_ring *r, const void *msg, size_t len)
{
	volatile uint64_t *data = r->own + CTRL_WORDS;
	uint64_t w0;
	uint64_t need;
	uint64_t old;
	uint64_t off;
	int ret;

	if (r->corrupt) {
		return MICA_RING_CORRUPT;
	}
	if (!r->can_send) {
		return MICA_RING_DENIED;
	}
	if ((uint64_t)len > r->tx_size - MICA_RING_HDR_SIZE ||
	    (uint64_t)len > UINT32_MAX) {
		return MICA_RING_TOO_LARGE;
	}
	ret = ring_peer(r, &w0);
	if (ret != MICA_RING_OK) {
		return ret;
	}
	need = MICA_RING_HDR_SIZE + ring_pad(len);
	ret = ring_room(r, w0, need);
	if (ret == MICA_RING_FULL) {
		/* Ask for a doorbell when the peer's cons reaches the room. */
		ring_st(&r->own[W_SPACE_EVENT],
			r->prod + need - r->tx_size - 1);
		ring_mb();
		ret = ring_room(r, w0, need);
	}
	if (ret != MICA_RING_OK) {
		return ret;
	}
	old = r->prod;
	off = old % r->tx_size;
	ring_st(&data[off / 8],
		(uint64_t)len | (uint64_t)(uint32_t) ~(uint32_t)len << 32);
	ring_put(data, r->tx_size, off + MICA_RING_HDR_SIZE, msg, len);
	r->prod = old + need;
	ring_wmb();
	ring_st(&r->own[W_PROD], r->prod);
	ring_mb();
	if (ring_ld(&r->peer[W_PEER_EPOCH]) != r->epoch ||
	    ring_event_hit(ring_ld(&r->peer[W_DATA_EVENT]), old, r->prod)) {
		r->ops.notify(r->ops.ctx);
	}
	return MICA_RING_OK;
}

int mica_ring_recv(struct mica_ring *r, void *buf, size_t buf_size, size_t *len)
{
	const volatile uint64_t *data = r->peer + CTRL_WORDS;
	uint64_t w0;
	uint64_t avail;
	uint64_t hdr;
	uint64_t mlen;
	uint64_t off;
	uint64_t old;
	int ret;

	*len = 0;
	if (r->corrupt) {
		return MICA_RING_CORRUPT;
	}
	if (!r->can_recv) {
		return MICA_RING_DENIED;
	}
	ret = ring_peer(r, &w0);
	if (ret != MICA_RING_OK) {
		return ret;
	}
	ret = ring_avail(r, w0, &avail);
	if (ret == MICA_RING_EMPTY) {
		/* Ask for a doorbell on the next message, then look again. */
		ring_st(&r->own[W_DATA_EVENT], r->cons);
		ring_mb();
		ret = ring_avail(r, w0, &avail);
	}
	if (ret != MICA_RING_OK) {
		return ret;
	}
	off = r->cons % r->rx_size;
	hdr = ring_ld(&data[off / 8]);
	mlen = (uint32_t)hdr;
	if ((uint32_t)(hdr >> 32) != (uint32_t)~mlen ||
	    mlen > avail - MICA_RING_HDR_SIZE) {
		return ring_bad(r, w0);
	}
	if (mlen > (uint64_t)buf_size) {
		*len = (size_t)mlen;
		return MICA_RING_BUF_SMALL;
	}
	ring_get(data, r->rx_size, off + MICA_RING_HDR_SIZE, buf, mlen);
	/* The copy before the check below, and before the peer may reuse. */
	ring_rmb();
	if (ring_ld(&r->peer[W_MAGIC]) != w0) {
		return MICA_RING_PEER_DOWN; /* what we copied may be torn */
	}
	*len = (size_t)mlen;
	old = r->cons;
	r->cons = old + MICA_RING_HDR_SIZE + ring_pad(mlen);
	ring_st(&r->own[W_CONS], r->cons);
	ring_mb();
	if (r->can_send &&
	    ring_event_hit(ring_ld(&r->peer[W_SPACE_EVENT]), old, r->cons)) {
		r->ops.notify(r->ops.ctx);
	}
	return MICA_RING_OK;
}

int mica_ring_send_wait(struct mica_ring *r, const void *msg, size_t len,
			uint32_t max_waits)
{
	uint32_t waits = 0;
	int ret = mica_ring_send(r, msg, len);

	while (ret == MICA_RING_FULL) {
		if (waits == max_waits || !r->ops.wait(r->ops.ctx)) {
			return MICA_RING_TIMEOUT;
		}
		waits++;
		ret = mica_ring_send(r, msg, len);
	}
	return ret;
}

int mica_ring_recv_wait(struct mica_ring *r, void *buf, size_t buf_size,
			size_t *len, uint32_t max_waits)
{
	uint32_t waits = 0;
	int ret = mica_ring_recv(r, buf, buf_size, len);

	while (ret == MICA_RING_EMPTY) {
		if (waits == max_waits || !r->ops.wait(r->ops.ctx)) {
			return MICA_RING_TIMEOUT;
		}
		waits++;
		ret = mica_ring_recv(r, buf, buf_size, len);
	}
	return ret;
}
