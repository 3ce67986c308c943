// SPDX-License-Identifier: Apache-2.0
/*
 * Board discovery (mica/board.h): what board_probe() reads from QEMU's own
 * device trees and from ours, the exact message of every way a device tree
 * can fail it, that a malformed tree never makes it read outside the blob,
 * and the command-line lookups the hypervisor's options go through.
 */
#include "dtb_build.h"
#include "arch/board.h"
#include "mica/board.h"

struct probe {
	struct board b;
	char err[128];
	bool ok;
};

/* Probes the device tree in file; the blob is freed before returning. */
static struct probe probe_file(const char *file)
{
	struct probe p;
	size_t size;
	uint8_t *blob = unit_load(file, &size);
	struct dtb dt;

	memset(&p, 0xa5, sizeof(p)); /* board_probe() must set all it reports */
	strcpy(p.err, "(none)");
	assert_true(dtb_init(&dt, blob, size));
	p.ok = board_probe(&dt, &p.b, p.err, sizeof(p.err));
	free(blob);
	return p;
}

/* Asserts that file fails board_probe() with exactly message want. */
static void assert_probe_fails(const char *file, const char *want)
{
	struct probe p = probe_file(file);

	if (p.ok) {
		fail_msg("%s: board_probe() accepted it", file);
	}
	assert_string_equal(p.err, want);
}

static void assert_qemu_board(const struct probe *p)
{
	assert_true(p->ok);
	assert_int_equal(p->b.ram_count, 1);
	assert_int_equal(pa_addr(p->b.ram[0].base), 0x40000000);
	assert_int_equal(p->b.ram[0].size, MiB(512));
	assert_int_equal(p->b.cpu_count, 4);
	for (unsigned i = 0; i < 4; i++) {
		assert_int_equal(p->b.cpu_hwid[i], i);
	}
	assert_string_equal(p->b.cpu_compatible, "arm,cortex-a53");
	assert_int_equal(pa_addr(p->b.uart.base), 0x09000000);
	assert_int_equal(p->b.uart.size, 0x1000);
	assert_int_equal(p->b.uart_irq, 33); /* SPI 1 */
	/* The arch's part was asked for, once, and filled. */
	assert_int_equal(fake.board_probe_count, 1);
	assert_int_equal(p->b.arch.timer_irq, FAKE_TIMER_IRQ);
}

/* --- QEMU's boards --------------------------------------------------------- */

static void board_probe__reads_qemu_virt_with_gicv2(void **state)
{
	struct probe p = probe_file("qemu-gicv2.dtb");

	(void)state;
	assert_qemu_board(&p);
	assert_string_equal(p.b.cmdline, "");
}

static void board_probe__reads_qemu_virt_with_gicv3(void **state)
{
	struct probe p = probe_file("qemu-gicv3.dtb");

	(void)state;
	assert_qemu_board(&p);
	assert_string_equal(p.b.cmdline, "");
}

static void board_probe__reads_the_command_line_qemu_passes(void **state)
{
	struct probe p = probe_file("qemu-cmdline.dtb");
	char v[16];

	(void)state;
	assert_qemu_board(&p);
	assert_string_equal(p.b.cmdline, UNIT_CMDLINE);
	assert_true(board_cmdline_has(&p.b, "mica.poweroff"));
	assert_true(board_cmdline_value(&p.b, "mica.fault", v, sizeof(v)));
	assert_string_equal(v, "check@1");
}

/*
 * The walk gives the arch, for each name it lists, the first node
 * compatible with it and that node's parent, as searches from the root
 * find them: "virtio,mmio" names 32 nodes, "fake,none" none.
 */
static void board_probe__gives_the_arch_the_first_node_of_each_name(void **s)
{
	size_t size;
	uint8_t *blob = unit_load("qemu-gicv3.dtb", &size);
	struct dtb dt;
	struct board b;
	char err[128];

	(void)s;
	assert_true(dtb_init(&dt, blob, size));
	assert_true(board_probe(&dt, &b, err, sizeof(err)));
	for (unsigned i = 0; i < ARCH_BOARD_COMPAT_COUNT; i++) {
		int want = dtb_find_compatible(&dt, -1, arch_board_compat[i]);

		assert_int_equal(fake.board_found[i], want);
		assert_int_equal(fake.board_found_parent[i],
				 want < 0 ? -1 : dtb_parent(&dt, want));
		assert_true(want >= 0 ||
			    strcmp(arch_board_compat[i], "fake,none") == 0);
	}
	free(blob);
}

/* --- our boards -------------------------------------------------------------- */

static void board_probe__ignores_stdout_path_options(void **state)
{
	struct probe p = probe_file("board-ok.dtb");

	(void)state;
	assert_true(p.ok);
	assert_int_equal(pa_addr(p.b.uart.base), 0x09000000);
	assert_int_equal(p.b.cpu_count, 2);
	assert_string_equal(p.b.cmdline, "mica.poweroff mica.fault=check@1");
}

static void board_probe__reads_ram_of_every_memory_node(void **state)
{
	struct probe p = probe_file("board-memory-split.dtb");

	(void)state;
	assert_true(p.ok);
	/* The empty range is skipped; nodes that are not RAM are ignored. */
	assert_int_equal(p.b.ram_count, 2);
	assert_int_equal(pa_addr(p.b.ram[0].base), 0x40000000);
	assert_int_equal(p.b.ram[0].size, MiB(256));
	assert_int_equal(pa_addr(p.b.ram[1].base), UINT64_C(0x100000000));
	assert_int_equal(p.b.ram[1].size, GiB(1));
}

static void board_probe__reads_64_bit_cpu_ids(void **state)
{
	struct probe p = probe_file("board-cpus-2-cells.dtb");

	(void)state;
	assert_true(p.ok);
	assert_int_equal(p.b.cpu_count, 2);
	assert_int_equal(p.b.cpu_hwid[0], 0);
	assert_int_equal(p.b.cpu_hwid[1], UINT64_C(0x100000100));
}

static void board_probe__accepts_exactly_max_cpus(void **state)
{
	struct probe p = probe_file("board-8-cpus.dtb");

	(void)state;
	assert_true(p.ok);
	assert_int_equal(p.b.cpu_count, MICA_MAX_CPUS);
	for (unsigned i = 0; i < MICA_MAX_CPUS; i++) {
		assert_int_equal(p.b.cpu_hwid[i], i);
	}
}

static void
board_probe__gives_an_empty_command_line_without_bootargs(void **state)
{
	struct probe p = probe_file("board-no-bootargs.dtb");

	(void)state;
	assert_true(p.ok);
	assert_string_equal(p.b.cmdline, "");
	assert_false(board_cmdline_has(&p.b, "mica.poweroff"));
}

static void board_probe__cuts_a_long_command_line(void **state)
{
	struct probe p = probe_file("board-long-bootargs.dtb");

	(void)state;
	assert_true(p.ok);
	assert_int_equal(strlen(p.b.cmdline), BOARD_CMDLINE_MAX - 1);
	assert_memory_equal(p.b.cmdline, "word000 word001 ", 16);
	assert_false(board_cmdline_has(&p.b, "mica.end"));
}

static void board_probe__reads_the_uart_interrupt(void **state)
{
	static const struct {
		const char *file;
		uint32_t irq;
	} cases[] = {
		{ "board-uart-irq-spi.dtb", 33 },
		{ "board-uart-irq-spi-last.dtb", 1019 }, /* the first of two */
		{ "board-uart-irq-ppi.dtb", 30 },
	};

	(void)state;
	for (unsigned i = 0; i < ARRAY_SIZE(cases); i++) {
		struct probe p = probe_file(cases[i].file);

		assert_true(p.ok);
		assert_int_equal(p.b.uart_irq, cases[i].irq);
	}
}

static void board_probe__accepts_a_uart_without_a_usable_interrupt(void **state)
{
	static const char *const files[] = {
		"board-ok.dtb", /* no interrupts property */
		"board-uart-irq-spi-too-big.dtb",
		"board-uart-irq-ppi-too-big.dtb",
		"board-uart-irq-bad-type.dtb",
		"board-uart-irq-2-cells.dtb",
	};

	(void)state;
	for (unsigned i = 0; i < ARRAY_SIZE(files); i++) {
		struct probe p = probe_file(files[i]);

		if (!p.ok) {
			fail_msg("%s: %s", files[i], p.err);
		}
		assert_int_equal(pa_addr(p.b.uart.base), 0x09000000);
		assert_int_equal(p.b.uart_irq, 0);
	}
}

/* --- what a device tree can lack ------------------------------------------- */

static void board_probe__fails_without_a_root_node(void **state)
{
	size_t size;
	uint8_t *blob = unit_load("board-ok.dtb", &size);
	uint32_t off = dtb_build_hdr(blob, DTB_H_OFF_STRUCT);
	struct board b;
	struct dtb dt;
	char err[64];

	(void)state;
	unit_put_be32(blob + off, DTB_TOK_END);
	assert_true(dtb_init(&dt, blob, size));
	assert_false(board_probe(&dt, &b, err, sizeof(err)));
	assert_string_equal(err, "device tree has no root node");
	free(blob);
}

static void board_probe__fails_without_usable_memory(void **state)
{
	static const char *const files[] = {
		"board-no-memory.dtb",
		"board-memory-zero.dtb",
		"board-memory-5-ranges.dtb",
	};

	(void)state;
	for (unsigned i = 0; i < ARRAY_SIZE(files); i++) {
		assert_probe_fails(files[i], "no usable /memory node (or more "
					     "than 4 ranges)");
	}
}

static void board_probe__fails_without_cpus(void **state)
{
	(void)state;
	assert_probe_fails("board-no-cpus.dtb", "no /cpus node");
	assert_probe_fails("board-cpus-empty.dtb", "/cpus: no cpu nodes");
}

static void board_probe__fails_on_cpu_ids_it_cannot_read(void **state)
{
	(void)state;
	assert_probe_fails("board-cpus-3-cells.dtb",
			   "/cpus: #address-cells not 1 or 2");
	assert_probe_fails("board-cpu-no-reg.dtb",
			   "/cpus: a cpu has no valid reg");
}

static void board_probe__fails_on_more_cpus_than_max_cpus(void **state)
{
	(void)state;
	assert_probe_fails("board-9-cpus.dtb",
			   "/cpus: more than 8 CPUs (MICA_MAX_CPUS)");
}

static void board_probe__fails_on_two_cpus_with_one_id(void **state)
{
	(void)state;
	assert_probe_fails("board-cpu-duplicate.dtb",
			   "/cpus: two CPUs with the same reg");
}

static void board_probe__fails_without_a_stdout_uart(void **state)
{
	static const char *const files[] = {
		"board-no-chosen.dtb",	      "board-no-stdout.dtb",
		"board-stdout-unknown.dtb",   "board-stdout-no-reg.dtb",
		"board-stdout-zero-size.dtb", "board-stdout-too-long.dtb",
	};

	(void)state;
	for (unsigned i = 0; i < ARRAY_SIZE(files); i++) {
		assert_probe_fails(files[i],
				   "/chosen/stdout-path names no UART "
				   "with a reg");
	}
}

static void board_probe__fails_when_the_arch_refuses_the_board(void **state)
{
	(void)state;
	fake.board_probe_ok = false;
	assert_probe_fails("board-ok.dtb", "interrupt controller, timer or "
					   "firmware not usable");
	assert_int_equal(fake.board_probe_count, 1);
}

static void board_probe__asks_the_arch_only_about_a_sound_board(void **state)
{
	(void)state;
	assert_probe_fails("board-no-cpus.dtb", "no /cpus node");
	assert_probe_fails("board-no-stdout.dtb",
			   "/chosen/stdout-path names no UART with a reg");
	assert_int_equal(fake.board_probe_count, 0);
}

static void board_probe__cuts_its_message_to_the_buffer(void **state)
{
	size_t size;
	uint8_t *blob = unit_load("board-no-cpus.dtb", &size);
	struct board b;
	struct dtb dt;
	char err[8];

	(void)state;
	assert_true(dtb_init(&dt, blob, size));
	assert_false(board_probe(&dt, &b, err, sizeof(err)));
	assert_string_equal(err, "no /cpu");
	/* No room at all is fine too. */
	assert_false(board_probe(&dt, &b, NULL, 0));
	free(blob);
}

/*
 * A small sound board: /chosen (with an rng-seed of n bytes unless n is 0),
 * 512 MiB of memory, a UART and one CPU, whose node, inside /cpus and the
 * root, is left open: the caller adds to it and ends the three nodes, or
 * leaves the tree unterminated.
 */
static void small_board(struct dtb_build *b, const uint8_t *seed, uint32_t n)
{
	static const uint8_t mem_reg[16] = { 0, 0, 0, 0, 0x40, 0, 0, 0,
					     0, 0, 0, 0, 0x20, 0, 0, 0 };
	static const uint8_t uart_reg[16] = { 0, 0, 0, 0, 0x09, 0, 0,	 0,
					      0, 0, 0, 0, 0,	0, 0x10, 0 };

	dtb_build_begin(b, "");
	dtb_build_prop_u32(b, "#address-cells", 2);
	dtb_build_prop_u32(b, "#size-cells", 2);
	dtb_build_begin(b, "chosen");
	dtb_build_prop_str(b, "stdout-path", "/uart@9000000");
	if (n != 0) {
		dtb_build_prop(b, "rng-seed", seed, n);
	}
	dtb_build_end(b);
	dtb_build_begin(b, "memory@40000000");
	dtb_build_prop_str(b, "device_type", "memory");
	dtb_build_prop(b, "reg", mem_reg, sizeof(mem_reg));
	dtb_build_end(b);
	dtb_build_begin(b, "uart@9000000");
	dtb_build_prop(b, "reg", uart_reg, sizeof(uart_reg));
	dtb_build_end(b);
	dtb_build_begin(b, "cpus");
	dtb_build_prop_u32(b, "#address-cells", 1);
	dtb_build_prop_u32(b, "#size-cells", 0);
	dtb_build_begin(b, "cpu@0");
	dtb_build_prop_str(b, "device_type", "cpu");
	dtb_build_prop_u32(b, "reg", 0);
}

/*
 * A blob whose structure block ends the blob, the first cpu's compatible
 * its last bytes, without a NUL: anything reading it as a C string runs off
 * the end. Built by hand, since dtc always terminates both.
 */
static uint8_t *cpu_compatible_at_the_end(size_t *size)
{
	struct dtb_build b = { 0 };

	small_board(&b, NULL, 0);
	dtb_build_prop(&b, "compatible", "arm,cortex-a53!!", 16);
	return dtb_build_finish(&b, true, size);
}

static void board_probe__ignores_an_unterminated_cpu_compatible(void **state)
{
	size_t size;
	uint8_t *blob = cpu_compatible_at_the_end(&size);
	struct board b;
	struct dtb dt;
	char err[64] = "";

	(void)state;
	assert_true(dtb_init(&dt, blob, size));
	assert_true(board_probe(&dt, &b, err, sizeof(err)));
	assert_int_equal(b.cpu_count, 1);
	assert_string_equal(b.cpu_compatible, "");
	free(blob);
}

/* A board whose /chosen has an rng-seed of n bytes (0: none). */
static uint8_t *board_with_seed(const uint8_t *seed, uint32_t n, size_t *size)
{
	struct dtb_build b = { 0 };

	small_board(&b, seed, n);
	dtb_build_end(&b); /* cpu@0 */
	dtb_build_end(&b); /* cpus */
	dtb_build_end(&b); /* the root */
	return dtb_build_finish(&b, false, size);
}

static void probe_seed_of(const uint8_t *seed, uint32_t n)
{
	size_t size;
	uint8_t *blob = board_with_seed(seed, n, &size);
	struct board b;
	struct dtb dt;
	char err[64] = "";

	assert_true(dtb_init(&dt, blob, size));
	assert_true(board_probe(&dt, &b, err, sizeof(err)));
	free(blob);
}

static void board_take_seed__gives_the_boot_loaders_seed_once(void **state)
{
	uint8_t seed[40];
	uint8_t out[SCN_RNG_SEED_SIZE];

	(void)state;
	for (unsigned i = 0; i < sizeof(seed); i++) {
		seed[i] = (uint8_t)(0x80 + i);
	}
	probe_seed_of(seed, sizeof(seed));
	memset(out, 0, sizeof(out));
	assert_true(board_take_seed(out));
	assert_memory_equal(out, seed, SCN_RNG_SEED_SIZE); /* the first 32 */
	/* Never twice: a second partition gets none. */
	memset(out, 0x5a, sizeof(out));
	assert_false(board_take_seed(out));
	for (unsigned i = 0; i < sizeof(out); i++) {
		assert_int_equal(out[i], 0x5a);
	}
}

static void board_take_seed__has_none_without_a_whole_seed(void **state)
{
	uint8_t seed[SCN_RNG_SEED_SIZE] = { 1, 2, 3 };
	uint8_t out[SCN_RNG_SEED_SIZE];

	(void)state;
	probe_seed_of(seed, 0);
	assert_false(board_take_seed(out));
	/* Fewer bytes than a seed: not passed on as one. */
	probe_seed_of(seed, SCN_RNG_SEED_SIZE - 4);
	assert_false(board_take_seed(out));
	probe_seed_of(seed, SCN_RNG_SEED_SIZE);
	assert_true(board_take_seed(out));
}

/* Probes file with every bit flipped in turn. */
static void probe_mutations(const char *file)
{
	size_t size;
	uint8_t *blob = unit_load(file, &size);
	unsigned accepted = 0;

	/* Every bit flipped in turn; each blob in a buffer of its size. */
	for (size_t i = 0; i < size; i++) {
		for (unsigned bit = 0; bit < 8; bit++) {
			struct board b;
			struct dtb dt;
			char err[64];

			blob[i] ^= (uint8_t)(1u << bit);
			if (dtb_init(&dt, blob, size) &&
			    board_probe(&dt, &b, err, sizeof(err))) {
				accepted++;
				assert_true(b.ram_count >= 1 &&
					    b.ram_count <= BOARD_MAX_RAM);
				assert_true(b.cpu_count >= 1 &&
					    b.cpu_count <= MICA_MAX_CPUS);
				assert_true(b.uart.size > 0);
				assert_true(b.uart_irq == 0 ||
					    (b.uart_irq >= 16 &&
					     b.uart_irq <= 1019));
				assert_true(memchr(b.cmdline, '\0',
						   sizeof(b.cmdline)) != NULL);
				assert_true(memchr(b.cpu_compatible, '\0',
						   sizeof(b.cpu_compatible)) !=
					    NULL);
			} else {
				assert_true(memchr(err, '\0', sizeof(err)) !=
					    NULL);
			}
			blob[i] ^= (uint8_t)(1u << bit);
		}
	}
	/* Most bits are in values and names a probe does not check. */
	assert_true(accepted > size * 8 / 4);
	free(blob);
}

static void board_probe__reads_a_mutated_tree_within_bounds(void **state)
{
	(void)state;
	probe_mutations("board-ok.dtb");
	probe_mutations("board-uart-irq-spi.dtb"); /* with interrupts */
}

/* --- the command line ----------------------------------------------------- */

static struct board with_cmdline(const char *s)
{
	struct board b;

	memset(&b, 0, sizeof(b));
	assert_true(strlen(s) < sizeof(b.cmdline));
	strcpy(b.cmdline, s);
	return b;
}

static void board_cmdline_has__finds_whole_words(void **state)
{
	struct board b = with_cmdline("mica.poweroff quiet mica.fault=undef@2");

	(void)state;
	assert_true(board_cmdline_has(&b, "mica.poweroff"));
	assert_true(board_cmdline_has(&b, "quiet"));
	assert_true(board_cmdline_has(&b, "mica.fault=undef@2"));
}

static void board_cmdline_has__does_not_match_part_of_a_word(void **state)
{
	struct board b = with_cmdline("mica.poweroffx xquiet mica.fault=1");

	(void)state;
	assert_false(board_cmdline_has(&b, "mica.poweroff"));
	assert_false(board_cmdline_has(&b, "quiet"));
	assert_false(board_cmdline_has(&b, "mica"));
	assert_false(board_cmdline_has(&b, "mica.poweroffxy"));
	/* key=value is not the bare word key. */
	assert_false(board_cmdline_has(&b, "mica.fault"));
}

static void
board_cmdline_has__finds_a_word_after_its_key_value_form(void **state)
{
	struct board b = with_cmdline("mica.poweroff=no mica.poweroff");

	(void)state;
	assert_true(board_cmdline_has(&b, "mica.poweroff"));
}

static void board_cmdline_has__skips_runs_of_spaces(void **state)
{
	struct board b = with_cmdline("   a    b   ");

	(void)state;
	assert_true(board_cmdline_has(&b, "a"));
	assert_true(board_cmdline_has(&b, "b"));
	assert_false(board_cmdline_has(&b, "c"));
	b = with_cmdline("");
	assert_false(board_cmdline_has(&b, "a"));
}

static void board_cmdline_value__copies_the_value(void **state)
{
	struct board b = with_cmdline("quiet mica.fault=check@1 k=a=b e=");
	char v[32] = "";

	(void)state;
	assert_true(board_cmdline_value(&b, "mica.fault", v, sizeof(v)));
	assert_string_equal(v, "check@1");
	assert_true(board_cmdline_value(&b, "k", v, sizeof(v)));
	assert_string_equal(v, "a=b");
	assert_true(board_cmdline_value(&b, "e", v, sizeof(v)));
	assert_string_equal(v, "");
}

static void board_cmdline_value__cuts_the_value_to_out_size(void **state)
{
	struct board b = with_cmdline("mica.fault=check@1");
	char v[8];

	(void)state;
	memset(v, 'Z', sizeof(v));
	assert_true(board_cmdline_value(&b, "mica.fault", v, 4));
	assert_string_equal(v, "che");
	assert_int_equal(v[4], 'Z');
	assert_true(board_cmdline_value(&b, "mica.fault", v, 1));
	assert_string_equal(v, "");
	memset(v, 'Z', sizeof(v));
	assert_false(board_cmdline_value(&b, "mica.fault", v, 0));
	assert_int_equal(v[0], 'Z');
}

static void board_cmdline_value__is_false_without_key_equals(void **state)
{
	struct board b = with_cmdline("mica.poweroff mica.faultx=1 xk=1");
	char v[8] = "same";

	(void)state;
	assert_false(board_cmdline_value(&b, "mica.poweroff", v, sizeof(v)));
	assert_false(board_cmdline_value(&b, "mica.fault", v, sizeof(v)));
	assert_false(board_cmdline_value(&b, "k", v, sizeof(v)));
	assert_false(board_cmdline_value(&b, "absent", v, sizeof(v)));
	assert_string_equal(v, "same");
}

static void board_cmdline_value__finds_a_key_after_its_bare_word(void **state)
{
	struct board b = with_cmdline("mica.fault mica.fault=dabort@3");
	char v[16] = "";

	(void)state;
	assert_true(board_cmdline_value(&b, "mica.fault", v, sizeof(v)));
	assert_string_equal(v, "dabort@3");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(board_probe__reads_qemu_virt_with_gicv2,
				       unit_setup_fake),
		cmocka_unit_test_setup(board_probe__reads_qemu_virt_with_gicv3,
				       unit_setup_fake),
		cmocka_unit_test_setup(
			board_probe__reads_the_command_line_qemu_passes,
			unit_setup_fake),
		cmocka_unit_test_setup(
			board_probe__gives_the_arch_the_first_node_of_each_name,
			unit_setup_fake),
		cmocka_unit_test_setup(board_probe__ignores_stdout_path_options,
				       unit_setup_fake),
		cmocka_unit_test_setup(
			board_probe__reads_ram_of_every_memory_node,
			unit_setup_fake),
		cmocka_unit_test_setup(board_probe__reads_64_bit_cpu_ids,
				       unit_setup_fake),
		cmocka_unit_test_setup(board_probe__accepts_exactly_max_cpus,
				       unit_setup_fake),
		cmocka_unit_test_setup(
			board_take_seed__gives_the_boot_loaders_seed_once,
			unit_setup_fake),
		cmocka_unit_test_setup(
			board_take_seed__has_none_without_a_whole_seed,
			unit_setup_fake),
		cmocka_unit_test_setup(
			board_probe__gives_an_empty_command_line_without_bootargs,
			unit_setup_fake),
		cmocka_unit_test_setup(board_probe__cuts_a_long_command_line,
				       unit_setup_fake),
		cmocka_unit_test_setup(board_probe__reads_the_uart_interrupt,
				       unit_setup_fake),
		cmocka_unit_test_setup(
			board_probe__accepts_a_uart_without_a_usable_interrupt,
			unit_setup_fake),
		cmocka_unit_test_setup(board_probe__fails_without_a_root_node,
				       unit_setup_fake),
		cmocka_unit_test_setup(board_probe__fails_without_usable_memory,
				       unit_setup_fake),
		cmocka_unit_test_setup(board_probe__fails_without_cpus,
				       unit_setup_fake),
		cmocka_unit_test_setup(
			board_probe__fails_on_cpu_ids_it_cannot_read,
			unit_setup_fake),
		cmocka_unit_test_setup(
			board_probe__fails_on_more_cpus_than_max_cpus,
			unit_setup_fake),
		cmocka_unit_test_setup(
			board_probe__fails_on_two_cpus_with_one_id,
			unit_setup_fake),
		cmocka_unit_test_setup(board_probe__fails_without_a_stdout_uart,
				       unit_setup_fake),
		cmocka_unit_test_setup(
			board_probe__fails_when_the_arch_refuses_the_board,
			unit_setup_fake),
		cmocka_unit_test_setup(
			board_probe__asks_the_arch_only_about_a_sound_board,
			unit_setup_fake),
		cmocka_unit_test_setup(
			board_probe__cuts_its_message_to_the_buffer,
			unit_setup_fake),
		cmocka_unit_test_setup(
			board_probe__ignores_an_unterminated_cpu_compatible,
			unit_setup_fake),
		cmocka_unit_test_setup(
			board_probe__reads_a_mutated_tree_within_bounds,
			unit_setup_fake),
		cmocka_unit_test(board_cmdline_has__finds_whole_words),
		cmocka_unit_test(
			board_cmdline_has__does_not_match_part_of_a_word),
		cmocka_unit_test(
			board_cmdline_has__finds_a_word_after_its_key_value_form),
		cmocka_unit_test(board_cmdline_has__skips_runs_of_spaces),
		cmocka_unit_test(board_cmdline_value__copies_the_value),
		cmocka_unit_test(
			board_cmdline_value__cuts_the_value_to_out_size),
		cmocka_unit_test(
			board_cmdline_value__is_false_without_key_equals),
		cmocka_unit_test(
			board_cmdline_value__finds_a_key_after_its_bare_word),
	};

	return cmocka_run_group_tests_name("board", tests, NULL, NULL);
}
