// SPDX-License-Identifier: Apache-2.0
/*
 * The console multiplexer (mica/console_mux.h): which partition the
 * keyboard's characters go to, the Ctrl-] commands, input for stopped
 * partitions, and what the operator sees when the keyboard moves. Three
 * partitions with vm ids that are not their numbers (10, 11, 12), each
 * with a vuart whose receive interrupt is unmasked as Linux's driver
 * leaves it; the third is the secure-input partition.
 */
#include "dev/pl011.h"
#include "mica/console_mux.h"
#include "mica/hypercall.h"
#include "mica/scenario.h"
#include "mica/vuart.h"
#include "plat/console.h"
#include "unit.h"

#define ESC "\x1d"

static struct vuart uarts[3];
static const char *const names[3] = { "linux", "rt-bench", "pin-entry" };
static char added_text[256];

static int setup(void **state)
{
	(void)state;
	fake_reset();
	console_mux_init();
	for (unsigned i = 0; i < 3; i++) {
		uint64_t imsc = UARTINT_RX | UARTINT_RT;
		struct vuart_out out;
		bool irq;

		vuart_init(&uarts[i], names[i]);
		assert_true(vuart_mmio(&uarts[i], UARTIMSC, true, 4, &imsc,
				       &irq, &out));
		assert_true(console_mux_add(10 + i, &uarts[i], i == 2));
	}
	snprintf(added_text, sizeof(added_text), "%s", fake_console_text());
	fake_console_reset();
	return 0;
}

/* Types s; returns the vm id of the last injection asked for, or -1. */
static int type(const char *s)
{
	int last = -1;

	for (; *s != '\0'; s++) {
		unsigned id = 999;

		if (console_mux_input((uint8_t)*s, &id)) {
			assert_true(id >= 10 && id <= 12);
			last = (int)id;
		} else {
			assert_int_equal(id, 999);
		}
	}
	return last;
}

/* What partition i received, as a string; empties its buffer. */
static const char *received(unsigned i)
{
	static char buf[VUART_RX_SIZE + 1];
	unsigned n = 0;

	for (;;) {
		uint64_t v;
		struct vuart_out out;
		bool irq;

		assert_true(vuart_mmio(&uarts[i], UARTFR, false, 4, &v, &irq,
				       &out));
		if ((v & UARTFR_RXFE) != 0) {
			break;
		}
		assert_true(vuart_mmio(&uarts[i], UARTDR, false, 4, &v, &irq,
				       &out));
		assert_true(n < VUART_RX_SIZE);
		buf[n++] = (char)v;
	}
	buf[n] = '\0';
	return buf;
}

/*
 * Partition i writes s to its data register; what each write gives to
 * print is handed to the multiplexer as vm_mmio() hands it.
 */
static void guest_writes(unsigned i, const char *s)
{
	for (; *s != '\0'; s++) {
		uint64_t v = (uint8_t)*s;
		struct vuart_out out;
		bool irq;

		assert_true(
			vuart_mmio(&uarts[i], UARTDR, true, 4, &v, &irq, &out));
		if (out.raw >= 0) {
			console_mux_raw(uarts[i].tag, (char)out.raw);
		} else if (out.line) {
			console_mux_line(uarts[i].tag, out.text);
		}
	}
}

/* --- partitions --------------------------------------------------------- */

static void console_mux_add__gives_the_first_the_keyboard(void **state)
{
	(void)state;
	assert_string_equal(added_text,
			    "mica: keyboard -> linux (Ctrl-] then h: help)\r\n");
	assert_int_equal(type("a"), 10);
	assert_string_equal(received(0), "a");
	/* With the keyboard, output shows as it is written. */
	guest_writes(0, "~ # ");
	assert_string_equal(fake_console_text(), "[linux] ~ # ");
}

static void console_mux_add__refuses_beyond_the_maximum_and_twice(void **state)
{
	static struct vuart more[SCN_MAX_PARTITIONS];

	(void)state;
	assert_false(console_mux_add(11, &more[0], false));
	for (unsigned i = 3; i < SCN_MAX_PARTITIONS; i++) {
		vuart_init(&more[i], "more");
		assert_true(console_mux_add(20 + i, &more[i], false));
	}
	assert_false(console_mux_add(99, &more[0], false));
	/* The keyboard did not move. */
	assert_int_equal(fake_console_count(), 0);
	assert_int_equal(type("z"), 10);
}

/* --- input ------------------------------------------------------------- */

static void
console_mux_input__goes_to_the_partition_with_the_keyboard(void **state)
{
	uint64_t imsc = 0;
	struct vuart_out out;
	bool irq;

	(void)state;
	assert_int_equal(type("ls\r"), 10);
	assert_string_equal(received(0), "ls\r");
	assert_string_equal(received(1), "");
	assert_string_equal(received(2), "");
	/* Masked, the line stays low: nothing to inject. */
	assert_true(
		vuart_mmio(&uarts[0], UARTIMSC, true, 4, &imsc, &irq, &out));
	assert_int_equal(type("q"), -1);
	assert_string_equal(received(0), "q");
	assert_int_equal(fake_console_count(), 0);
}

static void console_mux_input__moves_the_keyboard_by_number(void **state)
{
	(void)state;
	assert_int_equal(type(ESC "2"), -1);
	assert_string_equal(fake_console_text(),
			    "mica: keyboard -> rt-bench\r\n");
	assert_int_equal(type("x"), 11);
	assert_int_equal(type(ESC "3y"), 12);
	assert_int_equal(type(ESC "1z"), 10);
	assert_string_equal(received(0), "z");
	assert_string_equal(received(1), "x");
	assert_string_equal(received(2), "y");
	assert_string_equal(fake_console_text(),
			    "mica: keyboard -> rt-bench\r\n"
			    "mica: keyboard -> pin-entry\r\n"
			    "mica: keyboard -> linux\r\n");
}

static void console_mux_input__sends_ctrl_bracket_twice_as_one(void **state)
{
	(void)state;
	assert_int_equal(type(ESC ESC), 10);
	assert_string_equal(received(0), ESC);
	assert_int_equal(type(ESC ESC ESC ESC "a"), 10);
	assert_string_equal(received(0), ESC ESC "a");
	assert_int_equal(fake_console_count(), 0);
}

static void console_mux_input__lists_the_partitions(void **state)
{
	(void)state;
	assert_true(console_mux_set_alive(12, false));
	assert_int_equal(type(ESC "2" ESC "l"), -1);
	assert_string_equal(fake_console_text(),
			    "mica: keyboard -> rt-bench\r\n"
			    "mica: partitions (Ctrl-] then a number gives it the "
			    "keyboard):\r\n"
			    "mica: 1 linux\r\n"
			    "mica: 2 rt-bench (keyboard)\r\n"
			    "mica: 3 pin-entry (stopped)\r\n");
	fake_console_reset();
	assert_int_equal(type(ESC "3" ESC "l"), -1);
	assert_string_equal(
		fake_console_text(),
		"mica: keyboard -> pin-entry (stopped: input is dropped)\r\n"
		"mica: partitions (Ctrl-] then a number gives it the "
		"keyboard):\r\n"
		"mica: 1 linux\r\n"
		"mica: 2 rt-bench\r\n"
		"mica: 3 pin-entry (keyboard, stopped)\r\n");
	assert_string_equal(received(0), "");
	assert_string_equal(received(1), "");
}

static void console_mux_input__lists_between_a_line_and_its_rest(void **state)
{
	(void)state;
	guest_writes(0, "~ # ");
	(void)type(ESC "l");
	guest_writes(0, "x");
	assert_string_equal(fake_console_text(),
			    "[linux] ~ # \r\n"
			    "mica: partitions (Ctrl-] then a number gives it the "
			    "keyboard):\r\n"
			    "mica: 1 linux (keyboard)\r\n"
			    "mica: 2 rt-bench\r\n"
			    "mica: 3 pin-entry\r\n"
			    "[linux] ~ # x");
}

static void console_mux_input__answers_other_commands_with_help(void **state)
{
	(void)state;
	assert_int_equal(type(ESC "4" ESC "0" ESC "h" ESC "\r"), -1);
	assert_string_equal(
		fake_console_text(),
		"mica: no partition 4 (Ctrl-] then l lists them)\r\n"
		"mica: Ctrl-] then: 1-3 gives that partition the keyboard, "
		"s gives it to pin-entry (secure attention key), "
		"l lists partitions, Ctrl-] sends Ctrl-]\r\n"
		"mica: Ctrl-] then: 1-3 gives that partition the keyboard, "
		"s gives it to pin-entry (secure attention key), "
		"l lists partitions, Ctrl-] sends Ctrl-]\r\n"
		"mica: Ctrl-] then: 1-3 gives that partition the keyboard, "
		"s gives it to pin-entry (secure attention key), "
		"l lists partitions, Ctrl-] sends Ctrl-]\r\n");
	/* None of it reached a partition; the keyboard did not move. */
	assert_string_equal(received(0), "");
	assert_int_equal(type("k"), 10);
}

static void
console_mux_input__ctrl_bracket_s_gives_secure_input_the_keyboard(void **state)
{
	(void)state;
	assert_int_equal(type(ESC "2" ESC "s"
				  "1"),
			 12);
	/* Again where it has it: the user sees mica's line every time. */
	assert_int_equal(type(ESC "s"
				  "2"),
			 12);
	assert_string_equal(received(1), "");
	assert_string_equal(received(2), "12");
	assert_string_equal(fake_console_text(),
			    "mica: keyboard -> rt-bench\r\n"
			    "mica: keyboard -> pin-entry (secure attention "
			    "key)\r\n"
			    "mica: keyboard -> pin-entry (secure attention "
			    "key)\r\n");
}

static void
console_mux_input__ctrl_bracket_s_is_help_without_secure_input(void **state)
{
	(void)state;
	console_mux_init();
	assert_true(console_mux_add(10, &uarts[0], false));
	assert_true(console_mux_add(11, &uarts[1], false));
	fake_console_reset();
	assert_int_equal(type(ESC "s"
				  "a"),
			 10);
	assert_string_equal(received(0), "a");
	assert_string_equal(fake_console_text(),
			    "mica: Ctrl-] then: 1-2 gives that partition the "
			    "keyboard, l lists partitions, Ctrl-] sends "
			    "Ctrl-]\r\n");
}

static void console_mux_input__drops_input_for_a_stopped_partition(void **state)
{
	(void)state;
	assert_true(console_mux_set_alive(10, false));
	assert_int_equal(type("ab"), -1);
	assert_string_equal(fake_console_text(),
			    "mica: linux is stopped; input is dropped\r\n");
	assert_string_equal(received(0), "");
	/* Said once per focus change. */
	fake_console_reset();
	assert_int_equal(type(ESC "2" ESC "1"
				  "cd"),
			 -1);
	assert_string_equal(
		fake_console_text(),
		"mica: keyboard -> rt-bench\r\n"
		"mica: keyboard -> linux (stopped: input is dropped)\r\n");
	/* And once per stop. */
	assert_true(console_mux_set_alive(10, true));
	assert_true(console_mux_set_alive(10, false));
	fake_console_reset();
	assert_int_equal(type("ef"), -1);
	assert_string_equal(fake_console_text(),
			    "mica: linux is stopped; input is dropped\r\n");
	/* Running again, it gets its input. */
	assert_true(console_mux_set_alive(10, true));
	assert_int_equal(type("g"), 10);
	assert_string_equal(received(0), "g");
	/* A partition never added. */
	assert_false(console_mux_set_alive(13, false));
}

static void console_mux_input__does_nothing_without_partitions(void **state)
{
	(void)state;
	console_mux_init();
	assert_int_equal(type("a" ESC "l" ESC "1"), -1);
	assert_int_equal(fake_console_count(), 0);
	assert_false(console_mux_set_alive(10, true));
}

static void console_mux_input__takes_the_uarts_receive_interrupt(void **state)
{
	static const char typed[] = "a" ESC "2b";
	unsigned injected[8];
	unsigned n = 0;
	uint8_t c;

	(void)state;
	memcpy(fake.console_rx, typed, sizeof(typed) - 1);
	fake.console_rx_count = sizeof(typed) - 1;
	/* The handler the lead wires: drain, bounded by the FIFO. */
	for (unsigned i = 0; i < 32 && plat_console_getc(&c); i++) {
		unsigned id;

		if (console_mux_input(c, &id)) {
			injected[n++] = id;
		}
	}
	assert_int_equal(n, 2);
	assert_int_equal(injected[0], 10);
	assert_int_equal(injected[1], 11);
	assert_string_equal(received(0), "a");
	assert_string_equal(received(1), "b");
}

/* --- what the operator sees when the keyboard moves ----------------------- */

static void console_mux_input__shows_the_new_focus_unfinished_line(void **state)
{
	(void)state;
	guest_writes(1, "login: ");
	assert_int_equal(fake_console_count(), 0);
	(void)type(ESC "2");
	assert_string_equal(fake_console_text(),
			    "mica: keyboard -> rt-bench\r\n[rt-bench] login: ");
	guest_writes(1, "r");
	assert_string_equal(fake_console_text(),
			    "mica: keyboard -> rt-bench\r\n"
			    "[rt-bench] login: r");
}

static void console_mux_input__ends_the_old_focus_unfinished_line(void **state)
{
	(void)state;
	guest_writes(0, "~ # ");
	(void)type(ESC "2");
	guest_writes(0, "late\n");
	/* The whole line, now that it is done. */
	assert_string_equal(fake_console_text(),
			    "[linux] ~ # \r\n"
			    "mica: keyboard -> rt-bench\r\n"
			    "[linux] ~ # late\r\n");
}

static void
console_mux_input__shows_the_prompt_again_when_it_comes_back(void **state)
{
	(void)state;
	guest_writes(0, "~ # ");
	(void)type(ESC "2" ESC "1"
		       "l");
	guest_writes(0, "l");
	assert_string_equal(fake_console_text(),
			    "[linux] ~ # \r\n"
			    "mica: keyboard -> rt-bench\r\n"
			    "mica: keyboard -> linux\r\n"
			    "[linux] ~ # l");
	assert_string_equal(received(0), "l");
}

static void
console_mux_input__shows_the_line_again_after_a_message(void **state)
{
	(void)state;
	guest_writes(0, "~ # ");
	(void)type(ESC "1");
	guest_writes(0, "x");
	assert_string_equal(fake_console_text(), "[linux] ~ # \r\n"
						 "mica: keyboard -> linux\r\n"
						 "[linux] ~ # x");
}

static void
console_mux_set_alive__gives_a_restarted_partition_the_keyboard(void **state)
{
	(void)state;
	guest_writes(0, "~ # ");
	/* It stops: its line ends, so mica's report starts a line. */
	assert_true(console_mux_set_alive(10, false));
	assert_string_equal(fake_console_text(), "[linux] ~ # \r\n");
	vuart_init(&uarts[0], "linux");
	assert_true(console_mux_set_alive(10, true));
	fake_console_reset();
	guest_writes(0, "B");
	assert_string_equal(fake_console_text(), "[linux] B");
	/* Said again of a running partition, it changes nothing. */
	assert_true(console_mux_set_alive(10, true));
	assert_string_equal(fake_console_text(), "[linux] B");
	/* Another partition's restart leaves the keyboard where it is. */
	vuart_init(&uarts[1], "rt-bench");
	assert_true(console_mux_set_alive(11, true));
	guest_writes(1, "up");
	assert_string_equal(fake_console_text(), "[linux] B");
}

/* --- what the keyboard's partition cannot do to the screen ------------ */

/*
 * The screen a terminal shows for the console's bytes: '\r' goes to the
 * line's start, '\b' one column left (never past the start), '\n' starts
 * a line, anything else overwrites; lines joined by '\n'.
 */
static const char *rendered(void)
{
	static char out[4096];
	const char *raw = fake_console_text();
	char line[256];
	size_t len = 0;
	size_t col = 0;
	size_t n = 0;

	for (; *raw != '\0'; raw++) {
		if (*raw == '\r') {
			col = 0;
		} else if (*raw == '\b') {
			col -= col > 0 ? 1 : 0;
		} else if (*raw == '\n') {
			assert_true(n + len + 2 < sizeof(out));
			memcpy(out + n, line, len);
			n += len;
			out[n++] = '\n';
			len = col = 0;
		} else {
			assert_true(col < sizeof(line));
			line[col++] = *raw;
			len = col > len ? col : len;
		}
	}
	memcpy(out + n, line, len);
	out[n + len] = '\0';
	return out;
}

static void console_mux_raw__never_backs_onto_the_tag(void **state)
{
	(void)state;
	guest_writes(0,
		     "x\b\b\b\b\b\b\b\b\b\b\b\bmica: keyboard -> victim\r\n");
	assert_string_equal(fake_console_text(),
			    "[linux] x\bmica: keyboard -> victim\r\n");
	assert_string_equal(rendered(), "[linux] mica: keyboard -> victim\n");
	/* After a carriage return the tag is printed again first. */
	fake_console_reset();
	guest_writes(0, "abc\r\b\b\bmica: x\n");
	assert_string_equal(fake_console_text(),
			    "[linux] abc\r[linux] mica: x\r\n");
	/* A tab is spaces to the next stop: its width is known. */
	fake_console_reset();
	guest_writes(0, "ab\t\b\b\b\b\b\b\b\b\b\b\b\bmica: y\n");
	assert_string_equal(rendered(), "[linux] mica: y \n");
}

static void
console_mux_line__shows_the_focused_unfinished_line_again(void **state)
{
	(void)state;
	guest_writes(0, "~ # l");
	guest_writes(1, "tick\n");
	guest_writes(0, "s\r\n");
	assert_string_equal(fake_console_text(), "[linux] ~ # l\r\n"
						 "[rt-bench] tick\r\n"
						 "[linux] ~ # ls\r\n");
}

static void
console_mux_line__starts_a_line_after_an_overlong_focused_one(void **state)
{
	char line[301];
	char want[400];

	(void)state;
	memset(line, 'y', 300);
	line[300] = '\0';
	guest_writes(0, line);
	guest_writes(1, "tick\n");
	guest_writes(0, "z\n");
	(void)snprintf(want, sizeof(want),
		       "[linux] %s\r\n[rt-bench] tick\r\n[linux] z\r\n", line);
	assert_string_equal(fake_console_text(), want);
}

static void console_mux_raw__keeps_line_editing_within_the_text(void **state)
{
	(void)state;
	/* A shell's echo of backspace, as a Linux tty and busybox print it. */
	guest_writes(0, "~ # lz\b \bs\b \b\b \b");
	guest_writes(0, "cat\r\n");
	assert_string_equal(rendered(), "[linux] ~ # cat\n");
	/* Shown again after another partition's line: same room, no more. */
	fake_console_reset();
	guest_writes(0, "ab");
	guest_writes(1, "tick\n");
	guest_writes(0, "\b\b\b\b\b\bmica: w\n");
	assert_string_equal(rendered(),
			    "[linux] ab\n[rt-bench] tick\n[linux] mica: w\n");
	/* And when the keyboard comes back. */
	fake_console_reset();
	guest_writes(0, "ab");
	(void)type(ESC "2" ESC "1");
	guest_writes(0, "\b\b\b\b\b\bmica: z\n");
	assert_string_equal(rendered(), "[linux] ab\n"
					"mica: keyboard -> rt-bench\n"
					"mica: keyboard -> linux\n"
					"[linux] mica: z\n");
}

/* --- lines mica prints because of a partition ------------------------- */

static struct console_mux_budget budget;

static int setup_budget(void **state)
{
	budget = (struct console_mux_budget){ .lock = SPINLOCK_INIT };
	return setup(state);
}

#define REFILL_TICKS (FAKE_TIMER_FREQ / 1000 * CONSOLE_MUX_REFILL_MS)

static void console_mux_vm_say__prints_a_burst_then_counts(void **state)
{
	unsigned printed = 0;

	(void)state;
	fake.timer_now = 5 * REFILL_TICKS;
	for (unsigned i = 0; i < CONSOLE_MUX_BURST + 5; i++) {
		printed += console_mux_vm_say(&budget, "hostile", false,
					      "mica: fault %u", i) ?
				   1 :
				   0;
	}
	assert_int_equal(printed, CONSOLE_MUX_BURST);
	fake_console_reset();
	/* Not yet a period later: still nothing. */
	fake.timer_now += REFILL_TICKS - 1;
	assert_false(console_mux_vm_say(&budget, "hostile", false, "mica: no"));
	assert_int_equal(fake_console_count(), 0);
	/* A period later, one line, after the count of those suppressed. */
	fake.timer_now += 1;
	assert_true(console_mux_vm_say(&budget, "hostile", false, "mica: yes"));
	assert_false(console_mux_vm_say(&budget, "hostile", false, "mica: no"));
	assert_string_equal(fake_console_text(),
			    "mica: partition hostile: 6 lines about it "
			    "suppressed\r\nmica: yes\r\n");
	/* A quiet partition gets its whole burst back, and no more. */
	fake.timer_now += 100 * REFILL_TICKS;
	printed = 0;
	for (unsigned i = 0; i < 2 * CONSOLE_MUX_BURST; i++) {
		printed += console_mux_vm_say(&budget, "hostile", false,
					      "mica: again") ?
				   1 :
				   0;
	}
	assert_int_equal(printed, CONSOLE_MUX_BURST);
}

static void console_mux_vm_say__bounds_a_flood_over_time(void **state)
{
	unsigned printed = 0;
	const unsigned seconds = 20;

	(void)state;
	/* A fault every millisecond, for 20 s of the partition's time. */
	fake.timer_step = FAKE_TIMER_FREQ / 1000;
	for (unsigned i = 0; i < seconds * 1000; i++) {
		printed += console_mux_vm_say(&budget, "hostile", false,
					      "mica: fault") ?
				   1 :
				   0;
		fake_console_reset();
	}
	/* The burst, then one a period: it still says that it goes on. */
	assert_true(printed >= CONSOLE_MUX_BURST + seconds - 2);
	assert_true(printed <= CONSOLE_MUX_BURST + seconds + 1);
}

static void console_mux_vm_say__prints_a_final_line_always(void **state)
{
	(void)state;
	for (unsigned i = 0; i < CONSOLE_MUX_BURST + 2; i++) {
		(void)console_mux_vm_say(&budget, "hostile", false, "mica: f");
	}
	fake_console_reset();
	assert_true(console_mux_vm_say(&budget, "hostile", true,
				       "mica: partition hostile stopped: x"));
	assert_string_equal(
		fake_console_text(),
		"mica: partition hostile: 2 lines about it "
		"suppressed\r\nmica: partition hostile stopped: x\r\n");
	/* It spent nothing of the budget. */
	assert_false(console_mux_vm_say(&budget, "hostile", false, "mica: f"));
}

static void console_mux_vm_say__starts_a_line_of_its_own(void **state)
{
	(void)state;
	/*
	 * Below an unfinished line of the keyboard's partition, which is
	 * shown again with its tag: what it prints next cannot start a line
	 * of mica's.
	 */
	guest_writes(0, "~ # ");
	assert_true(console_mux_vm_say(&budget, "hostile", false,
				       "mica: partition hostile: fault"));
	guest_writes(0, "mica: fake");
	assert_string_equal(fake_console_text(),
			    "[linux] ~ # \r\n"
			    "mica: partition hostile: fault\r\n"
			    "[linux] ~ # mica: fake");
}

/* --- the keyboard's hand-off ------------------------------------------ */

static void console_mux_keyboard__is_denied_to_others(void **state)
{
	static const uint64_t ops[] = { MICA_HC_KEYBOARD_TAKE,
					MICA_HC_KEYBOARD_GIVE_BACK, 2,
					UINT64_MAX };

	(void)state;
	for (unsigned i = 0; i < ARRAY_SIZE(ops); i++) {
		assert_int_equal(console_mux_keyboard(10, ops[i]),
				 MICA_HC_DENIED);
		assert_int_equal(console_mux_keyboard(11, ops[i]),
				 MICA_HC_DENIED);
		assert_int_equal(console_mux_keyboard(99, ops[i]),
				 MICA_HC_DENIED);
	}
	assert_int_equal(fake_console_count(), 0);
	assert_int_equal(type("a"), 10);
	assert_string_equal(received(0), "a");
}

static void console_mux_keyboard__takes_and_gives_back(void **state)
{
	(void)state;
	(void)type(ESC "2");
	fake_console_reset();
	assert_int_equal(console_mux_keyboard(12, MICA_HC_KEYBOARD_TAKE),
			 MICA_HC_SUCCESS);
	assert_int_equal(type("4711"), 12);
	/* Taken again where it has it: said again, still given back to rt. */
	assert_int_equal(console_mux_keyboard(12, MICA_HC_KEYBOARD_TAKE),
			 MICA_HC_SUCCESS);
	assert_int_equal(console_mux_keyboard(12, 2),
			 MICA_HC_INVALID_PARAMETER);
	assert_int_equal(console_mux_keyboard(12, MICA_HC_KEYBOARD_GIVE_BACK),
			 MICA_HC_SUCCESS);
	assert_int_equal(type("x"), 11);
	assert_string_equal(received(2), "4711");
	assert_string_equal(received(1), "x");
	assert_string_equal(received(0), "");
	assert_string_equal(fake_console_text(),
			    "mica: keyboard -> pin-entry (requested by "
			    "pin-entry)\r\n"
			    "mica: keyboard -> pin-entry (requested by "
			    "pin-entry)\r\n"
			    "mica: keyboard -> rt-bench (given back by "
			    "pin-entry)\r\n");
}

static void console_mux_keyboard__does_not_give_back_what_it_lost(void **state)
{
	(void)state;
	assert_int_equal(console_mux_keyboard(12, MICA_HC_KEYBOARD_GIVE_BACK),
			 MICA_HC_NOT_REQUIRED);
	assert_int_equal(console_mux_keyboard(12, MICA_HC_KEYBOARD_TAKE),
			 MICA_HC_SUCCESS);
	(void)type(ESC "2"); /* the user moved the keyboard on */
	fake_console_reset();
	assert_int_equal(console_mux_keyboard(12, MICA_HC_KEYBOARD_GIVE_BACK),
			 MICA_HC_NOT_REQUIRED);
	assert_int_equal(fake_console_count(), 0);
	assert_int_equal(type("y"), 11);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(
			console_mux_add__gives_the_first_the_keyboard, setup),
		cmocka_unit_test_setup(
			console_mux_add__refuses_beyond_the_maximum_and_twice,
			setup),
		cmocka_unit_test_setup(
			console_mux_input__goes_to_the_partition_with_the_keyboard,
			setup),
		cmocka_unit_test_setup(
			console_mux_input__moves_the_keyboard_by_number, setup),
		cmocka_unit_test_setup(
			console_mux_input__sends_ctrl_bracket_twice_as_one,
			setup),
		cmocka_unit_test_setup(console_mux_input__lists_the_partitions,
				       setup),
		cmocka_unit_test_setup(
			console_mux_input__lists_between_a_line_and_its_rest,
			setup),
		cmocka_unit_test_setup(
			console_mux_input__answers_other_commands_with_help,
			setup),
		cmocka_unit_test_setup(
			console_mux_input__ctrl_bracket_s_gives_secure_input_the_keyboard,
			setup),
		cmocka_unit_test_setup(
			console_mux_input__ctrl_bracket_s_is_help_without_secure_input,
			setup),
		cmocka_unit_test_setup(
			console_mux_input__drops_input_for_a_stopped_partition,
			setup),
		cmocka_unit_test_setup(console_mux_keyboard__is_denied_to_others,
				       setup),
		cmocka_unit_test_setup(
			console_mux_keyboard__takes_and_gives_back, setup),
		cmocka_unit_test_setup(
			console_mux_keyboard__does_not_give_back_what_it_lost,
			setup),
		cmocka_unit_test_setup(
			console_mux_input__does_nothing_without_partitions,
			setup),
		cmocka_unit_test_setup(
			console_mux_input__takes_the_uarts_receive_interrupt,
			setup),
		cmocka_unit_test_setup(
			console_mux_input__shows_the_new_focus_unfinished_line,
			setup),
		cmocka_unit_test_setup(
			console_mux_input__ends_the_old_focus_unfinished_line,
			setup),
		cmocka_unit_test_setup(
			console_mux_input__shows_the_line_again_after_a_message,
			setup),
		cmocka_unit_test_setup(
			console_mux_input__shows_the_prompt_again_when_it_comes_back,
			setup),
		cmocka_unit_test_setup(
			console_mux_set_alive__gives_a_restarted_partition_the_keyboard,
			setup),
		cmocka_unit_test_setup(console_mux_raw__never_backs_onto_the_tag,
				       setup),
		cmocka_unit_test_setup(
			console_mux_line__shows_the_focused_unfinished_line_again,
			setup),
		cmocka_unit_test_setup(
			console_mux_line__starts_a_line_after_an_overlong_focused_one,
			setup),
		cmocka_unit_test_setup(
			console_mux_raw__keeps_line_editing_within_the_text,
			setup),
		cmocka_unit_test_setup(
			console_mux_vm_say__prints_a_burst_then_counts,
			setup_budget),
		cmocka_unit_test_setup(
			console_mux_vm_say__bounds_a_flood_over_time,
			setup_budget),
		cmocka_unit_test_setup(
			console_mux_vm_say__prints_a_final_line_always,
			setup_budget),
		cmocka_unit_test_setup(
			console_mux_vm_say__starts_a_line_of_its_own,
			setup_budget),
	};

	return cmocka_run_group_tests_name("console_mux", tests, NULL, NULL);
}
