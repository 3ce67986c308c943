// SPDX-License-Identifier: Apache-2.0
/*
 * Board discovery from the device tree (see mica/board.h), in one walk
 * through it: the nodes every board has (/memory, /cpus, /chosen), and the
 * first node compatible with each string the architecture names
 * (arch_board_compat[]), which it reads in arch_board_probe(). The stdout
 * UART, which /chosen names by path (QEMU puts /chosen last), is found by
 * that path after the walk.
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

/*
 * What board_probe()'s one walk through the tree keeps: the nodes on the
 * way to the node whose properties it reads, two of those properties, and
 * what it found. A node's properties come before its children, so it is
 * complete when its first child or its end comes (take_node()).
 */
struct probe {
	const struct dtb *dt;
	struct board *b;
	char *err;
	size_t err_size;
	int at[DTB_MAX_DEPTH]; /* the node at each depth, down to this one */
	const char *name;      /* its name */
	const char *type;      /* its device_type (type_len bytes) or NULL */
	uint32_t type_len;
	const char *compat; /* its compatible (compat_len bytes) or NULL */
	uint32_t compat_len;
	int cpus; /* /cpus, once met, and its #address-cells */
	uint32_t cpu_cells;
	int chosen;	 /* /chosen, once met */
	bool ram_over;	 /* more RAM ranges than BOARD_MAX_RAM */
	bool cpu_failed; /* err says what is wrong with /cpus */
	struct board_node found[ARCH_BOARD_COMPAT_COUNT];
};

_Static_assert(ARCH_BOARD_COMPAT_COUNT <= 32,
	       "dtb_strlist_match() answers for 32 strings at most");

/* Whether node name is want, with or without a unit address. */
static bool named(const char *name, const char *want)
{
	size_t n = strlen(want);

	return name != NULL && strncmp(name, want, n) == 0 &&
	       (name[n] == '\0' || name[n] == '@');
}

static bool type_is(const struct probe *p, const char *t)
{
	size_t n = strlen(t) + 1;

	return p->type != NULL && p->type_len == n &&
	       memcmp(p->type, t, n) == 0;
}

static void cpu_fail(struct probe *p, const char *what)
{
	(void)fail(p->err, p->err_size, what);
	p->cpu_failed = true;
}

/* Every range of a /memory node's reg. */
static void take_memory(struct probe *p, int node, int parent)
{
	struct board *b = p->b;
	uint64_t base;
	uint64_t size;

	/* Bounded by dtb_reg_in(), which refuses indexes over 64. */
	for (unsigned i = 0; dtb_reg_in(p->dt, parent, node, i, &base, &size);
	     i++) {
		if (size == 0) {
			continue;
		}
		if (b->ram_count == BOARD_MAX_RAM) {
			p->ram_over = true;
			return;
		}
		b->ram[b->ram_count].base = pa_init(base);
		b->ram[b->ram_count].size = size;
		b->ram_count++;
	}
}

/* A cpu node under /cpus; the first error is the one reported. */
static void take_cpu(struct probe *p, int node)
{
	struct board *b = p->b;
	uint32_t len = 0;
	const void *reg = dtb_prop(p->dt, node, "reg", &len);
	uint64_t hwid;

	if (p->cpu_failed) {
		return;
	}
	if (!dtb_cells(reg, len, 0, p->cpu_cells, &hwid)) {
		cpu_fail(p, "/cpus: a cpu has no valid reg");
		return;
	}
	if (b->cpu_count == MICA_MAX_CPUS) {
		fmt_snprintf(p->err, p->err_size,
			     "/cpus: more than %d CPUs (MICA_MAX_CPUS)",
			     MICA_MAX_CPUS);
		p->cpu_failed = true;
		return;
	}
	for (unsigned i = 0; i < b->cpu_count; i++) {
		if (b->cpu_hwid[i] == hwid) {
			cpu_fail(p, "/cpus: two CPUs with the same reg");
			return;
		}
	}
	/* Only if terminated: "%s" must not run past it. */
	if (b->cpu_count == 0 && p->compat != NULL &&
	    memchr(p->compat, '\0', p->compat_len) != NULL) {
		fmt_snprintf(b->cpu_compatible, sizeof(b->cpu_compatible), "%s",
			     p->compat);
	}
	b->cpu_hwid[b->cpu_count++] = hwid;
}

/* The node at depth, its properties read: what the board takes from it. */
static void take_node(struct probe *p, int depth)
{
	int node = p->at[depth];
	int parent = depth > 0 ? p->at[depth - 1] : -1;
	const char *name = depth == 1 ? p->name : NULL;
	uint32_t match;

	if (depth == 1 && type_is(p, "memory")) {
		take_memory(p, node, parent);
	}
	if (p->cpus < 0 && named(name, "cpus")) {
		p->cpus = node;
		p->cpu_cells = 1;
		(void)dtb_prop_u32(p->dt, node, "#address-cells",
				   &p->cpu_cells);
		if (p->cpu_cells < 1 || p->cpu_cells > 2) {
			cpu_fail(p, "/cpus: #address-cells not 1 or 2");
		}
	}
	if (p->chosen < 0 && named(name, "chosen")) {
		p->chosen = node;
	}
	if (depth == 2 && parent == p->cpus && type_is(p, "cpu")) {
		take_cpu(p, node);
	}
	match = dtb_strlist_match(p->compat, p->compat_len, arch_board_compat,
				  ARCH_BOARD_COMPAT_COUNT);
	for (unsigned i = 0; match != 0 && i < ARCH_BOARD_COMPAT_COUNT; i++) {
		if ((match & (UINT32_C(1) << i)) != 0 && p->found[i].node < 0) {
			p->found[i] = (struct board_node){ node, parent };
		}
	}
}

/* The whole tree, once. Bounded by the walk's. */
static void walk(struct probe *p)
{
	struct dtb_walk w;
	int pending = -1; /* depth of the node whose properties are read */

	dtb_walk_init(&w, 0);
	for (;;) {
		enum dtb_walk_item item = dtb_walk_next(p->dt, &w);

		if (item == DTB_WALK_PROP) {
			if (dtb_walk_prop_is(p->dt, &w, "device_type")) {
				p->type = w.val;
				p->type_len = w.len;
			} else if (dtb_walk_prop_is(p->dt, &w, "compatible")) {
				p->compat = w.val;
				p->compat_len = w.len;
			}
			continue;
		}
		/* Its first child or its end: the pending node is complete. */
		if (pending >= 0) {
			take_node(p, pending);
			pending = -1;
		}
		if (item == DTB_WALK_END_NODE) {
			continue;
		}
		if (item != DTB_WALK_NODE) {
			return;
		}
		if (w.depth >= DTB_MAX_DEPTH) {
			continue; /* nothing mica reads is that deep */
		}
		p->at[w.depth] = w.node;
		p->name = w.name;
		p->type = NULL;
		p->compat = NULL;
		pending = w.depth;
	}
}

static bool probe_uart(const struct dtb *dt, struct board *b, int chosen)
{
	uint32_t len;
	const char *path = dtb_prop(dt, chosen, "stdout-path", &len);
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
	n = n < sizeof(buf) ? n : sizeof(buf) - 1;
	buf[n] = '\0';
	uart = dtb_path(dt, buf);
	/* Its parent's path: up to its last component (QEMU's: the root). */
	while (n > 1 && buf[n - 1] == '/') {
		n--;
	}
	while (n > 1 && buf[n - 1] != '/') {
		n--;
	}
	buf[n] = '\0';
	if (uart < 0 ||
	    !dtb_reg_in(dt, dtb_path(dt, buf), uart, 0, &b->uart.base.pa,
			&b->uart.size) ||
	    b->uart.size == 0) {
		return false;
	}
	b->uart_irq = arch_board_irq(dt, uart);
	return true;
}

static void probe_cmdline(const struct dtb *dt, struct board *b, int chosen)
{
	uint32_t len = 0;
	const char *args = dtb_prop(dt, chosen, "bootargs", &len);
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

static void probe_seed(const struct dtb *dt, int chosen)
{
	uint32_t len = 0;
	const uint8_t *val = dtb_prop(dt, chosen, "rng-seed", &len);

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
	struct probe p = {
		.dt = dt,
		.b = b,
		.err = err,
		.err_size = err_size,
		.cpus = -1,
		.chosen = -1,
	};

	memset(b, 0, sizeof(*b));
	if (dtb_root(dt) < 0) {
		return fail(err, err_size, "device tree has no root node");
	}
	for (unsigned i = 0; i < ARCH_BOARD_COMPAT_COUNT; i++) {
		p.found[i] = (struct board_node){ -1, -1 };
	}
	walk(&p);
	if (p.ram_over || b->ram_count == 0) {
		return fail(err, err_size,
			    "no usable /memory node (or more than 4 ranges)");
	}
	if (p.cpu_failed) {
		return false;
	}
	if (p.cpus < 0) {
		return fail(err, err_size, "no /cpus node");
	}
	if (b->cpu_count == 0) {
		return fail(err, err_size, "/cpus: no cpu nodes");
	}
	if (!probe_uart(dt, b, p.chosen)) {
		return fail(err, err_size,
			    "/chosen/stdout-path names no UART with a reg");
	}
	probe_cmdline(dt, b, p.chosen);
	probe_seed(dt, p.chosen);
	if (!arch_board_probe(dt, b, p.found)) {
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
