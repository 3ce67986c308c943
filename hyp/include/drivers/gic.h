/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Arm Generic Interrupt Controller drivers, v2 (memory-mapped CPU
 * interface) and v3 (system-register CPU interface, redistributors), as
 * the hypervisor uses them for its own interrupts. The hypervisor's
 * interrupts are all group 1 (v3) or group 0 signalled as IRQ (v2, no
 * security extensions), at priority GIC_PRIO_HYP.
 */
#ifndef DRIVERS_GIC_H
#define DRIVERS_GIC_H

#include "mica/types.h"

struct arch_board;

#define GIC_PRIO_HYP 0xa0
#define GIC_SPURIOUS_MIN 1020u

bool gicv2_init(const struct arch_board *a);
bool gicv2_cpu_init(const struct arch_board *a);
void gicv2_enable_local(const struct arch_board *a, uint32_t irq);
uint32_t gicv2_ack(const struct arch_board *a);
void gicv2_eoi(const struct arch_board *a, uint32_t irq);

bool gicv3_init(const struct arch_board *a);
/* Finds and wakes the calling CPU's redistributor. */
bool gicv3_cpu_init(const struct arch_board *a, unsigned cpu, uint64_t hwid);
void gicv3_enable_local(unsigned cpu, uint32_t irq);
uint32_t gicv3_ack(void);
void gicv3_eoi(uint32_t irq);

#endif
