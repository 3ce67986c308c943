// SPDX-License-Identifier: Apache-2.0
/*
 * The boot banner (mica/banner.h): the exact lines a person reads at boot
 * for a QEMU-like board, how they change with the board (CPUs not online,
 * several RAM ranges, other timer frequencies, region notes), cutting at
 * every buffer size, and the tick-to-microsecond conversion, exact and free
 * of overflow for any counter value.
 */
#include "mica/banner.h"
#include "unit.h"

#define HZ UINT64_C(62500000)

struct fixture {
	struct board board;
	struct banner_region regions[2];
	struct banner_cpu cpus[4];
	struct banner_info bi;
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));

	assert_non_null(f);
	f->board.ram[0].base = pa_init(0x40000000);
	f->board.ram[0].size = MiB(512);
	f->board.ram_count = 1;
	f->board.cpu_count = 4;
	for (unsigned i = 0; i < 4; i++) {
		f->board.cpu_hwid[i] = i;
		f->cpus[i] = (struct banner_cpu){ .hwid = i,
						  .online = i < 3,
						  .ticks = i < 3 ? 12 - i : 0 };
	}
	f->regions[0] = (struct banner_region){ "text", 0x40200000, 0x40208000,
						"r-x", NULL };
	f->regions[1] = (struct banner_region){
		"stacks", 0x40210000, 0x40238000, "rw-",
		"16 KiB per CPU, guard page below each"
	};
	f->bi = (struct banner_info){
		.version = "0.1.0 (test)",
		.cpu_model = "Arm Cortex-A53 r0p4",
		.irqchip = "GICv3",
		.timer_hz = HZ,
		.regions = f->regions,
		.region_count = 2,
		.hyp_base = 0x40200000,
		.hyp_size = MiB(4),
		.board = &f->board,
		.cpus = f->cpus,
		.entry_count = 3 * HZ / 1000, /* 3 ms after reset */
		.ready_count = 3 * HZ / 1000 + 1234567,
	};
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	free(*state);
	return 0;
}

static const char banner_qemu[] =
	"mica 0.1.0 (test): tiny real-time hypervisor, running at EL2\n"
	"cpus: 4 x Arm Cortex-A53 r0p4, GICv3, timer 62.500 MHz\n"
	"hypervisor memory: 4096 KiB at 0x40200000\n"
	"  text    0x40200000-0x40207fff     32 KiB  r-x\n"
	"  stacks  0x40210000-0x40237fff    160 KiB  rw-  16 KiB per CPU, "
	"guard page below each\n"
	"ram: 0x40000000-0x5fffffff (512 MiB)\n"
	"ram for partitions: 508 MiB\n"
	"cpu 0: hwid 0x0, online, 12 timer interrupts\n"
	"cpu 1: hwid 0x1, online, 11 timer interrupts\n"
	"cpu 2: hwid 0x2, online, 10 timer interrupts\n"
	"cpu 3: hwid 0x3, NOT online, 0 timer interrupts\n"
	"boot: 19753 us (1234567 counter ticks) from entry to all CPUs online; "
	"entry at 3000 us after reset\n";

/* banner_format() into a static buffer that holds it whole. */
static char *format(const struct banner_info *bi, size_t *len)
{
	static char buf[4096];

	*len = banner_format(buf, sizeof(buf), bi);
	assert_true(*len < sizeof(buf));
	return buf;
}

/* Whether text holds line as one whole line. */
static bool has_line(const char *text, const char *line)
{
	size_t n = strlen(line);

	for (const char *p = strstr(text, line); p != NULL;
	     p = strstr(p + 1, line)) {
		if ((p == text || p[-1] == '\n') && p[n] == '\n') {
			return true;
		}
	}
	return false;
}

static void banner_format__prints_every_line_of_a_qemu_boot(void **state)
{
	struct fixture *f = *state;
	size_t len;
	const char *text = format(&f->bi, &len);

	assert_string_equal(text, banner_qemu);
	assert_int_equal(len, strlen(banner_qemu));
}

static void banner_format__prints_a_line_per_ram_range(void **state)
{
	struct fixture *f = *state;
	size_t len;
	const char *text;

	f->board.ram[1].base = pa_init(UINT64_C(0x100000000));
	f->board.ram[1].size = GiB(2);
	f->board.ram_count = 2;
	text = format(&f->bi, &len);
	assert_true(has_line(text, "ram: 0x40000000-0x5fffffff (512 MiB)"));
	assert_true(has_line(text, "ram: 0x100000000-0x17fffffff (2048 MiB)"));
	assert_true(has_line(text, "ram for partitions: 2556 MiB"));
}

static void banner_format__prints_the_timer_in_mhz_to_the_khz(void **state)
{
	static const struct {
		uint64_t hz;
		const char *want;
	} cases[] = {
		{ UINT64_C(24000000), "timer 24.000 MHz" },
		{ UINT64_C(19200000), "timer 19.200 MHz" },
		{ UINT64_C(1000000000), "timer 1000.000 MHz" },
		{ UINT64_C(62500999), "timer 62.500 MHz" },
		{ UINT64_C(999), "timer 0.000 MHz" },
	};
	struct fixture *f = *state;

	for (unsigned i = 0; i < ARRAY_SIZE(cases); i++) {
		char line[80];
		size_t len;

		f->bi.timer_hz = cases[i].hz;
		snprintf(line, sizeof(line),
			 "cpus: 4 x Arm Cortex-A53 r0p4, "
			 "GICv3, %s",
			 cases[i].want);
		assert_true(has_line(format(&f->bi, &len), line));
	}
}

static void banner_format__marks_cpus_that_did_not_come_up(void **state)
{
	struct fixture *f = *state;
	size_t len;
	const char *text;

	f->cpus[0].online = false;
	f->cpus[2].hwid = 0x80000102;
	text = format(&f->bi, &len);
	assert_true(has_line(text, "cpu 0: hwid 0x0, NOT online, 12 timer "
				   "interrupts"));
	assert_true(has_line(text, "cpu 2: hwid 0x80000102, online, 10 timer "
				   "interrupts"));
}

static void banner_format__prints_a_region_without_a_note_bare(void **state)
{
	struct fixture *f = *state;
	size_t len;
	const char *text;

	f->regions[1].note = NULL;
	f->regions[1].name = "verylongname";
	text = format(&f->bi, &len);
	assert_true(has_line(text, "  verylongname 0x40210000-0x40237fff    "
				   "160 KiB  rw-"));
	f->bi.region_count = 0;
	text = format(&f->bi, &len);
	assert_null(strstr(text, "0x40207fff"));
}

static void banner_format__cuts_at_every_size_and_says_so(void **state)
{
	struct fixture *f = *state;
	size_t full = strlen(banner_qemu);

	for (size_t size = 0; size <= full + 1; size++) {
		char *buf = malloc(size > 0 ? size : 1);
		size_t len;

		assert_non_null(buf);
		len = banner_format(size > 0 ? buf : NULL, size, &f->bi);
		assert_int_equal(len, full);
		if (size > 0) {
			size_t kept = size - 1 < full ? size - 1 : full;

			assert_int_equal(strlen(buf), kept);
			assert_memory_equal(buf, banner_qemu, kept);
		}
		free(buf);
	}
}

/* floor(ticks * 10^6 / hz), in 128 bits. */
static uint64_t us_wide(uint64_t ticks, uint64_t hz)
{
	return (uint64_t)((unsigned __int128)ticks * 1000000u / hz);
}

static void banner_ticks_to_us__is_exact(void **state)
{
	static const uint64_t hzs[] = { 1000000,  19200000,  24000000,
					62500000, 100000000, 1000000000,
					999999937 };
	static const uint64_t ticks[] = { 0,
					  1,
					  61,
					  62,
					  63,
					  62499,
					  62500,
					  62501,
					  1234567,
					  UINT64_C(1) << 40,
					  UINT64_C(0xdeadbeefcafe) };

	(void)state;
	for (unsigned h = 0; h < ARRAY_SIZE(hzs); h++) {
		for (unsigned t = 0; t < ARRAY_SIZE(ticks); t++) {
			assert_int_equal(banner_ticks_to_us(ticks[t], hzs[h]),
					 us_wide(ticks[t], hzs[h]));
		}
	}
	assert_int_equal(banner_ticks_to_us(62500, HZ), 1000);
	assert_int_equal(banner_ticks_to_us(62562, HZ), 1000);
	assert_int_equal(banner_ticks_to_us(62563, HZ), 1001);
}

static void banner_ticks_to_us__does_not_overflow_on_huge_counts(void **state)
{
	static const uint64_t hzs[] = { 1000000, 24000000, 62500000,
					1000000000 };

	(void)state;
	/* ticks * 10^6 would overflow 64 bits from ticks >= 2^44. */
	for (unsigned h = 0; h < ARRAY_SIZE(hzs); h++) {
		for (uint64_t t = UINT64_MAX; t > UINT64_MAX / 2;
		     t -= UINT64_MAX / 7) {
			assert_int_equal(banner_ticks_to_us(t, hzs[h]),
					 us_wide(t, hzs[h]));
		}
	}
	assert_int_equal(banner_ticks_to_us(UINT64_MAX, HZ),
			 UINT64_C(295147905179352825));
}

static void banner_ticks_to_us__is_zero_without_a_frequency(void **state)
{
	(void)state;
	assert_int_equal(banner_ticks_to_us(12345, 0), 0);
	assert_int_equal(banner_ticks_to_us(UINT64_MAX, 0), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(
			banner_format__prints_every_line_of_a_qemu_boot, setup,
			teardown),
		cmocka_unit_test_setup_teardown(
			banner_format__prints_a_line_per_ram_range, setup,
			teardown),
		cmocka_unit_test_setup_teardown(
			banner_format__prints_the_timer_in_mhz_to_the_khz,
			setup, teardown),
		cmocka_unit_test_setup_teardown(
			banner_format__marks_cpus_that_did_not_come_up, setup,
			teardown),
		cmocka_unit_test_setup_teardown(
			banner_format__prints_a_region_without_a_note_bare,
			setup, teardown),
		cmocka_unit_test_setup_teardown(
			banner_format__cuts_at_every_size_and_says_so, setup,
			teardown),
		cmocka_unit_test(banner_ticks_to_us__is_exact),
		cmocka_unit_test(
			banner_ticks_to_us__does_not_overflow_on_huge_counts),
		cmocka_unit_test(
			banner_ticks_to_us__is_zero_without_a_frequency),
	};

	return cmocka_run_group_tests_name("banner", tests, NULL, NULL);
}
