/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Where the partition's devices are: the console UART and the GIC. libmica
 * takes them from the device tree the boot loader passes in x0 (the arm64
 * Linux boot protocol: QEMU's -kernel with the raw .bin, Xen's domain
 * builder), and otherwise uses QEMU virt's addresses, which are also where
 * mica puts every partition's devices (mica enters a native partition with
 * x0 = 0; QEMU's -kernel with the ELF enters with x0 = 0 too).
 *
 * The tree is read with the hypervisor's own bounded reader
 * (hyp/core/dtb.c, compiled into libmica unchanged) before main() runs:
 *  - UART: the node /chosen/stdout-path names (a path or an alias; any
 *    ":options" ignored), if it is a PL011 ("arm,pl011") or an SBSA UART
 *    ("arm,sbsa-uart", Xen's vpl011); else the first such node whose status
 *    is not "disabled".
 *  - GIC: the first enabled node compatible with "arm,gic-v3" (version 3;
 *    reg: distributor, then #redistributor-regions redistributor regions)
 *    or with a GICv2 ("arm,gic-400", "arm,cortex-a15-gic",
 *    "arm,cortex-a9-gic", "arm,cortex-a7-gic"; reg: distributor, CPU
 *    interface). With no such node the version is read from GICD_PIDR2.
 * A device the tree does not describe keeps its fixed address. x0 counts as
 * a device tree only if it is non-zero, 8-byte aligned, outside the image
 * (whose .bss start.S has just cleared), and the blob there passes
 * dtb_init() within MICA_BOARD_DTB_MAX bytes; else nothing is read there.
 */
#ifndef LIBMICA_BOARD_H
#define LIBMICA_BOARD_H

#include <stdbool.h>
#include <stdint.h>

/* Most redistributor regions libmica looks through (QEMU virt uses 2). */
#define MICA_BOARD_MAX_GICR 4

/* Largest device tree libmica reads (Linux's arm64 limit as well). */
#define MICA_BOARD_DTB_MAX 0x200000u

struct mica_board {
	uintptr_t uart;			     /* PL011-compatible registers */
	uintptr_t gicd;			     /* GIC distributor */
	uintptr_t gicc;			     /* GICv2 CPU interface */
	uintptr_t gicr[MICA_BOARD_MAX_GICR]; /* GICv3 redistributor regions */
	uint64_t gicr_size[MICA_BOARD_MAX_GICR];
	unsigned gicr_count;
	unsigned gic_version; /* 2 or 3 from the tree; 0: read GICD_PIDR2 */
	uintptr_t dtb;	      /* the device tree used; 0 if none */
	bool uart_from_dt;    /* the UART's address came from the tree */
	bool gic_from_dt;     /* the GIC's addresses came from the tree */
};

/*
 * The board as found. Valid from the first instruction (the fixed
 * addresses) and, once start.S has called mica_board_init(), as the device
 * tree says.
 */
const struct mica_board *mica_board(void);

/*
 * Called once by start.S, before main(), with x0 as the partition was
 * entered. Never fails: what the tree does not say keeps its default.
 */
void mica_board_init(uintptr_t dtb);

#endif
