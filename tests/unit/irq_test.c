// SPDX-License-Identifier: Apache-2.0
/*
 * Interrupt dispatch (mica/irq.h): the timer interrupt reaches
 * cpu_timer_tick(), every other interrupt is ended and counted as unowned,
 * every acknowledged interrupt is ended in order (one the vector
 * acknowledged first, not acknowledged again), and one call handles at
 * most IRQ_MAX_PER_ENTRY, leaving the rest pending for the next.
 */
#include "arch/cpu.h"
#include "arch/irq.h"
#include "mica/cpu.h"
#include "mica/irq.h"
#include "unit.h"

#define TIMER FAKE_TIMER_IRQ

static int setup(void **state)
{
	(void)state;
	fake_reset();
	memset(cpus, 0, sizeof(cpus));
	arch_cpu_set_local(&cpus[0]);
	cpu_set_tick_period(1000);
	irq_set_timer(TIMER);
	return 0;
}

static void irq_handle_pending__gives_the_timer_to_cpu_timer_tick(void **state)
{
	static const uint32_t pending[] = { TIMER };
	uint64_t unowned = irq_unowned_count();

	(void)state;
	fake_irq_queue(pending, 1);
	irq_handle_pending(ARCH_IRQ_NONE);
	assert_int_equal(cpu_ticks(&cpus[0]), 1);
	assert_true(fake.timer_armed);
	assert_int_equal(fake.timer_ticks, 1000);
	assert_int_equal(fake.irq_eoi_count, 1);
	assert_int_equal(fake.irq_eoi_log[0], TIMER);
	assert_int_equal(irq_unowned_count(), unowned);
}

static void irq_handle_pending__ends_and_counts_unowned_interrupts(void **state)
{
	static const uint32_t pending[] = { 40, TIMER, 1019, 0, TIMER + 1 };
	uint64_t unowned = irq_unowned_count();

	(void)state;
	fake_irq_queue(pending, ARRAY_SIZE(pending));
	irq_handle_pending(ARCH_IRQ_NONE);
	assert_int_equal(cpu_ticks(&cpus[0]), 1);
	assert_int_equal(irq_unowned_count(), unowned + 4);
	/* Each one ended, in the order taken. */
	assert_int_equal(fake.irq_eoi_count, ARRAY_SIZE(pending));
	assert_memory_equal(fake.irq_eoi_log, pending, sizeof(pending));
	/* Then the controller said nothing was pending. */
	assert_int_equal(fake.irq_ack_count, ARRAY_SIZE(pending) + 1);
}

static void irq_handle_pending__returns_when_nothing_is_pending(void **state)
{
	uint64_t unowned = irq_unowned_count();

	(void)state;
	irq_handle_pending(ARCH_IRQ_NONE);
	assert_int_equal(fake.irq_ack_count, 1);
	assert_int_equal(fake.irq_eoi_count, 0);
	assert_int_equal(cpu_ticks(&cpus[0]), 0);
	assert_int_equal(irq_unowned_count(), unowned);
}

static void irq_handle_pending__stops_after_irq_max_per_entry(void **state)
{
	uint32_t pending[IRQ_MAX_PER_ENTRY + 4];

	(void)state;
	for (unsigned i = 0; i < ARRAY_SIZE(pending); i++) {
		pending[i] = TIMER;
	}
	fake_irq_queue(pending, ARRAY_SIZE(pending));
	irq_handle_pending(ARCH_IRQ_NONE);
	assert_int_equal(fake.irq_ack_count, IRQ_MAX_PER_ENTRY);
	assert_int_equal(fake.irq_eoi_count, IRQ_MAX_PER_ENTRY);
	assert_int_equal(cpu_ticks(&cpus[0]), IRQ_MAX_PER_ENTRY);
	/* The rest wait for the next entry. */
	irq_handle_pending(ARCH_IRQ_NONE);
	assert_int_equal(cpu_ticks(&cpus[0]), IRQ_MAX_PER_ENTRY + 4);
	assert_int_equal(fake.irq_eoi_count, IRQ_MAX_PER_ENTRY + 4);
	assert_int_equal(fake.irq_ack_count, IRQ_MAX_PER_ENTRY + 5);
}

static void irq_handle_pending__handles_the_handed_over_one_first(void **state)
{
	static const uint32_t pending[] = { 40 };
	static const uint32_t ended[] = { TIMER, 40 };
	uint64_t unowned = irq_unowned_count();

	(void)state;
	fake_irq_queue(pending, 1);
	irq_handle_pending(TIMER);
	assert_int_equal(cpu_ticks(&cpus[0]), 1);
	assert_int_equal(irq_unowned_count(), unowned + 1);
	/* Not acknowledged again: the controller gave the rest, then none. */
	assert_int_equal(fake.irq_ack_count, 2);
	assert_int_equal(fake.irq_eoi_count, 2);
	assert_memory_equal(fake.irq_eoi_log, ended, sizeof(ended));
}

static void irq_handle_pending__owns_nothing_before_irq_set_timer(void **state)
{
	static const uint32_t pending[] = { TIMER };
	uint64_t unowned = irq_unowned_count();

	(void)state;
	irq_set_timer(ARCH_IRQ_NONE);
	fake_irq_queue(pending, 1);
	irq_handle_pending(ARCH_IRQ_NONE);
	assert_int_equal(cpu_ticks(&cpus[0]), 0);
	assert_int_equal(irq_unowned_count(), unowned + 1);
	assert_int_equal(fake.irq_eoi_count, 1);
}

static void irq_handle_pending__follows_the_timer_irq_it_was_told(void **state)
{
	static const uint32_t pending[] = { TIMER, 30 };
	uint64_t unowned = irq_unowned_count();

	(void)state;
	irq_set_timer(30);
	fake_irq_queue(pending, 2);
	irq_handle_pending(ARCH_IRQ_NONE);
	assert_int_equal(cpu_ticks(&cpus[0]), 1);
	assert_int_equal(irq_unowned_count(), unowned + 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(
			irq_handle_pending__gives_the_timer_to_cpu_timer_tick,
			setup),
		cmocka_unit_test_setup(
			irq_handle_pending__ends_and_counts_unowned_interrupts,
			setup),
		cmocka_unit_test_setup(
			irq_handle_pending__returns_when_nothing_is_pending,
			setup),
		cmocka_unit_test_setup(
			irq_handle_pending__stops_after_irq_max_per_entry,
			setup),
		cmocka_unit_test_setup(
			irq_handle_pending__handles_the_handed_over_one_first,
			setup),
		cmocka_unit_test_setup(
			irq_handle_pending__owns_nothing_before_irq_set_timer,
			setup),
		cmocka_unit_test_setup(
			irq_handle_pending__follows_the_timer_irq_it_was_told,
			setup),
	};

	return cmocka_run_group_tests_name("irq", tests, NULL, NULL);
}
