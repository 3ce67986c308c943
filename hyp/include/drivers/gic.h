/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Arm Generic Interrupt Controller drivers, v2 (memory-mapped CPU
 * interface) and v3 (system-register CPU interface, redistributors), as
 * the hypervisor uses them for its own interrupts and for the lines of
 * passed-through devices, which it takes first. Its interrupts are all
 * group 0, at priority GIC_PRIO_HYP: signalled as FIQ on v3 (one security
 * state), as IRQ on v2 (no security extensions, GICC_CTLR.FIQEn clear).
 * On v3, group 1 is only for a direct vCPU's own interrupts, taken at its
 * EL1 at priority GIC_PRIO_DIRECT, below mica's, so that one it has active
 * never holds back mica's. The SPI calls ignore an id that is no SPI.
 */
#ifndef DRIVERS_GIC_H
#define DRIVERS_GIC_H

#include "mica/types.h"

struct arch_board;

#define GIC_PRIO_HYP 0xa0
#define GIC_PRIO_DIRECT 0xc0

/* On the boot CPU, once: every SPI disabled, the distributor on. True. */
bool gicv2_init(const struct arch_board *a);
/* Initialises the calling CPU's interface; cpu is its index. True. */
bool gicv2_cpu_init(const struct arch_board *a, unsigned cpu);
/* Enables SGI or PPI irq on the calling CPU (GICD_ISENABLER0 is banked). */
void gicv2_enable_local(const struct arch_board *a, uint32_t irq);
/* Disables PPI irq on the calling CPU (GICD_ICENABLER0 is banked). */
void gicv2_disable_local(const struct arch_board *a, uint32_t irq);
/* Acknowledges on CPU cpu (the caller); an SGI's sender is kept for eoi. */
uint32_t gicv2_ack(const struct arch_board *a, unsigned cpu);
/* Ends irq, acknowledged by gicv2_ack() on CPU cpu (the caller). */
void gicv2_eoi(const struct arch_board *a, unsigned cpu, uint32_t irq);
/*
 * Sends SGI sgi to CPU cpu (its interface number as its gicv2_cpu_init()
 * read it), after a barrier that orders the caller's earlier stores.
 */
void gicv2_send_sgi(const struct arch_board *a, unsigned cpu, uint32_t sgi);

/* Routes SPI irq to the CPU interface `target` (a bit mask) and enables it. */
void gicv2_enable_spi(const struct arch_board *a, uint32_t irq, uint8_t target);

/* Disables SPI irq at the distributor (v2 and v3 share the register). */
void gic_disable_spi(const struct arch_board *a, uint32_t irq);

/*
 * On the boot CPU, once: every SPI disabled and group 1, affinity routing
 * and the distributor on. False, after printing why, if a register write
 * never completes (GICD_CTLR.RWP stays set).
 */
bool gicv3_init(const struct arch_board *a);
/* Routes SPI irq to the CPU with affinity hwid and enables it. */
void gicv3_enable_spi(const struct arch_board *a, uint32_t irq, uint64_t hwid);
/*
 * Finds and wakes the calling CPU's redistributor and turns on its
 * system-register interface. False, after printing why, if no
 * redistributor has affinity hwid or it does not wake (bounded polls).
 */
bool gicv3_cpu_init(const struct arch_board *a, unsigned cpu, uint64_t hwid);
/* Enables SGI or PPI irq at CPU cpu's redistributor (cpu initialised). */
void gicv3_enable_local(unsigned cpu, uint32_t irq);
/* Makes PPI irq active or inactive at CPU cpu's redistributor. */
void gicv3_set_active_local(unsigned cpu, uint32_t irq, bool active);
/* Acknowledges the calling CPU's highest pending group 0 interrupt. */
uint32_t gicv3_ack(void);
/*
 * Ends irq on the calling CPU: drops its priority and, if deactivate,
 * deactivates it. Without deactivate it stays active (EOImode 1, every
 * CPU but one that runs a direct vCPU, whose mode deactivates anyway).
 */
void gicv3_eoi(uint32_t irq, bool deactivate);
/*
 * Sends SGI sgi (group 0) to the CPU whose MPIDR affinity is hwid, after a
 * barrier that orders the caller's earlier stores.
 */
void gicv3_send_sgi(uint64_t hwid, uint32_t sgi);

/*
 * Makes PPI irq of CPU cpu (the caller) the direct vCPU's there, for good:
 * group 1, priority GIC_PRIO_DIRECT, not active, enabled.
 */
void gicv3_direct_give(unsigned cpu, uint32_t irq);
/*
 * A direct vCPU leaves the calling CPU: saves its group 1 enable
 * (ICC_IGRPEN1_EL1) in icc[0] and its active priorities (ICC_AP1R<n>_EL1,
 * as many as the CPU has) in icc[1..4], then clears them, so that none of
 * its interrupts is signalled and none of its priorities holds back mica's
 * while it is off. gicv3_direct_restore() puts back what save took (all
 * zero: a vCPU just reset, with group 1 off until its guest turns it on).
 * Between restore and save the CPU interface's EOImode is 0, as the
 * vCPU's own ends need; otherwise 1 (gicv3_eoi()).
 */
void gicv3_direct_save(uint64_t icc[5]);
void gicv3_direct_restore(const uint64_t icc[5]);

#endif
