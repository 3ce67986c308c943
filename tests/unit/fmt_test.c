// SPDX-License-Identifier: Apache-2.0
/*
 * fmt_snprintf(), the console's formatter: each conversion, flag, width and
 * length modifier it supports, compared with the host C library where C
 * defines the result; what it does with formats C leaves undefined; and
 * truncation, which must keep the buffer NUL-terminated and report the full
 * length.
 */
#include <limits.h>

#include "mica/fmt.h"
#include "unit.h"

/* fmt_vsnprintf() without the compiler's format check, for bad formats. */
static size_t fmt_unchecked(char *buf, size_t size, const char *f, ...)
{
	va_list ap;
	size_t n;

	va_start(ap, f);
	n = fmt_vsnprintf(buf, size, f, ap);
	va_end(ap);
	return n;
}

/* fmt_snprintf() and the host's snprintf() agree on text and length. */
#define ASSERT_LIKE_LIBC(f, v)                                        \
	do {                                                          \
		char mine_[160];                                      \
		char libc_[160];                                      \
		size_t n_ = fmt_snprintf(mine_, sizeof(mine_), f, v); \
		int m_ = snprintf(libc_, sizeof(libc_), f, v);        \
		assert_string_equal(mine_, libc_);                    \
		assert_int_equal(n_, (size_t)m_);                     \
	} while (0)

static void fmt_snprintf__formats_decimal_like_c(void **state)
{
	(void)state;
	ASSERT_LIKE_LIBC("%d", 0);
	ASSERT_LIKE_LIBC("%d", 42);
	ASSERT_LIKE_LIBC("%d", -42);
	ASSERT_LIKE_LIBC("%i", -7);
	ASSERT_LIKE_LIBC("%d", INT_MAX);
	ASSERT_LIKE_LIBC("%d", INT_MIN);
	ASSERT_LIKE_LIBC("%u", 0u);
	ASSERT_LIKE_LIBC("%u", UINT_MAX);
}

static void fmt_snprintf__formats_hex_like_c(void **state)
{
	(void)state;
	ASSERT_LIKE_LIBC("%x", 0u);
	ASSERT_LIKE_LIBC("%x", 0xdeadbeefu);
	ASSERT_LIKE_LIBC("%X", 0xdeadbeefu);
	ASSERT_LIKE_LIBC("%08x", 0xbeefu);
	ASSERT_LIKE_LIBC("%lx", 0x123456789abcdef0ul);
	ASSERT_LIKE_LIBC("%llX", 0xfedcba9876543210ull);
}

static void fmt_snprintf__length_modifiers_read_64_bit_arguments(void **state)
{
	(void)state;
	ASSERT_LIKE_LIBC("%ld", LONG_MAX);
	ASSERT_LIKE_LIBC("%ld", LONG_MIN);
	ASSERT_LIKE_LIBC("%lu", ULONG_MAX);
	ASSERT_LIKE_LIBC("%lld", LLONG_MAX);
	ASSERT_LIKE_LIBC("%lli", LLONG_MIN);
	ASSERT_LIKE_LIBC("%llu", ULLONG_MAX);
	ASSERT_LIKE_LIBC("%zu", SIZE_MAX);
	ASSERT_LIKE_LIBC("%zx", (size_t)0xabcdef012345ull);
	ASSERT_LIKE_LIBC("%zd", (size_t)12345);
}

static void fmt_snprintf__formats_int64_min_without_overflow(void **state)
{
	char buf[32];

	(void)state;
	assert_int_equal(fmt_snprintf(buf, sizeof(buf), "%lld",
				      (long long)INT64_MIN),
			 20);
	assert_string_equal(buf, "-9223372036854775808");
	fmt_snprintf(buf, sizeof(buf), "%ld", (long)INT64_MIN);
	assert_string_equal(buf, "-9223372036854775808");
	fmt_snprintf(buf, sizeof(buf), "%025ld", (long)INT64_MIN);
	assert_string_equal(buf, "-000009223372036854775808");
}

static void fmt_snprintf__width_right_aligns_with_spaces(void **state)
{
	(void)state;
	ASSERT_LIKE_LIBC("[%5d]", 42);
	ASSERT_LIKE_LIBC("[%5d]", -42);
	ASSERT_LIKE_LIBC("[%6s]", "abc");
	ASSERT_LIKE_LIBC("[%3c]", 'x');
	ASSERT_LIKE_LIBC("[%10lu]", 123456ul);
}

static void fmt_snprintf__minus_flag_left_aligns_with_spaces(void **state)
{
	(void)state;
	ASSERT_LIKE_LIBC("[%-5d]", 42);
	ASSERT_LIKE_LIBC("[%-5d]", -42);
	ASSERT_LIKE_LIBC("[%-6s]", "abc");
	ASSERT_LIKE_LIBC("[%-3c]", 'x');
	ASSERT_LIKE_LIBC("[%-8x]", 0xabcu);
}

static void fmt_snprintf__minus_flag_wins_over_zero_flag(void **state)
{
	char buf[16];

	(void)state;
	/* C calls '0' with '-' ignored; gcc warns, so no libc comparison. */
	fmt_unchecked(buf, sizeof(buf), "[%-05d]", 42);
	assert_string_equal(buf, "[42   ]");
	fmt_unchecked(buf, sizeof(buf), "[%0-5d]", -4);
	assert_string_equal(buf, "[-4   ]");
}

static void fmt_snprintf__zero_flag_pads_with_zeros_after_the_sign(void **state)
{
	(void)state;
	ASSERT_LIKE_LIBC("[%05d]", 42);
	ASSERT_LIKE_LIBC("[%05d]", -42);
	ASSERT_LIKE_LIBC("[%02d]", -42);
	ASSERT_LIKE_LIBC("[%016lx]", 0x1234ul);
	ASSERT_LIKE_LIBC("[%03u]", 7u);
}

static void fmt_snprintf__width_never_cuts_a_value(void **state)
{
	(void)state;
	ASSERT_LIKE_LIBC("[%2d]", 12345);
	ASSERT_LIKE_LIBC("[%1s]", "longer");
	ASSERT_LIKE_LIBC("[%03d]", -12345);
}

static void fmt_snprintf__width_is_capped_at_64(void **state)
{
	char buf[128];
	char want[128];

	(void)state;
	memset(want, ' ', 63);
	want[63] = '7';
	want[64] = '\0';
	assert_int_equal(fmt_snprintf(buf, sizeof(buf), "%100d", 7), 64);
	assert_string_equal(buf, want);
	/* A width too large for any integer neither wraps nor overflows. */
	assert_int_equal(fmt_unchecked(buf, sizeof(buf),
				       "%99999999999999999999d", 7),
			 64);
	assert_string_equal(buf, want);
}

static void fmt_snprintf__formats_strings_and_characters(void **state)
{
	char buf[32];

	(void)state;
	ASSERT_LIKE_LIBC("%s", "");
	ASSERT_LIKE_LIBC("<%s>", "mica");
	ASSERT_LIKE_LIBC("%c", 'A');
	fmt_snprintf(buf, sizeof(buf), "%s=%c%d", "x", 'y', 3);
	assert_string_equal(buf, "x=y3");
}

static void fmt_snprintf__null_string_prints_null(void **state)
{
	char buf[32];

	(void)state;
	assert_int_equal(fmt_unchecked(buf, sizeof(buf), "[%s]", NULL), 8);
	assert_string_equal(buf, "[(null)]");
	fmt_unchecked(buf, sizeof(buf), "[%-8s]", NULL);
	assert_string_equal(buf, "[(null)  ]");
}

static void fmt_snprintf__formats_pointers_as_0x_hex(void **state)
{
	char buf[32];

	(void)state;
	fmt_snprintf(buf, sizeof(buf), "%p", (void *)(uintptr_t)0xabc123);
	assert_string_equal(buf, "0xabc123");
	fmt_snprintf(buf, sizeof(buf), "%p", (void *)0);
	assert_string_equal(buf, "0x0");
}

static void fmt_snprintf__percent_percent_prints_one_percent(void **state)
{
	char buf[32];

	(void)state;
	assert_int_equal(fmt_snprintf(buf, sizeof(buf), "100%% of %d", 4), 9);
	assert_string_equal(buf, "100% of 4");
}

static void fmt_snprintf__prints_unknown_conversions_as_is(void **state)
{
	char buf[32];

	(void)state;
	assert_int_equal(fmt_unchecked(buf, sizeof(buf), "a%qb%d", 5), 5);
	assert_string_equal(buf, "a%qb5");
	/* A third 'l' is not a length modifier: it is the unknown conversion. */
	fmt_unchecked(buf, sizeof(buf), "%llld|%d", 9);
	assert_string_equal(buf, "%ld|9");
	fmt_unchecked(buf, sizeof(buf), "%5y");
	assert_string_equal(buf, "%y");
}

static void fmt_snprintf__trailing_lone_percent_is_printed(void **state)
{
	char buf[32];

	(void)state;
	assert_int_equal(fmt_unchecked(buf, sizeof(buf), "50%"), 3);
	assert_string_equal(buf, "50%");
	fmt_unchecked(buf, sizeof(buf), "x%-");
	assert_string_equal(buf, "x%");
	fmt_unchecked(buf, sizeof(buf), "x%05");
	assert_string_equal(buf, "x%");
	fmt_unchecked(buf, sizeof(buf), "x%ll");
	assert_string_equal(buf, "x%");
	fmt_unchecked(buf, sizeof(buf), "%");
	assert_string_equal(buf, "%");
}

static void fmt_snprintf__truncates_and_returns_the_full_length(void **state)
{
	char buf[8];

	(void)state;
	memset(buf, 'Z', sizeof(buf));
	assert_int_equal(fmt_snprintf(buf, sizeof(buf), "hello %s", "world"),
			 11);
	assert_string_equal(buf, "hello w");
	/* Numbers and padding are counted whole, written in part. */
	memset(buf, 'Z', sizeof(buf));
	assert_int_equal(fmt_snprintf(buf, sizeof(buf), "%d-%10d", -123, 4),
			 15);
	assert_string_equal(buf, "-123-  ");
}

static void fmt_snprintf__fills_an_exact_fit_and_cuts_one_more(void **state)
{
	char buf[4];

	(void)state;
	assert_int_equal(fmt_snprintf(buf, 4, "%s", "abc"), 3);
	assert_string_equal(buf, "abc");
	assert_int_equal(fmt_snprintf(buf, 3, "%s", "abc"), 3);
	assert_string_equal(buf, "ab");
	assert_int_equal(fmt_snprintf(buf, 1, "%d", 12345), 5);
	assert_string_equal(buf, "");
}

static void fmt_snprintf__size_zero_writes_nothing(void **state)
{
	char buf[4] = { 'Z', 'Z', 'Z', 'Z' };

	(void)state;
	assert_int_equal(fmt_snprintf(buf, 0, "%s %d", "abc", 42), 6);
	assert_memory_equal(buf, "ZZZZ", 4);
	assert_int_equal(fmt_snprintf(NULL, 0, "%lu", 1234567ul), 7);
}

static void fmt_snprintf__empty_format_gives_empty_string(void **state)
{
	char buf[4] = { 'Z', 'Z', 'Z', 'Z' };

	(void)state;
	assert_int_equal(fmt_unchecked(buf, sizeof(buf), ""), 0);
	assert_string_equal(buf, "");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(fmt_snprintf__formats_decimal_like_c),
		cmocka_unit_test(fmt_snprintf__formats_hex_like_c),
		cmocka_unit_test(
			fmt_snprintf__length_modifiers_read_64_bit_arguments),
		cmocka_unit_test(
			fmt_snprintf__formats_int64_min_without_overflow),
		cmocka_unit_test(fmt_snprintf__width_right_aligns_with_spaces),
		cmocka_unit_test(
			fmt_snprintf__minus_flag_left_aligns_with_spaces),
		cmocka_unit_test(fmt_snprintf__minus_flag_wins_over_zero_flag),
		cmocka_unit_test(
			fmt_snprintf__zero_flag_pads_with_zeros_after_the_sign),
		cmocka_unit_test(fmt_snprintf__width_never_cuts_a_value),
		cmocka_unit_test(fmt_snprintf__width_is_capped_at_64),
		cmocka_unit_test(fmt_snprintf__formats_strings_and_characters),
		cmocka_unit_test(fmt_snprintf__null_string_prints_null),
		cmocka_unit_test(fmt_snprintf__formats_pointers_as_0x_hex),
		cmocka_unit_test(
			fmt_snprintf__percent_percent_prints_one_percent),
		cmocka_unit_test(
			fmt_snprintf__prints_unknown_conversions_as_is),
		cmocka_unit_test(
			fmt_snprintf__trailing_lone_percent_is_printed),
		cmocka_unit_test(
			fmt_snprintf__truncates_and_returns_the_full_length),
		cmocka_unit_test(
			fmt_snprintf__fills_an_exact_fit_and_cuts_one_more),
		cmocka_unit_test(fmt_snprintf__size_zero_writes_nothing),
		cmocka_unit_test(fmt_snprintf__empty_format_gives_empty_string),
	};

	return cmocka_run_group_tests_name("fmt", tests, NULL, NULL);
}
