// SPDX-License-Identifier: Apache-2.0
/*
 * The emulated PL011 (mica/vuart.h): what a guest reads and writes in each
 * register, as Linux's amba-pl011 driver, its earlycon and libmica use
 * them; the interrupt line it reports; and what it gives its caller to
 * print for what a guest writes, with and without the keyboard (the
 * console multiplexer prints it: console_mux_test.c tests what the
 * operator sees, vm_test.c that vm_mmio() hands it over).
 */
#include "dev/pl011.h"
#include "mica/vuart.h"
#include "unit.h"

static struct vuart u;
static struct vuart other;

/*
 * What the accesses so far gave to print, in order: a whole line as
 * "[tag] text\n", a character written with the keyboard as itself.
 */
static char given[4096];

static int setup(void **state)
{
	(void)state;
	fake_reset();
	given[0] = '\0';
	vuart_init(&u, "linux");
	vuart_init(&other, "rt-bench");
	return 0;
}

/* Adds what an access to v gave to print to `given`. */
static void take(const struct vuart *v, const struct vuart_out *out)
{
	size_t n = strlen(given);
	int w = 0;

	if (out->raw >= 0) {
		assert_false(out->line);
		assert_true(out->raw > 0 && out->raw < 0x80);
		w = snprintf(given + n, sizeof(given) - n, "%c", out->raw);
	} else if (out->line) {
		assert_true(strlen(out->text) <= VUART_LINE_MAX);
		w = snprintf(given + n, sizeof(given) - n, "[%s] %s\n", v->tag,
			     out->text);
	}
	assert_true(w >= 0 && (size_t)w < sizeof(given) - n);
}

/* A 32-bit read, which must be allowed and gives nothing to print. */
static uint32_t rd(struct vuart *v, uint64_t off)
{
	uint64_t val = 0xdeadbeefdeadbeef;
	struct vuart_out out = { .raw = 'x', .line = true };
	bool irq;

	assert_true(vuart_mmio(v, off, false, 4, &val, &irq, &out));
	assert_true(val <= UINT32_MAX);
	assert_true(out.raw < 0 && !out.line);
	return (uint32_t)val;
}

/* A 32-bit write, which must be allowed; returns the interrupt line. */
static bool wr(struct vuart *v, uint64_t off, uint32_t val)
{
	uint64_t x = val;
	struct vuart_out out = { .raw = 'x', .line = true };
	bool irq;

	assert_true(vuart_mmio(v, off, true, 4, &x, &irq, &out));
	take(v, &out);
	return irq;
}

/* The interrupt line as an access reports it (a read of MIS: no effect). */
static bool level(struct vuart *v)
{
	uint64_t val;
	struct vuart_out out;
	bool irq;

	assert_true(vuart_mmio(v, UARTMIS, false, 4, &val, &irq, &out));
	assert_int_equal(irq, val != 0);
	return irq;
}

/* The unfinished line vuart_flush() gives, "" for none. */
static const char *flushed(struct vuart *v)
{
	static char text[VUART_LINE_MAX + 1];

	if (!vuart_flush(v, text)) {
		return "";
	}
	assert_true(text[0] != '\0');
	return text;
}

/* Writes s to the data register, a character at a time. */
static void send(struct vuart *v, const char *s)
{
	for (; *s != '\0'; s++) {
		(void)wr(v, UARTDR, (uint8_t)*s);
	}
}

/* --- registers ----------------------------------------------------------- */

static void vuart_init__gives_the_pl011_reset_state(void **state)
{
	(void)state;
	assert_string_equal(u.tag, "linux");
	assert_int_equal(rd(&u, UARTFR), UARTFR_TXFE | UARTFR_RXFE);
	assert_int_equal(rd(&u, UARTCR), 0x300);
	assert_int_equal(rd(&u, UARTIFLS), 0x12);
	assert_int_equal(rd(&u, UARTLCR_H), 0);
	assert_int_equal(rd(&u, UARTIMSC), 0);
	assert_int_equal(rd(&u, UARTRIS), 0);
	assert_int_equal(rd(&u, UARTMIS), 0);
	assert_int_equal(rd(&u, UARTRSR), 0);
	assert_false(level(&u));
}

static void vuart_init__cuts_a_long_tag(void **state)
{
	(void)state;
	vuart_init(&u, "a-very-long-partition-name");
	assert_int_equal(strlen(u.tag), VUART_TAG_MAX - 1);
	assert_memory_equal(u.tag, "a-very-long-par", VUART_TAG_MAX);
}

static void vuart_mmio__reads_the_primecell_ids_qemu_gives(void **state)
{
	static const uint32_t want[8] = { 0x11, 0x10, 0x14, 0x00,
					  0x0d, 0xf0, 0x05, 0xb1 };

	(void)state;
	for (unsigned i = 0; i < 8; i++) {
		assert_int_equal(rd(&u, UARTPERIPHID0 + 4 * i), want[i]);
	}
	/* Read-only. */
	(void)wr(&u, UARTPERIPHID0, 0xff);
	assert_int_equal(rd(&u, UARTPERIPHID0), 0x11);
}

static void vuart_mmio__stores_the_programmable_registers(void **state)
{
	static const struct {
		uint64_t off;
		uint32_t mask;
	} regs[] = {
		{ UARTILPR, 0xff },  { UARTIBRD, 0xffff }, { UARTFBRD, 0x3f },
		{ UARTLCR_H, 0xff }, { UARTCR, 0xffff },   { UARTIFLS, 0x3f },
		{ UARTIMSC, 0x7ff }, { UARTDMACR, 0x7 },
	};

	(void)state;
	for (unsigned i = 0; i < ARRAY_SIZE(regs); i++) {
		(void)wr(&u, regs[i].off, 0xffffffff);
		assert_int_equal(rd(&u, regs[i].off), regs[i].mask);
		(void)wr(&u, regs[i].off, 0x12345678 & regs[i].mask);
		assert_int_equal(rd(&u, regs[i].off),
				 0x12345678 & regs[i].mask);
		(void)wr(&u, regs[i].off, 0);
		assert_int_equal(rd(&u, regs[i].off), 0);
	}
}

static void vuart_mmio__ignores_reserved_and_read_only_registers(void **state)
{
	static const uint64_t offs[] = { 0x008, 0x00c, 0x01c, 0x04c,
					 0x080, 0xf00, 0xfdc };

	(void)state;
	for (unsigned i = 0; i < ARRAY_SIZE(offs); i++) {
		(void)wr(&u, offs[i], 0xffffffff);
		assert_int_equal(rd(&u, offs[i]), 0);
	}
	(void)wr(&u, UARTFR, 0);
	(void)wr(&u, UARTRIS, 0x7ff);
	(void)wr(&u, UARTMIS, 0x7ff);
	assert_int_equal(rd(&u, UARTFR), UARTFR_TXFE | UARTFR_RXFE);
	assert_int_equal(rd(&u, UARTRIS), 0);
	/* ICR is write-only. */
	assert_int_equal(rd(&u, UARTICR), 0);
	assert_string_equal(given, "");
}

static void vuart_mmio__refuses_what_no_pl011_allows(void **state)
{
	static const struct {
		uint64_t off;
		unsigned size;
	} bad[] = {
		{ 0x000, 8 },  { 0x000, 3 },	  { 0x000, 0 },
		{ 0x002, 4 },  { 0x001, 2 },	  { 0x1000, 4 },
		{ 0x1000, 1 }, { UINT64_MAX, 1 }, { 0xffe, 4 },
	};

	(void)state;
	vuart_rx(&u, 'k');
	for (unsigned i = 0; i < ARRAY_SIZE(bad); i++) {
		uint64_t val = 'x';
		struct vuart_out out = { .raw = 'x', .line = true };
		bool irq = true;

		assert_false(vuart_mmio(&u, bad[i].off, true, bad[i].size, &val,
					&irq, &out));
		assert_false(irq); /* the line's level, as always */
		assert_true(out.raw < 0 && !out.line);
		val = 0x55;
		assert_false(vuart_mmio(&u, bad[i].off, false, bad[i].size,
					&val, &irq, &out));
		assert_int_equal(val, 0x55);
	}
	/* Nothing was sent, nothing taken (FIFO off: RXIS at one). */
	assert_int_equal(rd(&u, UARTRIS), UARTINT_RX | UARTINT_RT);
	assert_int_equal(rd(&u, UARTDR), 'k');
	assert_string_equal(flushed(&u), "");
}

static void vuart_mmio__reads_and_writes_byte_lanes(void **state)
{
	uint64_t val;
	struct vuart_out out;
	bool irq;

	(void)state;
	/* Linux's driver reads with 16-bit accesses; earlycon writes bytes. */
	assert_true(vuart_mmio(&u, UARTFR, false, 2, &val, &irq, &out));
	assert_int_equal(val, UARTFR_TXFE | UARTFR_RXFE);
	val = 'h';
	assert_true(vuart_mmio(&u, UARTDR, true, 1, &val, &irq, &out));
	take(&u, &out);
	val = '\n';
	assert_true(vuart_mmio(&u, UARTDR, true, 2, &val, &irq, &out));
	take(&u, &out);
	assert_string_equal(given, "[linux] h\n");
	/* A narrow write changes its own lanes only. */
	(void)wr(&u, UARTIMSC, 0x0f0);
	val = 0x04; /* bit 10: OEIM */
	assert_true(vuart_mmio(&u, UARTIMSC + 1, true, 1, &val, &irq, &out));
	assert_int_equal(rd(&u, UARTIMSC), 0x4f0);
	val = 0;
	assert_true(vuart_mmio(&u, UARTIMSC, true, 1, &val, &irq, &out));
	assert_int_equal(rd(&u, UARTIMSC), 0x400);
	val = 0xffff;
	assert_true(vuart_mmio(&u, UARTIBRD + 2, true, 2, &val, &irq, &out));
	assert_int_equal(rd(&u, UARTIBRD), 0);
	assert_true(
		vuart_mmio(&u, UARTPERIPHID0 + 3, false, 1, &val, &irq, &out));
	assert_int_equal(val, 0);
	/* The data byte's lane is not written: nothing is sent. */
	val = 'x';
	assert_true(vuart_mmio(&u, UARTDR + 1, true, 1, &val, &irq, &out));
	take(&u, &out);
	val = 0x0400;
	assert_true(vuart_mmio(&u, UARTICR, true, 2, &val, &irq, &out));
	take(&u, &out);
	assert_string_equal(flushed(&u), "");
	assert_string_equal(given, "[linux] h\n");
}

/* --- receive -------------------------------------------------------------- */

static void vuart_mmio__reads_received_characters_in_order(void **state)
{
	(void)state;
	assert_int_equal(rd(&u, UARTDR), 0); /* empty: nothing to pop */
	vuart_rx(&u, 'a');
	vuart_rx(&u, 0xff);
	assert_int_equal(rd(&u, UARTFR), UARTFR_TXFE);
	assert_int_equal(rd(&u, UARTDR), 'a');
	assert_int_equal(rd(&u, UARTDR), 0xff); /* error bits clear */
	assert_int_equal(rd(&u, UARTFR), UARTFR_TXFE | UARTFR_RXFE);
	assert_int_equal(rd(&u, UARTDR), 0);
}

static void vuart_rx__drops_input_beyond_the_buffer(void **state)
{
	(void)state;
	for (unsigned i = 0; i < VUART_RX_SIZE; i++) {
		vuart_rx(&u, (uint8_t)('0' + i % 10));
	}
	assert_int_equal(rd(&u, UARTFR), UARTFR_TXFE | UARTFR_RXFF);
	assert_int_equal(rd(&u, UARTRSR), 0);
	vuart_rx(&u, 'X'); /* overrun */
	assert_int_equal(rd(&u, UARTRSR), UARTRSR_OE);
	assert_true((rd(&u, UARTRIS) & UARTINT_OE) != 0);
	/* ECR clears the status, ICR the interrupt. */
	(void)wr(&u, UARTRSR, 0);
	assert_int_equal(rd(&u, UARTRSR), 0);
	(void)wr(&u, UARTICR, UARTINT_OE);
	assert_int_equal(rd(&u, UARTRIS) & UARTINT_OE, 0);
	/* What was received before the overrun is all there, in order. */
	for (unsigned i = 0; i < VUART_RX_SIZE; i++) {
		assert_int_equal(rd(&u, UARTDR), '0' + i % 10);
	}
	assert_int_equal(rd(&u, UARTFR), UARTFR_TXFE | UARTFR_RXFE);
	/* The ring wraps. */
	vuart_rx(&u, 'y');
	assert_int_equal(rd(&u, UARTDR), 'y');
}

static void vuart_rx__raises_the_line_when_receive_is_unmasked(void **state)
{
	(void)state;
	assert_false(vuart_rx(&u, 'a')); /* masked */
	/* FIFO off (reset): RXIS at one character; RTIS with any. */
	assert_int_equal(rd(&u, UARTRIS), UARTINT_RX | UARTINT_RT);
	assert_int_equal(rd(&u, UARTMIS), 0);
	/* As Linux's driver starts: clear, drain, unmask RX and RT. */
	(void)wr(&u, UARTICR, UARTINT_RX | UARTINT_RT);
	assert_int_equal(rd(&u, UARTDR), 'a');
	assert_false(wr(&u, UARTIMSC, UARTINT_RX | UARTINT_RT));
	assert_true(vuart_rx(&u, 'b'));
	assert_true(level(&u));
	assert_int_equal(rd(&u, UARTMIS), UARTINT_RX | UARTINT_RT);
	/* Reading it all lowers the line, without ICR. */
	assert_int_equal(rd(&u, UARTDR), 'b');
	assert_int_equal(rd(&u, UARTRIS), 0);
	assert_false(level(&u));
}

static void vuart_rx__raises_rxis_at_the_fifo_trigger_level(void **state)
{
	bool irq;

	(void)state;
	/* FIFO on, RXIFLSEL 1/2 of 16 (the reset value): 8 characters. */
	(void)wr(&u, UARTLCR_H, 0x70);
	(void)wr(&u, UARTIMSC, UARTINT_RX);
	for (unsigned i = 0; i < 7; i++) {
		assert_false(vuart_rx(&u, 'x'));
	}
	assert_true(vuart_rx(&u, 'x'));
	/* Below the level again: RXIS falls, RTIS stays until empty. */
	assert_int_equal(rd(&u, UARTDR), 'x');
	assert_int_equal(rd(&u, UARTRIS), UARTINT_RT);
	for (unsigned i = 0; i < 7; i++) {
		(void)rd(&u, UARTDR);
	}
	assert_int_equal(rd(&u, UARTRIS), 0);
	/* 1/8: 2 characters. */
	(void)wr(&u, UARTIFLS, 0);
	assert_false(vuart_rx(&u, 'x'));
	assert_true(vuart_rx(&u, 'x'));
	/* ICR clears it while data waits; the next character sets it. */
	irq = wr(&u, UARTICR, UARTINT_RX);
	assert_false(irq);
	assert_true(vuart_rx(&u, 'x'));
	/* FIFO off: every character. */
	(void)wr(&u, UARTLCR_H, 0x60);
	for (unsigned i = 0; i < 3; i++) {
		(void)rd(&u, UARTDR);
	}
	assert_true(vuart_rx(&u, 'x'));
}

/* --- transmit and its interrupt -------------------------------------------- */

static void vuart_mmio__raises_txis_after_each_write(void **state)
{
	(void)state;
	/* Linux's console write: IMSC saved and zeroed; no line. */
	assert_false(wr(&u, UARTDR, 'a'));
	assert_int_equal(rd(&u, UARTRIS), UARTINT_TX);
	assert_int_equal(rd(&u, UARTFR), UARTFR_TXFE | UARTFR_RXFE);
	/* The tty unmasks TXIM when it has more than it wrote: line high. */
	assert_true(wr(&u, UARTIMSC, UARTINT_RX | UARTINT_RT | UARTINT_TX));
	assert_int_equal(rd(&u, UARTMIS), UARTINT_TX);
	/* The handler writes half a FIFO per interrupt; TXIS stays. */
	for (unsigned i = 0; i < 8; i++) {
		assert_true(wr(&u, UARTDR, 'b'));
	}
	assert_int_equal(rd(&u, UARTMIS), UARTINT_TX);
	/* Done: it masks TXIM and the line falls. */
	assert_false(wr(&u, UARTIMSC, UARTINT_RX | UARTINT_RT));
	assert_false(level(&u));
	/* ICR clears TXIS; the next write sets it again. */
	(void)wr(&u, UARTICR, UARTINT_TX);
	assert_int_equal(rd(&u, UARTRIS), 0);
	(void)wr(&u, UARTDR, '\n');
	assert_int_equal(rd(&u, UARTRIS), UARTINT_TX);
	assert_string_equal(given, "[linux] abbbbbbbb\n");
}

static void vuart_mmio__sends_whatever_the_control_register_holds(void **state)
{
	(void)state;
	/* libmica and earlycon never enable the UART. */
	(void)wr(&u, UARTCR, 0);
	send(&u, "up\n");
	vuart_rx(&u, 'k');
	assert_int_equal(rd(&u, UARTDR), 'k');
	assert_string_equal(given, "[linux] up\n");
}

/* --- what it gives to print ------------------------------------------------ */

static void vuart_mmio__gives_whole_lines(void **state)
{
	(void)state;
	send(&u, "Booting Linux");
	assert_string_equal(given, "");
	send(&u, " on CPU 0\r\n\r\n");
	assert_string_equal(given,
			    "[linux] Booting Linux on CPU 0\n[linux] \n");
}

static void vuart_mmio__shows_control_characters_as_dots(void **state)
{
	(void)state;
	send(&u, "a\tb\x1b[31mc\x7f\x80\xff\x01\b\a%s%n\n");
	assert_string_equal(given, "[linux] a\tb.[31mc......%s%n\n");
}

static void vuart_mmio__gives_a_long_line_in_pieces(void **state)
{
	char line[301];
	char want[512];
	size_t n;

	(void)state;
	memset(line, 'x', 300);
	line[300] = '\0';
	send(&u, line);
	send(&u, "\n");
	n = (size_t)snprintf(want, sizeof(want), "[linux] %.128s\n", line);
	n += (size_t)snprintf(want + n, sizeof(want) - n, "[linux] %.128s\n",
			      line);
	(void)snprintf(want + n, sizeof(want) - n, "[linux] %.44s\n", line);
	assert_string_equal(given, want);
	/* Exactly a buffer's worth and its newline: one line. */
	given[0] = '\0';
	line[VUART_LINE_MAX] = '\0';
	send(&u, line);
	send(&u, "\r\n");
	(void)snprintf(want, sizeof(want), "[linux] %s\n", line);
	assert_string_equal(given, want);
}

static void vuart_mmio__never_interleaves_lines_of_partitions(void **state)
{
	(void)state;
	send(&u, "first half, ");
	send(&other, "latency 3 us\n");
	send(&u, "second half\n");
	send(&other, "latency 4 us\n");
	assert_string_equal(given, "[rt-bench] latency 3 us\n"
				   "[linux] first half, second half\n"
				   "[rt-bench] latency 4 us\n");
}

static void vuart_flush__gives_an_unfinished_line_once(void **state)
{
	(void)state;
	assert_string_equal(flushed(&u), "");
	send(&u, "Kernel panic - not syncing\r");
	assert_string_equal(given, "");
	assert_string_equal(flushed(&u), "Kernel panic - not syncing");
	assert_string_equal(flushed(&u), "");
	/* The next line starts empty. */
	send(&u, "ok\n");
	assert_string_equal(given, "[linux] ok\n");
}

static void vuart_set_focus__prints_as_written_with_the_keyboard(void **state)
{
	char pending[VUART_LINE_MAX + 1];

	(void)state;
	send(&u, "~ # ");
	vuart_set_focus(&u, true, pending, sizeof(pending));
	assert_string_equal(pending, "~ # ");
	send(&u, "l");
	assert_string_equal(given, "l");
	send(&u, "s\r\n");
	assert_string_equal(given, "ls\r\n");
	/* Line editing passes: backspace, a redraw from the line's start. */
	given[0] = '\0';
	send(&u, "ab\b \b");
	send(&u, "\rxy\r\n");
	assert_string_equal(given, "ab\b \b\rxy\r\n");
	vuart_set_focus(&u, false, NULL, 0);
	given[0] = '\0';
	send(&u, "back to lines");
	assert_string_equal(given, "");
	assert_string_equal(flushed(&u), "back to lines");
}

static void vuart_set_focus__gives_back_the_line_written_with_it(void **state)
{
	char pending[VUART_LINE_MAX + 1];

	(void)state;
	vuart_set_focus(&u, true, pending, sizeof(pending));
	assert_string_equal(pending, "");
	/* Kept as the terminal shows it: \b and \r move, text overwrites. */
	send(&u, "~ # ab\b\bcd");
	vuart_set_focus(&u, false, NULL, 0);
	vuart_set_focus(&u, true, pending, sizeof(pending));
	assert_string_equal(pending, "~ # cd");
	send(&u, "\rxyz");
	assert_string_equal(flushed(&u), ""); /* on the screen already */
	/* Without the keyboard the line goes on, and is given whole. */
	vuart_set_focus(&u, false, NULL, 0);
	given[0] = '\0';
	send(&u, "!\r\n");
	assert_string_equal(given, "[linux] xyz cd!\n");
	/* A line longer than the buffer is forgotten, not printed. */
	vuart_set_focus(&u, true, pending, sizeof(pending));
	for (unsigned i = 0; i < VUART_LINE_MAX + 3; i++) {
		send(&u, "w");
	}
	vuart_set_focus(&u, false, NULL, 0);
	vuart_set_focus(&u, true, pending, sizeof(pending));
	assert_string_equal(pending, "www");
}

static void vuart_set_focus__cuts_pending_to_its_buffer(void **state)
{
	char pending[4];

	(void)state;
	send(&u, "login: ");
	vuart_set_focus(&u, true, pending, sizeof(pending));
	assert_string_equal(pending, "log");
	/* Nothing buffered to print while focused. */
	assert_string_equal(flushed(&u), "");
}

static void
vuart_mmio__swallows_escape_sequences_with_the_keyboard(void **state)
{
	char pending[8];

	(void)state;
	vuart_set_focus(&u, true, pending, sizeof(pending));
	/* Colour, cursor query, ESC x, BEL, and other control bytes. */
	send(&u, "\x1b[1;32mok\x1b[0m \x1b[6n\x1b"
		 "7\a!\x01\x80\n");
	assert_string_equal(given, "ok !..\n");
	given[0] = '\0';
	/* ESC before a control character is not a sequence. */
	send(&u, "a\x1b\nb\x1b[1\n");
	assert_string_equal(given, "a\nb\n");
	/* Nor is an endless parameter list: output resumes. */
	given[0] = '\0';
	send(&u, "\x1b[");
	for (unsigned i = 0; i < 40; i++) {
		send(&u, "1");
	}
	send(&u, "\n");
	assert_string_equal(given, "11111111\n");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(vuart_init__gives_the_pl011_reset_state,
				       setup),
		cmocka_unit_test_setup(vuart_init__cuts_a_long_tag, setup),
		cmocka_unit_test_setup(
			vuart_mmio__reads_the_primecell_ids_qemu_gives, setup),
		cmocka_unit_test_setup(
			vuart_mmio__stores_the_programmable_registers, setup),
		cmocka_unit_test_setup(
			vuart_mmio__ignores_reserved_and_read_only_registers,
			setup),
		cmocka_unit_test_setup(vuart_mmio__refuses_what_no_pl011_allows,
				       setup),
		cmocka_unit_test_setup(vuart_mmio__reads_and_writes_byte_lanes,
				       setup),
		cmocka_unit_test_setup(
			vuart_mmio__reads_received_characters_in_order, setup),
		cmocka_unit_test_setup(vuart_rx__drops_input_beyond_the_buffer,
				       setup),
		cmocka_unit_test_setup(
			vuart_rx__raises_the_line_when_receive_is_unmasked,
			setup),
		cmocka_unit_test_setup(
			vuart_rx__raises_rxis_at_the_fifo_trigger_level, setup),
		cmocka_unit_test_setup(vuart_mmio__raises_txis_after_each_write,
				       setup),
		cmocka_unit_test_setup(
			vuart_mmio__sends_whatever_the_control_register_holds,
			setup),
		cmocka_unit_test_setup(vuart_mmio__gives_whole_lines, setup),
		cmocka_unit_test_setup(
			vuart_mmio__shows_control_characters_as_dots, setup),
		cmocka_unit_test_setup(vuart_mmio__gives_a_long_line_in_pieces,
				       setup),
		cmocka_unit_test_setup(
			vuart_mmio__never_interleaves_lines_of_partitions,
			setup),
		cmocka_unit_test_setup(
			vuart_flush__gives_an_unfinished_line_once, setup),
		cmocka_unit_test_setup(
			vuart_set_focus__prints_as_written_with_the_keyboard,
			setup),
		cmocka_unit_test_setup(
			vuart_set_focus__gives_back_the_line_written_with_it,
			setup),
		cmocka_unit_test_setup(
			vuart_set_focus__cuts_pending_to_its_buffer, setup),
		cmocka_unit_test_setup(
			vuart_mmio__swallows_escape_sequences_with_the_keyboard,
			setup),
	};

	return cmocka_run_group_tests_name("vuart", tests, NULL, NULL);
}
