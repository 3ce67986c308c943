// SPDX-License-Identifier: Apache-2.0
/*
 * Free-list page allocator (see mica/palloc.h). A free page's first word
 * points to the next free page. Pages are zeroed on allocation, so what the
 * pool's memory held before is never handed on.
 */
#include "mica/palloc.h"
#include "mica/string.h"

void palloc_init(struct palloc *p, void *base, size_t size)
{
	uint64_t start = ALIGN_UP((uintptr_t)base, MICA_PAGE_SIZE);
	uint64_t end = ALIGN_DOWN((uintptr_t)base + size, MICA_PAGE_SIZE);

	p->lock = (struct spinlock)SPINLOCK_INIT;
	p->free_head = NULL;
	p->free_count = 0;
	/* Thread the list from the top down so that pages go out in address order. */
	for (uint64_t a = end; a > start; a -= MICA_PAGE_SIZE) {
		void **page = (void **)(uintptr_t)(a - MICA_PAGE_SIZE);

		*page = p->free_head;
		p->free_head = page;
		p->free_count++;
	}
	p->total_count = p->free_count;
}

void *palloc_alloc(struct palloc *p)
{
	void **page;

	spinlock_lock(&p->lock);
	page = p->free_head;
	if (page != NULL) {
		p->free_head = *page;
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
