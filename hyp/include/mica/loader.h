/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Chunked memory work: a list of scrubs and copies into a partition's
 * memory, done a bounded chunk at a time, so that whoever runs it (the
 * idle loop, on the partition's own vCPU time) can be preempted between
 * chunks. Boot (all chunks at once) and a restart load partitions this
 * way; so does a remote wipe (scrubs only, then read back: manage.c). The
 * loader only moves bytes: what to scrub and copy, and that the ranges are
 * the partition's, is its caller's to prove.
 */
#ifndef MICA_LOADER_H
#define MICA_LOADER_H

#include "mica/scenario.h"
#include "mica/types.h"

/*
 * Bytes scrubbed or copied per step: one step is the longest a
 * higher-priority vCPU on the same CPU waits for the loader (about 10,000
 * instructions on QEMU for a copy; a scrub is cheaper).
 */
#define LOADER_CHUNK_SIZE UINT64_C(0x10000) /* 64 KiB */
/*
 * A partition's regions (split around its three images: three more at
 * most), its parts of channels, then its kernel (or ELF), initramfs,
 * device tree; or, for a wipe, its regions, its parts of channels, its
 * standby copies of the regions and its two image slots.
 */
#define LOADER_MAX_OPS (2u * SCN_MAX_REGIONS + SCN_MAX_CHANNELS + 3u)
_Static_assert(SCN_MAX_REGIONS >= 3, "a load's split regions fit");

enum loader_kind {
	LOADER_SCRUB = 1, /* zero [pa, pa+size) */
	LOADER_COPY,	  /* copy size bytes from src to pa */
};

struct loader_op {
	enum loader_kind kind;
	paddr_t pa;
	const uint8_t *src; /* LOADER_COPY only */
	uint64_t size;
};

struct loader {
	struct loader_op ops[LOADER_MAX_OPS];
	unsigned count;
	unsigned next; /* the op in progress; count: all done */
	uint64_t done; /* bytes of ops[next] done */
};

/* Empties l. */
void loader_init(struct loader *l);

/*
 * Appends a scrub (zeroing) of [pa, pa+size), or a copy of size bytes
 * from src to pa. A zero size adds nothing. False if l is full
 * (LOADER_MAX_OPS).
 */
bool loader_add_scrub(struct loader *l, paddr_t pa, uint64_t size);
bool loader_add_copy(struct loader *l, paddr_t pa, const uint8_t *src,
		     uint64_t size);

/*
 * Does the next chunk of l's work, at most LOADER_CHUNK_SIZE bytes of one
 * op, cleaned to the point of coherency. Returns true once every op is done
 * (at once for an empty list). Bounded: one chunk.
 */
bool loader_step(struct loader *l);

/* Whether every op of l is done. */
bool loader_done(const struct loader *l);

/* Starts l's list over, for loader_verify_step(). */
void loader_rewind(struct loader *l);

/*
 * Reads back the next chunk of l's scrubs (copies are skipped), adding to
 * *nonzero the 8-byte words that are not zero. Returns true once every op
 * is read (at once for an empty list). Bounded: one chunk.
 */
bool loader_verify_step(struct loader *l, uint64_t *nonzero);

#endif
