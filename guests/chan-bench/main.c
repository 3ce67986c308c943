// SPDX-License-Identifier: Apache-2.0
/*
 * chan-bench: mica's channel benchmarks for make bench (bench/README.md,
 * tools/bench/bench.py), one image that plays the role its channel gives it
 * (MICA_HC_CHANNEL_INFO): side a of channel `pingpong` is ping, side b pong
 * (configs/bench/chan-pingpong*.dts); side a of `stream` sends, side b
 * receives (configs/bench/chan-stream.dts). Everything is timed with the
 * virtual count, which under make bench's -icount counts one tick per 16
 * instructions executed on any CPU, so a stream's figure is the sum of
 * both sides' work and of mica's.
 *
 *   trap        ping: MICA_HC_VERSION to EL2 and back (the floor)
 *   doorbell    ping: write the round into its part, ring pong
 *               (MICA_HC_CHANNEL_RING), wait in WFI for pong's doorbell
 *               and its answer; pong answers each round the same way
 *   memcpy-N    sender: libmica's memcpy (hyp/core/string.c) of N bytes
 *               between two buffers of its RAM, the receiver idle in WFI
 *   stream-N    sender: N-byte messages through libmica's ring
 *               (mica_ring_send_wait; the receiver mica_ring_recv_wait),
 *               until the receiver acknowledges all of them
 *
 * Each is printed after it is measured, nothing while measuring, as
 * tools/bench/bench.py reads it:
 *
 *   chan-bench: counter F Hz
 *   chan-bench: NAME bytes B                (memcpy-N, stream-N: per sample)
 *   chan-bench: NAME raw v v ...            (ticks, in the order taken)
 *   chan-bench: NAME samples N min A mean B p99 C max D (ticks)
 *   chan-bench: done
 *
 * A peer that stops answering is caught by a watchdog on the virtual timer
 * (WATCHDOG_S of counter time): "chan-bench: FAIL ...", never a figure.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../bench-report/report.h"
#include "../rt-bench/stats.h"
#include "libmica/channel.h"
#include "libmica/console.h"
#include "libmica/gic.h"
#include "libmica/hc.h"
#include "libmica/irq.h"
#include "libmica/start.h"
#include "libmica/timer.h"
#include "mica/channel.h"
#include "mica/hypercall.h"
#include "mica/string.h" /* hyp/include, for this file only (guests.mk) */

#define SAMPLES 1000
#define WARMUP 10
#define WATCHDOG_S 10
#define EXPIRED_TICK_PER_S 1000	     /* once expired: every wait ends in 1 ms */
#define READY UINT64_C(0x7265616479) /* pong's second word once it waits */

#define MSG_MAX 65536u
#define STREAM_BYTES (8u << 20) /* per message size: the start is noise */
#define CHUNKS 16u		/* samples per message size */
#define CHUNK_BYTES (STREAM_BYTES / CHUNKS)
#define WAITS 1000u		      /* per blocking call; see on_irq() */
#define CHECK_BIT (UINT64_C(1) << 63) /* in a sequence word: check it all */

static const uint32_t sizes[] = { 64, 4096, MSG_MAX };

static uint32_t samples[SAMPLES];
static uint64_t src[MSG_MAX / 8];
static uint64_t dst[MSG_MAX / 8];
static uint32_t bell;		/* this side's doorbell interrupt (INFO) */
static volatile uint32_t rung;	/* doorbells taken */
static volatile bool expired;	/* the watchdog went off */
static volatile uint32_t stray; /* any other interrupt */

/* The receiver's answer to an end of stream (a message of 0 bytes). */
struct ack {
	uint64_t bytes; /* received since the previous end */
	uint64_t bad;	/* messages out of sequence or not as sent */
};

static void on_irq(uint32_t intid, uint64_t entry_ticks)
{
	(void)entry_ticks;
	if (intid == bell) {
		rung++;
	} else if (intid == MICA_TIMER_PPI) {
		/* Keeps ending every WFI, so each blocking call runs out. */
		expired = true;
		mica_timer_set_deadline(mica_timer_now() +
					mica_timer_freq() / EXPIRED_TICK_PER_S);
	} else {
		stray++;
	}
}

static uint32_t ticks(uint64_t from, uint64_t to)
{
	return to - from > UINT32_MAX ? UINT32_MAX : (uint32_t)(to - from);
}

static void fail(const char *why)
{
	mica_printf("chan-bench: FAIL: %s\n", why);
	mica_irq_disable();
	for (;;) {
		mica_wfi();
	}
}

/* Sleeps until a doorbell came since `seen` was read; false if expired. */
static bool wait_bell(uint32_t seen)
{
	mica_irq_disable();
	while (rung == seen && !expired) {
		mica_wfi();
		mica_irq_enable(); /* the interrupt is taken here */
		mica_irq_disable();
	}
	mica_irq_enable();
	return !expired;
}

/* Word i of side's part of ch. */
static volatile uint64_t *word(const struct mica_channel *ch, unsigned side,
			       unsigned i)
{
	uint64_t len;
	uint64_t off = mica_channel_part(ch->info.size, ch->info.direction,
					 side, &len);

	return (volatile uint64_t *)(uintptr_t)(ch->info.ipa + off) + i;
}

/* Makes this CPU's stores visible before the peer is rung. */
static int64_t ring(const struct mica_channel *ch)
{
	__asm__ volatile("dsb sy" ::: "memory");
	return mica_hc_chan_ring(ch->id);
}

static void measure_trap(void)
{
	for (uint32_t i = 0; i < WARMUP + SAMPLES; i++) {
		uint64_t t0 = mica_timer_now();
		int64_t v = mica_hc_version();
		uint64_t t1 = mica_timer_now();

		if (v != MICA_HC_ABI_VERSION) {
			fail("MICA_HC_VERSION did not answer mica's version");
		}
		if (i >= WARMUP) {
			samples[i - WARMUP] = ticks(t0, t1);
		}
	}
	stats_report("chan-bench", "trap", samples, SAMPLES);
}

/* Waits for pong, then the floor, then the round trips. */
static void ping(const struct mica_channel *ch)
{
	volatile uint64_t *mine = word(ch, MICA_CHAN_SIDE_A, 0);
	volatile uint64_t *theirs = word(ch, MICA_CHAN_SIDE_B, 0);
	volatile uint64_t *ready = word(ch, MICA_CHAN_SIDE_B, 1);
	uint64_t r = 0;

	*mine = 0;
	for (;;) {
		uint32_t seen = rung;

		if (*ready == READY) {
			break;
		}
		if (!wait_bell(seen)) {
			fail("pong never said it is ready");
		}
	}
	measure_trap();
	for (uint32_t i = 0; i < WARMUP + SAMPLES; i++) {
		uint64_t t0 = mica_timer_now();

		*mine = ++r;
		if (ring(ch) != MICA_HC_SUCCESS) {
			fail("MICA_HC_CHANNEL_RING refused");
		}
		for (;;) {
			uint32_t seen = rung;

			if (*theirs == r) {
				break;
			}
			if (!wait_bell(seen)) {
				fail("pong did not answer");
			}
		}
		if (i >= WARMUP) {
			samples[i - WARMUP] = ticks(t0, mica_timer_now());
		}
	}
	stats_report("chan-bench", "doorbell", samples, SAMPLES);
	if (stray != 0) {
		fail("stray interrupts");
	}
}

/* Answers each of ping's rounds until the watchdog (make bench stops first). */
static void pong(const struct mica_channel *ch)
{
	volatile uint64_t *theirs = word(ch, MICA_CHAN_SIDE_A, 0);
	volatile uint64_t *mine = word(ch, MICA_CHAN_SIDE_B, 0);
	uint64_t done = 0;

	*mine = 0;
	word(ch, MICA_CHAN_SIDE_B, 1)[0] = READY;
	(void)ring(ch); /* ping may not run yet: it looks at READY first */
	for (;;) {
		uint32_t seen = rung;
		uint64_t want = *theirs;

		if (want == done) {
			if (!wait_bell(seen)) {
				mica_printf("chan-bench: pong: %lu rounds "
					    "answered\n",
					    (unsigned long)done);
				return;
			}
			continue;
		}
		*mine = want;
		(void)ring(ch);
		done = want;
	}
}

/* "memcpy-N" or "stream-N" into buf (at least 16 bytes). */
static const char *series_name(char *buf, const char *kind, uint32_t size)
{
	char *p = buf;

	while (*kind != '\0') {
		*p++ = *kind++;
	}
	*p++ = '-';
	*stats_put_dec(p, size) = '\0';
	return buf;
}

/* The floor: libmica's memcpy, CHUNK_BYTES of it a sample. */
static void measure_memcpy(uint32_t size)
{
	char name[24];
	uint64_t t = mica_timer_now();

	for (uint32_t c = 0; c < CHUNKS; c++) {
		uint64_t now;

		for (uint32_t m = 0; m < CHUNK_BYTES / size; m++) {
			memcpy(dst, src, size);
		}
		now = mica_timer_now();
		samples[c] = ticks(t, now);
		t = now;
	}
	series_name(name, "memcpy", size);
	mica_printf("chan-bench: %s bytes %u\n", name, (unsigned)CHUNK_BYTES);
	stats_report("chan-bench", name, samples, CHUNKS);
}

static void check(int ret, const char *what)
{
	if (ret != MICA_RING_OK) {
		mica_printf("chan-bench: FAIL: %s: ring status %d%s\n", what,
			    ret, expired ? " (watchdog)" : "");
		fail("the stream stopped");
	}
}

/* Ends a stream and returns the receiver's count of it. */
static struct ack end_stream(struct mica_channel *ch)
{
	struct ack a = { 0, 0 };
	size_t len = 0;

	check(mica_ring_send_wait(&ch->ring, src, 0, WAITS), "end of stream");
	check(mica_ring_recv_wait(&ch->ring, &a, sizeof(a), &len, WAITS),
	      "the receiver's count");
	if (len != sizeof(a)) {
		fail("the receiver's count has the wrong size");
	}
	return a;
}

static void fill(uint32_t size)
{
	unsigned char *p = (unsigned char *)src;

	for (uint32_t i = 0; i < size; i++) {
		p[i] = (unsigned char)(i * 13u + size);
	}
}

/*
 * STREAM_BYTES in messages of size bytes, CHUNK_BYTES of them a sample; the
 * last sample ends when the receiver has counted them all.
 */
static void measure_stream(struct mica_channel *ch, uint32_t size)
{
	char name[24];
	uint64_t seq = 0;
	uint64_t t = mica_timer_now();
	struct ack a = { 0, 0 };

	for (uint32_t c = 0; c < CHUNKS; c++) {
		uint64_t now;

		for (uint32_t m = 0; m < CHUNK_BYTES / size; m++) {
			src[0] = ++seq;
			check(mica_ring_send_wait(&ch->ring, src, size, WAITS),
			      "send");
		}
		if (c + 1 == CHUNKS) {
			a = end_stream(ch);
		}
		now = mica_timer_now();
		samples[c] = ticks(t, now);
		t = now;
	}
	if (a.bytes != STREAM_BYTES || a.bad != 0) {
		mica_printf("chan-bench: FAIL: the receiver counted %lu bytes "
			    "and %lu bad messages of %u\n",
			    (unsigned long)a.bytes, (unsigned long)a.bad,
			    (unsigned)STREAM_BYTES);
		fail("the stream was not received as sent");
	}
	series_name(name, "stream", size);
	mica_printf("chan-bench: %s bytes %u\n", name, (unsigned)CHUNK_BYTES);
	stats_report("chan-bench", name, samples, CHUNKS);
}

/*
 * Not timed: one message of each size whose every byte the receiver checks,
 * so that what was timed is known to carry the data.
 */
static void verify_stream(struct mica_channel *ch)
{
	uint64_t want = 0;
	struct ack a;

	for (unsigned i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		fill(sizes[i]);
		src[0] = CHECK_BIT | (i + 1);
		want += sizes[i];
		check(mica_ring_send_wait(&ch->ring, src, sizes[i], WAITS),
		      "send");
	}
	a = end_stream(ch);
	if (a.bytes != want || a.bad != 0) {
		fail("the receiver found the checked messages altered");
	}
}

/*
 * The receiver's "ready", a message of 0 bytes (send: the receiver sends
 * it; else the sender takes it). Whichever side attached first sees the
 * other down, then reset once (mica_ring_send's contract) before it is up.
 */
static void handshake(struct mica_channel *ch, bool send)
{
	for (;;) {
		uint32_t seen = rung;
		size_t len = 0;
		int ret = send ? mica_ring_send(&ch->ring, src, 0) :
				 mica_ring_recv(&ch->ring, dst, sizeof(dst),
						&len);

		if (ret == MICA_RING_OK && len == 0) {
			return;
		}
		if (ret == MICA_RING_PEER_DOWN || ret == MICA_RING_EMPTY) {
			if (!wait_bell(seen)) {
				fail("the peer never came up");
			}
		} else if (ret != MICA_RING_PEER_RESET) {
			check(ret == MICA_RING_OK ? MICA_RING_CORRUPT : ret,
			      "ready");
		}
	}
}

static void sender(struct mica_channel *ch)
{
	handshake(ch, false);
	for (unsigned i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		fill(sizes[i]);
		measure_memcpy(sizes[i]);
	}
	for (unsigned i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		fill(sizes[i]);
		measure_stream(ch, sizes[i]);
	}
	verify_stream(ch);
	mica_puts("chan-bench: stream checked\n");
}

/* Whether the len bytes of a checked message are those fill() wrote. */
static bool as_sent(uint32_t len)
{
	const unsigned char *p = (const unsigned char *)dst;

	for (uint32_t i = 8; i < len; i++) {
		if (p[i] != (unsigned char)(i * 13u + len)) {
			return false;
		}
	}
	return true;
}

/*
 * Counts what arrives, checking each message's sequence word (and all of
 * a checked one); a message of 0 bytes ends a stream: it answers the count.
 */
static void receiver(struct mica_channel *ch)
{
	struct ack a = { 0, 0 };
	uint64_t seq = 1;

	handshake(ch, true);
	for (;;) {
		size_t len = 0;

		check(mica_ring_recv_wait(&ch->ring, dst, sizeof(dst), &len,
					  WAITS),
		      "recv");
		if (len == 0) {
			check(mica_ring_send_wait(&ch->ring, &a, sizeof(a),
						  WAITS),
			      "the count");
			a.bytes = 0;
			a.bad = 0;
			seq = 1;
			continue;
		}
		a.bytes += len;
		if (len < 8 || (dst[0] & ~CHECK_BIT) != seq ||
		    ((dst[0] & CHECK_BIT) != 0 && !as_sent((uint32_t)len))) {
			a.bad++;
		}
		seq++;
	}
}

int main(void)
{
	struct mica_channel ch;
	uint64_t freq = mica_timer_freq();

	if (!mica_gic_init() || !mica_gic_enable_ppi(MICA_TIMER_PPI)) {
		fail("no GIC");
	}
	mica_irq_set_handler(on_irq);
	mica_timer_set_deadline(mica_timer_now() + freq * WATCHDOG_S);
	mica_printf("chan-bench: counter %lu Hz\n", (unsigned long)freq);
	if (mica_channel_find(&ch, "pingpong")) {
		bell = ch.info.doorbell;
		if (!mica_gic_enable_spi(bell)) {
			fail("no doorbell");
		}
		mica_irq_enable();
		if (ch.info.side == MICA_CHAN_SIDE_A) {
			ping(&ch);
			mica_puts("chan-bench: done\n");
		} else {
			pong(&ch);
		}
	} else if (mica_channel_find(&ch, "stream")) {
		bell = ch.info.doorbell;
		if (mica_channel_open(&ch) != MICA_RING_OK) {
			fail("cannot open channel stream");
		}
		mica_irq_enable();
		if (ch.info.side == MICA_CHAN_SIDE_A) {
			sender(&ch);
			mica_puts("chan-bench: done\n");
		} else {
			receiver(&ch);
		}
	} else {
		fail("neither channel pingpong nor stream");
	}
	mica_irq_disable();
	for (;;) {
		mica_wfi();
	}
}
