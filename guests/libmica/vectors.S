/* SPDX-License-Identifier: Apache-2.0 */
/*
 * libmica's EL1 vector table. IRQs taken at EL1 (SP_EL1) read the virtual
 * count first, save the caller-saved registers (frame.h) and call
 * mica_exception_irq(); every other vector saves the same frame and calls
 * mica_exception_entry() with its number, which returns only for the HVC
 * fix-up (smccc.S) and otherwise reports and powers off. Both restore the
 * frame, ELR_EL1 and SPSR_EL1 included, and return with ERET.
 */
#include "frame.h"

	/* Frame with x0, x1 saved; x0 then holds the vector's argument. */
	.macro entry_with arg
	.balign 0x80
	sub	sp, sp, #FRAME_SIZE
	stp	x0, x1, [sp, #FRAME_X0]
	.ifc \arg, cntvct
	mrs	x0, cntvct_el0
	b	vec_irq
	.else
	mov	x0, #\arg
	b	vec_other
	.endif
	.endm

	.section .text.vectors, "ax"
	.balign 0x800
	.global mica_vectors
mica_vectors:
	/* current EL with SP_EL0: sync, IRQ, FIQ, SError */
	entry_with 0
	entry_with 1
	entry_with 2
	entry_with 3
	/* current EL with SP_EL1 */
	entry_with 4
	entry_with cntvct
	entry_with 6
	entry_with 7
	/* lower EL, AArch64 */
	entry_with 8
	entry_with 9
	entry_with 10
	entry_with 11
	/* lower EL, AArch32 */
	entry_with 12
	entry_with 13
	entry_with 14
	entry_with 15

	/* Saves x2-x18, x29, x30, ELR and SPSR; clobbers x2, x3 after that. */
	.macro save_rest
	stp	x2, x3, [sp, #16]
	stp	x4, x5, [sp, #32]
	stp	x6, x7, [sp, #48]
	stp	x8, x9, [sp, #64]
	stp	x10, x11, [sp, #80]
	stp	x12, x13, [sp, #96]
	stp	x14, x15, [sp, #112]
	stp	x16, x17, [sp, #128]
	stp	x18, x29, [sp, #FRAME_X18]
	mrs	x2, elr_el1
	mrs	x3, spsr_el1
	stp	x30, x2, [sp, #FRAME_LR]
	str	x3, [sp, #FRAME_SPSR]
	.endm

	.macro restore_and_eret
	ldr	x3, [sp, #FRAME_SPSR]
	ldp	x30, x2, [sp, #FRAME_LR]
	msr	elr_el1, x2
	msr	spsr_el1, x3
	ldp	x18, x29, [sp, #FRAME_X18]
	ldp	x16, x17, [sp, #128]
	ldp	x14, x15, [sp, #112]
	ldp	x12, x13, [sp, #96]
	ldp	x10, x11, [sp, #80]
	ldp	x8, x9, [sp, #64]
	ldp	x6, x7, [sp, #48]
	ldp	x4, x5, [sp, #32]
	ldp	x2, x3, [sp, #16]
	ldp	x0, x1, [sp, #FRAME_X0]
	add	sp, sp, #FRAME_SIZE
	eret
	.endm

vec_irq: /* x0 = the virtual count at the vector */
	save_rest
	bl	mica_exception_irq
	restore_and_eret

vec_other: /* x0 = vector number */
	mov	x1, x0
	save_rest
	mov	x0, sp
	bl	mica_exception_entry
	restore_and_eret
