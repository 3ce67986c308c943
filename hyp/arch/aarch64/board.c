// SPDX-License-Identifier: Apache-2.0
/*
 * The AArch64 part of the board: what the device tree says of the GIC (v2
 * or v3, whichever it describes), the generic timer's interrupts and the
 * PSCI conduit (only SMC is usable from EL2); the GIC windows the
 * hypervisor maps for itself; and whether the board has the GIC the
 * scenario was built for. A device's own interrupts are decoded in
 * arch/board_defs.h.
 */
#include "arch/board.h"
#include "mica/board.h"
#include "mica/console.h"
#include "mica/fmt.h"
#include "mica/string.h"

enum {
	COMPAT_GICV3,
	COMPAT_GICV2, /* and the two after it */
	COMPAT_TIMER = COMPAT_GICV2 + 3,
	COMPAT_PSCI,
};

const char *const arch_board_compat[ARCH_BOARD_COMPAT_COUNT] = {
	[COMPAT_GICV3] = "arm,gic-v3",
	[COMPAT_GICV2] = "arm,cortex-a15-gic",
	[COMPAT_GICV2 + 1] = "arm,gic-400",
	[COMPAT_GICV2 + 2] = "arm,cortex-a7-gic",
	[COMPAT_TIMER] = "arm,armv8-timer",
	[COMPAT_PSCI] = "arm,psci-0.2",
};

/* A GICv3 wherever it is in the tree, else the first GICv2 name found. */
static bool probe_gic(const struct dtb *dt, struct arch_board *a,
		      const struct board_node *found)
{
	const struct board_node *n = &found[COMPAT_GICV3];
	uint64_t base;
	uint64_t size;

	a->gic = n->node >= 0 ? GIC_V3 : GIC_V2;
	for (unsigned i = 0; n->node < 0 && i < 3; i++) {
		n = &found[COMPAT_GICV2 + i];
	}
	if (n->node < 0) {
		console_puts("mica: no GICv2 or GICv3 in the device tree\n");
		return false;
	}
	if (!dtb_reg_in(dt, n->parent, n->node, 0, &a->gicd.pa, &size)) {
		return false;
	}
	if (a->gic == GIC_V3) {
		return dtb_reg_in(dt, n->parent, n->node, 1, &a->gicr.pa,
				  &a->gicr_size) &&
		       a->gicr_size != 0;
	}
	if (!dtb_reg_in(dt, n->parent, n->node, 1, &a->gicc.pa, &size)) {
		return false;
	}
	/* The virtualization interfaces exist only with the extensions. */
	if (dtb_reg_in(dt, n->parent, n->node, 2, &base, &size)) {
		a->gich = pa_init(base);
	}
	if (dtb_reg_in(dt, n->parent, n->node, 3, &base, &size)) {
		a->gicv = pa_init(base);
	}
	return true;
}

static bool probe_timer(const struct dtb *dt, struct arch_board *a, int n)
{
	uint32_t len;
	const void *irqs;
	uint64_t virt;
	uint64_t hyp;

	if (n < 0) {
		console_puts("mica: no arm,armv8-timer in the device tree\n");
		return false;
	}
	/*
	 * Four PPIs of three cells: secure, non-secure, virtual, hypervisor.
	 * mica takes the hypervisor's; the virtual one is checked as well,
	 * though partitions get the architected PPI 27 (vcpu.c).
	 */
	irqs = dtb_prop(dt, n, "interrupts", &len);
	if (!dtb_cells(irqs, len, 2 * 3 + 1, 1, &virt) ||
	    !dtb_cells(irqs, len, 3 * 3 + 1, 1, &hyp) || virt > 15 ||
	    hyp > 15) {
		console_puts("mica: timer interrupts malformed\n");
		return false;
	}
	a->timer_hyp_irq = 16 + (uint32_t)hyp;
	return true;
}

static bool probe_psci(const struct dtb *dt, int n)
{
	uint32_t len;
	const char *method;

	if (n < 0) {
		console_puts(
			"mica: no PSCI 0.2+ firmware in the device tree\n");
		return false;
	}
	method = dtb_prop(dt, n, "method", &len);
	if (method != NULL && len == 4 && memcmp(method, "smc", 4) == 0) {
		return true;
	}
	/* An HVC would trap to mica itself: the firmware must be below EL2. */
	console_puts("mica: PSCI method is not \"smc\"; unusable from EL2\n");
	return false;
}

bool arch_board_probe(const struct dtb *dt, struct board *b,
		      const struct board_node *found)
{
	return probe_gic(dt, &b->arch, found) &&
	       probe_timer(dt, &b->arch, found[COMPAT_TIMER].node) &&
	       probe_psci(dt, found[COMPAT_PSCI].node);
}

unsigned arch_board_mmio(const struct board *b, paddr_t base[], uint64_t size[],
			 unsigned max)
{
	const struct arch_board *a = &b->arch;
	unsigned n = 0;

	if (max < 3) {
		return 0;
	}
	base[n] = a->gicd;
	size[n++] = KiB(64);
	if (a->gic == GIC_V3) {
		base[n] = a->gicr;
		size[n++] = a->gicr_size;
	} else {
		base[n] = a->gicc;
		size[n++] = KiB(8);
		/* The virtual interface control, for the vGIC's list registers. */
		if (pa_addr(a->gich) != 0) {
			base[n] = a->gich;
			size[n++] = KiB(8);
		}
	}
	return n;
}

bool arch_board_matches(const struct board *b, const struct scn_arch *want,
			char *err, size_t err_size)
{
	if ((uint32_t)b->arch.gic != want->gic_version) {
		fmt_snprintf(err, err_size,
			     "built for GICv%u, the board has GICv%u",
			     want->gic_version, (unsigned)b->arch.gic);
		return false;
	}
	return true;
}
