/* SPDX-License-Identifier: Apache-2.0 */
/*
 * mica_smccc_hvc6 (libmica/smccc.h): six arguments, for the calls that
 * take more than mica_smccc_hvc's three. It loads x1..x6 and goes on in
 * mica_smccc_hvc (smccc.S) at its HVC instruction, with the result pointer
 * on the stack as mica_smccc_hvc leaves it there, so that the vector
 * recognises an undefined HVC of this call too (one instruction to
 * recognise) and mica_smccc_hvc's tail stores the results. Apart from
 * smccc.S so that a partition that does not call it links none of it.
 */

	.text
	.global mica_smccc_hvc6
	.type mica_smccc_hvc6, %function
mica_smccc_hvc6:
	str	x2, [sp, #-16]!
	mov	x9, x1
	ldp	x1, x2, [x9]
	ldp	x3, x4, [x9, #16]
	ldp	x5, x6, [x9, #32]
	b	mica_smccc_hvc_insn
	.size mica_smccc_hvc6, . - mica_smccc_hvc6
