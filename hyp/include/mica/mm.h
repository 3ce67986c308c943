/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Translation tables, built by the core through the arch's entry encoders
 * (arch/mmu.h). The hypervisor maps itself identically (virtual address =
 * physical address), so a table's physical address is also where the
 * hypervisor reads and writes it. Ranges are mapped with the largest
 * blocks alignment allows and never changed or unmapped: whatever comes
 * to change part of a range must first split the block it falls in.
 */
#ifndef MICA_MM_H
#define MICA_MM_H

#include "mica/palloc.h"
#include "mica/types.h"

struct mm_table {
	uint64_t *root;
	unsigned levels;
	unsigned stage2; /* MM_STAGE2 for a partition's table, else 0 */
};

/* Allocates an empty root table. False if the pool is empty. */
bool mm_table_init(struct mm_table *t, unsigned levels, struct palloc *pool);

/* As mm_table_init(), for a partition's stage-2 table. */
bool mm_table_init_stage2(struct mm_table *t, unsigned levels,
			  struct palloc *pool);

/*
 * Maps [va, va + size) of the hypervisor's own table t to [pa, pa + size)
 * with attrs (MM_* in arch/mmu.h), using the largest blocks alignment
 * allows. All three values must be page aligned and size non-zero. Refuses,
 * changing nothing:
 *   - writable and executable at once (W^X), in the hypervisor's own table;
 *   - a range of which any part is already mapped;
 *   - a range beyond the table's reach or wrapping around;
 *   - physical addresses the arch's entries cannot hold.
 * Returns false also when the pool runs out part-way; what was mapped
 * until then stays mapped (mica sizes its pool so that boot never does).
 */
bool mm_map_hyp(struct mm_table *t, vaddr_t va, paddr_t pa, uint64_t size,
		unsigned attrs, struct palloc *pool);

/*
 * As mm_map_hyp(), but maps only the parts of the range that nothing maps
 * yet; the parts mapped already keep their mapping and attributes, so
 * ranges may overlap (partitions' shared regions). Refuses what
 * mm_map_hyp() refuses but an overlap, changing nothing, and fails as it
 * does when the pool runs out.
 */
bool mm_fill_hyp(struct mm_table *t, vaddr_t va, paddr_t pa, uint64_t size,
		 unsigned attrs, struct palloc *pool);

/*
 * As mm_map_hyp(), for a partition's stage-2 table t (mm_table_init_stage2):
 * maps its guest physical [ipa, ipa + size) to [pa, pa + size).
 */
bool mm_map_s2(struct mm_table *t, ipa_t ipa, paddr_t pa, uint64_t size,
	       unsigned attrs, struct palloc *pool);

/*
 * Translates va (mm_lookup_hyp) or ipa (mm_lookup_s2); on success gives
 * the physical address and the attributes of the mapping that holds it.
 * False, with *pa and *attrs unset, if nothing maps it.
 */
bool mm_lookup_hyp(const struct mm_table *t, vaddr_t va, paddr_t *pa,
		   unsigned *attrs);
bool mm_lookup_s2(const struct mm_table *t, ipa_t ipa, paddr_t *pa,
		  unsigned *attrs);

/* Bytes one entry maps at `level` of a table with `levels` levels. */
uint64_t mm_level_size(unsigned level, unsigned levels);

#endif
