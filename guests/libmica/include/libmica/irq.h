/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Interrupts at EL1: one handler per partition, called for every interrupt
 * the GIC delivers. libmica's vector reads the virtual count as its third
 * instruction and passes it on, so that a handler can tell how late it runs
 * without the cost of saving registers and acknowledging the GIC.
 *
 * Every other exception (synchronous, FIQ, SError, anything from a lower
 * level) is unexpected: libmica prints a short report (the vector, ESR_EL1
 * with its class decoded, ELR_EL1, FAR_EL1, SPSR_EL1) and powers off. The
 * one exception it handles is an HVC that turned out to be undefined: see
 * libmica/smccc.h. A partition that expects exceptions (a test of what the
 * architecture raises) takes them first with mica_exception_set_catch().
 */
#ifndef LIBMICA_IRQ_H
#define LIBMICA_IRQ_H

#include <stdbool.h>
#include <stdint.h>

/*
 * A partition's interrupt handler. Called with IRQs masked, after the GIC
 * acknowledged intid and before libmica sends its EOI; entry_ticks is the
 * virtual count at the vector. A level-triggered source must be quietened
 * before the handler returns, or it fires again at once.
 */
typedef void mica_irq_handler_fn(uint32_t intid, uint64_t entry_ticks);

/*
 * Makes fn the handler for every interrupt. Call before unmasking: an
 * interrupt taken with no handler is reported as unexpected (the partition
 * powers off) rather than acknowledged over and over.
 */
void mica_irq_set_handler(mica_irq_handler_fn *fn);

struct mica_frame; /* the saved registers: libmica's frame.h */

/*
 * Called for every exception but an IRQ at EL1, before libmica's own
 * handling, with the saved frame, the vector's number (frame.h) and
 * ESR_EL1. Returns true if it handled the exception: libmica then returns
 * (ERET) with *f as fn left it; false: libmica handles it as ever.
 */
typedef bool mica_catch_fn(struct mica_frame *f, uint64_t vector, uint64_t esr);

/* Makes fn the catcher (NULL: none). */
void mica_exception_set_catch(mica_catch_fn *fn);

/* Unmasks IRQs at the CPU (PSTATE.I = 0). */
static inline void mica_irq_enable(void)
{
	__asm__ volatile("msr daifclr, #2" ::: "memory");
}

/* Masks IRQs at the CPU (PSTATE.I = 1). */
static inline void mica_irq_disable(void)
{
	__asm__ volatile("msr daifset, #2" ::: "memory");
}

/*
 * Waits for an interrupt (WFI). With IRQs masked it still returns once one
 * is pending, without taking it, so the safe wait for a condition an
 * interrupt handler sets is: mask; while (!cond) { wfi; unmask; mask; }.
 * WFI may also return for no reason at all.
 */
static inline void mica_wfi(void)
{
	__asm__ volatile("wfi" ::: "memory");
}

#endif
