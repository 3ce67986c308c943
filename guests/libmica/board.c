// SPDX-License-Identifier: Apache-2.0
/*
 * The partition's device addresses (libmica/board.h): QEMU virt's (and
 * mica's) until mica_board_init() has read the device tree from x0, with
 * the hypervisor's bounded reader (hyp/core/dtb.c).
 */
#include <stddef.h>
#include <stdint.h>

#include "libmica/board.h"
#include "libmica/console.h"
#include "libmica/gic.h"
#include "mica/dtb.h" /* hyp/include, for this file and dtb.c only */
#include "mica/string.h"

#define DTB_MAGIC 0xd00dfeedu
#define PATH_MAX_LEN 128 /* longest stdout-path libmica follows */

extern const char mica_image_start[]; /* link.ld */
extern const char mica_image_end[];

/* Initialised, so in .data: right before mica_board_init() runs too. */
static struct mica_board board = {
	.uart = MICA_CONSOLE_BASE,
	.gicd = MICA_GICD_BASE,
	.gicc = MICA_GICC_BASE,
	.gicr = { MICA_GICR_BASE },
	.gicr_size = { MICA_GICR_SIZE },
	.gicr_count = 1,
};

const struct mica_board *mica_board(void)
{
	return &board;
}

/* Whether node is not switched off ("okay", "ok" or no status at all). */
static bool enabled(const struct dtb *dt, int node)
{
	return dtb_prop(dt, node, "status", NULL) == NULL ||
	       dtb_prop_has_string(dt, node, "status", "okay") ||
	       dtb_prop_has_string(dt, node, "status", "ok");
}

static bool is_uart(const struct dtb *dt, int node)
{
	return dtb_prop_has_string(dt, node, "compatible", "arm,pl011") ||
	       dtb_prop_has_string(dt, node, "compatible", "arm,sbsa-uart");
}

/*
 * The node /chosen/stdout-path names: an absolute path or an alias, up to
 * an optional ':'. -1 if there is none or it is too long to follow.
 */
static int stdout_node(const struct dtb *dt)
{
	char buf[PATH_MAX_LEN];
	int chosen = dtb_path(dt, "/chosen");
	uint32_t len = 0;
	const char *v;
	size_t n = 0;

	v = chosen < 0 ? NULL : dtb_prop(dt, chosen, "stdout-path", &len);
	if (v == NULL) {
		return -1;
	}
	while (n < len && v[n] != '\0' && v[n] != ':') {
		n++;
	}
	if (n == 0 || n >= sizeof(buf)) {
		return -1;
	}
	memcpy(buf, v, n);
	buf[n] = '\0';
	if (buf[0] != '/') { /* an alias: /aliases/<name> holds the path */
		int aliases = dtb_path(dt, "/aliases");
		const char *p;

		p = aliases < 0 ? NULL : dtb_prop(dt, aliases, buf, &len);
		if (p == NULL || len == 0 || len > sizeof(buf) ||
		    p[len - 1] != '\0' || p[0] != '/') {
			return -1;
		}
		memcpy(buf, p, len);
	}
	return dtb_path(dt, buf);
}

static void find_uart(const struct dtb *dt)
{
	int node = stdout_node(dt);
	uint64_t base;
	uint64_t size;

	if (node < 0 || !is_uart(dt, node)) {
		int depth = 0;

		/* Bounded: dtb_next_node() only moves forward. */
		for (node = dtb_root(dt); node >= 0;
		     node = dtb_next_node(dt, node, &depth)) {
			if (is_uart(dt, node) && enabled(dt, node)) {
				break;
			}
		}
	}
	if (node >= 0 && dtb_reg(dt, node, 0, &base, &size)) {
		board.uart = (uintptr_t)base;
		board.uart_from_dt = true;
	}
}

static const char *const gicv2_compat[] = {
	"arm,gic-400",
	"arm,cortex-a15-gic",
	"arm,cortex-a9-gic",
	"arm,cortex-a7-gic",
};

/* The first enabled node compatible with compat; -1 if none. */
static int find_enabled(const struct dtb *dt, const char *compat)
{
	int node = dtb_find_compatible(dt, -1, compat);

	/* Bounded: each search starts after the node before. */
	while (node >= 0 && !enabled(dt, node)) {
		node = dtb_find_compatible(dt, node, compat);
	}
	return node;
}

static void find_gic_v3(const struct dtb *dt, int node)
{
	uint32_t regions = 1;
	uint64_t base;
	uint64_t size;
	unsigned n = 0;

	if (!dtb_reg(dt, node, 0, &base, &size)) {
		return;
	}
	(void)dtb_prop_u32(dt, node, "#redistributor-regions", &regions);
	board.gicd = (uintptr_t)base;
	for (unsigned i = 0; i < regions && n < MICA_BOARD_MAX_GICR; i++) {
		if (!dtb_reg(dt, node, 1 + i, &base, &size)) {
			break;
		}
		board.gicr[n] = (uintptr_t)base;
		board.gicr_size[n] = size;
		n++;
	}
	board.gicr_count = n;
	board.gic_version = 3;
	board.gic_from_dt = true;
}

static void find_gic_v2(const struct dtb *dt, int node)
{
	uint64_t dist;
	uint64_t cpu;
	uint64_t size;

	if (!dtb_reg(dt, node, 0, &dist, &size) ||
	    !dtb_reg(dt, node, 1, &cpu, &size)) {
		return;
	}
	board.gicd = (uintptr_t)dist;
	board.gicc = (uintptr_t)cpu;
	board.gicr_count = 0;
	board.gic_version = 2;
	board.gic_from_dt = true;
}

static void find_gic(const struct dtb *dt)
{
	int node = find_enabled(dt, "arm,gic-v3");

	if (node >= 0) {
		find_gic_v3(dt, node);
		return;
	}
	for (size_t i = 0; i < sizeof(gicv2_compat) / sizeof(gicv2_compat[0]);
	     i++) {
		node = find_enabled(dt, gicv2_compat[i]);
		if (node >= 0) {
			find_gic_v2(dt, node);
			return;
		}
	}
}

/* A big-endian word, by byte loads: with the MMU off nothing may be unaligned. */
static uint32_t be32_at(const uint8_t *p)
{
	return ((uint32_t)p[0] << 24) | ((uint32_t)p[1] << 16) |
	       ((uint32_t)p[2] << 8) | (uint32_t)p[3];
}

void mica_board_init(uintptr_t dtb)
{
	const uint8_t *p = (const uint8_t *)dtb;
	struct dtb dt;
	uint32_t total;

	/* Header: magic, then totalsize. */
	if (dtb == 0 || dtb % 8 != 0 ||
	    dtb > UINTPTR_MAX - MICA_BOARD_DTB_MAX || be32_at(p) != DTB_MAGIC) {
		return;
	}
	total = be32_at(p + 4);
	/*
	 * The blob vouches for its own size, up to the limit, and must not
	 * overlap the image, whose .bss start.S has cleared.
	 */
	if (total > MICA_BOARD_DTB_MAX ||
	    (dtb < (uintptr_t)mica_image_end &&
	     dtb + total > (uintptr_t)mica_image_start) ||
	    !dtb_init(&dt, p, total) || dtb_root(&dt) < 0) {
		return;
	}
	board.dtb = dtb;
	find_uart(&dt);
	find_gic(&dt);
}
