// SPDX-License-Identifier: Apache-2.0
/*
 * The page allocator (mica/palloc.h): how palloc_init() rounds the range it
 * is given, the order pages go out in, that they come back zeroed, and what
 * exhaustion does.
 */
#include "mica/palloc.h"
#include "unit.h"

#define PAGE MICA_PAGE_SIZE
#define MEM_PAGES 8

struct fixture {
	uint8_t *mem; /* MEM_PAGES pages, page aligned, dirty */
	struct palloc p;
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));

	assert_non_null(f);
	fake_reset();
	f->mem = aligned_alloc(PAGE, MEM_PAGES * PAGE);
	assert_non_null(f->mem);
	memset(f->mem, 0xa5, MEM_PAGES * PAGE);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	free(f->mem);
	free(f);
	return 0;
}

static bool all_zero(const uint8_t *page)
{
	for (size_t i = 0; i < PAGE; i++) {
		if (page[i] != 0) {
			return false;
		}
	}
	return true;
}

static void
palloc_init__takes_every_whole_page_of_an_aligned_range(void **state)
{
	struct fixture *f = *state;

	palloc_init(&f->p, f->mem, MEM_PAGES * PAGE);
	assert_int_equal(palloc_free_count(&f->p), MEM_PAGES);
	assert_int_equal(f->p.total_count, MEM_PAGES);
	assert_ptr_equal(palloc_alloc(&f->p), f->mem);
}

static void palloc_init__rounds_base_up_and_end_down(void **state)
{
	struct fixture *f = *state;

	/* [mem + 100, mem + 5 pages + 100): pages 1 to 4 are whole. */
	palloc_init(&f->p, f->mem + 100, 5 * PAGE);
	assert_int_equal(palloc_free_count(&f->p), 4);
	assert_ptr_equal(palloc_alloc(&f->p), f->mem + PAGE);
	/* The page cut at the end is not handed out. */
	palloc_init(&f->p, f->mem, 3 * PAGE - 1);
	assert_int_equal(palloc_free_count(&f->p), 2);
}

static void palloc_init__leaves_nothing_of_less_than_a_page(void **state)
{
	struct fixture *f = *state;

	palloc_init(&f->p, f->mem + 1, PAGE);
	assert_int_equal(palloc_free_count(&f->p), 0);
	assert_null(palloc_alloc(&f->p));
	palloc_init(&f->p, f->mem, PAGE - 1);
	assert_int_equal(palloc_free_count(&f->p), 0);
	palloc_init(&f->p, f->mem, 0);
	assert_int_equal(palloc_free_count(&f->p), 0);
	assert_null(palloc_alloc(&f->p));
	assert_int_equal(f->p.total_count, 0);
}

static void palloc_alloc__hands_out_pages_in_address_order(void **state)
{
	struct fixture *f = *state;

	palloc_init(&f->p, f->mem, MEM_PAGES * PAGE);
	for (unsigned i = 0; i < MEM_PAGES; i++) {
		assert_ptr_equal(palloc_alloc(&f->p), f->mem + i * PAGE);
		assert_int_equal(palloc_free_count(&f->p), MEM_PAGES - 1 - i);
	}
}

static void palloc_alloc__returns_zeroed_pages(void **state)
{
	struct fixture *f = *state;

	palloc_init(&f->p, f->mem, MEM_PAGES * PAGE);
	/* The pool's memory is dirty (setup()): each page is cleared. */
	for (unsigned i = 0; i < MEM_PAGES; i++) {
		assert_true(all_zero(palloc_alloc(&f->p)));
	}
}

static void palloc_alloc__returns_null_when_exhausted(void **state)
{
	struct fixture *f = *state;

	palloc_init(&f->p, f->mem, 2 * PAGE);
	assert_non_null(palloc_alloc(&f->p));
	assert_non_null(palloc_alloc(&f->p));
	assert_null(palloc_alloc(&f->p));
	assert_null(palloc_alloc(&f->p));
	assert_int_equal(palloc_free_count(&f->p), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(
			palloc_init__takes_every_whole_page_of_an_aligned_range,
			setup, teardown),
		cmocka_unit_test_setup_teardown(
			palloc_init__rounds_base_up_and_end_down, setup,
			teardown),
		cmocka_unit_test_setup_teardown(
			palloc_init__leaves_nothing_of_less_than_a_page, setup,
			teardown),
		cmocka_unit_test_setup_teardown(
			palloc_alloc__hands_out_pages_in_address_order, setup,
			teardown),
		cmocka_unit_test_setup_teardown(
			palloc_alloc__returns_zeroed_pages, setup, teardown),
		cmocka_unit_test_setup_teardown(
			palloc_alloc__returns_null_when_exhausted, setup,
			teardown),
	};

	return cmocka_run_group_tests_name("palloc", tests, NULL, NULL);
}
