// SPDX-License-Identifier: Apache-2.0
/*
 * Turns on the EL2 stage-1 translation built by the core (mm.c) with the
 * entries of pgtable.c: MAIR_EL2 index 0 normal write-back memory, index 1
 * Device-nGnRE; caches on; SCTLR_EL2.WXN so that no writable page can ever
 * execute, whatever a table says.
 */
#include "arch/mmu.h"
#include "mica/string.h"
#include "sysreg.h"

#define MAIR_VALUE UINT64_C(0x04ff)
static uint64_t mmu_root;
static uint64_t mmu_tcr;

void mmu_enable_secondary(void);

void arch_mm_enable(paddr_t root, unsigned levels)
{
	/* Output size: the CPU's physical range, at most 48 bits (PS=5). */
	uint64_t ps = read_sysreg(id_aa64mmfr0_el1) & 0xf;

	ps = ps < 5 ? ps : 5;
	mmu_root = pa_addr(root);
	mmu_tcr = (UINT64_C(1) << 31) | (UINT64_C(1) << 23) | /* RES1 */
		  (ps << 16) |				      /* PS */
		  (UINT64_C(3) << 12) |			      /* SH0 inner */
		  (UINT64_C(1) << 10) | (UINT64_C(1) << 8) |  /* WB caches */
		  (64 - (12 + 9 * (uint64_t)levels));	      /* T0SZ */
	dsb(ish);
	mmu_enable_secondary();
}

/* Turns translation on with the tables the boot CPU built. */
void mmu_enable_secondary(void)
{
	write_sysreg(mair_el2, MAIR_VALUE);
	write_sysreg(tcr_el2, mmu_tcr);
	write_sysreg(ttbr0_el2, mmu_root);
	isb();
	__asm__ volatile("tlbi alle2" ::: "memory");
	dsb(ish);
	isb();
	write_sysreg(sctlr_el2, read_sysreg(sctlr_el2) | SCTLR_M | SCTLR_C |
					SCTLR_I | SCTLR_WXN);
	isb();
}

void arch_mm_stage2_init(unsigned levels)
{
	uint64_t ps = read_sysreg(id_aa64mmfr0_el1) & 0xf;
	/* Start level: 3 levels begin at level 1 (SL0 = 1), 4 at level 0 (2). */
	uint64_t sl0 = levels == 4 ? 2 : 1;

	ps = ps < 5 ? ps : 5; /* as for EL2 (arch_mm_enable()) */
	write_sysreg(vtcr_el2,
		     (UINT64_C(1) << 31) |	   /* RES1 */
			     (ps << 16) |	   /* PS */
			     (UINT64_C(3) << 12) | /* SH0 inner */
			     (UINT64_C(1) << 10) | /* ORGN0 WB */
			     (UINT64_C(1) << 8) |  /* IRGN0 WB */
			     (sl0 << 6) |	   /* SL0 */
			     (64 - (12 + 9 * (uint64_t)levels))); /* T0SZ */
	isb();
}

/* The data cache's line, from CTR_EL0.DminLine. */
static uint64_t dcache_line(void)
{
	return 4u << ((read_sysreg(ctr_el0) >> 16) & 0xf);
}

/* After cleaning to the point of coherency: nothing stale fetched either. */
static void cleaned(void)
{
	dsb(sy);
	__asm__ volatile("ic iallu" ::: "memory");
	dsb(sy);
	isb();
}

/*
 * Eight lines a step where the range allows: the loop's own instructions
 * were most of the cost of cleaning a partition's images at boot, where
 * QEMU counts instructions.
 */
void arch_mm_clean_range(paddr_t pa, uint64_t size)
{
	uint64_t line = dcache_line();
	uint64_t end = pa_addr(pa) + size; /* mapped at the same address */
	uint64_t a = pa_addr(pa) & ~(line - 1);

	for (; end - a >= 8 * line; a += 8 * line) {
#pragma GCC unroll 8
		for (unsigned k = 0; k < 8; k++) {
			__asm__ volatile("dc civac, %0"
					 :
					 : "r"(a + k * line)
					 : "memory");
		}
	}
	for (; a < end; a += line) {
		__asm__ volatile("dc civac, %0" : : "r"(a) : "memory");
	}
	cleaned();
}

/*
 * DC ZVA zeroes one block per instruction, where it is allowed. Where a
 * block is a cache line (Cortex-A53 to A72: 64 bytes), each is cleaned
 * right after it is zeroed, eight a step, in one pass: scrubbing a
 * partition's memory was most of what mica added to Linux's boot.
 */
void arch_mm_scrub(paddr_t pa, uint64_t size)
{
	uint64_t dczid = read_sysreg(dczid_el0);
	uint64_t block = 4u << (dczid & 0xf);
	uint64_t start = pa_addr(pa); /* mapped at the same virtual address */

	if ((dczid & (1u << 4)) != 0 || block > MICA_PAGE_SIZE / 8) {
		memset((void *)(uintptr_t)start, 0, size);
	} else if (block == dcache_line()) {
		/* Scrubs are whole pages: whole steps of eight blocks. */
		for (uint64_t a = start; a < start + size; a += 8 * block) {
#pragma GCC unroll 8
			for (unsigned k = 0; k < 8; k++) {
				__asm__ volatile("dc zva, %0\n\tdc civac, %0"
						 :
						 : "r"(a + k * block)
						 : "memory");
			}
		}
		cleaned();
		return;
	} else {
		for (uint64_t a = start; a < start + size; a += block) {
			__asm__ volatile("dc zva, %0" : : "r"(a) : "memory");
		}
		dsb(ish);
	}
	arch_mm_clean_range(pa, size);
}
