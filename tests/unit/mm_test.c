// SPDX-License-Identifier: Apache-2.0
/*
 * The translation-table builder (mica/mm.h) with the real AArch64 entry
 * encoder (arch/aarch64/pgtable.c): what mm_map_hyp() maps can be looked up
 * again with its attributes, in the exact descriptors the MMU will read,
 * with the largest blocks alignment allows; every request it must refuse is
 * refused and changes nothing; and its table pages come from the pool,
 * counted. Tables live in host memory from aligned_alloc(); the addresses
 * they map are only numbers.
 */
#include "arch/mmu.h"
#include "mica/mm.h"
#include "unit.h"

#define POOL_PAGES 64

/* Descriptor bits of the EL2 stage-1 regime, from the Arm ARM. */
#define D_VALID UINT64_C(0x1)
#define D_TABLE_OR_PAGE UINT64_C(0x2)
#define D_ATTR_DEVICE (UINT64_C(1) << 2) /* MAIR index 1 */
#define D_AP_RES1 (UINT64_C(1) << 6)
#define D_AP_RO (UINT64_C(1) << 7)
#define D_SH_INNER (UINT64_C(3) << 8)
#define D_AF (UINT64_C(1) << 10)
#define D_XN (UINT64_C(1) << 54)

struct fixture {
	uint8_t *mem;
	struct palloc pool;
	struct mm_table t;
};

static int setup_levels(void **state, unsigned levels, size_t pages)
{
	struct fixture *f = calloc(1, sizeof(*f));

	assert_non_null(f);
	f->mem = aligned_alloc(MICA_PAGE_SIZE, pages * MICA_PAGE_SIZE);
	assert_non_null(f->mem);
	/* Dirty, so that a table not zeroed by the pool would show. */
	memset(f->mem, 0xa5, pages * MICA_PAGE_SIZE);
	palloc_init(&f->pool, f->mem, pages * MICA_PAGE_SIZE);
	assert_true(mm_table_init(&f->t, levels, &f->pool));
	*state = f;
	return 0;
}

static int setup4(void **state)
{
	return setup_levels(state, 4, POOL_PAGES);
}

static int setup3(void **state)
{
	return setup_levels(state, 3, POOL_PAGES);
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	free(f->mem);
	free(f);
	return 0;
}

/* Table pages taken from the pool so far, the root included. */
static size_t tables_used(const struct fixture *f)
{
	return f->pool.total_count - palloc_free_count(&f->pool);
}

/* The entry the walk for va reads at `level`, asserting tables above it. */
static uint64_t entry_at(const struct fixture *f, uint64_t va, unsigned level)
{
	const uint64_t *table = f->t.root;

	for (unsigned l = 0;; l++) {
		uint64_t size = mm_level_size(l, f->t.levels);
		uint64_t e = table[(va / size) % ARCH_MM_ENTRIES];
		uintptr_t next;

		if (l == level) {
			return e;
		}
		assert_true(arch_mm_entry_valid(e));
		assert_true(arch_mm_entry_is_table(e, l, f->t.levels));
		next = (uintptr_t)pa_addr(arch_mm_entry_addr(e));
		/* Every table is a page of the pool. */
		assert_true(next >= (uintptr_t)f->mem &&
			    next < (uintptr_t)f->mem +
					    POOL_PAGES * MICA_PAGE_SIZE);
		assert_true(next % MICA_PAGE_SIZE == 0);
		table = (const uint64_t *)next;
	}
}

static void assert_maps(const struct fixture *f, uint64_t va, uint64_t pa,
			unsigned attrs)
{
	paddr_t got = pa_init(0);
	unsigned got_attrs = 0;

	if (!mm_lookup_hyp(&f->t, va_init(va), &got, &got_attrs)) {
		fail_msg("0x%lx is not mapped", (unsigned long)va);
	}
	assert_int_equal(pa_addr(got), pa);
	assert_int_equal(got_attrs, attrs);
}

static void assert_unmapped(const struct fixture *f, uint64_t va)
{
	paddr_t pa;
	unsigned attrs;

	assert_false(mm_lookup_hyp(&f->t, va_init(va), &pa, &attrs));
}

/* --- sizes and the empty table -------------------------------------------- */

static void mm_level_size__is_a_page_times_512_per_level_up(void **state)
{
	(void)state;
	assert_int_equal(mm_level_size(3, 4), KiB(4));
	assert_int_equal(mm_level_size(2, 4), MiB(2));
	assert_int_equal(mm_level_size(1, 4), GiB(1));
	assert_int_equal(mm_level_size(0, 4), GiB(512));
	assert_int_equal(mm_level_size(0, 3), GiB(1));
	assert_int_equal(mm_level_size(2, 3), KiB(4));
}

static void mm_table_init__takes_a_zeroed_root_from_the_pool(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(tables_used(f), 1);
	for (unsigned i = 0; i < ARCH_MM_ENTRIES; i++) {
		assert_int_equal(f->t.root[i], 0);
	}
	assert_int_equal(f->t.levels, 4);
	assert_unmapped(f, 0);
	assert_unmapped(f, 0x40000000);
}

static void mm_table_init__fails_on_an_empty_pool(void **state)
{
	struct palloc pool;
	struct mm_table t;
	uint8_t page[16];

	(void)state;
	palloc_init(&pool, page, sizeof(page));
	assert_false(mm_table_init(&t, 4, &pool));
}

/* --- round trips and encodings ------------------------------------------- */

static void mm_map__maps_a_page_that_lookup_finds(void **state)
{
	struct fixture *f = *state;

	assert_true(mm_map_hyp(&f->t, va_init(0x40000000), pa_init(0x80000000),
			       KiB(4), MM_READ | MM_WRITE, &f->pool));
	assert_maps(f, 0x40000000, 0x80000000, MM_READ | MM_WRITE);
	assert_maps(f, 0x40000abc, 0x80000abc, MM_READ | MM_WRITE);
	assert_maps(f, 0x40000fff, 0x80000fff, MM_READ | MM_WRITE);
	assert_unmapped(f, 0x40001000);
	assert_unmapped(f, 0x3fffffff);
	/* Root, then one table at each of levels 1, 2 and 3. */
	assert_int_equal(tables_used(f), 4);
}

static void mm_map__round_trips_every_page_of_a_range(void **state)
{
	struct fixture *f = *state;
	uint64_t va = 0x12345000;
	uint64_t pa = 0x9876000;

	assert_true(mm_map_hyp(&f->t, va_init(va), pa_init(pa), 37 * KiB(4),
			       MM_READ, &f->pool));
	for (uint64_t off = 0; off < 37 * KiB(4); off += KiB(4)) {
		assert_maps(f, va + off + 8, pa + off + 8, MM_READ);
	}
	assert_unmapped(f, va - KiB(4));
	assert_unmapped(f, va + 37 * KiB(4));
}

static void mm_map__writes_aarch64_page_descriptors(void **state)
{
	struct fixture *f = *state;
	const uint64_t common = D_VALID | D_TABLE_OR_PAGE | D_AF | D_AP_RES1;

	assert_true(mm_map_hyp(&f->t, va_init(0x1000), pa_init(0x40001000),
			       KiB(4), MM_READ | MM_WRITE, &f->pool));
	assert_true(mm_map_hyp(&f->t, va_init(0x2000), pa_init(0x40002000),
			       KiB(4), MM_READ | MM_EXEC, &f->pool));
	assert_true(mm_map_hyp(&f->t, va_init(0x3000), pa_init(0x40003000),
			       KiB(4), MM_READ, &f->pool));
	assert_true(mm_map_hyp(&f->t, va_init(0x4000), pa_init(0x09000000),
			       KiB(4), MM_READ | MM_WRITE | MM_DEVICE,
			       &f->pool));
	assert_int_equal(entry_at(f, 0x1000, 3),
			 UINT64_C(0x40001000) | common | D_SH_INNER | D_XN);
	assert_int_equal(entry_at(f, 0x2000, 3),
			 UINT64_C(0x40002000) | common | D_SH_INNER | D_AP_RO);
	assert_int_equal(entry_at(f, 0x3000, 3), UINT64_C(0x40003000) | common |
							 D_SH_INNER | D_AP_RO |
							 D_XN);
	assert_int_equal(entry_at(f, 0x4000, 3),
			 UINT64_C(0x09000000) | common | D_ATTR_DEVICE | D_XN);
	/* Tables above: valid, table bit, the next table's address. */
	assert_int_equal(entry_at(f, 0x1000, 0) & UINT64_C(0xfff),
			 D_VALID | D_TABLE_OR_PAGE);
}

static void mm_map__uses_2mib_blocks_when_aligned(void **state)
{
	struct fixture *f = *state;
	uint64_t e;

	assert_true(mm_map_hyp(&f->t, va_init(MiB(6)), pa_init(MiB(1024 + 2)),
			       MiB(4), MM_READ | MM_WRITE, &f->pool));
	/* Root, level 1 and level 2 tables; no level 3 table. */
	assert_int_equal(tables_used(f), 3);
	e = entry_at(f, MiB(6), 2);
	assert_int_equal(e, UINT64_C(0x40200000) | D_VALID | D_AF | D_AP_RES1 |
				    D_SH_INNER | D_XN);
	assert_false(arch_mm_entry_is_table(e, 2, 4));
	assert_maps(f, MiB(6), MiB(1026), MM_READ | MM_WRITE);
	assert_maps(f, MiB(8) + 0x1234, MiB(1028) + 0x1234, MM_READ | MM_WRITE);
	assert_maps(f, MiB(10) - 1, MiB(1030) - 1, MM_READ | MM_WRITE);
	assert_unmapped(f, MiB(10));
}

static void mm_map__uses_1gib_blocks_when_aligned(void **state)
{
	struct fixture *f = *state;
	uint64_t e;

	assert_true(mm_map_hyp(&f->t, va_init(GiB(3)), pa_init(GiB(1)), GiB(2),
			       MM_READ, &f->pool));
	/* Root and a level 1 table only. */
	assert_int_equal(tables_used(f), 2);
	e = entry_at(f, GiB(4), 1);
	assert_int_equal(e, GiB(2) | D_VALID | D_AF | D_AP_RES1 | D_SH_INNER |
				    D_AP_RO | D_XN);
	assert_maps(f, GiB(3) + 5, GiB(1) + 5, MM_READ);
	assert_maps(f, GiB(5) - 1, GiB(3) - 1, MM_READ);
}

static void mm_map__mixes_block_sizes_for_an_unaligned_range(void **state)
{
	struct fixture *f = *state;
	uint64_t va = MiB(2) - KiB(4);

	/* A page, a 2 MiB block, a page. */
	assert_true(mm_map_hyp(&f->t, va_init(va), pa_init(GiB(1) + va),
			       MiB(2) + KiB(8), MM_READ | MM_WRITE, &f->pool));
	assert_int_equal(tables_used(f), 5); /* root, L1, L2, two L3 */
	assert_true(arch_mm_entry_is_table(entry_at(f, va, 2), 2, 4));
	assert_false(arch_mm_entry_is_table(entry_at(f, MiB(2), 2), 2, 4));
	assert_true(arch_mm_entry_is_table(entry_at(f, MiB(4), 2), 2, 4));
	for (uint64_t off = 0; off < MiB(2) + KiB(8); off += KiB(4)) {
		assert_maps(f, va + off, GiB(1) + va + off, MM_READ | MM_WRITE);
	}
	assert_unmapped(f, MiB(4) + KiB(4));
}

static void mm_map__uses_pages_when_pa_is_not_block_aligned(void **state)
{
	struct fixture *f = *state;

	assert_true(mm_map_hyp(&f->t, va_init(MiB(2)), pa_init(MiB(2) + KiB(4)),
			       MiB(2), MM_READ, &f->pool));
	assert_int_equal(tables_used(f), 4);
	assert_true(arch_mm_entry_is_table(entry_at(f, MiB(2), 2), 2, 4));
	assert_maps(f, MiB(4) - KiB(4), MiB(4), MM_READ);
}

static void mm_map__never_puts_a_block_at_the_root_of_4_levels(void **state)
{
	struct fixture *f = *state;

	assert_true(mm_map_hyp(&f->t, va_init(0), pa_init(0), GiB(512), MM_READ,
			       &f->pool));
	/* One level 1 table of 512 blocks of 1 GiB. */
	assert_int_equal(tables_used(f), 2);
	assert_true(arch_mm_entry_is_table(entry_at(f, 0, 0), 0, 4));
	assert_false(arch_mm_entry_is_table(entry_at(f, GiB(511), 1), 1, 4));
	assert_maps(f, GiB(512) - 1, GiB(512) - 1, MM_READ);
	assert_unmapped(f, GiB(512));
}

static void mm_map__puts_1gib_blocks_at_the_root_of_3_levels(void **state)
{
	struct fixture *f = *state;

	assert_true(mm_map_hyp(&f->t, va_init(GiB(2)), pa_init(GiB(4)), GiB(1),
			       MM_READ, &f->pool));
	assert_int_equal(tables_used(f), 1);
	assert_false(arch_mm_entry_is_table(entry_at(f, GiB(2), 0), 0, 3));
	assert_maps(f, GiB(2) + 7, GiB(4) + 7, MM_READ);
	/* 3 levels reach 512 GiB. */
	assert_true(mm_map_hyp(&f->t, va_init(GiB(511)), pa_init(0), GiB(1),
			       MM_READ, &f->pool));
	assert_false(mm_map_hyp(&f->t, va_init(GiB(512)), pa_init(0), KiB(4),
				MM_READ, &f->pool));
}

static void mm_lookup__returns_the_attributes_mapped(void **state)
{
	struct fixture *f = *state;
	static const unsigned attrs[] = {
		MM_READ,
		MM_READ | MM_WRITE,
		MM_READ | MM_EXEC,
		MM_READ | MM_DEVICE,
		MM_READ | MM_WRITE | MM_DEVICE,
	};

	for (unsigned i = 0; i < ARRAY_SIZE(attrs); i++) {
		uint64_t page = GiB(1) + i * KiB(4);
		uint64_t block = GiB(2) + i * MiB(2);
		uint64_t huge = GiB(8) + i * GiB(1);

		assert_true(mm_map_hyp(&f->t, va_init(page), pa_init(page),
				       KiB(4), attrs[i], &f->pool));
		assert_true(mm_map_hyp(&f->t, va_init(block), pa_init(block),
				       MiB(2), attrs[i], &f->pool));
		assert_true(mm_map_hyp(&f->t, va_init(huge), pa_init(huge),
				       GiB(1), attrs[i], &f->pool));
		assert_maps(f, page, page, attrs[i]);
		assert_maps(f, block + KiB(12), block + KiB(12), attrs[i]);
		assert_maps(f, huge + MiB(3), huge + MiB(3), attrs[i]);
	}
}

/* --- what mm_map refuses -------------------------------------------------- */

/* Asserts that a refused mm_map_hyp() left tables and pool as they were. */
static void assert_refused(struct fixture *f, uint64_t va, uint64_t pa,
			   uint64_t size, unsigned attrs)
{
	size_t used = tables_used(f);

	assert_false(mm_map_hyp(&f->t, va_init(va), pa_init(pa), size, attrs,
				&f->pool));
	assert_int_equal(tables_used(f), used);
}

static void mm_map__refuses_writable_and_executable(void **state)
{
	struct fixture *f = *state;

	assert_refused(f, 0x40000000, 0x40000000, KiB(4),
		       MM_READ | MM_WRITE | MM_EXEC);
	assert_refused(f, 0x40000000, 0x40000000, MiB(2), MM_WRITE | MM_EXEC);
	assert_refused(f, 0x40000000, 0x40000000, KiB(4),
		       MM_READ | MM_WRITE | MM_EXEC | MM_DEVICE);
	assert_unmapped(f, 0x40000000);
	assert_int_equal(tables_used(f), 1);
}

static void mm_map__refuses_misaligned_arguments(void **state)
{
	struct fixture *f = *state;

	assert_refused(f, 0x40000001, 0x40000000, KiB(4), MM_READ);
	assert_refused(f, 0x40000800, 0x40000000, KiB(4), MM_READ);
	assert_refused(f, 0x40000000, 0x40000010, KiB(4), MM_READ);
	assert_refused(f, 0x40000000, 0x40000000, KiB(4) + 1, MM_READ);
	assert_refused(f, 0x40000000, 0x40000000, KiB(2), MM_READ);
	assert_unmapped(f, 0x40000000);
}

static void mm_map__refuses_zero_size(void **state)
{
	struct fixture *f = *state;

	assert_refused(f, 0x40000000, 0x40000000, 0, MM_READ);
}

static void mm_map__refuses_ranges_that_wrap_around(void **state)
{
	struct fixture *f = *state;

	assert_refused(f, UINT64_MAX - KiB(4) + 1, 0, KiB(4), MM_READ);
	assert_refused(f, UINT64_MAX - KiB(4) + 1, 0, KiB(8), MM_READ);
	assert_refused(f, 0, UINT64_MAX - KiB(4) + 1, KiB(8), MM_READ);
	assert_refused(f, KiB(4), KiB(4), UINT64_MAX - KiB(4) + 1, MM_READ);
}

static void mm_map__refuses_ranges_beyond_reach(void **state)
{
	struct fixture *f = *state;
	uint64_t reach = UINT64_C(1) << 48;

	assert_refused(f, reach, 0, KiB(4), MM_READ);
	assert_refused(f, reach - KiB(4), 0, KiB(8), MM_READ);
	/* The last page within reach is fine. */
	assert_true(mm_map_hyp(&f->t, va_init(reach - KiB(4)), pa_init(0),
			       KiB(4), MM_READ, &f->pool));
	assert_maps(f, reach - 1, KiB(4) - 1, MM_READ);
}

static void mm_map__refuses_physical_addresses_entries_cannot_hold(void **state)
{
	struct fixture *f = *state;
	uint64_t top = UINT64_C(1) << 48; /* AArch64 descriptors: 48 bits */

	assert_refused(f, KiB(4), top, KiB(4), MM_READ | MM_DEVICE);
	assert_refused(f, KiB(4), top | 0x9000, KiB(4), MM_READ);
	assert_refused(f, 0, top - MiB(2), MiB(4), MM_READ);
	assert_unmapped(f, KiB(4));
	/* Up to the last page they can hold is fine. */
	assert_true(mm_map_hyp(&f->t, va_init(KiB(4)), pa_init(top - KiB(4)),
			       KiB(4), MM_READ, &f->pool));
	assert_maps(f, KiB(4), top - KiB(4), MM_READ);
}

static void mm_map__refuses_any_overlap_with_a_mapping(void **state)
{
	struct fixture *f = *state;
	uint64_t va = MiB(1);
	uint64_t size = KiB(16);

	assert_true(mm_map_hyp(&f->t, va_init(va), pa_init(GiB(1)), size,
			       MM_READ, &f->pool));
	assert_refused(f, va, GiB(2), size, MM_READ);		 /* same */
	assert_refused(f, va + KiB(4), GiB(2), KiB(4), MM_READ); /* inside */
	assert_refused(f, va - KiB(4), GiB(2), KiB(8), MM_READ); /* head */
	assert_refused(f, va + size - KiB(4), GiB(2), KiB(8),
		       MM_READ);		       /* tail */
	assert_refused(f, 0, GiB(2), MiB(2), MM_READ); /* around */
	assert_refused(f, 0, 0, GiB(1), MM_READ);      /* around */
	/* Nothing changed; neighbours on both sides are fine. */
	assert_maps(f, va, GiB(1), MM_READ);
	assert_true(mm_map_hyp(&f->t, va_init(va - KiB(4)), pa_init(GiB(2)),
			       KiB(4), MM_READ | MM_WRITE, &f->pool));
	assert_true(mm_map_hyp(&f->t, va_init(va + size), pa_init(GiB(2)),
			       KiB(4), MM_READ | MM_WRITE, &f->pool));
	assert_maps(f, va + size - 1, GiB(1) + size - 1, MM_READ);
}

static void mm_map__refuses_any_overlap_with_a_block(void **state)
{
	struct fixture *f = *state;

	assert_true(mm_map_hyp(&f->t, va_init(MiB(4)), pa_init(MiB(4)), MiB(2),
			       MM_READ, &f->pool));
	assert_true(mm_map_hyp(&f->t, va_init(GiB(2)), pa_init(GiB(2)), GiB(1),
			       MM_READ, &f->pool));
	assert_refused(f, MiB(5), 0, KiB(4), MM_READ);
	assert_refused(f, MiB(6) - KiB(4), 0, KiB(8), MM_READ);
	assert_refused(f, GiB(2) + GiB(1) - KiB(4), 0, KiB(4), MM_READ);
	assert_refused(f, GiB(2) + MiB(2), MiB(2), MiB(2), MM_READ);
	/* A block over a mapped page is refused too. */
	assert_true(mm_map_hyp(&f->t, va_init(MiB(8) + KiB(4)), pa_init(0),
			       KiB(4), MM_READ, &f->pool));
	assert_refused(f, MiB(8), MiB(8), MiB(2), MM_READ);
}

static void mm_map__refuses_an_overlap_after_a_run_of_free_entries(void **s)
{
	struct fixture *f = *s;
	uint64_t va = MiB(2);

	/* Free entries, then a mapped page, in the same level 3 table. */
	assert_true(mm_map_hyp(&f->t, va_init(va + 300 * KiB(4)), pa_init(0),
			       KiB(4), MM_READ, &f->pool));
	assert_refused(f, va, KiB(4), 301 * KiB(4), MM_READ);
	/* And in the next table, after a whole free one. */
	assert_true(mm_map_hyp(&f->t, va_init(MiB(6) + KiB(8)), pa_init(0),
			       KiB(4), MM_READ, &f->pool));
	assert_refused(f, va + 301 * KiB(4), KiB(4),
		       MiB(4) - 301 * KiB(4) + KiB(12), MM_READ);
	/* Up to the mapped page is fine, in pages (pa not block aligned). */
	assert_true(mm_map_hyp(&f->t, va_init(va + 301 * KiB(4)),
			       pa_init(KiB(4)), MiB(4) - 301 * KiB(4) + KiB(8),
			       MM_READ, &f->pool));
	assert_maps(f, MiB(6) + KiB(4), MiB(4) - 299 * KiB(4), MM_READ);
}

/* --- runs of entries and permission splits ---------------------------------- */

static void mm_map__fills_pages_across_tables(void **state)
{
	struct fixture *f = *state;
	uint64_t va = MiB(2) - KiB(8);
	uint64_t size = MiB(2) + KiB(16);

	/* pa off block alignment: pages in three level 3 tables. */
	assert_true(mm_map_hyp(&f->t, va_init(va), pa_init(GiB(1) + KiB(4)),
			       size, MM_READ, &f->pool));
	assert_int_equal(tables_used(f), 6); /* root, L1, L2, three L3 */
	for (uint64_t off = 0; off < size; off += KiB(4)) {
		assert_maps(f, va + off, GiB(1) + KiB(4) + off, MM_READ);
	}
	assert_unmapped(f, va - KiB(4));
	assert_unmapped(f, va + size);
}

/*
 * mica's own image: text, rodata, data at page boundaries in one 2 MiB
 * region, then memory that reaches into the next one; each part keeps its
 * permissions, in pages, and the aligned part becomes a block.
 */
static void mm_map__keeps_permission_splits_in_pages(void **state)
{
	struct fixture *f = *state;
	const uint64_t base = GiB(1);
	const uint64_t rodata = base + KiB(88);
	const uint64_t data = rodata + KiB(28);
	const uint64_t end = base + MiB(4);

	assert_true(mm_map_hyp(&f->t, va_init(base), pa_init(base),
			       rodata - base, MM_READ | MM_EXEC, &f->pool));
	assert_true(mm_map_hyp(&f->t, va_init(rodata), pa_init(rodata),
			       data - rodata, MM_READ, &f->pool));
	assert_true(mm_map_hyp(&f->t, va_init(data), pa_init(data), end - data,
			       MM_READ | MM_WRITE, &f->pool));
	assert_maps(f, base, base, MM_READ | MM_EXEC);
	assert_maps(f, rodata - 1, rodata - 1, MM_READ | MM_EXEC);
	assert_maps(f, rodata, rodata, MM_READ);
	assert_maps(f, data - 1, data - 1, MM_READ);
	assert_maps(f, data, data, MM_READ | MM_WRITE);
	assert_maps(f, end - 1, end - 1, MM_READ | MM_WRITE);
	assert_true(arch_mm_entry_is_table(entry_at(f, base, 2), 2, 4));
	assert_false(
		arch_mm_entry_is_table(entry_at(f, base + MiB(2), 2), 2, 4));
	assert_int_equal(tables_used(f), 4); /* root, L1, L2, one L3 */
}

/* --- mm_fill_hyp ----------------------------------------------------------- */

static void mm_fill_hyp__maps_only_what_is_unmapped(void **state)
{
	struct fixture *f = *state;
	const unsigned rw = MM_READ | MM_WRITE;

	/* A read-only page and a read-only block inside the range. */
	assert_true(mm_map_hyp(&f->t, va_init(MiB(2) - KiB(4)), pa_init(GiB(3)),
			       KiB(4), MM_READ, &f->pool));
	assert_true(mm_map_hyp(&f->t, va_init(MiB(4)), pa_init(GiB(4)), MiB(2),
			       MM_READ, &f->pool));
	/* [0, 2 MiB) would fit a block, but for the page in it. */
	assert_true(mm_fill_hyp(&f->t, va_init(0), pa_init(0), MiB(7), rw,
				&f->pool));
	assert_maps(f, 0, 0, rw);
	assert_maps(f, MiB(2) - KiB(8), MiB(2) - KiB(8), rw);
	assert_maps(f, MiB(2) - KiB(4), GiB(3), MM_READ);
	assert_maps(f, MiB(2), MiB(2), rw);
	assert_false(arch_mm_entry_is_table(entry_at(f, MiB(2), 2), 2, 4));
	assert_maps(f, MiB(5), GiB(4) + MiB(1), MM_READ);
	assert_maps(f, MiB(7) - 1, MiB(7) - 1, rw);
	assert_unmapped(f, MiB(7));
}

static void mm_fill_hyp__starts_and_ends_inside_mappings(void **state)
{
	struct fixture *f = *state;
	size_t used;

	assert_true(mm_map_hyp(&f->t, va_init(MiB(2)), pa_init(GiB(2)), MiB(2),
			       MM_READ, &f->pool));
	assert_true(mm_map_hyp(&f->t, va_init(MiB(6)), pa_init(GiB(3)), KiB(12),
			       MM_READ, &f->pool));
	used = tables_used(f);
	/* All of it mapped already: nothing changes. */
	assert_true(mm_fill_hyp(&f->t, va_init(MiB(3)), pa_init(0), KiB(8),
				MM_READ | MM_WRITE, &f->pool));
	assert_int_equal(tables_used(f), used);
	assert_maps(f, MiB(3), GiB(2) + MiB(1), MM_READ);
	/* From inside the block to inside the pages: the gap between. */
	assert_true(mm_fill_hyp(&f->t, va_init(MiB(3)), pa_init(MiB(3)),
				MiB(3) + KiB(8), MM_READ | MM_WRITE, &f->pool));
	assert_maps(f, MiB(4), MiB(4), MM_READ | MM_WRITE);
	assert_maps(f, MiB(6) - 1, MiB(6) - 1, MM_READ | MM_WRITE);
	assert_maps(f, MiB(6) + KiB(4), GiB(3) + KiB(4), MM_READ);
	assert_unmapped(f, MiB(6) + KiB(12));
}

static void mm_fill_hyp__refuses_what_mm_map_hyp_refuses_but_overlaps(void **s)
{
	struct fixture *f = *s;
	size_t used = tables_used(f);

	assert_false(mm_fill_hyp(&f->t, va_init(0), pa_init(0), KiB(4),
				 MM_READ | MM_WRITE | MM_EXEC, &f->pool));
	assert_false(mm_fill_hyp(&f->t, va_init(KiB(2)), pa_init(0), KiB(4),
				 MM_READ, &f->pool));
	assert_false(mm_fill_hyp(&f->t, va_init(0), pa_init(0), 0, MM_READ,
				 &f->pool));
	assert_false(mm_fill_hyp(&f->t, va_init(UINT64_C(1) << 48), pa_init(0),
				 KiB(4), MM_READ, &f->pool));
	assert_int_equal(tables_used(f), used);
	assert_unmapped(f, 0);
}

/* --- the pool --------------------------------------------------------------- */

static void mm_map__fails_when_the_pool_runs_out(void **state)
{
	struct fixture *f;

	/* Root and one more page: a page mapping needs three tables. */
	setup_levels(state, 4, 2);
	f = *state;
	assert_false(mm_map_hyp(&f->t, va_init(GiB(1)), pa_init(GiB(1)), KiB(4),
				MM_READ, &f->pool));
	assert_int_equal(palloc_free_count(&f->pool), 0);
	assert_unmapped(f, GiB(1));
	/* A 1 GiB block needs the one table it already took. */
	assert_true(mm_map_hyp(&f->t, va_init(GiB(2)), pa_init(GiB(2)), GiB(1),
			       MM_READ, &f->pool));
	assert_maps(f, GiB(2), GiB(2), MM_READ);
	teardown(state);
}

static void mm_map__takes_one_table_per_new_level(void **state)
{
	struct fixture *f = *state;

	assert_true(mm_map_hyp(&f->t, va_init(0), pa_init(0), KiB(4), MM_READ,
			       &f->pool));
	assert_int_equal(tables_used(f), 4);
	/* Same level 3 table: no new page. */
	assert_true(mm_map_hyp(&f->t, va_init(KiB(4)), pa_init(0), KiB(4),
			       MM_READ, &f->pool));
	assert_int_equal(tables_used(f), 4);
	/* Next 2 MiB: a new level 3 table. */
	assert_true(mm_map_hyp(&f->t, va_init(MiB(2)), pa_init(0), KiB(4),
			       MM_READ, &f->pool));
	assert_int_equal(tables_used(f), 5);
	/* Next 1 GiB: new level 2 and 3 tables. */
	assert_true(mm_map_hyp(&f->t, va_init(GiB(1)), pa_init(0), KiB(4),
			       MM_READ, &f->pool));
	assert_int_equal(tables_used(f), 7);
	/* Next 512 GiB: new level 1, 2 and 3 tables. */
	assert_true(mm_map_hyp(&f->t, va_init(GiB(512)), pa_init(0), KiB(4),
			       MM_READ, &f->pool));
	assert_int_equal(tables_used(f), 10);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(
			mm_level_size__is_a_page_times_512_per_level_up),
		cmocka_unit_test_setup_teardown(
			mm_table_init__takes_a_zeroed_root_from_the_pool,
			setup4, teardown),
		cmocka_unit_test(mm_table_init__fails_on_an_empty_pool),
		cmocka_unit_test_setup_teardown(
			mm_map__maps_a_page_that_lookup_finds, setup4,
			teardown),
		cmocka_unit_test_setup_teardown(
			mm_map__round_trips_every_page_of_a_range, setup4,
			teardown),
		cmocka_unit_test_setup_teardown(
			mm_map__writes_aarch64_page_descriptors, setup4,
			teardown),
		cmocka_unit_test_setup_teardown(
			mm_map__uses_2mib_blocks_when_aligned, setup4,
			teardown),
		cmocka_unit_test_setup_teardown(
			mm_map__uses_1gib_blocks_when_aligned, setup4,
			teardown),
		cmocka_unit_test_setup_teardown(
			mm_map__mixes_block_sizes_for_an_unaligned_range,
			setup4, teardown),
		cmocka_unit_test_setup_teardown(
			mm_map__uses_pages_when_pa_is_not_block_aligned, setup4,
			teardown),
		cmocka_unit_test_setup_teardown(
			mm_map__never_puts_a_block_at_the_root_of_4_levels,
			setup4, teardown),
		cmocka_unit_test_setup_teardown(
			mm_map__puts_1gib_blocks_at_the_root_of_3_levels,
			setup3, teardown),
		cmocka_unit_test_setup_teardown(
			mm_lookup__returns_the_attributes_mapped, setup4,
			teardown),
		cmocka_unit_test_setup_teardown(
			mm_map__refuses_writable_and_executable, setup4,
			teardown),
		cmocka_unit_test_setup_teardown(
			mm_map__refuses_misaligned_arguments, setup4, teardown),
		cmocka_unit_test_setup_teardown(mm_map__refuses_zero_size,
						setup4, teardown),
		cmocka_unit_test_setup_teardown(
			mm_map__refuses_ranges_that_wrap_around, setup4,
			teardown),
		cmocka_unit_test_setup_teardown(
			mm_map__refuses_ranges_beyond_reach, setup4, teardown),
		cmocka_unit_test_setup_teardown(
			mm_map__refuses_physical_addresses_entries_cannot_hold,
			setup4, teardown),
		cmocka_unit_test_setup_teardown(
			mm_map__refuses_any_overlap_with_a_mapping, setup4,
			teardown),
		cmocka_unit_test_setup_teardown(
			mm_map__refuses_any_overlap_with_a_block, setup4,
			teardown),
		cmocka_unit_test_setup_teardown(
			mm_map__refuses_an_overlap_after_a_run_of_free_entries,
			setup4, teardown),
		cmocka_unit_test_setup_teardown(
			mm_map__fills_pages_across_tables, setup4, teardown),
		cmocka_unit_test_setup_teardown(
			mm_map__keeps_permission_splits_in_pages, setup4,
			teardown),
		cmocka_unit_test_setup_teardown(
			mm_fill_hyp__maps_only_what_is_unmapped, setup4,
			teardown),
		cmocka_unit_test_setup_teardown(
			mm_fill_hyp__starts_and_ends_inside_mappings, setup4,
			teardown),
		cmocka_unit_test_setup_teardown(
			mm_fill_hyp__refuses_what_mm_map_hyp_refuses_but_overlaps,
			setup4, teardown),
		cmocka_unit_test(mm_map__fails_when_the_pool_runs_out),
		cmocka_unit_test_setup_teardown(
			mm_map__takes_one_table_per_new_level, setup4,
			teardown),
	};

	return cmocka_run_group_tests_name("mm", tests, NULL, NULL);
}
