// SPDX-License-Identifier: Apache-2.0
/*
 * AArch64 translation-table entries (4 KiB granule) for the hypervisor's
 * own EL2 stage-1 regime and for the partitions' stage 2 (MM_STAGE2).
 * Pure computation, so host tests check the real encodings. Stage 1
 * names its memory types by MAIR_EL2 index (0 normal write-back memory, 1
 * Device-nGnRE: the value mmu.c programs); stage 2 writes them into the
 * entry (MemAttr).
 */
#include "arch/mmu.h"

#define DESC_VALID (UINT64_C(1) << 0)
#define DESC_TABLE (UINT64_C(1) << 1) /* table at levels < 3, page at 3 */
#define DESC_ATTR_NORMAL (UINT64_C(0) << 2)
#define DESC_ATTR_DEVICE (UINT64_C(1) << 2)
#define DESC_AP_RES1 (UINT64_C(1) << 6) /* AP[1]: RES1 in the EL2 regime */
#define DESC_AP_RO (UINT64_C(1) << 7)
#define DESC_SH_INNER (UINT64_C(3) << 8)
#define DESC_AF (UINT64_C(1) << 10)
#define DESC_XN (UINT64_C(1) << 54)
/* Stage 2: MemAttr[5:2] and S2AP[7:6]. */
#define S2_MEMATTR_NORMAL (UINT64_C(0xf) << 2) /* write-back, inner and outer */
#define S2_MEMATTR_DEVICE (UINT64_C(0x1) << 2) /* Device-nGnRE */
#define S2_MEMATTR_NC (UINT64_C(0x5) << 2) /* non-cacheable, inner and outer */
#define S2_AP_READ (UINT64_C(1) << 6)
#define S2_AP_WRITE (UINT64_C(1) << 7)
#define DESC_ADDR_MASK UINT64_C(0x0000fffffffff000)

/* Architectural level (0..3) of core level `level` out of `levels`. */
static unsigned arch_level(unsigned level, unsigned levels)
{
	return level + 4 - levels;
}

uint64_t arch_mm_table_entry(paddr_t table)
{
	return (pa_addr(table) & DESC_ADDR_MASK) | DESC_TABLE | DESC_VALID;
}

uint64_t arch_mm_leaf_entry(unsigned level, unsigned levels, paddr_t pa,
			    unsigned attrs)
{
	uint64_t e = (pa_addr(pa) & DESC_ADDR_MASK) | DESC_VALID | DESC_AF;

	if (arch_level(level, levels) == 3) {
		e |= DESC_TABLE; /* the page descriptor shares the bit */
	}
	e |= (attrs & MM_EXEC) == 0 ? DESC_XN : 0;
	if ((attrs & MM_STAGE2) != 0) {
		e |= (attrs & MM_DEVICE) != 0 ? S2_MEMATTR_DEVICE :
		     (attrs & MM_NC) != 0 ? (S2_MEMATTR_NC | DESC_SH_INNER) :
					    (S2_MEMATTR_NORMAL | DESC_SH_INNER);
		e |= (attrs & MM_READ) != 0 ? S2_AP_READ : 0;
		e |= (attrs & MM_WRITE) != 0 ? S2_AP_WRITE : 0;
		return e;
	}
	e |= DESC_AP_RES1;
	e |= (attrs & MM_DEVICE) != 0 ? DESC_ATTR_DEVICE :
					(DESC_ATTR_NORMAL | DESC_SH_INNER);
	e |= (attrs & MM_WRITE) == 0 ? DESC_AP_RO : 0;
	return e;
}

bool arch_mm_block_allowed(unsigned level, unsigned levels)
{
	unsigned l = arch_level(level, levels);

	return l >= 1 && l <= 3;
}

bool arch_mm_entry_valid(uint64_t e)
{
	return (e & DESC_VALID) != 0;
}

bool arch_mm_entry_is_table(uint64_t e, unsigned level, unsigned levels)
{
	return arch_level(level, levels) < 3 && (e & DESC_TABLE) != 0;
}

paddr_t arch_mm_entry_addr(uint64_t e)
{
	return pa_init(e & DESC_ADDR_MASK);
}

unsigned arch_mm_entry_attrs(uint64_t e, unsigned stage2)
{
	unsigned a = MM_READ;

	if (stage2 != 0) {
		a = MM_STAGE2;
		a |= (e & S2_AP_READ) != 0 ? MM_READ : 0;
		a |= (e & S2_AP_WRITE) != 0 ? MM_WRITE : 0;
		a |= (e & DESC_XN) == 0 ? MM_EXEC : 0;
		a |= (e & (UINT64_C(0xf) << 2)) == S2_MEMATTR_DEVICE ?
			     MM_DEVICE :
			     0;
		a |= (e & (UINT64_C(0xf) << 2)) == S2_MEMATTR_NC ? MM_NC : 0;
		return a;
	}
	a |= (e & DESC_AP_RO) == 0 ? MM_WRITE : 0;
	a |= (e & DESC_XN) == 0 ? MM_EXEC : 0;
	a |= (e & (UINT64_C(7) << 2)) == DESC_ATTR_DEVICE ? MM_DEVICE : 0;
	return a;
}
