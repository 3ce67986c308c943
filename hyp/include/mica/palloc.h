/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Page allocator for the hypervisor's own memory (translation tables and
 * other per-partition state), in address order. None is given back: mica
 * takes its memory once and keeps it, so a bump pointer is all it needs;
 * setting up and allocation are O(1), and allocation takes one lock.
 * Pages come back zeroed.
 */
#ifndef MICA_PALLOC_H
#define MICA_PALLOC_H

#include "mica/spinlock.h"
#include "mica/types.h"

struct palloc {
	struct spinlock lock;
	uintptr_t next; /* the first free page */
	size_t free_count;
	size_t total_count;
};

/*
 * Hands the range [base, base + size) to the allocator. base is rounded up
 * and the end down to page boundaries; what is left may be empty.
 */
void palloc_init(struct palloc *p, void *base, size_t size);

/* A zeroed page, or NULL when none is left. */
void *palloc_alloc(struct palloc *p);

/* Pages left to allocate, for the banner; total_count is all of them. */
size_t palloc_free_count(const struct palloc *p);

#endif
