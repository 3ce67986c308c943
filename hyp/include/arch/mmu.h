/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Arch interface: translation table formats. The core's table builder
 * (mm.c) walks and fills tables through these; the port encodes entries and
 * turns translation on. A table has ARCH_MM_ENTRIES entries of 64 bits at
 * every level; level 0 is the root and level levels-1 maps single pages.
 */
#ifndef ARCH_MMU_H
#define ARCH_MMU_H

#include "mica/types.h"

#define ARCH_MM_ENTRIES 512
#define ARCH_MM_BITS_PER_LEVEL 9

/* Access attributes of a mapping (combine with |). */
#define MM_READ 0x1u
#define MM_WRITE 0x2u
#define MM_EXEC 0x4u
#define MM_DEVICE 0x8u /* device memory: uncached, strongly ordered */
/*
 * The table is a stage-2 (guest physical -> physical) table: entries use the
 * stage-2 format, and a guest's memory may be writable and executable (its
 * own stage-1 tables decide; W^X binds the hypervisor's own mappings).
 */
#define MM_STAGE2 0x10u
/* Stage 2 only: normal memory, non-cacheable (channels a guest OS shares). */
#define MM_NC 0x20u

/* Entry pointing to a next-level table at pa (page aligned). */
uint64_t arch_mm_table_entry(paddr_t table);

/*
 * Leaf entry at the given level (levels counted from the root, out of
 * `levels`) mapping pa with attrs. Precondition: arch_mm_block_allowed()
 * holds and pa is aligned to the level's size. Writable+executable attrs
 * are a caller bug and are refused by the core before they get here.
 */
uint64_t arch_mm_leaf_entry(unsigned level, unsigned levels, paddr_t pa,
			    unsigned attrs);

/*
 * Whether a leaf (block) entry may stand at this level. Must be true at the
 * last level (levels - 1), where leaves map single pages.
 */
bool arch_mm_block_allowed(unsigned level, unsigned levels);

/*
 * Whether entry e, read at any level, is valid (on Arm its valid bit): a
 * table or a leaf, which arch_mm_entry_is_table() then tells apart. An
 * invalid entry maps nothing, whatever its other bits hold.
 */
bool arch_mm_entry_valid(uint64_t e);
/* Whether a valid entry at this level points to a next-level table. */
bool arch_mm_entry_is_table(uint64_t e, unsigned level, unsigned levels);
/* The output address of a valid entry (table or leaf). */
paddr_t arch_mm_entry_addr(uint64_t e);
/* The attributes of a valid leaf entry, as MM_* flags; stage2 as MM_STAGE2 or 0. */
unsigned arch_mm_entry_attrs(uint64_t e, unsigned stage2);

/*
 * Sets the calling CPU up for stage-2 tables of `levels` levels (the same for
 * every partition). Called once per CPU after arch_mm_enable().
 */
void arch_mm_stage2_init(unsigned levels);

/*
 * Zeroes [pa, pa + size) (page aligned, mapped writable for the hypervisor
 * at the same virtual address) so that a guest starting with its MMU and
 * caches off reads zeros.
 */
void arch_mm_scrub(paddr_t pa, uint64_t size);

/*
 * Makes [pa, pa + size) of memory the hypervisor wrote through its cached
 * mapping (at the same virtual address) visible to a guest that starts
 * with its MMU and caches off.
 */
void arch_mm_clean_range(paddr_t pa, uint64_t size);

/*
 * Turns on the hypervisor's own translation with root as the table base
 * and `levels` levels, caches on, and write-implies-execute-never enforced.
 * Called on every CPU with the same root.
 */
void arch_mm_enable(paddr_t root, unsigned levels);

#endif
