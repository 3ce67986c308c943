/* SPDX-License-Identifier: Apache-2.0 */
/*
 * EL2 exception vectors. Every entry saves the full register frame
 * (struct arch_regs) on the current stack and calls
 * exception_entry(frame, kind), kind = 4 * group + type with group 0..3 =
 * current EL with SP_EL0, current EL with SP_ELx, lower EL AArch64, lower EL
 * AArch32 and type 0..3 = synchronous, IRQ, FIQ, SError. When the handler
 * returns, the frame (possibly changed) is restored and the CPU returns to
 * where it was.
 */
#include "asm-defs.h"

.macro vector kind
	.balign	0x80
	sub	sp, sp, #REGS_SIZE
	stp	x0, x1, [sp, #0]
	mov	x1, #\kind
	b	exception_common
.endm

	.text
	.balign	0x800
	.global	el2_vectors
el2_vectors:
	vector	0
	vector	1
	vector	2
	vector	3
	vector	4
	vector	5
	vector	6
	vector	7
	vector	8
	vector	9
	vector	10
	vector	11
	vector	12
	vector	13
	vector	14
	vector	15

exception_common:
	stp	x2, x3, [sp, #16]
	stp	x4, x5, [sp, #32]
	stp	x6, x7, [sp, #48]
	stp	x8, x9, [sp, #64]
	stp	x10, x11, [sp, #80]
	stp	x12, x13, [sp, #96]
	stp	x14, x15, [sp, #112]
	stp	x16, x17, [sp, #128]
	stp	x18, x19, [sp, #144]
	stp	x20, x21, [sp, #160]
	stp	x22, x23, [sp, #176]
	stp	x24, x25, [sp, #192]
	stp	x26, x27, [sp, #208]
	stp	x28, x29, [sp, #224]
	add	x2, sp, #REGS_SIZE	/* sp before the exception */
	stp	x30, x2, [sp, #240]
	mrs	x2, elr_el2
	mrs	x3, spsr_el2
	stp	x2, x3, [sp, #256]
	mrs	x2, esr_el2
	mrs	x3, far_el2
	stp	x2, x3, [sp, #272]
	mov	x0, sp
	bl	exception_entry

	/* Back to where the exception came from (vcpu_eret(): into a vCPU). */
exception_return:
	load_regs sp
	ldp	x0, x1, [sp, #0]
	add	sp, sp, #REGS_SIZE
	eret
