// SPDX-License-Identifier: Apache-2.0
/*
 * Board discovery from the device tree (see mica/board.h). Reads only the
 * nodes every board has (/memory, /cpus, /chosen and the stdout UART); the
 * architecture reads its own nodes in arch_board_probe().
 */
#include "arch/board.h"
#include "mica/board.h"
#include "mica/fmt.h"
#include "mica/string.h"

static bool fail(char *err, size_t err_size, const char *what)
{
	fmt_snprintf(err, err_size, "%s", what);
	return false;
}

static bool probe_memory(const struct dtb *dt, struct board *b)
{
	int depth = 0;
	uint64_t base;
	uint64_t size;

	b->ram_count = 0;
	for (int n = dtb_root(dt); n >= 0; n = dtb_next_node(dt, n, &depth)) {
		uint32_t len;
		const char *type = dtb_prop(dt, n, "device_type", &len);

		if (depth != 1 || type == NULL || len != 7 ||
		    memcmp(type, "memory", 7) != 0) {
			continue;
		}
		for (unsigned i = 0; dtb_reg(dt, n, i, &base, &size); i++) {
			if (size == 0) {
				continue;
			}
			if (b->ram_count == BOARD_MAX_RAM) {
				return false;
			}
			b->ram[b->ram_count].base = pa_init(base);
			b->ram[b->ram_count].size = size;
			b->ram_count++;
		}
	}
	return b->ram_count > 0;
}

static bool probe_cpus(const struct dtb *dt, struct board *b, char *err,
		       size_t err_size)
{
	int cpus = dtb_path(dt, "/cpus");
	uint32_t ac = 1;

	b->cpu_count = 0;
	if (cpus < 0) {
		return fail(err, err_size, "no /cpus node");
	}
	(void)dtb_prop_u32(dt, cpus, "#address-cells", &ac);
	if (ac < 1 || ac > 2) {
		return fail(err, err_size, "/cpus: #address-cells not 1 or 2");
	}
	for (int n = dtb_first_child(dt, cpus); n >= 0;
	     n = dtb_next_sibling(dt, n)) {
		uint32_t len;
		const char *type = dtb_prop(dt, n, "device_type", &len);
		const void *reg;
		uint64_t hwid;

		if (type == NULL || len != 4 || memcmp(type, "cpu", 4) != 0) {
			continue;
		}
		reg = dtb_prop(dt, n, "reg", &len);
		if (!dtb_cells(reg, len, 0, ac, &hwid)) {
			return fail(err, err_size,
				    "/cpus: a cpu has no valid reg");
		}
		if (b->cpu_count == MICA_MAX_CPUS) {
			fmt_snprintf(err, err_size,
				     "/cpus: more than %d CPUs (MICA_MAX_CPUS)",
				     MICA_MAX_CPUS);
			return false;
		}
		for (unsigned i = 0; i < b->cpu_count; i++) {
			if (b->cpu_hwid[i] == hwid) {
				return fail(err, err_size,
					    "/cpus: two CPUs with the same reg");
			}
		}
		if (b->cpu_count == 0) {
			const char *c = dtb_prop(dt, n, "compatible", &len);

			/* Only if terminated: "%s" must not run past it. */
			if (c != NULL && memchr(c, '\0', len) != NULL) {
				fmt_snprintf(b->cpu_compatible,
					     sizeof(b->cpu_compatible), "%s",
					     c);
			}
		}
		b->cpu_hwid[b->cpu_count++] = hwid;
	}
	return b->cpu_count > 0 || fail(err, err_size, "/cpus: no cpu nodes");
}

static bool probe_uart(const struct dtb *dt, struct board *b)
{
	uint32_t len;
	const char *path =
		dtb_prop(dt, dtb_path(dt, "/chosen"), "stdout-path", &len);
	char buf[64];
	size_t n = 0;
	int uart;

	if (path == NULL || len == 0 || len > sizeof(buf)) {
		return false;
	}
	/* "path:options": the options (baud rate) do not concern mica. */
	while (n < len && path[n] != '\0' && path[n] != ':') {
		buf[n] = path[n];
		n++;
	}
	buf[n < sizeof(buf) ? n : sizeof(buf) - 1] = '\0';
	uart = dtb_path(dt, buf);
	if (uart < 0 ||
	    !dtb_reg(dt, uart, 0, &b->uart.base.pa, &b->uart.size) ||
	    b->uart.size == 0) {
		return false;
	}
	b->uart_irq = arch_board_irq(dt, uart);
	return true;
}

static void probe_cmdline(const struct dtb *dt, struct board *b)
{
	uint32_t len = 0;
	const char *args =
		dtb_prop(dt, dtb_path(dt, "/chosen"), "bootargs", &len);
	size_t n = 0;

	while (args != NULL && n < len && n + 1 < sizeof(b->cmdline) &&
	       args[n] != '\0') {
		b->cmdline[n] = args[n];
		n++;
	}
	b->cmdline[n] = '\0';
}

/* The boot loader's seed, until a partition takes it (board_take_seed()). */
static uint8_t seed[SCN_RNG_SEED_SIZE];
static bool seed_kept;

static void probe_seed(const struct dtb *dt)
{
	uint32_t len = 0;
	const uint8_t *val =
		dtb_prop(dt, dtb_path(dt, "/chosen"), "rng-seed", &len);

	seed_kept = val != NULL && len >= sizeof(seed);
	if (seed_kept) {
		memcpy(seed, val, sizeof(seed));
	}
}

bool board_take_seed(uint8_t out[SCN_RNG_SEED_SIZE])
{
	/* Partitions load on any CPU (a restart): one of them wins it. */
	if (!__atomic_exchange_n(&seed_kept, false, __ATOMIC_ACQ_REL)) {
		return false;
	}
	memcpy(out, seed, sizeof(seed));
	memset(seed, 0, sizeof(seed));
	return true;
}

/* The board mica runs on, once board_probe() has read it. */
static const struct board *the_board;

const struct board *board_get(void)
{
	return the_board;
}

bool board_probe(const struct dtb *dt, struct board *b, char *err,
		 size_t err_size)
{
	memset(b, 0, sizeof(*b));
	if (dtb_root(dt) < 0) {
		return fail(err, err_size, "device tree has no root node");
	}
	if (!probe_memory(dt, b)) {
		return fail(err, err_size,
			    "no usable /memory node (or more than 4 ranges)");
	}
	if (!probe_cpus(dt, b, err, err_size)) {
		return false;
	}
	if (!probe_uart(dt, b)) {
		return fail(err, err_size,
			    "/chosen/stdout-path names no UART with a reg");
	}
	probe_cmdline(dt, b);
	probe_seed(dt);
	if (!arch_board_probe(dt, b)) {
		return fail(
			err, err_size,
			"interrupt controller, timer or firmware not usable");
	}
	the_board = b;
	return true;
}

/*
 * Finds the first word of the command line that is w itself, or with
 * with_value, w followed by '='; NULL if there is none.
 */
static const char *find_word(const char *s, const char *w, size_t wl,
			     bool with_value)
{
	/* Bounded by the command line's length, one word per iteration. */
	while (*s != '\0') {
		size_t n = 0;

		while (*s == ' ') {
			s++;
		}
		while (s[n] != '\0' && s[n] != ' ') {
			n++;
		}
		if (n >= wl && strncmp(s, w, wl) == 0 &&
		    (with_value ? n > wl && s[wl] == '=' : n == wl)) {
			return s;
		}
		s += n;
	}
	return NULL;
}

bool board_cmdline_has(const struct board *b, const char *w)
{
	return find_word(b->cmdline, w, strlen(w), false) != NULL;
}

bool board_cmdline_value(const struct board *b, const char *key, char *out,
			 size_t out_size)
{
	size_t kl = strlen(key);
	const char *s = find_word(b->cmdline, key, kl, true);
	size_t n = 0;

	if (s == NULL || out_size == 0) {
		return false;
	}
	s += kl + 1;
	while (s[n] != '\0' && s[n] != ' ' && n + 1 < out_size) {
		out[n] = s[n];
		n++;
	}
	out[n] = '\0';
	return true;
}
