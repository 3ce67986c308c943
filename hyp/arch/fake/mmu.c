// SPDX-License-Identifier: Apache-2.0
/*
 * The fake port's arch/mmu.h, but for the entry encoders: tests link the
 * real AArch64 ones (arch/aarch64/pgtable.c), which are pure C. Turning
 * translation on is recorded; scrubbing zeroes host memory; the partition
 * images' place in the hypervisor's image is a page of this object.
 */
#include <stdint.h>
#include <string.h>
#include "arch/fake.h"
#include "arch/mmu.h"

void arch_mm_enable(paddr_t root, unsigned levels)
{
	fake.mm_root = root;
	fake.mm_levels = levels;
}

void arch_mm_stage2_init(unsigned levels)
{
	(void)levels;
}

void arch_mm_clean_range(uint64_t pa, uint64_t size)
{
	(void)pa;
	(void)size;
}

/*
 * The partition images' place in the hypervisor's image (mica/layout.h):
 * FAKE_PAYLOAD_SIZE bytes, page-aligned as the linker script places them,
 * so that vm_setup_all() can map them and tests can put images in them.
 * Two C arrays could not say that one ends where the other starts, hence
 * the assembler (GNU syntax, any ELF host).
 */
__asm__(".pushsection .data\n"
	".balign 4096\n"
	".globl __payload_start\n"
	"__payload_start:\n"
	".zero 4096\n"
	".globl __payload_end\n"
	"__payload_end:\n"
	".popsection\n");
_Static_assert(FAKE_PAYLOAD_SIZE == 4096 && MICA_PAGE_SIZE == 4096,
	       "the payload's size and alignment above are written out");

void arch_mm_scrub(uint64_t pa, uint64_t size)
{
	memset((void *)(uintptr_t)pa, 0, size);
}
