// SPDX-License-Identifier: Apache-2.0
/*
 * The console (mica/console.h): what reaches the UART for a line ("\r\n"
 * for "\n", overlong lines cut and marked), and the console lock when a CPU
 * stops while holding it. Other CPUs are threads, each with its own
 * hardware id in the fake port; a CPU "faults" in the middle of a line by
 * leaving plat_console_putc() with longjmp, so the lock stays taken as it
 * would on real hardware. A thread that should be blocked is given 50 ms;
 * one that should finish, 5 s, so that a broken lock fails a test rather
 * than hanging the run. cmocka's asserts stay on the main thread.
 */
#define _POSIX_C_SOURCE 200809L

#include <pthread.h>
#include <time.h>

#include "arch/cpu.h"
#include "mica/check.h"
#include "mica/console.h"
#include "mica/cpu.h"
#include "unit.h"

#define BLOCKED_MS 50
#define FINISH_MS 5000

struct cpu_thread {
	pthread_t thread;
	uint64_t hwid;
	void (*fn)(void);
	bool done;
};

static void *cpu_thread_main(void *arg)
{
	struct cpu_thread *t = arg;

	fake_cpu_set_hwid(t->hwid);
	t->fn();
	__atomic_store_n(&t->done, true, __ATOMIC_RELEASE);
	return NULL;
}

/* Runs fn on a new thread playing the CPU with hardware id hwid. */
static void cpu_start(struct cpu_thread *t, uint64_t hwid, void (*fn)(void))
{
	t->hwid = hwid;
	t->fn = fn;
	t->done = false;
	assert_int_equal(pthread_create(&t->thread, NULL, cpu_thread_main, t),
			 0);
}

/* Whether t finished within ms milliseconds; joins it if so. */
static bool cpu_finished_within(struct cpu_thread *t, unsigned ms)
{
	const struct timespec one_ms = { .tv_sec = 0, .tv_nsec = 1000000 };

	for (unsigned i = 0; i <= ms; i++) {
		if (__atomic_load_n(&t->done, __ATOMIC_ACQUIRE)) {
			assert_int_equal(pthread_join(t->thread, NULL), 0);
			return true;
		}
		nanosleep(&one_ms, NULL);
	}
	return false;
}

static void fault_in_putc(void *env)
{
	longjmp(*(jmp_buf *)env, 1);
}

/*
 * The calling CPU faults after writing "doo" of a line, leaving the console
 * locked by its hardware id, as a CPU taking an exception in the UART
 * driver would.
 */
static void fault_while_printing(void)
{
	jmp_buf env;

	if (setjmp(env) == 0) {
		fake_console_hook(3, fault_in_putc, &env);
		console_puts("doomed line\n");
		fail_msg("the console hook did not fire");
	}
}

static void print_cpu1(void)
{
	console_puts("cpu 1 waited\n");
}

static void print_cpu2(void)
{
	console_puts("cpu 2 waited\n");
}

static void force_unlock_from_here(void)
{
	console_force_unlock();
}

/* --- what reaches the UART ------------------------------------------------ */

static void console_puts__ends_lines_with_crlf(void **state)
{
	(void)state;
	console_puts("a\nb\n\nc");
	assert_string_equal(fake_console_text(), "a\r\nb\r\n\r\nc");
	fake_console_reset();
	console_puts("x\ry");
	assert_string_equal(fake_console_text(), "x\ry");
	fake_console_reset();
	console_puts("");
	assert_int_equal(fake_console_count(), 0);
}

static void console_printf__formats_and_ends_lines_with_crlf(void **state)
{
	(void)state;
	console_printf("cpu %u: %s, 0x%lx\n", 3u, "online", 0x80000102ul);
	assert_string_equal(fake_console_text(),
			    "cpu 3: online, 0x80000102\r\n");
}

static void console_printf__prints_a_line_that_just_fits_whole(void **state)
{
	char line[CONSOLE_LINE_MAX];
	char want[CONSOLE_LINE_MAX + 8];

	(void)state;
	/* CONSOLE_LINE_MAX - 1 characters with the newline. */
	memset(line, 'x', CONSOLE_LINE_MAX - 2);
	line[CONSOLE_LINE_MAX - 2] = '\0';
	console_printf("%s\n", line);
	snprintf(want, sizeof(want), "%s\r\n", line);
	assert_string_equal(fake_console_text(), want);
}

static void console_printf__cuts_an_overlong_line_with_dots(void **state)
{
	char line[400];
	char want[CONSOLE_LINE_MAX + 8];

	(void)state;
	memset(want, 'x', CONSOLE_LINE_MAX - 5);
	strcpy(want + CONSOLE_LINE_MAX - 5, "...\r\n");
	/* One character too many... */
	memset(line, 'x', CONSOLE_LINE_MAX - 1);
	line[CONSOLE_LINE_MAX - 1] = '\0';
	console_printf("%s\n", line);
	assert_string_equal(fake_console_text(), want);
	/* ...or far too many, with or without a newline. */
	fake_console_reset();
	memset(line, 'x', sizeof(line) - 1);
	line[sizeof(line) - 1] = '\0';
	console_printf("%s", line);
	assert_string_equal(fake_console_text(), want);
}

/* --- the lock, when its holder stops ---------------------------------------- */

static void console_force_unlock__hands_on_the_lock_its_cpu_held(void **state)
{
	static struct cpu_thread waiter;

	(void)state;
	fault_while_printing();
	cpu_start(&waiter, 1, print_cpu1);
	assert_false(cpu_finished_within(&waiter, BLOCKED_MS));
	/* The faulted CPU lets go: the waiting CPU gets its turn. */
	console_force_unlock();
	assert_true(cpu_finished_within(&waiter, FINISH_MS));
	assert_string_equal(fake_console_text(), "doocpu 1 waited\r\n");
}

static void console_force_unlock__leaves_a_lock_another_cpu_holds(void **state)
{
	static struct cpu_thread other;
	static struct cpu_thread waiter;

	(void)state;
	fault_while_printing(); /* CPU 0 holds the console */
	cpu_start(&other, 1, force_unlock_from_here);
	assert_true(cpu_finished_within(&other, FINISH_MS));
	cpu_start(&waiter, 2, print_cpu2);
	assert_false(cpu_finished_within(&waiter, BLOCKED_MS));
	console_force_unlock();
	assert_true(cpu_finished_within(&waiter, FINISH_MS));
	assert_string_equal(fake_console_text(), "doocpu 2 waited\r\n");
}

static void console_force_unlock__leaves_a_free_lock_free(void **state)
{
	static struct cpu_thread cpu;

	(void)state;
	console_force_unlock();
	console_force_unlock();
	/* Had it let go of a free lock, the next ticket would never come up. */
	cpu_start(&cpu, 1, print_cpu1);
	assert_true(cpu_finished_within(&cpu, FINISH_MS));
	cpu_start(&cpu, 2, print_cpu2);
	assert_true(cpu_finished_within(&cpu, FINISH_MS));
	assert_string_equal(fake_console_text(),
			    "cpu 1 waited\r\ncpu 2 waited\r\n");
}

static void fail_a_check(void *arg)
{
	(void)arg;
	check_fail("hyp/drivers/uart.c", 42, "fifo_ready");
}

static bool check_halted;

/* CPU 5 fails a CHECK inside the UART driver, in the middle of a line. */
static void check_inside_the_console(void)
{
	bool halted;

	arch_cpu_set_local(&cpus[5]);
	fake_console_hook(2, fail_a_check, NULL);
	FAKE_EXPECT_HALT(halted, console_puts("abcdef\n"));
	check_halted = halted;
}

static void check_fail__reports_even_when_its_cpu_held_the_console(void **state)
{
	static struct cpu_thread cpu;
	static struct cpu_thread after;

	(void)state;
	memset(&cpus[5], 0, sizeof(cpus[5]));
	cpus[5].index = 5;
	cpu_start(&cpu, 5, check_inside_the_console);
	assert_true(cpu_finished_within(&cpu, FINISH_MS));
	assert_true(check_halted);
	assert_string_equal(
		fake_console_text(),
		"ab\r\nmica: CHECK failed at hyp/drivers/uart.c:42: "
		"fifo_ready\r\n"
		"mica: CPU 5 stopped; the other CPUs keep running\r\n");
	assert_int_equal(cpu_state_read(&cpus[5]), CPU_STOPPED);
	/* And the console is free for the others. */
	fake_console_reset();
	cpu_start(&after, 1, print_cpu1);
	assert_true(cpu_finished_within(&after, FINISH_MS));
	assert_string_equal(fake_console_text(), "cpu 1 waited\r\n");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(console_puts__ends_lines_with_crlf,
				       unit_setup_fake),
		cmocka_unit_test_setup(
			console_printf__formats_and_ends_lines_with_crlf,
			unit_setup_fake),
		cmocka_unit_test_setup(
			console_printf__prints_a_line_that_just_fits_whole,
			unit_setup_fake),
		cmocka_unit_test_setup(
			console_printf__cuts_an_overlong_line_with_dots,
			unit_setup_fake),
		cmocka_unit_test_setup(
			console_force_unlock__hands_on_the_lock_its_cpu_held,
			unit_setup_fake),
		cmocka_unit_test_setup(
			console_force_unlock__leaves_a_lock_another_cpu_holds,
			unit_setup_fake),
		cmocka_unit_test_setup(
			console_force_unlock__leaves_a_free_lock_free,
			unit_setup_fake),
		cmocka_unit_test_setup(
			check_fail__reports_even_when_its_cpu_held_the_console,
			unit_setup_fake),
	};

	return cmocka_run_group_tests_name("console", tests, NULL, NULL);
}
