// SPDX-License-Identifier: Apache-2.0
/*
 * The address types (mica/types.h): a host physical address, a guest
 * physical one and a hypervisor virtual one are three types no compiler
 * lets pass for one another, each one register wide; and the interfaces
 * that take or give an address keep those types, so that a change back to
 * a raw uint64_t fails this file's build. At run time: each helper moves
 * an address within its own space.
 */
#include "arch/mmu.h"
#include "arch/vgic.h"
#include "mica/loader.h"
#include "mica/mm.h"
#include "mica/scenario_boot.h"
#include "mica/vm.h"
#include "unit.h"

#define SAME_TYPE(a, b) __builtin_types_compatible_p(a, b)

_Static_assert(!SAME_TYPE(paddr_t, ipa_t), "paddr_t and ipa_t mix");
_Static_assert(!SAME_TYPE(paddr_t, vaddr_t), "paddr_t and vaddr_t mix");
_Static_assert(!SAME_TYPE(ipa_t, vaddr_t), "ipa_t and vaddr_t mix");
_Static_assert(!SAME_TYPE(paddr_t, uint64_t) && !SAME_TYPE(ipa_t, uint64_t) &&
		       !SAME_TYPE(vaddr_t, uint64_t),
	       "an address type is a plain number");
/* One field: passed and returned in one register, as a plain number. */
_Static_assert(sizeof(paddr_t) == 8 && sizeof(ipa_t) == 8 &&
		       sizeof(vaddr_t) == 8,
	       "an address type is not one 64-bit field");

/* Each interface keeps the space of its addresses in its type. */
_Static_assert(SAME_TYPE(__typeof__(&mm_map_s2),
			 bool (*)(struct mm_table *, ipa_t, paddr_t, uint64_t,
				  unsigned, struct palloc *)),
	       "mm_map_s2 maps an ipa_t to a paddr_t");
_Static_assert(SAME_TYPE(__typeof__(&mm_map_hyp),
			 bool (*)(struct mm_table *, vaddr_t, paddr_t, uint64_t,
				  unsigned, struct palloc *)),
	       "mm_map_hyp maps a vaddr_t to a paddr_t");
_Static_assert(SAME_TYPE(__typeof__(&mm_lookup_s2),
			 bool (*)(const struct mm_table *, ipa_t, paddr_t *,
				  unsigned *)),
	       "mm_lookup_s2 translates an ipa_t");
_Static_assert(SAME_TYPE(__typeof__(&mm_lookup_hyp),
			 bool (*)(const struct mm_table *, vaddr_t, paddr_t *,
				  unsigned *)),
	       "mm_lookup_hyp translates a vaddr_t");
_Static_assert(SAME_TYPE(__typeof__(&arch_mm_scrub),
			 void (*)(paddr_t, uint64_t)) &&
		       SAME_TYPE(__typeof__(&arch_mm_clean_range),
				 void (*)(paddr_t, uint64_t)),
	       "the port scrubs and cleans host physical memory");
_Static_assert(SAME_TYPE(__typeof__(&loader_add_scrub),
			 bool (*)(struct loader *, paddr_t, uint64_t)) &&
		       SAME_TYPE(__typeof__(((struct loader_op *)0)->pa),
				 paddr_t),
	       "the loader writes host physical memory");
_Static_assert(SAME_TYPE(__typeof__(&vm_mmio),
			 bool (*)(struct vcpu *, ipa_t, bool, unsigned,
				  uint64_t *)) &&
		       SAME_TYPE(__typeof__(&arch_vgic_mmio),
				 enum vgic_mmio (*)(struct vcpu *, ipa_t, bool,
						    unsigned, uint64_t *)),
	       "an MMIO exit is at a guest physical address");
_Static_assert(SAME_TYPE(__typeof__(&vm_abort_is_guests),
			 bool (*)(ipa_t, bool)),
	       "a stage-2 abort is at a guest physical address");
_Static_assert(SAME_TYPE(__typeof__(&vcpu_request_start),
			 int (*)(struct vcpu *, ipa_t, uint64_t)),
	       "a vCPU starts at a guest physical address");
_Static_assert(SAME_TYPE(__typeof__(&scenario_boot),
			 bool (*)(const struct scenario *, const struct board *,
				  paddr_t)),
	       "the boot loader's device tree is at a host physical address");

static void types__add_moves_an_address_within_its_space(void **state)
{
	(void)state;
	assert_int_equal(pa_addr(pa_add(pa_init(0x40000000), 0x123)),
			 0x40000123);
	assert_int_equal(va_addr(va_init(0xffff000012345000)),
			 0xffff000012345000);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(types__add_moves_an_address_within_its_space),
	};

	return cmocka_run_group_tests_name("types", tests, NULL, NULL);
}
