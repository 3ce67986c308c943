/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Arm Generic Interrupt Controller drivers, v2 (memory-mapped CPU
 * interface) and v3 (system-register CPU interface, redistributors), as
 * the hypervisor uses them for its own interrupts and for the lines of
 * passed-through devices, which it takes first. Its interrupts are all
 * group 1 (v3) or group 0 signalled as IRQ (v2, no security extensions),
 * at priority GIC_PRIO_HYP. The SPI calls ignore an id that is no SPI.
 */
#ifndef DRIVERS_GIC_H
#define DRIVERS_GIC_H

#include "mica/types.h"

struct arch_board;

#define GIC_PRIO_HYP 0xa0

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
/* Disables PPI irq at CPU cpu's redistributor. */
void gicv3_disable_local(unsigned cpu, uint32_t irq);
/* Acknowledges the calling CPU's highest pending group 1 interrupt. */
uint32_t gicv3_ack(void);
/* Ends irq (priority drop and deactivation) on the calling CPU. */
void gicv3_eoi(uint32_t irq);
/*
 * Sends SGI sgi (group 1) to the CPU whose MPIDR affinity is hwid, after a
 * barrier that orders the caller's earlier stores.
 */
void gicv3_send_sgi(uint64_t hwid, uint32_t sgi);

#endif
