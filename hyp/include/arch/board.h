/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Arch interface: the architecture's part of the board description (its
 * interrupt controller, timer interrupts and firmware interface), read from
 * the device tree into struct arch_board, which the core never looks into.
 */
#ifndef ARCH_BOARD_H
#define ARCH_BOARD_H

#include "mica/types.h"

struct board;
struct board_node;
struct dtb;
struct scn_arch;

/*
 * The "compatible" strings of the nodes the port reads (interrupt
 * controller, timer, firmware), ARCH_BOARD_COMPAT_COUNT of them
 * (arch/board_defs.h): board_probe()'s walk finds the first node
 * compatible with each, so that the port reads no more of the tree.
 */
extern const char *const arch_board_compat[];

/*
 * Fills b->arch from the device tree, given found[i], the first node
 * compatible with arch_board_compat[i] (node -1: none) for each i. Returns
 * false after printing what is missing or malformed; the board cannot then
 * be driven.
 */
bool arch_board_probe(const struct dtb *dt, struct board *b,
		      const struct board_node *found);

/*
 * Fills base[] and size[] (room for max) with the MMIO windows of the
 * interrupt controller that the hypervisor itself maps; returns how many.
 */
unsigned arch_board_mmio(const struct board *b, paddr_t base[], uint64_t size[],
			 unsigned max);

/*
 * Each port's arch/board_defs.h defines, static inline:
 *
 * uint32_t arch_board_irq(const struct dtb *dt, int node);
 *
 * The interrupt controller's id of the first interrupt in the "interrupts"
 * property of node (a node of dt), or 0 if it has none this port can
 * route. The property comes from the boot loader's device tree: any length
 * and value is handled. On AArch64, three cells of the GIC bindings: an SPI
 * (type 0, number < 988) or a PPI (type 1, number < 16).
 */
#include "arch/board_defs.h"

/*
 * Whether the board is the one a scenario was built for, as the scenario's
 * section of this port (want, checked by arch_scenario_check()) states it:
 * on AArch64, its GIC version. False with the reason in err (err_size
 * bytes) if not.
 */
bool arch_board_matches(const struct board *b, const struct scn_arch *want,
			char *err, size_t err_size);

#endif
