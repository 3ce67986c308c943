// SPDX-License-Identifier: Apache-2.0
/*
 * A physical CPU's life (mica/cpu.h) and failed invariants (mica/check.h):
 * coming online (its interrupt interface, its timer, interrupts unmasked),
 * ticking at the current period, and stopping after a fault or a failed
 * CHECK: alone, with a report, its interrupts and timer off.
 */
#include "arch/cpu.h"
#include "mica/board.h"
#include "mica/check.h"
#include "mica/cpu.h"
#include "unit.h"

static int setup(void **state)
{
	(void)state;
	fake_reset();
	memset(cpus, 0, sizeof(cpus));
	for (unsigned i = 0; i < MICA_MAX_CPUS; i++) {
		cpus[i].index = i;
	}
	cpu_set_tick_period(0);
	return 0;
}

static void cpu_online__starts_the_timer_and_takes_interrupts(void **state)
{
	struct board b = { 0 };
	struct cpu *c = &cpus[2];

	(void)state;
	b.arch.timer_irq = 27;
	cpu_state_write(c, CPU_BOOTING);
	fake.irq_masked = true;
	cpu_set_tick_period(62500);
	assert_true(cpu_online(&b, c));
	assert_int_equal(fake.irq_cpu_init_count, 1);
	assert_int_equal(fake.irq_cpu_init_last, 2);
	assert_int_equal(fake.irq_enabled_local, 27);
	assert_true(fake.timer_armed);
	assert_int_equal(fake.timer_ticks, 62500);
	assert_int_equal(cpu_state_read(c), CPU_ONLINE);
	assert_false(fake.irq_masked);
}

static void
cpu_online__leaves_the_cpu_booting_if_its_irq_setup_fails(void **state)
{
	struct board b = { 0 };
	struct cpu *c = &cpus[1];

	(void)state;
	cpu_state_write(c, CPU_BOOTING);
	fake.irq_masked = true;
	fake.irq_cpu_init_ok = false;
	cpu_set_tick_period(62500);
	assert_false(cpu_online(&b, c));
	assert_int_equal(cpu_state_read(c), CPU_BOOTING);
	assert_false(fake.timer_armed);
	assert_true(fake.irq_masked);
}

static void
cpu_timer_tick__counts_and_rearms_with_the_current_period(void **state)
{
	struct cpu *c = &cpus[3];

	(void)state;
	arch_cpu_set_local(c);
	cpu_set_tick_period(500);
	cpu_timer_tick();
	assert_int_equal(cpu_ticks(c), 1);
	assert_true(fake.timer_armed);
	assert_int_equal(fake.timer_ticks, 500);
	/* A new period takes effect at the next tick. */
	cpu_set_tick_period(700);
	assert_int_equal(fake.timer_ticks, 500);
	cpu_timer_tick();
	assert_int_equal(cpu_ticks(c), 2);
	assert_int_equal(fake.timer_ticks, 700);
	assert_int_equal(fake.timer_arm_count, 2);
	/* Only the calling CPU's count moves. */
	assert_int_equal(cpu_ticks(&cpus[0]), 0);
}

static void
cpu_timer_tick__stops_the_timer_when_the_period_is_zero(void **state)
{
	struct cpu *c = &cpus[0];

	(void)state;
	arch_cpu_set_local(c);
	cpu_set_tick_period(100);
	cpu_timer_tick();
	cpu_set_tick_period(0);
	cpu_timer_tick();
	assert_int_equal(cpu_ticks(c), 2);
	assert_false(fake.timer_armed);
	assert_int_equal(fake.timer_disarm_count, 1);
}

static void cpu_stop_faulted__stops_this_cpu_alone_and_says_so(void **state)
{
	bool halted;

	(void)state;
	cpu_state_write(&cpus[0], CPU_ONLINE);
	cpu_state_write(&cpus[1], CPU_ONLINE);
	arch_cpu_set_local(&cpus[1]);
	fake.timer_armed = true;
	FAKE_EXPECT_HALT(halted, cpu_stop_faulted());
	assert_true(halted);
	assert_int_equal(fake.halt_count, 1);
	assert_int_equal(cpu_state_read(&cpus[1]), CPU_STOPPED);
	assert_int_equal(cpu_state_read(&cpus[0]), CPU_ONLINE);
	assert_true(fake.irq_masked);
	assert_false(fake.timer_armed);
	assert_string_equal(
		fake_console_text(),
		"mica: CPU 1 stopped; the other CPUs keep running\r\n");
}

static void cpu_stop_faulted__halts_quietly_before_per_cpu_data(void **state)
{
	bool halted;

	(void)state;
	arch_cpu_set_local(NULL);
	FAKE_EXPECT_HALT(halted, cpu_stop_faulted());
	assert_true(halted);
	assert_true(fake.irq_masked);
	assert_string_equal(fake_console_text(), "");
}

static void check__passes_silently_when_the_invariant_holds(void **state)
{
	bool halted;

	(void)state;
	FAKE_EXPECT_HALT(halted, CHECK(1 + 1 == 2));
	assert_false(halted);
	assert_int_equal(fake.halt_count, 0);
	assert_string_equal(fake_console_text(), "");
}

static void check__prints_file_line_and_condition_then_stops(void **state)
{
	char want[160];
	int line;
	bool halted;

	(void)state;
	arch_cpu_set_local(&cpus[4]);
	line = __LINE__ + 1;
	FAKE_EXPECT_HALT(halted, CHECK(cpus[4].index == 3));
	assert_true(halted);
	snprintf(want, sizeof(want),
		 "\r\nmica: CHECK failed at %s:%d: cpus[4].index == 3\r\n"
		 "mica: CPU 4 stopped; the other CPUs keep running\r\n",
		 __FILE__, line);
	assert_string_equal(fake_console_text(), want);
	assert_int_equal(cpu_state_read(&cpus[4]), CPU_STOPPED);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(
			cpu_online__starts_the_timer_and_takes_interrupts,
			setup),
		cmocka_unit_test_setup(
			cpu_online__leaves_the_cpu_booting_if_its_irq_setup_fails,
			setup),
		cmocka_unit_test_setup(
			cpu_timer_tick__counts_and_rearms_with_the_current_period,
			setup),
		cmocka_unit_test_setup(
			cpu_timer_tick__stops_the_timer_when_the_period_is_zero,
			setup),
		cmocka_unit_test_setup(
			cpu_stop_faulted__stops_this_cpu_alone_and_says_so,
			setup),
		cmocka_unit_test_setup(
			cpu_stop_faulted__halts_quietly_before_per_cpu_data,
			setup),
		cmocka_unit_test_setup(
			check__passes_silently_when_the_invariant_holds, setup),
		cmocka_unit_test_setup(
			check__prints_file_line_and_condition_then_stops,
			setup),
	};

	return cmocka_run_group_tests_name("cpu", tests, NULL, NULL);
}
