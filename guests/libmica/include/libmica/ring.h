/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The message ring over a channel (docs/channels.md, "Ring protocol"): one
 * producer and one consumer per direction, variable-size messages copied
 * into and out of the channel memory, notification suppression (event
 * indices, as virtio's), and a peer that may be hostile or may restart at
 * any time. Freestanding C11: the same code runs in native partitions
 * (libmica.a), in Linux's user space (micactl) and in the host tests.
 *
 * Each side keeps a struct mica_ring of its own, private memory; the
 * channel memory holds only the two parts of the protocol. The ring is not
 * thread-safe: one thread of one program per side (micactl's runs follow
 * each other; they attach to the part the previous one left).
 */
#ifndef LIBMICA_RING_H
#define LIBMICA_RING_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The low 32 bits of a part's first word while its side is up: "mrng". */
#define MICA_RING_MAGIC 0x676e726du
/* A part's control block; its data area follows. */
#define MICA_RING_CTRL_SIZE 64
/* A record header: u32 length, u32 ~length. */
#define MICA_RING_HDR_SIZE 8

/* What each call returns: 0 or one negative status. */
enum mica_ring_status {
	MICA_RING_OK = 0,
	MICA_RING_EMPTY = -1,	   /* recv: no message now */
	MICA_RING_FULL = -2,	   /* send: no room now */
	MICA_RING_TOO_LARGE = -3,  /* send: more than the ring ever holds */
	MICA_RING_BUF_SMALL = -4,  /* recv: *len is the size needed */
	MICA_RING_DENIED = -5,	   /* a one-way channel's other direction */
	MICA_RING_PEER_DOWN = -6,  /* the peer's part is not up now */
	MICA_RING_PEER_RESET = -7, /* a new peer incarnation: call again */
	MICA_RING_CORRUPT = -8,	   /* the peer wrote nonsense: init again */
	MICA_RING_TIMEOUT = -9,	   /* a blocking call's bound ran out */
	MICA_RING_INVALID = -10,   /* init: a layout the ring cannot use */
};

/*
 * The platform's doorbell, given at init. notify rings the peer (native:
 * MICA_HC_CHANNEL_RING; Linux: the PL061 line); it is never called by the
 * reader of a one-way channel, which may not ring. wait sleeps until a
 * doorbell from the peer or a timeout of the platform's choosing; a doorbell
 * that came since the previous wait must end it at once (doorbells are
 * latched: a pending interrupt, an edge event queued on a file). It returns
 * false when the caller's deadline has passed, which ends a blocking call
 * with MICA_RING_TIMEOUT.
 */
struct mica_ring_ops {
	void (*notify)(void *ctx);
	bool (*wait)(void *ctx);
	void *ctx;
};

/* One side's view of a ring. Private to that side; fields are the ring's. */
struct mica_ring {
	volatile uint64_t *own;	       /* my control block, then my data */
	const volatile uint64_t *peer; /* the peer's, read-only to me */
	uint64_t tx_size;	       /* bytes of my data area */
	uint64_t rx_size;	       /* bytes of the peer's data area */
	uint64_t prod;		       /* bytes ever produced (my prod) */
	uint64_t cons;		       /* bytes ever consumed (my cons) */
	uint32_t epoch;		       /* my incarnation */
	uint32_t peer_epoch; /* the peer incarnation my cons refers to */
	bool can_send;
	bool can_recv;
	bool corrupt; /* sticky until the next init */
	struct mica_ring_ops ops;
};

/*
 * Starts a new incarnation of this side over the channel at `chan` (`size`
 * bytes, MICA_CHAN_* direction, MICA_CHAN_SIDE_* side; chan 8-byte aligned):
 * writes my whole control block (prod 0; cons the peer's prod if the peer
 * is up, else 0; an epoch the peer has not seen), magic last, then rings
 * the peer if this side may send and the peer is up. The data areas are
 * not touched. Returns MICA_RING_OK; MICA_RING_INVALID (nothing written)
 * for a misaligned chan, an unknown direction or side, a part too small
 * for the control block and one record of 8 bytes, or an ops without
 * notify or wait; MICA_RING_CORRUPT when the peer's prod is not a multiple
 * of 8 (my part is initialised, the ring unusable until the next init).
 */
int mica_ring_init(struct mica_ring *r, void *chan, uint64_t size,
		   unsigned direction, unsigned side,
		   const struct mica_ring_ops *ops);

/*
 * As mica_ring_init, but carries on from my part as a previous program of
 * this side left it when its magic is there and its counters are multiples
 * of 8 (micactl, run many times by Linux), ringing nobody; otherwise
 * initialises it. Same statuses as mica_ring_init.
 */
int mica_ring_attach(struct mica_ring *r, void *chan, uint64_t size,
		     unsigned direction, unsigned side,
		     const struct mica_ring_ops *ops);

/*
 * Sends the len bytes at msg (any alignment) as one message, and rings the
 * peer if it asked to be told (its data_event lies in [old prod, new prod))
 * or has not seen this incarnation yet. Never waits, never loops on what
 * the peer wrote. Returns MICA_RING_OK; MICA_RING_FULL (nothing written;
 * my space_event now asks the peer to ring when room is made);
 * MICA_RING_TOO_LARGE when len > mica_ring_max_msg(); MICA_RING_DENIED on the
 * reader of a one-way channel; MICA_RING_PEER_DOWN; MICA_RING_PEER_RESET
 * once per new peer incarnation (nothing sent: send again); or
 * MICA_RING_CORRUPT.
 */
int mica_ring_send(struct mica_ring *r, const void *msg, size_t len);

/*
 * Takes the next message into buf (buf_size bytes, any alignment) and sets
 * *len to its length; rings the peer if it waits for the room this makes
 * (its space_event lies in [old cons, new cons)), unless this side is the
 * reader of a one-way channel. Returns MICA_RING_OK; MICA_RING_EMPTY (my
 * data_event now asks the peer to ring on its next message);
 * MICA_RING_BUF_SMALL with *len the size needed (the message stays);
 * MICA_RING_DENIED on the writer of a one-way channel; MICA_RING_PEER_DOWN
 * (also when the peer went down during the copy: that message is dropped);
 * MICA_RING_PEER_RESET once per new peer incarnation (nothing taken: what
 * its previous incarnation sent is dropped, the next call takes what the
 * new one sends); MICA_RING_CORRUPT. *len is 0 unless OK or BUF_SMALL.
 */
int mica_ring_recv(struct mica_ring *r, void *buf, size_t buf_size,
		   size_t *len);

/*
 * mica_ring_send, and while it returns MICA_RING_FULL, ops.wait then try
 * again, at most max_waits waits. Returns what the last send returned, or
 * MICA_RING_TIMEOUT when the waits ran out or wait returned false. On a
 * one-way channel the reader never rings: wait's own timeout is what
 * brings the writer back to look for room.
 */
int mica_ring_send_wait(struct mica_ring *r, const void *msg, size_t len,
			uint32_t max_waits);

/*
 * mica_ring_recv, and while it returns MICA_RING_EMPTY, ops.wait then try
 * again, at most max_waits waits. Returns what the last recv returned, or
 * MICA_RING_TIMEOUT as mica_ring_send_wait.
 */
int mica_ring_recv_wait(struct mica_ring *r, void *buf, size_t buf_size,
			size_t *len, uint32_t max_waits);

/*
 * The largest message this side may send: its data area less a record
 * header, at most 2^32 - 1 (a record's length is 32 bits); 0 if it may not
 * send.
 */
static inline size_t mica_ring_max_msg(const struct mica_ring *r)
{
	uint64_t max = r->tx_size - MICA_RING_HDR_SIZE;

	if (!r->can_send) {
		return 0;
	}
	return (size_t)(max > UINT32_MAX ? UINT32_MAX : max);
}

#endif
