/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Arch interface: the hypervisor's own timer and the system counter.
 */
#ifndef ARCH_TIMER_H
#define ARCH_TIMER_H

#include "mica/types.h"

struct board;

/* System counter frequency in Hz. */
uint64_t arch_timer_freq(void);

/* Current system counter value. */
uint64_t arch_timer_now(void);

/* Interrupt id of the hypervisor's timer on this board. */
uint32_t arch_timer_irq(const struct board *b);

/* Fires the hypervisor timer on the calling CPU once, `ticks` from now. */
void arch_timer_arm(uint64_t ticks);

/*
 * Fires it on the calling CPU once the system counter reaches `when` (at
 * once if it has): a deadline from an earlier arch_timer_now() stays exact.
 */
void arch_timer_arm_at(uint64_t when);

/* Stops the hypervisor timer on the calling CPU. */
void arch_timer_disarm(void);

#endif
