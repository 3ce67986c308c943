/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The EL1 virtual timer (CNTV_*), the one every partition owns. Time is in
 * counter ticks of mica_timer_freq() Hz (62.5 MHz on QEMU 7.2). The
 * virtual count equals the physical count on bare hardware, and under mica
 * too (it keeps CNTVOFF_EL2 at 0); a partition that relies only on the
 * virtual count runs the same under a hypervisor that offsets it.
 */
#ifndef LIBMICA_TIMER_H
#define LIBMICA_TIMER_H

#include <stdint.h>

/* The timer's interrupt: PPI 27, as on every Arm board with a GIC. */
#define MICA_TIMER_PPI 27u

/* The virtual count now; an ISB first, so it is not read early. */
uint64_t mica_timer_now(void);

/* The counter frequency in Hz (CNTFRQ_EL0, set by firmware or mica). */
uint64_t mica_timer_freq(void);

/*
 * Arms the timer to fire when the virtual count reaches cval (at once if it
 * already has). The interrupt is level-triggered: it stays asserted until
 * the deadline is moved into the future or the timer is stopped, which a
 * handler must do before its EOI.
 */
void mica_timer_set_deadline(uint64_t cval);

/* Disarms the timer; its interrupt output goes low. */
void mica_timer_stop(void);

/*
 * Sleeps until the virtual count reaches cval, in WFI, then stops the
 * timer. Preconditions: IRQs masked at the CPU (as main() starts), and the
 * GIC forwarding MICA_TIMER_PPI (mica_gic_init() and
 * mica_gic_enable_ppi(MICA_TIMER_PPI)), since that is what ends the WFI;
 * otherwise it never returns. The interrupt is left pending, never taken.
 */
void mica_timer_wait_until(uint64_t cval);

#endif
