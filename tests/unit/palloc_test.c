// SPDX-License-Identifier: Apache-2.0
/*
 * The page allocator (mica/palloc.h): how palloc_init() rounds the range it
 * is given, the order pages go out in, that they come back zeroed, what
 * exhaustion and freeing do, and that freeing a page the allocator does not
 * own stops the CPU through CHECK (the fake port's halt returns to the test).
 */
#include "arch/cpu.h"
#include "mica/cpu.h"
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
	assert_int_equal(f->p.base, (uintptr_t)f->mem);
	assert_int_equal(f->p.end, (uintptr_t)f->mem + MEM_PAGES * PAGE);
}

static void palloc_init__rounds_base_up_and_end_down(void **state)
{
	struct fixture *f = *state;

	/* [mem + 100, mem + 5 pages + 100): pages 1 to 4 are whole. */
	palloc_init(&f->p, f->mem + 100, 5 * PAGE);
	assert_int_equal(palloc_free_count(&f->p), 4);
	assert_int_equal(f->p.base, (uintptr_t)f->mem + PAGE);
	assert_int_equal(f->p.end, (uintptr_t)f->mem + 5 * PAGE);
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
	uint8_t *page;

	palloc_init(&f->p, f->mem, MEM_PAGES * PAGE);
	for (unsigned i = 0; i < MEM_PAGES; i++) {
		assert_true(all_zero(palloc_alloc(&f->p)));
	}
	/* A page dirtied and freed comes back clean. */
	page = f->mem + 3 * PAGE;
	memset(page, 0xff, PAGE);
	palloc_free(&f->p, page);
	assert_ptr_equal(palloc_alloc(&f->p), page);
	assert_true(all_zero(page));
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

static void palloc_free__makes_the_page_the_next_one_out(void **state)
{
	struct fixture *f = *state;
	void *a;
	void *b;

	palloc_init(&f->p, f->mem, 2 * PAGE);
	a = palloc_alloc(&f->p);
	b = palloc_alloc(&f->p);
	palloc_free(&f->p, a);
	assert_int_equal(palloc_free_count(&f->p), 1);
	palloc_free(&f->p, b);
	assert_int_equal(palloc_free_count(&f->p), 2);
	assert_ptr_equal(palloc_alloc(&f->p), b);
	assert_ptr_equal(palloc_alloc(&f->p), a);
	assert_null(palloc_alloc(&f->p));
	assert_int_equal(f->p.total_count, 2);
}

/* Asserts that palloc_free(page) stopped the CPU with a CHECK report. */
static void assert_free_stops_the_cpu(struct fixture *f, void *page)
{
	size_t before = palloc_free_count(&f->p);
	bool halted;

	fake_console_reset();
	FAKE_EXPECT_HALT(halted, palloc_free(&f->p, page));
	assert_true(halted);
	assert_non_null(strstr(fake_console_text(),
			       "\r\nmica: CHECK failed at hyp/core/palloc.c:"));
	assert_non_null(strstr(fake_console_text(), ": a >= p->base && "));
	assert_int_equal(palloc_free_count(&f->p), before);
}

static void palloc_free__stops_the_cpu_on_a_page_it_does_not_own(void **state)
{
	struct fixture *f = *state;

	palloc_init(&f->p, f->mem + PAGE, 4 * PAGE);
	assert_free_stops_the_cpu(f, f->mem);		 /* below */
	assert_free_stops_the_cpu(f, f->mem + 5 * PAGE); /* the end */
	assert_free_stops_the_cpu(f, f->mem + 7 * PAGE); /* above */
	assert_free_stops_the_cpu(f, NULL);
	assert_int_equal(fake.halt_count, 4);
	/* Its own pages still come and go. */
	palloc_free(&f->p, palloc_alloc(&f->p));
	assert_int_equal(palloc_free_count(&f->p), 4);
}

static void palloc_free__stops_the_cpu_on_a_misaligned_page(void **state)
{
	struct fixture *f = *state;

	palloc_init(&f->p, f->mem, MEM_PAGES * PAGE);
	assert_free_stops_the_cpu(f, f->mem + PAGE + 8);
	assert_free_stops_the_cpu(f, f->mem + 2 * PAGE - 1);
}

static void palloc_free__stops_only_the_cpu_that_freed_badly(void **state)
{
	struct fixture *f = *state;
	bool halted;

	palloc_init(&f->p, f->mem, MEM_PAGES * PAGE);
	memset(cpus, 0, sizeof(cpus));
	cpus[2].index = 2;
	cpu_state_write(&cpus[2], CPU_ONLINE);
	cpu_state_write(&cpus[1], CPU_ONLINE);
	arch_cpu_set_local(&cpus[2]);
	FAKE_EXPECT_HALT(halted, palloc_free(&f->p, f->mem + 1));
	assert_true(halted);
	assert_int_equal(cpu_state_read(&cpus[2]), CPU_STOPPED);
	assert_int_equal(cpu_state_read(&cpus[1]), CPU_ONLINE);
	assert_non_null(strstr(fake_console_text(),
			       "mica: CPU 2 stopped; the other CPUs keep "
			       "running\r\n"));
	assert_true(fake.irq_masked);
	arch_cpu_set_local(NULL);
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
		cmocka_unit_test_setup_teardown(
			palloc_free__makes_the_page_the_next_one_out, setup,
			teardown),
		cmocka_unit_test_setup_teardown(
			palloc_free__stops_the_cpu_on_a_page_it_does_not_own,
			setup, teardown),
		cmocka_unit_test_setup_teardown(
			palloc_free__stops_the_cpu_on_a_misaligned_page, setup,
			teardown),
		cmocka_unit_test_setup_teardown(
			palloc_free__stops_only_the_cpu_that_freed_badly, setup,
			teardown),
	};

	return cmocka_run_group_tests_name("palloc", tests, NULL, NULL);
}
