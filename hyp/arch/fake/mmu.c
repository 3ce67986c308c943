// SPDX-License-Identifier: Apache-2.0
/*
 * The fake port's arch/mmu.h, but for the entry encoders: tests link the
 * real AArch64 ones (arch/aarch64/pgtable.c), which are pure C. Turning
 * translation on is recorded; scrubbing zeroes host memory; the
 * hypervisor's image and the partition images after it are a page each of
 * this object.
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

void arch_mm_clean_range(paddr_t pa, uint64_t size)
{
	(void)pa;
	(void)size;
}

/*
 * The hypervisor's image, a page, and the partition images right after it
 * (mica/layout.h): FAKE_PAYLOAD_SIZE bytes, page-aligned as the linker
 * script places them, so that vm_setup_all() can map them, tests can put
 * images in them and scenario_boot() finds both where a scenario says.
 * C arrays could not say that one ends where the next starts, hence the
 * assembler (GNU syntax, any ELF host).
 */
__asm__(".pushsection .data\n"
	".balign 4096\n"
	".globl __image_start\n"
	"__image_start:\n"
	".zero 4096\n"
	".globl __image_end\n"
	"__image_end:\n"
	".globl __payload_start\n"
	"__payload_start:\n"
	".zero 4096\n"
	".globl __payload_end\n"
	"__payload_end:\n"
	".popsection\n");
_Static_assert(FAKE_PAYLOAD_SIZE == 4096 && MICA_PAGE_SIZE == 4096,
	       "the payload's size and alignment above are written out");

void arch_mm_scrub(paddr_t pa, uint64_t size)
{
	memset((void *)(uintptr_t)pa_addr(pa), 0, size);
}
