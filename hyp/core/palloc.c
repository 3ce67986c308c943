// SPDX-License-Identifier: Apache-2.0
/*
 * Page allocator (see mica/palloc.h): the free pages are the ones above a
 * bump pointer, since none is ever given back. Pages are zeroed on
 * allocation, so what the pool's memory held before is never handed on.
 */
#include "mica/palloc.h"
#include "mica/string.h"

void palloc_init(struct palloc *p, void *base, size_t size)
{
	uint64_t start = ALIGN_UP((uintptr_t)base, MICA_PAGE_SIZE);
	uint64_t end = ALIGN_DOWN((uintptr_t)base + size, MICA_PAGE_SIZE);

	p->lock = (struct spinlock)SPINLOCK_INIT;
	p->next = (uintptr_t)start;
	p->free_count = end > start ? (end - start) / MICA_PAGE_SIZE : 0;
	p->total_count = p->free_count;
}

void *palloc_alloc(struct palloc *p)
{
	void *page = NULL;

	spinlock_lock(&p->lock);
	if (p->free_count > 0) {
		page = (void *)p->next;
		p->next += MICA_PAGE_SIZE;
		p->free_count--;
	}
	spinlock_unlock(&p->lock);
	if (page != NULL) {
		memset(page, 0, MICA_PAGE_SIZE);
	}
	return page;
}

size_t palloc_free_count(const struct palloc *p)
{
	return __atomic_load_n(&p->free_count, __ATOMIC_RELAXED);
}
