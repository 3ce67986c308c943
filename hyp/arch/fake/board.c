// SPDX-License-Identifier: Apache-2.0
/*
 * The fake port's arch/board.h: a board with FAKE_GIC_VERSION's interrupt
 * controller and FAKE_TIMER_IRQ's timer, whatever the device tree says,
 * and the MMIO windows a test put in it; the nodes board_probe() found for
 * it are kept for tests. Its arch/board_defs.h is the
 * AArch64 port's.
 */
#include "arch/board.h"
#include "arch/fake.h"
#include "mica/board.h"
#include "mica/fmt.h"

/*
 * Names QEMU's trees have, in an order of the fake's own: some match one
 * node, "virtio,mmio" many (the first counts), "fake,none" none.
 */
const char *const arch_board_compat[ARCH_BOARD_COMPAT_COUNT] = {
	"arm,pl011",	"arm,armv8-timer", "virtio,mmio",
	"arm,psci-0.2", "arm,gic-v3",	   "fake,none",
};

bool arch_board_probe(const struct dtb *dt, struct board *b,
		      const struct board_node *found)
{
	(void)dt;
	fake.board_probe_count++;
	for (unsigned i = 0; i < ARCH_BOARD_COMPAT_COUNT; i++) {
		fake.board_found[i] = found[i].node;
		fake.board_found_parent[i] = found[i].parent;
	}
	b->arch.gic_version = FAKE_GIC_VERSION;
	b->arch.timer_irq = FAKE_TIMER_IRQ;
	b->arch.mmio_count = 0;
	return fake.board_probe_ok;
}

unsigned arch_board_mmio(const struct board *b, paddr_t base[], uint64_t size[],
			 unsigned max)
{
	unsigned n = 0;

	for (; n < b->arch.mmio_count && n < FAKE_BOARD_MMIO_MAX && n < max;
	     n++) {
		base[n] = b->arch.mmio_base[n];
		size[n] = b->arch.mmio_size[n];
	}
	return n;
}

bool arch_board_matches(const struct board *b, const struct scn_arch *want,
			char *err, size_t err_size)
{
	if (b->arch.gic_version != want->gic_version) {
		fmt_snprintf(err, err_size,
			     "the board has GICv%u, the scenario wants GICv%u",
			     b->arch.gic_version, want->gic_version);
		return false;
	}
	return true;
}
