// SPDX-License-Identifier: Apache-2.0
/*
 * Chunked memory work (mica/loader.h): a list of scrubs and copies done at
 * most LOADER_CHUNK_SIZE bytes a step, in order, every byte once; an empty
 * list is done at once; a zero-sized op adds nothing; a full list refuses
 * more. The memory is host memory (the fake port scrubs with memset).
 */
#include "mica/loader.h"
#include "unit.h"

#define CHUNK LOADER_CHUNK_SIZE
#define MEM_SIZE (4 * CHUNK)

static uint8_t *mem;
static uint8_t *src;
static struct loader l;

static int setup(void **state)
{
	(void)state;
	fake_reset();
	mem = aligned_alloc(MICA_PAGE_SIZE, MEM_SIZE);
	src = malloc(MEM_SIZE);
	assert_non_null(mem);
	assert_non_null(src);
	memset(mem, 0xee, MEM_SIZE);
	for (size_t i = 0; i < MEM_SIZE; i++) {
		src[i] = (uint8_t)(i * 7 + 1);
	}
	loader_init(&l);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	free(mem);
	free(src);
	return 0;
}

static paddr_t pa(size_t off)
{
	return pa_init((uintptr_t)mem + off);
}

/* Bytes of mem[from, to) that are not b: the first one's offset, or -1. */
static long first_not(size_t from, size_t to, uint8_t b)
{
	for (size_t i = from; i < to; i++) {
		if (mem[i] != b) {
			return (long)i;
		}
	}
	return -1;
}

static void loader_step__is_done_at_once_with_nothing_to_do(void **state)
{
	(void)state;
	assert_true(loader_done(&l));
	assert_true(loader_step(&l));
	assert_true(loader_add_scrub(&l, pa(0), 0));
	assert_true(loader_add_copy(&l, pa(0), src, 0));
	assert_int_equal(l.count, 0);
	assert_true(loader_step(&l));
	assert_int_equal(first_not(0, MEM_SIZE, 0xee), -1);
}

static void loader_step__scrubs_one_chunk_a_step(void **state)
{
	(void)state;
	/* Two and a half chunks, from the second page. */
	assert_true(loader_add_scrub(&l, pa(MICA_PAGE_SIZE),
				     2 * CHUNK + CHUNK / 2));
	assert_false(loader_step(&l));
	assert_int_equal(first_not(MICA_PAGE_SIZE, MICA_PAGE_SIZE + CHUNK, 0),
			 -1);
	assert_int_equal(first_not(MICA_PAGE_SIZE + CHUNK, MEM_SIZE, 0xee), -1);
	assert_false(loader_step(&l));
	assert_int_equal(first_not(MICA_PAGE_SIZE + 2 * CHUNK, MEM_SIZE, 0xee),
			 -1);
	assert_true(loader_step(&l)); /* the last half chunk */
	assert_int_equal(first_not(MICA_PAGE_SIZE,
				   MICA_PAGE_SIZE + 2 * CHUNK + CHUNK / 2, 0),
			 -1);
	assert_int_equal(first_not(0, MICA_PAGE_SIZE, 0xee), -1);
	assert_int_equal(first_not(MICA_PAGE_SIZE + 2 * CHUNK + CHUNK / 2,
				   MEM_SIZE, 0xee),
			 -1);
	assert_true(loader_done(&l));
	assert_true(loader_step(&l)); /* and stays done */
}

static void loader_step__does_scrubs_then_copies_in_order(void **state)
{
	(void)state;
	/* The scrub covers the copy's target: the copy must come after it. */
	assert_true(loader_add_scrub(&l, pa(0), 2 * CHUNK));
	assert_true(loader_add_copy(&l, pa(100), src, CHUNK + 3));
	assert_int_equal(l.count, 2);
	for (unsigned i = 0; i < 3; i++) {
		assert_false(loader_step(&l));
	}
	/* After three steps: the scrub, and one chunk of the copy. */
	assert_memory_equal(mem + 100, src, CHUNK);
	assert_int_equal(first_not(100 + CHUNK, 2 * CHUNK, 0), -1);
	assert_true(loader_step(&l));
	assert_memory_equal(mem + 100, src, CHUNK + 3);
	assert_int_equal(first_not(0, 100, 0), -1);
	assert_int_equal(first_not(100 + CHUNK + 3, 2 * CHUNK, 0), -1);
	assert_int_equal(first_not(2 * CHUNK, MEM_SIZE, 0xee), -1);
}

static void loader_add__refuses_more_than_loader_max_ops(void **state)
{
	(void)state;
	for (unsigned i = 0; i < LOADER_MAX_OPS; i++) {
		assert_true(loader_add_scrub(&l, pa(i * MICA_PAGE_SIZE),
					     MICA_PAGE_SIZE));
	}
	assert_false(loader_add_scrub(&l, pa(0), MICA_PAGE_SIZE));
	assert_false(loader_add_copy(&l, pa(0), src, 1));
	assert_int_equal(l.count, LOADER_MAX_OPS);
	/* One page each: one step per op. */
	for (unsigned i = 1; i < LOADER_MAX_OPS; i++) {
		assert_false(loader_step(&l));
	}
	assert_true(loader_step(&l));
	assert_int_equal(first_not(0, LOADER_MAX_OPS * MICA_PAGE_SIZE, 0), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(
			loader_step__is_done_at_once_with_nothing_to_do, setup,
			teardown),
		cmocka_unit_test_setup_teardown(
			loader_step__scrubs_one_chunk_a_step, setup, teardown),
		cmocka_unit_test_setup_teardown(
			loader_step__does_scrubs_then_copies_in_order, setup,
			teardown),
		cmocka_unit_test_setup_teardown(
			loader_add__refuses_more_than_loader_max_ops, setup,
			teardown),
	};

	return cmocka_run_group_tests_name("loader", tests, NULL, NULL);
}
