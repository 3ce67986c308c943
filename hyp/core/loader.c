// SPDX-License-Identifier: Apache-2.0
/*
 * Chunked memory work (mica/loader.h): scrubs and copies a chunk at a time,
 * so that a restart's scrub of a large partition never holds its CPU for
 * longer than one chunk; and a wipe's read-back of what it scrubbed, the
 * same way.
 */
#include "arch/mmu.h"
#include "mica/loader.h"
#include "mica/string.h"

void loader_init(struct loader *l)
{
	l->count = 0;
	l->next = 0;
	l->done = 0;
}

static bool add(struct loader *l, enum loader_kind kind, paddr_t pa,
		const uint8_t *src, uint64_t size)
{
	if (size == 0) {
		return true;
	}
	if (l->count >= LOADER_MAX_OPS) {
		return false;
	}
	l->ops[l->count++] = (struct loader_op){
		.kind = kind, .pa = pa, .src = src, .size = size
	};
	return true;
}

bool loader_add_scrub(struct loader *l, paddr_t pa, uint64_t size)
{
	return add(l, LOADER_SCRUB, pa, NULL, size);
}

bool loader_add_copy(struct loader *l, paddr_t pa, const uint8_t *src,
		     uint64_t size)
{
	return add(l, LOADER_COPY, pa, src, size);
}

bool loader_done(const struct loader *l)
{
	return l->next >= l->count;
}

/* The next chunk of l's op in progress: at most LOADER_CHUNK_SIZE bytes. */
static const struct loader_op *chunk(const struct loader *l, paddr_t *at,
				     uint64_t *n)
{
	const struct loader_op *op = &l->ops[l->next];

	*n = op->size - l->done;
	*n = *n < LOADER_CHUNK_SIZE ? *n : LOADER_CHUNK_SIZE;
	*at = pa_add(op->pa, l->done);
	return op;
}

/* n bytes of the op in progress are done; returns whether all are. */
static bool advance(struct loader *l, uint64_t n)
{
	l->done += n;
	if (l->done >= l->ops[l->next].size) {
		l->next++;
		l->done = 0;
	}
	return loader_done(l);
}

/*
 * Copies n bytes from src to dst, 64 bytes a step where both are 16-byte
 * aligned (images and partitions' memory are page aligned): QEMU counts
 * instructions, and memcpy()'s 8-byte words take twice as many for the
 * 33 MB a Linux partition loads. The rest by memcpy().
 */
static void copy(uint8_t *dst, const uint8_t *src, uint64_t n)
{
	uint64_t i = 0;

	if ((((uintptr_t)dst | (uintptr_t)src) & 15) == 0) {
		for (; n - i >= 64; i += 64) {
			unsigned __int128 *d = (void *)(dst + i);
			const unsigned __int128 *s = (const void *)(src + i);

			d[0] = s[0];
			d[1] = s[1];
			d[2] = s[2];
			d[3] = s[3];
		}
	}
	memcpy(dst + i, src + i, n - i);
}

bool loader_step(struct loader *l)
{
	const struct loader_op *op;
	paddr_t at;
	uint64_t n;

	if (loader_done(l)) {
		return true;
	}
	op = chunk(l, &at, &n);
	if (op->kind == LOADER_SCRUB) {
		arch_mm_scrub(at, n); /* cleans what it zeroed */
	} else {
		/* The hypervisor maps partitions' memory identically. */
		copy((uint8_t *)(uintptr_t)pa_addr(at), op->src + l->done, n);
		arch_mm_clean_range(at, n);
	}
	return advance(l, n);
}

void loader_rewind(struct loader *l)
{
	l->next = 0;
	l->done = 0;
}

bool loader_verify_step(struct loader *l, uint64_t *nonzero)
{
	const struct loader_op *op;
	paddr_t at;
	uint64_t n;

	if (loader_done(l)) {
		return true;
	}
	op = chunk(l, &at, &n);
	if (op->kind == LOADER_SCRUB) {
		/* Scrubs are whole pages: whole words. */
		const uint64_t *w = (const uint64_t *)(uintptr_t)pa_addr(at);

		for (uint64_t i = 0; i < n / 8; i++) {
			*nonzero += w[i] != 0;
		}
	}
	return advance(l, n);
}
