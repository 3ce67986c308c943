/* SPDX-License-Identifier: Apache-2.0 */
/*
 * A minimal GIC driver, so that a partition can take its own interrupts:
 * GICv2 (distributor + memory-mapped CPU interface) or GICv3 (distributor,
 * redistributor, system-register CPU interface), where libmica/board.h
 * found it: the device tree's, or QEMU virt's addresses below, which are
 * also where mica puts every partition's virtual GIC. The version is the
 * device tree's or, without one, read from the distributor's GICD_PIDR2
 * (at 0xfe8 on GICv2, 0xffe8 on GICv3), not assumed. Only the
 * architectural basics that mica's emulation must offer anyway to run Linux
 * are used: 32-bit MMIO (and a 64-bit GICR_TYPER read and GICD_IROUTER
 * write), one security state, group 0 on GICv2 and group 1 on GICv3, EOI
 * that also deactivates.
 *
 * Not supported: SGIs (on GICv2 their source CPU is dropped at ack), SPIs
 * routed anywhere but CPU 0 (a passed-through device's go there),
 * priorities other than one fixed level, and more than the CPU that calls
 * mica_gic_init().
 */
#ifndef LIBMICA_GIC_H
#define LIBMICA_GIC_H

#include <stdbool.h>
#include <stdint.h>

#include "arm64/gic.h"

/* The defaults, without a device tree. */
#define MICA_GICD_BASE 0x08000000u /* distributor, both versions */
#define MICA_GICC_BASE 0x08010000u /* GICv2 CPU interface */
#define MICA_GICR_BASE 0x080a0000u /* GICv3 redistributors */
#define MICA_GICR_SIZE 0x00f60000u /* room for 123 of them, as QEMU's */

/* Interrupt ids at or above this are special (1023: spurious). */
#define MICA_GIC_SPECIAL GIC_SPECIAL_MIN

/*
 * Finds the GIC's version and sets up the distributor and the calling CPU's
 * interface with every interrupt still disabled. Returns false, after
 * saying why on the console, if the version is neither 2 nor 3 (or 4), or
 * if no GICv3 redistributor matches the CPU's MPIDR_EL1 or wakes up within
 * a bounded number of polls.
 */
bool mica_gic_init(void);

/* The version mica_gic_init() found: 2 or 3 (a GICv4 counts as 3); 0 before. */
unsigned mica_gic_version(void);

/*
 * Enables private peripheral interrupt intid (16..31) on the calling CPU at
 * a priority the CPU interface lets through. Returns false if intid is not a
 * PPI or mica_gic_init() has not succeeded.
 */
bool mica_gic_enable_ppi(uint32_t intid);

/*
 * Disables PPI intid (16..31) on the calling CPU. False as
 * mica_gic_enable_ppi().
 */
bool mica_gic_disable_ppi(uint32_t intid);

/*
 * Enables shared interrupt intid (32 to 1019, a passed-through device's),
 * delivered to CPU 0, the only one libmica runs (vCPU 0 under mica). False
 * if intid is not an SPI or mica_gic_init() has not succeeded.
 */
bool mica_gic_enable_spi(uint32_t intid);

/*
 * Disables shared interrupt intid at the distributor: one that comes
 * meanwhile stays pending. False as mica_gic_enable_spi().
 */
bool mica_gic_disable_spi(uint32_t intid);

/*
 * Acknowledges the highest-priority pending interrupt and returns its id,
 * or a value >= MICA_GIC_SPECIAL if none is pending (then no EOI is due).
 * Returns 1023 before mica_gic_init() has succeeded.
 */
uint32_t mica_gic_ack(void);

/* Ends (drops priority and deactivates) intid, which mica_gic_ack() gave. */
void mica_gic_eoi(uint32_t intid);

#endif
