// SPDX-License-Identifier: Apache-2.0
/*
 * Generic translation-table builder (see mica/mm.h). The walk has a fixed
 * number of levels, and every loop is bounded by ARCH_MM_ENTRIES or by the
 * size of the range being mapped, which comes from the hypervisor's own
 * configuration, never from a guest at run time. The walk takes a table's
 * input address raw: a virtual address or an IPA, as the exported entry
 * points typed it.
 */
#include "arch/mmu.h"
#include "mica/mm.h"

static uint64_t *table_of(uint64_t entry)
{
	return (uint64_t *)(uintptr_t)pa_addr(arch_mm_entry_addr(entry));
}

uint64_t mm_level_size(unsigned level, unsigned levels)
{
	return MICA_PAGE_SIZE
	       << (ARCH_MM_BITS_PER_LEVEL * (levels - 1 - level));
}

static unsigned index_of(uint64_t va, unsigned level, unsigned levels)
{
	return (unsigned)((va / mm_level_size(level, levels)) %
			  ARCH_MM_ENTRIES);
}

bool mm_table_init(struct mm_table *t, unsigned levels, struct palloc *pool)
{
	t->levels = levels;
	t->stage2 = 0;
	t->root = palloc_alloc(pool);
	return t->root != NULL;
}

bool mm_table_init_stage2(struct mm_table *t, unsigned levels,
			  struct palloc *pool)
{
	bool ok = mm_table_init(t, levels, pool);

	t->stage2 = MM_STAGE2;
	return ok;
}

/*
 * Whether anything in [va, va + size) is mapped. Each iteration walks from
 * the root once and steps over a run of free entries of one table, so a
 * range costs a walk per table it touches, not one per page.
 */
static bool range_mapped(const struct mm_table *t, uint64_t va, uint64_t size)
{
	uint64_t end = va + size;

	/* Bounded by size / page: each iteration steps over one entry at least. */
	while (va < end) {
		const uint64_t *table = t->root;

		for (unsigned level = 0;; level++) {
			uint64_t bs = mm_level_size(level, t->levels);
			unsigned i = index_of(va, level, t->levels);

			if (!arch_mm_entry_valid(table[i])) {
				do {
					va = ALIGN_DOWN(va, bs) + bs;
					i++;
				} while (va < end && i < ARCH_MM_ENTRIES &&
					 !arch_mm_entry_valid(table[i]));
				break;
			}
			/* A leaf; a table at the last level would be a port's bug. */
			if (!arch_mm_entry_is_table(table[i], level,
						    t->levels) ||
			    level + 1 >= t->levels) {
				return true;
			}
			table = table_of(table[i]);
		}
	}
	return false;
}

/*
 * Maps [va, va + size) to pa, or with holes only the parts of it nothing
 * maps yet (the others keep their mapping); without holes, nothing in it
 * may be mapped. Each iteration walks from the root once, to the largest
 * block that alignment allows, and fills a run of free entries of that
 * table, so a range costs a walk per table it touches, not one per page.
 */
static bool map(struct mm_table *t, uint64_t va, paddr_t pa, uint64_t size,
		unsigned attrs, bool holes, struct palloc *pool)
{
	uint64_t reach = mm_level_size(0, t->levels) * ARCH_MM_ENTRIES;
	uint64_t end = va + size;
	uint64_t p = pa_addr(pa);
	uint64_t last;

	if (t->stage2 == 0 && (attrs & MM_WRITE) != 0 &&
	    (attrs & MM_EXEC) != 0) {
		return false;
	}
	attrs = (attrs & ~MM_STAGE2) | t->stage2;
	if (size == 0 || !IS_ALIGNED(va | p | size, MICA_PAGE_SIZE) ||
	    end < va || end > reach || p + size < p ||
	    (!holes && range_mapped(t, va, size))) {
		return false;
	}
	/* The last page must survive encoding, or entries would alias lower. */
	last = p + size - MICA_PAGE_SIZE;
	if (pa_addr(arch_mm_entry_addr(
		    arch_mm_leaf_entry(t->levels - 1, t->levels, pa_init(last),
				       attrs))) != last) {
		return false;
	}
	/* Bounded by size / page: each iteration maps or steps over a page at least. */
	while (va < end) {
		uint64_t *table = t->root;

		for (unsigned level = 0;; level++) {
			uint64_t bs;
			unsigned i;

			/*
			 * The walk stops at the last level at the latest, where
			 * arch_mm_block_allowed() must hold; should a port break
			 * that, fail rather than walk past the last table.
			 */
			if (level >= t->levels) {
				return false;
			}
			bs = mm_level_size(level, t->levels);
			i = index_of(va, level, t->levels);
			if (arch_mm_entry_valid(table[i]) &&
			    !arch_mm_entry_is_table(table[i], level,
						    t->levels)) {
				/* Mapped already (holes only): its rest stays. */
				p += ALIGN_DOWN(va, bs) + bs - va;
				va = ALIGN_DOWN(va, bs) + bs;
				break;
			}
			if (!arch_mm_entry_valid(table[i]) &&
			    arch_mm_block_allowed(level, t->levels) &&
			    IS_ALIGNED(va | p, bs) && end - va >= bs) {
				do {
					table[i++] =
						arch_mm_leaf_entry(level,
								   t->levels,
								   pa_init(p),
								   attrs);
					va += bs;
					p += bs;
				} while (i < ARCH_MM_ENTRIES &&
					 end - va >= bs &&
					 !arch_mm_entry_valid(table[i]));
				break;
			}
			if (!arch_mm_entry_valid(table[i])) {
				uint64_t *next = palloc_alloc(pool);

				if (next == NULL) {
					return false;
				}
				table[i] = arch_mm_table_entry(
					pa_init((uintptr_t)next));
			}
			table = table_of(table[i]);
		}
	}
	return true;
}

static bool lookup(const struct mm_table *t, uint64_t va, paddr_t *pa,
		   unsigned *attrs)
{
	const uint64_t *table = t->root;

	for (unsigned level = 0; level < t->levels; level++) {
		uint64_t e = table[index_of(va, level, t->levels)];

		if (!arch_mm_entry_valid(e)) {
			return false;
		}
		if (!arch_mm_entry_is_table(e, level, t->levels)) {
			uint64_t bs = mm_level_size(level, t->levels);

			*pa = pa_add(arch_mm_entry_addr(e), va % bs);
			*attrs = arch_mm_entry_attrs(e, t->stage2);
			return true;
		}
		table = table_of(e);
	}
	return false;
}

bool mm_map_hyp(struct mm_table *t, vaddr_t va, paddr_t pa, uint64_t size,
		unsigned attrs, struct palloc *pool)
{
	return map(t, va_addr(va), pa, size, attrs, false, pool);
}

bool mm_fill_hyp(struct mm_table *t, vaddr_t va, paddr_t pa, uint64_t size,
		 unsigned attrs, struct palloc *pool)
{
	return map(t, va_addr(va), pa, size, attrs, true, pool);
}

bool mm_map_s2(struct mm_table *t, ipa_t ipa, paddr_t pa, uint64_t size,
	       unsigned attrs, struct palloc *pool)
{
	return map(t, ipa_addr(ipa), pa, size, attrs, false, pool);
}

bool mm_lookup_hyp(const struct mm_table *t, vaddr_t va, paddr_t *pa,
		   unsigned *attrs)
{
	return lookup(t, va_addr(va), pa, attrs);
}

bool mm_lookup_s2(const struct mm_table *t, ipa_t ipa, paddr_t *pa,
		  unsigned *attrs)
{
	return lookup(t, ipa_addr(ipa), pa, attrs);
}
