/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Arch interface: the physical interrupt controller as the hypervisor uses
 * it for itself. Interrupt numbers are the controller's own ids (GIC INTIDs
 * on Arm), all below ARCH_IRQ_IDS, which each port's arch/types.h defines
 * (the core sizes its per-interrupt tables by it).
 */
#ifndef ARCH_IRQ_H
#define ARCH_IRQ_H

#include "mica/types.h"

struct board;

/*
 * Lets the calling CPU take interrupts (one already pending is taken
 * before arch_irq_unmask() returns) / stops it taking them.
 */
void arch_irq_unmask(void);
void arch_irq_mask(void);

/* Id returned by arch_irq_ack() when nothing was pending. */
#define ARCH_IRQ_NONE UINT32_MAX

/*
 * Initialises the controller's global part from the board description.
 * Called once, on the boot CPU, before any arch_irq_cpu_init(). Returns
 * false (after printing why) if the controller cannot be driven.
 */
bool arch_irq_init(const struct board *b);

/*
 * Initialises the calling CPU's interface to the controller (cpu: its
 * index in b) and enables there the interrupts the port itself takes
 * (ARCH_IRQ_KICK and any of its own). Once per CPU, after arch_irq_init(),
 * with interrupts masked. Returns false, after printing why, if the CPU has
 * no interface it can drive (on GICv3: no redistributor for its affinity,
 * or one that does not wake): the CPU can then take no interrupt, and the
 * caller must not bring it online (the boot CPU stops boot, another CPU
 * parks).
 */
bool arch_irq_cpu_init(const struct board *b, unsigned cpu);

/*
 * Routes shared interrupt irq (an SPI) to physical CPU cpu and enables it,
 * level-sensitive, at the hypervisor's priority. Any CPU.
 */
void arch_irq_enable_shared(uint32_t irq, unsigned cpu);

/* Disables shared interrupt irq (an SPI) at the controller. Any CPU. */
void arch_irq_disable_shared(uint32_t irq);

/* Enables a CPU-local interrupt (PPI) on the calling CPU. */
void arch_irq_enable_local(uint32_t irq);

/*
 * Acknowledges the calling CPU's highest-priority pending interrupt, in its
 * interrupt handler (interrupts masked); ARCH_IRQ_NONE if none.
 */
uint32_t arch_irq_ack(void);

/* Ends the handling of irq, which arch_irq_ack() gave the calling CPU. */
void arch_irq_eoi(uint32_t irq);

/*
 * Interrupts a physical CPU sends another to make it look at its vCPUs
 * again (a start request, an interrupt injected for a vCPU it runs).
 */
#define ARCH_IRQ_KICK 1u

/* Sends ARCH_IRQ_KICK to physical CPU pcpu (any CPU, also the caller). */
void arch_irq_kick(unsigned pcpu);

/* Controller name for the banner, e.g. "GICv3"; after arch_irq_init(). */
const char *arch_irq_name(void);

#endif
