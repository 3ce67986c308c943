// SPDX-License-Identifier: Apache-2.0
/*
 * Chunked memory work (mica/loader.h): scrubs and copies a chunk at a time,
 * so that a restart's scrub of a large partition never holds its CPU for
 * longer than one chunk.
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

bool loader_step(struct loader *l)
{
	const struct loader_op *op;
	paddr_t at;
	uint64_t n;

	if (loader_done(l)) {
		return true;
	}
	op = &l->ops[l->next];
	n = op->size - l->done;
	n = n < LOADER_CHUNK_SIZE ? n : LOADER_CHUNK_SIZE;
	at = pa_add(op->pa, l->done);
	if (op->kind == LOADER_SCRUB) {
		arch_mm_scrub(at, n); /* cleans what it zeroed */
	} else {
		/* The hypervisor maps partitions' memory identically. */
		memcpy((void *)(uintptr_t)pa_addr(at), op->src + l->done, n);
		arch_mm_clean_range(at, n);
	}
	l->done += n;
	if (l->done >= op->size) {
		l->next++;
		l->done = 0;
	}
	return loader_done(l);
}
